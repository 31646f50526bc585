"""The one screen every SPARQL query and update passes before an engine sees it.

Both rdflib and Oxigraph run ``SERVICE`` and ``LOAD`` by default, and rdflib loads ``FROM`` /
``FROM NAMED`` sources (``file://`` included) when querying a dataset. :func:`screen_query`
parses the text (rdflib's SPARQL grammar), walks the parse tree and refuses these operations
unless the caller allowed them. Nothing that could reach out is executed here.

rdflib's parser takes 0.1-3 s on a stored query, Oxigraph's 1-40 ms, but pyoxigraph has no
parse-only call. So a query whose text holds neither ``SERVICE`` nor ``FROM`` anywhere (any
case, in strings, IRIs and comments too: a plain substring test no tokeniser can be fooled
around; only the comment lines that open the text and ``?from`` / ``$from`` variables are
left out of it) has nothing to refuse, and Oxigraph parses it by running it on an empty
in-memory store; everything else, and every text Oxigraph refuses, goes through rdflib's
grammar as before, so errors keep rdflib's messages and positions.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Literal as TypingLiteral

from .errors import QuerySyntaxError, UnsafeQueryError

if TYPE_CHECKING:  # rdflib's SPARQL grammar takes 0.3 s to import: only texts Oxigraph cannot take need it
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

__all__ = ["ScreenedQuery", "screen_query", "screen_update", "screen_shapes", "no_remote_sparql"]

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
    """Every CompValue of a parse tree, depth first, without recursion."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, CompValue):
            yield n
            stack.extend(reversed(list(n.values())))
        elif isinstance(n, (ParseResults, list, tuple)):
            stack.extend(reversed(list(n)))


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


#: Limits on what the screen parses: the parser recurses once per level of nesting (Python's
#: stack gives out at about 25) and its time grows with the text (1 MB: about a minute).
MAX_QUERY_CHARS = 200_000
MAX_NESTING = 16
_IRI_AT = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_STRING_AT = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*+"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*+'''"
    r'|"(?:[^"\\\n]|\\.)*+"'
    r"|'(?:[^'\\\n]|\\.)*+'",
    re.DOTALL,
)


def _check_size(text: str, source: str) -> None:
    """Refuse text too long or too deeply nested for the parser, with one clear line."""
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}",
                               source=source)
    depth = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "{([":
            depth += 1
            if depth > MAX_NESTING:
                line, col = _position(text, i)
                raise QuerySyntaxError(f"nested more than {MAX_NESTING} levels deep ({{ }}, ( ), [ ]);"
                                       " simplify the query", source=source, line=line, column=col)
        elif c in "})]":
            depth = max(0, depth - 1)
        elif c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        elif c in "\"'":
            m = _STRING_AT.match(text, i)
            if m:
                i = m.end()
                continue
        elif c == "<":
            m = _IRI_AT.match(text, i)
            if m:
                i = m.end()
                continue
        i += 1


def _parse_guarded(parse, text: str, source: str):  # type: ignore[no-untyped-def]
    try:
        return parse(text)
    except RecursionError:
        raise QuerySyntaxError(f"nested too deeply for the parser (at most {MAX_NESTING} levels)",
                               source=source) from None


def _parse(text: str, source: str, update: bool) -> ParseResults:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    _check_same_reading(text, source)
    _check_size(text, source)
    try:
        return _parse_guarded(parseUpdate if update else parseQuery, text, source)
    except ParseException as e:
        raise QuerySyntaxError(
            f"SPARQL syntax error: {e.msg}", source=source, line=e.lineno, column=e.col
        ) from None


#: The comment lines that open a text (a stored query's ``#+`` header): nothing is open before
#: them, so they are comments for every parser.
_OPENING_COMMENTS = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*")
#: What the fast path must not see: the letters of SERVICE or FROM, in any case (compared after
#: ``str.upper``, as rdflib's caseless keywords are, so ``ſervice`` counts), except ``FROM`` in
#: a variable's name (``?from``: a variable token, never the keyword).
_REFUSABLE = re.compile(r"SERVICE|(?<![?$])FROM")
_FORM_WORDS = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b")


def _oxigraph_form(text: str) -> QueryForm | None:
    """The form of a query that cannot call out (no SERVICE, no FROM in its text) and that
    Oxigraph parses, found by running it on an empty store: nothing there to read, no one to
    call. ``None``: let rdflib's grammar decide (it may be refusable, an update or invalid)."""
    upper = text[_OPENING_COMMENTS.match(text).end():].upper()  # type: ignore[union-attr]
    if _REFUSABLE.search(upper):
        return None
    import pyoxigraph as ox

    try:
        answer = ox.Store().query(text)
    except Exception:  # noqa: BLE001 - a syntax error or an update: rdflib's grammar says which, and where
        return None
    if isinstance(answer, ox.QuerySolutions):
        return "SELECT"
    if isinstance(answer, ox.QueryBoolean):
        return "ASK"
    words = set(_FORM_WORDS.findall(upper)) & {"CONSTRUCT", "DESCRIBE"}
    return words.pop() if len(words) == 1 else None  # type: ignore[return-value]


def screen_query(
    text: str,
    *,
    source: str = "<query>",
    allow_service: bool = False,
    allow_dataset_clauses: bool = False,
) -> ScreenedQuery:
    """Parse a SPARQL query and refuse ``SERVICE`` and ``FROM``/``FROM NAMED`` unless allowed.

    Raises :class:`QuerySyntaxError` (with line and column) or :class:`UnsafeQueryError`.
    An update given here is refused: queries are read-only. A text screened once is not parsed
    again (the answer is cached by text, source and permissions; refusals are not cached).
    """
    if len(text) > _CACHED_CHARS:  # what the cache may hold stays small (a server screens what users send)
        return _screen_query.__wrapped__(text, source, allow_service, allow_dataset_clauses)
    return _screen_query(text, source, allow_service, allow_dataset_clauses)


#: Texts longer than this are screened every time (a stored query is 1-6k characters).
_CACHED_CHARS = 16_000


@functools.lru_cache(maxsize=512)
def _screen_query(text: str, source: str, allow_service: bool, allow_dataset_clauses: bool) -> ScreenedQuery:
    _check_same_reading(text, source)
    _check_size(text, source)
    fast = _oxigraph_form(text)
    if fast is not None:
        return ScreenedQuery(text=text, form=fast)
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = _parse_guarded(parseQuery, text, source)
    except ParseException as e:
        try:
            _parse_guarded(parseUpdate, text, source)
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


# -- shapes: every query a SHACL shapes graph carries --------------------------------------------

_SH = "http://www.w3.org/ns/shacl#"
#: Predicates whose value is SPARQL text that pySHACL runs (constraints, validators, targets,
#: rules, functions).
_SHAPE_QUERIES = {f"{_SH}select": "sh:select", f"{_SH}ask": "sh:ask", f"{_SH}construct": "sh:construct"}
#: SHACL Advanced Features: rules, functions, custom targets and node expressions. They run
#: SPARQL (or change the data) beyond what a constraint does, so user shapes may carry them
#: only when the caller allows it.
_ADVANCED_PREDICATES = {f"{_SH}{n}": f"sh:{n}" for n in (
    "rule", "target", "condition", "values", "expression", "filterShape", "nodes", "intersection",
    "union", "this", "entailment", "returnType")}
_ADVANCED_TYPES = {f"{_SH}{n}": f"sh:{n}" for n in (
    "SPARQLRule", "TripleRule", "Rule", "SPARQLFunction", "Function", "SPARQLTarget",
    "SPARQLTargetType", "TargetType", "JSTarget", "JSTargetType", "JSFunction", "JSRule",
    "JSConstraint", "JSConstraintComponent", "JSValidator", "JSExecutable")}
#: Characters that may not stand in an IRI that pySHACL splices into a query as ``<...>``
#: (``PREFIX p: <ns>``, a property path in place of ``$PATH``).
_BAD_IRI_CHARS = re.compile(r"[\x00-\x20<>\"{}|^`\\]")
_PREFIX_NAME = re.compile(r"[A-Za-z](?:[\w.-]*\w)?|")
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_OWL_ONTOLOGY = "http://www.w3.org/2002/07/owl#Ontology"


def _shape_name(graph: object, node: object) -> str:
    """The shape (an IRI) that holds ``node``, found by walking up the graph; "a blank node"
    when the shape itself has no IRI."""
    from rdflib import URIRef

    seen = {node}
    frontier = [node]
    for _ in range(8):
        if not frontier:
            break
        nxt = []
        for n in frontier:
            if isinstance(n, URIRef):
                return f"shape <{n}>"
            for s in graph.subjects(None, n):  # type: ignore[attr-defined]
                if s not in seen:
                    seen.add(s)
                    nxt.append(s)
        frontier = nxt
    return "a shape with no IRI"


def _declared_prefixes(graph: object, node: object) -> dict[str, str]:
    """The prefixes pySHACL would prepend to ``node``'s query: those declared (``sh:declare``) by
    its ``sh:prefixes`` values and by the graph's ontologies, a superset of what pySHACL picks."""
    from rdflib import URIRef

    sh = {n: URIRef(_SH + n) for n in ("prefixes", "declare", "prefix", "namespace")}
    holders = set(graph.objects(node, sh["prefixes"]))  # type: ignore[attr-defined]
    if holders:
        holders |= set(graph.subjects(URIRef(_RDF_TYPE), URIRef(_OWL_ONTOLOGY)))  # type: ignore[attr-defined]
    out = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
           "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#"}
    for h in holders:
        for dec in graph.objects(h, sh["declare"]):  # type: ignore[attr-defined]
            prefix = graph.value(dec, sh["prefix"])  # type: ignore[attr-defined]
            ns = graph.value(dec, sh["namespace"])  # type: ignore[attr-defined]
            if prefix is not None and ns is not None:
                out[str(prefix)] = str(ns)
    return out


def screen_shapes(graph: object, *, source: str, allow_advanced: bool = False,
                  prefixes_from: object | None = None) -> int:
    """Screen a SHACL shapes graph (rdflib) before pySHACL sees it; return how many queries it
    carries.

    Every SPARQL text a shape carries (``sh:select``, ``sh:ask``, ``sh:construct`` of
    constraints, validators, targets, rules and functions), with the prefixes pySHACL would
    prepend (from ``prefixes_from``, the merged shapes graph, when given), passes
    :func:`screen_query`; ``sh:update`` is refused. Every IRI and declared namespace pySHACL could
    splice into a query must be a plain IRI, so the assembled text is the text screened. SHACL
    Advanced Features (rules, functions, custom targets, node expressions) are refused unless
    ``allow_advanced``. Errors name ``source`` and the shape: :class:`UnsafeQueryError` (exit
    4), :class:`QuerySyntaxError` (exit 3).
    """
    from rdflib import Literal, URIRef

    pgraph = prefixes_from if prefixes_from is not None else graph
    for s, p, o in graph:  # type: ignore[attr-defined]
        for term in (s, p, o):
            if isinstance(term, URIRef) and _BAD_IRI_CHARS.search(str(term)):
                raise UnsafeQueryError(f"{source}: the IRI <{str(term)[:80]!s}> holds characters an IRI may"
                                       " not hold; shapes with it are refused")
        ps = str(p)
        if ps == f"{_SH}namespace" and _BAD_IRI_CHARS.search(str(o)):
            raise UnsafeQueryError(f"{source}: {_shape_name(graph, s)}: the namespace {str(o)[:80]!r} is not"
                                   " a plain IRI; shapes with it are refused")
        if ps == f"{_SH}prefix" and not _PREFIX_NAME.fullmatch(str(o)):
            raise UnsafeQueryError(f"{source}: {_shape_name(graph, s)}: the prefix {str(o)[:40]!r} is not a"
                                   " SPARQL prefix name; shapes with it are refused")
        if ps == f"{_SH}update":
            raise UnsafeQueryError(f"{source}: {_shape_name(graph, s)}: SPARQL updates in shapes (sh:update)"
                                   " are refused")
        if not allow_advanced:
            what = _ADVANCED_PREDICATES.get(ps) or (
                _ADVANCED_TYPES.get(str(o)) if ps == _RDF_TYPE else None)
            if what:
                raise UnsafeQueryError(
                    f"{source}: {_shape_name(graph, s)} uses a SHACL advanced feature ({what}: rules,"
                    " functions and custom targets are off); pass --shacl-advanced to run it")
    count = 0
    for pred, name in _SHAPE_QUERIES.items():
        for node, text in graph.subject_objects(URIRef(pred)):  # type: ignore[attr-defined]
            where = f"{source}: {_shape_name(graph, node)} ({name})"
            if not isinstance(text, Literal):
                raise QuerySyntaxError(f"{where}: the query must be a string literal")
            body = str(text)
            screen_query(body, source=where)
            header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in _declared_prefixes(pgraph, node).items()
                             if _PREFIX_NAME.fullmatch(p) and not _BAD_IRI_CHARS.search(ns))
            if header:
                screen_query(f"{header}\n{body}", source=where)
            count += 1
    return count


_GUARD_LOCK = threading.Lock()
_GUARD_DEPTH = 0
_SAVED: dict[str, object] = {}


def _refuse_service(ctx: object, part: object) -> object:
    raise UnsafeQueryError("SERVICE is refused (queries never reach other endpoints)")


@contextmanager
def no_remote_sparql() -> Iterator[None]:
    """While the block runs, rdflib's SPARQL engine refuses ``SERVICE`` and does not load
    ``FROM`` graphs: the second wall behind the screen, for engines we hand queries to
    indirectly (pySHACL)."""
    import rdflib.plugins.sparql as rsparql
    import rdflib.plugins.sparql.evaluate as reval

    global _GUARD_DEPTH
    with _GUARD_LOCK:
        if _GUARD_DEPTH == 0:
            _SAVED["service"] = reval.evalServiceQuery
            _SAVED["load"] = rsparql.SPARQL_LOAD_GRAPHS
            reval.evalServiceQuery = _refuse_service  # type: ignore[assignment]
            rsparql.SPARQL_LOAD_GRAPHS = False
        _GUARD_DEPTH += 1
    try:
        yield
    finally:
        with _GUARD_LOCK:
            _GUARD_DEPTH -= 1
            if _GUARD_DEPTH == 0:
                reval.evalServiceQuery = _SAVED["service"]  # type: ignore[assignment]
                rsparql.SPARQL_LOAD_GRAPHS = _SAVED["load"]  # type: ignore[assignment]
