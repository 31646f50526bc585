"""Validation of a built dataset: the SHACL data shapes over the union of its graphs (with the
ontology and the reference lexicon, which the store holds), and the provenance check: every
named graph of facts has its evidence node, and every evidence quote is what its document's text
holds at its offsets."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph

from seckg.iribase import rebase_text
from seckg.ontology.check import Finding, check_data
from seckg.rdfload import to_rdflib

__all__ = ["Finding", "ValidationResult", "validate_store", "check_provenance", "union_graph",
           "affected_focus_nodes", "read_depth"]


@dataclass
class ValidationResult:
    findings: list[Finding] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    engine: str | None = None  # the SHACL engine that ran (pyrudof or pyshacl)
    #: the data shapes' own findings (a part of ``findings``), kept for the next incremental validation
    shape_findings: list[Finding] = field(default_factory=list)
    #: how many focus nodes an incremental validation validated again (None: all of them)
    revalidated: int | None = None

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


def validate_store(store: ox.Store, *, previous: ValidationResult | None = None,
                   added: Iterable[ox.Quad] = (), removed: Iterable[ox.Quad] = ()) -> ValidationResult:
    """SHACL (data shapes, and the rule checks that were shape constraints) and the provenance
    check of a built store.

    Incremental: given the ``previous`` validation of the store before ``added`` quads were added
    and ``removed`` ones removed, the data shapes validate again only the focus nodes those quads
    can change (:func:`affected_focus_nodes`) and keep the previous findings of the others: the
    same findings as a full validation. The rule checks and the provenance check run in full (they
    are queries on the engine). Falls back to a full validation when the change cannot be bounded
    (the ontology changed, a blank node, a path of any length)."""
    result = ValidationResult()
    t0 = time.perf_counter()
    focus = None
    if previous is not None:
        focus = affected_focus_nodes(store, added, removed)
    report = check_data(store, ontology=Graph(), focus=focus)  # the store holds the ontology
    result.engine = report.shacl_engine
    if focus is None or previous is None:
        result.shape_findings = list(report.findings)
    else:
        result.revalidated = len(focus)
        kept = [f for f in previous.shape_findings if f.focus not in focus]
        result.shape_findings = sorted(kept + report.findings, key=lambda f: (f.severity, f.focus or "", f.message))
    result.findings += result.shape_findings
    result.findings += former_shape_findings(store)
    result.seconds["shacl"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    result.findings += check_provenance(store)
    result.seconds["provenance"] = time.perf_counter() - t1
    return result


_ONTOLOGY_GRAPH = "https://w3id.org/seckg/graph/ontology"


def affected_focus_nodes(store: ox.Store, added: Iterable[ox.Quad], removed: Iterable[ox.Quad],
                         shapes: Graph | None = None) -> set[str] | None:
    """The focus nodes whose validation by ``shapes`` (the data shapes) may change when ``added``
    and ``removed`` quads change ``store`` (which already holds the change); None when it cannot be
    bounded.

    A shape reads the triples of its focus node and of the nodes its paths reach, as deep as its
    paths and nested shapes (sh:node, sh:or, ...) go (:func:`read_depth`): a focus node is
    affected when a node that many steps ahead of it, or itself, is the subject of a changed quad.
    So: the subjects of the changed quads, then the subjects of the quads pointing at them, that
    many times (in every graph: the shapes validate their union)."""
    from seckg.ontology import load_shapes

    shapes = shapes if shapes is not None else load_shapes("data")
    depth = read_depth(shapes)
    if depth is None:
        return None
    frontier: set[str] = set()
    for q in (*added, *removed):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == _ONTOLOGY_GRAPH:
            return None  # the classes the targets and sh:class see
        if not isinstance(q.subject, ox.NamedNode):
            return None  # a blank node: its findings cannot be told apart from another's
        frontier.add(q.subject.value)
    affected = set(frontier)
    for _ in range(depth):
        nxt: set[str] = set()
        for node in frontier:
            for q in store.quads_for_pattern(None, None, ox.NamedNode(node), None):
                if not isinstance(q.subject, ox.NamedNode):
                    return None
                if q.subject.value not in affected:
                    nxt.add(q.subject.value)
        affected |= nxt
        frontier = nxt
        if not frontier:
            break
    return affected


def read_depth(shapes: Graph) -> int | None:
    """How many steps from a focus node the shapes read triples (0: the focus node's own); None
    when unbounded (a recursive shape, a path of any length) or read backwards (an inverse path,
    sh:targetObjectsOf), which this count does not follow."""
    from rdflib import RDF as RDFNS
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    if (None, SH.targetObjectsOf, None) in shapes:
        return None

    def path_length(path: object) -> int | None:
        if not isinstance(path, BNode):
            return 1
        if (path, RDFNS.first, None) in shapes:
            total = 0
            for step in Collection(shapes, path):
                n = path_length(step)
                if n is None:
                    return None
                total += n
            return total
        alternatives = shapes.value(path, SH.alternativePath)
        if alternatives is not None:
            lengths = [path_length(a) for a in Collection(shapes, alternatives)]
            return None if None in lengths else max(lengths, default=0)  # type: ignore[type-var]
        return None  # inverse, zero-or-more, one-or-more, zero-or-one: not followed

    def depth(shape: object, seen: frozenset[object]) -> int | None:
        if shape in seen:
            return None
        seen = seen | {shape}
        out = 0
        nested = [*shapes.objects(shape, SH.node), *shapes.objects(shape, SH.qualifiedValueShape),
                  *shapes.objects(shape, SH["not"])]
        for kind in (SH["or"], SH["and"], SH.xone):
            for lst in shapes.objects(shape, kind):
                nested += list(Collection(shapes, lst))
        for inner in nested:  # applied to the same node (the values, for a property shape)
            d = depth(inner, seen)
            if d is None:
                return None
            out = max(out, d)
        for prop in shapes.objects(shape, SH.property):
            steps = path_length(shapes.value(prop, SH.path))
            d = depth(prop, seen)
            if steps is None or d is None:
                return None
            out = max(out, steps + d)
        return out

    targeted = {s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.target)
                for s in shapes.subjects(p, None)}
    depths = [depth(s, frozenset()) for s in targeted]
    return None if None in depths else max(depths, default=0)  # type: ignore[type-var]
