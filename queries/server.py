"""``seckg serve``: a read-only SPARQL 1.1 Protocol endpoint over the embedded store, the stored
queries as HTTP endpoints, and linked-data dereferencing of the graph's own IRIs.

Routes (only GET, POST and HEAD; any other method is 405):

- ``/sparql``: the SPARQL 1.1 Protocol query operation: GET ``?query=``, POST
  ``application/x-www-form-urlencoded`` (``query=``) or POST ``application/sparql-query``. Every
  query passes :func:`seckg.sparqlscreen.screen_query` (SERVICE, FROM, updates: 400); an
  ``update=`` is 403 (the server is read-only); ``default-graph-uri`` / ``named-graph-uri``
  are refused like FROM (400).
- ``/queries``: the stored queries as JSON; ``/queries/<name>?param=value...`` runs one, its
  parameters bound with :func:`seckg.queries.params.bind_params` (a bad value: 400).
- ``/id/<kind>/<slug>``: 303 See Other to ``/data/<kind>/<slug>.ttl`` (``.jsonld``, ``.nt``) or
  to ``/page/<kind>/<slug>`` (HTML), by ``Accept``; 404 if the graph says nothing about
  ``<SECKG_BASE>id/<kind>/<slug>``.
- ``/data/<kind>/<slug>.<ext>``: the page's triples (:meth:`seckg.web.views.View.triples`: the
  IRI's own, those pointing at it, the labels of what it names, the evidence of its quotes);
  ``Content-Location`` names the document.
- ``/page/<kind>/<slug>``: the HTML page ``seckg publish`` writes too (:mod:`seckg.web.render`),
  its links to ``/id/...`` and to ``/ontology#<term>``.
- ``/`` (and ``/query``): the page to write and run SPARQL and the stored queries;
  ``/static/seckg.css``, ``/static/query.js``; ``/ontology``: pyLODE's documentation (HTML) or
  the ontology (Turtle, N-Triples, JSON-LD) by ``Accept``. HTML answers carry a
  ``Content-Security-Policy`` that lets a page load nothing from elsewhere.

Results are negotiated by ``Accept`` (q-values honoured; no header: the first offered type, SPARQL
JSON or Turtle; nothing acceptable: 406) and written by :func:`seckg.queries.formats.render`,
so they are byte for byte what ``seckg query -f json|xml|csv|tsv|turtle|nt|jsonld`` prints.

Limits. Each query runs in a worker thread; after ``timeout`` seconds the client gets 503.
pyoxigraph cannot cancel a running query, so the worker runs on until the query ends (its result
is thrown away); at most four workers run at a time, so runaway queries cannot multiply
threads: while all are busy, new queries wait and time out with 503 too. Results are
capped at ``max_rows`` rows (SELECT) or triples (CONSTRUCT/DESCRIBE): the first ``max_rows`` are
returned with status 200 and the header ``X-SPARQL-MaxRows: <max_rows>`` (as Virtuoso does), so a
client can tell a truncated answer from a complete one; the store is never asked for more than
``max_rows + 1`` results. Request bodies over 1 MB are 413.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox

from seckg import __version__
from seckg.errors import InputError, SeckgError, UnsafeQueryError
from seckg.graph.iris import ID
from seckg.sparqlscreen import screen_query

from .catalogue import StoredQuery, load_catalogue
from .engine import Result, StoreTarget, Term, bind_inline
from .formats import render

__all__ = ["make_server", "negotiate", "SELECT_TYPES", "RDF_TYPES"]

MAX_BODY = 1 << 20
WORKERS = 4

#: media type -> the format name of :func:`render` (the first is the default)
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
}
#: aliases some clients send; answered with the canonical type
_ALIASES = {"application/json": "application/sparql-results+json",
            "application/xml": "application/sparql-results+xml"}
_EXTENSIONS = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}
_EXT_OF = {v: k for k, v in _EXTENSIONS.items()}
_HTML = "text/html"

_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9._~-]*"
_ID_PATH = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})+")


# --- content negotiation ------------------------------------------------------------------------

def _parse_accept(header: str) -> list[tuple[str, str, float, int]]:
    """(type, subtype, q, specificity) of each media range; malformed ranges are skipped."""
    ranges = []
    for part in header.split(","):
        items = [p.strip() for p in part.split(";")]
        media = items[0].lower()
        if "/" not in media:
            continue
        main, _, sub = media.partition("/")
        if not main or not sub or (main == "*" and sub != "*"):
            continue
        q = 1.0
        params = 0
        for item in items[1:]:
            key, _, value = item.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                q = min(max(q, 0.0), 1.0)
                break  # accept-extensions after q do not count
            if key.strip():
                params += 1
        specificity = 0 if main == "*" else 1 if sub == "*" else 2 + params
        ranges.append((main, sub, q, specificity))
    return ranges


def negotiate(accept_header: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers (RFC 9110, 12.5.1), or None if none is
    acceptable. Each offered type takes the q of the most specific range that matches it
    (``text/turtle;q=0`` excludes it even under ``*/*``); ties go to the earlier offered type.
    A missing or empty header accepts anything: the first offered type."""
    if not offered:
        return None
    if accept_header is None or not accept_header.strip():
        return offered[0]
    ranges = _parse_accept(accept_header)
    best: tuple[float, int] | None = None
    choice = None
    for index, media in enumerate(offered):
        main, _, sub = media.lower().partition("/")
        match: tuple[int, float] | None = None
        for r_main, r_sub, q, spec in ranges:
            if (r_main == "*" or r_main == main) and (r_sub == "*" or r_sub == sub):
                if match is None or spec > match[0]:
                    match = (spec, q)
        if match is None or match[1] <= 0:
            continue
        key = (match[1], -index)
        if best is None or key > best:
            best, choice = key, media
    return choice


def _negotiate_results(accept: str | None, form: str) -> tuple[str, str] | None:
    """(content type, render format) for a result of ``form``, or None (406)."""
    types = SELECT_TYPES if form in ("SELECT", "ASK") else RDF_TYPES
    offered = list(types) + [a for a, c in _ALIASES.items() if c in types]
    chosen = negotiate(accept, offered)
    if chosen is None:
        return None
    chosen = _ALIASES.get(chosen, chosen)
    return chosen, types[chosen]


# --- running queries ----------------------------------------------------------------------------

class HttpError(Exception):
    """An answer other than 200, with a one-line message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass
class Answer:
    result: Result
    truncated: bool


def _run(target: StoreTarget, text: str, bindings: dict[str, Term] | None, source: str,
         max_rows: int) -> Answer:
    """Screen, bind and run a query on the store, reading at most ``max_rows + 1`` results."""
    form = screen_query(text, source=source).form
    # Evaluated in another frame: the screen's parser leaves reference cycles that hold this
    # frame (through tracebacks), and Oxigraph's result iterators must be freed by the thread
    # that made them (else: "unsendable, but is being dropped on another thread").
    return _evaluate(target.store, form, bind_inline(text, bindings or {}), source, max_rows)


def _evaluate(store: ox.Store, form: str, text: str, source: str, max_rows: int) -> Answer:
    try:
        answer = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise InputError(f"SPARQL syntax error: {e.msg}", source=source, line=e.lineno,
                         column=e.offset) from None
    if form == "ASK":
        return Answer(Result(form, boolean=bool(answer)), False)
    items = list(itertools.islice(answer, max_rows + 1))  # type: ignore[call-overload]
    truncated = len(items) > max_rows
    items = items[:max_rows]
    if form in ("CONSTRUCT", "DESCRIBE"):
        return Answer(Result(form, triples=items), truncated)
    variables = [v.value for v in answer.variables]  # type: ignore[attr-defined]
    rows = [{v: row[v] for v in variables} for row in items]
    return Answer(Result(form, variables=variables, rows=rows), truncated)


class _Target(StoreTarget):
    """The store as a target for :func:`bind_params` (entity labels), its query evaluated
    outside the screen's frame as in :func:`_run` (no limits: these are seckg's own queries)."""

    def execute(self, text: str, bindings: dict[str, Term] | None = None, *,
                source: str = "<query>") -> Result:
        return _run(self, text, bindings, source, 1 << 62).result


class _Service:
    """What the handlers share: the store, the catalogue, the worker pool and the limits."""

    def __init__(self, target: StoreTarget, timeout: float, max_rows: int) -> None:
        self.target = _Target(target.store, target.label)
        self.timeout = timeout
        self.max_rows = max_rows
        self.catalogue: dict[str, StoredQuery] = load_catalogue()
        self.slots = threading.BoundedSemaphore(WORKERS)
        self._lock = threading.Lock()
        self._doc = None
        self._ontology_rdf: dict[str, bytes] = {}

    def ontology_doc(self):  # type: ignore[no-untyped-def]
        """pyLODE's documentation of the ontology, made on first use (≈1 s) and kept."""
        from seckg.web.ontodoc import ontology_doc

        with self._lock:
            if self._doc is None:
                self._doc = ontology_doc()
            return self._doc

    def ontology_rdf(self, fmt: str) -> bytes:
        from seckg.graph.export import export_quads, serialize_quads

        with self._lock:
            if fmt not in self._ontology_rdf:
                self._ontology_rdf[fmt] = serialize_quads(export_quads(self.target.store, "ontology"), fmt)
            return self._ontology_rdf[fmt]

    def call(self, fn, *args):  # type: ignore[no-untyped-def]
        """``fn(*args)`` in a worker thread, within the time limit (503 after it); library errors
        become 400. Workers are daemon threads, at most :data:`WORKERS` at a time: one that
        outlives its request keeps its slot until its query ends, and never blocks exit."""
        deadline = time.monotonic() + self.timeout
        unavailable = HttpError(HTTPStatus.SERVICE_UNAVAILABLE,
                                f"the query did not finish within {self.timeout:g} s", {"Retry-After": "10"})
        if not self.slots.acquire(timeout=self.timeout):
            raise unavailable
        box: dict[str, object] = {}
        done = threading.Event()

        def work() -> None:
            try:
                box["value"] = fn(*args)
            except BaseException as e:  # handed to the request thread
                box["error"] = e
            finally:
                self.slots.release()
                done.set()

        threading.Thread(target=work, name="seckg-query", daemon=True).start()
        if not done.wait(max(0.0, deadline - time.monotonic())):
            raise unavailable
        error = box.get("error")
        if isinstance(error, (InputError, UnsafeQueryError)):
            raise HttpError(HTTPStatus.BAD_REQUEST, str(error))
        if isinstance(error, SeckgError):
            raise HttpError(HTTPStatus.INTERNAL_SERVER_ERROR, str(error))
        if error is not None:
            raise error  # type: ignore[misc]
        return box["value"]

    def query(self, text: str, source: str, bindings: dict[str, Term] | None = None) -> Answer:
        return self.call(_run, self.target, text, bindings, source, self.max_rows)

    def stored(self, query: StoredQuery, values: dict[str, str]) -> Answer:
        from .params import bind_params

        def work() -> Answer:
            bindings = bind_params(query, values, self.target)
            return _run(self.target, query.text, bindings, query.source, self.max_rows)

        return self.call(work)


# --- linked data --------------------------------------------------------------------------------

_EXISTS = "ASK { { ?s ?p ?o } UNION { ?o2 ?p2 ?s } }"
_EXAMPLE = """PREFIX seckg: <https://w3id.org/seckg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?partnership ?level WHERE {
  ?p a seckg:Partnership ; skos:prefLabel ?partnership ; seckg:partnershipLevel/skos:prefLabel ?level .
} ORDER BY ?partnership"""
_STATIC = {"seckg.css": "text/css; charset=utf-8", "query.js": "text/javascript; charset=utf-8"}
#: pages and scripts load nothing from elsewhere; the query page's script talks to this server only
_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"


def _entity_path(rest: str) -> str:
    """The ``<kind>/<slug>`` part of a path, checked (404 for anything else)."""
    if not _ID_PATH.fullmatch(rest):
        raise HttpError(HTTPStatus.NOT_FOUND, "no such entity")
    return rest


# --- the HTTP handler ---------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    server_version = f"seckg/{__version__}"
    protocol_version = "HTTP/1.1"
    timeout = 30  # a stalled client cannot hold a handler thread for ever
    service: _Service  # set on the subclass made by make_server

    # every method other than GET, POST and HEAD: 405 (instead of http.server's 501)
    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)

    def _not_allowed(self) -> None:
        self._respond(HTTPStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                      f"method {self.command} is not allowed (the server is read-only)\n".encode(),
                      {"Allow": "GET, POST, HEAD"}, body_ok=True, drain=True)

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: object) -> None:
        if getattr(self.server, "quiet", False):
            return
        super().log_message(format, *args)

    # --- plumbing

    def _respond(self, status: int, content_type: str | None, body: bytes,
                 headers: dict[str, str] | None = None, *, body_ok: bool = True, drain: bool = False) -> None:
        if drain:
            self._read_body(ignore_limit=True)
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD" and body_ok:
            self.wfile.write(body)

    def _error(self, e: HttpError) -> None:
        message = " ".join(e.message.split()) + "\n"
        self._respond(e.status, "text/plain; charset=utf-8", message.encode("utf-8"), e.headers)

    def _read_body(self, ignore_limit: bool = False) -> bytes:
        if getattr(self, "_body", None) is not None:
            return self._body
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise HttpError(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
        if length > MAX_BODY:
            self.close_connection = True
            if ignore_limit:
                return b""
            raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request body is over {MAX_BODY} bytes")
        self._body = self.rfile.read(length) if length > 0 else b""
        return self._body

    def _dispatch(self) -> None:
        self._body: bytes | None = None
        try:
            url = urllib.parse.urlsplit(self.path)
            path = url.path
            if self.command == "POST" and path != "/sparql":
                raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED, f"POST is not allowed on {path}",
                                {"Allow": "GET, HEAD"})
            if path == "/sparql":
                self._sparql(url.query)
            elif path in ("/queries", "/queries/"):
                self._list_queries()
            elif path.startswith("/queries/"):
                self._stored(path[len("/queries/"):], url.query)
            elif path.startswith("/id/"):
                self._dereference(path[len("/id/"):])
            elif path.startswith("/data/"):
                self._data(path[len("/data/"):])
            elif path.startswith("/page/"):
                self._html_page(path[len("/page/"):])
            elif path in ("/", "/query"):
                self._query_page()
            elif path.startswith("/static/"):
                self._static(path[len("/static/"):])
            elif path == "/ontology":
                self._ontology()
            else:
                raise HttpError(HTTPStatus.NOT_FOUND, f"no such resource: {path}")
        except HttpError as e:
            if self.command == "POST" and self._body is None:
                self._read_body(ignore_limit=True)
            self._error(e)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as e:  # a bug: one line to the client, the traceback on the log
            import traceback

            traceback.print_exc()
            self._error(HttpError(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {type(e).__name__}"))

    def _params(self, query_string: str) -> dict[str, list[str]]:
        try:
            return urllib.parse.parse_qs(query_string, keep_blank_values=True, strict_parsing=False,
                                         errors="strict")
        except UnicodeDecodeError:
            raise HttpError(HTTPStatus.BAD_REQUEST, "parameters are not UTF-8") from None

    def _send_result(self, answer: Answer, extra: dict[str, str] | None = None) -> None:
        result = answer.result
        chosen = _negotiate_results(self.headers.get("Accept"), result.form)
        if chosen is None:
            types = SELECT_TYPES if result.form in ("SELECT", "ASK") else RDF_TYPES
            raise HttpError(HTTPStatus.NOT_ACCEPTABLE,
                            f"a {result.form} result can be had as {', '.join(types)}", {"Vary": "Accept"})
        content_type, fmt = chosen
        headers = {"Vary": "Accept", **(extra or {})}
        if answer.truncated:
            headers["X-SPARQL-MaxRows"] = str(self.service.max_rows)
        body = render(result, fmt).encode("utf-8")
        self._respond(HTTPStatus.OK, f"{content_type}; charset=utf-8", body, headers)

    # --- /sparql

    def _sparql(self, query_string: str) -> None:
        params = self._params(query_string)
        text: str | None = None
        if self.command == "POST":
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            body = self._read_body()
            try:
                decoded = body.decode("utf-8")
            except UnicodeDecodeError:
                raise HttpError(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None
            if content_type == "application/x-www-form-urlencoded":
                for key, values in self._params(decoded).items():
                    params.setdefault(key, []).extend(values)
            elif content_type == "application/sparql-query":
                text = decoded
            elif content_type == "application/sparql-update":
                raise HttpError(HTTPStatus.FORBIDDEN, "updates are not allowed: the endpoint is read-only")
            else:
                raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                "POST application/x-www-form-urlencoded or application/sparql-query")
        if "update" in params:
            raise HttpError(HTTPStatus.FORBIDDEN, "updates are not allowed: the endpoint is read-only")
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise HttpError(HTTPStatus.BAD_REQUEST, "default-graph-uri / named-graph-uri are refused"
                            " (queries run on this store only; the default graph is the union of all graphs)")
        if text is None:
            queries = params.get("query", [])
            if len(queries) != 1:
                raise HttpError(HTTPStatus.BAD_REQUEST, "give exactly one 'query' parameter")
            text = queries[0]
        elif "query" in params:
            raise HttpError(HTTPStatus.BAD_REQUEST, "give the query in the body or as 'query', not both")
        self._send_result(self.service.query(text, "<query>"))

    # --- /queries

    def _list_queries(self) -> None:
        data = [{"name": q.name, "title": q.title, "description": q.description, "form": q.form,
                 "tags": list(q.tags), "columns": list(q.columns), "url": f"/queries/{q.name}",
                 "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                             "kinds": list(p.kinds), "description": p.description} for p in q.params]}
                for q in self.service.catalogue.values()]
        body = (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
        self._respond(HTTPStatus.OK, "application/json; charset=utf-8", body)

    def _stored(self, name: str, query_string: str) -> None:
        stored = self.service.catalogue.get(name)
        if stored is None:
            raise HttpError(HTTPStatus.NOT_FOUND, f"no stored query named {name!r}; see /queries")
        values: dict[str, str] = {}
        for key, items in self._params(query_string).items():
            if len(items) != 1:
                raise HttpError(HTTPStatus.BAD_REQUEST, f"parameter {key!r} is given more than once")
            values[key] = items[0]
        self._send_result(self.service.stored(stored, values))

    # --- linked data

    def _require(self, rest: str) -> str:
        iri = ID + _entity_path(rest)
        node = ox.NamedNode(iri)
        found = self.service.call(
            lambda: bool(self.service.target.store.query(
                bind_inline(_EXISTS, {"s": node}), use_default_graph_as_union=True)))
        if not found:
            raise HttpError(HTTPStatus.NOT_FOUND, f"nothing is known about <{iri}>")
        return iri

    def _dereference(self, rest: str) -> None:
        self._require(rest)
        offered = [*_EXTENSIONS.values(), _HTML]
        chosen = negotiate(self.headers.get("Accept"), offered)
        if chosen is None:
            raise HttpError(HTTPStatus.NOT_ACCEPTABLE, f"this resource can be had as {', '.join(offered)}",
                            {"Vary": "Accept"})
        location = f"/page/{rest}" if chosen == _HTML else f"/data/{rest}.{_EXT_OF[chosen]}"
        self._respond(HTTPStatus.SEE_OTHER, "text/plain; charset=utf-8", f"See {location}\n".encode(),
                      {"Location": location, "Vary": "Accept"})

    def _view(self, iri: str):  # type: ignore[no-untyped-def]
        from seckg.web.views import build_view

        return self.service.call(lambda: build_view(self.service.target.store, iri))

    def _data(self, rest: str) -> None:
        from seckg.graph.export import serialize_triples

        stem, dot, ext = rest.rpartition(".")
        if not dot or ext not in _EXTENSIONS:
            raise HttpError(HTTPStatus.NOT_FOUND, "data documents end in .ttl, .nt or .jsonld")
        iri = self._require(stem)
        view = self._view(iri)
        body = serialize_triples(view.triples(), RDF_TYPES[_EXTENSIONS[ext]], about=iri)
        self._respond(HTTPStatus.OK, f"{_EXTENSIONS[ext]}; charset=utf-8", body,
                      {"Content-Location": f"/data/{rest}", "Link": f'<{iri}>; rel="describes"'})

    def _html_page(self, rest: str) -> None:
        from seckg.web.render import ServerLinks, render_entity

        iri = self._require(rest)
        view = self._view(iri)
        links = ServerLinks(anchors=self.service.ontology_doc().anchors)
        alternates = {m: f"/data/{rest}.{e}" for e, m in _EXTENSIONS.items()}
        body = render_entity(view, links, alternates=alternates).encode("utf-8")
        self._respond(HTTPStatus.OK, "text/html; charset=utf-8", body,
                      {"Content-Location": f"/page/{rest}", "Content-Security-Policy": _CSP})

    # --- pages for people

    def _query_page(self) -> None:
        from seckg.web.render import ServerLinks, render_query_page

        body = render_query_page(ServerLinks(), example=_EXAMPLE).encode("utf-8")
        self._respond(HTTPStatus.OK, "text/html; charset=utf-8", body, {"Content-Security-Policy": _CSP})

    def _static(self, name: str) -> None:
        from importlib.resources import files

        if name not in _STATIC:
            raise HttpError(HTTPStatus.NOT_FOUND, f"no such file: /static/{name}")
        body = (files("seckg.web") / "static" / name).read_bytes()
        self._respond(HTTPStatus.OK, _STATIC[name], body, {"Cache-Control": "max-age=3600"})

    def _ontology(self) -> None:
        offered = [_HTML, *_EXTENSIONS.values()]
        chosen = negotiate(self.headers.get("Accept"), offered)
        if chosen is None:
            raise HttpError(HTTPStatus.NOT_ACCEPTABLE, f"the ontology can be had as {', '.join(offered)}",
                            {"Vary": "Accept"})
        if chosen == _HTML:
            body = self.service.ontology_doc().html.encode("utf-8")
        else:
            body = self.service.ontology_rdf(RDF_TYPES[chosen])
        self._respond(HTTPStatus.OK, f"{chosen}; charset=utf-8", body, {"Vary": "Accept"})


def make_server(target: StoreTarget, host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0,
                max_rows: int = 10000, *, quiet: bool = False) -> ThreadingHTTPServer:
    """A threading HTTP server answering the routes above from ``target`` (bound, not started:
    call ``serve_forever()``; ``shutdown()`` and ``server_close()`` stop it)."""
    if max_rows < 1:
        raise InputError("--max-rows must be at least 1")
    if timeout <= 0:
        raise InputError("--timeout must be positive")
    service = _Service(target, timeout, max_rows)
    handler = type("SeckgHandler", (_Handler,), {"service": service})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.quiet = quiet  # type: ignore[attr-defined]
    server.service = service  # type: ignore[attr-defined]
    return server
