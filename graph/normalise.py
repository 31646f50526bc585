"""Normalisation before everything: the text the layers read, and the way back to the text as
stored.

Texts come as their authors' tools wrote them: decomposed accents (NFD), non-breaking and thin
spaces, straight quotes where the genre sets curly ones, soft hyphens and zero-width marks left
by web pages, Windows line ends, a dozen kinds of dash. Every later layer (segmentation, the
lexicon's phrase matcher, the relation patterns, the quotation reader) is written for one form:
NFC, plain spaces, typographic quotes (‘ ’ “ ”, ’ as the apostrophe), "-" and "–" as the
dashes, ``\\n`` as the line end.

:func:`normalise` returns that form with an offset map. The stored text is never changed: every
span the layers find in the normalised text is mapped back (:meth:`Normalised.span`), so the
evidence of a fact still points at the words as the user's file holds them, and the provenance
check still finds them there.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .model import Span

__all__ = ["Normalised", "normalise"]

#: Characters replaced one for one.
_REPLACE = {
    **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                    "\u202f\u205f\u3000\t\x0b\x0c", " "),
    "\u2028": "\n", "\u2029": "\n", "\x85": "\n",
    "\u2010": "-", "\u2011": "-", "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
    "\u2012": "–", "\u2013": "–", "\ufe58": "–",
    "\u2014": "—", "\u2015": "—",
    "\u201b": "‘", "\u2032": "’", "\u02bc": "’", "\uff07": "’",
    "\u201f": "“", "\u201e": "“", "\u00ab": "“", "\u00bb": "”", "\u2033": "”", "\uff02": "\"",
}
_CHANGED = {c for c, r in _REPLACE.items() if c != r}
#: Characters dropped: soft hyphen, zero-width space and joiners, word joiner, byte-order mark,
#: and the carriage return of a Windows line end.
_DROP = set("\u00ad\u200b\u200c\u200d\u2060\ufeff\r")
_OPEN_BEFORE = set(" \n([{–—-/“‘")  # a quote after these opens


@dataclass(frozen=True)
class Normalised:
    """The normalised text and, for each of its characters, where it came from."""

    text: str
    original: str
    starts: tuple[int, ...] | None  # None: the text was already normal (identity)
    ends: tuple[int, ...] | None

    @property
    def identity(self) -> bool:
        return self.starts is None

    def offset(self, i: int) -> int:
        """The stored text's offset of normalised offset ``i`` (a start)."""
        if self.starts is None:
            return i
        return self.starts[i] if i < len(self.starts) else len(self.original)

    def span(self, s: Span) -> Span:
        """The stored text's span of a normalised span."""
        if self.starts is None or self.ends is None:
            return s
        if s.start >= s.end:
            o = self.offset(s.start)
            return Span(o, o)
        return Span(self.starts[s.start], self.ends[s.end - 1])


def normalise(text: str) -> Normalised:
    """The text in the one form the layers read, with its offset map (see the module's doc)."""
    if _already_normal(text):
        return Normalised(text, text, None, None)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        # a character with its combining marks: composed together (NFC), mapped as one
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if j - i > 1 or not unicodedata.is_normalized("NFC", cluster):
            cluster = unicodedata.normalize("NFC", cluster)
        for c in cluster:
            if c in _DROP:
                continue
            out.append(_REPLACE.get(c, c))
            starts.append(i)
            ends.append(j)
        i = j
    _curl_quotes(out)
    return Normalised("".join(out), text, tuple(starts), tuple(ends))


def _already_normal(text: str) -> bool:
    if not unicodedata.is_normalized("NFC", text):
        return False
    if any(c in _CHANGED or c in _DROP for c in text):
        return False
    return '"' not in text and "'" not in text


def _curl_quotes(chars: list[str]) -> None:
    """Straight quotes made typographic, in place: ' between letters or after a plural's s is
    the apostrophe ’; a quote after a space, a bracket or a dash opens (‘ “), otherwise it
    closes (’ ”)."""
    n = len(chars)
    single_open = 0
    double_open = False
    for k, c in enumerate(chars):
        if c not in "\"'":
            if c == "\n" and chars[k - 1:k] == ["\n"]:
                single_open, double_open = 0, False  # quotes do not run across paragraphs
            continue
        prev = chars[k - 1] if k else " "
        nxt = chars[k + 1] if k + 1 < n else " "
        if c == '"':
            opens = prev in _OPEN_BEFORE and not nxt.isspace()
            if not opens and prev in _OPEN_BEFORE and not double_open:
                opens = True
            if double_open and not prev.isspace() and prev not in "([{":
                opens = False
            chars[k] = "“" if opens else "”"
            double_open = opens
            continue
        # a single straight quote
        if prev.isalnum() and nxt.isalnum():
            chars[k] = "’"  # China's, don't
        elif prev in _OPEN_BEFORE and nxt.isdigit() and "".join(chars[k + 1:k + 4])[2:3] == "s":
            chars[k] = "’"  # the '90s
        elif prev in _OPEN_BEFORE and not nxt.isspace():
            chars[k] = "‘"
            single_open += 1
        elif single_open:
            chars[k] = "’"
            single_open -= 1
        else:
            chars[k] = "’"  # the states' interests
