"""Dates at the precision the text gives, and counts that are not dates."""

from __future__ import annotations

from seckg.graph.dates import datatype_of, find_dates, find_numbers
from seckg.graph.model import Span


def test_dates_keep_their_precision():
    text = "in September 2013, in 2018 and 2019, on 25 October 2018 and October 25, 2018"
    dates = find_dates(text, Span(0, len(text)))
    assert [d.value for d in dates] == ["2013-09", "2018", "2019", "2018-10-25", "2018-10-25"]
    assert [datatype_of(v) for v in ("2018", "2013-09", "2018-10-25")] == ["gYear", "gYearMonth", "date"]


def test_years_inside_citations_and_page_ranges_are_not_dates():
    text = "rule (Foot, 2016a: 9–11) and the 1990s"
    cite = Span(text.index("("), text.index(")") + 1)
    assert find_dates(text, Span(0, len(text)), in_citations=[cite]) == []


def test_numbers_are_counts_not_dates_or_ordinals():
    text = "some 3200 PLA forces in 2018 and 1,600 in 2019 at the 19th Party Congress; 2000 troops"
    span = Span(0, len(text))
    dates = find_dates(text, span)
    assert [d.value for d in dates] == ["2018", "2019"]
    assert [v for _, v in find_numbers(text, span, dates)] == [3200, 1600, 2000]
