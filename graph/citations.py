"""Citations in the author–year shapes of the genre.

Parenthetical: "( Wishnick, 2018 : 370)", "( Ferchen, 2016 ; Xi, 2014 )", "(MoFA, China, 2017)",
"(U.S. Department of Defence (DoD), 2018)", "(Foot and King, 2019)", "(quoted in Heath, 2013 )",
"(see also Gady, 2019)", "(Foot, 2016a: 9–11; Zhou, 2016: 208–209)".
Narrative: "Bobo Lo (2019: 4–5)", "Xi (2017c)", "Wu Xinbo (2018)", "according to the Moscow Times
in 2018,".

A parenthesis is read as a citation only when every ``;``-separated item in it has the shape
"Author[,] Year[letter][: pages]"; otherwise the parentheses inside it are tried on their own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .model import CitationRef, Span
from .segment import parenthesis_spans as _paren_spans

__all__ = ["find_citations", "work_key", "same_work"]

_YEAR = r"(?:1[89]\d\d|20\d\d)[a-z]?"
# Possessive quantifiers and atomic groups (Python 3.11+) throughout: each part of a citation
# is read in one pass, never re-split. The lazy author must end on a character that is not a
# space, so a run of spaces is not tried in every split (that was cubic: 2 KB took 28 s).
_PAGES = r"\d++(?:\s*+[–—-]\s*+\d++)?+(?:\s*+,\s*+\d++(?:\s*+[–—-]\s*+\d++)?+)*+"
_ROLE_PREFIX = re.compile(r"^(quoted in|cited in|see also|see|cf\.|e\.g\.,?)\s+", re.IGNORECASE)
_ITEM = re.compile(
    rf"^(?P<author>[A-Z](?:[^;]*?[^;\s])?)(?:\s*+,)?\s++(?P<year>{_YEAR})"
    rf"(?:\s*+:\s*+(?P<pages>{_PAGES}))?\s*+$"
)
_NARRATIVE = re.compile(rf"\(\s*+(?P<year>{_YEAR})(?:\s*+:\s*+(?P<pages>{_PAGES}))?\s*+\)")
#: Longer than this, a parenthesis or one of its items is not a citation (the longest author
#: of the genre, "U.S. Department of Defense (DoD)", with pages, is under a hundred characters).
_MAX_ITEM = 400
_MAX_PAREN = 4000
#: A word longer than this before "(2019)" is not a name.
_MAX_WORD = 64
_NAME_TOKEN = re.compile(r"[A-Z][\w’'.-]*")
# Capitalised words that begin a sentence or clause rather than a name.
_NOT_NAMES = {
    "As", "According", "In", "For", "But", "And", "While", "Although", "Though", "When", "The",
    "Then", "However", "Thus", "Yet", "So", "If", "Since", "After", "Before", "Indeed", "By",
    "To", "Of", "On", "At", "With", "A", "An", "This", "That", "These", "Those", "What", "Also",
}
_ROLES = {"quoted in": "quoted-in", "cited in": "quoted-in", "see also": "see-also", "see": "see-also"}


def _parse_items(inner: str) -> list[tuple[str, str, str | None, str]] | None:
    if len(inner) > _MAX_PAREN:
        return None
    items = []
    for raw in inner.split(";"):
        if len(raw) > _MAX_ITEM:
            return None
        item = raw.strip()
        role = "supports"
        m = _ROLE_PREFIX.match(item)
        if m:
            role = _ROLES.get(m.group(1).lower().rstrip(",."), "supports")
            item = item[m.end():]
        mi = _ITEM.match(item)
        if not mi:
            return None
        author = " ".join(mi.group("author").split()).rstrip(",")
        if len(author.split()) > 14:
            return None
        pages = mi.group("pages")
        items.append((author, mi.group("year"), " ".join(pages.split()) if pages else None, role))
    return items or None


def find_citations(text: str, span: Span) -> list[CitationRef]:
    """All citations inside ``span`` of ``text``, in text order."""
    found: list[CitationRef] = []
    taken: list[Span] = []
    for p in _paren_spans(text, span):
        if any(t.contains(p) for t in taken):
            continue
        inner = text[p.start + 1 : p.end - 1]
        items = _parse_items(inner)
        if items:
            for author, year, pages, role in items:
                found.append(CitationRef(p, author, year, pages, role))
            taken.append(p)
            continue
        m = _NARRATIVE.fullmatch(text, p.start, p.end)
        if m:
            author, a_start = _name_before(text, span.start, p.start)
            if author:
                pages = m.group("pages")
                found.append(
                    CitationRef(
                        Span(a_start, p.end),
                        author,
                        m.group("year"),
                        " ".join(pages.split()) if pages else None,
                        "supports",
                        narrative=True,
                    )
                )
                taken.append(p)
    for m in _ACCORDING.finditer(text, span.start, span.end):
        s = Span(m.start("author"), m.end("year"))
        if not any(t.overlaps(s) for t in taken):
            found.append(CitationRef(s, m.group("author"), m.group("year"), None, "supports"))
    found.sort(key=lambda c: c.span.start)
    return found


#: "According to the Moscow Times in 2018, ...": a source named with the year it said so
_ACCORDING = re.compile(
    rf"\b[Aa]ccording to (?:the )?(?P<author>[A-Z][\w’'.&-]*+(?: (?:of |the |and )?[A-Z][\w’'.&-]*+){{0,4}}) "
    rf"in (?P<year>{_YEAR})(?=[,;.])")


def _name_before(text: str, floor: int, paren: int) -> tuple[str | None, int]:
    """The capitalised name (one to three words) that stands right before a parenthesis."""
    end = paren
    while end > floor and text[end - 1] == " ":
        end -= 1
    tokens: list[tuple[int, int]] = []
    pos = end
    while len(tokens) < 3:
        k = pos
        stop = max(floor, pos - _MAX_WORD)
        while k > stop and not text[k - 1].isspace():
            k -= 1
        if k == stop and k > floor and not text[k - 1].isspace():
            break  # too long to be a name
        word = text[k:pos]
        if not word or not _NAME_TOKEN.fullmatch(word) or word in _NOT_NAMES:
            break
        tokens.insert(0, (k, pos))
        pos = k
        while pos > floor and text[pos - 1] == " ":
            pos -= 1
        if pos == k:
            break
    if not tokens:
        return None, paren
    return text[tokens[0][0] : tokens[-1][1]], tokens[0][0]


@lru_cache(maxsize=4096)
def _norm_tokens(author: str) -> frozenset[str]:
    return frozenset(t for t in re.split(r"[^\w]+", author.lower().replace("’", "'")) if t)


def same_work(a: CitationRef, b: CitationRef) -> bool:
    """Two references to one work: the same year, and one author's words within the other's
    ("Lo 2019" and "Bobo Lo 2019")."""
    if a.year != b.year:
        return False
    ta, tb = _norm_tokens(a.author), _norm_tokens(b.author)
    return bool(ta) and bool(tb) and (ta <= tb or tb <= ta)


def work_key(refs: list[CitationRef], ref: CitationRef) -> str:
    """The key of ``ref``'s work among ``refs`` of one document: the shortest author form that
    names the same work (the parenthetical form, as in a reference list), with the year. Only
    the references of the same year are compared (indexed once per list of references), so
    that a long text with many citations stays linear."""
    forms = [r for r in _by_year(refs).get(ref.year, ()) if same_work(r, ref)] or [ref]
    best = min(forms, key=lambda r: (r.narrative, len(r.author), r.author))
    return f"{best.author} {best.year}"


_YEARS: list[tuple[list[CitationRef], dict[Any, list[CitationRef]]]] = []


def _by_year(refs: list[CitationRef]) -> dict[Any, list[CitationRef]]:
    """``refs`` by year, computed once for the list last asked about (it is a document's)."""
    if _YEARS and _YEARS[0][0] is refs and sum(len(v) for v in _YEARS[0][1].values()) == len(refs):
        return _YEARS[0][1]
    index: dict[Any, list[CitationRef]] = {}
    for r in refs:
        index.setdefault(r.year, []).append(r)
    _YEARS[:] = [(refs, index)]
    return index
