"""``seckg check``: the ontology and data validation, four layers merged into one report.

1. ``owl``: the ontology is in the OWL 2 DL profile (the OWL API's checker), and HermiT
   (owlready2) finds the ontology, and the ontology with the data, consistent and no class
   unsatisfiable. When the data make it inconsistent, the evidence graphs are bisected to
   name the sentence whose facts do it.
2. ``shacl``: the data shapes (and any the user gives, and optionally the shapes generated from
   the ontology) over the union of the asserted and inferred triples with the ontology; the
   ontology shapes over the ontology. pySHACL runs with inference "none": OWL reasoning is
   HermiT's job in layer 1, and pySHACL's own OWL-RL mode is slow (DESIGN.md, "Performance").
3. ``rules``: every ``queries/checks/*.rq`` must return no rows; each carries a severity.
4. ``provenance``: every fact graph has its evidence, every quote is found at its offsets.

This module lives in ``queries`` because it is the one part that may see the store
(``graph``), the ontology and the stored checks together.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection

from seckg.errors import InputError
from seckg.iribase import ID
from seckg.rdfload import load_graph, parse, to_rdflib

from .catalogue import load_checks
from .engine import StoreTarget

__all__ = ["LAYERS", "SEVERITIES", "Finding", "CheckReport", "run_check"]

LAYERS = ("owl", "shacl", "rules", "provenance")
SEVERITIES = ("ERROR", "WARN", "INFO")
_RANK = {"ERROR": 3, "WARN": 2, "INFO": 1}
SH = Namespace("http://www.w3.org/ns/shacl#")
_EVIDENCE = ID + "evidence/"
_ONTOLOGY_GRAPH = "https://w3id.org/seckg/graph/ontology"


@dataclass(frozen=True)
class Finding:
    severity: str  # ERROR | WARN | INFO
    layer: str  # owl | shacl | rules | provenance
    message: str
    focus: str | None = None
    focus_label: str | None = None
    property: str | None = None
    value: str | None = None
    source: str | None = None  # the shape, check or reasoner that found it
    evidence: str | None = None  # the exact words behind the focus node, when it has evidence
    span: str | None = None  # <doc>/<start>-<end>


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    inputs: str = ""
    shacl_report: Graph | None = None
    shacl_engine: str | None = None  # the engine that validated the data shapes (not in the report)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def failed(self, fail_on: str) -> bool:
        """Whether any finding is at or above ``fail_on`` (``none`` never fails)."""
        if fail_on == "none":
            return False
        return any(_RANK[f.severity] >= _RANK[fail_on] for f in self.findings)

    def as_dict(self) -> dict[str, object]:
        # no times: the same input gives the same report, byte for byte
        return {"inputs": self.inputs, "layers": list(self.seconds),
                "counts": {s: self.count(s) for s in SEVERITIES},
                "findings": [asdict(f) for f in self.findings]}


# -- inputs ------------------------------------------------------------------------------------

def _store_for(data_dir: Path | None, data_files: Iterable[Path], ontology: Graph | None) -> tuple[ox.Store, str]:
    files = [Path(p) for p in data_files]
    if not files:
        from seckg.graph.store import open_store

        if data_dir is None:
            raise InputError("nothing to check: give --data or build the graph first")
        return open_store(data_dir, read_only=True), f"store {data_dir}"
    store = ox.Store()
    found: list[Path] = []
    for p in files:
        if p.is_dir():
            found += sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in
                            (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".owl"))
        else:
            found.append(p)
    if not found:
        raise InputError("no RDF files found", source=", ".join(map(str, files)))
    for p in found:
        store.bulk_extend(parse(p))
    if ontology is not None:
        graph = ox.NamedNode(_ONTOLOGY_GRAPH)
        from seckg.rdfload import from_rdflib

        store.bulk_extend(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), graph)  # type: ignore[arg-type]
                          for s, p, o in ontology)
    return store, "files " + ", ".join(map(str, files))


def _graph(store: ox.Store, *, include_ontology: bool = True) -> Graph:
    from seckg.graph.validate import union_graph

    return union_graph(store, exclude=frozenset() if include_ontology else frozenset({_ONTOLOGY_GRAPH}))


# -- layers ----------------------------------------------------------------------------------

def _owl(ontology: Graph, store: ox.Store, report: CheckReport) -> Graph:
    from seckg.ontology.profile import check_profile
    from seckg.ontology.reasoner import ReasonerTimeout

    violations = check_profile(ontology)
    for v in violations:
        report.findings.append(Finding("ERROR", "owl", f"not in the OWL 2 DL profile ({v.kind}): {v.axiom}",
                                       source="OWL API OWL2DLProfile"))
    if violations:
        return Graph()  # HermiT only takes OWL 2 DL
    try:
        return _reasoned(ontology, store, report)
    except ReasonerTimeout as e:  # at any run: alone, with the data, the bisection
        report.findings.append(Finding("ERROR", "owl", e.message, source="HermiT"))
        return Graph()


def _reasoned(ontology: Graph, store: ox.Store, report: CheckReport) -> Graph:
    from seckg.errors import OntologyError
    from seckg.ontology.reasoner import ReasonerTimeout, reason

    try:
        alone = reason(ontology=ontology)
    except ReasonerTimeout:
        raise
    except OntologyError as e:
        report.findings.append(Finding("ERROR", "owl", e.message, source="HermiT"))
        return Graph()
    if not alone.consistent:
        report.findings.append(Finding("ERROR", "owl", "the ontology is inconsistent" + _why(ontology, None),
                                       source="HermiT; explanation by Pellet"))
        return Graph()
    for u in alone.unsatisfiable:
        report.findings.append(Finding("ERROR", "owl", "unsatisfiable class: no individual can belong to it",
                                       focus=str(u.iri), focus_label=u.label, source="HermiT"))
    data = _graph(store, include_ontology=False)
    with_data = reason(ontology=ontology, data=data)
    if with_data.consistent:
        return with_data.inferred
    culprit = _culprit(ontology, store, data)
    if culprit is None:
        report.findings.append(Finding("ERROR", "owl", "the data are inconsistent with the ontology; no single "
                                       "evidence graph is to blame" + _why(ontology, data),
                                       source="HermiT; explanation by Pellet"))
    else:
        words, span = _evidence_words(store, culprit)
        report.findings.append(Finding("ERROR", "owl", "the facts read from this evidence make the data "
                                       "inconsistent with the ontology" + _why(ontology, data),
                                       focus=culprit, source="HermiT; explanation by Pellet",
                                       evidence=words, span=span))
    return Graph()


def _why(ontology: Graph, data: Graph | None) -> str:
    """": the axioms involved" from Pellet's explanation, or nothing when it gives none."""
    from seckg.errors import OntologyError
    from seckg.ontology.explain import explain_inconsistency
    from seckg.ontology.reasoner import ReasonerTimeout

    try:
        axioms = explain_inconsistency(ontology, data)
    except ReasonerTimeout:
        raise
    except OntologyError:
        return ""
    return (": " + "; ".join(axioms)) if axioms else ""


def _culprit(ontology: Graph, store: ox.Store, data: Graph) -> str | None:
    """The one evidence graph whose facts make the data inconsistent, found by bisection."""
    from seckg.ontology.reasoner import reason

    graphs: dict[str, Graph] = {}
    base = Graph()
    for q in store.quads_for_pattern(None, None, None, None):
        triple = (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
        name = None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        if name and name.startswith(_EVIDENCE):
            graphs.setdefault(name, Graph()).add(triple)
        elif name != _ONTOLOGY_GRAPH:
            base.add(triple)

    def consistent(names: list[str]) -> bool:
        g = Graph()
        g += base
        for n in names:
            g += graphs[n]
        return reason(ontology=ontology, data=g).consistent

    names = sorted(graphs)
    if not names or not consistent([]):
        return None
    while len(names) > 1:
        half = len(names) // 2
        if not consistent(names[:half]):
            names = names[:half]
        elif not consistent(names[half:]):
            names = names[half:]
        else:
            return None
    return names[0]


def _user_shapes(shapes: Graph, shapes_files: list[Path], allow_advanced: bool) -> None:
    """Load the user's shapes into ``shapes`` after screening every query they carry (the same
    screen as ``seckg query``), before pySHACL sees any of them: shapes are data, never a way
    out. SHACL advanced features (rules, functions, custom targets) only with ``allow_advanced``."""
    from seckg.sparqlscreen import screen_shapes

    own: list[tuple[Path, Graph]] = []
    for p in shapes_files:
        g = load_graph(p)
        own.append((p, g))
        shapes += g
    for p, g in own:
        screen_shapes(g, source=str(p), allow_advanced=allow_advanced, prefixes_from=shapes)


def _validate(data: Graph | ox.Store, shapes: Graph, sources: str, *, extra: Graph | None = None,
              engine: str | None = None) -> tuple[Graph, str]:
    """SHACL on graphs or a store (never locations), with rdflib's SERVICE and FROM loading
    switched off while it runs; errors on malformed shapes name the shapes. ``engine``: see
    :func:`seckg.ontology.check.shacl_report` (pyrudof where it gives pySHACL's report)."""
    from seckg.ontology.check import shacl_report
    from seckg.sparqlscreen import no_remote_sparql

    try:
        with no_remote_sparql():
            results, used = shacl_report(data, shapes, extra=extra, engine=engine)
    except Exception as e:
        from pyshacl.errors import (  # lazy: pySHACL is slow to import, and pyrudof may do without it
            ConstraintLoadError,
            ReportableRuntimeError,
            ShapeLoadError,
            ValidationFailure,
        )

        if not isinstance(e, (ConstraintLoadError, ShapeLoadError, ReportableRuntimeError, ValidationFailure)):
            raise
        detail = " ".join(str(getattr(e, "message", None) or e).split())
        raise InputError(f"the shapes cannot be used: {detail}", source=sources) from None
    if not isinstance(results, Graph):  # pySHACL returns some failures instead of raising them
        detail = " ".join(str(getattr(results, "message", None) or results).split())
        raise InputError(f"the shapes cannot be used: {detail}", source=sources)
    return results, used


def _shacl(store: ox.Store, ontology: Graph, inferred: Graph, shapes_files: list[Path], generated: bool,
           report: CheckReport, allow_advanced: bool = False, engine: str | None = None) -> None:
    from seckg.ontology import load_shapes
    from seckg.ontology.check import current_shacl_engine

    engine = engine or current_shacl_engine()
    shapes = load_shapes("data")
    _user_shapes(shapes, shapes_files, allow_advanced)
    if generated:
        from importlib.resources import files

        path = files("seckg.ontology").joinpath("shapes/generated.ttl")
        if path.is_file():
            load_graph(Path(str(path)), into=shapes)
    extra = Graph()
    extra += ontology
    extra += inferred
    sources = ", ".join(map(str, shapes_files)) or "the shipped shapes"
    results, report.shacl_engine = _validate(store, shapes, sources, extra=extra, engine=engine)  # all graphs
    # the ontology shapes hold SPARQL constraints: pySHACL takes them unless told "pyshacl" everywhere
    onto_results, _ = _validate(ontology, load_shapes("ontology"), "the shipped ontology shapes",
                                engine="pyshacl" if engine == "pyshacl" else "auto")
    report.shacl_report = results
    for graph, layer_source in ((results, "data shapes"), (onto_results, "ontology shapes")):
        for r in graph.subjects(predicate=SH.resultSeverity):
            sev = {SH.Violation: "ERROR", SH.Warning: "WARN", SH.Info: "INFO"}.get(graph.value(r, SH.resultSeverity), "ERROR")
            messages = [m for m in graph.objects(r, SH.resultMessage)]
            english = [m for m in messages if getattr(m, "language", None) == "en"] or messages
            shape = graph.value(r, SH.sourceShape)
            report.findings.append(Finding(
                sev, "shacl", str(english[0]) if english else "shape not satisfied",
                focus=_s(graph.value(r, SH.focusNode)), property=_path(graph, graph.value(r, SH.resultPath)),
                value=_s(graph.value(r, SH.value)),
                source=f"{layer_source}: {shape}" if isinstance(shape, URIRef) else layer_source))


def _s(term: object) -> str | None:
    """A term as text; a blank node as ``[]`` (its label is random: the same input must give the
    same report byte for byte)."""
    if term is None:
        return None
    return "[]" if isinstance(term, BNode) else str(term)


def _path(graph: Graph, node: object) -> str | None:
    """A SHACL property path as text: an IRI as itself; a complex path (alternatives,
    sequences, inverse, repetition, all blank nodes) in SPARQL's property path syntax, e.g.
    ``<…#date>|<…#startDate>``."""
    if node is None or not isinstance(node, BNode):
        return _s(node)

    def text(n: object, nested: bool) -> str:
        if isinstance(n, URIRef):
            return f"<{n}>" if nested else str(n)
        if not isinstance(n, BNode):
            return str(n)
        for pred, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                          (SH.zeroOrOnePath, "{}?")):
            inner = graph.value(n, pred)
            if inner is not None:
                return fmt.format(text(inner, True))
        alternatives = graph.value(n, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(text(m, True) for m in Collection(graph, alternatives)) + ")"
        if graph.value(n, RDF.first) is not None:  # a sequence path
            return "(" + "/".join(text(m, True) for m in Collection(graph, n)) + ")"
        return "[]"

    return text(node, False)


def _rules(store: ox.Store, report: CheckReport) -> None:
    target = StoreTarget(store, "check")
    for name, q in load_checks().items():
        for row in target.execute(q.text, source=q.source).rows:
            message = row.get("message")
            report.findings.append(Finding(
                q.extra["severity"], "rules", message.value if message is not None else q.title,  # type: ignore[union-attr]
                focus=_v(row.get("focus")), property=_v(row.get("property")), value=_v(row.get("value")),
                source=name))


def _v(term: object) -> str | None:
    return None if term is None else term.value  # type: ignore[attr-defined]


def _provenance(store: ox.Store, report: CheckReport) -> None:
    from seckg.graph.validate import check_provenance

    for f in check_provenance(store):
        report.findings.append(Finding("ERROR", "provenance", f.message, focus=f.focus, source="provenance"))


# -- labels and evidence -----------------------------------------------------------------------

_DESCRIBE = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX seckg: <https://w3id.org/seckg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?label ?ev ?exact ?start ?end WHERE {
  OPTIONAL { ?node skos:prefLabel|rdfs:label ?label }
  OPTIONAL { { ?node seckg:hasEvidence ?ev } UNION { ?node a seckg:Evidence . BIND(?node AS ?ev) }
             ?ev oa:hasTarget/oa:hasSelector ?q . ?q oa:exact ?exact .
             ?ev oa:hasTarget/oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end . }
} ORDER BY ?ev ?label ?exact ?start LIMIT 1
"""


_NODE = re.compile(r"\?node\b")


def _describe(store: ox.Store, node: str) -> list[dict[str, ox.NamedNode | ox.Literal]]:
    """The rows of :data:`_DESCRIBE` for ``node``, written into the query as a term (in
    N-Triples syntax, by Oxigraph): joined after the query (a VALUES block, or Oxigraph's
    substitutions), ?node left the OPTIONAL's evidence pattern to be evaluated over the whole
    store, for each finding (7x slower on the corpus, 250 ms a finding at 100k quads). Our own
    text with a term from the store: not screened."""
    answer = store.query(_NODE.sub(lambda _m: str(ox.NamedNode(node)), _DESCRIBE), use_default_graph_as_union=True)
    names = ("label", "ev", "exact", "start", "end")
    return [{n: row[n] for n in names if row[n] is not None} for row in answer]  # type: ignore[index,misc]


def _evidence_words(store: ox.Store, node: str) -> tuple[str | None, str | None]:
    rows = _describe(store, node)
    if not rows or rows[0].get("exact") is None:
        return None, None
    r = rows[0]
    ev = r["ev"].value  # type: ignore[union-attr]
    doc = ev[len(_EVIDENCE):].split("/", 1)[0] if ev.startswith(_EVIDENCE) else ""
    return " ".join(r["exact"].value.split()), f"{doc}/{r['start'].value}-{r['end'].value}"  # type: ignore[union-attr]


def _annotate(store: ox.Store, findings: list[Finding], limit: int = 500) -> list[Finding]:
    out = []
    cache: dict[str, tuple[str | None, str | None, str | None]] = {}
    for i, f in enumerate(findings):
        if f.focus is None or i >= limit or not f.focus.startswith("http"):
            out.append(f)
            continue
        if f.focus not in cache:
            rows = _describe(store, f.focus)
            r = rows[0] if rows else {}
            label = r.get("label").value if r.get("label") is not None else None  # type: ignore[union-attr]
            words, span = (None, None)
            if r.get("exact") is not None:
                words, span = _evidence_words(store, f.focus)
            cache[f.focus] = (label, words, span)
        label, words, span = cache[f.focus]
        out.append(Finding(f.severity, f.layer, f.message, f.focus, f.focus_label or label, f.property, f.value,
                           f.source, f.evidence or words, f.span or span))
    return out


def run_check(*, data_dir: Path | None = None, data_files: Iterable[Path] = (), ontology_files: Iterable[Path] = (),
              shapes_files: Iterable[Path] = (), layers: Iterable[str] = LAYERS,
              generated_shapes: bool = False, shacl_advanced: bool = False, shacl_engine: str | None = None,
              on_layer: Callable[[str], None] | None = None) -> CheckReport:
    """Run the chosen layers and merge their findings into one report (most severe first).

    ``shapes_files`` are screened before anything runs: a query they carry that the SPARQL screen
    refuses (SERVICE, FROM, updates) stops the check with :class:`UnsafeQueryError`; SHACL
    advanced features (rules, functions, custom targets) in them need ``shacl_advanced``.
    ``on_layer(name)`` is called as each layer starts (for progress bars). ``shacl_engine``:
    ``auto`` (pyrudof for the shapes whose results it gives as pySHACL does, pySHACL for the
    others), ``pyrudof`` (an error for shapes it cannot take) or ``pyshacl``; None: ``auto``, or
    what :func:`seckg.ontology.check.shacl_engine` set.
    """
    from seckg.ontology import load_ontology

    layers = list(layers)
    for layer in layers:
        if layer not in LAYERS:
            raise InputError(f"unknown layer {layer!r}; one of {', '.join(LAYERS)}")
    shapes_files = [Path(p) for p in shapes_files]
    if "shacl" in layers and shapes_files:  # refuse hostile shapes before any work is done
        from seckg.ontology import load_shapes

        _user_shapes(load_shapes("data"), shapes_files, shacl_advanced)
    onto_files = [Path(p) for p in ontology_files]
    ontology = load_graph(onto_files) if onto_files else load_ontology()
    data_files = list(data_files)
    store, inputs = _store_for(data_dir, data_files, ontology if data_files else None)
    report = CheckReport(inputs=inputs)
    inferred = Graph()
    if "owl" in layers:
        if on_layer is not None:
            on_layer("owl")
        t = time.perf_counter()
        inferred = _owl(ontology, store, report)
        report.seconds["owl"] = time.perf_counter() - t
    if "shacl" in layers:
        if on_layer is not None:
            on_layer("shacl")
        t = time.perf_counter()
        _shacl(store, ontology, inferred, shapes_files, generated_shapes, report, shacl_advanced, shacl_engine)
        report.seconds["shacl"] = time.perf_counter() - t
    if "rules" in layers:
        if on_layer is not None:
            on_layer("rules")
        t = time.perf_counter()
        _rules(store, report)
        report.seconds["rules"] = time.perf_counter() - t
    if "provenance" in layers:
        if on_layer is not None:
            on_layer("provenance")
        t = time.perf_counter()
        _provenance(store, report)
        report.seconds["provenance"] = time.perf_counter() - t
    findings = _annotate(store, report.findings)
    findings.sort(key=lambda f: (-_RANK[f.severity], LAYERS.index(f.layer), f.focus or "", f.message))
    report.findings = findings
    return report
