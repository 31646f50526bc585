"""The one screen every SPARQL query and update passes before an engine sees it.

Both rdflib and Oxigraph run ``SERVICE`` and ``LOAD`` by default, and rdflib loads ``FROM`` /
``FROM NAMED`` sources (``file://`` included) when querying a dataset. :func:`screen_query`
parses the text (rdflib's SPARQL grammar), walks the parse tree and refuses these operations
unless the caller allowed them. Nothing is executed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal as TypingLiteral

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from .errors import QuerySyntaxError, UnsafeQueryError

__all__ = ["ScreenedQuery", "screen_query", "screen_update"]

QueryForm = TypingLiteral["SELECT", "CONSTRUCT", "ASK", "DESCRIBE", "UPDATE"]

_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "SELECT",
    "ConstructQuery": "CONSTRUCT",
    "AskQuery": "ASK",
    "DescribeQuery": "DESCRIBE",
}
_UPDATE_OPS = {
    "Load",
    "Clear",
    "Drop",
    "Create",
    "Add",
    "Move",
    "Copy",
    "InsertData",
    "DeleteData",
    "DeleteWhere",
    "Modify",
}


@dataclass(frozen=True)
class ScreenedQuery:
    """A query text that passed the screen, with its form (SELECT, ASK, ...)."""

    text: str
    form: QueryForm


def _walk(node: object) -> Iterator[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (ParseResults, list, tuple)):
        for item in node:
            yield from _walk(item)


#: What rdflib's parser expands before parsing: ``\u`` or ``\U`` with 4 *or* 8 hex digits.
_RDFLIB_ESCAPE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)
_LONE_CR = re.compile(r"\r(?!\n)")


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _check_same_reading(text: str, source: str) -> None:
    """Refuse text that rdflib's grammar (which we screen with) and Oxigraph (which may run it)
    would tokenise differently, so that a SERVICE hidden from the screen could still run.

    - A carriage return not followed by a line feed ends a ``#`` comment for Oxigraph (and the
      SPARQL grammar) but not for rdflib, which reads the comment on to the next line feed.
    - rdflib expands ``\\u`` escapes (four or eight hex digits) in the whole text before parsing; Oxigraph only inside
      strings and IRIs, as the characters they stand for. An escape for an ASCII character (a
      quote, ``#``, ``>``, a newline ...) can therefore end a string for one and not the other.
      rdflib also reads ``\\u`` followed by eight hex digits as one code point, Oxigraph as four.
    """
    m = _LONE_CR.search(text)
    if m:
        line, col = _position(text, m.start())
        raise UnsafeQueryError(
            f"{source}:{line}:{col}: a carriage return not followed by a line feed is refused"
            " (SPARQL parsers disagree on where a comment ends); use LF or CRLF line endings"
        )
    for m in _RDFLIB_ESCAPE.finditer(text):
        digits = m.group(1)
        ambiguous = len(digits) == 8 and m.group(0)[1] == "u"
        code = int(digits, 16)
        if ambiguous or code < 0x80 or code > 0x10FFFF:
            line, col = _position(text, m.start())
            raise UnsafeQueryError(
                f"{source}:{line}:{col}: the escape {m.group(0)} is refused (SPARQL parsers read"
                ' it differently); write the character itself, or \\" \\n \\t in strings'
            )


def _parse(text: str, source: str, update: bool) -> ParseResults:
    _check_same_reading(text, source)
    try:
        return parseUpdate(text) if update else parseQuery(text)
    except ParseException as e:
        raise QuerySyntaxError(
            f"SPARQL syntax error: {e.msg}", source=source, line=e.lineno, column=e.col
        ) from None


def screen_query(
    text: str,
    *,
    source: str = "<query>",
    allow_service: bool = False,
    allow_dataset_clauses: bool = False,
) -> ScreenedQuery:
    """Parse a SPARQL query and refuse ``SERVICE`` and ``FROM``/``FROM NAMED`` unless allowed.

    Raises :class:`QuerySyntaxError` (with line and column) or :class:`UnsafeQueryError`.
    An update given here is refused: queries are read-only.
    """
    _check_same_reading(text, source)
    try:
        tree = parseQuery(text)
    except ParseException as e:
        try:
            parseUpdate(text)
        except ParseException:
            raise QuerySyntaxError(
                f"SPARQL syntax error: {e.msg}", source=source, line=e.lineno, column=e.col
            ) from None
        raise UnsafeQueryError(
            f"{source}: updates are not allowed here; queries are read-only"
        ) from None
    form: QueryForm | None = None
    for comp in _walk(tree):
        if comp.name in _FORMS and form is None:
            form = _FORMS[comp.name]
        if comp.name == "ServiceGraphPattern" and not allow_service:
            raise UnsafeQueryError(
                f"{source}: SERVICE is refused (queries never reach other endpoints)"
            )
        if comp.name == "DatasetClause" and not allow_dataset_clauses:
            raise UnsafeQueryError(
                f"{source}: FROM / FROM NAMED is refused (queries run on the chosen store only)"
            )
    if form is None:  # pragma: no cover - the grammar guarantees one of the four forms
        raise QuerySyntaxError("not a SPARQL query", source=source)
    return ScreenedQuery(text=text, form=form)


def screen_update(
    text: str,
    *,
    source: str = "<update>",
    allow_load: bool = False,
    allow_service: bool = False,
) -> ScreenedQuery:
    """Parse a SPARQL update and refuse ``LOAD``, ``USING`` and ``SERVICE`` unless allowed."""
    tree = _parse(text, source, update=True)
    for comp in _walk(tree):
        if comp.name == "Load" and not allow_load:
            raise UnsafeQueryError(f"{source}: LOAD is refused (updates never fetch documents)")
        if comp.name == "ServiceGraphPattern" and not allow_service:
            raise UnsafeQueryError(
                f"{source}: SERVICE is refused (updates never reach other endpoints)"
            )
        if comp.name == "UsingClause" and not allow_load:
            raise UnsafeQueryError(f"{source}: USING / USING NAMED is refused")
    return ScreenedQuery(text=text, form="UPDATE")
