"""The extraction pipeline of one document: segment -> mentions -> structures -> relations ->
curated annotations, each layer visible in the facts it produces (their ``rule``)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Literal, URIRef

from .annotations import apply_annotations
from .citations import find_citations, work_key
from .dates import find_dates, find_numbers
from .discourse import Discourse
from .facts import SECKG, Fact, build_fact, clean_text, date_literal
from .genre import document_genre, document_voice
from .iris import ID, entity_iri, slugify
from .lexicon import Lexicon
from .mentions import MentionFinder, disambiguate, surnames
from .model import Block, CitationRef, DateRef, Document, Mention, Quote, Sentence, Span
from .normalise import Normalised, normalise
from .quotes import QuotationReader, QuoteReading
from .rules import Rule, RuleMatch, load_rules, match_rules
from .segment import Segmentation, segment
from .tagging import Tag, TaggedSentence, tag_sentence

__all__ = ["Extractor", "Extraction"]


@dataclass
class Reading:
    """What the layers below relations read in one document."""

    segmentation: Segmentation
    citations: list[CitationRef]
    mentions: list[Mention]
    dates: list[DateRef]
    tagged: list[tuple[Sentence, TaggedSentence]]


@dataclass
class Extraction:
    """What was read in one document."""

    document: Document
    segmentation: Segmentation
    mentions: list[Mention]
    citations: list[CitationRef]
    dates: list[DateRef]
    quotes: list[QuoteReading]
    facts: list[Fact]
    citation_nodes: dict[Span, list[URIRef]] = field(default_factory=dict)  # sentence -> citations

    @property
    def counts(self) -> Counter[str]:
        return Counter(f.kind for f in self.facts)

    def silent_sentences(self) -> list[int]:
        """Sentences (not headings) that produced no fact beyond mentions and citations."""
        spans = [f.span for f in self.facts if f.kind not in {"cited-work", "citation", "entity"}]
        out = []
        for s in self.segmentation.sentences:
            block = self.segmentation.blocks[s.block]
            if block.kind != "paragraph":
                continue
            if not any(s.span.overlaps(sp) for sp in spans):
                out.append(s.index)
        return out


class Extractor:
    """Holds the lexicon and the rules; extracts documents one by one."""

    def __init__(self, lexicon: Lexicon, rules: list[Rule] | None = None,
                 quotations: QuotationReader | None = None) -> None:
        self.lexicon = lexicon
        self.rules = rules if rules is not None else load_rules()
        self.quotations = quotations or QuotationReader()
        self.focus_rules = load_rules(suffix=".focus.yaml")
        self.finder = MentionFinder(lexicon)

    @classmethod
    def default(cls) -> Extractor:
        from seckg.ontology import load_ontology, load_reference

        return cls(Lexicon.from_graphs(load_reference(), load_ontology()))

    @cached_property
    def labels(self) -> dict[str, str]:
        return dict(self.lexicon.labels)

    def read(self, doc: Document) -> Reading:
        """The layers below relations: segmentation, citations, mentions (with the pair
        anaphors the discourse focus resolves), dates, numbers, and the tagged sentences."""
        text = doc.text
        seg = segment(text)
        citations = [c for c in find_citations(text, Span(0, len(text)))
                     if not any(b.kind == "header" and b.span.overlaps(c.span) for b in seg.blocks)]
        cite_spans = [c.span for c in citations if not c.narrative] + [
            Span(text.index("(", c.span.start), c.span.end) for c in citations if c.narrative]
        mentions: list[Mention] = []
        dates: list[DateRef] = []
        cite_sorted = sorted(cite_spans, key=lambda c: c.start)
        cite_starts = [c.start for c in cite_sorted]
        for s in seg.sentences:
            if seg.blocks[s.block].kind == "header":
                continue
            mentions += self.finder.find(text, s.span)
            # only the citations of this sentence can hold its dates (linear in a long text)
            lo, hi = bisect_left(cite_starts, s.span.start), bisect_left(cite_starts, s.span.end)
            dates += find_dates(text, s.span, in_citations=cite_sorted[lo:hi])
        mentions = disambiguate(mentions, self.finder.lexicon)
        mentions = sorted(mentions + _cited_authors(text, citations, mentions), key=lambda m: m.span.start)
        mentions = sorted(mentions + _voices(doc, seg, mentions, dates), key=lambda m: m.span.start)
        mentions = sorted(mentions + _subject_pronouns(text, seg, mentions), key=lambda m: m.span.start)
        paragraphs = [s.span for s in seg.sentences if seg.blocks[s.block].kind == "paragraph"]
        mentions = sorted(mentions + surnames(text, paragraphs, mentions), key=lambda m: m.span.start)
        mentions = sorted(mentions + self.finder.names.anaphors(text, paragraphs, mentions),
                          key=lambda m: m.span.start)
        tagged_sentences: list[tuple[Sentence, TaggedSentence]] = []
        discourse = Discourse(self.focus_rules)
        by_mention, by_date, by_cite = _Within(mentions), _Within(dates), _Within(citations)
        cite_index = _Within(cite_spans, lambda x: x)
        added: list[Mention] = []
        joined: dict[str, tuple[str, ...]] = {}
        for s in seg.sentences:
            if seg.blocks[s.block].kind != "paragraph":
                discourse.reset()
                continue
            here, here_dates, here_cites = by_mention.within(s.span), by_date.within(s.span), by_cite.within(s.span)
            numbers = find_numbers(text, s.span, here_dates)
            local_cites = cite_index.within(s.span)
            numbers = [(sp, v) for sp, v in numbers if not any(c.overlaps(sp) for c in local_cites)]
            tagged = tag_sentence(text, s.span, here, here_dates, numbers, here_cites)
            pairs = discourse.anaphors_in(text, s.span, tagged, here)
            if pairs:
                added += pairs
                here = sorted(here + pairs, key=lambda m: m.span.start)
                tagged = tag_sentence(text, s.span, here, here_dates, numbers, here_cites)
            discourse.update(tagged)
            if discourse.focus is not None:
                # a mechanism whose name names no states ("the Intergovernmental Commission")
                # joins the pair of states the passage is about
                for m in here:
                    if m.kind == "mechanism" and m.new and not m.parts and m.iri not in joined:
                        joined[m.iri] = tuple(x.iri for x in discourse.focus)
            tagged_sentences.append((s, tagged))
        mentions = sorted(mentions + added, key=lambda m: m.span.start)
        if joined:
            mentions = [replace(m, parts=joined[m.iri]) if m.iri in joined and m.new and not m.parts else m
                        for m in mentions]
        return Reading(seg, citations, mentions, dates, tagged_sentences)

    def extract(self, doc: Document, annotations: Path | None = None) -> Extraction:
        """Every layer over the normalised text (:mod:`seckg.graph.normalise`); what they find
        is mapped back to the text as stored, where curated annotations are then anchored."""
        norm = normalise(doc.text)
        work = doc if norm.identity else Document(doc.id, norm.text, doc.meta, doc.path)
        ex = self._extract(work, norm)
        if not norm.identity:
            ex = _map_back(ex, doc, norm)
        if annotations is not None and annotations.exists():
            labels = dict(self.labels)
            for m in ex.mentions:
                labels.setdefault(m.iri, m.label)
            curated = apply_annotations(annotations, doc, self.lexicon, labels)
            # a curated annotation is the reading of the words it quotes: a rule's fact of the
            # same kind on those words gives way to it (no second, rougher copy)
            ex.facts = [f for f in ex.facts if not any(
                c.kind == f.kind and c.span.overlaps(f.span) for c in curated)] + curated
        return ex

    def _extract(self, doc: Document, norm: Normalised) -> Extraction:
        text = doc.text
        reading = self.read(doc)
        seg, citations, mentions, dates = reading.segmentation, reading.citations, reading.mentions, reading.dates
        labels = dict(self.labels)
        for m in mentions:
            labels.setdefault(m.iri, m.label)
        facts: list[Fact] = []
        facts += self._citation_facts(doc, citations, norm)
        facts += self._entity_facts(text, mentions)
        readings: list[QuoteReading] = []
        antecedent: Mention | None = None  # the last person named outside quotations
        genre = document_genre(doc)
        dateline = _dateline(seg, dates)
        asserters = document_voice(doc)
        for iri, name in asserters:  # the authors' names label what they assert ("Foot and King on ...")
            labels.setdefault(iri, name)
        voice = Mention(Span(0, 0), "voice:" + "|".join(i for i, _ in asserters), "authors",
                        " and ".join(label for _, label in asserters), via="voice",
                        members=tuple(i for i, _ in asserters)) if asserters else None
        by_mention, by_date, by_cite = _Within(mentions), _Within(dates), _Within(citations)
        by_quote = _Within(seg.quotes)
        turns = _transcript_turns(text, seg, mentions, dates, doc)
        turn_starts = [r.quote.inner.start for r in turns]
        for s, tagged in reading.tagged:
            here = by_mention.within(s.span)
            here_quotes = [q.span for q in by_quote.within(s.span) if q.depth == 0]
            names: list[Span] = []
            for m in match_rules(self.rules, tagged):
                if m.rule.genres and genre not in m.rule.genres:
                    continue
                if m.rule.voice:
                    if voice is None:
                        continue
                    m = replace(m, slots={**m.slots, m.rule.voice: [Tag(-1, "authors", voice.span, voice)]})
                if m.rule.speaker:
                    turn = _turn_at(turns, turn_starts, tagged.doc_span(m.start, m.end))
                    if turn is None or turn.speaker is None:
                        continue
                    m = replace(m, slots={**m.slots, m.rule.speaker: [Tag(-1, "person", turn.speaker.span, turn.speaker)]})
                if m.rule.outside_quotes and any(q.overlaps(tagged.doc_span(m.start, m.end)) for q in here_quotes):
                    continue  # words the text quotes are the speaker's, read as a statement
                if m.rule.context:
                    m = _from_context(m, tagged, by_mention, seg, by_date, dateline)
                names += [span for name, span in m.spans.items() if name.endswith("_name")]
                for node, triples in build_fact(m.rule.kind, m.slots, labels, m.rule.constants, m.texts,
                                                self.lexicon.owner):
                    # an entity the lexicon dates keeps that one date ("signed the Treaty ... in
                    # 1960": the treaty's date is 1960-01-19; a second would break the shapes)
                    triples = [t for t in triples if t[1] != SECKG.date or str(t[0]) not in self.lexicon.dated]
                    facts.append(Fact(m.rule.kind, node, triples, tagged.doc_span(m.start, m.end),
                                      m.rule.id))
            sent_readings = self.quotations.read(text, tagged, by_quote.within(s.span), here,
                                                 by_date.within(s.span), by_cite.within(s.span),
                                                 antecedent, names)
            for r in sent_readings:
                if r.speaker is None:
                    r.speaker = _repeated_speaker(text, r, readings)
                if r.date is None and readings and r.cue in _CONTINUATIONS and r.speaker is not None \
                        and readings[-1].speaker is not None and readings[-1].speaker.iri == r.speaker.iri:
                    r.date = readings[-1].date  # "He went on, ‘...’": the same occasion, the same date
                facts.append(self._statement_fact(doc, r, citations, labels, norm))
                facts += self._speaker_interest_facts(r, tagged, labels)
            readings += sent_readings
            persons = [m for m in here if m.kind == "person" and not any(q.contains(m.span) for q in here_quotes)]
            if persons:
                antecedent = persons[-1]
        facts += self._offices_in_bodies(text, facts, mentions, labels)
        for r in turns:
            facts.append(self._statement_fact(doc, r, citations, labels, norm))
            readings.append(r)
        return Extraction(doc, seg, mentions, citations, dates, readings, facts)

    # -- structures -------------------------------------------------------------------------

    def _citation_facts(self, doc: Document, citations: list[CitationRef], norm: Normalised) -> list[Fact]:
        facts = []
        for n, c in enumerate(citations):
            key = work_key(citations, c)
            work = URIRef(f"{ID}work/{slugify(key)}")
            author, year = key.rsplit(" ", 1)
            triples = [
                (work, RDF.type, SECKG.CitedWork),
                (work, RDFS.label, Literal(key, lang="en")),
                (work, SECKG.citationKey, Literal(key)),
                (work, SECKG.creatorName, Literal(author)),
                (work, SECKG.year, Literal(year[:4], datatype=XSD.gYear)),
            ]
            if len(year) > 4:
                triples.append((work, SECKG.yearSuffix, Literal(year[4:])))
            at = norm.span(c.span)  # offsets and words of the text as stored
            cit = URIRef(f"{ID}citation/{doc.id}/{at.start}-{at.end}/{n}")
            stored = norm.original[at.start : at.end]
            written = " ".join(stored.split())
            triples += [
                (cit, RDF.type, SECKG.Citation),
                (cit, RDFS.label, Literal(written, lang="en")),
                (cit, SECKG.citesWork, work),
                (cit, SECKG.citationText, Literal(stored)),
                (cit, SECKG.citationRole, URIRef(f"{ID}citation-role/{c.role}")),
            ]
            if c.pages:
                triples.append((cit, SECKG.pages, Literal(c.pages)))
            facts.append(Fact("citation", cit, triples, c.span, "citation", attributes={"work": work}))
        return facts

    def _entity_facts(self, text: str, mentions: list[Mention]) -> list[Fact]:
        facts = []
        starts = [x.span.start for x in mentions]  # mentions are sorted by start
        seen: set[str] = set()
        for m in mentions:
            if m.new and m.iri not in seen:
                seen.add(m.iri)
                cls = SECKG[self.finder.names.class_of(m.label, m.kind)]
                parties: list[tuple[URIRef, URIRef, URIRef]] = []
                if m.kind == "mechanism":
                    # a mechanism is between parties (the states its name names, or the pair
                    # the passage is about); with none known it is a body, an organisation
                    parties = [(URIRef(m.iri), SECKG.hasParty, URIRef(p)) for p in m.parts]
                    if not parties:
                        cls = SECKG.Organisation
                facts.append(Fact("entity", URIRef(m.iri), [
                    (URIRef(m.iri), RDF.type, cls),
                    (URIRef(m.iri), RDFS.label, Literal(m.label, lang="en")),
                    *parties,
                ], m.span, f"mention.new-{m.kind}"))
            state, said_from = (self._state_of_title(text, m, mentions, starts) if m.kind == "person" and m.title
                                else (None, m.span.start))
            if m.title and state is not None:
                person = URIRef(m.iri)
                title = m.title[0].upper() + m.title[1:]
                title_iri = self.lexicon.by_label(m.title, {"title"})
                state_label = self.lexicon.labels.get(state, state.rsplit("/", 1)[-1])
                office_iri = entity_iri("office", f"{title} of {state_label}")
                known = self.lexicon.offices.get((state, title_iri or "")) or (
                    office_iri if office_iri in self.lexicon.kinds else None)
                office = URIRef(known or office_iri)
                tenure = URIRef(f"{ID}tenure/{m.iri.rsplit('/', 1)[-1]}--{office.rsplit('/', 1)[-1]}")
                triples = [
                    (tenure, RDF.type, SECKG.Tenure),
                    (tenure, RDFS.label, Literal(f"{m.label} as {title} of {state_label}", lang="en")),
                    (tenure, SECKG.tenureHolder, person),
                    (tenure, SECKG.tenureOffice, office),
                ]
                if known is None:
                    triples += [(office, RDF.type, SECKG.Office),
                                (office, RDFS.label, Literal(f"{title} of {state_label}", lang="en")),
                                (office, SECKG.officeOf, URIRef(state))]
                    if title_iri is not None:
                        triples.append((office, SECKG.title, URIRef(title_iri)))
                facts.append(Fact("office", tenure, triples, Span(said_from, m.span.end), "mention.titled-person",
                                  attributes={"title": m.title}))
        return facts

    def _offices_in_bodies(self, text: str, facts: list[Fact], mentions: list[Mention],
                           labels: dict[str, str]) -> list[Fact]:
        """A titled member of a body holds the title's office in that body ("The Tribunal is
        chaired by Judge X": X is a judge of the Tribunal), unless the title is an academic
        one or the person already has an office read from the text."""
        held = {str(o) for f in facts if f.kind == "office" for (_s, p, o) in f.triples if p == SECKG.tenureHolder}
        out: list[Fact] = []
        for f in facts:
            if f.kind != "membership":
                continue
            for person, p, org in f.triples:
                if p != SECKG.memberOf:
                    continue
                chair = self._chair_of_body(text, f, person, org, mentions, labels)
                if chair is not None:
                    out.append(chair)
                titled = [m for m in mentions if m.iri == str(person) and m.title and f.span.contains(m.span)]
                if not titled or str(person) in held or titled[0].title.lower() in _NOT_OFFICES:
                    continue
                m = titled[0]
                held.add(str(person))
                out.append(_office_in_body(m, org, m.title[0].upper() + m.title[1:],
                                           self.lexicon.by_label(m.title, {"title"}), labels, f.span,
                                           "office.member-of-body", m.title))
        return out

    def _chair_of_body(self, text: str, f: Fact, person: URIRef, org: URIRef, mentions: list[Mention],
                       labels: dict[str, str]) -> Fact | None:
        """"The Tribunal is chaired (presided over) by Judge X": X is also the body's chair."""
        for m in mentions:
            if m.iri != str(person) or not f.span.contains(m.span):
                continue
            before = text[f.span.start : m.span.start]
            cue = _CHAIRED_BY.search(before)
            if cue is None:
                return None
            title, title_label = _CHAIR_TITLES[cue.group(1)]
            title_iri = self.lexicon.by_label(title_label, {"title"})
            if title_iri is None:  # an office is of a title of the title scheme
                return None
            return _office_in_body(m, org, title, title_iri, labels, f.span, "office.chair-of-body", title_label)
        return None

    def _speaker_interest_facts(self, r: QuoteReading, tagged: TaggedSentence,
                                labels: dict[str, str]) -> list[Fact]:
        """Core interests a quoted speaker names as their country's ("our sovereignty, security
        and development interests"): declarations by the speaker for the speaker's state."""
        if r.speaker is None or r.speaker.members:
            return []
        state = r.speaker.iri if r.speaker.kind in ("state", "government") else (
            self.lexicon.nationality.get(r.speaker.iri) or self.lexicon.owner.get(r.speaker.iri))
        if state is None:
            return []
        out = []
        for m in self.quotations.speaker_interests.finditer(tagged.text):
            span = tagged.doc_span(m.start(), m.end())
            if not r.quote.inner.contains(span) or not tagged.words(m.start(), m.end()).endswith("interests"):
                continue
            interests = tagged.tags_in(m.start("interests"), m.end("interests"), {"core-interest"})
            state_tag = Tag(0, "state", span, Mention(span, state, "state", labels.get(state, state)))
            by_tag = Tag(1, r.speaker.kind, r.speaker.span, r.speaker)
            slots = {"state": [state_tag], "interests": interests, "by": [by_tag]}
            for node, triples in build_fact("core-interest", slots, labels, {}, {}):
                out.append(Fact("core-interest", node, triples, span, "quotation.speaker-interests"))
        return out

    def _state_of_title(self, text: str, m: Mention, mentions: list[Mention],
                        starts: list[int]) -> tuple[str | None, int]:
        """The state whose office a title names, and where the words that say so start: a
        demonym or a state's possessive right before the title ("the Chinese President Xi",
        "Japan’s Foreign Minister Taro Kono", "China’s ambassador, Cheng Jingye"), or a body of
        the state ("Chinese Foreign Ministry spokesperson Wang Wenbin"), else the
        person's nationality in the lexicon (the words are then the title and the name)."""
        title_at = _title_start(text, m, self.finder.title_forms(m.title or ""))
        if title_at is not None:
            # only the mentions just before the title can say whose office it is: a window, so
            # that a long text with many titled persons stays linear
            from bisect import bisect_left

            lo, hi = bisect_left(starts, title_at - 80), bisect_left(starts, title_at)
            for x in mentions[lo:hi]:
                if x.span.end > title_at:
                    continue
                between = text[x.span.end : title_at]
                if x.kind != "state":
                    # a state's body right before the title: "Chinese Foreign Ministry spokesperson"
                    if between == " " and x.kind in ("organisation", "government"):
                        states = {o for o in self.lexicon.context_of(x.iri) if self.lexicon.kinds.get(o) == "state"}
                        if len(states) == 1:
                            return states.pop(), x.span.start
                    continue
                if x.via == "demonym" and between in (" ", ""):
                    return x.iri, x.span.start
                if x.via == "label" and re.fullmatch(r"(?:’s|'s|’) ", between):
                    return x.iri, x.span.start
                # a state's body, in lower case, between: "China’s defence ministry spokesperson
                # Wu Qian", "the Chinese embassy spokesman"
                possessive = {"label": r"(?:’s|'s|’)", "demonym": ""}.get(x.via)
                if possessive is not None and re.fullmatch(rf"{possessive} {_BODY} ", between):
                    return x.iri, x.span.start
                if x.via == "label" and between == " " and re.fullmatch(r"(?:[A-Z]\.?){2,4}", text[x.span.start:x.span.end]):
                    return x.iri, x.span.start  # "U.S. Vice President", "UK Prime Minister"
        start = m.span.start if title_at is None else title_at
        return self.lexicon.nationality.get(m.iri), start

    def _statement_fact(self, doc: Document, r: QuoteReading, citations: list[CitationRef],
                        labels: dict[str, str], norm: Normalised) -> Fact:
        q = r.quote
        inner = norm.span(q.inner)  # offsets and words of the text as stored
        node = URIRef(f"{ID}statement/{doc.id}/{inner.start}-{inner.end}")
        quoted = norm.original[inner.start : inner.end]
        triples = [
            (node, RDF.type, SECKG.Statement),
            (node, RDFS.label, Literal(_short(quoted), lang="en")),
            (node, SECKG.quoteText, Literal(quoted)),
        ]
        # an actor says the words; a document (a treaty that "provides that ...") publishes them
        prop = SECKG.quotedIn if r.speaker is not None and r.speaker.kind == "document" else SECKG.speaker
        for who in (r.speaker.members or (r.speaker.iri,)) if r.speaker is not None else ():
            triples.append((node, prop, URIRef(who)))
        if r.date is not None:
            triples.append((node, SECKG.date, date_literal(r.date.value)))
        if r.occasion is not None:
            occ_text = clean_text(doc.text[r.occasion.start : r.occasion.end])
            occ = URIRef(f"{ID}event/occasion/{slugify(occ_text)}")
            cls = SECKG.Speech if "speech" in occ_text.lower() else (
                SECKG.Congress if "congress" in occ_text.lower() else SECKG.Event)
            triples += [(node, SECKG.occasion, occ), (occ, RDF.type, cls),
                        (occ, RDFS.label, Literal(occ_text, lang="en"))]
            for who in (r.speaker.members or (r.speaker.iri,)) if prop == SECKG.speaker and r.speaker else ():
                triples.append((occ, SECKG.participant, URIRef(who)))
        for c, prop in ((r.source, SECKG.quotedIn), (r.quoted_in, SECKG.quotedIn)):
            if c is not None:
                triples.append((node, prop, URIRef(f"{ID}work/{slugify(work_key(citations, c))}")))
        rule = "quotation.transcript" if r.cue == _TURN else "quotation." + (r.cue and "cue" or "no-cue")
        return Fact("quotation", node, triples, r.evidence, rule,
                    attributes={"speaker": r.speaker.iri if r.speaker else None})


def _map_back(ex: Extraction, doc: Document, norm: Normalised) -> Extraction:
    """An extraction of the normalised text, with every span mapped to the text as stored."""
    sp = norm.span
    seg = ex.segmentation
    segmentation = Segmentation(
        [Block(sp(b.span), b.kind) for b in seg.blocks],
        [Quote(sp(q.span), sp(q.inner), q.depth) for q in seg.quotes],
        [Sentence(s.index, sp(s.span), s.block) for s in seg.sentences])
    quotes = [replace(r, quote=Quote(sp(r.quote.span), sp(r.quote.inner), r.quote.depth),
                      evidence=sp(r.evidence), occasion=sp(r.occasion) if r.occasion else None,
                      speaker=replace(r.speaker, span=sp(r.speaker.span)) if r.speaker else None)
              for r in ex.quotes]
    return Extraction(
        doc, segmentation,
        [replace(m, span=sp(m.span)) for m in ex.mentions],
        [replace(c, span=sp(c.span)) for c in ex.citations],
        [replace(d, span=sp(d.span)) for d in ex.dates],
        quotes,
        [replace(f, span=sp(f.span)) for f in ex.facts],
        {sp(k): v for k, v in ex.citation_nodes.items()})


class _Within:
    """Records sorted by where they start, sliced by span with a binary search: each sentence
    sees its own mentions, dates and citations without a pass over the whole document's (which
    made extraction quadratic in a long text)."""

    def __init__(self, items: list, span_of=lambda x: x.span) -> None:  # type: ignore[no-untyped-def]
        self.items = sorted(items, key=lambda x: span_of(x).start)
        self.starts = [span_of(x).start for x in self.items]
        self.span_of = span_of

    def within(self, span: Span) -> list:  # type: ignore[type-arg]
        lo = bisect_left(self.starts, span.start)
        hi = bisect_left(self.starts, span.end)
        return [x for x in self.items[lo:hi] if span.contains(self.span_of(x))]


def _from_context(m: RuleMatch, tagged: TaggedSentence, mentions: _Within, seg: Segmentation,
                  dates: _Within, dateline: DateRef | None) -> RuleMatch:
    """A match with its implicit slots filled from the paragraph: the nearest mention of the
    slot's kind before the match ("The Tribunal is chaired by X. The other members are Y")."""
    from .rules import OTHER, PLACEHOLDER_KINDS, SALIENT

    start = tagged.doc_span(m.start, m.end).start
    sentence = seg.sentence_at(start)
    block = seg.blocks[sentence.block].span if sentence is not None else Span(0, start)
    slots = dict(m.slots)
    for slot, kind in m.rule.context.items():
        if slots.get(slot):
            continue
        if kind == "DATE":  # the date of the paragraph, else the document's dateline
            before_dates = [d for d in dates.within(Span(block.start, start))] or ([dateline] if dateline else [])
            if before_dates:
                slots[slot] = [Tag(-1, "date", before_dates[-1].span, before_dates[-1])]
            continue
        if kind.startswith(SALIENT):
            kinds = PLACEHOLDER_KINDS[kind.removeprefix(SALIENT)]
            named = [x for x in mentions.within(Span(0, start)) if x.kind in kinds and not x.members]
            if named:
                counts: dict[str, int] = {}
                for x in named:
                    counts[x.iri] = counts.get(x.iri, 0) + 1
                last = {x.iri: i for i, x in enumerate(named)}
                x = named[max(last.values(), key=lambda i: (counts[named[i].iri], i))]
                slots[slot] = [Tag(-1, x.kind, x.span, x)]
            continue
        taken: set[str] = set()
        if kind.startswith(OTHER):
            kind = kind.removeprefix(OTHER)
            taken = {t.value.iri for tags in slots.values() for t in tags if isinstance(t.value, Mention)}
        kinds = PLACEHOLDER_KINDS[kind]
        before = [x for x in mentions.within(Span(block.start, start)) if x.kind in kinds and x.iri not in taken]
        if before:
            x = before[-1]
            slots[slot] = [Tag(-1, x.kind, x.span, x)]
    return replace(m, slots=slots)


#: Who "I" and "we" are: in a transcript, the speaker who has the floor; in a text with
#: authors, the authors ("We argue that ...", "This article argues that ...").
_FIRST_PERSON = re.compile(r"\b(?:I|We|we|me)\b(?!’|')")
_THIS_WORK = re.compile(r"\b(?:This|this|The|the) (?:article|paper|chapter|study|essay|book)\b(?= (?:argues|contends|"
                        r"shows|finds|suggests|concludes|claims|maintains|proposes|traces|outlines|examines))")


def _voices(doc: Document, seg: Segmentation, mentions: list[Mention], dates: list[DateRef]) -> list[Mention]:
    """Mentions of the voices a text speaks in: "I" and "we" in a transcript's turns stand for
    the speaker; "we" and "this article" in a text with authors stand for its authors."""
    out: list[Mention] = []
    taken = [m.span for m in mentions]
    turns = _transcript_turns(doc.text, seg, mentions, dates, doc)
    for r in turns:
        for m in _FIRST_PERSON.finditer(doc.text, r.quote.inner.start, r.quote.inner.end):
            span = Span(m.start(), m.end())
            if not any(t.overlaps(span) for t in taken):
                out.append(replace(r.speaker, span=span, via="pronoun", title=None))
    voice = document_voice(doc)
    if turns or not voice:
        return out
    iris = tuple(i for i, _ in voice)
    label = " and ".join(name for _, name in voice)
    for s in seg.sentences:
        if seg.blocks[s.block].kind != "paragraph":
            continue
        for rx in (_FIRST_PERSON, _THIS_WORK):
            for m in rx.finditer(doc.text, s.span.start, s.span.end):
                if m.group(0) in ("I", "me"):
                    continue
                span = Span(m.start(), m.end())
                if any(q.span.contains(span) for q in seg.quotes) or any(t.overlaps(span) for t in taken):
                    continue
                out.append(Mention(span, "authors:" + "|".join(iris), "authors", label, via="pronoun",
                                       members=iris))
    return out


def _cited_authors(text: str, citations: list[CitationRef], mentions: list[Mention]) -> list[Mention]:
    """The author a narrative citation names ("Kim (2019: 30) regards ...", "As Orlov (2017c)
    notes"): a person, new when the lexicon does not hold the name, so that what the sentence
    says is theirs."""
    from bisect import bisect_left

    starts = [m.span.start for m in mentions]
    out = []
    for c in citations:
        if not c.narrative:
            continue
        end = text.index("(", c.span.start)
        while end > c.span.start and text[end - 1] == " ":
            end -= 1
        span = Span(c.span.start, end)
        k = bisect_left(starts, span.start)
        if any(m.span.overlaps(span) for m in mentions[max(0, k - 2) : k + 2]) or span.end <= span.start:
            continue
        name = text[span.start : span.end]
        out.append(Mention(span, entity_iri("person", name), "person", name, via="rule", new=True))
    return out


#: "it" as the subject of a state's act ("... and in November 2020 it imposed duties on ...")
_IT_ACTS = re.compile(
    r"\b(?:it|It)(?= (?:(?:has|had|have|also|then|later|further|subsequently|again|in turn|soon) )*"
    r"(?:imposed|signed|announced|suspended|banned|joined|hosted|held|conducted|rejected|claimed|sent|"
    r"deployed|launched|introduced|tightened|accused|expelled|recalled|recogni[sz]ed|established|"
    r"sanctioned|blocked|removed|dropped|withdrew|refused|vowed|pledged|warned|urged|condemned|"
    r"opposed|endorsed|backed|ratified|concluded|upgraded|raised|summoned|instituted|filed|gave notice)\b)")
_STATE_KINDS = {"state", "government"}


def _subject_pronouns(text: str, seg: Segmentation, mentions: list[Mention]) -> list[Mention]:
    """"it" as the subject of a state's act stands for the state named first in its sentence
    before it, else first in the sentence before, in the same paragraph: "In May 2020 Beijing
    suspended beef imports, and in November it imposed duties on Australian wine". A state named
    by a demonym ("Australian wine") is not a subject."""
    from bisect import bisect_left

    named = [m for m in mentions if m.kind in _STATE_KINDS and m.via in ("label", "capital")]
    starts = [m.span.start for m in named]
    taken = [m.span for m in mentions]
    out: list[Mention] = []
    previous: Sentence | None = None
    for s in seg.sentences:
        if seg.blocks[s.block].kind != "paragraph":
            previous = None
            continue
        for found in _IT_ACTS.finditer(text, s.span.start, s.span.end):
            span = Span(found.start(), found.end())
            if any(q.span.contains(span) for q in seg.quotes) or any(t.overlaps(span) for t in taken):
                continue
            lo = bisect_left(starts, s.span.start)
            first = named[lo] if lo < len(named) and named[lo].span.end <= span.start else None
            if first is None and previous is not None and previous.block == s.block:
                k = bisect_left(starts, previous.span.start)
                first = named[k] if k < len(named) and named[k].span.end <= previous.span.end else None
            if first is not None:
                out.append(replace(first, span=span, via="pronoun", title=None))
        previous = s
    return out


_TURN = "transcript turn"
#: Titles that are not offices held in a body (an academic's title).
_NOT_OFFICES = {"professor"}
#: "is chaired by", "presided over by", "headed by" just before the person's name (and title)
_CHAIRED_BY = re.compile(r"\b(chaired|presided over|headed) by (?:[A-Z][\w.’-]* ){0,3}$")
_CHAIR_TITLES = {"chaired": ("Chair", "chairman"), "presided over": ("President", "president"),
                 "headed": ("Head", "head")}
#: A speaker's line in a transcript: "President of Russia Vladimir Putin: Colleagues, friends,"
_SPEAKER_LINE = re.compile(r"[^:.!?;]{2,120}?(?:\s*\([^()]{1,40}\))?:\s")


def _dateline(seg: Segmentation, dates: list[DateRef]) -> DateRef | None:
    """The date a text is dated by: a full date in one of its first headings ("June 5, 2019,
    The Kremlin, Moscow", "The Hague, 12 July 2016")."""
    return next((d for b in seg.blocks[:6] if b.kind == "heading" for d in dates
                 if b.span.contains(d.span) and len(d.value) == 10), None)


def _transcript_turns(text: str, seg: Segmentation, mentions: list[Mention], dates: list[DateRef],
                      doc: Document) -> list[QuoteReading]:
    """The turns of a transcript: a paragraph that opens with a person's name and a colon gives
    the floor to that person, for the rest of it and for the paragraphs that follow, until the
    next speaker's line or a heading. Each paragraph of their words (four words or more) is a
    statement by them, dated by the document's dateline (a date in a heading before the text)."""
    dateline = _dateline(seg, dates)
    out: list[QuoteReading] = []
    speaker: Mention | None = None
    for block in seg.blocks:
        if block.kind != "paragraph":
            speaker = None if block.kind == "heading" and speaker is not None and dateline is None else speaker
            continue
        start = block.span.start
        line = _SPEAKER_LINE.match(text, start, block.span.end)
        if line is not None:
            named = [m for m in mentions if m.kind == "person" and start <= m.span.start
                     and m.span.end <= line.end()]
            # the name closes the line: "... Vladimir Putin:", "... Xi Jinping (retranslated):"
            if named and re.fullmatch(r"\s*(?:\([^()]*\))?\s*:\s*", text[named[-1].span.end : line.end()]) \
                    and len(text[start : line.end()].split()) <= 15:
                speaker = named[-1]
                start = line.end()
        if speaker is None or start >= block.span.end:
            continue
        words = text[start : block.span.end]
        if len(words.split()) < 4:
            continue
        span = Span(start, block.span.end)
        out.append(QuoteReading(Quote(span, span), speaker, _TURN, dateline, None, None, None, span))
    return out


def _office_in_body(m: Mention, org: URIRef, title: str, title_iri: str | None, labels: dict[str, str],
                    span: Span, rule: str, said_title: str) -> Fact:
    """The tenure of the person of ``m`` in the office ``title`` of the body ``org`` ("Judge of
    the Arbitral Tribunal", "Chair of ..."), with the title's concept when the lexicon has it."""
    body = labels.get(str(org), str(org).rsplit("/", 1)[-1])
    office = URIRef(entity_iri("office", f"{title} of {body}"))
    tenure = URIRef(f"{ID}tenure/{m.iri.rsplit('/', 1)[-1]}--{office.rsplit('/', 1)[-1]}")
    person = URIRef(m.iri)
    triples = [
        (tenure, RDF.type, SECKG.Tenure),
        (tenure, RDFS.label, Literal(f"{m.label} as {title} of {body}", lang="en")),
        (tenure, SECKG.tenureHolder, person), (tenure, SECKG.tenureOffice, office),
        (office, RDF.type, SECKG.Office),
        (office, RDFS.label, Literal(f"{title} of {body}", lang="en")),
        (office, SECKG.officeOf, org),
    ]
    if title_iri is not None:
        triples.append((office, SECKG.title, URIRef(title_iri)))
    return Fact("office", tenure, triples, span, rule, attributes={"title": said_title})


def _turn_at(turns: list[QuoteReading], starts: list[int], span: Span) -> QuoteReading | None:
    """The transcript turn whose words hold ``span``."""
    from bisect import bisect_right

    i = bisect_right(starts, span.start) - 1
    return turns[i] if i >= 0 and turns[i].quote.inner.contains(span) else None


_CONTINUATIONS = {"went on", "added", "continued", "adding", "continuing"}


def _repeated_speaker(text: str, r: QuoteReading, earlier: list[QuoteReading]) -> Mention | None:
    """The speaker of an earlier quotation that this one repeats ("‘a relationship as partners,
    not as threats’" after "‘forging a relationship as partners, not as threats’")."""
    words = " ".join(text[r.quote.inner.start : r.quote.inner.end].split()).lower()
    if len(words.split()) < 3:
        return None
    for e in reversed(earlier):
        if e.speaker is not None and words in " ".join(text[e.quote.inner.start : e.quote.inner.end].split()).lower():
            return e.speaker
    return None


def _short(s: str, n: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


#: a state's body named in lower case before a title ("defence ministry", "embassy")
_BODY = (r"(?:(?:foreign|defen[cs]e|commerce|trade|external affairs|home|interior|finance|national defen[cs]e)"
         r" )?(?:ministry|office|embassy|department|mission|consulate)")


def _title_start(text: str, m: Mention, forms: Sequence[str] = ()) -> int | None:
    """Where the title of a titled person starts, when it stands right before the name
    ("Foreign Minister Taro Kono", "ambassador, Cheng Jingye", "ambassador in Canberra, Cheng Jingye");
    ``forms``: the title's surface forms ("spokesman" for the label "spokesperson")."""
    if not m.title:
        return None
    titles = "|".join(re.escape(f) for f in sorted({*forms, m.title}, key=len, reverse=True))
    longest = max(len(f) for f in (*forms, m.title))
    head = text[max(0, m.span.start - longest - 3) : m.span.start]
    found = re.search(rf"((?:{titles})s?)(?:,\s*|\s+)$", head, re.IGNORECASE)
    if found is None:  # "ambassador in Canberra, Cheng Jingye": the post's place between
        head = text[max(0, m.span.start - longest - 48) : m.span.start]
        found = re.search(rf"((?:{titles})) (?:in|to) (?:the )?[A-Z][\w. -]{{1,40}},\s*$", head, re.IGNORECASE)
    if found is None:
        return None
    return m.span.start - len(head) + found.start(1)
