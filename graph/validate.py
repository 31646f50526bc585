"""Validation of a built dataset: the SHACL data shapes over the union of its graphs (with the
ontology and the reference lexicon, which the store holds), and the provenance check: every
named graph of facts has its evidence node, and every evidence quote is what its document's text
holds at its offsets."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph

from seckg.errors import StoreError
from seckg.iribase import rebase_text
from seckg.ontology.check import Finding, check_data
from seckg.rdfload import to_rdflib

__all__ = ["Finding", "ValidationResult", "validate_store", "check_provenance", "union_graph",
           "affected_focus_nodes", "read_depth", "validation_fingerprint", "VALIDATION_FORMAT"]

#: The format of a stored validation (``validation.json`` beside the store: :meth:`ValidationResult.to_json`)
VALIDATION_FORMAT = "seckg-validation/1"


@dataclass
class ValidationResult:
    findings: list[Finding] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    engine: str | None = None  # the SHACL engine that ran (pyrudof or pyshacl)
    #: the data shapes' own findings (a part of ``findings``), kept for the next incremental validation
    shape_findings: list[Finding] = field(default_factory=list)
    #: for each of ``shape_findings``, the focus node of the top-level SHACL result it belongs to
    #: (a nested result's own focus node is a value of that node)
    shape_owners: list[str | None] = field(default_factory=list)
    #: the rule checks' findings and the provenance check's (parts of ``findings``)
    rule_findings: list[Finding] = field(default_factory=list)
    provenance_findings: list[Finding] = field(default_factory=list)
    #: how many focus nodes an incremental validation validated again (None: all of them)
    revalidated: int | None = None

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def to_json(self) -> dict[str, object]:
        """What the next incremental validation needs (written beside the store by build and
        ingest), with the fingerprint of the shapes and checks that made it."""
        def rows(findings: list[Finding]) -> list[list[str | None]]:
            return [[f.severity, f.layer, f.focus, f.message] for f in findings]

        return {"format": VALIDATION_FORMAT, "fingerprint": validation_fingerprint(), "engine": self.engine,
                "conforms": self.conforms, "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
                "revalidated": self.revalidated,
                "shape_findings": [[*r, o] for r, o in zip(rows(self.shape_findings), self.shape_owners, strict=True)],
                "rule_findings": rows(self.rule_findings), "provenance_findings": rows(self.provenance_findings)}

    @classmethod
    def from_json(cls, data: object, source: Path | str = "validation.json") -> ValidationResult | None:
        """A stored validation; None when it was made by other shapes or checks (it cannot be
        reused: validate in full). A damaged file is a :class:`StoreError` naming it."""
        try:
            if not isinstance(data, dict) or data.get("format") != VALIDATION_FORMAT:
                raise ValueError(f"not a {VALIDATION_FORMAT} file")
            if data.get("fingerprint") != validation_fingerprint():
                return None

            def findings(key: str, width: int = 4) -> list[list[str | None]]:
                rows = data[key]
                if not isinstance(rows, list) or any(not isinstance(r, list) or len(r) != width for r in rows):
                    raise ValueError(f"{key}: not a list of {width}-item rows")
                return rows

            shapes = findings("shape_findings", 5)
            result = cls(engine=data.get("engine"), seconds=dict(data.get("seconds") or {}))
            result.shape_findings = [Finding(r[0], r[1], r[2], r[3]) for r in shapes]  # type: ignore[arg-type]
            result.shape_owners = [r[4] for r in shapes]
            result.rule_findings = [Finding(*r) for r in findings("rule_findings")]  # type: ignore[arg-type]
            result.provenance_findings = [Finding(*r) for r in findings("provenance_findings")]  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError) as e:
            raise StoreError(f"{source}: not a stored validation ({e}); run 'seckg build' to rebuild it") from None
        result.findings = [*result.shape_findings, *result.rule_findings, *result.provenance_findings]
        return result

    @classmethod
    def read(cls, path: Path) -> ValidationResult | None:
        """The validation stored at ``path``; None when there is none or it cannot be reused."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as e:
            raise StoreError(f"{path}: unreadable ({e}); run 'seckg build' to rebuild it") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise StoreError(f"{path}: not JSON ({e}); run 'seckg build' to rebuild it") from None
        return cls.from_json(data, path)


_FINGERPRINT: str | None = None


def validation_fingerprint() -> str:
    """SHA-256 of what the findings depend on besides the data: the data shapes' file, the IRI
    base they are moved to, the rule checks that were shape constraints, and the stored result's
    format. A stored validation with another fingerprint is not reused."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        from importlib.resources import files

        from seckg.iribase import BASE

        h = hashlib.sha256(f"{VALIDATION_FORMAT}\n{BASE}\n".encode())
        h.update(files("seckg.ontology").joinpath("shapes/data.ttl").read_bytes())
        for name in FORMER_SHAPE_CHECKS:
            h.update(rebase_text(files("seckg.queries").joinpath(f"checks/{name}.rq").read_text(encoding="utf-8"))
                     .encode())
        _FINGERPRINT = h.hexdigest()
    return _FINGERPRINT


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


def check_provenance(store: ox.Store, nodes: Collection[str] | None = None) -> list[Finding]:
    """Every evidence's exact quote is its document's text at its offsets; every evidence graph
    has its evidence node. ``nodes``: check only these evidence nodes and graph names (IRIs)."""
    findings = []
    if nodes is not None and not nodes:
        return findings
    quotes, unanchored = _PROVENANCE, _UNANCHORED
    if nodes is not None:
        values = " ".join(f"<{n}>" for n in sorted(nodes))
        quotes = _PROVENANCE.replace("WHERE {", f"WHERE {{ VALUES ?ev {{ {values} }}", 1)
        unanchored = _UNANCHORED.replace("WHERE {", f"WHERE {{ VALUES ?g {{ {values} }}", 1)
    for row in store.query(quotes):
        text = row["text"].value
        start, end = int(row["start"].value), int(row["end"].value)
        if text[start:end] != row["exact"].value:
            findings.append(Finding("error", "provenance", row["ev"].value,
                                    f"the quote is not what the text holds at {start}-{end}"))
    for row in store.query(unanchored):
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


def _order(f: Finding) -> tuple[str, str, str]:
    return f.severity, f.focus or "", f.message


def validate_store(store: ox.Store, *, previous: ValidationResult | None = None,
                   added: Iterable[ox.Quad] = (), removed: Iterable[ox.Quad] = (),
                   dump: Path | None = None) -> ValidationResult:
    """SHACL (data shapes, and the rule checks that were shape constraints) and the provenance
    check of a built store.

    Incremental: given the ``previous`` validation of the store before ``added`` quads were added
    and ``removed`` ones removed, the data shapes validate again only the focus nodes those quads
    can change (:func:`affected_focus_nodes`) and keep the previous findings of the others; the
    provenance check does the same for the evidence nodes and graphs among them (it reads two
    steps ahead of an evidence node, fewer than the shapes). The same findings as a full
    validation. The rule checks run in full (queries on the engine). Falls back to a full
    validation when the change cannot be bounded (the ontology changed, a blank node, a path of
    any length).

    The data shapes run in another thread (pyrudof validates a large graph's rounds in other
    processes, :func:`~seckg.ontology.check.shacl_processes`) while the rule checks and the
    provenance check run on the store: ``seconds`` holds each one's own time (they overlap) and
    the ``total``. ``dump``: the store's TriG dump, if one was written (pyrudof reads it instead
    of a dump of its own)."""
    import contextvars
    from concurrent.futures import ThreadPoolExecutor

    result = ValidationResult()
    t0 = time.perf_counter()
    added, removed = list(added), list(removed)
    focus = None
    if previous is not None and len(previous.shape_owners) == len(previous.shape_findings):
        focus = affected_focus_nodes(store, added, removed, at_least=2)
    with ThreadPoolExecutor(1, thread_name_prefix="seckg-shacl") as pool:
        # SHACL in another thread (its engine mostly in other processes, or in Rust), the rule
        # checks and the provenance check on the store meanwhile
        shacl = pool.submit(contextvars.copy_context().run, _timed, check_data, store, ontology=Graph(), focus=focus,
                            data_file=dump)
        t1 = time.perf_counter()
        result.rule_findings = former_shape_findings(store)
        result.seconds["rules"] = time.perf_counter() - t1
        t1 = time.perf_counter()
        if focus is None or previous is None:
            result.provenance_findings = sorted(check_provenance(store), key=_order)
        else:
            # an evidence node's check reads its target, the target's selectors and its
            # document: two steps ahead, inside what the shapes read (``focus``); a graph's, its name
            again = focus | {q.graph_name.value for q in (*added, *removed) if isinstance(q.graph_name, ox.NamedNode)}
            kept = [f for f in previous.provenance_findings if f.focus not in again]
            result.provenance_findings = sorted(kept + check_provenance(store, again), key=_order)
        result.seconds["provenance"] = time.perf_counter() - t1
        report, result.seconds["shacl"] = shacl.result()
    result.engine = report.shacl_engine
    owners = report.owners if len(report.owners) == len(report.findings) else [f.focus for f in report.findings]
    if focus is None or previous is None:
        result.shape_findings, result.shape_owners = list(report.findings), list(owners)
    else:
        result.revalidated = len(focus)
        pairs = [(f, o) for f, o in zip(previous.shape_findings, previous.shape_owners, strict=True)
                 if o not in focus]
        pairs += zip(report.findings, owners, strict=True)
        pairs.sort(key=lambda p: _order(p[0]))
        result.shape_findings = [f for f, _o in pairs]
        result.shape_owners = [o for _f, o in pairs]
    result.findings = [*result.shape_findings, *result.rule_findings, *result.provenance_findings]
    result.seconds["total"] = time.perf_counter() - t0
    result.seconds = {k: result.seconds[k] for k in ("shacl", "rules", "provenance", "total")}
    return result


def _timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


_ONTOLOGY_GRAPH = "https://w3id.org/seckg/graph/ontology"


def affected_focus_nodes(store: ox.Store, added: Iterable[ox.Quad], removed: Iterable[ox.Quad],
                         shapes: Graph | None = None, *, at_least: int = 0) -> set[str] | None:
    """The focus nodes whose validation by ``shapes`` (the data shapes) may change when ``added``
    and ``removed`` quads change ``store`` (which already holds the change); None when it cannot be
    bounded.

    A shape reads the triples of its focus node and of the nodes its paths reach, as deep as its
    paths and nested shapes (sh:node, sh:or, ...) go (:func:`read_depth`): a focus node is
    affected when a node that many steps ahead of it, or itself, is the subject of a changed quad.
    So: the subjects of the changed quads, then the subjects of the quads pointing at them, that
    many times (in every graph: the shapes validate their union); at least ``at_least`` times."""
    from seckg.ontology import load_shapes

    shapes = shapes if shapes is not None else load_shapes("data")
    depth = read_depth(shapes)
    if depth is None:
        return None
    depth = max(depth, at_least)
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
