"""Pictures of the graph drawn on the server, as inline SVG: the network of states and the
relations between them, and a timeline of dated facts. No script runs: the pages keep their
Content-Security-Policy (no script at all in the published site), load nothing, print, and
work from ``file://`` and under any base path. Filters are checkboxes styled by the site's CSS
(``:has()``), so they need no script either.

- Network: one node per state, one edge per relation between two states (partnership,
  alliance, rivalry, dispute, mechanism, relationship, sanction, incident, document, trade
  ranking), coloured by its stance (converge green, clash red, mixed grey); each edge links to
  the relation's page, which shows the words it comes from. A state's page shows its
  neighbourhood (the state in the middle, the others around it); ``seckg serve``'s
  ``/network`` the whole graph, laid out by a small deterministic force-directed layout.
- The network's filters beyond stance and kind, by document and by period, are selects read by
  the site's own ``static/network.js`` (allowed by ``script-src 'self'``, no inline script):
  each edge carries the documents it is stated in (``data-docs``) and its period
  (``data-from``, ``data-to``: the years of the relation's own dates, else those of its
  documents' publication). Without the script, the selects stay hidden and every edge shows.
- Timeline: every dated fact about an entity (events, statements, visits, documents,
  partnerships since a year ...), in date order, at the precision the text gives (2013,
  2013-09, 2013-09-07), each linked to its page and its evidence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape

import pyoxigraph as ox

from .dyad import _PARTY, STATE_PREFIX, Dyad, _superclasses, _type, stance_of

__all__ = ["Edge", "Network", "network_of", "neighbourhood", "render_network", "TimelineItem", "timeline_of",
           "KINDS", "kind_of", "Sources"]

_S = "https://w3id.org/seckg/ontology#"
#: the kinds an edge or a timeline item can be filtered by, the first superclass found wins
KINDS = ("partnership", "alliance", "rivalry", "dispute", "mechanism", "sanction", "incident", "document",
         "relationship", "statement", "visit", "exercise", "event")
_KIND_CLASSES = [(k, _S + c) for k, c in (
    ("partnership", "Partnership"), ("alliance", "Alliance"), ("rivalry", "Rivalry"), ("dispute", "Dispute"),
    ("mechanism", "Mechanism"), ("sanction", "Sanction"), ("incident", "Incident"), ("document", "Document"),
    ("statement", "Statement"), ("visit", "Visit"), ("exercise", "MilitaryExercise"), ("event", "Event"),
    ("relationship", "Relationship"))]
_DATES = tuple(ox.NamedNode(_S + p) for p in ("date", "startDate", "since", "year"))
_EVIDENCE = ox.NamedNode(_S + "hasEvidence")


_ID = "https://w3id.org/seckg/id/"
_EVIDENCE_GRAPHS = _ID + "evidence/"
_ISSUED = tuple(ox.NamedNode("http://purl.org/dc/terms/" + p) for p in ("issued", "date"))
_TITLES = tuple(ox.NamedNode(p) for p in ("http://purl.org/dc/terms/title", "http://www.w3.org/2000/01/rdf-schema#label"))
_YEAR = re.compile(r"\s*(-?\d{4})")


def _year(value: str) -> int | None:
    m = _YEAR.match(value)
    return int(m.group(1)) if m else None


class Sources:
    """Where a node of the graph is stated and when it holds, for the filters by document and
    period: its documents are those of the evidence graphs its facts sit in
    (``id/evidence/<document>/<span>`` is evidence from ``id/document/<document>``); its period
    is the span of the years of its own dates (seckg:date, startDate, since, year), else of
    the publication dates of its documents (the years the texts speak for)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._doc_years: dict[str, int | None] = {}
        self._titles: dict[str, str] = {}
        self._mentions: dict[str, set[str]] | None = None

    @staticmethod
    def _document(graph: object) -> str | None:
        if isinstance(graph, ox.NamedNode) and graph.value.startswith(_EVIDENCE_GRAPHS):
            doc = graph.value[len(_EVIDENCE_GRAPHS):].split("/", 1)[0]
            return _ID + "document/" + doc if doc else None
        return None

    def documents(self, node: str) -> tuple[str, ...]:
        """The documents that state a fact about ``node`` (as its subject), sorted."""
        found = {d for q in self.store.quads_for_pattern(ox.NamedNode(node), None, None)
                 if (d := self._document(q.graph_name)) is not None}
        return tuple(sorted(found))

    def mentioned_in(self) -> dict[str, set[str]]:
        """Every entity (below ``id/``) -> the documents whose facts name it, as subject or
        object (one pass over the evidence graphs); a document is its own."""
        if self._mentions is None:
            found: dict[str, set[str]] = {}
            for graph in self.store.named_graphs():
                doc = self._document(graph)
                if doc is None:
                    continue
                found.setdefault(doc, set()).add(doc)
                for q in self.store.quads_for_pattern(None, None, None, graph):
                    for term in (q.subject, q.object):
                        if isinstance(term, ox.NamedNode) and term.value.startswith(_ID):
                            found.setdefault(term.value, set()).add(doc)
            self._mentions = found
        return self._mentions

    def document_year(self, doc: str) -> int | None:
        if doc not in self._doc_years:
            n = ox.NamedNode(doc)
            years = [y for p in _ISSUED for q in self.store.quads_for_pattern(n, p, None)
                     if isinstance(q.object, ox.Literal) and (y := _year(q.object.value)) is not None]
            self._doc_years[doc] = min(years) if years else None
        return self._doc_years[doc]

    def title(self, doc: str) -> str:
        if doc not in self._titles:
            n = ox.NamedNode(doc)
            titles = sorted(q.object.value for p in _TITLES for q in self.store.quads_for_pattern(n, p, None)
                            if isinstance(q.object, ox.Literal))
            self._titles[doc] = titles[0] if titles else doc.rsplit("/", 1)[-1]
        return self._titles[doc]

    def period(self, node: str, documents: Iterable[str] = ()) -> tuple[int, int] | None:
        """(first year, last year) of ``node``'s own dates, else of its ``documents``."""
        n = ox.NamedNode(node)
        years = [y for p in _DATES for q in self.store.quads_for_pattern(n, p, None)
                 if isinstance(q.object, ox.Literal) and (y := _year(q.object.value)) is not None]
        if not years:
            years = [y for d in documents if (y := self.document_year(d)) is not None]
        return (min(years), max(years)) if years else None


def kind_of(store: ox.Store, cls: str | None, cache: dict[str, frozenset[str]]) -> str:
    if cls is None:
        return "other"
    supers = _superclasses(store, cls, cache)
    return next((k for k, c in _KIND_CLASSES if c in supers), "other")


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    node: str
    cls: str | None
    kind: str
    stance: str
    #: the documents the relation is stated in
    docs: tuple[str, ...] = ()
    #: (first year, last year): see :class:`Sources`
    period: tuple[int, int] | None = None


@dataclass
class Network:
    nodes: list[str]
    edges: list[Edge]
    centre: str | None = None
    #: the title of each document an edge is stated in
    documents: dict[str, str] = field(default_factory=dict)


def _edge(a: str, b: str, node: str, cls: str | None, kind: str, stance: str, sources: Sources) -> Edge:
    docs = sources.documents(node)
    return Edge(a, b, node, cls, kind, stance, docs, sources.period(node, docs))


def _titled(network: Network, sources: Sources) -> Network:
    network.documents = {d: sources.title(d) for e in network.edges for d in e.docs}
    return network


def neighbourhood(store: ox.Store, state: str, dyads: list[Dyad]) -> Network:
    """``state`` and the states it has relations with (its dyads)."""
    cache: dict[str, frozenset[str]] = {}
    sources = Sources(store)
    edges = [_edge(d.a, d.b, r.node, r.cls, kind_of(store, r.cls, cache), r.stance, sources)
             for d in dyads for r in d.relations]
    return _titled(Network(nodes=[state, *(d.b for d in dyads)], edges=edges, centre=state), sources)


def network_of(store: ox.Store) -> Network:
    """Every state that has a relation with another, and every such relation."""
    cache: dict[str, frozenset[str]] = {}
    relations: dict[str, set[str]] = {}
    for p in _PARTY:
        for q in store.quads_for_pattern(None, p, None):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode) \
                    and q.object.value.startswith(STATE_PREFIX):
                relations.setdefault(q.subject.value, set()).add(q.object.value)
    edges: list[Edge] = []
    sources = Sources(store)
    for node, parties in sorted(relations.items()):
        if len(parties) < 2:
            continue
        cls = _type(store, ox.NamedNode(node), cache)
        stance = stance_of(store, cls, cache)
        if stance is None:
            continue
        ordered = sorted(parties)
        kind = kind_of(store, cls, cache)
        docs = sources.documents(node)
        period = sources.period(node, docs)
        # a relation of many parties (a multilateral document) joins each pair once
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                edges.append(Edge(a, b, node, cls, kind, stance, docs, period))
    nodes = sorted({e.a for e in edges} | {e.b for e in edges})
    return _titled(Network(nodes=nodes, edges=edges), sources)


def _layout(network: Network, width: float, height: float) -> dict[str, tuple[float, float]]:
    """Positions: a neighbourhood in a circle around its centre; a whole network by
    Fruchterman-Reingold from a circle (deterministic: same graph, same picture)."""
    n = len(network.nodes)
    cx, cy = width / 2, height / 2
    r = min(width, height) / 2 - 70
    if n == 0:
        return {}
    if network.centre is not None:
        others = [x for x in network.nodes if x != network.centre]
        pos = {network.centre: (cx, cy)}
        for i, x in enumerate(others):
            angle = 2 * math.pi * i / max(1, len(others)) - math.pi / 2
            pos[x] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
        return pos
    pos = {x: (cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n))
           for i, x in enumerate(network.nodes)}
    pairs = {(e.a, e.b) for e in network.edges}
    k = math.sqrt(width * height / n) * 0.6
    temperature = width / 10
    for _ in range(150):
        disp = {x: [0.0, 0.0] for x in network.nodes}
        for i, u in enumerate(network.nodes):
            for v in network.nodes[i + 1:]:
                dx, dy = pos[u][0] - pos[v][0], pos[u][1] - pos[v][1]
                d = max(0.01, math.hypot(dx, dy))
                f = k * k / d
                disp[u][0] += dx / d * f
                disp[u][1] += dy / d * f
                disp[v][0] -= dx / d * f
                disp[v][1] -= dy / d * f
        for u, v in sorted(pairs):  # in order: a sum over a set differs in its last digits between processes
            dx, dy = pos[u][0] - pos[v][0], pos[u][1] - pos[v][1]
            d = max(0.01, math.hypot(dx, dy))
            f = d * d / k
            disp[u][0] -= dx / d * f
            disp[u][1] -= dy / d * f
            disp[v][0] += dx / d * f
            disp[v][1] += dy / d * f
        for x in network.nodes:
            dx, dy = disp[x]
            d = max(0.01, math.hypot(dx, dy))
            step = min(d, temperature)
            px = min(width - 60, max(60, pos[x][0] + dx / d * step))
            py = min(height - 30, max(30, pos[x][1] + dy / d * step))
            pos[x] = (px, py)
        temperature *= 0.97
    return pos


def render_network(network: Network, label: Callable[[str], str], href: Callable[[str], str | None],
                   *, width: int = 760, height: int = 520, title: str = "Network of relations") -> str:
    """The network as an SVG figure with its filters (checkboxes by stance and by kind) and a
    legend; markup, everything in it escaped."""
    pos = _layout(network, width, height)
    out = ['<figure class="network">']
    present_stances = [s for s in ("converge", "clash", "mixed") if any(e.stance == s for e in network.edges)]
    present_kinds = [k for k in (*KINDS, "other") if any(e.kind == k for e in network.edges)]
    out.append('<div class="filters">')
    for s in present_stances:
        out.append(f'<label class="f-stance {s}"><input type="checkbox" class="nf-{s}" checked> {s}</label>')
    out.append('<span class="sep"></span>')
    for k in present_kinds:
        out.append(f'<label><input type="checkbox" class="nf-{k}" checked> {k}</label>')
    out.append("</div>")
    out.extend(_more_filters(network))
    out.append(f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
               f'xmlns="http://www.w3.org/2000/svg">')
    out.append(f"<title>{escape(title)}</title>")
    # parallel edges of a pair bend apart
    by_pair: dict[tuple[str, str], list[Edge]] = {}
    for e in network.edges:
        by_pair.setdefault((e.a, e.b) if e.a < e.b else (e.b, e.a), []).append(e)
    for (a, b), edges in sorted(by_pair.items()):
        if a not in pos or b not in pos:
            continue
        (x1, y1), (x2, y2) = pos[a], pos[b]
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        dx, dy = x2 - x1, y2 - y1
        d = max(1.0, math.hypot(dx, dy))
        nx, ny = -dy / d, dx / d
        for i, e in enumerate(edges):
            bend = (i - (len(edges) - 1) / 2) * 14
            qx, qy = mx + nx * bend * 2, my + ny * bend * 2
            tip = f"{label(e.a)} – {label(e.b)}: {label(e.node)} ({e.stance})"
            path = f'<path d="M{x1:.1f},{y1:.1f} Q{qx:.1f},{qy:.1f} {x2:.1f},{y2:.1f}"/>'
            link = href(e.node)
            body = f"<title>{escape(tip)}</title>{path}"
            if link:
                body = f'<a href="{escape(link)}">{body}</a>'
            data = f' data-docs="{escape(" ".join(_doc_key(d) for d in e.docs))}"' if e.docs else ""
            if e.period is not None:
                data += f' data-from="{e.period[0]}" data-to="{e.period[1]}"'
            out.append(f'<g class="edge {e.stance} k-{e.kind}"{data}>{body}</g>')
    for x in network.nodes:
        if x not in pos:
            continue
        px, py = pos[x]
        name = label(x)
        centre = " centre" if x == network.centre else ""
        link = href(x)
        body = (f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{9 if centre else 6}"/>'
                f'<text x="{px:.1f}" y="{py - 12:.1f}" text-anchor="middle">{escape(name)}</text>')
        if link:
            body = f'<a href="{escape(link)}"><title>{escape(name)}</title>{body}</a>'
        out.append(f'<g class="node{centre}">{body}</g>')
    out.append("</svg>")
    n_rel = len({e.node for e in network.edges})
    out.append(f"<figcaption>{len(network.nodes)} states, {n_rel} relations: "
               '<span class="stance converge">converge</span> <span class="stance clash">clash</span> '
               '<span class="stance mixed">mixed</span>. Each line links to its relation and the words it '
               "comes from.</figcaption>")
    out.append("</figure>")
    return "\n".join(out)


def _doc_key(doc: str) -> str:
    return doc[len(_ID):] if doc.startswith(_ID) else doc


def _more_filters(network: Network) -> list[str]:
    """The selects by document and period (hidden until ``static/network.js`` runs)."""
    years = sorted({y for e in network.edges if e.period is not None for y in e.period})
    if not network.documents and not years:
        return []
    out = ['<div class="filters more" hidden>']
    if network.documents:
        out.append('<label>Document <select class="nf-doc"><option value="">all documents</option>')
        for doc, title in sorted(network.documents.items(), key=lambda kv: (kv[1].casefold(), kv[0])):
            short = title if len(title) <= 70 else title[:69] + "…"
            out.append(f'<option value="{escape(_doc_key(doc))}" title="{escape(title)}">{escape(short)}</option>')
        out.append("</select></label>")
    if years:
        for name, word, last in (("from", "From", False), ("to", "to", True)):
            out.append(f'<label>{word} <select class="nf-{name}"><option value="">any year</option>')
            out.extend(f"<option>{y}</option>" for y in (reversed(years) if last else years))
            out.append("</select></label>")
    out.append('<output class="nf-shown" aria-live="polite"></output>')
    out.append("</div>")
    return out


@dataclass(frozen=True)
class TimelineItem:
    date: str
    node: str
    cls: str | None
    kind: str
    evidence: str | None


def timeline_of(store: ox.Store, nodes: Iterable[str]) -> list[TimelineItem]:
    """The dated ones of ``nodes`` (their seckg:date, startDate, since or year), in date order."""
    cache: dict[str, frozenset[str]] = {}
    items: list[TimelineItem] = []
    for node in sorted(set(nodes)):
        n = ox.NamedNode(node)
        date = next((q.object.value for p in _DATES for q in store.quads_for_pattern(n, p, None)
                     if isinstance(q.object, ox.Literal)), None)
        if date is None:
            continue
        cls = _type(store, n, cache)
        evidence = next((q.object.value for q in store.quads_for_pattern(n, _EVIDENCE, None)
                         if isinstance(q.object, ox.NamedNode)), None)
        if evidence is None:
            graphs = sorted(q.graph_name.value for q in store.quads_for_pattern(n, None, None)
                            if isinstance(q.graph_name, ox.NamedNode))
            evidence = graphs[0] if graphs else None
        items.append(TimelineItem(date.strip(), node, cls, kind_of(store, cls, cache), evidence))
    items.sort(key=lambda i: (i.date, i.kind, i.node))
    return items


def dated_nodes(store: ox.Store, actor: str | None = None) -> set[str]:
    """Every node below ``id/`` with a date (of the graph's facts and reference data); with
    ``actor``, only those that name it or that it names."""
    from seckg.graph.iris import ID

    nodes = {q.subject.value for p in _DATES for q in store.quads_for_pattern(None, p, None)
             if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ID) and "#" not in q.subject.value}
    if actor is None:
        return nodes
    a = ox.NamedNode(actor)
    related = {q.subject.value for q in store.quads_for_pattern(None, None, a) if isinstance(q.subject, ox.NamedNode)}
    related |= {q.object.value for q in store.quads_for_pattern(a, None, None) if isinstance(q.object, ox.NamedNode)}
    related.add(actor)
    return nodes & related
