"""Validation of a built dataset: the SHACL data shapes over the union of its graphs (with the
ontology and the reference lexicon, which the store holds), and the provenance check: every
named graph of facts has its evidence node, and every evidence quote is what its document's text
holds at its offsets."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from seckg.iribase import rebase_text
from seckg.ontology.check import Finding, check_data
from seckg.rdfload import to_rdflib

__all__ = ["Finding", "ValidationResult", "validate_store", "check_provenance", "union_graph"]


@dataclass
class ValidationResult:
    findings: list[Finding] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    engine: str | None = None  # the SHACL engine that ran (pyrudof or pyshacl)

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def union_graph(store: ox.Store, *, exclude: frozenset[str] = frozenset()) -> Graph:
    """Every triple of the store (default graph and named graphs, less the named graphs in
    ``exclude``) in one rdflib graph."""
    g = Graph()
    for q in store.quads_for_pattern(None, None, None, None):
        if exclude and not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name.value in exclude:
            continue
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return g


_PROVENANCE = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX seckg: <https://w3id.org/seckg/ontology#>
SELECT ?ev ?exact ?start ?end ?text WHERE {
  ?ev a seckg:Evidence ; oa:hasTarget ?t .
  ?t oa:hasSource ?doc ; oa:hasSelector ?q, ?p .
  ?q a oa:TextQuoteSelector ; oa:exact ?exact .
  ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?doc seckg:text ?text .
}
"""

_UNANCHORED = rebase_text("""
PREFIX seckg: <https://w3id.org/seckg/ontology#>
SELECT DISTINCT ?g WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/seckg/id/evidence/"))
  FILTER NOT EXISTS { ?g a seckg:Evidence }
}
""")


def check_provenance(store: ox.Store) -> list[Finding]:
    """Every evidence's exact quote is its document's text at its offsets; every evidence graph
    has its evidence node."""
    findings = []
    for row in store.query(_PROVENANCE):
        text = row["text"].value
        start, end = int(row["start"].value), int(row["end"].value)
        if text[start:end] != row["exact"].value:
            findings.append(Finding("error", "provenance", row["ev"].value,
                                    f"the quote is not what the text holds at {start}-{end}"))
    for row in store.query(_UNANCHORED):
        findings.append(Finding("error", "provenance", row["g"].value,
                                "a named graph of facts has no evidence node"))
    return findings


#: Rule checks that were SPARQL constraints of the data shapes (pySHACL parsed them again for
#: every focus node): the build runs them on the engine beside the shapes.
FORMER_SHAPE_CHECKS = ("bilateral-relation-same-party-violation", "evidence-position-violation")


def former_shape_findings(store: ox.Store) -> list[Finding]:
    """The findings of :data:`FORMER_SHAPE_CHECKS` on the store (errors, as the constraints were)."""
    from importlib.resources import files

    findings = []
    for name in FORMER_SHAPE_CHECKS:
        text = rebase_text(files("seckg.queries").joinpath(f"checks/{name}.rq").read_text(encoding="utf-8"))
        for row in store.query(text, use_default_graph_as_union=True):  # type: ignore[union-attr]
            findings.append(Finding("error", "shacl", row["focus"].value, row["message"].value))
    return findings


def validate_store(store: ox.Store) -> ValidationResult:
    """SHACL (data shapes, and the rule checks that were shape constraints) and the provenance
    check of a built store."""
    result = ValidationResult()
    t0 = time.perf_counter()
    report = check_data(store, ontology=Graph())  # the store holds the ontology
    result.engine = report.shacl_engine
    result.findings += report.findings
    result.findings += former_shape_findings(store)
    result.seconds["shacl"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    result.findings += check_provenance(store)
    result.seconds["provenance"] = time.perf_counter() - t1
    return result
