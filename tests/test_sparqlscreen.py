"""Every SPARQL query and update passes one screen, which refuses what would reach other
documents or endpoints (DESIGN.md, "Secure loading").

The last tests show why the screen exists: without it, rdflib and Oxigraph run ``SERVICE``,
``LOAD`` and ``FROM`` against a server on 127.0.0.1 that counts requests; with it, the server
gets none. Nothing here needs the network.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.sparql.parser import parseQuery

from seckg.errors import ExitCode, QuerySyntaxError, UnsafeQueryError
from seckg.sparqlscreen import ScreenedQuery, screen_query, screen_update

from .localserver import CountingServer, counting_server

# rdflib warns about its own deprecated internals when it queries a Dataset.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib.*")

# --- a local server that counts the requests it gets ----------------------------------------


@pytest.fixture
def server() -> Iterator[CountingServer]:
    with counting_server("/sparql") as srv:
        yield srv


# --- accepted queries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("PREFIX ex: <http://example.org/>\nselect ?s where { ?s ex:p ?o } LIMIT 5", "SELECT"),
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://example.org/s>", "DESCRIBE"),
        ("DESCRIBE ?s WHERE { ?s ?p ?o }", "DESCRIBE"),
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "SELECT"),
        ("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", "SELECT"),
    ],
)
def test_read_only_queries_pass_with_their_form(text: str, form: str) -> None:
    screened = screen_query(text)
    assert screened == ScreenedQuery(text=text, form=form)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://x>" }',
        "SELECT * WHERE { ?s ?p 'LOAD <http://x>' }",
        'SELECT * WHERE { ?s ?p """FROM <http://x>\nSERVICE <http://y> { ?a ?b ?c }""" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x> { ?a ?b ?c }",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
        "PREFIX service: <http://example.org/>\nSELECT * WHERE { ?s service:load ?o }",
        "SELECT ?service WHERE { ?service ?p ?o }",
    ],
)
def test_words_that_merely_look_like_operations_are_accepted(text: str) -> None:
    assert screen_query(text).form == "SELECT"


def test_allowed_service_and_dataset_clauses_pass_when_the_caller_allows_them() -> None:
    text = "SELECT * FROM <http://x/g> WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }"
    with pytest.raises(UnsafeQueryError):
        screen_query(text, allow_service=True)
    with pytest.raises(UnsafeQueryError):
        screen_query(text, allow_dataset_clauses=True)
    assert screen_query(text, allow_service=True, allow_dataset_clauses=True).form == "SELECT"


# --- refused queries -------------------------------------------------------------------------

SERVICE_QUERIES = {
    "plain": "SELECT * WHERE { SERVICE <{u}> { ?s ?p ?o } }",
    "lowercase-silent": "select * where { service silent <{u}> { ?s ?p ?o } }",
    "variable": "SELECT * WHERE { VALUES ?e { <{u}> } SERVICE ?e { ?s ?p ?o } }",
    "optional": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <{u}> { ?s ?q ?v } } }",
    "union": "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{u}> { ?s ?p ?o } } }",
    "subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{u}> { ?s ?p ?o } } } }",
    "minus": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{u}> { ?s ?p ?o } } }",
    "graph": "SELECT * WHERE { GRAPH ?g { SERVICE <{u}> { ?s ?p ?o } } }",
    "filter-exists": "ASK { ?s ?p ?o FILTER EXISTS { SERVICE <{u}> { ?s ?p ?o } } }",
    "bind-exists": "SELECT * WHERE { BIND(EXISTS { SERVICE <{u}> { ?s ?p ?o } } AS ?b) }",
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{u}> { ?s ?p ?o } }",
    "describe": "DESCRIBE ?s WHERE { SERVICE <{u}> { ?s ?p ?o } }",
}


@pytest.mark.parametrize("text", list(SERVICE_QUERIES.values()), ids=list(SERVICE_QUERIES))
def test_service_is_refused_wherever_it_is_nested(text: str) -> None:
    with pytest.raises(UnsafeQueryError, match=r"^q\.rq: SERVICE is refused") as info:
        screen_query(text.replace("{u}", "http://example.org/sparql"), source="q.rq")
    assert info.value.exit_code == ExitCode.UNSAFE


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "ASK FROM <http://example.org/g> { ?s ?p ?o }",
        "CONSTRUCT { ?s ?p ?o } FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }",
        "DESCRIBE ?s FROM <http://example.org/g> WHERE { ?s ?p ?o }",
    ],
)
def test_from_and_from_named_are_refused(text: str) -> None:
    with pytest.raises(UnsafeQueryError, match="FROM / FROM NAMED is refused"):
        screen_query(text)


UPDATES = {
    "load": "LOAD <http://example.org/doc>",
    "load-into": "LOAD SILENT <http://example.org/doc> INTO GRAPH <http://example.org/g>",
    "clear": "CLEAR ALL",
    "drop": "DROP GRAPH <http://example.org/g>",
    "create": "CREATE GRAPH <http://example.org/g>",
    "add": "ADD DEFAULT TO <http://example.org/g>",
    "move": "MOVE <http://example.org/a> TO <http://example.org/b>",
    "copy": "COPY <http://example.org/a> TO DEFAULT",
    "insert-data": 'INSERT DATA { <http://example.org/s> <http://example.org/p> "o" }',
    "delete-data": 'DELETE DATA { <http://example.org/s> <http://example.org/p> "o" }',
    "delete-where": "DELETE WHERE { ?s ?p ?o }",
    "modify": "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "with": "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "sequence": "CLEAR DEFAULT ; INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }",
}


@pytest.mark.parametrize("text", list(UPDATES.values()), ids=list(UPDATES))
def test_screen_query_refuses_every_update_form(text: str) -> None:
    with pytest.raises(UnsafeQueryError, match="updates are not allowed here"):
        screen_query(text)


# --- updates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("LOAD <http://example.org/doc>", "LOAD is refused"),
        ("LOAD <file:///etc/passwd> INTO GRAPH <http://example.org/g>", "LOAD is refused"),
        ("CLEAR ALL ; LOAD <http://example.org/doc>", "LOAD is refused"),
        (
            "INSERT { ?s ?p ?o } USING <http://example.org/g> WHERE { ?s ?p ?o }",
            "USING / USING NAMED is refused",
        ),
        (
            "DELETE { ?s ?p ?o } USING NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
            "USING / USING NAMED is refused",
        ),
        (
            "INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "SERVICE is refused",
        ),
        (
            "DELETE WHERE { ?s ?p ?o } ;"
            " INSERT { ?s ?p ?o } WHERE { OPTIONAL { SERVICE <http://example.org/s> { ?s ?p ?o } } }",
            "SERVICE is refused",
        ),
    ],
)
def test_screen_update_refuses_load_using_and_service(text: str, refused: str) -> None:
    with pytest.raises(UnsafeQueryError, match=refused):
        screen_update(text)


@pytest.mark.parametrize("name", [n for n in UPDATES if not n.startswith("load")])
def test_screen_update_accepts_updates_that_stay_in_the_store(name: str) -> None:
    assert screen_update(UPDATES[name]) == ScreenedQuery(text=UPDATES[name], form="UPDATE")


def test_screen_update_allows_load_and_service_only_when_asked() -> None:
    assert screen_update("LOAD <http://example.org/doc>", allow_load=True).form == "UPDATE"
    text = "INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"
    assert screen_update(text, allow_service=True).form == "UPDATE"


def test_literals_that_mention_load_are_accepted_in_updates() -> None:
    text = 'INSERT DATA { <http://example.org/s> <http://example.org/p> "LOAD <http://x>" }'
    assert screen_update(text).form == "UPDATE"


# --- syntax errors -------------------------------------------------------------------------------


def test_query_syntax_error_gives_line_and_column() -> None:
    text = "SELECT *\nWHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}"
    with pytest.raises(QuerySyntaxError) as info:
        screen_query(text, source="broken.rq")
    e = info.value
    assert (e.source, e.line, e.column) == ("broken.rq", 4, 3)
    assert str(e).startswith("broken.rq:4:3: SPARQL syntax error")
    assert "\n" not in str(e)
    assert e.exit_code == ExitCode.INPUT


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("SELECT * WHERE { ?s ?p }", 1, 18),
        ("SELEKT * WHERE { ?s ?p ?o }", 1, 1),
        ("SELECT * WHERE { ?s ?p ?o }\nLIMIT x", 2, 1),
    ],
)
def test_query_syntax_errors_carry_a_position(text: str, line: int, column: int) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        screen_query(text)
    assert (info.value.line, info.value.column) == (line, column)


def test_update_syntax_error_is_a_query_syntax_error() -> None:
    with pytest.raises(QuerySyntaxError) as info:
        screen_update("INSERT DATA { <http://x/s> <http://x/p> }", source="u.ru")
    assert info.value.source == "u.ru" and info.value.line == 1
    assert info.value.column is not None


# --- text that rdflib's grammar and Oxigraph read differently -------------------------------------
# The screen parses with rdflib's grammar; the store runs queries with Oxigraph. Where the two
# tokenise a text differently, a SERVICE hidden from the screen could still run.

SMUGGLED = {
    # A lone CR ends a comment for Oxigraph (and the SPARQL grammar), not for rdflib.
    "lone-cr-in-comment": "SELECT * WHERE { ?s ?p ?o # note\r SERVICE <{u}> { ?a ?b ?c }\n}",
    # rdflib expands \u0022 to a quote before parsing; Oxigraph reads it inside the string.
    "escaped-quote": 'SELECT * WHERE { BIND(CONCAT("a\\u0022,") AS ?x) SERVICE <{u}> { ?a ?b ?c } # ") AS ?y)\n}',
    # rdflib reads \u + 8 hex digits as one code point (a quote here); Oxigraph as \u0000 + "0022".
    "eight-digit-u": 'SELECT * WHERE { BIND("\\u00000022" AS ?x) SERVICE <{u}> { ?a ?b ?c } # """ AS ?y)\n}',
}


@pytest.mark.parametrize("text", list(SMUGGLED.values()), ids=list(SMUGGLED))
def test_text_the_parsers_read_differently_is_refused(text: str, server: CountingServer) -> None:
    text = text.replace("{u}", server.url)
    # rdflib's grammar alone sees no SERVICE in it ...
    assert "ServiceGraphPattern" not in repr(parseQuery(text))
    # ... yet Oxigraph runs the SERVICE ...
    assert _oxigraph_query(text) is not None
    assert len(server.requests) == 1
    # ... so the screen refuses the text itself.
    with pytest.raises(UnsafeQueryError, match=r"^<query>:\d+:\d+: "):
        screen_query(text)
    with pytest.raises(UnsafeQueryError):
        screen_update(text.replace("SELECT *", "DELETE { ?s ?p ?o }"))
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "caf\\u00E9" }',
        'SELECT * WHERE { ?s ?p "\\U0001F600" }',
        "SELECT *\r\nWHERE {\r\n  ?s ?p ?o # CRLF line endings\r\n}\r\n",
        'SELECT * WHERE { ?s ?p "a\\"b\\n" }',
    ],
)
def test_harmless_escapes_and_crlf_are_accepted(text: str) -> None:
    assert screen_query(text).form == "SELECT"


def test_out_of_range_escape_is_refused_not_a_crash() -> None:
    with pytest.raises(UnsafeQueryError):
        screen_query('SELECT * WHERE { ?s ?p "\\U00110000" }')


# --- why the screen exists --------------------------------------------------------------------------


def _oxigraph_query(text: str) -> str | None:
    """Run ``text`` on an Oxigraph store holding one triple; the error it raised, if any."""
    store = ox.Store()
    ex = "http://example.org/"
    store.add(ox.Quad(ox.NamedNode(ex + "s"), ox.NamedNode(ex + "p"), ox.NamedNode(ex + "o")))
    error = None
    try:
        result = store.query(text)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
        del result
    except (OSError, RuntimeError) as e:  # the test server answers 500
        error = f"{type(e).__name__}: {e}"
    del store
    gc.collect()  # drop Oxigraph objects on this thread, not the server's
    return error


def _oxigraph_update(text: str) -> str | None:
    store = ox.Store()
    error = None
    try:
        store.update(text)
    except (OSError, RuntimeError) as e:
        error = f"{type(e).__name__}: {e}"
    del store
    gc.collect()
    return error


def _rdflib_query(text: str) -> str | None:
    ds = rdflib.Dataset()
    ex = "http://example.org/"
    ds.add((rdflib.URIRef(ex + "s"), rdflib.URIRef(ex + "p"), rdflib.URIRef(ex + "o")))
    try:
        list(ds.query(text))
    except Exception as e:  # urllib's HTTPError, rdflib's "could not load"
        return f"{type(e).__name__}: {e}"
    return None


def _screened(run: Callable[[str], object], *, update: bool = False) -> Callable[[str], object]:
    """How seckg runs text: screened first."""

    def go(text: str) -> object:
        (screen_update if update else screen_query)(text)
        return run(text)

    return go


@pytest.mark.parametrize("engine", [_oxigraph_query, _rdflib_query], ids=["oxigraph", "rdflib"])
def test_without_the_screen_service_reaches_the_endpoint(
    engine: Callable[[str], str | None], server: CountingServer
) -> None:
    text = f"SELECT * WHERE {{ SERVICE <{server.url}> {{ ?s ?p ?o }} }}"
    assert engine(text) is not None  # the 500 answer surfaced as an error
    assert len(server.requests) == 1
    with pytest.raises(UnsafeQueryError):
        _screened(engine)(text)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "name", ["optional", "union", "subquery", "filter-exists", "construct", "describe"]
)
def test_oxigraph_runs_nested_service_unless_screened(name: str, server: CountingServer) -> None:
    text = SERVICE_QUERIES[name].replace("{u}", server.url)
    _oxigraph_query(text)
    assert len(server.requests) == 1
    with pytest.raises(UnsafeQueryError):
        _screened(_oxigraph_query)(text)
    assert len(server.requests) == 1


def test_without_the_screen_oxigraph_load_fetches(server: CountingServer) -> None:
    text = f"LOAD <{server.url}/doc.ttl>"
    assert _oxigraph_update(text) is not None
    assert len(server.requests) == 1
    with pytest.raises(UnsafeQueryError):
        _screened(_oxigraph_update, update=True)(text)
    assert len(server.requests) == 1


def test_without_the_screen_rdflib_from_fetches(server: CountingServer) -> None:
    text = f"SELECT * FROM <{server.url}/doc.ttl> WHERE {{ ?s ?p ?o }}"
    _rdflib_query(text)
    fetched = len(server.requests)
    assert fetched >= 1  # rdflib tries several formats in turn
    with pytest.raises(UnsafeQueryError):
        _screened(_rdflib_query)(text)
    assert len(server.requests) == fetched


def test_accepted_query_runs_without_requests(server: CountingServer) -> None:
    text = f'SELECT * WHERE {{ ?s ?p ?o FILTER(?o != "SERVICE <{server.url}>") }}'
    assert _screened(_oxigraph_query)(text) is None
    assert _screened(_rdflib_query)(text) is None
    assert server.requests == []


# --- the fast path: Oxigraph parses what cannot call out ---------------------------------------------


def test_stored_queries_are_screened_without_rdflibs_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    import rdflib.plugins.sparql.parser as rparser

    from seckg.queries.catalogue import load_catalogue, load_checks
    from seckg.sparqlscreen import _screen_query

    def refuse(text: str) -> None:
        raise AssertionError("rdflib's grammar was used")

    monkeypatch.setattr(rparser, "parseQuery", refuse)
    _screen_query.cache_clear()
    queries = {**load_catalogue(), **load_checks()}
    assert len(queries) >= 30
    for name, q in queries.items():
        if name == "timeline":  # its header and ?from name FROM only as a variable
            assert "FROM" not in q.text.split("PREFIX", 1)[1].upper().replace("?FROM", "")
        assert screen_query(q.text, source=q.source).form == q.form, name


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x> { ?a ?b ?c }",  # a comment: rdflib decides
        "SELECT * WHERE { ?s <http://example.org/service> ?o }",
        'SELECT * WHERE { ?s ?p "from" }',
    ],
)
def test_text_with_the_letters_of_service_or_from_takes_rdflibs_path(text: str) -> None:
    from seckg.sparqlscreen import _oxigraph_form

    assert _oxigraph_form(text) is None
    assert screen_query(text).form == "SELECT"
