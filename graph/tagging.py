"""A sentence with its mentions, dates, numbers and citations replaced by tags.

Relation patterns (``graph/patterns/*.yaml``) are regular expressions over this tagged text:
``⟦state#3⟧ and ⟦state#4⟧ signed ⟦document#5⟧ in ⟦date#6⟧``. Each tag points at the record it
stands for, and every character of the tagged text maps back to an offset of the document, so a
match gives the exact span of text that supports a fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import CitationRef, DateRef, Mention, Span

__all__ = ["Tag", "TaggedSentence", "tag_sentence"]

#: Mention kinds as they appear in tags (a government stands for its state in relations).
TAG_KIND = {"government": "state"}


@dataclass(frozen=True)
class Tag:
    index: int
    kind: str  # state, person, organisation, place, document, policy, honour, event, mechanism,
    # partnership-level, core-interest, concept, title, date, num, cite
    span: Span
    value: Mention | DateRef | CitationRef | int


@dataclass
class TaggedSentence:
    sentence_span: Span
    text: str
    tags: list[Tag]
    offsets: list[int] = field(repr=False)  # offsets[i]: document offset of text[i]
    source: str = field(default="", repr=False)  # the document's text

    def words(self, start: int, end: int) -> str:
        """The document's words behind ``text[start:end]`` (tags replaced by what they stand for)."""
        span = self.doc_span(start, end)
        return " ".join(self.source[span.start : span.end].split())

    def doc_span(self, start: int, end: int) -> Span:
        """The document span of ``text[start:end]`` (a tag covers its whole mention)."""
        if start >= end:
            return Span(self.offsets[start], self.offsets[start])
        first = self.offsets[start]
        last_char = end - 1
        tag = self._tag_at(last_char)
        last = tag.span.end if tag is not None else self.offsets[last_char] + 1
        tag0 = self._tag_at(start)
        if tag0 is not None:
            first = tag0.span.start
        return Span(first, last)

    def _tag_at(self, i: int) -> Tag | None:
        # tags are written as ⟦kind#n⟧; find the one that covers position i
        open_ = self.text.rfind("⟦", 0, i + 1)
        if open_ == -1:
            return None
        close = self.text.find("⟧", open_)
        if close == -1 or close < i:
            return None
        n = int(self.text[open_ + 1 : close].rsplit("#", 1)[1])
        return self.tags[n]

    def tags_in(self, start: int, end: int, kinds: set[str] | None = None) -> list[Tag]:
        out = []
        pos = start
        while True:
            open_ = self.text.find("⟦", pos, end)
            if open_ == -1:
                break
            close = self.text.find("⟧", open_)
            n = int(self.text[open_ + 1 : close].rsplit("#", 1)[1])
            tag = self.tags[n]
            if kinds is None or tag.kind in kinds:
                out.append(tag)
            pos = close + 1
        return out


def tag_sentence(
    text: str,
    sentence: Span,
    mentions: list[Mention],
    dates: list[DateRef],
    numbers: list[tuple[Span, int]],
    citations: list[CitationRef],
) -> TaggedSentence:
    """Replace the records inside ``sentence`` by tags, longest and earliest first."""
    items: list[tuple[Span, str, Mention | DateRef | CitationRef | int]] = []
    cite_spans: list[Span] = []
    for c in citations:
        if sentence.contains(c.span):
            # a narrative citation tags only its parenthesis: the name stays a mention
            s = Span(text.index("(", c.span.start), c.span.end) if c.narrative else c.span
            if s not in cite_spans:
                cite_spans.append(s)
                items.append((s, "cite", c))
    for m in mentions:
        if sentence.contains(m.span) and not any(c.overlaps(m.span) for c in cite_spans):
            items.append((m.span, TAG_KIND.get(m.kind, m.kind), m))
    for d in dates:
        if sentence.contains(d.span) and not any(c.overlaps(d.span) for c in cite_spans):
            items.append((d.span, "date", d))
    for s, v in numbers:
        if sentence.contains(s) and not any(c.overlaps(s) for c in cite_spans):
            items.append((s, "num", v))
    items.sort(key=lambda it: (it[0].start, -it[0].end))
    kept: list[tuple[Span, str, Mention | DateRef | CitationRef | int]] = []
    for it in items:
        if kept and kept[-1][0].overlaps(it[0]):
            continue
        kept.append(it)
    out: list[str] = []
    offsets: list[int] = []
    tags: list[Tag] = []
    pos = sentence.start
    for span, kind, value in kept:
        out.append(text[pos : span.start])
        offsets.extend(range(pos, span.start))
        tag = Tag(len(tags), kind, span, value)
        tags.append(tag)
        token = f"⟦{kind}#{tag.index}⟧"
        out.append(token)
        offsets.extend([span.start] * len(token))
        pos = span.end
    out.append(text[pos : sentence.end])
    offsets.extend(range(pos, sentence.end))
    offsets.append(sentence.end)
    return TaggedSentence(sentence, "".join(out), tags, offsets, text)
