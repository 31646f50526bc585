"""``seckg serve``: Oxigraph's server behind seckg's screen, queried on loopback by real clients
with their default settings (SPARQLWrapper, rdflib's SPARQLStore), every format of the SPARQL
1.1 Protocol, dataset selection, the service description, CORS, gzip, HTML for a browser; the
limits (a query past its time is stopped while cheap ones answer, concurrent identical queries,
a full queue, body sizes, the memory ceiling); a new build or ingest picked up without a
restart; the stored queries giving the engine's rows; linked-data dereferencing with 303."""

from __future__ import annotations

import gc
import gzip
import http.client
import json
import os
import shutil
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from seckg.queries.catalogue import load_catalogue
from seckg.queries.engine import StoreTarget
from seckg.queries.formats import render
from seckg.queries.params import bind_params
from seckg.web.app import negotiate
from seckg.web.server import make_server

from .localserver import counting_server

ID = "https://w3id.org/seckg/id/"
SECKG = "https://w3id.org/seckg/ontology#"
CASES = yaml.safe_load((Path(__file__).parent / "queries" / "cases.yaml").read_text(encoding="utf-8"))
CATALOGUE = load_catalogue()
PARTNERS = """PREFIX seckg: <https://w3id.org/seckg/ontology#>
SELECT ?p ?party WHERE { ?p a seckg:Partnership ; seckg:hasParty ?party } ORDER BY ?p ?party"""
#: runs for minutes on 13k quads; Oxigraph's own timeout does not stop it
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
#: needs gigabytes: an ORDER BY over a cross product
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


class Running:
    """``seckg serve`` in a thread on a free loopback port."""

    def __init__(self, data_dir: Path, **kw: object) -> None:
        kw.setdefault("timeout", 10)
        self.httpd = make_server(data_dir, "127.0.0.1", 0, quiet=True, **kw)  # type: ignore[arg-type]
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        assert self.httpd.started.wait(20), "the server did not start"

    @property
    def pool(self):  # type: ignore[no-untyped-def]
        return self.httpd.service.pool

    def stop(self) -> None:
        self.httpd.shutdown()
        self.thread.join(10)
        self.httpd.server_close()

    def request(self, method: str, path: str, headers: dict[str, str] | None = None,
                body: str | bytes | None = None, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def get(self, path: str, accept: str | None = None, **kw: object) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, {"Accept": accept} if accept is not None else {}, **kw)  # type: ignore[arg-type]


def _execute(target: StoreTarget, *args, **kw):  # type: ignore[no-untyped-def]
    result = target.execute(*args, **kw)
    gc.collect()
    return result


def _q(text: str, **extra: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": text, **extra})


@pytest.fixture(scope="module")
def target(built: Path) -> StoreTarget:
    return StoreTarget.embedded(built)


@pytest.fixture(scope="module")
def server(built: Path):
    running = Running(built, timeout=10, max_rows=10000)
    yield running
    running.stop()


# --- negotiation (werkzeug's) -------------------------------------------------------------------

SELECT = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
          "text/tab-separated-values", "text/html"]


@pytest.mark.parametrize("accept, expected", [
    (None, SELECT[0]), ("", SELECT[0]), ("*/*", SELECT[0]), ("text/csv", "text/csv"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", SELECT[1]),
    ("application/sparql-results+json;q=0, */*", SELECT[1]),
    (BROWSER, "text/html"), ("text/turtle", None), ("*/*;q=0", None),
])
def test_negotiate(accept, expected):
    assert negotiate(accept, SELECT) == expected


# --- real clients, default settings -------------------------------------------------------------

def test_sparqlwrapper_defaults(server, target):
    import rdflib
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(server.base + "/sparql")  # default: GET, XML results, RDF/XML graphs
    client.setQuery(PARTNERS)
    doc = client.query().convert()
    rows = [[b.firstChild.firstChild.data for b in r.getElementsByTagName("binding")]
            for r in doc.getElementsByTagName("result")]
    assert rows and rows == [[r["p"].value, r["party"].value] for r in _execute(target, PARTNERS).rows]
    client.setQuery("ASK { <https://w3id.org/seckg/id/state/china> ?p ?o }")
    assert client.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"
    client.setQuery("CONSTRUCT { ?p a ?t } WHERE { ?p a ?t } LIMIT 5")
    graph = client.query().convert()
    assert isinstance(graph, rdflib.Graph) and len(graph) == 5
    client.setQuery("DESCRIBE <https://w3id.org/seckg/id/state/china>")
    graph = client.query().convert()
    assert (rdflib.URIRef(ID + "state/china"), rdflib.RDF.type, rdflib.URIRef(SECKG + "State")) in graph


def test_rdflib_sparqlstore_defaults_and_named_graphs(server, target):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(server.base + "/sparql"))
    rows = [(str(r[0]), str(r[1])) for r in graph.query(PARTNERS)]
    assert rows and rows == [(r["p"].value, r["party"].value) for r in _execute(target, PARTNERS).rows]
    assert graph.query("ASK { ?s a <https://w3id.org/seckg/ontology#State> }").askAnswer is True
    assert len(graph.query("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 4").graph) == 4
    china = rdflib.URIRef(ID + "state/china")
    described = graph.query(f"DESCRIBE <{china}>").graph
    assert (china, rdflib.RDF.type, rdflib.URIRef(SECKG + "State")) in described
    # one evidence graph through the named-graph API (default-graph-uri on the wire)
    name = _execute(target, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g LIMIT 1").rows[0]["g"].value
    expected = {(t.subject.value, t.predicate.value) for t in _execute(
        target, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").triples}
    import warnings

    with warnings.catch_warnings():  # the recipe; rdflib deprecates ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        context = rdflib.ConjunctiveGraph(SPARQLStore(server.base + "/sparql")).get_context(rdflib.URIRef(name))
    assert {(str(s), str(p)) for s, p, _ in context.triples((None, None, None))} == expected and expected


# --- the protocol -------------------------------------------------------------------------------

@pytest.mark.parametrize("accept, content_type, fmt", [
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/n-quads", "application/n-quads", ox.RdfFormat.N_QUADS),
    ("application/trig", "application/trig", ox.RdfFormat.TRIG),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    (None, "text/turtle", ox.RdfFormat.TURTLE),
])
def test_graph_formats(server, accept, content_type, fmt):
    status, headers, body = server.get(_q("CONSTRUCT { ?p a ?t } WHERE { ?p a ?t } LIMIT 7"), accept)
    assert status == 200 and headers["content-type"].split(";")[0] == content_type
    assert len(list(ox.parse(body, format=fmt))) == 7


@pytest.mark.parametrize("accept, content_type, fmt", [
    ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/csv", "text/csv", None),
    ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("application/json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
])
def test_select_formats(server, target, accept, content_type, fmt):
    status, headers, body = server.get(_q(PARTNERS), accept)
    assert status == 200 and headers["content-type"].split(";")[0] == content_type
    if fmt is None:  # CSV is lossy: Oxigraph does not read it back
        import csv
        import io

        rows = [(r["p"], r["party"]) for r in csv.DictReader(io.StringIO(body.decode("utf-8")))]
    else:
        rows = [(s["p"].value, s["party"].value) for s in ox.parse_query_results(body, format=fmt)]
    assert rows == [(r["p"].value, r["party"].value) for r in _execute(target, PARTNERS).rows]


def test_post_forms(server):
    expected = server.get(_q(PARTNERS), "text/csv")[2]
    form = urllib.parse.urlencode({"query": PARTNERS})
    status, _, body = server.request("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded",
                                                         "Accept": "text/csv"}, form)
    assert (status, body) == (200, expected)
    status, _, body = server.request("POST", "/sparql", {"Content-Type": "application/sparql-query; charset=utf-8",
                                                         "Accept": "text/csv"}, PARTNERS)
    assert (status, body) == (200, expected)


def test_not_acceptable(server):
    assert server.get(_q(PARTNERS), "text/turtle")[0] == 406
    assert server.get(_q("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"), "text/csv")[0] == 406


def test_dataset_selection_uses_the_stores_graphs_and_fetches_nothing(server, target):
    name = _execute(target, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g LIMIT 1").rows[0]["g"].value
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    total = int(_execute(target, count).rows[0]["n"].value)
    in_graph = len(_execute(target, f"SELECT * WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").rows)

    def n(path: str) -> int:
        status, _, body = server.get(path, "text/csv")
        assert status == 200, body
        return int(body.split(b"\n")[1])

    assert n(_q(count)) == total  # default: the union of all graphs
    assert n(_q(count, **{"default-graph-uri": name})) == in_graph
    assert n(_q(f"SELECT (COUNT(*) AS ?n) FROM <{name}> WHERE {{ ?s ?p ?o }}")) == in_graph
    assert n(_q("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": name})) == in_graph
    with counting_server() as remote:
        assert n(_q(f"SELECT (COUNT(*) AS ?n) FROM <{remote.url}/data.ttl> WHERE {{ ?s ?p ?o }}")) == 0
        assert n(_q(count, **{"default-graph-uri": remote.url + "/g"})) == 0
        assert remote.requests == []


def test_service_is_refused_and_fetches_nothing(server):
    with counting_server() as remote:
        status, _, body = server.get(_q(f"SELECT * WHERE {{ SERVICE <{remote.url}/sparql> {{ ?s ?p ?o }} }}"))
        assert status == 400 and b"SERVICE is refused" in body and body.count(b"\n") == 1
        assert remote.requests == []


@pytest.mark.parametrize("query", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "SELECT * WHERE { ?s ?p"])
def test_bad_queries_are_400(server, query):
    status, _, body = server.get(_q(query))
    assert status == 400 and body.count(b"\n") == 1


def test_updates_are_403(server, target):
    update = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    status, _, body = server.request("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"},
                                     urllib.parse.urlencode({"update": update}))
    assert status == 403 and b"read-only" in body
    assert server.request("POST", "/sparql", {"Content-Type": "application/sparql-update"}, update)[0] == 403
    assert _execute(target, "ASK { <urn:x> ?p ?o }").boolean is False


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405(server, method):
    status, headers, _ = server.request(method, "/sparql")
    assert status == 405 and "GET" in headers["allow"]


def test_head(server):
    status, headers, body = server.request("HEAD", _q(PARTNERS))
    assert status == 200 and body == b""


def test_service_description(server):
    import rdflib

    status, headers, body = server.get("/sparql")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    service = rdflib.URIRef(server.base + "/sparql")
    assert (service, rdflib.RDF.type, sd.Service) in graph and (service, sd.endpoint, service) in graph
    assert (service, sd.feature, sd.UnionDefaultGraph) in graph
    status, headers, body = server.get("/sparql", BROWSER)
    assert status == 200 and headers["content-type"].startswith("text/html") and b'id="sparql-form"' in body


def test_cors_is_off_by_default(server):
    """CORS is opt-in (--cors): by default no page of another origin may read an answer."""
    status, headers, _ = server.request("OPTIONS", "/sparql", {
        "Origin": "https://notebook.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status != 200 and "access-control-allow-origin" not in headers
    status, headers, _ = server.request("GET", _q(PARTNERS), {"Origin": "https://notebook.example"})
    assert status == 200 and "access-control-allow-origin" not in headers


def test_cors_preflight_and_answer(built: Path):
    """With --cors: preflight answered, answers readable by pages of any origin."""
    running = Running(built, timeout=10, max_rows=10000, cors=True)
    try:
        status, headers, _ = running.request("OPTIONS", "/sparql", {
            "Origin": "https://notebook.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        assert status == 200 and headers["access-control-allow-origin"] == "*"
        assert "POST" in headers["access-control-allow-methods"]
        status, headers, _ = running.request("GET", _q(PARTNERS), {"Origin": "https://notebook.example"})
        assert status == 200 and headers["access-control-allow-origin"] == "*"
    finally:
        running.stop()


def test_cors_option_of_the_cli():
    from click.testing import CliRunner

    from seckg.cli.main import cli

    result = CliRunner().invoke(cli, ["serve", "--help"], terminal_width=200)
    assert "--cors / --no-cors" in result.output and "[default: no-cors]" in result.output


def test_gzip(server, target):
    status, headers, body = server.request("GET", _q("SELECT * WHERE { ?s ?p ?o } LIMIT 500"),
                                           {"Accept-Encoding": "gzip", "Accept": "text/csv"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(body).count(b"\r\n") == 501


def test_a_browser_gets_an_html_table(server):
    status, headers, body = server.get(_q(PARTNERS), BROWSER)
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode("utf-8")
    assert "<table" in page and '<a href="/id/state/china"' in page
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    status, headers, body = server.get("/queries/partnerships-of-state?state=China", BROWSER)
    assert status == 200 and headers["content-type"].startswith("text/html") and b"<table" in body


def test_body_size_is_capped(server):
    import socket

    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: %d\r\n\r\n" % (2 << 20) + b"#" * 1000)
        assert sock.recv(100).startswith(b"HTTP/1.1 413 ")


# --- limits -------------------------------------------------------------------------------------

def test_concurrent_identical_queries_then_more(server):
    ask = _q("ASK { ?s ?p ?o }")
    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(lambda _: server.get(ask)[0], range(12)))
    assert answers == [200] * 12
    assert server.get(_q(PARTNERS))[0] == 200
    assert server.get("/queries/partnerships-of-state?state=China")[0] == 200


def test_a_slow_query_is_stopped_while_cheap_ones_answer(built):
    running = Running(built, timeout=1.5, engines=2)
    try:
        first = running.pool.status()["restarts"]
        with ThreadPoolExecutor(1) as pool:
            slow = pool.submit(running.get, _q(EXPENSIVE))
            time.sleep(0.2)
            cheap = []
            while not slow.done():
                t0 = time.monotonic()
                cheap.append((running.get(_q("ASK { ?s ?p ?o }"))[0], time.monotonic() - t0))
                time.sleep(0.05)
            status, headers, body = slow.result()
        assert status == 503 and b"stopped after 1.5 s" in body and "retry-after" in headers
        assert cheap and all(s == 200 for s, _ in cheap) and max(t for _, t in cheap) < 1.0
        assert running.pool.status()["restarts"] == first + 1  # its engine was killed and replaced
        assert running.get(_q(PARTNERS))[0] == 200
    finally:
        running.stop()


def test_the_first_pages_after_start_answer_within_a_short_limit(built):
    """The ontology's documentation (which every entity page links into, about 3 s to make) is
    made from the start in a thread of its own, and a page waits for it before its time limit
    starts (made by the first page, it took that page's time limit and held up every request for
    the store behind it: 503s)."""
    running = Running(built, timeout=1.5, engines=2)
    try:
        with ThreadPoolExecutor(5) as pool:
            slow = pool.submit(running.get, _q(EXPENSIVE))
            pages = list(pool.map(running.get, ["/page/state/china", "/data/state/japan.ttl", "/page/state/japan",
                                                "/ontology"]))
            assert slow.result()[0] == 503
        assert [p[0] for p in pages] == [200] * 4, [p[2][:100] for p in pages]
    finally:
        running.stop()


def test_a_full_queue_is_503_with_retry_after(built):
    running = Running(built, timeout=2, engines=1, max_engines=1, max_waiting=1)
    try:
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: running.get(_q(EXPENSIVE)), range(4)))
        busy = [a for a in answers if b"busy" in a[2]]
        assert busy and all(s == 503 and "retry-after" in h for s, h, _ in busy)
        assert running.get(_q("ASK { ?s ?p ?o }"))[0] == 200
    finally:
        running.stop()


def test_the_memory_ceiling_stops_a_hungry_query(built):
    running = Running(built, timeout=20, engines=1, max_memory=900 << 20)
    try:
        t0 = time.monotonic()
        status, _, body = running.get(_q(HUNGRY), "text/csv")
        assert status == 503 and time.monotonic() - t0 < 20, body
        assert running.get(_q("ASK { ?s ?p ?o }"))[0] == 200
    finally:
        running.stop()


def test_a_crashed_engine_is_replaced(built):
    running = Running(built, engines=1)
    try:
        engine = next(iter(running.pool._engines))
        engine.process.kill()
        engine.process.wait(5)
        assert running.get(_q("ASK { ?s ?p ?o }"))[0] == 200
    finally:
        running.stop()
    assert not engine.alive()


def test_more_engines_while_all_are_busy_then_back_to_the_base(built):
    # the two expensive queries hold their engines until their limit (8 s): the ASK is answered
    # while both still run, by a third engine started for it (not after a wait; no timing
    # asserted, which a loaded machine would break)
    running = Running(built, timeout=8, engines=1, max_engines=3)
    try:
        with ThreadPoolExecutor(3) as pool:
            slow = [pool.submit(running.get, _q(EXPENSIVE)) for _ in range(2)]
            assert _wait_for(lambda: running.pool.status()["engines"] + running.pool.status()["pending"] >= 2, 8)
            assert running.get(_q("ASK { ?s ?p ?o }"))[0] == 200
            assert not any(f.done() for f in slow)
            assert running.pool.status()["engines"] == 3
            assert [f.result()[0] for f in slow] == [503, 503]
        assert _wait_for(lambda: running.pool.status()["engines"] == 1, 5)
    finally:
        running.stop()


def test_no_engine_outlives_the_server(built):
    running = Running(built, engines=2)
    engines = list(running.pool._engines)
    assert len(engines) == 2 and all(e.alive() for e in engines)
    running.stop()
    assert not any(e.alive() for e in engines)


# --- a new build or ingest is seen without a restart --------------------------------------------

def _wait_for(predicate, seconds: float = 10) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_changes_to_the_store_are_served(built, tmp_path):
    """A data dir of the layout before generations (a ``store`` folder of its own), written in
    place and swapped, as older builds and ingests did."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copytree(built / "store", data_dir / "store")  # the folder the link points to, not the link
    running = Running(data_dir, poll=0.1)
    marker = "ASK { <urn:seckg:test:new> ?p ?o }"

    def asks(text: str) -> bool:
        status, _, body = running.get(_q(text))
        assert status == 200, body
        return bool(json.loads(body)["boolean"])

    def index() -> bytes:
        status, _, body = running.get("/static/search-index.js")
        assert status == 200
        return body

    try:
        assert not asks(marker)
        first = index()
        assert b"Testland" not in first and index() == first  # made once per store
        # an ingest writes into the store in place
        store = ox.Store(str(data_dir / "store"))
        store.add(ox.Quad(ox.NamedNode("urn:seckg:test:new"), ox.NamedNode("urn:p"), ox.Literal("x"),
                          ox.NamedNode(ID + "evidence/test/0-1")))
        store.add(ox.Quad(ox.NamedNode(ID + "state/testland"), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                          ox.Literal("Testland", language="en"), ox.NamedNode(ID + "evidence/test/0-1")))
        store.flush()
        del store
        assert _wait_for(lambda: asks(marker)), "the ingested quad never became visible"
        assert running.get("/page/state/china")[0] == 200
        assert b'"l":"Testland"' in index()  # the search's index is made again
        # a build swaps a new store folder in
        new = data_dir / ".store-new"
        shutil.copytree(built / "store", new)
        old = data_dir / ".store-old"
        os.replace(data_dir / "store", old)
        os.replace(new, data_dir / "store")
        shutil.rmtree(old)
        assert _wait_for(lambda: not asks(marker)), "the rebuilt store was never served"
        assert asks("ASK { <https://w3id.org/seckg/id/state/china> ?p ?o }")
        assert running.get("/page/state/china")[0] == 200
        assert index() == first
    finally:
        running.stop()


def test_an_ingest_is_served_pages_and_search_included(built, tmp_path):
    """The layout of today's builds (``store`` a link into the current generation): after a real
    ingest, which writes a new generation and swaps it in, the engines, the pages and the
    search's index all come from the new store."""
    from seckg.api import KnowledgeGraph

    data_dir = tmp_path / "data"
    shutil.copytree(built, data_dir, symlinks=True)
    running = Running(data_dir, poll=0.1)
    text = Path(__file__).parent / "genre" / "nato-article5.txt"
    document = "/page/document/nato-article5"
    try:
        before = running.get("/static/search-index.js")[2]
        assert running.get(document)[0] == 404 and b"id/document/nato-article5" not in before
        KnowledgeGraph(data_dir).ingest(text)
        assert _wait_for(lambda: running.get(document)[0] == 200), "the ingested text's page never came"
        after = running.get("/static/search-index.js")[2]
        assert b'"p":"id/document/nato-article5"' in after
        ask = _q("ASK { <https://w3id.org/seckg/id/document/nato-article5> ?p ?o }")
        assert json.loads(running.get(ask)[2])["boolean"] is True
    finally:
        running.stop()


# --- stored queries -----------------------------------------------------------------------------

def test_query_list(server):
    status, headers, body = server.get("/queries")
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert [q["name"] for q in json.loads(body)] == list(CATALOGUE)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_stored_query_gives_the_engines_rows(server, target, name):
    query = CATALOGUE[name]
    values = {k: str(v) for k, v in (CASES.get(name) or {}).items()}
    bindings = bind_params(query, values, target)
    gc.collect()
    expected = json.loads(render(_execute(target, query.text, bindings, source=query.source), "json"))
    status, _, body = server.get(f"/queries/{name}?{urllib.parse.urlencode(values)}",
                                 "application/sparql-results+json")
    assert status == 200, body
    assert json.loads(body) == expected


def test_stored_query_errors(server):
    status, _, body = server.get("/queries/partnerships-of-state?state=Narnia")
    assert status == 400 and b"no entity labelled 'Narnia'" in body
    status, _, body = server.get("/queries/partnerships-of-state?colour=blue")
    assert status == 400 and b"no parameter 'colour'" in body
    assert server.get("/queries/no-such-query")[0] == 404


def test_max_rows_cuts_stored_queries_with_a_header(built):
    running = Running(built, max_rows=3)
    try:
        status, headers, body = running.get("/queries/facts-by-class", "application/sparql-results+json")
        assert status == 200 and headers["x-sparql-maxrows"] == "3"
        assert len(json.loads(body)["results"]["bindings"]) == 3
    finally:
        running.stop()


# --- linked data --------------------------------------------------------------------------------

@pytest.mark.parametrize("accept, location", [
    ("text/turtle", "/data/state/china.ttl"),
    ("application/ld+json", "/data/state/china.jsonld"),
    ("application/n-triples", "/data/state/china.nt"),
    (BROWSER, "/page/state/china"),
])
def test_id_redirects(server, accept, location):
    status, headers, _ = server.get("/id/state/china", accept)
    assert status == 303 and headers["location"] == location and "Accept" in headers["vary"]


def test_data_describes_the_entity(server):
    import rdflib
    from rdflib.compare import isomorphic

    status, headers, body = server.get("/data/state/china.ttl")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert headers["content-location"] == "/data/state/china.ttl"
    graph = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
    china = rdflib.URIRef(ID + "state/china")
    assert (china, rdflib.RDF.type, rdflib.URIRef(SECKG + "State")) in graph
    assert (china, rdflib.URIRef(SECKG + "capital"), rdflib.URIRef(ID + "place/beijing")) in graph
    status, _, body = server.get("/data/state/china.jsonld")
    assert status == 200
    assert isomorphic(rdflib.Graph().parse(data=body.decode("utf-8"), format="json-ld"), graph)


def test_page_shows_label_type_links_and_evidence(server):
    status, headers, body = server.get("/page/state/china", "text/html")
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode("utf-8")
    assert "<h1>China</h1>" in page and '<a class="type" href="/ontology#State"' in page
    assert '<a href="/id/place/beijing"' in page and "Referred to by" in page
    assert "default-src 'self'" in headers["content-security-policy"]


def test_ontology_by_accept(server):
    status, headers, body = server.get("/ontology", "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle") and b"owl:Ontology" in body
    status, headers, _ = server.get("/ontology", BROWSER)
    assert status == 200 and "content-security-policy" in headers


@pytest.mark.parametrize("path", ["/id/state/narnia", "/data/state/narnia.ttl", "/page/state/narnia",
                                  "/id/state", "/id/../etc/passwd", "/nowhere"])
def test_unknown_is_404(server, path):
    assert server.get(path, "text/html")[0] == 404


def test_cli_serve_help():
    from click.testing import CliRunner

    from seckg.cli.serve import serve

    result = CliRunner().invoke(serve, ["--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "--engines" in result.output
