"""The intermediate records of the pipeline: spans of text and what was read in them.

Offsets are Unicode code points into the stored text of a document (``str`` indices), end
exclusive, so ``text[start:end]`` is always the exact quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Span:
    """A range of code points ``[start, end)`` of a document's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}-{self.end}")

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Block:
    """A paragraph or a heading."""

    span: Span
    kind: str  # "paragraph" | "heading" | "header"


@dataclass(frozen=True)
class Sentence:
    """A sentence of a paragraph (or a whole heading)."""

    index: int
    span: Span
    block: int  # index of its Block


@dataclass(frozen=True)
class Quote:
    """A quotation: the span with its marks, and the inner span of the quoted words."""

    span: Span
    inner: Span
    depth: int = 0  # 0 for an outer quote, 1 for a quote inside a quote


@dataclass(frozen=True)
class CitationRef:
    """One reference a sentence gives: "( Wishnick, 2018 : 370)" or "Bobo Lo (2019: 4–5)"."""

    span: Span
    author: str
    year: str  # four digits, with the letter if any ("2017c")
    pages: str | None = None
    role: str = "supports"  # supports | quoted-in | see-also
    narrative: bool = False  # the author's name stands in the sentence, before the parenthesis

    @property
    def key(self) -> str:
        return f"{self.author} {self.year}"


@dataclass(frozen=True)
class DateRef:
    """A date the text gives, at the precision it gives: "2018", "2013-09", "2018-10-25"."""

    span: Span
    value: str


@dataclass(frozen=True)
class Mention:
    """A span linked to an entity of the lexicon (or a new entity found by a rule)."""

    span: Span
    iri: str
    kind: str  # the entity's kind: state, person, organisation, place, document, policy, ...
    label: str  # the entity's preferred label
    via: str = "label"  # label | demonym | capital | title | rule
    title: str | None = None  # a title that introduced a person ("President", "state councillor")
    new: bool = False  # created by a rule, not in the lexicon
    members: tuple[str, ...] = ()  # for kind "pair": the IRIs of the two states it stands for
    #: a surface form two entities share ("MoFA", "Article 5"): the readings still open, until
    #: the document's other mentions tell them apart (see :func:`seckg.graph.mentions.disambiguate`)
    alternatives: tuple[str, ...] = ()
    #: for a discovered name: the states it names ("China-US Strategic and Economic Dialogue")
    parts: tuple[str, ...] = ()
    #: for a discovered meeting's name: the body that meets ("G20 Hangzhou Summit": the G20)
    body: str | None = None


@dataclass
class Document:
    """A text with its metadata."""

    id: str
    text: str
    meta: dict[str, object] = field(default_factory=dict)
    path: str | None = None
