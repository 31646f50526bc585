"""What a page says about one IRI, read from the store with Oxigraph's quad patterns (no SPARQL,
so a view costs a few index look-ups): its labels and types, what it says (outgoing relations),
what is said of it (incoming relations), and the words of the text that support each relation.

``seckg serve`` builds a view per request, ``seckg publish`` one per entity; both render it with
:mod:`seckg.web.render` and write :meth:`View.triples` as the page's RDF twin, so the HTML and the
RDF of an IRI say the same things.

Which evidence supports a relation: the evidence graphs (DESIGN.md, "Provenance") that hold the
triple, plus, for a fact node, its ``seckg:hasEvidence``. Reference and ontology triples have
none: the lexicon says them, not the text.

A document whose licence does not allow redistribution (no ``dcterms:license`` among
:data:`seckg.graph.export.OPEN_LICENCES`, as for the exports) is *withheld*: its view has no
text and its twin no ``seckg:text``; it cites instead every piece of evidence taken from the
text (:attr:`View.cited`: the quote and the facts of its evidence graph), by sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from seckg.graph.iris import ID

from .annotate import AnnotatedText, annotate
from .dyad import STATE_PREFIX, Dyad, dyad, dyads_of, pair_of
from .network import Network, TimelineItem, neighbourhood, timeline_of

__all__ = ["Quote", "Relation", "View", "build_view", "label_of", "labels_of", "evidence_prefix", "redistributable",
           "RDF_TYPE", "SECKG_NS", "OA_NS"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SECKG_NS = "https://w3id.org/seckg/ontology#"
OA_NS = "http://www.w3.org/ns/oa#"

_PREF = ox.NamedNode(SKOS + "prefLabel")
_LABEL = ox.NamedNode(RDFS + "label")
_TYPE = ox.NamedNode(RDF_TYPE)
_HAS_EVIDENCE = ox.NamedNode(SECKG_NS + "hasEvidence")
_TEXT = SECKG_NS + "text"
_LICENSE = ox.NamedNode("http://purl.org/dc/terms/license")
_RIGHTS = "http://purl.org/dc/terms/rights"
_HAS_SOURCE = ox.NamedNode(OA_NS + "hasSource")
_HAS_TARGET = ox.NamedNode(OA_NS + "hasTarget")
_NOTES = (SKOS + "definition", RDFS + "comment", SKOS + "scopeNote")
#: shown in the heading or elsewhere on the page, not as relations
_NOT_RELATIONS = {RDF_TYPE, SKOS + "prefLabel", RDFS + "label", SECKG_NS + "hasEvidence", _TEXT, *_NOTES}
#: more incoming relations than this are cut (a State of a large corpus is the object of
#: thousands of facts); the page says how many were left out
MAX_INCOMING = 500


def evidence_prefix() -> str:
    return f"{ID}evidence/"


@dataclass(frozen=True)
class Quote:
    """One piece of evidence: the exact words, where they are, and what produced the facts."""

    evidence: str
    exact: str
    prefix: str = ""
    suffix: str = ""
    document: str | None = None
    start: int | None = None
    end: int | None = None
    sentence: int | None = None
    rules: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.document or "", self.start or 0, self.end or 0, self.evidence)


@dataclass(frozen=True)
class Relation:
    """One triple seen from the page's IRI: ``predicate`` and the other end, ``node``."""

    predicate: str
    node: ox.NamedNode | ox.BlankNode | ox.Literal
    evidence: tuple[str, ...] = ()


@dataclass
class View:
    iri: str
    label: str
    types: list[str]
    notes: list[ox.Literal]
    outgoing: list[Relation]
    incoming: list[Relation]
    incoming_total: int
    quotes: list[Quote]
    #: the label of every IRI the page names
    labels: dict[str, str]
    #: for an evidence IRI: the fact triples of its graph
    graph: list[ox.Triple] = field(default_factory=list)
    #: for a document: its full text (None when withheld)
    text: str | None = None
    #: a document whose licence does not allow its text to be redistributed
    withheld: bool = False
    #: for a withheld document: its rights statements and licences, as written
    rights: list[str] = field(default_factory=list)
    #: for a withheld document: every quote taken from it and the facts of its evidence graph
    cited: list[tuple[Quote, list[ox.Triple]]] = field(default_factory=list)
    #: for a withheld document: how many sentences its text has (the text itself is not shown)
    sentence_count: int | None = None
    #: for a withheld document: the sentences that gave no fact (their numbers)
    silent: list[int] = field(default_factory=list)
    #: for a document whose text is shown: the text with its mentions, evidence and facts
    annotated: AnnotatedText | None = None
    #: for a relation between two states: every relation of the pair
    dyad: Dyad | None = None
    #: for a state: one dyad per other state it has a relation with
    dyads: list[Dyad] = field(default_factory=list)
    #: the most specific type of each node of the incoming relations (to group them by kind)
    node_types: dict[str, str] = field(default_factory=dict)
    #: for a state with relations to others: its neighbourhood
    network: Network | None = None
    #: the dated facts of the page (the IRI, what it names and what names it), in date order
    timeline: list[TimelineItem] = field(default_factory=list)
    _triples: list[ox.Triple] = field(default_factory=list, repr=False)

    @property
    def found(self) -> bool:
        return bool(self._triples)

    def triples(self) -> list[ox.Triple]:
        """The page's RDF twin: every triple with the IRI (or one of its ``#`` parts) as subject,
        the incoming triples shown, the labels of the IRIs named, and the evidence nodes of the
        quotes with their selectors; sorted."""
        return sorted(set(self._triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def redistributable(store: ox.Store, document: ox.NamedNode) -> bool:
    """Whether a document's text may be redistributed: one of its ``dcterms:license`` is an
    open licence (the rule of :func:`seckg.graph.export.withheld_texts`)."""
    from seckg.graph.export import OPEN_LICENCES

    return any(q.object.value in OPEN_LICENCES for q in store.quads_for_pattern(document, _LICENSE, None))


def labels_of(store: ox.Store, iris: set[str] | list[str]) -> dict[str, str]:
    """The label of each of ``iris`` that has one."""
    found = {}
    for iri in sorted(set(iris)):
        label = _labels(store, iri)[0]
        if label is not None:
            found[iri] = label
    return found


def label_of(store: ox.Store, iri: str) -> str | None:
    """The preferred label of ``iri``: skos:prefLabel, then rdfs:label (English first)."""
    return _labels(store, iri)[0]


_SLUG = re.compile(r"(?<![\w/:])[a-z0-9]+(?:-{1,2}[a-z0-9]+)+(?![\w/])")
_SLUG_KINDS = ("state", "person", "organisation", "grouping")


def _deslug(store: ox.Store, label: str) -> str:
    """A label with the slugs of entities in it ("China on china--russia: ...", "rosemary-foot
    and amy-king on ...", as some facts' labels are made) with their labels instead; a
    hyphenated word that is no entity's slug stays."""
    if "-" not in label:
        return label

    def name(slug: str) -> str | None:
        for kind in _SLUG_KINDS:
            node = ox.NamedNode(f"{ID}{kind}/{slug}")
            for predicate in (_PREF, _LABEL):
                found = sorted(q.object.value for q in store.quads_for_pattern(node, predicate, None)
                               if isinstance(q.object, ox.Literal) and (q.object.language or "en").startswith("en"))
                if found:
                    return found[0]
        return None

    def replace(m: re.Match[str]) -> str:
        names = [name(part) for part in m.group(0).split("--")]
        return "–".join(names) if all(names) else m.group(0)  # type: ignore[arg-type]

    return _SLUG.sub(replace, label)


def _labels(store: ox.Store, iri: str) -> tuple[str | None, list[ox.Triple]]:
    """The preferred label of ``iri`` (entities' slugs in it replaced by their labels) and the
    label triples it was chosen from."""
    node = ox.NamedNode(iri)
    triples: list[ox.Triple] = []
    label = None
    for predicate in (_PREF, _LABEL):
        found = [q.triple for q in store.quads_for_pattern(node, predicate, None) if isinstance(q.object, ox.Literal)]
        triples += found
        if found and label is None:
            english = sorted(t.object.value for t in found if (t.object.language or "").startswith("en"))
            label = english[0] if english else sorted(t.object.value for t in found)[0]
    return (_deslug(store, label) if label is not None else None), triples


def _local(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            tail = iri.rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


def _graph_names(quads: list[ox.Quad], ev_prefix: str) -> tuple[str, ...]:
    return tuple(sorted({q.graph_name.value for q in quads
                         if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(ev_prefix)}))


def _quote(store: ox.Store, evidence: str) -> tuple[Quote, list[ox.Triple]]:
    """The quote of an evidence node and the triples that describe it (node, target, selectors)."""
    ev = ox.NamedNode(evidence)
    triples = [q.triple for q in store.quads_for_pattern(ev, None, None)]
    fields: dict[str, object] = {}
    rules: list[str] = []
    for t in list(triples):
        p = t.predicate.value
        if p == OA_NS + "hasTarget":
            target_triples = [q.triple for q in store.quads_for_pattern(t.object, None, None)]  # type: ignore[arg-type]
            triples += target_triples
            for tt in target_triples:
                if tt.predicate.value == OA_NS + "hasSource":
                    fields["document"] = tt.object.value
                elif tt.predicate.value == OA_NS + "hasSelector":
                    for sq in store.quads_for_pattern(tt.object, None, None):  # type: ignore[arg-type]
                        triples.append(sq.triple)
                        name = sq.predicate.value[len(OA_NS):] if sq.predicate.value.startswith(OA_NS) else ""
                        if name in ("exact", "prefix", "suffix"):
                            fields[name] = sq.object.value
                        elif name in ("start", "end"):
                            fields[name] = int(sq.object.value)
        elif p == SECKG_NS + "sentenceIndex":
            fields["sentence"] = int(t.object.value)
        elif p == SECKG_NS + "producedBy":
            rule = next((q.object.value for q in store.quads_for_pattern(
                t.object, ox.NamedNode(SECKG_NS + "ruleId"), None)), None)  # type: ignore[arg-type]
            rules.append(rule or _local(t.object.value))
    quote = Quote(evidence=evidence, exact=str(fields.get("exact", "")), prefix=str(fields.get("prefix", "")),
                  suffix=str(fields.get("suffix", "")), document=fields.get("document"),  # type: ignore[arg-type]
                  start=fields.get("start"), end=fields.get("end"),  # type: ignore[arg-type]
                  sentence=fields.get("sentence"), rules=tuple(sorted(set(rules))))  # type: ignore[arg-type]
    return quote, triples


def build_view(store: ox.Store, iri: str, *, max_incoming: int = MAX_INCOMING) -> View:
    """Everything a page about ``iri`` shows (``view.found`` is false if the store has nothing)."""
    node = ox.NamedNode(iri)
    ev_prefix = evidence_prefix()
    triples: list[ox.Triple] = []

    # what the IRI says: grouped by triple, with the evidence graphs that hold it
    by_triple: dict[ox.Triple, list[ox.Quad]] = {}
    for q in store.quads_for_pattern(node, None, None):
        by_triple.setdefault(q.triple, []).append(q)
    types = sorted({t.object.value for t in by_triple if t.predicate == _TYPE and isinstance(t.object, ox.NamedNode)})
    notes = sorted((t.object for t in by_triple if t.predicate.value in _NOTES and isinstance(t.object, ox.Literal)),
                   key=lambda lit: (lit.language or "", lit.value))
    text = next((t.object.value for t in by_triple if t.predicate.value == _TEXT), None)
    withheld = text is not None and not redistributable(store, node)
    rights: list[str] = []
    sentence_count = None
    seg = None
    if withheld:
        from seckg.graph.segment import segment

        seg = segment(text) if text else None
        sentence_count = len(seg.sentences) if seg else 0
        text = None
        by_triple = {t: qs for t, qs in by_triple.items() if t.predicate.value != _TEXT}
        rights = sorted({t.object.value for t in by_triple
                         if t.predicate.value == _RIGHTS or t.predicate == _LICENSE})
    outgoing = sorted(
        (Relation(t.predicate.value, t.object, _graph_names(qs, ev_prefix))  # type: ignore[arg-type]
         for t, qs in by_triple.items() if t.predicate.value not in _NOT_RELATIONS),
        key=lambda r: (r.predicate, str(r.node)))
    triples += list(by_triple)

    incoming_by: dict[ox.Triple, list[ox.Quad]] = {}
    for q in store.quads_for_pattern(None, None, node):
        if isinstance(q.subject, ox.NamedNode) and "#" in q.subject.value and q.subject.value.startswith(ID):
            continue  # the parts of another page's node (an evidence's #target): shown there
        incoming_by.setdefault(q.triple, []).append(q)
    incoming_all = sorted(
        (Relation(t.predicate.value, t.subject, _graph_names(qs, ev_prefix))  # type: ignore[arg-type]
         for t, qs in incoming_by.items()),
        key=lambda r: (r.predicate, str(r.node)))
    incoming = incoming_all[:max_incoming]
    shown = {(r.predicate, str(r.node)) for r in incoming}
    triples += [t for t in incoming_by if (t.predicate.value, str(t.subject)) in shown]

    # evidence: of the fact node itself, and of every relation shown
    evidence = {q.object.value for q in store.quads_for_pattern(node, _HAS_EVIDENCE, None)}
    if iri.startswith(ev_prefix) and by_triple:
        evidence.add(iri)  # an evidence page shows its own quote (its #target and selectors)
    for r in (*outgoing, *incoming):
        evidence.update(r.evidence)
    quotes = []
    for ev in sorted(evidence):
        quote, ev_triples = _quote(store, ev)
        quotes.append(quote)
        triples += ev_triples
    quotes.sort(key=lambda q: q.sort_key)

    # a withheld document: the evidence taken from it, each quote with the facts it supports
    cited: list[tuple[Quote, list[ox.Triple]]] = []
    if withheld:
        targets = {q.subject for q in store.quads_for_pattern(None, _HAS_SOURCE, node)}
        cited_ev = sorted({q.subject.value for t in targets for q in store.quads_for_pattern(None, _HAS_TARGET, t)
                           if isinstance(q.subject, ox.NamedNode)})
        for ev in cited_ev:
            quote, ev_triples = _quote(store, ev)
            facts = sorted({q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(ev))},
                           key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
            cited.append((quote, facts))
            triples += ev_triples + facts
        cited.sort(key=lambda c: c[0].sort_key)
    gave = set()
    for q, _facts in cited:
        if q.sentence is not None:
            gave.add(q.sentence)
        elif seg is not None and q.start is not None:  # evidence without its sentence's number
            found = seg.sentence_at(q.start)
            if found is not None:
                gave.add(found.index)
    silent = [i for i in range(sentence_count) if i not in gave] if sentence_count is not None else []

    graph: list[ox.Triple] = []
    if iri.startswith(ev_prefix):
        graph = sorted({q.triple for q in store.quads_for_pattern(None, None, None, node)},
                       key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        triples += graph

    # the pair of states a relation is between, or a state's pairs; the kinds of what refers to it
    from .dyad import _type

    cache: dict[str, frozenset[str]] = {}
    the_dyad = None
    pair = pair_of(store, iri) if by_triple else None
    if pair is not None:
        a, b = pair
        if iri[len(ID):].split("/", 1)[-1].startswith(b[len(STATE_PREFIX):] + "--"):
            a, b = b, a  # in the order the IRI names them
        found_dyad = dyad(store, a, b, cache)
        if any(r.node == iri for r in found_dyad.relations):
            the_dyad = found_dyad
    the_dyads = dyads_of(store, iri) if iri.startswith(STATE_PREFIX) else []
    node_types: dict[str, str] = {}
    for r in incoming:
        if isinstance(r.node, ox.NamedNode) and r.node.value not in node_types:
            t = _type(store, r.node, cache)
            if t is not None:
                node_types[r.node.value] = t

    network = neighbourhood(store, iri, the_dyads) if the_dyads else None
    dated = {iri, *(r.node.value for r in (*outgoing, *incoming) if isinstance(r.node, ox.NamedNode)
                    and r.node.value.startswith(ID) and not r.node.value.startswith(ev_prefix))}
    for d in ([the_dyad] if the_dyad else []) + the_dyads:
        dated.update(r.node for r in d.relations)
    timeline = timeline_of(store, dated) if by_triple and not iri.startswith(ev_prefix) else []

    # labels of everything named
    named = {iri, *types, *node_types.values()}
    for item in timeline:
        named.add(item.node)
        if item.cls:
            named.add(item.cls)
    for d in ([the_dyad] if the_dyad else []) + the_dyads:
        named.update((d.a, d.b))
        for rel in d.relations:
            named.update(x for x in (rel.node, rel.cls, rel.detail) if x)
    for r in (*outgoing, *incoming):
        named.add(r.predicate)
        if isinstance(r.node, ox.NamedNode):
            named.add(r.node.value)
    for t in graph:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                named.add(term.value)
    named.update(q.document for q in quotes if q.document)
    for _cited_quote, facts in cited:
        for t in facts:
            for term in (t.subject, t.predicate, t.object):
                if isinstance(term, ox.NamedNode):
                    named.add(term.value)
    labels: dict[str, str] = {}
    for name in sorted(named):
        found, label_triples = _labels(store, name)
        if found is not None:
            labels[name] = found
            if name != iri:
                triples += label_triples
    label = labels.get(iri) or _local(iri)
    annotated = annotate(store, iri, text) if text is not None else None
    return View(iri=iri, label=label, types=types, notes=notes, outgoing=outgoing, incoming=incoming,
                incoming_total=len(incoming_all), quotes=quotes, labels=labels, graph=graph, text=text,
                withheld=withheld, rights=rights, cited=cited, annotated=annotated,
                sentence_count=sentence_count, silent=silent,
                dyad=the_dyad, dyads=the_dyads, node_types=node_types, network=network, timeline=timeline,
                _triples=triples)
