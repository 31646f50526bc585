"""What changed between two versions of the graph or the ontology, in terms of knowledge.

:func:`diff_graphs` compares two RDF datasets named graph by named graph (graphs are matched by
name). Within a graph, triples without blank nodes are compared as sets; the triples that hold
blank nodes (OWL axioms: restrictions, ``owl:AllDisjointClasses`` lists, unions) are compared
after canonical relabelling (:func:`rdflib.compare.to_canonical_graph`), so renaming blank
nodes is not a change. A triple that only moved from one graph to another counts as removed
from the one and added to the other, and is counted apart as moved.

The result is grouped for people: by the class of each changed triple's subject (``rdf:type``
in either version, labelled from whatever graph gives an ``rdfs:label``/``skos:prefLabel``),
and, for facts read from a text, by source sentence: the exact words of the evidence
(``oa:hasTarget/oa:hasSelector/oa:exact`` in the default graph of the version that has them).
:func:`render_text`, :func:`render_markdown` and :func:`to_json` present it.

:func:`load_version` reads one side: an RDF file in any format :mod:`seckg.rdfload` knows, or a
data dir written by ``seckg build`` (its ``seckg.trig``), always through the secure loader.

Limits: blank nodes are canonicalised per graph, so a blank node shared by two graphs is two
nodes here; named graphs named by blank nodes cannot be matched across versions and show as
removed and added.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, SKOS, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from seckg.errors import InputError
from seckg.rdfload import load_dataset

from .iris import ID

__all__ = [
    "Quad",
    "SentenceGroup",
    "ClassGroup",
    "GraphDiff",
    "diff_graphs",
    "load_version",
    "render_text",
    "render_markdown",
    "to_json",
    "compact",
]

OA = Namespace("http://www.w3.org/ns/oa#")
SECKG = Namespace("https://w3id.org/seckg/ontology#")
EVIDENCE_PREFIX = ID + "evidence/"

#: The most blank nodes one connected group may hold. Groups are compared by isomorphism
#: (rdflib's canonical labelling), whose cost grows faster than the group: 100 chained blank
#: nodes take 0.2 s, 700 take 9 s. seckg's own groups (OWL axioms, RDF lists) hold at most 21;
#: larger ones are refused rather than left to run for minutes.
MAX_BNODE_GROUP = 200
#: The most blank nodes in all groups of one version together.
MAX_BNODES = 20_000

#: The file a data dir holds the whole dataset in (see :mod:`seckg.graph.build`).
DATA_DIR_FILE = "seckg.trig"

#: Prefixes for showing terms compactly (``id:state/china``, ``seckg:Partnership``).
PREFIXES: dict[str, str] = {
    "id": ID,
    "seckg": str(SECKG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": str(SKOS),
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": str(OA),
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "wd": "http://www.wikidata.org/entity/",
}
_BARE_DATATYPES = {
    "http://www.w3.org/2001/XMLSchema#integer",
    "http://www.w3.org/2001/XMLSchema#decimal",
    "http://www.w3.org/2001/XMLSchema#boolean",
}
_LABEL_MAX = 60
_EVIDENCE_RANGE = re.compile(r"^(?P<doc>.*)/(?P<start>\d+)-(?P<end>\d+)$")

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True, order=True)
class Quad:
    """One triple in one graph (``graph`` is None for the default graph)."""

    s: Node
    p: Node
    o: Node
    graph: Node | None = None


@dataclass
class SentenceGroup:
    """The changed triples that one piece of evidence supports, under its exact words."""

    evidence: URIRef
    exact: str | None
    quads: list[Quad] = field(default_factory=list)


@dataclass
class ClassGroup:
    """The changed triples whose subject has this class (None: the subject has no type)."""

    cls: Node | None
    label: str | None
    quads: list[Quad] = field(default_factory=list)  # not tied to a sentence
    sentences: list[SentenceGroup] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.quads) + sum(len(s.quads) for s in self.sentences)


@dataclass
class GraphDiff:
    """The difference between two datasets, and what is needed to present it."""

    added: list[Quad]
    removed: list[Quad]
    graphs_added: list[Node]
    graphs_removed: list[Node]
    #: triples that were removed from one graph and added to another (counted in both lists)
    moved: int
    facts_added: Counter[Node | None]
    facts_removed: Counter[Node | None]
    facts_changed: Counter[Node | None]
    added_groups: list[ClassGroup]
    removed_groups: list[ClassGroup]
    labels: dict[Node, str]
    bnode_names: dict[tuple[Node | None, Node], str]
    old_name: str = "old"
    new_name: str = "new"

    @property
    def equal(self) -> bool:
        return not self.added and not self.removed

    def term(self, t: Node, graph: Node | None = None, *, label: bool = True) -> str:
        """A term as people read it: ``id:state/china (China)``, ``_:b1``, ``"text"@en``."""
        if isinstance(t, BNode):
            return self.bnode_names.get((graph, t), f"_:{t}")
        text = compact(t)
        if label and isinstance(t, URIRef) and not str(t).startswith(EVIDENCE_PREFIX):
            lab = self.labels.get(t)
            if lab:
                text += f" ({lab})"
        return text


# --- loading ------------------------------------------------------------------------------------


def load_version(path: str | Path) -> Dataset:
    """One side of a diff: an RDF file, or a data dir of ``seckg build`` (its ``seckg.trig``)."""
    p = Path(path)
    if p.is_dir():
        trig = p / DATA_DIR_FILE
        if not trig.is_file():
            raise InputError(
                f"a folder given to diff must hold {DATA_DIR_FILE} (run 'seckg --data-dir {p} build')",
                source=str(p),
            )
        p = trig
    elif not p.exists():
        raise InputError("no such file or folder", source=str(p))
    return load_dataset(p)


# --- comparing ----------------------------------------------------------------------------------


def _graph_name(g: Graph) -> Node | None:
    return None if g.identifier == DATASET_DEFAULT_GRAPH_ID else g.identifier


def _canonical_graphs(ds: Dataset) -> dict[Node | None, set[Triple]]:
    """Each non-empty graph of ``ds`` as a set of triples, blank nodes relabelled canonically."""
    out: dict[Node | None, set[Triple]] = {}
    for g in ds.graphs():
        if len(g) == 0:
            continue
        triples = out.setdefault(_graph_name(g), set())
        with_bnodes: list[Triple] = []
        for s, p, o in g:
            if isinstance(s, BNode) or isinstance(o, BNode):
                with_bnodes.append((s, p, o))
            else:
                triples.add((s, p, o))
        components = _bnode_components(with_bnodes)
        total = 0
        for component in components:
            size = len({t for triple in component for t in (triple[0], triple[2]) if isinstance(t, BNode)})
            total += size
            if size > MAX_BNODE_GROUP or total > MAX_BNODES:
                where = "the default graph" if _graph_name(g) is None else f"graph <{_graph_name(g)}>"
                raise InputError(f"{where} holds a structure of {size} connected blank nodes ({total} so far); "
                                 f"diff compares at most {MAX_BNODE_GROUP} in one structure and {MAX_BNODES} in "
                                 "all by isomorphism: give the nodes IRIs")
            triples |= _canonical_component(component)
    return out


def _canonical_component(component: Graph) -> set[Triple]:
    """The triples of one connected group, blank nodes named by the group's canonical form
    (a digest of all its canonical triples, then the node's canonical label), so that labels
    never collide between groups and a group that changed at all gets all new labels."""
    canonical = list(to_canonical_graph(component))
    digest = sha256("\n".join(sorted(" ".join(t.n3() for t in triple) for triple in canonical))
                    .encode("utf-8")).hexdigest()[:16]

    def rename(t: Node) -> Node:
        return BNode(f"c{digest}{t}") if isinstance(t, BNode) else t

    return {(rename(s), p, rename(o)) for s, p, o in canonical}


def _bnode_components(triples: list[Triple]) -> list[Graph]:
    """The triples that hold blank nodes, split into groups connected through blank nodes (one
    OWL axiom each, with the triples that point at it).

    Triples without blank nodes play no part in blank node identity, and canonical labels are
    computed per group, so an axiom that did not change keeps its labels however the others
    changed; comparing the groups' canonical triples decides isomorphism of the whole graph.
    """
    parent: dict[Node, Node] = {}

    def find(x: Node) -> Node:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s, _p, o in triples:
        if isinstance(s, BNode) and isinstance(o, BNode):
            parent[find(s)] = find(o)
    groups: dict[Node, Graph] = {}
    for s, p, o in triples:
        root = find(s if isinstance(s, BNode) else o)
        groups.setdefault(root, Graph()).add((s, p, o))
    return list(groups.values())


def _is_evidence(graph: Node | None) -> bool:
    return isinstance(graph, URIRef) and str(graph).startswith(EVIDENCE_PREFIX)


def _evidence_key(ev: Node) -> tuple[str, int, int, str]:
    m = _EVIDENCE_RANGE.match(str(ev))
    if m:
        return (m.group("doc"), int(m.group("start")), int(m.group("end")), str(ev))
    return (str(ev), 0, 0, str(ev))


def _sentence_of(q: Quad) -> URIRef | None:
    """The evidence a changed triple belongs to: the evidence graph it is in, or, in the default
    graph, the evidence node it describes (its annotation, target and selectors) or links to."""
    if _is_evidence(q.graph):
        return q.graph  # type: ignore[return-value]
    if q.graph is None:
        if isinstance(q.s, URIRef) and str(q.s).startswith(EVIDENCE_PREFIX):
            return URIRef(str(q.s).split("#", 1)[0])
        if q.p == SECKG.hasEvidence and isinstance(q.o, URIRef) and _is_evidence(q.o):
            return q.o
    return None


def _best_label(values: Iterable[Literal]) -> str | None:
    ranked = sorted(values, key=lambda v: (v.language not in (None, "en"), v.language or "", str(v)))
    if not ranked:
        return None
    text = " ".join(str(ranked[0]).split())
    return text if len(text) <= _LABEL_MAX else text[: _LABEL_MAX - 1] + "…"


class _Version:
    """Look-ups into one side of the diff."""

    def __init__(self, ds: Dataset, graphs: dict[Node | None, set[Triple]]) -> None:
        self.ds = ds
        self.graphs = graphs
        self.types: dict[Node, set[Node]] = defaultdict(set)
        self.superclasses: dict[Node, set[Node]] = defaultdict(set)
        self.fact_subjects: set[Node] = set()
        for name, triples in graphs.items():
            evidence = _is_evidence(name)
            for s, p, o in triples:
                if p == RDF.type:
                    self.types[s].add(o)
                elif p == RDFS.subClassOf and not isinstance(o, BNode):
                    self.superclasses[s].add(o)
                if evidence and isinstance(s, URIRef):
                    self.fact_subjects.add(s)

    def label(self, term: Node) -> str | None:
        for prop in (SKOS.prefLabel, RDFS.label):
            values = [o for _s, _p, o, _g in self.ds.quads((term, prop, None, None)) if isinstance(o, Literal)]
            found = _best_label(values)
            if found:
                return found
        return None

    def exact(self, evidence: URIRef) -> str | None:
        default = self.ds.default_graph
        for target in default.objects(evidence, OA.hasTarget):
            for selector in default.objects(target, OA.hasSelector):
                for words in default.objects(selector, OA.exact):
                    return str(words)
        return None


def _primary_class(classes: set[Node], old: _Version, new: _Version) -> Node | None:
    """One class to file a subject under: the most specific of its types (none of the others is
    a subclass of it), then the first by compact name; IRIs before blank nodes."""
    if not classes:
        return None

    def ancestors(c: Node) -> set[Node]:
        seen: set[Node] = set()
        todo = [c]
        while todo:
            node = todo.pop()
            for sup in old.superclasses.get(node, set()) | new.superclasses.get(node, set()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    general = set().union(*(ancestors(c) for c in classes))
    specific = [c for c in classes if c not in general] or list(classes)
    return sorted(specific, key=lambda c: (isinstance(c, BNode), compact(c)))[0]


def diff_graphs(old: Dataset, new: Dataset, *, old_name: str = "old", new_name: str = "new") -> GraphDiff:
    """The difference from ``old`` to ``new``: named graphs compared by name, triples compared
    with blank nodes canonicalised, grouped by class and by source sentence."""
    old_graphs = _canonical_graphs(old)
    new_graphs = _canonical_graphs(new)
    ov, nv = _Version(old, old_graphs), _Version(new, new_graphs)

    added: list[Quad] = []
    removed: list[Quad] = []
    for name in set(old_graphs) | set(new_graphs):
        before = old_graphs.get(name, set())
        after = new_graphs.get(name, set())
        added += (Quad(s, p, o, name) for s, p, o in after - before)
        removed += (Quad(s, p, o, name) for s, p, o in before - after)
    moved = len({(q.s, q.p, q.o) for q in added} & {(q.s, q.p, q.o) for q in removed})

    def named(graphs: dict[Node | None, set[Triple]]) -> set[Node]:
        return {n for n in graphs if n is not None}

    graphs_added = sorted(named(new_graphs) - named(old_graphs), key=_evidence_key)
    graphs_removed = sorted(named(old_graphs) - named(new_graphs), key=_evidence_key)

    def cls(subject: Node) -> Node | None:
        return _primary_class(ov.types.get(subject, set()) | nv.types.get(subject, set()), ov, nv)

    changed_facts = {q.s for q in added + removed if _is_evidence(q.graph) and isinstance(q.s, URIRef)}
    facts_added = Counter(cls(s) for s in nv.fact_subjects - ov.fact_subjects)
    facts_removed = Counter(cls(s) for s in ov.fact_subjects - nv.fact_subjects)
    facts_changed = Counter(cls(s) for s in changed_facts & ov.fact_subjects & nv.fact_subjects)

    # short, stable names for the blank nodes that are shown: _:b1, _:b2 ... by canonical label
    bnodes = sorted({(q.graph, t) for q in added + removed for t in (q.s, q.o) if isinstance(t, BNode)},
                    key=lambda gt: (str(gt[0]), str(gt[1])))
    bnode_names = {gt: f"_:b{i}" for i, gt in enumerate(bnodes, 1)}

    labels: dict[Node, str] = {}

    def label(term: Node) -> None:
        if isinstance(term, URIRef) and term not in labels:
            found = nv.label(term) or ov.label(term)
            if found:
                labels[term] = found

    def group(quads: list[Quad], mine: _Version, other: _Version) -> list[ClassGroup]:
        by_class: dict[Node | None, ClassGroup] = {}
        for q in sorted(quads, key=_quad_key):
            c = cls(q.s)
            g = by_class.get(c)
            if g is None:
                if c is not None:
                    label(c)
                g = by_class[c] = ClassGroup(c, labels.get(c) if c is not None else None)
            for t in (q.s, q.p, q.o):
                label(t)
            ev = _sentence_of(q)
            if ev is None:
                g.quads.append(q)
                continue
            for sg in g.sentences:
                if sg.evidence == ev:
                    break
            else:
                sg = SentenceGroup(ev, mine.exact(ev) or other.exact(ev))
                g.sentences.append(sg)
            sg.quads.append(q)
        for g in by_class.values():
            g.sentences.sort(key=lambda sg: _evidence_key(sg.evidence))
        # facts read from texts first, then provenance, ontology and reference; untyped last
        return sorted(by_class.values(), key=lambda g: (
            g.cls is None, not any(_is_evidence(q.graph) for sg in g.sentences for q in sg.quads),
            isinstance(g.cls, BNode), compact(g.cls) if g.cls is not None else ""))

    added.sort(key=_quad_key)
    removed.sort(key=_quad_key)
    for counter in (facts_added, facts_removed, facts_changed):
        for c in counter:
            if c is not None:
                label(c)
    return GraphDiff(
        added=added,
        removed=removed,
        graphs_added=graphs_added,
        graphs_removed=graphs_removed,
        moved=moved,
        facts_added=facts_added,
        facts_removed=facts_removed,
        facts_changed=facts_changed,
        added_groups=group(added, nv, ov),
        removed_groups=group(removed, ov, nv),
        labels=labels,
        bnode_names=bnode_names,
        old_name=old_name,
        new_name=new_name,
    )


def _quad_key(q: Quad) -> tuple[str, str, str, str]:
    return (compact(q.s), compact(q.p), compact(q.o), "" if q.graph is None else str(q.graph))


# --- presenting ---------------------------------------------------------------------------------


def compact(t: Node) -> str:
    """A term with a known prefix (``id:state/china``), else in N-Triples form."""
    if isinstance(t, URIRef):
        iri = str(t)
        if iri == str(RDF.type):
            return "a"
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"
    if isinstance(t, Literal):
        if t.datatype is not None and str(t.datatype) in _BARE_DATATYPES:
            return str(t)
        text = '"' + str(t).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        if t.language:
            return f"{text}@{t.language}"
        if t.datatype is not None:
            return f"{text}^^{compact(t.datatype)}"
        return text
    if isinstance(t, BNode):
        return f"_:{t}"
    return str(t)


def _class_name(diff: GraphDiff, c: Node | None) -> str:
    if c is None:
        return "(no class)"
    return diff.term(c)


def _counts(diff: GraphDiff, counter: Counter[Node | None]) -> str:
    items = sorted(counter.items(), key=lambda kv: _class_name(diff, kv[0]))
    return ", ".join(f"{_class_name(diff, c)} {n}" for c, n in items)


def _summary_lines(diff: GraphDiff) -> list[str]:
    lines = [
        f"triples: +{len(diff.added)} -{len(diff.removed)}"
        + (f" ({diff.moved} only moved between graphs)" if diff.moved else ""),
        f"named graphs: +{len(diff.graphs_added)} -{len(diff.graphs_removed)}",
        f"facts: +{sum(diff.facts_added.values())} -{sum(diff.facts_removed.values())}"
        f" ~{sum(diff.facts_changed.values())} changed",
    ]
    for word, counter in (("added", diff.facts_added), ("removed", diff.facts_removed),
                          ("changed", diff.facts_changed)):
        if counter:
            lines.append(f"facts {word} by class: {_counts(diff, counter)}")
    return lines


def _triple(diff: GraphDiff, q: Quad, *, sentence: bool) -> str:
    text = " ".join(diff.term(t, q.graph, label=(i != 1)) for i, t in enumerate((q.s, q.p, q.o)))
    if q.graph is not None and not (sentence and _is_evidence(q.graph)):
        text += f"  [graph {compact(q.graph)}]"
    return text


def _sentence_head(sg: SentenceGroup) -> str:
    words = " ".join(sg.exact.split()) if sg.exact else "(sentence not found)"
    return f"“{words}” [{compact(sg.evidence)}]"


def render_text(diff: GraphDiff) -> str:
    """The diff as plain text: counts, then added and removed triples by class and sentence."""
    head = f"seckg diff {diff.old_name} {diff.new_name}"
    if diff.equal:
        return f"{head}\nno change\n"
    lines = [head, *_summary_lines(diff)]
    for title, sign, groups, names in (("added", "+", diff.added_groups, diff.graphs_added),
                                       ("removed", "-", diff.removed_groups, diff.graphs_removed)):
        if not groups and not names:
            continue
        lines += ["", f"{title.capitalize()}:"]
        for name in names:
            lines.append(f"  {sign} named graph {compact(name)}")
        for g in groups:
            lines.append(f"  {_class_name(diff, g.cls)}: {len(g)} triple(s)")
            for q in g.quads:
                lines.append(f"    {sign} {_triple(diff, q, sentence=False)}")
            for sg in g.sentences:
                lines.append(f"    {_sentence_head(sg)}")
                for q in sg.quads:
                    lines.append(f"      {sign} {_triple(diff, q, sentence=True)}")
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """Markdown inline code that survives backticks inside."""
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_term(diff: GraphDiff, t: Node, graph: Node | None, *, label: bool = True) -> str:
    text = _code(diff.term(t, graph, label=False))
    if label and isinstance(t, URIRef) and not str(t).startswith(EVIDENCE_PREFIX) and t in diff.labels:
        text += f" ({_md_escape(diff.labels[t])})"
    return text


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def _md_triple(diff: GraphDiff, q: Quad, *, sentence: bool) -> str:
    text = " ".join(_md_term(diff, t, q.graph, label=(i != 1)) for i, t in enumerate((q.s, q.p, q.o)))
    if q.graph is not None and not (sentence and _is_evidence(q.graph)):
        text += f" — graph {_code(compact(q.graph))}"
    return text


def render_markdown(diff: GraphDiff) -> str:
    """The diff as Markdown for a pull request: counts first, a heading per class, the sentence
    quoted above the triples it supports, a bullet per triple."""
    lines = [f"## seckg diff: {_code(diff.old_name)} → {_code(diff.new_name)}", ""]
    if diff.equal:
        return "\n".join([*lines, "No change in the knowledge graph."]) + "\n"
    lines += [f"- {line}" for line in _summary_lines(diff)]
    for title, sign, groups, names in (("Added", "+", diff.added_groups, diff.graphs_added),
                                       ("Removed", "−", diff.removed_groups, diff.graphs_removed)):
        if not groups and not names:
            continue
        lines += ["", f"### {title}"]
        if names:
            lines += ["", f"Named graphs {title.lower()}:", ""]
            lines += [f"- {_code(compact(n))}" for n in names]
        for g in groups:
            name = _code(compact(g.cls)) if g.cls is not None else "(no class)"
            if g.cls is not None and g.label:
                name += f" ({_md_escape(g.label)})"
            lines += ["", f"#### {sign} {name}: {len(g)} triple(s)", ""]
            lines += [f"- {_md_triple(diff, q, sentence=False)}" for q in g.quads]
            for sg in g.sentences:
                if lines[-1] != "":
                    lines.append("")
                words = " ".join(sg.exact.split()) if sg.exact else "(sentence not found)"
                lines += [f"> {_md_escape(words)}", f"> — {_code(compact(sg.evidence))}", ""]
                lines += [f"- {_md_triple(diff, q, sentence=True)}" for q in sg.quads]
    return "\n".join(lines) + "\n"


def to_json(diff: GraphDiff) -> dict[str, Any]:
    """The diff as plain data (terms in N-Triples form; blank nodes as ``_:b1`` ...)."""

    def term(t: Node, graph: Node | None) -> str:
        if isinstance(t, BNode):
            return diff.bnode_names.get((graph, t), f"_:{t}")
        return t.n3()

    def quad(q: Quad) -> dict[str, Any]:
        return {"s": term(q.s, q.graph), "p": term(q.p, q.graph), "o": term(q.o, q.graph),
                "graph": None if q.graph is None else term(q.graph, None)}

    def cls_key(c: Node | None) -> str | None:
        return None if c is None else term(c, None)

    def groups(gs: list[ClassGroup]) -> list[dict[str, Any]]:
        return [{"class": cls_key(g.cls), "label": g.label, "triples": [quad(q) for q in g.quads],
                 "sentences": [{"evidence": str(sg.evidence), "exact": sg.exact,
                                "triples": [quad(q) for q in sg.quads]} for sg in g.sentences]}
                for g in gs]

    def counts(counter: Counter[Node | None]) -> list[dict[str, Any]]:
        return [{"class": cls_key(c), "label": diff.labels.get(c) if c is not None else None, "count": n}
                for c, n in sorted(counter.items(), key=lambda kv: cls_key(kv[0]) or "")]

    return {
        "old": diff.old_name,
        "new": diff.new_name,
        "equal": diff.equal,
        "summary": {
            "triples_added": len(diff.added),
            "triples_removed": len(diff.removed),
            "triples_moved": diff.moved,
            "graphs_added": [str(g) for g in diff.graphs_added],
            "graphs_removed": [str(g) for g in diff.graphs_removed],
            "facts_added": counts(diff.facts_added),
            "facts_removed": counts(diff.facts_removed),
            "facts_changed": counts(diff.facts_changed),
        },
        "added": groups(diff.added_groups),
        "removed": groups(diff.removed_groups),
    }
