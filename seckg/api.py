"""The Python API of seckg: a :class:`KnowledgeGraph` opened on a data dir, whose methods build,
ingest, extract, query, check, export and publish. The ``seckg`` command is a thin layer over it.

>>> from seckg import KnowledgeGraph
>>> kg = KnowledgeGraph("seckg-data")            # nothing is read until a method needs it
>>> kg.data_dir.name
'seckg-data'

A typical session (see the README, "Python API")::

    kg = KnowledgeGraph("seckg-data")
    kg.build()                                      # the bundled corpus, validated
    rows = kg.query("partnerships-of-state", state="China")
    rows[0]["partnerLabel"]                         # rows are dicts of plain Python values
    rows.to_dataframe()                             # with pandas installed
    kg.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s a seckg:Partnership ; ?p ?o }").to_rdflib()

The library never prints: it returns results, raises the typed errors of :mod:`seckg.errors`
and logs to the ``seckg`` logger (``logging.getLogger("seckg").setLevel(logging.INFO)`` to see
what it does). Long steps take a ``progress`` callback, called as ``progress(step, done,
total)`` (``total`` None when unknown).
"""

from __future__ import annotations

import difflib
import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .errors import InputError

if TYPE_CHECKING:  # imported lazily at run time: `import seckg` stays fast
    import pyoxigraph as ox
    import rdflib

    from .graph.build import BuildSummary
    from .graph.evaluate import Report
    from .graph.pipeline import Extraction
    from .queries.engine import Result, Target
    from .queries.validation import CheckReport
    from .web.publish import Published

__all__ = [
    "KnowledgeGraph",
    "QueryResult",
    "Progress",
    "DEFAULT_DATA_DIR",
    "RDF_FORMATS",
    "FORMAT_ALIASES",
    "rdf_format",
    "suggest",
    "stored_queries",
    "evaluate",
]

log = logging.getLogger("seckg")

#: Where the embedded store and the build outputs live unless told otherwise.
DEFAULT_DATA_DIR = "seckg-data"
#: ``progress(step, done, total)``: called as a long step advances (``total`` None if unknown).
Progress = Callable[[str, int, "int | None"], None]

#: The RDF formats seckg writes, by canonical name.
RDF_FORMATS = ("turtle", "nt", "nquads", "trig", "jsonld", "xml")
#: Other names accepted for them (file suffixes and common names).
FORMAT_ALIASES = {
    "ttl": "turtle", "n-triples": "nt", "ntriples": "nt", "nq": "nquads", "n-quads": "nquads",
    "json-ld": "jsonld", "rdfxml": "xml", "rdf": "xml", "rdf/xml": "xml", "owl": "xml",
}

_STORED_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


def rdf_format(name: str) -> str:
    """The canonical name of an RDF format or one of its aliases (``ttl`` -> ``turtle``)."""
    key = name.strip().lower()
    key = FORMAT_ALIASES.get(key, key)
    if key not in RDF_FORMATS:
        raise InputError(f"unknown RDF format {name!r}{suggest(name, [*RDF_FORMATS, *FORMAT_ALIASES])}")
    return key


def suggest(word: str, choices: Iterable[str], *, label: str = "") -> str:
    """``"; did you mean X?"`` for the closest of ``choices`` to ``word`` (difflib), else ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return f"; did you mean {' or '.join(repr(c) for c in close)}{label}?"


def stored_queries() -> dict[str, Any]:
    """The stored queries shipped with seckg (``queries/*.rq``), by name."""
    from .queries.catalogue import load_catalogue

    return load_catalogue()


def _python_value(term: Any) -> Any:
    """A query result term as a plain Python value: IRIs and blank nodes as strings, literals as
    int, float, bool or str by their datatype; None when unbound."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    dt = term.datatype.value.rsplit("#", 1)[-1] if term.datatype is not None else "string"
    try:
        if dt in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
                  "negativeInteger", "nonPositiveInteger"):
            return int(term.value)
        if dt in ("decimal", "double", "float"):
            return float(term.value)
        if dt == "boolean":
            return term.value in ("true", "1")
    except ValueError:
        pass
    return term.value


class QueryResult(list):  # type: ignore[type-arg]
    """The answer to a query: a list of rows (dicts of plain Python values) for SELECT;
    ``boolean`` for ASK; ``triples`` for CONSTRUCT and DESCRIBE (no rows), also as an rdflib
    graph (:meth:`to_rdflib`) or a pyoxigraph store (:meth:`to_pyoxigraph`)."""

    def __init__(self, result: Result, target: Target | None = None) -> None:
        # each distinct term converted once: a column of IRIs repeats the same few terms
        memo: dict[Any, Any] = {None: None}

        def value(term: Any) -> Any:
            try:
                return memo[term]
            except KeyError:
                memo[term] = converted = _python_value(term)
                return converted

        super().__init__({k: value(v) for k, v in row.items()} for row in result.rows)
        self.result = result
        self._target = target

    @property
    def form(self) -> str:
        """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
        return self.result.form

    @property
    def columns(self) -> list[str]:
        """The projected variables of a SELECT, in order."""
        return list(self.result.variables)

    @property
    def boolean(self) -> bool | None:
        """The answer of an ASK query (None for other forms)."""
        return self.result.boolean

    @property
    def triples(self) -> list[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query (pyoxigraph terms)."""
        return list(self.result.triples)

    @property
    def terms(self) -> list[dict[str, Any]]:
        """The rows with their RDF terms (pyoxigraph) rather than Python values."""
        return [dict(r) for r in self.result.rows]

    def to_dataframe(self) -> Any:
        """The rows as a :class:`pandas.DataFrame` (columns in the query's order); needs pandas."""
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe() needs pandas: pip install pandas") from e
        if self.form in ("CONSTRUCT", "DESCRIBE"):
            return pd.DataFrame([(t.subject.value, t.predicate.value, getattr(t.object, "value", str(t.object)))
                                 for t in self.result.triples], columns=["subject", "predicate", "object"])
        return pd.DataFrame(list(self), columns=self.columns)

    def to_rdflib(self) -> rdflib.Graph:
        """The triples of a CONSTRUCT or DESCRIBE query as an :class:`rdflib.Graph`."""
        from rdflib import Graph

        from .rdfload import to_rdflib

        graph = Graph()
        for t in self.result.triples:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph

    def to_pyoxigraph(self) -> ox.Store:
        """The triples of a CONSTRUCT or DESCRIBE query in an in-memory :class:`pyoxigraph.Store`."""
        import pyoxigraph as ox

        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in self.result.triples)
        return store

    def with_labels(self) -> QueryResult:
        """The same rows with a ``<column>Label`` column beside every column of IRIs."""
        from .queries.formats import with_labels
        from .queries.params import label_of

        if self.form != "SELECT" or self._target is None:
            return self
        target = self._target
        return QueryResult(with_labels(self.result, lambda t: label_of(t, target)), target)

    def render(self, fmt: str) -> str:
        """The result as text: SELECT and ASK as ``table``, ``markdown``, ``csv``, ``tsv``,
        ``json`` or ``xml`` (SPARQL results); CONSTRUCT and DESCRIBE in an RDF format."""
        from .queries.formats import SELECT_FORMATS, render

        if self.form in ("CONSTRUCT", "DESCRIBE"):
            fmt = rdf_format(fmt)
        elif fmt not in SELECT_FORMATS:
            raise InputError(f"a {self.form} query's results cannot be written as {fmt}; use one of "
                             f"{', '.join(SELECT_FORMATS)}")
        return render(self.result, fmt)

    def __repr__(self) -> str:
        if self.form == "ASK":
            return f"<QueryResult ASK {self.boolean}>"
        if self.form in ("CONSTRUCT", "DESCRIBE"):
            return f"<QueryResult {self.form}: {len(self.result.triples)} triples>"
        return f"<QueryResult SELECT {self.columns}: {len(self)} rows>"


@dataclass
class KnowledgeGraph:
    """A knowledge graph kept in ``data_dir``: the embedded Oxigraph store and the dumps that
    :meth:`build` writes there. Opening one reads nothing; each method opens what it needs."""

    data_dir: Path = field(default_factory=lambda: Path(DEFAULT_DATA_DIR))
    #: The limits of :meth:`query` when it is not given its own (``None``: none).
    query_timeout: float | None = None
    query_max_memory: int | None = None

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)

    # --- from texts to the graph ----------------------------------------------------------

    def build(self, corpus: str | Path | None = None, *, validate: bool = True,
              lexicon: Iterable[str | Path] = (), progress: Progress | None = None,
              jobs: int | None = None) -> BuildSummary:
        """Build the graph from a corpus folder (default: ``./corpus``, else the bundled corpus)
        into a new store in ``data_dir``, write the dumps and validate (SHACL and provenance).
        ``lexicon``: lexicon files of your own entities, beside those found next to the texts;
        ``jobs``: worker processes that extract the texts (default: one per core,
        ``SECKG_JOBS``); the graph does not depend on it.

        Returns the summary; ``summary.validation.conforms`` says whether it passed."""
        from .graph.build import build_corpus, default_corpus
        from .graph.documents import corpus_documents

        folder = Path(corpus) if corpus is not None else default_corpus()
        total = len(corpus_documents(folder))
        log.info("building %d document(s) from %s into %s", total, folder, self.data_dir)
        on_document = _document_progress(progress, total, "extracting", "validating" if validate else "writing")
        summary = build_corpus(folder, self.data_dir, validate=validate, on_document=on_document,
                               lexicon_files=[Path(p) for p in lexicon], jobs=jobs)
        log.info("built %d document(s), %d quads in %.1f s", len(summary.documents), summary.triples,
                 summary.seconds)
        return summary

    def ingest(self, *paths: str | Path, lexicon: Iterable[str | Path] = (),
               progress: Progress | None = None, jobs: int | None = None, validate: bool = True) -> BuildSummary:
        """Add texts to the built graph; a text already there is replaced (idempotent).
        ``lexicon``: lexicon files of your own entities, beside those found next to the texts;
        ``jobs``: worker processes that extract the texts (as :meth:`build`); ``validate``: validate
        the new graph (incrementally, from the validation the data dir stores), as a build does
        (``summary.validation``; without it none is stored, and the next ingest validates in full)."""
        from .graph.build import ingest_files

        if not paths:
            raise InputError("ingest needs at least one text file")
        started = time.perf_counter()
        if progress is not None:
            progress("ingesting", 0, len(paths))
        summary = ingest_files([Path(p) for p in paths], self.data_dir, lexicon_files=[Path(p) for p in lexicon],
                               jobs=jobs, on_document=_document_progress(progress, len(paths), "ingesting", "writing"),
                               validate=validate)
        summary.seconds = time.perf_counter() - started
        log.info("ingested %d document(s) in %.1f s", len(summary.documents), summary.seconds)
        return summary

    def extract(self, text_or_path: str | Path, *, doc_id: str = "text",
                meta: Mapping[str, object] | None = None, lexicon: Iterable[str | Path] = ()) -> Extraction:
        """What would be extracted from a text file (a :class:`~pathlib.Path`, with its metadata
        and curated annotations beside it) or from a string of text, without touching the store.

        The result's ``facts`` are the facts read, each with its span and rule; its RDF is
        :func:`seckg.graph.rdf.extraction_quads` (or :meth:`extraction_dataset`). ``lexicon``:
        lexicon files of your own entities (for a file, beside those found next to it)."""
        from .graph.build import extract_file
        from .graph.genre import document_genre
        from .graph.model import Document
        from .graph.userlexicon import user_extractor

        files = [Path(p) for p in lexicon]
        if isinstance(text_or_path, Path):
            return extract_file(text_or_path, lexicon_files=files)
        doc = Document(id=doc_id, text=text_or_path, meta=dict(meta or {}), path=None)
        document_genre(doc)
        return user_extractor(files)[0].extract(doc, None)

    @staticmethod
    def extraction_rdf(extraction: Extraction, fmt: str = "trig") -> bytes:
        """The RDF of an extraction in ``fmt`` (``trig``, ``nquads``, or a triple format),
        written by Oxigraph: sorted, deterministic and linear in the size of the text (rdflib's
        TriG writer is quadratic in the number of named graphs)."""
        from .graph.export import serialize_quads
        from .graph.rdf import extraction_quads
        from .graph.store import to_ox_quads

        return serialize_quads(to_ox_quads(extraction_quads(extraction)), rdf_format(fmt))

    @staticmethod
    def extraction_dataset(extraction: Extraction) -> rdflib.Dataset:
        """The RDF of an extraction (one named graph per piece of evidence), as an rdflib Dataset."""
        from .graph.rdf import extraction_quads, to_dataset

        return to_dataset(extraction_quads(extraction))

    # --- asking the graph -----------------------------------------------------------------

    def target(self, *, endpoint: str | None = None, data: Iterable[str | Path] = (),
               timeout: float = 30.0) -> Target:
        """Where queries run: the embedded store (default), RDF files loaded in memory, or a
        SPARQL 1.1 endpoint."""
        from .queries.engine import EndpointTarget, StoreTarget, files_target

        data = [Path(p) for p in data]
        if endpoint and data:
            raise InputError("give an endpoint or data files, not both")
        if endpoint:
            return EndpointTarget(endpoint, timeout)
        if data:
            return files_target(data)
        return StoreTarget.embedded(self.data_dir)

    def query(self, name_or_text: str, /, params: Mapping[str, Any] | None = None, *,
              target: Target | None = None, labels: bool = False, timeout: float | None = None,
              max_memory: int | None = None, **kwargs: Any) -> QueryResult:
        """Run a stored query by name (``"partnerships-of-state"``) with its parameters as
        keyword arguments (or ``params=`` for names that are Python keywords, such as ``from``),
        or a SPARQL query given as text. Entity parameters take a label or an IRI.

        On the embedded store and on data files, ``timeout`` (seconds) and ``max_memory``
        (megabytes of address space) bound the query: it then runs in a child process that is
        killed at the deadline, and :class:`~seckg.errors.LimitError` is raised (default: the
        graph's ``query_timeout`` and ``query_max_memory``, none unless set). On an endpoint the
        deadline is the target's own ``timeout``.

        >>> kg.query("timeline", params={"from": 2010, "to": 2015})  # doctest: +SKIP
        """
        from .limits import run_limited
        from .queries.engine import StoreTarget
        from .queries.params import bind_params

        values = {**(params or {}), **kwargs}
        target = target or self.target()
        text = name_or_text.strip()
        if _STORED_NAME.fullmatch(text):
            stored = get_stored_query(text)

            def run() -> Result:
                bindings = bind_params(stored, {k: _param_text(v) for k, v in values.items()}, target)
                log.debug("running stored query %s with %s", stored.name, values)
                return _labelled(target.execute(stored.text, bindings, source=stored.source), target, labels)
        else:
            if values:
                raise InputError("parameters are for stored queries; write the values into your SPARQL")

            def run() -> Result:
                return _labelled(target.execute(text, source="<query>"), target, labels)

        timeout = self.query_timeout if timeout is None else timeout
        max_memory = self.query_max_memory if max_memory is None else max_memory
        if isinstance(target, StoreTarget) and (timeout or max_memory):
            return QueryResult(run_limited(run, timeout=timeout, max_memory=max_memory), target)
        return QueryResult(run(), target)

    # --- validation, export, publication --------------------------------------------------

    def check(self, *, data: Iterable[str | Path] = (), ontology: Iterable[str | Path] = (),
              shapes: Iterable[str | Path] = (), layers: Iterable[str] = ("owl", "shacl", "rules", "provenance"),
              generated_shapes: bool = False, shacl_advanced: bool = False,
              progress: Progress | None = None, reasoner_timeout: float | None = None,
              shacl_engine: str = "auto") -> CheckReport:
        """Validate the ontology and the graph (the built store, or ``data`` files): OWL
        (HermiT), SHACL, SPARQL rules, provenance. ``report.failed("ERROR")`` says whether a
        finding reaches a severity; :func:`seckg.queries.reports.render_report` writes it.
        ``reasoner_timeout``: seconds HermiT and Pellet may run in all; past it the reasoner is
        stopped and the owl layer reports an ERROR finding saying so (``None``: no limit).
        ``shacl_engine``: ``auto`` (pyrudof where it gives pySHACL's report exactly, else
        pySHACL), ``pyrudof`` or ``pyshacl``; an unknown name is a :class:`UsageError`."""
        from .ontology.check import shacl_engine as engine
        from .ontology.reasoner import reasoner_timeout as deadline
        from .queries.validation import run_check

        layers = list(layers)
        done = 0

        def on_layer(layer: str) -> None:
            nonlocal done
            if progress is not None:
                progress(layer, done, len(layers))
            done += 1

        with deadline(reasoner_timeout), engine(shacl_engine):
            report = run_check(data_dir=self.data_dir, data_files=[Path(p) for p in data],
                               ontology_files=[Path(p) for p in ontology], shapes_files=[Path(p) for p in shapes],
                               layers=layers, generated_shapes=generated_shapes, shacl_advanced=shacl_advanced,
                               on_layer=on_layer)
        if progress is not None:
            progress("done", len(layers), len(layers))
        log.info("check: %d ERROR, %d WARN, %d INFO", report.count("ERROR"), report.count("WARN"),
                 report.count("INFO"))
        return report

    def export(self, fmt: str = "turtle", part: str = "data", *, provenance: bool = True,
               inferred: bool = False) -> bytes:
        """``part`` of the built dataset (``data``, ``ontology``, ``reference`` or ``all``) as RDF
        bytes in ``fmt`` (``turtle``/``ttl``, ``nt``, ``nquads``/``nq``, ``trig``, ``jsonld``,
        ``xml``/``rdfxml``); deterministic: the same store gives the same bytes."""
        from .graph.export import export

        return export(self.data_dir, rdf_format(fmt), part, provenance=provenance,  # type: ignore[arg-type]
                      inferred=inferred)

    def export_to(self, output: BinaryIO, fmt: str = "turtle", part: str = "data", *, provenance: bool = True,
                  inferred: bool = False) -> None:
        """Write :meth:`export` to a binary file or stream; N-Quads, TriG, Turtle and
        N-Triples go straight from the store to ``output``, in memory that does not grow with
        the graph."""
        from .graph.export import export_to

        export_to(output, self.data_dir, rdf_format(fmt), part, provenance=provenance,  # type: ignore[arg-type]
                  inferred=inferred)

    def void(self, *, endpoint: str | None = None, dumps_url: str | None = None) -> bytes:
        """A VoID + DCAT description of the dataset (Turtle)."""
        from dataclasses import replace

        from .graph.export import build_dumps, void_turtle

        dumps = build_dumps(self.data_dir)
        if dumps_url:
            base = dumps_url if dumps_url.endswith("/") else dumps_url + "/"
            dumps = [replace(d, url=base + d.path.name) for d in dumps]
        return void_turtle(self.data_dir, endpoint, dumps)

    def publish(self, out_dir: str | Path, *, base_url: str | None = None, endpoint: str | None = None,
                progress: Progress | None = None, jobs: int | None = None, full: bool = False) -> Published:
        """Write the graph as a static linked-data site to ``out_dir`` (replaced as a whole, and
        only if it is empty or an earlier publish made it); ``jobs`` worker processes render the
        pages (default: one per core), the site is the same whatever their number. A page whose
        inputs did not change since the site in ``out_dir`` was published is carried over from it
        (``full=True`` renders every page); ``Published.rendered`` and ``.reused`` count them."""
        from .iribase import BASE
        from .web.publish import publish

        started = time.perf_counter()

        def on_message(message: str) -> None:
            log.info("%s", message)
            if progress is not None:
                progress(message, 0, None)

        def on_pages(done: int, total: int) -> None:
            if progress is not None:
                rate = done / max(time.perf_counter() - started, 1e-9)
                progress(f"pages, {rate:.0f} pages/s" if done < total else "dumps and the front page", done, total)

        return publish(self.data_dir, Path(out_dir), base_url=base_url or BASE, endpoint=endpoint,
                       progress=on_message, jobs=jobs, on_pages=on_pages, full=full)


def _document_progress(progress: Progress | None, total: int, step: str,
                       last: str) -> Callable[[str], None]:
    """The callback a build calls after each document: the progress step says documents per
    second (``extracting, 12.5 documents/s``) and, after the last, what comes next."""
    first = 0.0
    done = 0

    def on_document(doc_id: str) -> None:
        nonlocal done, first
        done += 1
        log.debug("extracted %s", doc_id)
        if progress is None:
            return
        now = time.perf_counter()
        if done == 1:  # the rate counts from the first document (not the start-up before it)
            first = now
        if done >= total:
            progress(last, done, total)
        elif done == 1:
            progress(step, done, total)
        else:
            progress(f"{step}, {(done - 1) / max(now - first, 1e-9):.1f} documents/s", done, total)

    return on_document


def _labelled(result: Result, target: Target, labels: bool) -> Result:
    return QueryResult(result, target).with_labels().result if labels else result


def get_stored_query(name: str) -> Any:
    """A stored query by name; a misspelled name says which names are close."""
    from .queries.catalogue import get_query

    return get_query(name)


def _param_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def evaluate(gold: Iterable[str | Path] = (), *, rules_only: bool = False) -> list[Report]:
    """Measure extraction against hand-written gold facts (default: the bundled corpus's gold):
    one report per gold file, and their sum as ``all`` when there are several."""
    from .graph.evaluate import evaluate_gold

    return evaluate_gold([Path(p) for p in gold] or None, use_annotations=not rules_only)
