"""Segmentation: blocks, quotations and sentences, with exact code-point offsets."""

from __future__ import annotations

import pytest

from seckg.graph.model import Span
from seckg.graph.segment import find_quotes, segment


def sentences(text: str) -> list[str]:
    seg = segment(text)
    return [text[s.span.start : s.span.end] for s in seg.sentences]


def test_corpus_header_heading_and_paragraphs(corpus_text):
    seg = segment(corpus_text)
    kinds = [b.kind for b in seg.blocks]
    assert kinds[0] == "header"
    assert kinds.count("heading") == 1
    heading = next(b for b in seg.blocks if b.kind == "heading")
    assert corpus_text[heading.span.start : heading.span.end] == "Foreground associated policies"
    assert kinds.count("paragraph") == 14


def test_every_sentence_span_is_exact_and_in_order(corpus_text):
    seg = segment(corpus_text)
    assert len(seg.sentences) > 60
    last = -1
    for s in seg.sentences:
        chunk = corpus_text[s.span.start : s.span.end]
        assert chunk == chunk.strip() and chunk
        assert s.span.start > last
        last = s.span.end


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The U.S. alliance endured. Japan agreed.", ["The U.S. alliance endured.", "Japan agreed."]),
        ("External Affairs Minister S. Jaishankar spoke. He left.",
         ["External Affairs Minister S. Jaishankar spoke.", "He left."]),
        ("As Xi put it, ‘no country can be secure. A country cannot’. Then he left.",
         ["As Xi put it, ‘no country can be secure. A country cannot’.", "Then he left."]),
        ("It was said (see e.g. Smith, 2019: 4. Also Lee). Next one.",
         ["It was said (see e.g. Smith, 2019: 4. Also Lee).", "Next one."]),
        ("Growth slowed. 2019 was worse.", ["Growth slowed.", "2019 was worse."]),
    ],
)
def test_sentence_boundaries(text, expected):
    assert sentences(text) == expected


def test_apostrophes_are_not_quotes():
    text = "China’s view of the states’ interests, as Xi put it, is ‘clear’ and ‘firm’."
    quotes = find_quotes(text, Span(0, len(text)))
    assert [text[q.inner.start : q.inner.end] for q in quotes] == ["clear", "firm"]


def test_nested_quotes_are_inside_their_outer_quote():
    text = "to expel the ‘“illegal forces” of a hostile state’ as well"
    quotes = find_quotes(text, Span(0, len(text)))
    outer = [q for q in quotes if q.depth == 0]
    inner = [q for q in quotes if q.depth == 1]
    assert [text[q.inner.start : q.inner.end] for q in outer] == ["“illegal forces” of a hostile state"]
    assert [text[q.inner.start : q.inner.end] for q in inner] == ["illegal forces"]
    assert outer[0].span.contains(inner[0].span)


def test_markdown_heading_and_straight_quotes():
    text = '# India and China\n\nModi said "we will respond". Delhi agreed.\n'
    seg = segment(text)
    assert [b.kind for b in seg.blocks] == ["heading", "paragraph"]
    assert [text[q.inner.start : q.inner.end] for q in seg.quotes] == ["we will respond"]
