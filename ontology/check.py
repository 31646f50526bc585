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

import time
from dataclasses import dataclass, field
from typing import Literal

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SH

from ..errors import SeckgError
from . import load_ontology, load_shapes

__all__ = ["Finding", "CheckReport", "check_ontology", "check_data", "shacl_findings"]

Severity = Literal["error", "warning", "info"]

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


def check_data(data: Graph, *, ontology: Graph | None = None) -> CheckReport:
    """Validate ``data`` against ``shapes/data.ttl``, over data + ontology (no inference).

    The ontology gives pySHACL the subclass hierarchy (``sh:targetClass``, ``sh:class``) and the
    SKOS concepts and schemes the shapes refer to. pySHACL's own ``ont_graph`` is not used: it
    copies only RDFS/OWL axioms, not the SKOS individuals. ``data`` itself is not modified.
    """
    report = CheckReport()
    t0 = time.perf_counter()
    union = Graph()
    union += data
    union += ontology if ontology is not None else load_ontology()
    report.findings += shacl_findings(union, load_shapes("data"), layer="shacl", advanced=True)
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
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        focus = results.value(result, SH.focusNode)
        messages = [str(m) for m in results.objects(result, SH.resultMessage)]
        english = [
            str(m)
            for m in results.objects(result, SH.resultMessage)
            if getattr(m, "language", None) == "en"
        ]
        findings.append(
            Finding(
                severity=_SEVERITY.get(severity, "error"),
                layer=layer,
                focus=str(focus) if focus is not None else None,
                message=(english or messages or ["(no message)"])[0],
            )
        )
    return sorted(findings, key=lambda f: (f.severity, f.focus or "", f.message))


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
