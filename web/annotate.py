"""A document's text as an analyst reads it: headings as headings, every mention of a known
entity linked to its page, the words of each piece of evidence highlighted and linked to the
evidence (which shows its facts), and for every sentence what it gave (the facts of the evidence
it holds) or that it gave nothing.

Mentions are not stored in the graph (only the facts' evidence is), so they are found here again,
cheaply: the preferred and alternative labels (``skos:prefLabel``, ``skos:altLabel``) of the
lexicon's entities in the store, matched case-sensitively on word boundaries, the longest first.
A form with no capital letter and only one word ("security") is not matched. This is a reader's
aid, not the extractor's reading: the extractor's mentions are the facts' evidence.

The words are never changed: the text of a sentence is the concatenation of its pieces, so the
page holds the text exactly (``seckg publish`` and ``serve`` show it only for a document whose
licence allows it, :func:`seckg.web.views.redistributable`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

import pyoxigraph as ox

from seckg.graph.iris import ID

__all__ = ["Piece", "AnnotatedSentence", "AnnotatedBlock", "Gave", "AnnotatedText", "annotate", "surface_forms"]

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_OA = "http://www.w3.org/ns/oa#"
_SECKG = "https://w3id.org/seckg/ontology#"
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_FORM_PREDICATES = (ox.NamedNode(_SKOS + "prefLabel"), ox.NamedNode(_SKOS + "altLabel"))
#: kinds of IRI (the first segment below ``id/``) that are never linked as mentions
_NOT_MENTIONED = {"evidence", "rule", "annotation", "citation", "activity", "work", "statement", "tenure",
                  "scheme", "document"}
#: which entity a form shared by several names: the lower first
_KIND_RANK = {"state": 0, "person": 1, "organisation": 2, "grouping": 3, "place": 5, "government": 6}


@dataclass(frozen=True)
class Piece:
    """A run of a sentence's words: inside which evidence (their numbers, the innermost first),
    naming which entity."""

    text: str
    evidence: tuple[int, ...] = ()
    entity: str | None = None


@dataclass
class AnnotatedSentence:
    index: int
    pieces: list[Piece]
    #: numbers of the evidence whose words lie in this sentence
    gave: list[int] = field(default_factory=list)


@dataclass
class AnnotatedBlock:
    kind: str  # "heading" | "paragraph" | "header"
    sentences: list[AnnotatedSentence]


@dataclass(frozen=True)
class Gave:
    """One piece of evidence of the text: its number on the page, its IRI, and the facts its
    graph holds (each typed node with its type; else the triples' subjects)."""

    number: int
    evidence: str
    start: int
    end: int
    facts: tuple[tuple[str, str | None], ...]


@dataclass
class AnnotatedText:
    blocks: list[AnnotatedBlock]
    evidence: list[Gave]
    #: label of every IRI named (facts, their types, the entities mentioned)
    labels: dict[str, str]

    def gave(self, number: int) -> Gave:
        return self.evidence[number - 1]

    @property
    def sentences(self) -> int:
        return sum(len(b.sentences) for b in self.blocks)

    @property
    def silent(self) -> int:
        """How many sentences gave nothing."""
        return sum(1 for b in self.blocks for s in b.sentences if not s.gave)


def surface_forms(store: ox.Store) -> dict[str, str]:
    """form -> the IRI it names: every preferred and alternative label of the store's entities
    (preferred labels win over alternative ones, then by kind, then by IRI)."""
    best: dict[str, tuple[tuple[int, int, str], str]] = {}
    for rank, predicate in enumerate(_FORM_PREDICATES):
        for q in store.quads_for_pattern(None, predicate, None):
            s, o = q.subject, q.object
            if not (isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal) and s.value.startswith(ID)):
                continue
            kind = s.value[len(ID):].split("/", 1)[0]
            form = o.value.strip()
            if kind in _NOT_MENTIONED or len(form) < 2 or "#" in s.value:
                continue
            if form == form.lower() and " " not in form:
                continue
            key = (rank, _KIND_RANK.get(kind, 4), s.value)
            if form not in best or key < best[form][0]:
                best[form] = (key, s.value)
    return {form: iri for form, (_key, iri) in best.items()}


def _matcher(forms: dict[str, str]) -> re.Pattern[str] | None:
    if not forms:
        return None
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _evidence_of(store: ox.Store, document: ox.NamedNode) -> list[tuple[str, int, int, int | None]]:
    """(evidence IRI, start, end, sentence index) of every evidence taken from ``document``."""
    from .views import _quote

    found = []
    targets = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(_OA + "hasSource"), document)}
    evidence = sorted({q.subject.value for t in targets
                       for q in store.quads_for_pattern(None, ox.NamedNode(_OA + "hasTarget"), t)
                       if isinstance(q.subject, ox.NamedNode)})
    for ev in evidence:
        quote, _triples = _quote(store, ev)
        if quote.start is not None and quote.end is not None:
            found.append((ev, quote.start, quote.end, quote.sentence))
    found.sort(key=lambda e: (e[1], e[2], e[0]))
    return found


def _facts(store: ox.Store, evidence: str) -> tuple[tuple[str, str | None], ...]:
    graph = ox.NamedNode(evidence)
    typed: dict[str, str] = {}
    subjects: list[str] = []
    for q in store.quads_for_pattern(None, None, None, graph):
        if not isinstance(q.subject, ox.NamedNode):
            continue
        if q.predicate == _TYPE and isinstance(q.object, ox.NamedNode):
            typed.setdefault(q.subject.value, q.object.value)
        elif q.subject.value not in subjects:
            subjects.append(q.subject.value)
    if typed:
        return tuple(sorted(typed.items()))
    return tuple((s, None) for s in sorted(subjects))


def annotate(store: ox.Store, document: str, text: str) -> AnnotatedText:
    """The annotated text of ``document`` (its stored ``text``)."""
    from seckg.graph.segment import segment

    seg = segment(text)
    doc = ox.NamedNode(document)
    found = _evidence_of(store, doc)
    gave = [Gave(n, ev, start, end, _facts(store, ev)) for n, (ev, start, end, _s) in enumerate(found, 1)]
    forms = surface_forms(store)
    matcher = _matcher(forms)
    mentions: list[tuple[int, int, str]] = []
    if matcher is not None:
        mentions = [(m.start(), m.end(), forms[m.group(0)]) for m in matcher.finditer(text)]

    blocks: list[AnnotatedBlock] = []
    by_block: dict[int, list[AnnotatedSentence]] = {}
    m_at = 0
    for sentence in seg.sentences:
        a, b = sentence.span.start, sentence.span.end
        while m_at < len(mentions) and mentions[m_at][1] <= a:
            m_at += 1
        inside = []
        j = m_at
        while j < len(mentions) and mentions[j][0] < b:
            if mentions[j][1] <= b:
                inside.append(mentions[j])
            j += 1
        spans = [(max(g.start, a), min(g.end, b), g.number) for g in gave if g.start < b and g.end > a]
        sent_gave = sorted({n for _s, _e, n in spans}
                           | {g.number for g, f in zip(gave, found, strict=True) if f[3] == sentence.index})
        by_block.setdefault(sentence.block, []).append(
            AnnotatedSentence(sentence.index, _pieces(text, a, b, spans, inside), sent_gave))
    for index, block in enumerate(seg.blocks):
        if index in by_block:
            sentences = by_block[index]
            if block.kind == "heading" and sentences and sentences[0].pieces:
                first = sentences[0].pieces[0]  # a Markdown heading: its words without the '#'
                marker = re.match(r"#{1,6}\s+", first.text)
                if marker and len(first.text) > marker.end():
                    sentences[0].pieces[0] = Piece(first.text[marker.end():], first.evidence, first.entity)
            blocks.append(AnnotatedBlock(block.kind, sentences))

    from .views import _labels

    named = {iri for _s, _e, iri in mentions}
    for g in gave:
        for node, cls in g.facts:
            named.add(node)
            if cls:
                named.add(cls)
    labels = {}
    for iri in sorted(named):
        label = _labels(store, iri)[0]
        if label is not None:
            labels[iri] = label
    return AnnotatedText(blocks=blocks, evidence=gave, labels=labels)


def _pieces(text: str, a: int, b: int, spans: list[tuple[int, int, int]],
            mentions: list[tuple[int, int, str]]) -> list[Piece]:
    """The sentence ``text[a:b]`` cut where evidence or a mention begins or ends; a mention is
    never cut (an evidence boundary inside it moves to its edge)."""
    cuts = {a, b}
    for s, e, _n in spans:
        cuts.update((s, e))
    kept: list[tuple[int, int, str]] = []
    last_end = a
    for s, e, iri in mentions:
        if s >= last_end:  # matches do not overlap, but stay safe
            kept.append((s, e, iri))
            last_end = e
    for s, e, _iri in kept:
        cuts = {c for c in cuts if not s < c < e} | {s, e}
    ordered = sorted(c for c in cuts if a <= c <= b)
    entity_at = {s: (e, iri) for s, e, iri in kept}
    pieces: list[Piece] = []
    for start, end in pairwise(ordered):
        if start == end:
            continue
        covering = tuple(n for s, e, n in sorted(spans, key=lambda sp: (sp[1] - sp[0], sp[2]))
                         if s < end and e > start)  # the innermost first
        mention = entity_at.get(start)
        entity = mention[1] if mention is not None and mention[0] == end else None
        pieces.append(Piece(text[start:end], covering, entity))
    return pieces
