"""Exporting the built dataset: the data, the ontology and the reference lexicon in any of the
usual RDF formats, and a VoID + DCAT description of the dataset.

Exports are deterministic, so that a committed export diffs cleanly: exporting the same store
twice gives the same bytes. N-Quads, TriG, Turtle and N-Triples are streamed: Oxigraph writes
them straight from the store, in the order of its indexes, while a generator drops what the part
leaves out (:func:`stream_export`), so memory does not grow with the store; the triple formats
merge the graphs one subject at a time, each triple once. JSON-LD and RDF/XML, and exports with
the reasoner's triples, are made in memory: quads are sorted, blank nodes that do not come from
the store (the reasoner's) get canonical labels (:func:`rdflib.compare.to_canonical_graph`), and
JSON-LD is written with sorted keys and values.

- Quad formats (``nquads``, ``trig``) keep the named graphs: the evidence graphs, the ontology
  and reference graphs and, with ``inferred``, ``https://w3id.org/seckg/graph/inferred``.
- Triple formats (``turtle``, ``nt``, ``jsonld``, ``xml``) merge them.
- Without provenance, the data part is only the fact triples (the evidence graphs, merged into
  the default graph): no document, no evidence nodes, no ``seckg:hasEvidence``.
- JSON-LD is compact, with the context ``ontology/context.jsonld`` inlined (never a reference:
  seckg itself refuses remote contexts), so the output loads back through :mod:`seckg.rdfload`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import BinaryIO
from typing import Literal as TLiteral

import pyoxigraph as ox
from rdflib import DCTERMS, FOAF, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

from seckg.errors import InputError
from seckg.iribase import rebase_text

from .rdf import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE
from .store import PREFIXES, TRIG_NAME, TURTLE_NAME, open_store

__all__ = [
    "EXPORT_FORMATS",
    "QUAD_FORMATS",
    "PARTS",
    "Part",
    "export",
    "export_to",
    "stream_export",
    "STREAMED_FORMATS",
    "export_quads",
    "serialize_quads",
    "serialize_triples",
    "load_context",
    "void_description",
    "Dump",
    "DUMP_FORMATS",
    "build_dumps",
    "void_turtle",
    "withheld_texts",
    "OPEN_LICENCES",
    "full_iris",
]

#: Format names of ``seckg export -f`` and the Oxigraph format of each.
EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
QUAD_FORMATS = frozenset({"nquads", "trig"})
#: Formats written straight from the store (:func:`stream_export`), in bounded memory.
STREAMED_FORMATS = frozenset({"nquads", "trig", "turtle", "nt"})
PARTS = ("data", "ontology", "reference", "all")
Part = TLiteral["data", "ontology", "reference", "all"]

_STATIC = {GRAPH_ONTOLOGY.toPython(), GRAPH_REFERENCE.toPython(), GRAPH_INFERRED.toPython()}
_INFERRED = ox.NamedNode(str(GRAPH_INFERRED))
_DEFAULT = ox.DefaultGraph()

VOID = Namespace("http://rdfs.org/ns/void#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
_CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")


# -- selecting the quads of a part -------------------------------------------------------------


_ONTOLOGY_NAME, _REFERENCE_NAME, _INFERRED_NAME = str(GRAPH_ONTOLOGY), str(GRAPH_REFERENCE), str(GRAPH_INFERRED)


def _in_part(graph: ox.NamedNode | ox.DefaultGraph, part: Part) -> bool:
    if isinstance(graph, ox.DefaultGraph):
        return part in ("data", "all")
    name = graph.value
    if name == _ONTOLOGY_NAME:
        return part in ("ontology", "all")
    if name == _REFERENCE_NAME:
        return part in ("reference", "all")
    if name == _INFERRED_NAME:
        return False  # recomputed on demand, never exported from the store
    return part in ("data", "all")


def _is_data_graph(graph: ox.NamedNode | ox.DefaultGraph) -> bool:
    return isinstance(graph, ox.NamedNode) and graph.value not in _STATIC


def export_quads(
    store: ox.Store,
    part: Part = "data",
    *,
    provenance: bool = True,
    inferred: bool = False,
    texts: bool | None = None,
) -> list[ox.Quad]:
    """The quads of ``part`` as they are exported to a quad format (unsorted).

    Without provenance the default graph is left out and the fact graphs are merged into the
    default graph; with ``inferred`` the reasoner's triples are added in their own graph. The
    full text (``seckg:text``) of a document whose licence does not allow redistribution
    (:func:`withheld_texts`) is left out, and a warning says so, unless ``texts`` is True (for
    your own use: the store keeps every text, so the provenance check still runs on it).
    """
    if part not in PARTS:
        raise InputError(f"unknown part {part!r}; use one of: {', '.join(PARTS)}")
    out: set[ox.Quad] = set()
    for q in store:
        g = q.graph_name
        if not _in_part(g, part):
            continue
        if not provenance:
            if isinstance(g, ox.DefaultGraph):
                continue
            if _is_data_graph(g):
                q = ox.Quad(q.subject, q.predicate, q.object, _DEFAULT)
        out.add(q)
    if part in ("ontology", "all"):
        out = _one_ontology(out)
    withheld = _withheld_nodes(store, part, texts)
    if withheld:
        out = {q for q in out if not (q.predicate == _TEXT and q.subject in withheld)}
    quads = list(out)
    if inferred:
        quads += _inferred_quads(quads)
    return quads


#: Licences that allow anyone to redistribute a text (a document's ``dcterms:license``, from
#: ``licence_url`` in its metadata). A document without one of these keeps its text in the
#: store but not in exports and published dumps.
OPEN_LICENCES = frozenset({
    "https://creativecommons.org/licenses/by/4.0/", "http://creativecommons.org/licenses/by/4.0/",
    "https://creativecommons.org/licenses/by/3.0/", "http://creativecommons.org/licenses/by/3.0/",
    "https://creativecommons.org/licenses/by-sa/4.0/", "http://creativecommons.org/licenses/by-sa/4.0/",
    "https://creativecommons.org/licenses/by-sa/3.0/", "http://creativecommons.org/licenses/by-sa/3.0/",
    "https://creativecommons.org/publicdomain/zero/1.0/", "http://creativecommons.org/publicdomain/zero/1.0/",
    "https://creativecommons.org/publicdomain/mark/1.0/",
    "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "https://opendatacommons.org/licenses/by/1-0/", "https://opendatacommons.org/licenses/pddl/1-0/",
})
_TEXT = ox.NamedNode("https://w3id.org/seckg/ontology#text")


def withheld_texts(store: ox.Store) -> list[str]:
    """The documents whose full text may not be redistributed: those without a
    ``dcterms:license`` in :data:`OPEN_LICENCES`."""
    rows = store.query(rebase_text(
        "SELECT DISTINCT ?d ?l WHERE { ?d <https://w3id.org/seckg/ontology#text> ?t"
        " OPTIONAL { ?d <http://purl.org/dc/terms/license> ?l } }"), use_default_graph_as_union=True)
    docs: dict[str, bool] = {}
    for row in rows:
        doc = row[0].value
        docs[doc] = docs.get(doc, False) or (row[1] is not None and row[1].value in OPEN_LICENCES)
    return sorted(d for d, open_ in docs.items() if not open_)


_OWL_ONTOLOGY = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
_OWL_IMPORTS = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")
_RDF_TYPE = ox.NamedNode(str(RDF.type))


def _one_ontology(quads: set[ox.Quad]) -> set[ox.Quad]:
    """The merged ontology as one self-contained ontology for OWL tools: the aggregator's
    header (with its version IRI) and no other, and no ``owl:imports`` (the modules are merged
    in already; the OWL API and Protege would otherwise look for them on the web). The modules'
    own headers stay in ``ontology/modules/``."""
    from seckg.ontology import NS

    main = ox.NamedNode(str(NS).rstrip("#"))
    ontology_graph = ox.NamedNode(str(GRAPH_ONTOLOGY))
    headers = {q.subject for q in quads
               if q.predicate == _RDF_TYPE and q.object == _OWL_ONTOLOGY and q.graph_name == ontology_graph}
    if main not in headers:
        return quads
    modules = headers - {main}
    return {q for q in quads
            if not (q.graph_name == ontology_graph and (q.subject in modules or q.predicate == _OWL_IMPORTS))}


def _inferred_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """What HermiT infers from the ontology plus the exported triples, not already asserted,
    in the graph ``GRAPH_INFERRED``, with canonical blank node labels."""
    from rdflib.compare import to_canonical_graph

    from seckg.ontology import load_ontology
    from seckg.ontology.reasoner import reason
    from seckg.rdfload import from_rdflib, to_rdflib

    data = Graph()
    for q in quads:
        data.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    result = reason(load_ontology(), data)
    if not result.consistent:
        from seckg.errors import OntologyError

        raise OntologyError(f"the ontology and the data are inconsistent: {result.message}")
    new = Graph()
    for t in result.inferred:
        if t not in data:
            new.add(t)
    if any(_has_bnode(t) for t in new):
        new = to_canonical_graph(new)
    return [
        ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), _INFERRED)  # type: ignore[arg-type]
        for s, p, o in new
    ]


def _has_bnode(t: tuple) -> bool:  # type: ignore[type-arg]
    from rdflib import BNode

    return any(isinstance(x, BNode) for x in t)


def _key(q: ox.Quad | ox.Triple) -> tuple[str, str, str, str]:
    g = getattr(q, "graph_name", _DEFAULT)
    return ("" if isinstance(g, ox.DefaultGraph) else str(g), str(q.subject), str(q.predicate), str(q.object))


# -- serialising ---------------------------------------------------------------------------------


def export(
    data_dir: Path,
    fmt: str = "turtle",
    part: Part = "data",
    *,
    provenance: bool = True,
    inferred: bool = False,
) -> bytes:
    """The export of ``part`` of the dataset built in ``data_dir``, in ``fmt``, as bytes (see
    :func:`export_to` to write a file without holding it in memory)."""
    import io

    buffer = io.BytesIO()
    export_to(buffer, data_dir, fmt, part, provenance=provenance, inferred=inferred)
    return buffer.getvalue()


def export_to(
    output: BinaryIO,
    data_dir: Path,
    fmt: str = "turtle",
    part: Part = "data",
    *,
    provenance: bool = True,
    inferred: bool = False,
) -> None:
    """Write the export of ``part`` of the dataset built in ``data_dir`` to ``output`` (a binary
    file or stream). Formats in :data:`STREAMED_FORMATS` are streamed from the store
    (:func:`stream_export`) unless ``inferred`` asks for the reasoner, which needs the data in
    memory."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}")
    if part not in PARTS:
        raise InputError(f"unknown part {part!r}; use one of: {', '.join(PARTS)}")
    store = open_store(data_dir, read_only=True)
    if fmt in STREAMED_FORMATS and not inferred:
        stream_export(store, output, fmt, part, provenance=provenance)
        return
    quads = export_quads(store, part, provenance=provenance, inferred=inferred)
    output.write(serialize_quads(quads, fmt))


# -- streaming ---------------------------------------------------------------------------------


def stream_export(
    store: ox.Store,
    output: BinaryIO,
    fmt: str,
    part: Part = "data",
    *,
    provenance: bool = True,
    texts: bool | None = None,
) -> None:
    """Write ``part`` of ``store`` in ``fmt`` (one of :data:`STREAMED_FORMATS`) to ``output``,
    as :func:`export_quads` selects it, without copying the store into memory.

    Oxigraph's serialiser pulls the quads from a generator over the store's indexes, so the
    output comes in the store's order (the same store always gives the same bytes). A quad
    format with provenance is one pass over the part's graphs; a triple format (the graphs
    merged) and a quad format without provenance (the fact graphs merged) go one subject at a
    time and write each triple (or quad) once. Turtle and TriG name the instances by full IRIs
    (``<https://w3id.org/seckg/id/state/china>``, as :func:`full_iris` would write them)."""
    if fmt not in STREAMED_FORMATS:
        raise InputError(f"{fmt} is not written from the store as a stream; use one of: "
                         f"{', '.join(sorted(STREAMED_FORMATS))}")
    items = _part_stream(store, part, provenance=provenance, texts=texts, triples=fmt not in QUAD_FORMATS)
    sink = _FullIriWriter(output) if fmt in ("turtle", "trig") else output
    ox.serialize(items, sink, format=EXPORT_FORMATS[fmt], prefixes=_stream_prefixes(fmt))
    if isinstance(sink, _FullIriWriter):
        sink.close()


def _stream_prefixes(fmt: str) -> dict[str, str] | None:
    """The prefixes of a streamed export: those of :data:`PREFIXES` but ``id:``, whose local
    names need escapes (``id:state\\/china``) that OWL tools refuse: instances are full IRIs."""
    if fmt in ("nt", "nquads"):
        return None
    return {k: v for k, v in PREFIXES.items() if k != "id"}


class _FullIriWriter:
    """A binary stream that passes Turtle or TriG through :func:`full_iris`, line by line
    (Oxigraph writes every statement's terms, literals included, on one line), for the rare
    prefixed name whose local part needed an escape."""

    def __init__(self, output: BinaryIO) -> None:
        self.output = output
        self.pending = b""

    def write(self, data: bytes) -> int:
        data = bytes(data)
        head, nl, tail = (self.pending + data).rpartition(b"\n")
        if nl:
            self._emit(head + nl)
            self.pending = tail
        else:
            self.pending = tail
        return len(data)

    def _emit(self, chunk: bytes) -> None:
        if b"\\" in chunk:  # only then can a prefixed name hold an escape
            chunk = full_iris(chunk.decode("utf-8"), PREFIXES).encode("utf-8")
        self.output.write(chunk)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self.pending:
            self._emit(self.pending)
            self.pending = b""
        flush = getattr(self.output, "flush", None)
        if flush is not None:
            flush()


def _part_stream(store: ox.Store, part: Part, *, provenance: bool, texts: bool | None,
                 triples: bool) -> Iterator[ox.Quad] | Iterator[ox.Triple]:
    if part not in PARTS:
        raise InputError(f"unknown part {part!r}; use one of: {', '.join(PARTS)}")
    dropped = _dropped(store, part, texts)
    if part in ("ontology", "reference"):
        graphs: list[ox.NamedNode] | None = [ox.NamedNode(str(GRAPH_ONTOLOGY if part == "ontology" else GRAPH_REFERENCE))]
    else:
        graphs = None
    if provenance and not triples:
        return _quads_of_part(store, part, graphs, dropped)
    return _merged_by_subject(store, part, graphs, dropped, provenance=provenance, triples=triples)


def _quads_of_part(store: ox.Store, part: Part, graphs: list[ox.NamedNode] | None,
                   dropped: Callable[[ox.Quad], bool] | None) -> Iterator[ox.Quad]:
    """The part's quads graph by graph (the default graph first, then the named graphs in the
    store's order); only the graphs something is dropped from are looked at quad by quad."""
    names: list[ox.NamedNode | ox.DefaultGraph] = list(graphs) if graphs else [
        _DEFAULT, *(g for g in store.named_graphs() if isinstance(g, ox.NamedNode))]
    for graph in names:
        if not _in_part(graph, part):
            continue
        quads = store.quads_for_pattern(None, None, None, graph)
        if dropped is None or (isinstance(graph, ox.NamedNode) and graph.value not in _STATIC):
            yield from quads  # a fact graph: nothing is dropped from it
        else:
            for q in quads:
                if not dropped(q):
                    yield q


def _merged_by_subject(store: ox.Store, part: Part, graphs: list[ox.NamedNode] | None,
                       dropped: Callable[[ox.Quad], bool] | None, *, provenance: bool,
                       triples: bool) -> Iterator[ox.Quad] | Iterator[ox.Triple]:
    """The part's triples (:func:`_triples_by_subject`) or quads (the fact graphs merged into the
    default graph) one subject at a time, each once: only one subject's statements are held to
    drop duplicates."""
    if graphs:
        where = " UNION ".join(f"{{ GRAPH <{g.value}> {{ ?s ?p ?o }} }}" for g in graphs)
        subjects = store.query(f"SELECT DISTINCT ?s WHERE {{ {where} }}")
    else:
        subjects = store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    if triples:
        yield from _triples_by_subject(store, subjects, part, dropped, provenance=provenance)  # type: ignore[misc]
        return
    for (subject,) in subjects:  # type: ignore[misc]
        seen: set[ox.Quad] = set()
        items: list[ox.Quad] = []
        for q in store.quads_for_pattern(subject, None, None, None):
            g = q.graph_name
            if not _in_part(g, part) or (dropped is not None and dropped(q)):
                continue
            if not provenance:
                if isinstance(g, ox.DefaultGraph):
                    continue
                if _is_data_graph(g):
                    q = ox.Quad(q.subject, q.predicate, q.object, _DEFAULT)
            if q not in seen:
                seen.add(q)
                items.append(q)
        if len(items) > 1:  # one block per graph in TriG
            items.sort(key=lambda q: "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value)
        yield from items


def _triples_by_subject(store: ox.Store, subjects: Iterable[object], part: Part,
                        dropped: Callable[[ox.Quad], bool] | None, *, provenance: bool) -> Iterator[ox.Triple]:
    """The triples of :func:`_merged_by_subject`, with less work a statement (the loop is most
    of a triple export's time): whether a graph is kept is decided once per graph, and a
    subject's triples are deduplicated only when they came from more than one graph (a graph
    holds each triple once)."""
    keep: dict[object, bool] = {}
    for (subject,) in subjects:  # type: ignore[misc]
        items: list[ox.Triple] = []
        first: object = None
        several = False
        for q in store.quads_for_pattern(subject, None, None, None):  # type: ignore[arg-type]
            g = q.graph_name
            kept = keep.get(g)
            if kept is None:
                kept = keep[g] = _in_part(g, part) and (provenance or not isinstance(g, ox.DefaultGraph))
            if not kept or (dropped is not None and dropped(q)):
                continue
            if first is None:
                first = g
            elif not several and g != first:
                several = True
            items.append(q.triple)
        yield from (dict.fromkeys(items) if several else items)


def _dropped(store: ox.Store, part: Part, texts: bool | None) -> Callable[[ox.Quad], bool] | None:
    """What a part leaves out of the graphs it keeps: the ontology modules' headers and their
    ``owl:imports`` (:func:`_one_ontology`), and the texts that may not be redistributed
    (:func:`_withheld_nodes`); None when there is nothing to leave out."""
    modules: set[ox.NamedNode | ox.BlankNode] = set()
    ontology_graph = ox.NamedNode(str(GRAPH_ONTOLOGY))
    if part in ("ontology", "all"):
        from seckg.ontology import NS

        main = ox.NamedNode(str(NS).rstrip("#"))
        headers = {q.subject for q in store.quads_for_pattern(None, _RDF_TYPE, _OWL_ONTOLOGY, ontology_graph)}
        if main in headers:
            modules = headers - {main}  # type: ignore[assignment]
        else:
            ontology_graph = None  # type: ignore[assignment]
    else:
        ontology_graph = None  # type: ignore[assignment]
    withheld = _withheld_nodes(store, part, texts)
    if not withheld and ontology_graph is None:
        return None

    def dropped(q: ox.Quad) -> bool:
        if withheld and q.predicate == _TEXT and q.subject in withheld:
            return True
        return ontology_graph is not None and q.graph_name == ontology_graph and (
            q.subject in modules or q.predicate == _OWL_IMPORTS)

    return dropped


def _withheld_nodes(store: ox.Store, part: Part, texts: bool | None) -> set[ox.NamedNode]:
    """The documents whose ``seckg:text`` the part leaves out (with a warning), as
    :func:`export_quads` says."""
    if not (texts is False or (texts is None and part in ("data", "all"))):
        return set()
    withheld = {ox.NamedNode(d) for d in withheld_texts(store)}
    if withheld:
        import logging

        names = sorted(d.value for d in withheld)
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        logging.getLogger("seckg").warning(
            "left out the full text (seckg:text) of %d document(s) whose licence does not allow"
            " redistribution (%s); their quotes stay, as citations", len(withheld), shown)
    return withheld


def serialize_quads(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """``quads`` in ``fmt``, deterministically (sorted; merged for triple formats)."""
    if fmt in QUAD_FORMATS:
        items: list[ox.Quad] | list[ox.Triple] = sorted(set(quads), key=_key)
    else:
        items = sorted({q.triple for q in quads}, key=_key)
    if fmt == "jsonld":
        return _jsonld(items)  # type: ignore[arg-type]
    return _serialize(items, fmt)


def serialize_triples(triples: Iterable[ox.Triple], fmt: str, *, about: str | None = None) -> bytes:
    """One resource's description (a page's RDF twin) in a triple format, deterministically.

    JSON-LD is written for web developers: the node ``about`` comes first in ``@graph``, and the
    inline context keeps only the terms the document uses (and the prefixes), not all of
    ``ontology/context.jsonld``.
    """
    if fmt in QUAD_FORMATS:
        raise InputError(f"{fmt} is a quad format; a description is triples")
    items = sorted(set(triples), key=_key)
    if fmt == "jsonld":
        return _jsonld(items, about=about, prune=True)
    return _serialize(items, fmt)


def _serialize(items: list[ox.Quad] | list[ox.Triple], fmt: str) -> bytes:
    data = ox.serialize(items, format=EXPORT_FORMATS[fmt], prefixes=_prefixes(fmt)) or b""
    if fmt in ("turtle", "trig"):
        data = full_iris(data.decode("utf-8"), PREFIXES).encode("utf-8")
    return data


_TURTLE_TOKENS = re.compile(
    r'(?P<keep>"(?:[^"\\\n]|\\.)*"|<[^>\s]*>|#[^\n]*)'
    r"|(?P<pname>(?<![\w:])(?P<prefix>[A-Za-z][\w.-]*)?:(?P<local>(?:[^\s\\;,()\[\]]|\\.)*\\(?:[^\s\\;,()\[\]]|\\.)*))")


def full_iris(text: str, prefixes: dict[str, str]) -> str:
    """Turtle or TriG with every prefixed name whose local part needed escapes (Oxigraph
    writes ``id:state\\/china``; the OWL API's Turtle parser refuses it) written as a full IRI
    (``<https://w3id.org/seckg/id/state/china>``). Literals, IRIs and comments are left as
    they are."""

    def swap(m: re.Match[str]) -> str:
        if m.group("keep") is not None or m.group("pname") is None:
            return m.group(0)
        namespace = prefixes.get(m.group("prefix") or "")
        if namespace is None:
            return m.group(0)
        return "<" + namespace + re.sub(r"\\(.)", r"\1", m.group("local")) + ">"

    return _TURTLE_TOKENS.sub(swap, text)


def _prefixes(fmt: str) -> dict[str, str] | None:
    if fmt in ("nt", "nquads"):
        return None
    return dict(PREFIXES)


def load_context() -> dict[str, object]:
    """The JSON-LD context shipped with the ontology (``ontology/context.jsonld``), as a dict
    (the value of its ``@context``); a copy of what was read once, the caller's to change."""
    return dict(_shipped_context())


@cache
def _shipped_context() -> dict[str, object]:
    text = rebase_text((files("seckg.ontology") / "context.jsonld").read_text(encoding="utf-8"))
    return json.loads(text)["@context"]  # type: ignore[no-any-return]


def _jsonld(triples: list[ox.Triple], *, about: str | None = None, prune: bool = False) -> bytes:
    from rdflib.plugins.serializers.jsonld import from_rdf

    from seckg.rdfload import to_rdflib

    g = Graph()
    for t in triples:
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    context = load_context()
    doc = from_rdf(g, _rdflib_context(), auto_compact=True)
    # rdflib walks subjects and values in set order, which varies between processes: sort.
    doc = _sorted_jsonld(doc)
    if isinstance(doc, dict):
        if about is not None and isinstance(doc.get("@graph"), list):
            first = [n for n in doc["@graph"] if _node_id(n, context) == about]
            doc["@graph"] = first + [n for n in doc["@graph"] if _node_id(n, context) != about]
        doc["@context"] = _used_context(doc, context) if prune else context  # inline, never a reference
    return (json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


@cache
def _rdflib_context() -> object:
    """rdflib's reading of the shipped context, made once (reading it costs ≈3 ms a time, which
    is most of a page's JSON-LD when ``seckg publish`` writes a thousand of them)."""
    from rdflib.plugins.shared.jsonld.context import Context

    return Context(load_context())


def _node_id(node: object, context: dict[str, object]) -> str | None:
    """The full IRI of a node object's ``@id`` (compact IRIs expanded with the prefixes)."""
    if not isinstance(node, dict) or not isinstance(node.get("@id"), str):
        return None
    value = str(node["@id"])
    prefix, colon, rest = value.partition(":")
    ns = context.get(prefix) if colon else None
    return ns + rest if isinstance(ns, str) and not rest.startswith("//") else value


def _used_context(doc: dict[str, object], context: dict[str, object]) -> dict[str, object]:
    """The entries of ``context`` that ``doc`` uses: every term that appears as a key or a
    string value (types, vocabulary values), and every prefix (compact IRIs need them)."""
    used: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "@context":
                    continue
                used.add(k)
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            used.add(node)
            used.add(node.partition(":")[0])

    walk(doc)
    return {k: v for k, v in context.items()
            if k in used or (isinstance(v, str) and v.endswith(("#", "/")))}


def _sorted_jsonld(node: object, key: str | None = None) -> object:
    if isinstance(node, dict):
        return {k: (v if k == "@context" else _sorted_jsonld(v, k)) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sorted_jsonld(v) for v in node]
        if key == "@list":
            return items  # ordered
        # (rdflib gives IRIs as URIRef, a str that compares only with its own kind: key on str)
        return sorted(items, key=lambda v: str(v) if isinstance(v, str) else json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


# -- VoID + DCAT ---------------------------------------------------------------------------------


#: Distinct triples of the union of all graphs (Oxigraph's union default graph repeats a triple
#: once per graph that holds it).
_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


def _count(store: ox.Store, query: str) -> int:
    (row,) = list(store.query(query, use_default_graph_as_union=True))
    return int(row[0].value)


@dataclass(frozen=True)
class Dump:
    """A downloadable file of the dataset, for the VoID/DCAT description."""

    path: Path
    url: str
    media_type: str
    format_iri: str
    title: str


#: (media type, W3C format IRI) of each export format
DUMP_FORMATS = {
    "turtle": ("text/turtle", "http://www.w3.org/ns/formats/Turtle"),
    "nt": ("application/n-triples", "http://www.w3.org/ns/formats/N-Triples"),
    "nquads": ("application/n-quads", "http://www.w3.org/ns/formats/N-Quads"),
    "trig": ("application/trig", "http://www.w3.org/ns/formats/TriG"),
    "jsonld": ("application/ld+json", "http://www.w3.org/ns/formats/JSON-LD"),
    "xml": ("application/rdf+xml", "http://www.w3.org/ns/formats/RDF_XML"),
}


def build_dumps(data_dir: Path) -> list[Dump]:
    """The dumps ``seckg build`` writes beside the store, named by their ``file:`` URLs."""
    out = []
    for name, fmt, title in ((TRIG_NAME, "trig", "TriG dump (named graphs)"),
                             (TURTLE_NAME, "turtle", "Turtle dump (graphs merged)")):
        path = Path(data_dir) / name
        if path.is_file():
            media, fmt_iri = DUMP_FORMATS[fmt]
            out.append(Dump(path, path.resolve().as_uri(), media, fmt_iri, title))
    return out


def void_description(data_dir: Path, endpoint: str | None = None, dumps: list[Dump] | None = None) -> Graph:
    """A VoID + DCAT description of the dataset built in ``data_dir``.

    Counts are over the union of all graphs, as distinct triples (the Turtle dump's size, not
    the number of quads). It follows DCAT-AP 3.0: every distribution has a ``dcat:accessURL``,
    typed media types, formats and licences; a publisher (``foaf:Agent``) and a contact point
    (``vcard:Kind``), from ``SECKG_PUBLISHER`` and ``SECKG_CONTACT``; the endpoint, if given, as
    a ``dcat:DataService``. No ``dcterms:created`` (a text's publication date is not the
    dataset's, and the build time would not be deterministic). The rights statement says what
    the licence covers: the texts that may not be redistributed are not in the exports.
    ``dumps`` default to the build's own files, named by ``file:`` URLs; ``seckg publish``
    names the copies it publishes by their web addresses.
    """
    from seckg import __version__
    from seckg.ontology import ID, NS

    store = open_store(data_dir, read_only=True)
    ds = URIRef(f"{ID}dataset/seckg")
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("dcterms", DCTERMS)
    g.bind("seckg", NS)
    g.bind("id", ID)
    g.bind("foaf", FOAF)
    g.bind("vcard", VCARD)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("seckg: states' security relations as a knowledge graph", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "Facts about states' security relations (partnerships, alliances, disputes, core"
        " interests, statements, citations) extracted from analytical prose, each traceable to"
        " the exact words it came from (one named graph per piece of evidence), with the seckg"
        " OWL ontology and its reference lexicon.", lang="en")))
    g.add((ds, DCTERMS.license, _CC_BY))
    g.add((_CC_BY, RDF.type, DCTERMS.LicenseDocument))
    g.add((ds, URIRef("http://www.w3.org/2002/07/owl#versionInfo"), Literal(__version__)))
    g.add((ds, DCAT.version, Literal(__version__)))
    g.add((ds, VOID.vocabulary, URIRef(str(NS))))
    g.add((ds, VOID.uriSpace, Literal(str(ID))))

    # what the licence covers: what the exports hold (texts that may not be redistributed are
    # left out of them), each document's own rights in its description
    withheld = withheld_texts(store)
    statement = ("The data (facts, evidence with the short quotes they cite, the ontology and the"
                 " reference lexicon) are under CC BY 4.0.")
    if withheld:
        statement += (f" The full texts of {len(withheld)} document(s) are not part of the exports or the"
                      " dumps: their licences do not allow redistribution (each document's rights are in"
                      " its dcterms:rights; its seckg:textSha256 identifies the text).")
    rights = URIRef(f"{ds}/rights")
    g.add((ds, DCTERMS.rights, rights))
    g.add((rights, RDF.type, DCTERMS.RightsStatement))
    g.add((rights, RDFS.label, Literal(statement, lang="en")))

    # DCAT-AP: a publisher and a contact point (SECKG_PUBLISHER, SECKG_CONTACT: an e-mail
    # address or a URL)
    name = os.environ.get("SECKG_PUBLISHER") or "The seckg developers"
    publisher = URIRef(f"{ds}/publisher")
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(name)))
    contact = URIRef(f"{ds}/contact")
    g.add((ds, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, VCARD.fn, Literal(name)))
    where = os.environ.get("SECKG_CONTACT")
    if where:
        if "@" in where and not where.startswith(("http://", "https://", "mailto:")):
            where = "mailto:" + where
        g.add((contact, VCARD.hasEmail if where.startswith("mailto:") else VCARD.hasURL, URIRef(where)))

    g.add((ds, VOID.triples, Literal(_count(store, _TRIPLES),
                                     datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(_count(
        store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?s)) }"), datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(_count(
        store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }"), datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(_count(
        store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"), datatype=XSD.integer)))
    g.add((ds, VOID.distinctSubjects, Literal(_count(
        store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"), datatype=XSD.integer)))
    g.add((ds, VOID.distinctObjects, Literal(_count(
        store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"), datatype=XSD.integer)))

    for row in store.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
        use_default_graph_as_union=True,
    ):
        cls, n = row[0].value, int(row[1].value)
        part = URIRef(f"{ds}/class/{_slug(cls)}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for row in store.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p",
        use_default_graph_as_union=True,
    ):
        prop, n = row[0].value, int(row[1].value)
        part = URIRef(f"{ds}/property/{_slug(prop)}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))

    examples = [r[0].value for r in store.query(rebase_text(
        "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s a ?c } "
        "VALUES ?c { <https://w3id.org/seckg/ontology#Partnership> <https://w3id.org/seckg/ontology#State> } "
        "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/seckg/id/evidence/')) } ORDER BY ?s LIMIT 5"))]
    for ex in examples:
        g.add((ds, VOID.exampleResource, URIRef(ex)))
    if endpoint:
        url = URIRef(endpoint)
        g.add((ds, VOID.sparqlEndpoint, url))
        service = URIRef(f"{ds}/service/sparql")
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCTERMS.title, Literal("SPARQL endpoint of the seckg dataset", lang="en")))
        g.add((service, DCAT.endpointURL, url))
        g.add((service, DCAT.endpointDescription, url))  # GET without a query: its service description
        g.add((service, DCAT.servesDataset, ds))
        protocol = URIRef("https://www.w3.org/TR/sparql11-protocol/")
        g.add((service, DCTERMS.conformsTo, protocol))
        g.add((protocol, RDF.type, DCTERMS.Standard))
        g.add((service, DCTERMS.license, _CC_BY))
        dist = URIRef(f"{ds}/distribution/sparql")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.accessService, service))
        g.add((dist, DCTERMS.license, _CC_BY))

    for dump in build_dumps(data_dir) if dumps is None else dumps:
        url = URIRef(dump.url)
        dist = URIRef(f"{ds}/distribution/{dump.path.name}")
        g.add((ds, VOID.dataDump, url))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(dump.title, lang="en")))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        media = URIRef(f"http://www.iana.org/assignments/media-types/{dump.media_type}")
        g.add((dist, DCAT.mediaType, media))
        g.add((media, RDF.type, DCTERMS.MediaType))
        g.add((dist, DCTERMS["format"], URIRef(dump.format_iri)))
        g.add((URIRef(dump.format_iri), RDF.type, DCTERMS.MediaTypeOrExtent))
        # xsd:decimal, as the DCAT-AP 3.0.0 shapes require (DCAT 3 itself suggests nonNegativeInteger)
        g.add((dist, DCAT.byteSize, Literal(str(dump.path.stat().st_size), datatype=XSD.decimal)))
        g.add((dist, DCTERMS.license, _CC_BY))
    return g


def _slug(iri: str) -> str:
    import re

    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}-{re.sub(r'[^A-Za-z0-9_-]+', '-', iri[len(ns):])}"
    return re.sub(r"[^A-Za-z0-9_-]+", "-", iri).strip("-")


def void_turtle(data_dir: Path, endpoint: str | None = None, dumps: list[Dump] | None = None) -> bytes:
    """:func:`void_description` as sorted, deterministic Turtle."""
    from seckg.rdfload import from_rdflib

    g = void_description(data_dir, endpoint, dumps)
    triples = sorted(
        (ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in g),  # type: ignore[arg-type]
        key=_key,
    )
    prefixes = dict(PREFIXES)
    prefixes.update({"void": str(VOID), "dcat": str(DCAT), "foaf": str(FOAF), "vcard": str(VCARD)})
    text = (ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b"").decode("utf-8")
    return full_iris(text, prefixes).encode("utf-8")
