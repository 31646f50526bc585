"""Segmentation: blocks (header, headings, paragraphs), quotations and sentences, with offsets.

Rule-based, for edited analytical prose:

- a first line ``date YYYY-MM-DD Heading`` (the corpus's own header) is a header block;
  a Markdown ``#`` line, or a short line alone in its paragraph with no closing punctuation,
  is a heading;
- quotations are paired typographic (‘ ’, “ ”) or straight (" ') quotes; a ’ between letters
  (China’s) or after a plural's s with no quote open (states’) is an apostrophe;
- sentences end at . ! ? (with closing quotes and brackets) before a capital, a digit or an
  opening quote, but never inside a quotation or parentheses, and never after an abbreviation
  (U.S., e.g., Dr., initials).
"""

from __future__ import annotations

import re

from .model import Block, Quote, Sentence, Span

__all__ = ["segment_blocks", "find_quotes", "split_sentences", "Segmentation", "segment"]

_HEADER = re.compile(r"[ \t]*date[ \t]+\d{4}-\d{2}-\d{2}[ \t]+\S[^\n]*")
_META_LINE = re.compile(r"(?:#\s*)?(?:source|title|author|authors|date|url|licen[cs]e|published)\s*:\s", re.I)
_PARA_BREAK = re.compile(r"\n[ \t]*\n+")
_MD_HEADING = re.compile(r"#{1,6}\s")

# Abbreviations that end with a period but do not end a sentence.
_ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "e.g", "i.e", "cf", "dr", "mr", "mrs", "ms", "prof", "st", "no", "nos",
    "vol", "vols", "pp", "p", "ed", "eds", "al", "etc", "vs", "jr", "sr", "gen", "col", "lt",
    "adm", "sen", "rep", "gov", "amb", "fig", "ch", "sec", "art", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "co", "corp", "ltd", "dept",
    "v",  # "The Philippines v. China" (a case)
}
_OPEN_SINGLE = "‘"
_CLOSE_SINGLE = "’"
_OPEN_DOUBLE = "“"
_CLOSE_DOUBLE = "”"
_CLOSERS = "’”\"')]"


class Segmentation:
    """The blocks, quotations and sentences of one text."""

    def __init__(self, blocks: list[Block], quotes: list[Quote], sentences: list[Sentence]):
        self.blocks = blocks
        self.quotes = quotes
        self.sentences = sentences

    def sentence_at(self, offset: int) -> Sentence | None:
        for s in self.sentences:
            if s.span.start <= offset < s.span.end:
                return s
        return None


def segment_blocks(text: str) -> list[Block]:
    """Split a text into header lines, headings and paragraphs (trimmed spans).

    Blank lines separate paragraphs; so does a single line break where the line before ends a
    sentence or either line is a heading or a header, since many texts (web pages, press
    releases) put one paragraph on each line. A line break inside a sentence is a hard wrap.
    The header lines are the first lines of the text that say what it is rather than being
    it: ``date 2020-05-12 Security partnerships``, ``# source: ...``, ``title: ...``.
    """
    blocks: list[Block] = []
    pos = 0
    in_header = True
    for m in list(_PARA_BREAK.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        chunk_start, chunk_end = _trim(text, pos, end)
        pos = m.end() if m else len(text)
        if chunk_start >= chunk_end:
            continue
        for line_start, line_end in _lines(text, chunk_start, chunk_end):
            chunk = text[line_start:line_end]
            if in_header and _is_header(chunk):
                blocks.append(Block(Span(line_start, line_end), "header"))
                continue
            in_header = False
            kind = "heading" if _is_heading(chunk) else "paragraph"
            blocks.append(Block(Span(line_start, line_end), kind))
    return blocks


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a chunk that are blocks of their own (see :func:`segment_blocks`)."""
    lines: list[tuple[int, int]] = []
    pos = start
    for m in re.finditer(r"\n", text[start:end]):
        lines.append((pos, start + m.start()))
        pos = start + m.end()
    lines.append((pos, end))
    lines = [_trim(text, a, b) for a, b in lines]
    lines = [(a, b) for a, b in lines if a < b and any(c.isalnum() for c in text[a:b])]  # "*" rules
    out: list[tuple[int, int]] = []
    for a, b in lines:
        if out:
            prev = text[out[-1][0] : out[-1][1]]
            line = text[a:b]
            if line[0].islower() and not _ends_sentence(prev):
                out[-1] = (out[-1][0], b)  # a heading or a sentence wrapped onto this line
                continue
            if not (_ends_sentence(prev) or _is_heading(prev) or _is_heading(line)
                    or _is_header(prev) or _is_header(line)):
                out[-1] = (out[-1][0], b)  # a hard wrap inside a paragraph
                continue
        out.append((a, b))
    return out


def _ends_sentence(line: str) -> bool:
    return bool(re.search(r"[.!?:][’”\"')\]]*$", line))


def _is_header(line: str) -> bool:
    return bool(_HEADER.fullmatch(line) or _META_LINE.match(line))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_heading(chunk: str) -> bool:
    if "\n" in chunk:
        return False
    if _MD_HEADING.match(chunk):
        return True
    words = chunk.split()
    if len(words) <= 20 and chunk.upper() == chunk and any(c.isalpha() for c in chunk):
        return True  # "PRESS RELEASE", "(THE REPUBLIC OF THE PHILIPPINES V. ...)"
    return len(words) <= 12 and chunk[-1] not in ".!?:;,’”\"')" and (chunk[0].isupper() or chunk[0].isdigit())


def find_quotes(text: str, span: Span) -> list[Quote]:
    """Paired quotations inside ``span`` (outer quotes, and quotes within them at depth 1)."""
    quotes: list[Quote] = []
    stack: list[tuple[str, int]] = []  # (closing mark, offset of the opening mark)
    i = span.start
    while i < span.end:
        c = text[i]
        prev = text[i - 1] if i > span.start else " "
        nxt = text[i + 1] if i + 1 < span.end else " "
        if c == _OPEN_DOUBLE:
            stack.append((_CLOSE_DOUBLE, i))
        elif c == _CLOSE_DOUBLE:
            _close(stack, _CLOSE_DOUBLE, i, quotes)
        elif c == _OPEN_SINGLE:
            if not prev.isalnum():
                stack.append((_CLOSE_SINGLE, i))
        elif c == _CLOSE_SINGLE:
            # not an apostrophe inside a word (China’s, don’t), nor a plural possessive (states’)
            # with no quote open: then it closes a quote
            inside_word = prev.isalnum() and nxt.isalpha()
            if not inside_word and any(mark == _CLOSE_SINGLE for mark, _ in stack):
                _close(stack, _CLOSE_SINGLE, i, quotes)
        elif c == '"':
            if stack and stack[-1][0] == '"' and not prev.isspace():
                _close(stack, '"', i, quotes)
            elif not nxt.isspace():
                stack.append(('"', i))
        elif c == "'" and not (prev.isalnum() and nxt.isalpha()):  # an apostrophe inside a word is not a quote
            if stack and any(mark == "'" for mark, _ in stack) and not prev.isspace():
                _close(stack, "'", i, quotes)
            elif not prev.isalnum() and not nxt.isspace():
                stack.append(("'", i))
        i += 1
    quotes.sort(key=lambda q: (q.span.start, -q.span.end))
    return quotes


def _close(stack: list[tuple[str, int]], mark: str, at: int, out: list[Quote]) -> None:
    for k in range(len(stack) - 1, -1, -1):
        if stack[k][0] == mark:
            start = stack[k][1]
            del stack[k:]
            if at - start > 1:
                out.append(Quote(Span(start, at + 1), Span(start + 1, at), depth=min(k, 1)))
            return


def parenthesis_spans(text: str, span: Span) -> list[Span]:
    """Every balanced pair of parentheses inside ``span``, nested ones too, in text order."""
    spans: list[Span] = []
    stack: list[int] = []
    for i in range(span.start, span.end):
        if text[i] == "(":
            stack.append(i)
        elif text[i] == ")" and stack:
            spans.append(Span(stack.pop(), i + 1))
    spans.sort()
    return spans


def split_sentences(text: str, block: Block, block_index: int, protected: list[Span]) -> list[Span]:
    """Sentence spans of one paragraph; no boundary falls inside a ``protected`` span."""
    if block.kind != "paragraph":
        return [block.span]
    start = block.span.start
    spans: list[Span] = []
    i = start
    end = block.span.end
    while i < end:
        c = text[i]
        if c in ".!?" and (not _inside(i, protected) or _ends_inside_quote(text, i, end, protected)):
            j = i + 1
            while j < end and text[j] in _CLOSERS:
                j += 1
            # the boundary must also fall outside a protected span (a closing quote included)
            if j < end and text[j].isspace() and not _inside(j - 1, protected, strict=True):
                k = j
                while k < end and text[k].isspace():
                    k += 1
                if k < end and _starts_sentence(text[k]) and not (c == "." and _abbreviation(text, i)):
                    spans.append(Span(start, j))
                    start = k
                    i = k
                    continue
        i += 1
    if start < end:
        spans.append(Span(start, end))
    return spans


def _ends_inside_quote(text: str, i: int, end: int, protected: list[Span]) -> bool:
    """A sentence that ends inside its closing quotation mark: ‘... by the Philippines.” Annex
    VII ...’ (the period is the last character of a quote that closes right after it)."""
    j = i + 1
    while j < end and text[j] in "’”\"'":
        j += 1
    if j == i + 1 or (j < end and not text[j].isspace()):
        return False
    return any(s.end == j and s.start < i for s in protected)


def _inside(offset: int, spans: list[Span], strict: bool = False) -> bool:
    """Is ``offset`` inside one of ``spans`` (after its first character, before its last)?
    The spans' starts and the running maximum of their ends are indexed once per list, so a
    long paragraph with many quotations and parentheses stays linear."""
    from bisect import bisect_left

    starts, max_ends = _span_index(spans)
    k = bisect_left(starts, offset)  # the spans that start before the offset
    return k > 0 and max_ends[k - 1] - 1 > offset


_SPAN_INDEX: list[tuple[list[Span], int, list[int], list[int]]] = []


def _span_index(spans: list[Span]) -> tuple[list[int], list[int]]:
    if _SPAN_INDEX and _SPAN_INDEX[0][0] is spans and _SPAN_INDEX[0][1] == len(spans):
        return _SPAN_INDEX[0][2], _SPAN_INDEX[0][3]
    ordered = sorted(spans, key=lambda s: s.start)
    starts, max_ends, top = [], [], -1
    for s in ordered:
        top = max(top, s.end)
        starts.append(s.start)
        max_ends.append(top)
    _SPAN_INDEX[:] = [(spans, len(spans), starts, max_ends)]
    return starts, max_ends


def _starts_sentence(c: str) -> bool:
    return c.isupper() or c.isdigit() or c in "‘“\"'(["


def _abbreviation(text: str, dot: int) -> bool:
    """Is the period at ``dot`` the end of an abbreviation or an initial?"""
    k = dot
    while k > 0 and (text[k - 1].isalpha() or text[k - 1] == "."):
        k -= 1
    word = text[k:dot].lower()
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    if len(word) == 1 and text[k].isupper():
        return True  # an initial: "S. Jaishankar"
    return bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))  # "u.s", "p.r.c"


def segment(text: str) -> Segmentation:
    """Blocks, quotations and sentences of a whole text."""
    blocks = segment_blocks(text)
    quotes: list[Quote] = []
    sentences: list[Sentence] = []
    for b_index, block in enumerate(blocks):
        block_quotes = find_quotes(text, block.span) if block.kind == "paragraph" else []
        quotes.extend(block_quotes)
        protected = [q.span for q in block_quotes] + parenthesis_spans(text, block.span)
        for span in split_sentences(text, block, b_index, protected):
            sentences.append(Sentence(len(sentences), span, b_index))
    return Segmentation(blocks, quotes, sentences)
