"""``seckg serve``'s web application (Starlette, served by uvicorn): the SPARQL 1.1 Protocol at
``/sparql``, answered by Oxigraph's own server (:mod:`seckg.web.engines`) after seckg's screen;
the stored queries; linked-data dereferencing of the graph's IRIs; the query page, the ontology.

Routes (GET and HEAD; POST on ``/sparql`` only; any other method: 405):

- ``/sparql``: ``?query=`` (GET), POST ``application/x-www-form-urlencoded`` or
  ``application/sparql-query``. The query passes :func:`seckg.sparqlscreen.screen_query`
  (SERVICE: 400); updates are 403. ``default-graph-uri`` / ``named-graph-uri`` and ``FROM`` /
  ``FROM NAMED`` choose graphs of this store (Oxigraph fetches nothing); without them the
  default graph is the union of all graphs. Every format of the SPARQL 1.1 Protocol, by
  ``Accept`` (SPARQL JSON, XML, CSV, TSV; Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads, TriG),
  and an HTML table for a browser. Without a query: the SPARQL 1.1 Service Description
  (Turtle and the other RDF formats), or the query page for a browser.
- ``/queries`` (JSON list), ``/queries/<name>?param=value``: a stored query, its parameters
  bound by :func:`seckg.queries.params.bind_params`, run by an engine, written by
  :func:`seckg.queries.formats.render` (the bytes ``seckg query`` prints) or as an HTML table.
- ``/id/<kind>/<slug>``: 303 to ``/data/<kind>/<slug>.ttl|.nt|.jsonld`` or ``/page/<kind>/<slug>``
  by ``Accept``; ``/data/...``, ``/page/...``: the entity's triples and its HTML page.
- ``/`` and ``/query``: the query page; ``/static/...``; ``/ontology`` (pyLODE's HTML, or RDF).
- ``/network`` (the states and their relations, SVG), ``/timeline`` (``?actor=state/china``: dated
  facts in date order), ``/dyad/<state>--<state>`` (every relation between two states):
  :mod:`seckg.web.network`, :mod:`seckg.web.dyad`; ``/editor``: YASGUI on ``/sparql`` (vendored
  from the npm registry at install time, :mod:`seckg.web.vendor`).

Limits: every query runs on an engine of its own for at most ``timeout`` seconds, then its
engine is killed (the query stops and its memory is freed) and the client gets 503; ``engines``
engines wait for queries, more are started while all are busy, and at most ``max_engines``
queries run at once; ``max_waiting`` more wait for a free engine (at most
``queue_timeout`` seconds), and the rest get 503 with ``Retry-After``. Request bodies over ``max_body`` bytes are 413, a body that stalls
is 408; answers over ``max_answer`` bytes are 503. Content negotiation is werkzeug's; CORS (opt-in) and
gzip are Starlette's middleware; every answer carries ``X-Content-Type-Options: nosniff`` and
every HTML answer a ``Content-Security-Policy``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import httpx
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from seckg import __version__
from seckg.errors import InputError, StoreError, UnsafeInputError, UnsafeQueryError, UsageError
from seckg.graph.iris import ID
from seckg.sparqlscreen import screen_query

from .engines import Busy, EnginePool

__all__ = ["Settings", "create_app", "negotiate", "SELECT_TYPES", "RDF_TYPES"]

log = logging.getLogger("seckg.serve")

#: media type -> the format name of :func:`seckg.queries.formats.render` (the first is the default)
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "jsonld",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}
_ALIASES = {"application/json": "application/sparql-results+json",
            "application/xml": "application/sparql-results+xml"}
_HTML = "text/html"
_EXTENSIONS = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}
_EXT_OF = {v: k for k, v in _EXTENSIONS.items()}
_STATIC = {"seckg.css": "text/css; charset=utf-8", "query.js": "text/javascript; charset=utf-8",
           "search.js": "text/javascript; charset=utf-8", "editor.js": "text/javascript; charset=utf-8",
           "network.js": "text/javascript; charset=utf-8",
           # vendored from the npm registry at install time (seckg.web.vendor)
           "vendor/yasgui.min.js": "text/javascript; charset=utf-8", "vendor/yasgui.min.css": "text/css; charset=utf-8",
           "vendor/LICENSES.txt": "text/plain; charset=utf-8"}
#: pages and scripts load nothing from elsewhere; the query page's script talks to this server only
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9._~-]*"
_ID_PATH = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})+")
_EXISTS = "ASK { { ?s ?p ?o } UNION { ?o2 ?p2 ?s } }"
_EXAMPLE = """PREFIX seckg: <https://w3id.org/seckg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
# partnerships and their levels (a partnership has an rdfs:label; a level, a skos:prefLabel)
SELECT ?partnership ?level ?rank WHERE {
  ?p a seckg:Partnership ; rdfs:label ?partnership ; seckg:partnershipLevel ?l .
  ?l skos:prefLabel ?level .
  OPTIONAL { ?l seckg:ladderRank ?rank }
} ORDER BY DESC(?rank) ?partnership"""
_WORD = re.compile(r"#[^\n]*|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|<[^<>\"\s]*>"
                   r"|(?P<word>\bFROM\b)", re.DOTALL | re.IGNORECASE)

# pyparsing (the screen's parser, through rdflib) keeps global state that concurrent threads
# corrupt for good; every screen and binding in this process runs under this lock.
_SCREEN_LOCK = threading.Lock()


@dataclass
class Settings:
    """What ``seckg serve``'s options set."""

    data_dir: Path
    timeout: float = 10.0
    max_rows: int = 10000
    engines: int = 2
    max_engines: int = 8
    max_memory: int = 2 << 30
    max_waiting: int = 32
    queue_timeout: float = 10.0
    max_body: int = 1 << 20
    max_answer: int = 64 << 20
    body_timeout: float = 10.0
    max_connections: int = 200
    cors: bool = False
    poll: float = 0.5


class HttpError(Exception):
    """An answer other than 200, with a one-line message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers (werkzeug's reading of ``Accept``: q-values,
    specificity, ties to the earlier offered type); none or an empty header: the first."""
    if not offered:
        return None
    if accept is None or not accept.strip():
        return offered[0]
    return parse_accept_header(accept, MIMEAccept).best_match(offered)


def _result_types(form: str, html: bool = True) -> list[str]:
    types = list(SELECT_TYPES if form in ("SELECT", "ASK") else RDF_TYPES)
    if form in ("SELECT", "ASK"):
        types += [a for a in _ALIASES]
    return types + ([_HTML] if html else [])


def _has_dataset_clause(text: str) -> bool:
    return any(m.group("word") for m in _WORD.finditer(text))


def _one_line(message: str) -> str:
    return " ".join(message.split())


class Service:
    """What the routes share: settings, engines, the HTTP client to them, the local store."""

    def __init__(self, settings: Settings) -> None:
        from seckg.queries.catalogue import load_catalogue

        self.settings = settings
        self.pool = EnginePool(Path(settings.data_dir) / "store", size=settings.engines,
                               max_size=max(settings.engines, settings.max_engines),
                               max_memory=settings.max_memory, max_waiting=settings.max_waiting,
                               poll=settings.poll)
        self.catalogue = load_catalogue()
        self.client: httpx.AsyncClient | None = None
        self.local = anyio.CapacityLimiter(4)
        self._target: Any = None
        self._target_generation = -1
        self._lock = threading.Lock()  # the store opened here
        self._doc_lock = threading.Lock()  # the ontology's page and its RDF (slow to make: not under _lock)
        self._doc: Any = None
        self._doc_task: asyncio.Future[Any] | None = None
        self._ontology_rdf: dict[str, bytes] = {}
        self._search_index: tuple[int, bytes] | None = None  # (store generation, the script)
        self._search_lock = threading.Lock()

    async def start(self) -> None:
        await self.pool.start()
        # The ontology's documentation (about 3 s of pyLODE), which every page links into, is
        # made from the start in a thread of its own; a page waits for it (doc_ready) before its
        # time limit starts. Made by the first page, it took that page's time limit and held up
        # the requests behind it: 503s after a cold start.
        self._doc_task = asyncio.ensure_future(asyncio.to_thread(self.ontology_doc))
        self.client = httpx.AsyncClient(timeout=None, limits=httpx.Limits(max_connections=64))

    async def stop(self) -> None:
        if self.client is not None:
            await self.client.aclose()
        await self.pool.stop()

    # --- the local store: pages, labels of parameters, the ontology

    def target(self):  # type: ignore[no-untyped-def]
        """The store opened in this process (read-only), reopened after the store changed."""
        from seckg.queries.engine import StoreTarget

        with self._lock:
            if self._target is None or self._target_generation != self.pool.generation:
                self._target_generation = self.pool.generation
                self._target = StoreTarget.embedded(self.settings.data_dir)
                self._ontology_rdf.clear()
            return self._target

    async def in_thread(self, fn: Callable[[], Any]) -> Any:
        """``fn()`` in a worker thread (at most four at a time; a request waits for one at most
        ``queue_timeout`` seconds), answered within the time limit."""
        settings = self.settings
        try:
            with anyio.fail_after(settings.queue_timeout):
                await self.local.acquire()
        except TimeoutError:
            raise HttpError(503, "the server is busy; try again later", {"Retry-After": "5"}) from None
        try:
            with anyio.fail_after(settings.timeout):
                return await anyio.to_thread.run_sync(fn, abandon_on_cancel=True)
        except TimeoutError:
            raise HttpError(503, f"the answer did not come within {settings.timeout:g} s",
                            {"Retry-After": "5"}) from None
        except (InputError, UsageError, UnsafeQueryError, UnsafeInputError) as e:
            raise HttpError(400, str(e)) from None
        except StoreError as e:
            raise HttpError(503, str(e), {"Retry-After": "5"}) from None
        finally:
            self.local.release()

    def search_index(self) -> bytes:
        """The search's index (:func:`seckg.web.search.search_index_js`, about half a second on
        the corpus), made once per store: every page a browser opens asks for it."""
        from seckg.web.search import search_index_js

        with self._search_lock:
            generation = self.pool.generation
            if self._search_index is None or self._search_index[0] != generation:
                self._search_index = (generation, search_index_js(self.target().store))
            return self._search_index[1]

    async def doc_ready(self) -> None:
        """Wait until the ontology's documentation is made (outside any time limit)."""
        if self._doc_task is not None and not self._doc_task.done():
            await asyncio.shield(self._doc_task)

    def ontology_doc(self):  # type: ignore[no-untyped-def]
        from seckg.web.ontodoc import ontology_doc

        with self._doc_lock:
            if self._doc is None:
                self._doc = ontology_doc(nav={"seckg": "/", "Network": "/network", "Timeline": "/timeline",
                                              "Query": "/query"})
            return self._doc

    def ontology_rdf(self, fmt: str) -> bytes:
        from seckg.graph.export import export_quads, serialize_quads

        store = self.target().store
        with self._doc_lock:
            if fmt not in self._ontology_rdf:
                self._ontology_rdf[fmt] = serialize_quads(export_quads(store, "ontology"), fmt)
            return self._ontology_rdf[fmt]

    # --- the engines

    async def screen(self, text: str, source: str) -> str:
        def work() -> str:
            with _SCREEN_LOCK:
                return screen_query(text, source=source, allow_dataset_clauses=True).form

        return await self.in_thread(work)

    async def run(self, params: dict[str, Any], accept: str) -> tuple[int, str, bytes]:
        """(status, content type, body) of a query on a free engine, within the limits."""
        assert self.client is not None
        settings = self.settings
        try:
            engine = await self.pool.acquire(wait=settings.queue_timeout)
        except Busy as e:
            raise HttpError(503, f"the server is busy: {e}; try again later", {"Retry-After": "5"}) from None
        failed = True
        try:
            with anyio.fail_after(settings.timeout):
                async with self.client.stream("POST", engine.url, data=params, headers={"Accept": accept}) as r:
                    chunks, size = [], 0
                    async for chunk in r.aiter_bytes():
                        size += len(chunk)
                        if size > settings.max_answer:
                            raise HttpError(503, f"the answer is over {settings.max_answer} bytes, the server's"
                                            " limit; ask for less (LIMIT)")
                        chunks.append(chunk)
                    failed = False
                    return r.status_code, r.headers.get("content-type", ""), b"".join(chunks)
        except TimeoutError:
            raise HttpError(503, f"the query was stopped after {settings.timeout:g} s (the server's limit)",
                            {"Retry-After": "5"}) from None
        except httpx.HTTPError:
            raise HttpError(503, "the query engine failed (a query over the memory limit stops it);"
                            " it is being restarted", {"Retry-After": "2"}) from None
        finally:
            self.pool.release(engine, failed=failed)

    async def result(self, text: str, form: str, union: bool = True):  # type: ignore[no-untyped-def]
        """The engine's answer to a screened and bound query as a :class:`Result`, with whether it
        was cut at ``max_rows``."""
        from seckg.queries.engine import Result, _from_oxigraph

        accept = "application/sparql-results+json" if form in ("SELECT", "ASK") else "application/n-triples"
        params: dict[str, Any] = {"query": text}
        if union:
            params["union-default-graph"] = ""
        status, _, body = await self.run(params, accept)
        if status != 200:
            raise HttpError(status if 400 <= status < 500 else 502,
                            "the engine answered: " + _one_line(body[:300].decode("utf-8", "replace")))
        limit = self.settings.max_rows
        if form == "ASK":
            return Result(form, boolean=bool(json.loads(body)["boolean"])), False
        if form in ("CONSTRUCT", "DESCRIBE"):
            triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
            return Result(form, triples=triples[:limit]), len(triples) > limit
        result = _from_oxigraph(form, ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
        truncated = len(result.rows) > limit
        result.rows = result.rows[:limit]
        return result, truncated


# --- answers ------------------------------------------------------------------------------------

def _html(body: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status, headers, media_type="text/html; charset=utf-8")


def _render_table(result, *, title: str, query: str, truncated: bool,  # type: ignore[no-untyped-def]
                  description: str = "", alternates: list[tuple[str, str]] | None = None) -> str:
    from seckg.web.render import ServerLinks, _environment

    links = ServerLinks()
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        variables = ["subject", "predicate", "object"]
        rows = [(t.subject, t.predicate, t.object) for t in result.triples]
    else:
        variables = result.variables
        rows = [tuple(row.get(v) for v in variables) for row in result.rows]

    def cell(term):  # type: ignore[no-untyped-def]
        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            return (term.value, links.href(term.value) or term.value)
        if isinstance(term, ox.BlankNode):
            return (f"_:{term.value}", None)
        return (term.value, None)

    return _environment().get_template("results.html").render(
        links=links, title=title, description=description, query=query, boolean=result.boolean,
        variables=variables, rows=[[cell(t) for t in row] for row in rows], truncated=truncated,
        alternates=alternates or [])


def _send(result, truncated: bool, media: str, max_rows: int) -> Response:  # type: ignore[no-untyped-def]
    from seckg.queries.formats import render

    media = _ALIASES.get(media, media)
    fmt = SELECT_TYPES.get(media) or RDF_TYPES[media]
    headers = {"Vary": "Accept"}
    if truncated:
        headers["X-SPARQL-MaxRows"] = str(max_rows)
    return Response(render(result, fmt).encode("utf-8"), 200, headers, media_type=f"{media}; charset=utf-8")


async def _read_body(request: Request, settings: Settings) -> bytes:
    try:
        length = int(request.headers.get("content-length") or 0)
    except ValueError:
        raise HttpError(400, "bad Content-Length") from None
    if length > settings.max_body:
        raise HttpError(413, f"the request body is over {settings.max_body} bytes", {"Connection": "close"})
    chunks, size = [], 0
    try:
        with anyio.fail_after(settings.body_timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > settings.max_body:
                    raise HttpError(413, f"the request body is over {settings.max_body} bytes", {"Connection": "close"})
                chunks.append(chunk)
    except TimeoutError:
        raise HttpError(408, f"the request body did not come within {settings.body_timeout:g} s",
                        {"Connection": "close"}) from None
    return b"".join(chunks)


def _params(query_string: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(query_string, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, "parameters are not UTF-8") from None


def _service_description(base: str, media: str) -> Response:
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    formats = Namespace("http://www.w3.org/ns/formats/")
    g = Graph()
    g.bind("sd", sd)
    g.bind("formats", formats)
    service = URIRef(base + "sparql")
    g.add((service, RDF.type, sd.Service))
    g.add((service, sd.endpoint, service))
    g.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    g.add((service, sd.feature, sd.UnionDefaultGraph))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "N-Quads", "TriG"):
        g.add((service, sd.resultFormat, formats[name]))
    dataset = BNode("dataset")
    g.add((service, sd.defaultDataset, dataset))
    g.add((dataset, RDF.type, sd.Dataset))
    default = BNode("default")
    g.add((dataset, sd.defaultGraph, default))
    g.add((default, RDF.type, sd.Graph))
    g.add((service, URIRef("http://purl.org/dc/terms/description"), Literal(
        "seckg's knowledge graph, read-only: SERVICE and updates are refused; the default graph is the"
        " union of all named graphs (one per piece of evidence) unless FROM or default-graph-uri"
        " chooses graphs of this store", lang="en")))
    fmt = RDF_TYPES[media]
    rdflib_fmt = {"turtle": "turtle", "nt": "nt", "xml": "xml", "jsonld": "json-ld", "nquads": "nquads",
                  "trig": "trig"}[fmt]
    return Response(g.serialize(format=rdflib_fmt, encoding="utf-8"), 200, {"Vary": "Accept"},
                    media_type=f"{media}; charset=utf-8")


# --- routes -------------------------------------------------------------------------------------

def _service(request: Request) -> Service:
    return request.app.state.service  # type: ignore[no-any-return]


async def sparql(request: Request) -> Response:
    service = _service(request)
    params = _params(request.url.query)
    text: str | None = None
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _read_body(request, service.settings)
        try:
            decoded = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(400, "the request body is not UTF-8") from None
        if content_type == "application/x-www-form-urlencoded":
            for key, values in _params(decoded).items():
                params.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-query":
            text = decoded
        elif content_type == "application/sparql-update":
            raise HttpError(403, "updates are not allowed: the endpoint is read-only")
        else:
            raise HttpError(415, "POST application/x-www-form-urlencoded or application/sparql-query")
    if "update" in params:
        raise HttpError(403, "updates are not allowed: the endpoint is read-only")
    if text is None:
        queries = params.get("query", [])
        if not queries and request.method != "POST":
            return await _describe(request)
        if len(queries) != 1:
            raise HttpError(400, "give exactly one 'query' parameter")
        text = queries[0]
    elif "query" in params:
        raise HttpError(400, "give the query in the body or as 'query', not both")
    if len(text) > service.settings.max_body:
        raise HttpError(413, f"the query is over {service.settings.max_body} characters")
    form = await service.screen(text, "<query>")
    chosen = negotiate(request.headers.get("accept"), _result_types(form))
    if chosen is None:
        raise HttpError(406, f"a {form} result can be had as {', '.join(_result_types(form))}", {"Vary": "Accept"})
    dataset = {k: v for k, v in params.items() if k in ("default-graph-uri", "named-graph-uri")}
    union = not dataset and not _has_dataset_clause(text)
    if chosen == _HTML:
        result, truncated = await service.result(text, form, union)
        return _html(_render_table(result, title="Query results", query=text, truncated=truncated),
                     headers={"Vary": "Accept"})
    engine_params: dict[str, Any] = {"query": text, **dataset}
    if union:
        engine_params["union-default-graph"] = ""
    media = _ALIASES.get(chosen, chosen)
    status, content_type, body = await service.run(engine_params, media)
    if status != 200:
        raise HttpError(status if 400 <= status < 500 else 502,
                        "the engine answered: " + _one_line(body[:300].decode("utf-8", "replace")))
    return Response(body, 200, {"Vary": "Accept"}, media_type=content_type or media)


async def _describe(request: Request) -> Response:
    offered = [*RDF_TYPES, _HTML]
    chosen = negotiate(request.headers.get("accept"), offered)
    if chosen is None:
        raise HttpError(406, f"the service description can be had as {', '.join(offered)}", {"Vary": "Accept"})
    if chosen == _HTML:
        return await query_page(request)
    return _service_description(str(request.base_url), chosen)


async def list_queries(request: Request) -> Response:
    data = [{"name": q.name, "title": q.title, "description": q.description, "form": q.form,
             "tags": list(q.tags), "columns": list(q.columns), "url": f"/queries/{q.name}",
             "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                         "kinds": list(p.kinds), "description": p.description} for p in q.params]}
            for q in _service(request).catalogue.values()]
    return JSONResponse(data)


async def stored_query(request: Request) -> Response:
    from seckg.queries.engine import bind_inline
    from seckg.queries.params import bind_params

    service = _service(request)
    name = request.path_params["name"]
    query = service.catalogue.get(name)
    if query is None:
        raise HttpError(404, f"no stored query named {name!r}; see /queries")
    values: dict[str, str] = {}
    for key, items in _params(request.url.query).items():
        if len(items) != 1:
            raise HttpError(400, f"parameter {key!r} is given more than once")
        values[key] = items[0]
    chosen = negotiate(request.headers.get("accept"), _result_types(query.form))
    if chosen is None:
        raise HttpError(406, f"this query's result can be had as {', '.join(_result_types(query.form))}",
                        {"Vary": "Accept"})

    def bind() -> str:  # a stored query is seckg's own text: its labels' lookups are screened
        with _SCREEN_LOCK:
            return bind_inline(query.text, bind_params(query, values, service.target()))

    text = await service.in_thread(bind)
    result, truncated = await service.result(text, query.form)
    if chosen == _HTML:
        return _html(_render_table(result, title=query.title or name, description=query.description or "",
                                   query=text, truncated=truncated), headers={"Vary": "Accept"})
    return _send(result, truncated, chosen, service.settings.max_rows)


def _entity(rest: str) -> str:
    if not _ID_PATH.fullmatch(rest):
        raise HttpError(404, "no such entity")
    return ID + rest


async def _require(service: Service, rest: str) -> str:
    from seckg.queries.engine import bind_inline

    iri = _entity(rest)
    text = bind_inline(_EXISTS, {"s": ox.NamedNode(iri)})
    found = await service.in_thread(lambda: bool(service.target().store.query(text, use_default_graph_as_union=True)))
    if not found:
        raise HttpError(404, f"nothing is known about <{iri}>")
    return iri


async def dereference(request: Request) -> Response:
    service = _service(request)
    rest = request.path_params["rest"]
    await _require(service, rest)
    offered = [*_EXTENSIONS.values(), _HTML]
    chosen = negotiate(request.headers.get("accept"), offered)
    if chosen is None:
        raise HttpError(406, f"this resource can be had as {', '.join(offered)}", {"Vary": "Accept"})
    location = f"/page/{rest}" if chosen == _HTML else f"/data/{rest}.{_EXT_OF[chosen]}"
    return RedirectResponse(location, 303, {"Vary": "Accept"})


async def data(request: Request) -> Response:
    from seckg.graph.export import serialize_triples
    from seckg.web.views import build_view

    service = _service(request)
    stem, dot, ext = request.path_params["rest"].rpartition(".")
    if not dot or ext not in _EXTENSIONS:
        raise HttpError(404, "data documents end in .ttl, .nt or .jsonld")
    iri = await _require(service, stem)
    media = _EXTENSIONS[ext]
    fmt = {"ttl": "turtle", "nt": "nt", "jsonld": "jsonld"}[ext]
    body = await service.in_thread(lambda: serialize_triples(
        build_view(service.target().store, iri).triples(), fmt, about=iri))
    return Response(body, 200, {"Content-Location": f"/data/{stem}.{ext}", "Link": f'<{iri}>; rel="describes"'},
                    media_type=f"{media}; charset=utf-8")


async def page(request: Request) -> Response:
    from seckg.web.render import ServerLinks, render_entity
    from seckg.web.views import build_view

    service = _service(request)
    await service.doc_ready()  # the pages link into it
    rest = request.path_params["rest"]
    iri = await _require(service, rest)
    alternates = {m: f"/data/{rest}.{e}" for e, m in _EXTENSIONS.items()}

    def work() -> str:
        view = build_view(service.target().store, iri)
        links = ServerLinks(anchors=service.ontology_doc().anchors)
        return render_entity(view, links, alternates=alternates)

    return _html(await service.in_thread(work), headers={"Content-Location": f"/page/{rest}"})


async def query_page(request: Request) -> Response:
    from seckg.web.render import ServerLinks, render_query_page

    return _html(render_query_page(ServerLinks(), example=_EXAMPLE))


def _view_labels(store, network=None, timeline=None, dyad=None, extra=()):  # type: ignore[no-untyped-def]
    from seckg.web.views import labels_of

    named = set(extra)
    if network is not None:
        named.update(network.nodes)
        named.update(e.node for e in network.edges)
    for item in timeline or []:
        named.add(item.node)
        if item.cls:
            named.add(item.cls)
    if dyad is not None:
        named.update((dyad.a, dyad.b))
        for r in dyad.relations:
            named.update(x for x in (r.node, r.cls, r.detail) if x)
    return labels_of(store, named)


async def network_page(request: Request) -> Response:
    """The network of states and their relations."""
    from seckg.web.network import network_of
    from seckg.web.render import ServerLinks, render_view_page

    service = _service(request)
    await service.doc_ready()  # the pages link into it

    def work() -> str:
        store = service.target().store
        net = network_of(store)
        return render_view_page(ServerLinks(anchors=service.ontology_doc().anchors), title="Network of relations",
                                intro="Every relation between two states in the graph: green where they converge, "
                                      "red where they clash, grey where mixed. A line links to its relation and "
                                      "the words it comes from; a state to its page.",
                                network=net, labels=_view_labels(store, network=net))

    return _html(await service.in_thread(work))


async def timeline_page(request: Request) -> Response:
    """Dated facts in date order; ``?actor=<kind>/<slug>`` keeps those about one entity."""
    from seckg.web.network import dated_nodes, timeline_of
    from seckg.web.render import ServerLinks, render_view_page

    service = _service(request)
    await service.doc_ready()  # the pages link into it
    actor_rest = request.query_params.get("actor")
    actor = await _require(service, actor_rest) if actor_rest else None

    def work() -> str:
        from seckg.web.network import network_of

        store = service.target().store
        items = timeline_of(store, dated_nodes(store, actor))
        states = network_of(store).nodes  # the actors to choose from: the states with relations
        labels = _view_labels(store, timeline=items, extra=[*states, *([actor] if actor else [])])
        title = f"Timeline of {labels.get(actor, actor)}" if actor else "Timeline"
        actors = [("/timeline", "all")] + [(f"/timeline?actor={s[len(ID):]}", labels.get(s, s)) for s in states]
        return render_view_page(ServerLinks(anchors=service.ontology_doc().anchors), title=title,
                                intro=f"{len(items)} dated facts, at the precision the texts give.",
                                timeline=items, labels=labels, facets=actors)

    return _html(await service.in_thread(work))


async def dyad_page(request: Request) -> Response:
    """``/dyad/<a>--<b>``: every relation between two states."""
    from seckg.web.dyad import dyad
    from seckg.web.render import ServerLinks, render_view_page

    service = _service(request)
    await service.doc_ready()  # the pages link into it
    a_slug, sep, b_slug = request.path_params["pair"].partition("--")
    if not sep:
        raise HttpError(404, "a pair of states is /dyad/<state>--<state>")
    a = await _require(service, f"state/{a_slug}")
    b = await _require(service, f"state/{b_slug}")

    def work() -> str:
        store = service.target().store
        d = dyad(store, a, b)
        labels = _view_labels(store, dyad=d)
        title = f"{labels.get(a, a_slug)} and {labels.get(b, b_slug)}"
        intro = (f"{len(d.relations)} relations between them" if d.relations
                 else "The graph holds no relation between them.")
        return render_view_page(ServerLinks(anchors=service.ontology_doc().anchors), title=title, intro=intro,
                                dyad=d if d.relations else None, labels=labels)

    return _html(await service.in_thread(work))


async def editor_page(request: Request) -> Response:
    """YASGUI on this server's endpoint, when vendored."""
    from seckg.web.render import ServerLinks, render_editor_page
    from seckg.web.vendor import vendored

    return _html(render_editor_page(ServerLinks(), example=_EXAMPLE, vendored=vendored("yasgui.min.js")))


async def static(request: Request) -> Response:
    from importlib.resources import files

    name = request.path_params["name"]
    if name == "search-index.js":  # made from the store (seckg.web.search), once per store
        service = _service(request)
        body = await service.in_thread(service.search_index)
        return Response(body, 200, {"Cache-Control": "no-cache"}, media_type="text/javascript; charset=utf-8")
    if name not in _STATIC:
        raise HttpError(404, f"no such file: /static/{name}")
    resource = files("seckg.web") / "static"
    for part in name.split("/"):
        resource = resource / part
    if not resource.is_file():
        raise HttpError(404, f"not installed: /static/{name} (python -m seckg.web.vendor)")
    body = resource.read_bytes()
    return Response(body, 200, {"Cache-Control": "max-age=3600"}, media_type=_STATIC[name])


async def ontology(request: Request) -> Response:
    service = _service(request)
    offered = [_HTML, *_EXTENSIONS.values()]
    chosen = negotiate(request.headers.get("accept"), offered)
    if chosen is None:
        raise HttpError(406, f"the ontology can be had as {', '.join(offered)}", {"Vary": "Accept"})
    if chosen == _HTML:
        await service.doc_ready()
        html = await service.in_thread(lambda: service.ontology_doc().html)
        return _html(html, headers={"Vary": "Accept"})
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "jsonld"}[chosen]
    body = await service.in_thread(lambda: service.ontology_rdf(fmt))
    return Response(body, 200, {"Vary": "Accept"}, media_type=f"{chosen}; charset=utf-8")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HttpError)
    return PlainTextResponse(_one_line(exc.message) + "\n", exc.status, exc.headers)


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s", request.url.path, exc_info=exc)
    return PlainTextResponse(f"internal error: {type(exc).__name__}\n", 500)


class _SecurityHeaders:
    """``X-Content-Type-Options: nosniff`` on every answer, the CSP on every HTML answer."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"server", f"seckg/{__version__}".encode()))
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html") and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings) -> Starlette:
    """The application; its lifespan starts the engines and stops them."""
    from contextlib import asynccontextmanager

    service = Service(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        await service.start()
        try:
            yield
        finally:
            await service.stop()

    middleware = []
    if settings.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD"],
                                     allow_headers=["Accept", "Content-Type"], max_age=600,
                                     expose_headers=["X-SPARQL-MaxRows", "Content-Location", "Link"]))
    middleware += [Middleware(GZipMiddleware, minimum_size=1024), Middleware(_SecurityHeaders)]
    routes = [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", list_queries), Route("/queries/", list_queries),
        Route("/queries/{name}", stored_query),
        Route("/id/{rest:path}", dereference),
        Route("/data/{rest:path}", data),
        Route("/page/{rest:path}", page),
        Route("/", query_page), Route("/query", query_page),
        Route("/static/{name:path}", static),
        Route("/ontology", ontology),
        Route("/network", network_page), Route("/timeline", timeline_page),
        Route("/dyad/{pair}", dyad_page), Route("/editor", editor_page),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={HttpError: _http_error, Exception: _internal_error})
    app.state.service = service
    return app
