"""Check the ontology itself, layer by layer, and validate data against the data shapes.

:func:`check_ontology` runs three layers and returns one :class:`CheckReport`:

1. ``rdf``: the aggregator and its modules parse (through the secure loader) and every IRI the
   ontology uses as a predicate or a type is declared with its OWL kind (OWL 2 DL needs it);
2. ``owl``: HermiT (via owlready2) finds the ontology consistent, with no unsatisfiable class, and
   the OWL API's OWL 2 DL profile checker finds no violation (``profile``);
3. ``shacl``: the ontology conforms to ``shapes/ontology.ttl`` (labels, definitions, headers).

The CLI (``seckg ontology check``) renders the report; this module only computes it.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import SH

from ..errors import SeckgError, UsageError
from . import load_ontology, load_shapes

__all__ = ["Finding", "CheckReport", "check_ontology", "check_data", "shacl_findings", "report_findings", "owned_findings",
           "SHACL_ENGINES", "shacl_engine", "shacl_report", "pyrudof_unsupported", "ShaclEngineUnsupported"]

Severity = Literal["error", "warning", "info"]
log = logging.getLogger(__name__)

_BUILTIN_NS = (
    str(RDF),
    str(RDFS),
    str(OWL),
    "http://www.w3.org/2001/XMLSchema#",
)
_DECLARED_KINDS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.Ontology,
    RDFS.Datatype,
}


@dataclass(frozen=True)
class Finding:
    """One problem found: how bad, in which layer, on which node, and what."""

    severity: Severity
    layer: str
    focus: str | None
    message: str


@dataclass
class CheckReport:
    """All findings of a check, with the seconds each layer took."""

    findings: list[Finding] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    #: Why the reasoner could not run (Java missing, HermiT failed, out of time), or None.
    reasoner_error: str | None = None
    #: The SHACL engine that validated the data (:func:`check_data`): pyrudof or pyshacl.
    shacl_engine: str | None = None
    #: :func:`check_data`: for each finding, the focus node of the top-level result it belongs to
    #: (a nested result's own focus is a value of that node), or None
    owners: list[str | None] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No finding of severity ``error``."""
        return not any(f.severity == "error" for f in self.findings)

    def count(self, severity: Severity) -> int:
        """How many findings have ``severity``."""
        return sum(1 for f in self.findings if f.severity == severity)


def check_ontology(*, reason: bool = True, reasoner_timeout: float | None = None) -> CheckReport:
    """Check the shipped ontology: parse and declarations, HermiT, ontology shapes.
    ``reasoner_timeout``: seconds HermiT may run; past it Java is killed and the report has
    an error finding and :attr:`CheckReport.reasoner_error`."""
    report = CheckReport()
    t0 = time.perf_counter()
    try:
        graph = load_ontology()
    except SeckgError as e:
        report.findings.append(Finding("error", "rdf", None, e.message))
        report.timings["rdf"] = time.perf_counter() - t0
        return report
    report.findings += _undeclared(graph)
    report.timings["rdf"] = time.perf_counter() - t0

    if reason:
        from .reasoner import reason as run_reasoner
        from .reasoner import reasoner_timeout as deadline

        t0 = time.perf_counter()
        try:
            with deadline(reasoner_timeout):
                result = run_reasoner(graph)
        except SeckgError as e:
            report.findings.append(Finding("error", "owl", None, e.message))
            report.reasoner_error = e.message
        else:
            if not result.consistent:
                report.findings.append(
                    Finding("error", "owl", None, result.message or "the ontology is inconsistent")
                )
            for cls in result.unsatisfiable:
                what = f"{cls.label!r} " if cls.label else ""
                report.findings.append(
                    Finding("error", "owl", cls.iri, f"class {what}is unsatisfiable (owl:Nothing)")
                )
        report.timings["owl"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        report.findings += profile_findings(graph)
        report.timings["profile"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    report.findings += shacl_findings(graph, load_shapes("ontology"), layer="shacl", advanced=True)
    report.timings["shacl"] = time.perf_counter() - t0
    return report


def profile_findings(graph: Graph) -> list[Finding]:
    """OWL 2 DL profile violations (the OWL API's checker), one finding each."""
    from .profile import check_profile

    try:
        violations = check_profile(graph)
    except SeckgError as e:
        return [Finding("error", "profile", None, e.message)]
    return [Finding("error", "profile", None, f"not OWL 2 DL ({v.kind}): {v.axiom}") for v in violations]


def check_data(data: Graph | ox.Store, *, ontology: Graph | None = None,
               focus: Collection[str] | None = None, data_file: Path | None = None) -> CheckReport:
    """Validate ``data`` (a graph, or a store: the union of its graphs) against
    ``shapes/data.ttl``, over data + ontology (no inference), with the SHACL engine
    :func:`shacl_report` chooses.

    The ontology gives pySHACL the subclass hierarchy (``sh:targetClass``, ``sh:class``) and the
    SKOS concepts and schemes the shapes refer to. pySHACL's own ``ont_graph`` is not used: it
    copies only RDFS/OWL axioms, not the SKOS individuals. ``data`` itself is not modified.
    """
    report = CheckReport()
    t0 = time.perf_counter()
    results, report.shacl_engine = shacl_report(data, load_shapes("data"), focus=focus, data_file=data_file,
                                                extra=ontology if ontology is not None else load_ontology())
    owned = owned_findings(results, layer="shacl")
    report.findings += [f for f, _owner in owned]
    report.owners += [owner for _f, owner in owned]
    report.timings["shacl"] = time.perf_counter() - t0
    return report


def shacl_findings(
    data: Graph,
    shapes: Graph,
    *,
    ont_graph: Graph | None = None,
    layer: str = "shacl",
    advanced: bool = False,
) -> list[Finding]:
    """Run pySHACL (graphs only, never locations; no inference) and turn results into findings."""
    import pyshacl  # lazy: pySHACL is slow to import

    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ont_graph,
        inference="none",
        advanced=advanced,
        allow_warnings=True,
        abort_on_first=False,
    )
    return report_findings(results, layer=layer)


def report_findings(results: Graph, *, layer: str = "shacl") -> list[Finding]:
    """Every result of a SHACL report graph (nested ones too) as a finding."""
    return [f for f, _owner in owned_findings(results, layer=layer)]


def owned_findings(results: Graph, *, layer: str = "shacl") -> list[tuple[Finding, str | None]]:
    """:func:`report_findings`, each with the focus node of the top-level result it belongs to
    (itself for a top-level result; for a nested one, sh:detail, the top-level result above it),
    which is the node to validate again for that finding to change."""
    owner: dict[Any, Any] = {}
    for report in results.subjects(RDF.type, SH.ValidationReport):
        todo = [(r, results.value(r, SH.focusNode)) for r in results.objects(report, SH.result)]
        while todo:
            r, top = todo.pop()
            if r in owner:
                continue
            owner[r] = top
            todo += [(d, top) for d in results.objects(r, SH.detail)]
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        focus = results.value(result, SH.focusNode)
        messages = [str(m) for m in results.objects(result, SH.resultMessage)]
        english = [
            str(m)
            for m in results.objects(result, SH.resultMessage)
            if getattr(m, "language", None) == "en"
        ]
        top = owner.get(result, focus)
        out.append((
            Finding(
                severity=_SEVERITY.get(severity, "error"),
                layer=layer,
                focus=str(focus) if focus is not None else None,
                message=(english or messages or ["(no message)"])[0],
            ),
            str(top) if top is not None else None,
        ))
    return sorted(out, key=lambda pair: (pair[0].severity, pair[0].focus or "", pair[0].message))


_SEVERITY: dict[object, Severity] = {
    SH.Violation: "error",
    SH.Warning: "warning",
    SH.Info: "info",
}


def _undeclared(graph: Graph) -> list[Finding]:
    """IRIs used as predicates or as types without an OWL declaration of their kind."""
    declared = {s for kind in _DECLARED_KINDS for s in graph.subjects(RDF.type, kind)}
    findings = []
    used_predicates = {p for p in graph.predicates() if isinstance(p, URIRef)}
    for p in sorted(used_predicates):
        if str(p).startswith(_BUILTIN_NS) or p in declared:
            continue
        findings.append(
            Finding("error", "rdf", str(p), "predicate used but not declared as an OWL property")
        )
    used_types = {o for o in graph.objects(None, RDF.type) if isinstance(o, URIRef)}
    for t in sorted(used_types):
        if str(t).startswith(_BUILTIN_NS) or t in declared:
            continue
        findings.append(
            Finding("error", "rdf", str(t), "type used but not declared as an owl:Class")
        )
    return findings


# -- SHACL engines -----------------------------------------------------------------------------
#
# pySHACL is the reference; pyrudof (rudof's SHACL engine, in Rust) gives the same results on the
# shipped data shapes 5-11x faster at 100k-1M triples (bench/scale.py). ``auto`` takes pyrudof for shapes made
# only of the constructs whose results were compared with pySHACL's (every one the shipped shapes
# use, on every fixture and on the corpus: tests/test_shacl_engines.py) and pySHACL for any other.
# Either way the report is a graph in pySHACL's layout, so findings and messages do not depend on
# the engine.

SHACL_ENGINES = ("auto", "pyrudof", "pyshacl")
_ENGINE: ContextVar[str] = ContextVar("seckg_shacl_engine", default="auto")


class ShaclEngineUnsupported(UsageError):
    """pyrudof was asked for and cannot give pySHACL's report for these shapes (a construct or a
    result it handles differently); ``auto`` runs pySHACL instead."""


@contextmanager
def shacl_engine(name: str) -> Iterator[None]:
    """Validate with ``name`` (``auto``, ``pyrudof`` or ``pyshacl``) inside the block."""
    if name not in SHACL_ENGINES:
        raise UsageError(f"unknown SHACL engine {name!r}; one of {', '.join(SHACL_ENGINES)}")
    token = _ENGINE.set(name)
    try:
        yield
    finally:
        _ENGINE.reset(token)


def current_shacl_engine() -> str:
    return _ENGINE.get()


#: SHACL terms whose results pyrudof gives as pySHACL does: those of the shipped data shapes (and
#: sh:targetNode, which the SPARQL target and the rounds are given as), compared on the fixtures
#: and the corpus; anything else goes to pySHACL until it is compared too
_PYRUDOF_TERMS = frozenset(SH[t] for t in (
    "NodeShape", "Violation", "Warning", "Info", "Literal",
    "SPARQLTarget", "alternativePath", "class", "datatype", "declare", "disjoint", "hasValue",
    "maxCount", "message", "minCount", "minInclusive", "minLength", "namespace", "node", "nodeKind", "or",
    "path", "pattern", "prefix", "prefixes", "property", "qualifiedMaxCount", "qualifiedMinCount",
    "qualifiedValueShape", "select", "severity", "target", "targetClass", "targetNode",
    "targetSubjectsOf", "uniqueLang"))
#: predicates that are not constraint parameters (a shape with only these reports nothing itself)
_NOT_PARAMETERS = frozenset(SH[t] for t in (
    "path", "property", "message", "severity", "targetClass", "targetNode", "targetSubjectsOf",
    "targetObjectsOf", "target", "name", "description", "order", "group", "deactivated", "declare", "prefixes"))
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def pyrudof_unsupported(shapes: Graph) -> str | None:
    """Why pyrudof would not give pySHACL's report for ``shapes``, or None when it would."""
    sh = str(SH)
    # every SHACL term it does not take, in one sorted list: the same message whatever the
    # order the graph gives its triples in
    unsupported = sorted({term.n3(shapes.namespace_manager) for _s, p, o in shapes for term in (p, o)
                          if isinstance(term, URIRef) and str(term).startswith(sh) and term not in _PYRUDOF_TERMS})
    if unsupported:
        return f"it uses {', '.join(unsupported)}"
    for target in shapes.objects(None, SH.target):
        select = shapes.value(target, SH.select)
        if (target, RDF.type, SH.SPARQLTarget) not in shapes or select is None:
            return "a custom target that is not a SPARQL SELECT"
        if any(f"${v}" in str(select) for v in ("shapesGraph", "currentShape")):
            return "a SPARQL target that uses $shapesGraph or $currentShape"
    for shape in _reporting_shapes(shapes):
        parameters = {p for p in shapes.predicates(shape) if str(p).startswith(sh) and p not in _NOT_PARAMETERS}
        if parameters and (shape, SH.message, None) not in shapes:
            return f"the shape {shape.n3(shapes.namespace_manager)} has no sh:message (pySHACL writes its own)"
    return None


def _reporting_shapes(shapes: Graph) -> set[Any]:
    """The shapes whose results are reported (not those inside sh:or lists or qualified shapes):
    the targeted ones, and what they reach by sh:property and sh:node."""
    todo = [s for t in _TARGETS for s in shapes.subjects(t, None)]
    seen: set[Any] = set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        todo += shapes.objects(s, SH.property)
        todo += shapes.objects(s, SH.node)
    return seen


def shacl_report(data: Graph | ox.Store, shapes: Graph, *, extra: Graph | None = None,
                 engine: str | None = None, advanced: bool = True,
                 focus: Collection[str] | None = None, data_file: Path | None = None) -> tuple[Graph, str]:
    """Validate ``data`` (a graph, or a store: the union of its graphs) plus ``extra`` against
    ``shapes``, no inference, warnings allowed; the report graph in pySHACL's layout and the engine
    that made it. ``engine``: ``auto`` (the default, or what :func:`shacl_engine` set), ``pyrudof``
    or ``pyshacl``. ``focus``: validate only these focus nodes (IRIs) of the shapes' targets.
    ``data_file``: a TriG file that holds what the store ``data`` holds (its dump), which pyrudof
    reads instead of a dump of its own."""
    engine = engine or _ENGINE.get()
    if engine not in SHACL_ENGINES:
        raise UsageError(f"unknown SHACL engine {engine!r}; one of {', '.join(SHACL_ENGINES)}")
    if focus is not None and not focus:
        empty = Graph()
        report = BNode()
        empty.add((report, RDF.type, SH.ValidationReport))
        empty.add((report, SH.conforms, RDFLiteral(True)))
        return empty, "none"
    if engine != "pyshacl":
        why = pyrudof_unsupported(shapes)
        if why is None:
            try:
                return _pyrudof_report(data, shapes, extra, focus, data_file), "pyrudof"
            except ImportError:
                why = "pyrudof is not installed"
            except ShaclEngineUnsupported as e:
                why = e.message
            except Exception as e:  # noqa: BLE001 - any failure of pyrudof: the reference engine decides
                why = f"pyrudof failed: {' '.join(str(e).split())[:300]}"
        if engine == "pyrudof":
            raise ShaclEngineUnsupported(f"pyrudof cannot validate with these shapes: {why}")
        log.info("SHACL with pySHACL: pyrudof cannot be used (%s)", why)
    return _pyshacl_report(data, shapes, extra, advanced, focus), "pyshacl"


def _pyshacl_report(data: Graph | ox.Store, shapes: Graph, extra: Graph | None, advanced: bool,
                    focus: Collection[str] | None = None) -> Graph:
    import pyshacl  # lazy: pySHACL is slow to import

    if isinstance(data, ox.Store):
        from ..rdfload import to_rdflib

        graph = Graph()
        for q in data.quads_for_pattern(None, None, None, None):
            graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    else:
        graph = data
    if extra is not None and len(extra):
        if graph is data:
            graph = Graph()
            graph += data
        graph += extra
    _, results, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=advanced,
                                     allow_warnings=True, abort_on_first=False,
                                     focus_nodes=sorted(focus) if focus is not None else None)
    return results


def _pyrudof_report(data: Graph | ox.Store, shapes: Graph, extra: Graph | None,
                    focus: Collection[str] | None = None, data_file: Path | None = None) -> Graph:
    size = len(data)
    with tempfile.TemporaryDirectory(prefix="seckg-shacl-") as tmp:
        # the data as a file, which each process that validates reads
        if data_file is not None and isinstance(data, ox.Store):
            path, fmt = Path(data_file), "trig"
        elif isinstance(data, ox.Store):
            path, fmt = Path(tmp) / "data.nq", "nquads"
            data.dump(output=str(path), format=ox.RdfFormat.N_QUADS)
        else:
            path, fmt = Path(tmp) / "data.nt", "ntriples"
            path.write_text(data.serialize(format="nt"), encoding="utf-8")
        extra_nt = extra.serialize(format="nt") if extra is not None and len(extra) else None
        if focus is None and size <= ROUNDS_ABOVE:  # one run, the targets pyrudof's own
            rudof = _rudof_with(str(path), fmt, extra_nt)
            given = Graph()
            given += shapes  # the same blank nodes: their labels name the source shapes in pyrudof's results
            for shape, target in list(shapes.subject_objects(SH.target)):
                given.remove((shape, SH.target, target))
                for node in _sparql_target(rudof, shapes, target):
                    given.add((shape, SH.targetNode, node))
            outputs = [_validate_round(rudof, given.serialize(format="nt"))]
            del rudof
        else:  # the targets resolved to their nodes (by Oxigraph), validated ROUND at a time
            rounds_nt = _rounds(data, shapes, extra, focus)
            processes = max(1, min(shacl_processes(), len(rounds_nt)))
            if processes > 1 or size > ROUNDS_ABOVE:
                # in other processes: this one holds no copy of the data, and the build's rule
                # and provenance checks run here meanwhile
                outputs = _rounds_in_processes(Path(tmp), path, fmt, extra_nt, rounds_nt, processes)
            else:  # a small graph's few focus nodes (an ingest): not worth a process's start
                rudof = _rudof_with(str(path), fmt, extra_nt)
                outputs = [_validate_round(rudof, part) for part in rounds_nt]
                del rudof
    from ..rdfload import to_rdflib

    runs = []
    for raw_nt, entries in outputs:
        raw = Graph()  # read by Oxigraph: rdflib would rename the blank nodes, numbered in the entries' order
        for q in ox.parse(raw_nt, format=ox.RdfFormat.N_TRIPLES):
            raw.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        runs.append((raw, entries))
    return _as_pyshacl_report(runs, shapes)


def _rounds(data: Graph | ox.Store, shapes: Graph, extra: Graph | None,
            focus: Collection[str] | None) -> list[str]:
    """The shapes (N-Triples) once for each round: every target of every shape resolved to its
    nodes (of ``focus``, or all) in data + extra by Oxigraph, as sh:targetNode, ROUND (shape,
    node) pairs a round, in the order of their N-Triples."""
    if isinstance(data, ox.Store) and (extra is None or not len(extra)):
        index = data
    else:  # an index of the data and the extra triples, in memory
        from ..rdfload import from_rdflib

        index = ox.Store()
        if isinstance(data, ox.Store):
            index.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in data)
        else:
            index.bulk_extend(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in data)  # type: ignore[arg-type]
        if extra is not None:
            index.bulk_extend(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in extra)  # type: ignore[arg-type]
    values = "" if focus is None else "VALUES ?this { " + " ".join(f"<{n}>" for n in sorted(focus)) + " }"

    def nodes(select: str) -> set[str]:
        out = set()
        for row in index.query(select, use_default_graph_as_union=True):  # type: ignore[union-attr]
            term = row["this"]
            if isinstance(term, ox.BlankNode):
                raise ShaclEngineUnsupported("a target selects a blank node (the rounds name nodes by IRI)")
            if term is not None and (focus is None or (isinstance(term, ox.NamedNode) and term.value in focus)):
                out.add(str(term))
        return out

    kinds = {SH.targetClass: "?this a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {}",
             SH.targetSubjectsOf: "?this {} []", SH.targetObjectsOf: "[] {} ?this"}
    pairs: set[tuple[str, str]] = set()
    base = Graph()
    base += shapes
    for shape, target in list(shapes.subject_objects(SH.target)):
        base.remove((shape, SH.target, target))
        prefixes = "".join(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
                           for decl in shapes.objects(target, SH.prefixes) for d in shapes.objects(decl, SH.declare))
        select = str(shapes.value(target, SH.select)).replace("$this", "?this")
        for node in nodes(prefixes + select):
            if not node.startswith("<"):
                raise ShaclEngineUnsupported(f"a SPARQL target selects {node!r}, not an IRI")
            pairs.add((shape.n3(), node))
    for kind, pattern in kinds.items():
        for shape, term in list(shapes.subject_objects(kind)):
            base.remove((shape, kind, term))
            for node in nodes(f"SELECT DISTINCT ?this WHERE {{ {values} {pattern.format(term.n3())} }}"):
                pairs.add((shape.n3(), node))
    for shape, node in list(shapes.subject_objects(SH.targetNode)):
        base.remove((shape, SH.targetNode, node))
        if focus is None or str(node) in focus:
            pairs.add((shape.n3(), node.n3()))
    base_nt = base.serialize(format="nt")
    ordered = sorted(pairs)
    target = f" <{SH.targetNode}> "
    return [base_nt + "".join(f"{s}{target}{n} .\n" for s, n in ordered[start:start + ROUND])
            for start in range(0, max(len(ordered), 1), ROUND)]


@dataclass(frozen=True)
class _Entry:
    """What the report needs of one of pyrudof's results (sent back by a process that validated)."""

    source_shape: str
    constraint_component: str
    focus_node: str


def _rudof_with(path: str, fmt: str, extra_nt: str | None) -> Any:
    """A pyrudof engine holding the data file ``path`` (and the extra N-Triples)."""
    from .rudof_worker import engine

    return engine(path, fmt, extra_nt)


def _validate_round(rudof: Any, shapes_nt: str) -> tuple[str, list[_Entry]]:
    """One round: the shapes (N-Triples, their targets resolved) validated over the data the
    engine holds; the results as N-Triples and the entries in their order."""
    from .rudof_worker import validate_round

    raw, entries = validate_round(rudof, shapes_nt)
    return raw, [_Entry(*e) for e in entries]


def _rounds_in_processes(tmp: Path, path: Path, fmt: str, extra_nt: str | None, rounds_nt: list[str],
                         processes: int) -> list[tuple[str, list[_Entry]]]:
    """The rounds validated by ``processes`` worker processes side by side
    (:mod:`seckg.ontology.rudof_worker`, each holding the data), every ``processes``-th round
    in each; their outputs in the rounds' order."""
    import json
    import subprocess
    import sys

    extra = "-"
    if extra_nt is not None:
        (tmp / "extra.nt").write_text(extra_nt, encoding="utf-8")
        extra = str(tmp / "extra.nt")
    names = []
    for i, text in enumerate(rounds_nt):
        names.append(tmp / f"round-{i:05d}.nt")
        names[-1].write_text(text, encoding="utf-8")
    out = tmp / "results"
    out.mkdir()
    procs = [subprocess.Popen([sys.executable, "-m", "seckg.ontology.rudof_worker", str(path), fmt, extra, str(out),
                               *map(str, names[k::processes])], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for k in range(processes)]
    errors = [p.communicate()[1] for p in procs]
    for p, err in zip(procs, errors, strict=True):
        if p.returncode:
            tail = " ".join(err.decode("utf-8", "replace").split())[-300:]
            raise RuntimeError(f"a validating process exited with {p.returncode}: {tail}")
    return [((out / f"{n.stem}.nt").read_text(encoding="utf-8"),
             [_Entry(*e) for e in json.loads((out / f"{n.stem}.json").read_text(encoding="utf-8"))])
            for n in names]


def shacl_processes() -> int:
    """Processes that validate the rounds of a large graph side by side: ``SECKG_SHACL_PROCESSES``,
    else 1. Each reads and holds the data (about 0.5 GB for the 470k quads of 1,000 generated
    documents, 1.2 GB with a round of 5,000 focus nodes): two of them took 56 s there against
    46 s for one (2 cores, load 2-3), and would take a 2 GB budget past its limit."""
    import os

    value = os.environ.get("SECKG_SHACL_PROCESSES", "")
    if value.strip().isdigit() and int(value) > 0:
        return int(value)
    return 1


#: pyrudof holds about 85 KB for each focus node it validates (1.2 GB for the 14k evidence nodes
#: of 1,000 generated documents): above ROUNDS_ABOVE quads (or triples), the targets are resolved
#: to their nodes and validated ROUND (shape, node) pairs at a time, in up to
#: :func:`shacl_processes` processes of their own
ROUNDS_ABOVE = 250_000
ROUND = 5_000


def _sparql_target(rudof: Any, shapes: Graph, target: Any) -> list[Any]:
    """The nodes a SPARQL target selects in the data pyrudof holds."""
    from rdflib.util import from_n3

    prefixes = "".join(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
                       for decl in shapes.objects(target, SH.prefixes) for d in shapes.objects(decl, SH.declare))
    select = str(shapes.value(target, SH.select)).replace("$this", "?this")
    rudof.read_query(prefixes + select)
    nodes = []
    for row in rudof.run_query():
        text = row.get("?this")
        node = from_n3(text) if text else None
        if not isinstance(node, URIRef):
            raise ShaclEngineUnsupported(f"a SPARQL target selects {text!r}, not an IRI")
        nodes.append(node)
    return nodes


def _component_parameter(component: Any) -> Any:
    """sh:QualifiedMinCountConstraintComponent -> sh:qualifiedMinCount."""
    name = str(component)[len(str(SH)):].removesuffix("ConstraintComponent")
    return SH[name[:1].lower() + name[1:]]


def _as_pyshacl_report(runs: list[tuple[Graph, list[Any]]], shapes: Graph) -> Graph:
    """pyrudof's reports (each ``raw`` graph with its top-level ``entries``) as one report that
    pySHACL would write: the source shape and path copied from the shapes graph, the shapes' own
    messages, and nested results (sh:detail) only under sh:node results, as pySHACL gives them."""
    by_label = {str(n): n for n in shapes.all_nodes()}
    out = Graph(bind_namespaces="core")
    for prefix, ns in shapes.namespace_manager.namespaces():
        out.namespace_manager.bind(prefix, ns)
    report = BNode()
    out.add((report, RDF.type, SH.ValidationReport))
    cloned: dict[Any, Any] = {}

    def copy(node: Any) -> Any:
        if not isinstance(node, BNode):
            return node
        if node not in cloned:
            cloned[node] = _clone(shapes, node, out, keep_id=True)
        return cloned[node]

    def add(raw: Graph, result: Any, shape: Any, parent: Any | None) -> None:
        node = BNode()
        out.add((parent, SH.detail, node) if parent is not None else (report, SH.result, node))
        component = raw.value(result, SH.sourceConstraintComponent)
        out.add((node, RDF.type, SH.ValidationResult))
        out.add((node, SH.sourceConstraintComponent, component))
        out.add((node, SH.sourceShape, copy(shape)))
        out.add((node, SH.resultSeverity, shapes.value(shape, SH.severity) or SH.Violation))
        out.add((node, SH.focusNode, raw.value(result, SH.focusNode)))
        value = raw.value(result, SH.value)
        if value is not None:
            out.add((node, SH.value, value))
        path = shapes.value(shape, SH.path)
        if path is not None:
            out.add((node, SH.resultPath, copy(path)))
        for m in shapes.objects(shape, SH.message):
            out.add((node, SH.resultMessage, m))
        if component != SH.NodeConstraintComponent:
            return
        for detail in raw.objects(result, SH.detail):
            add(raw, detail, _detail_shape(raw, detail, shape, shapes), node)

    violated = False
    for raw, entries in runs:
        report_node = raw.value(None, RDF.type, SH.ValidationReport)
        # pyrudof numbers the results _:b1, _:b2, ... in the order of its entries
        top = sorted(raw.objects(report_node, SH.result), key=lambda n: int(str(n).lstrip("b") or -1))
        if len(top) != len(entries):
            raise ShaclEngineUnsupported("pyrudof's report and its entries differ")
        violated = _add_run(raw, top, entries, shapes, by_label, add) or violated
    out.add((report, SH.conforms, RDFLiteral(not violated)))
    return out


def _add_run(raw: Graph, top: list[Any], entries: list[Any], shapes: Graph, by_label: dict[str, Any],
             add: Any) -> bool:
    """Add one run's results; whether one of them is a violation."""
    violated = False
    for result, entry in zip(top, entries, strict=True):
        label = str(entry.source_shape).removeprefix("_:").strip("<>")
        shape = by_label.get(label)
        focus = raw.value(result, SH.focusNode)
        if shape is None or str(raw.value(result, SH.sourceConstraintComponent)) != str(entry.constraint_component) \
                or (str(focus) != str(entry.focus_node).strip("<>") and not isinstance(focus, RDFLiteral)):
            raise ShaclEngineUnsupported("a result of pyrudof could not be matched with its shape")
        violated = violated or (shapes.value(shape, SH.severity) or SH.Violation) == SH.Violation
        add(raw, result, shape, None)
    return violated


def _detail_shape(raw: Graph, detail: Any, parent_shape: Any, shapes: Graph) -> Any:
    """The shape a nested result comes from: the node shape of the parent's sh:node, or one of its
    property shapes, the one with the result's path and constraint."""
    parameter = _component_parameter(raw.value(detail, SH.sourceConstraintComponent))
    path = raw.value(detail, SH.resultPath)
    candidates = []
    for node_shape in shapes.objects(parent_shape, SH.node):
        for shape in (node_shape, *shapes.objects(node_shape, SH.property)):
            own = shapes.value(shape, SH.path)
            same_path = (own is None and path is None) or (isinstance(own, URIRef) and own == path) or (
                isinstance(own, BNode) and isinstance(path, BNode))
            if (shape, parameter, None) in shapes and same_path:
                candidates.append(shape)
    if len(candidates) > 1:  # two with the same path (qualified shapes): the one pyrudof's message names
        said = " ".join(str(m) for m in raw.objects(detail, SH.resultMessage))
        candidates = [c for c in candidates
                      if any(f"_:{n}" in said for n in (c, *shapes.objects(c, None)) if isinstance(n, BNode))]
    if len(candidates) != 1:
        raise ShaclEngineUnsupported("a nested result of pyrudof could not be matched with its shape")
    return candidates[0]


def _clone(source: Graph, node: Any, target: Graph, *, keep_id: bool = False, depth: int = 0) -> Any:
    """A blank node and all it reaches through blank nodes, copied (pySHACL's clone_blank_node)."""
    if not isinstance(node, BNode):
        return node
    copy = BNode(str(node)) if keep_id else BNode()
    if depth >= 10:
        return copy
    for p, o in source.predicate_objects(node):
        target.add((copy, p, _clone(source, o, target, depth=depth + 1)))
    return copy
