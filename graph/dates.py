"""Dates and quantities as the genre writes them: "in September 2013", "May 2014",
"in 2018 and 2019", "25 October 2018", "October 25, 2018", "October and November 2018" (its
first month); "some 3200 PLA forces", "70 years".

A date keeps the precision the text gives: ``2018`` (xsd:gYear), ``2013-09`` (xsd:gYearMonth),
``2018-10-25`` (xsd:date)."""

from __future__ import annotations

import re

from .model import DateRef, Span

__all__ = ["find_dates", "find_numbers", "datatype_of"]

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"]
    )
}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_DATE = re.compile(
    rf"\b(?:{_MONTH.replace('month', 'month5')}\s*+(?:and|to|or|–|-)\s*+{_MONTH.replace('month', 'month6')}\s+{_YEAR.replace('year', 'year5')}"
    rf"|(?P<day1>\d{{1,2}})\s+{_MONTH}\s+{_YEAR}"
    rf"|{_MONTH.replace('month', 'month2')}\s+(?P<day2>\d{{1,2}}),\s+{_YEAR.replace('year', 'year2')}"
    rf"|{_MONTH.replace('month', 'month3')}\s+{_YEAR.replace('year', 'year3')}"
    rf"|{_YEAR.replace('year', 'year4')})(?![\d–-]?\d)(?!s\b)"
)
# A number that counts things: "3200", "1,600", "70"; four-digit years are dates unless a
# counted noun follows ("2000 troops").
_NUMBER = re.compile(r"(?<![\w.,])(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?!\w|[.,]\d)")
_COUNTED = re.compile(r"\s+(?:[A-Z]{2,}\s+)?(?:troops|forces|soldiers|personnel|servicemen|ships|"
                      r"vessels|aircraft|sailors|marines|years|countries|states)\b")


def find_dates(text: str, span: Span, *, in_citations: list[Span] = ()) -> list[DateRef]:  # type: ignore[assignment]
    """Dates inside ``span``, skipping years inside citations (those are publication years)."""
    out: list[DateRef] = []
    for m in _DATE.finditer(text, span.start, span.end):
        s = Span(m.start(), m.end())
        if any(c.contains(s) for c in in_citations):
            continue
        if _COUNTED.match(text, m.end()) and m.group("year4"):
            continue  # "2000 troops" is a number
        if text[max(0, m.start() - 1) : m.start()] in ("–", "-") or _page_context(text, m.start()):
            continue
        if m.group("year5"):  # "October and November 2018": from the first month
            value = f"{m.group('year5')}-{_MONTHS[m.group('month5').lower()]:02d}"
        elif m.group("year"):
            value = f"{m.group('year')}-{_MONTHS[m.group('month').lower()]:02d}-{int(m.group('day1')):02d}"
        elif m.group("year2"):
            value = f"{m.group('year2')}-{_MONTHS[m.group('month2').lower()]:02d}-{int(m.group('day2')):02d}"
        elif m.group("year3"):
            value = f"{m.group('year3')}-{_MONTHS[m.group('month3').lower()]:02d}"
        else:
            value = m.group("year4")
        out.append(DateRef(s, value))
    return out


def _page_context(text: str, start: int) -> bool:
    return bool(re.search(r"(?:pp?\.|:)\s*$", text[max(0, start - 5) : start]))


def find_numbers(text: str, span: Span, dates: list[DateRef]) -> list[tuple[Span, int]]:
    """Counts inside ``span`` that are not dates: ``(span, value)``."""
    out = []
    for m in _NUMBER.finditer(text, span.start, span.end):
        s = Span(m.start(), m.end())
        if any(d.span.overlaps(s) for d in dates):
            continue
        if text[m.end() : m.end() + 2] in ("th", "st", "nd", "rd"):
            continue  # ordinals: "19th Party Congress"
        out.append((s, int(m.group("n").replace(",", ""))))
    return out


def datatype_of(value: str) -> str:
    """The XSD datatype local name of a date value by its precision."""
    return {4: "gYear", 7: "gYearMonth", 10: "date"}[len(value)]
