"""Citations in every author-year shape the genre uses."""

from __future__ import annotations

import pytest

from seckg.graph.citations import find_citations, same_work, work_key
from seckg.graph.model import CitationRef, Span


def cites(text: str) -> list[tuple[str, str, str | None, str, bool]]:
    return [(c.author, c.year, c.pages, c.role, c.narrative) for c in find_citations(text, Span(0, len(text)))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("moves ( Wishnick, 2018 : 370).", [("Wishnick", "2018", "370", "supports", False)]),
        ("security ( Ferchen, 2016 ; Xi, 2014 ).",
         [("Ferchen", "2016", None, "supports", False), ("Xi", "2014", None, "supports", False)]),
        ("Bobo Lo (2019: 4–5) regards", [("Bobo Lo", "2019", "4–5", "supports", True)]),
        ("As Xi (2017c) pointed out", [("Xi", "2017c", None, "supports", True)]),
        ("growth’ (U.S. Department of Defence (DoD), 2018).",
         [("U.S. Department of Defence (DoD)", "2018", None, "supports", False)]),
        ("them (Foot and King, 2019).", [("Foot and King", "2019", None, "supports", False)]),
        ("opposition (quoted in Heath, 2013 ).", [("Heath", "2013", None, "quoted-in", False)]),
        ("exercise (see also Gady, 2019).", [("Gady", "2019", None, "see-also", False)]),
        ("affairs’ (MoFA, China, 2017).", [("MoFA, China", "2017", None, "supports", False)]),
        ("rule (Foot, 2016a: 9–11; Zhou, 2016: 208–209).",
         [("Foot", "2016a", "9–11", "supports", False), ("Zhou", "2016", "208–209", "supports", False)]),
        ("(as he stated at the 19th Party Congress, ‘the Party’ ( Xi, 2017b ))",
         [("Xi", "2017b", None, "supports", False)]),
    ],
)
def test_citation_shapes(text, expected):
    assert cites(text) == expected


@pytest.mark.parametrize("text", ["in (2018) terms", "the norm (R2P) spread", "troops (in 2018)",
                                   "(since 2013) it grew", "the (UN Security Council) vote"])
def test_parentheses_that_are_not_citations(text):
    assert cites(text) == []


def test_the_same_work_cited_twice_is_one_work():
    a = CitationRef(Span(0, 1), "Lo", "2019", "1–2")
    b = CitationRef(Span(5, 9), "Bobo Lo", "2019", "4–5", narrative=True)
    c = CitationRef(Span(10, 12), "Lo", "2018")
    assert same_work(a, b) and not same_work(a, c)
    assert work_key([a, b, c], b) == "Lo 2019"


def test_corpus_citations_are_all_found(corpus_text):
    refs = find_citations(corpus_text, Span(0, len(corpus_text)))
    assert len(refs) == 33  # 32 in parentheses or after a name, "according to the Moscow Times in 2018"
    assert len({work_key(refs, r) for r in refs}) == 27


def test_a_source_named_with_its_year_is_cited():
    text = "According to the Moscow Times in 2018, this was the first time. According to China, it was not."
    refs = find_citations(text, Span(0, len(text)))
    assert [(r.author, r.year) for r in refs] == [("Moscow Times", "2018")]
    assert text[refs[0].span.start : refs[0].span.end] == "Moscow Times in 2018"
