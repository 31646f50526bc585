"""Quotations: who said the quoted words, when, on what occasion, and which work the sentence
cites for them.

The cues are data (``graph/patterns/quotations.yaml``): verbs and nouns of saying ("put it",
"stated", "described", "statements", "refrain"), participles that take the sentence's subject
("stating", "adding"), pronouns that take the last speaker ("He went on"), and occasion phrases
("at the 19th Party Congress", "in a speech in Geneva"). A short quoted phrase with no cue is a
term or a scare quote, not a statement; a quote that is exactly one mention (a document's or a
partnership level's name) is a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files

import yaml

from .model import CitationRef, DateRef, Mention, Quote, Span
from .tagging import TaggedSentence

__all__ = ["QuoteReading", "QuotationReader"]

_SPEAKER_KINDS = {"person", "state", "organisation", "document", "government", "pair"}


@dataclass
class QuoteReading:
    quote: Quote
    speaker: Mention | None
    cue: str | None  # the cue that named the speaker (or None)
    date: DateRef | None
    occasion: Span | None
    source: CitationRef | None
    quoted_in: CitationRef | None
    evidence: Span  # from the cue (or the quote) to the end of the citation (or the quote)


class QuotationReader:
    """Reads the quotations of a sentence with the cues of ``quotations.yaml``."""

    def __init__(self, config: dict | None = None) -> None:
        if config is None:
            config = yaml.safe_load(files("seckg.graph").joinpath("patterns/quotations.yaml").read_text("utf-8"))
        self.verbs = re.compile(r"\b(?:" + "|".join(config["speech_verbs"]) + r")\b")
        self.nouns = re.compile(r"\b(?:" + "|".join(config["speech_nouns"]) + r")\b")
        self.participles = re.compile(r"\b(?:" + "|".join(config["participles"]) + r")\b")
        self.pronouns = re.compile(r"\b(?:" + "|".join(config["pronouns"]) + r")\b")
        self.occasion = re.compile(config["occasion"])
        self.min_words = int(config.get("min_words_without_cue", 4))
        self.name_cue_window = int(config.get("name_cue_window", 40))
        self.name_heads = re.compile(config["name_heads"]) if config.get("name_heads") else None
        from .rules import _compile

        self.speaker_interests = _compile(config["speaker_interests"], "quotations.yaml")[0]

    def read(
        self,
        text: str,
        tagged: TaggedSentence,
        quotes: list[Quote],
        mentions: list[Mention],
        dates: list[DateRef],
        citations: list[CitationRef],
        last_speaker: Mention | None,
        names: list[Span] = (),  # type: ignore[assignment]
    ) -> list[QuoteReading]:
        """The quotations of one sentence. ``last_speaker`` is who a pronoun stands for when the
        sentence names no person; ``names`` are quoted spans that rules read as names."""
        self._text = text
        sent = tagged.sentence_span
        in_sentence = [q for q in quotes if q.depth == 0 and sent.contains(q.span)]
        actors = [m for m in mentions if sent.contains(m.span) and m.kind in _SPEAKER_KINDS
                  and not any(c.span.overlaps(m.span) and not c.narrative for c in citations)]
        readings: list[QuoteReading] = []
        for q in in_sentence:
            if any(n.overlaps(q.inner) for n in names):
                continue  # a level's or a document's name a rule has read
            if _defined_term(text, q):
                continue  # "(hereinafter, “the Guidelines”)": a name the text defines
            inner = text[q.inner.start : q.inner.end]
            # the cue of a second quotation stands after the first ("X describes A as ‘...’,
            # while Seoul holds that B is ‘...’"); with no cue and no actor between them, the
            # second continues the first ("X said ‘...’ and ‘...’")
            prev = max((p.span.end for p in in_sentence if p.span.end <= q.span.start), default=sent.start)
            start = prev if prev > sent.start else sent.start
            before = text[start : q.span.start]
            speaker, cue, cue_at = self._speaker(before, start, [a for a in actors if a.span.start >= start or start == sent.start]
                                                 if start > sent.start else actors, q, last_speaker)
            if cue is None and start > sent.start and readings and readings[-1].quote.span.end == start \
                    and not any(start <= a.span.start < q.span.start for a in actors):
                speaker, cue, cue_at = readings[-1].speaker, readings[-1].cue, None
            if cue is None:
                # the cue after the quotation, as news reports write it: "‘...,’ Xi said",
                # "‘...,’ said the minister", "‘...,’ he added"
                after_speaker, after_cue = self._cue_after(text, q, sent, actors, last_speaker)
                if after_cue is not None:
                    speaker, cue = after_speaker, after_cue
            source, quoted_in = self._source(q, citations, sent, speaker)
            if self.name_heads is not None and quoted_in is None and self.name_heads.match(text, q.span.end, sent.end):
                continue  # "an ‘Act Far East’ policy": the quote is the name of what follows
            if (self._is_name(q, mentions) and quoted_in is None
                    and (cue_at is None or q.span.start - cue_at > self.name_cue_window)):
                continue  # a document's, a policy's or a level's name, not said by anyone here
            if speaker is None and cue is None and quoted_in is None and len(inner.split()) < self.min_words:
                continue  # a term or a scare quote
            if speaker is None and cue is None and last_speaker is not None and last_speaker.kind == "person" \
                    and not text[sent.start : q.span.start].strip():
                # a quotation that opens its sentence with no one named: the person the text
                # was speaking of ("Wang Yi met reporters on Monday. ‘We will ...’")
                speaker, cue = last_speaker, "previous sentence"
            if speaker is None and source is not None and not quoted_in:
                speaker = self._author_as_speaker(source, mentions)
            date = self._date(q, dates, sent, cue_at)
            occasion = self._occasion(text, sent, q, cue_at)
            start = min(cue_at if cue_at is not None else q.span.start, q.span.start)
            if speaker is not None and speaker.span.start >= sent.start:
                start = min(start, speaker.span.start)
            end = max(q.span.end, (source or quoted_in).span.end if (source or quoted_in) else q.span.end)
            readings.append(QuoteReading(q, speaker, cue, date, occasion, source, quoted_in, Span(start, end)))
            if speaker is not None:
                last_speaker = speaker
        return readings

    def _cue_after(self, text: str, q: Quote, sent: Span, actors: list[Mention],
                   last: Mention | None) -> tuple[Mention | None, str | None]:
        """The speaker named right after a quotation with a verb of saying, either order."""
        rest = text[q.span.end : sent.end]
        lead = re.match(r"\s*,?\s*", rest)
        at = q.span.end + (lead.end() if lead else 0)
        nearby = [a for a in actors if at <= a.span.start <= at + 60]
        first = nearby[0] if nearby else None
        if first is not None and first.span.start == at:
            verb = self.verbs.match(text, first.span.end + 1, min(sent.end, first.span.end + 40))
            if text[first.span.end : first.span.end + 1] == " " and verb:
                return first, verb.group(0)  # "Xi said"
        verb = self.verbs.match(text, at, min(sent.end, at + 40))
        if verb is not None:
            after = text[verb.end() : verb.end() + 6]
            if first is not None and re.match(r"\s+(?:the\s+)?$", text[verb.end() : first.span.start]):
                return first, verb.group(0)  # "said Xi", "said the minister"
            if re.match(r"\s*[.,;]", after):
                return None, None
        pronoun = re.match(r"(?:he|she|He|She)\s+", text[at : at + 4])
        if pronoun is not None and last is not None and self.verbs.match(text, at + pronoun.end(), at + 40):
            return last, "pronoun"  # "‘...’, he added"
        return None, None

    def _is_name(self, q: Quote, mentions: list[Mention]) -> bool:
        return any(m.span.start <= q.inner.start + 1 and m.span.end >= q.inner.end - 1
                   and m.kind in {"document", "partnership-level", "concept", "policy", "core-interest"}
                   for m in mentions)

    def _speaker(self, before: str, base: int, actors: list[Mention], q: Quote,
                 last: Mention | None) -> tuple[Mention | None, str | None, int | None]:
        """The speaker named by the last cue before the quote, and where that cue stands.

        Cues: verbs and nouns of saying, participles, and a colon right before the quote
        ("Pompeo gave the clearest answer yet: ‘...’"). A verb right after a possessive is a
        noun ("China’s claims"), not a cue.
        """
        cues: list[tuple[int, str, str]] = []
        for kind, rx in (("verb", self.verbs), ("noun", self.nouns), ("participle", self.participles)):
            for m in rx.finditer(before):
                if kind == "verb" and re.search(r"(?:’s|'s|’|\bthe|\ba|\ban|\bits|\btheir|\bhis|\bher)\s+$",
                                                before[: m.start()]):
                    continue  # a noun or an adjective: "China’s claims", "the declared desire"
                if kind == "verb" and m.group(0).endswith("s") and re.search(
                        r"(?:’s|'s|’|\bthe|\bits|\btheir|\bhis|\bher)\s+[A-Z][\w-]+\s+$", before[: m.start()]):
                    continue  # a plural noun after a named modifier: "the Chilean claims", "its Foreign Ministry statements"
                cues.append((m.start(), kind, m.group(0)))
        stripped = before.rstrip()
        if stripped.endswith(":"):
            cues.append((len(stripped) - 1, "noun", ":"))
        if not cues:
            # "X served Y with a Notification and Statement of Claim ‘...’", "X issued a joint
            # statement ‘...’": words right after a document's name are the document's, and the
            # document is its issuer's, the sentence's subject
            docs = [a for a in actors if a.kind == "document" and 0 <= q.span.start - a.span.end <= 2]
            if docs:
                # the subject of the clause the document stands in ("... when the Philippines
                # served China with a Notification ‘...’": the Philippines)
                clause = base
                for b in re.finditer(r"\b(?:when|where|after|before|while|as|because|since|but|which|who)\b|[,;:(]",
                                     before[: docs[0].span.start - base]):
                    clause = base + b.end()
                subjects = [a for a in actors if clause <= a.span.start and a.span.end <= docs[0].span.start
                            and a.kind != "document" and not self._in_prepositional_phrase(a)
                            and not self._possessive(a)]
                if subjects:
                    return subjects[0], "document", docs[0].span.start
            return None, None, None
        cues.sort()
        at, kind, word = cues[-1]
        if word == ":" and len(cues) > 1 and cues[-2][1] == "verb" \
                and re.match(r"\s+that\b", before[cues[-2][0] + len(cues[-2][2]) : at]):
            # "X warned that consumers might respond: ‘...’": the colon ends what X said
            at, kind, word = cues[-2]
        cue_offset = base + at
        prior = [a for a in actors if a.span.end <= cue_offset]
        if word.lower().startswith("according to"):  # the speaker follows the cue
            after = [a for a in actors if cue_offset < a.span.start < q.span.start]
            return (after[0] if after else None), word, cue_offset
        if kind == "participle":
            return (prior[0] if prior else last), word, cue_offset
        # a pronoun right before the cue ("He went on", "as he stated") takes the nearest person
        # before it in the sentence, else the last person named before the sentence
        window = before[max(0, at - 25) : at]
        if re.search(r"\b(?:it|It)\s+(?:has\s+|had\s+|also\s+|then\s+)?$", window):
            # "China presented the Philippines with a note in which it described ...": "it" is
            # the sentence's subject, a state or an institution, not the nearest name
            things = [a for a in prior if a.kind != "person" and not self._in_prepositional_phrase(a)
                      and not self._possessive(a)]
            return (things[0] if things else None), word, cue_offset
        if self.pronouns.search(window):
            persons = [a for a in prior if a.kind == "person" and not self._in_prepositional_phrase(a)]
            return (persons[0] if persons else last), word, cue_offset
        if kind == "verb":
            # the subject of a verb of saying is the nearest actor before it that is neither a
            # possessive ("Wang Yi in his round-up of China’s diplomatic action ... described")
            # nor in a prepositional phrase ("Sarmiento of the Manila Institute ... put it")
            subjects = [a for a in prior if not self._possessive(a) and not self._in_prepositional_phrase(a)]
            if len(subjects) > 1 and subjects[-1].kind == subjects[-2].kind == "state" \
                    and self._text[subjects[-2].span.end : subjects[-1].span.start] == " and " \
                    and subjects[-2].iri != subjects[-1].iri:
                # two states as one subject: "which Beijing and Islamabad call ‘...’"
                a, b = subjects[-2], subjects[-1]
                return (Mention(Span(a.span.start, b.span.end), f"{a.iri}|{b.iri}", "pair",
                                f"{a.label} and {b.label}", "rule", members=(a.iri, b.iri)), word, cue_offset)
            return (subjects[-1] if subjects else None), word, cue_offset
        return (prior[-1] if prior else None), word, cue_offset

    def _in_prepositional_phrase(self, m: Mention) -> bool:
        head = self._text[max(0, m.span.start - 12) : m.span.start]
        return bool(re.search(r"\b(?:of|in|at|from|with|to|for|by|on|against|between|under|within|into)\s+(?:the\s+)?$", head))

    def _possessive(self, m: Mention) -> bool:
        return self._text[m.span.end : m.span.end + 2] in ("’s", "'s") or self._text[m.span.end : m.span.end + 1] == "’"

    def _source(self, q: Quote, citations: list[CitationRef], sent: Span,
                speaker: Mention | None) -> tuple[CitationRef | None, CitationRef | None]:
        after = [c for c in citations if sent.contains(c.span) and c.span.start >= q.span.end]
        quoted_in = next((c for c in after if c.role == "quoted-in"), None)
        supports = next((c for c in after if c.role == "supports"), None)
        narrative = [c for c in citations if c.narrative and sent.contains(c.span) and c.span.end <= q.span.start]
        if supports is None and narrative:
            supports = narrative[-1]
        return supports, quoted_in

    def _author_as_speaker(self, source: CitationRef, mentions: list[Mention]) -> Mention | None:
        """A cited work whose author is a known person or institution speaks for it ("( Xi, 2017b )")."""
        for m in mentions:
            if source.span.contains(m.span) and m.kind in {"person", "organisation", "state"}:
                return m
        return None

    def _date(self, q: Quote, dates: list[DateRef], sent: Span, cue_at: int | None) -> DateRef | None:
        before = [d for d in dates if sent.start <= d.span.start and d.span.end <= q.span.start
                  and not re.search(r"\b(?:since|until|till|before|after|by)\s+$", self._text[max(0, d.span.start - 8) : d.span.start])]
        if not before:
            return None
        return before[-1]

    def _occasion(self, text: str, sent: Span, q: Quote, cue_at: int | None) -> Span | None:
        m = None
        for m_ in self.occasion.finditer(text, sent.start, q.span.start):
            m = m_
        if m is None:
            return None
        return Span(m.start("occasion"), m.end("occasion"))


def _defined_term(text: str, q: Quote) -> bool:
    """A short quote that a parenthesis defines as a name: "(hereinafter, “the Guidelines”)",
    "(the “Convention”)", "(“Guidelines”)"."""
    inner = text[q.inner.start : q.inner.end]
    if len(inner.split()) > 6:
        return False
    before = text[max(0, q.span.start - 40) : q.span.start]
    opened = re.search(r"\((?:\s*(?:hereinafter|hereafter)(?:\s+referred\s+to\s+as)?\s*,?)?\s*(?:the\s+|an?\s+)?$",
                       before, re.IGNORECASE)
    return bool(opened) and text[q.span.end : q.span.end + 2].lstrip()[:1] in (")", ",", ";")

