"""``seckg serve``: the SPARQL 1.1 Protocol endpoint queried by real clients (SPARQLWrapper,
rdflib's SPARQLStore), stored queries over HTTP giving the engine's rows, content negotiation,
the screen (SERVICE fetches nothing), read-only, time limit, row limit, and linked-data
dereferencing with 303 redirects."""

from __future__ import annotations

import gc
import http.client
import json
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
import yaml

from seckg.queries.catalogue import load_catalogue
from seckg.queries.engine import StoreTarget
from seckg.queries.formats import render
from seckg.queries.params import bind_params
from seckg.queries.server import make_server, negotiate

from .localserver import counting_server

ID = "https://w3id.org/seckg/id/"
CASES = yaml.safe_load((Path(__file__).parent / "queries" / "cases.yaml").read_text(encoding="utf-8"))
CATALOGUE = load_catalogue()
PARTNERS = """PREFIX seckg: <https://w3id.org/seckg/ontology#>
SELECT ?p ?party WHERE { ?p a seckg:Partnership ; seckg:hasParty ?party } ORDER BY ?p ?party"""
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class Running:
    def __init__(self, target: StoreTarget, **kw: object) -> None:
        self.httpd = make_server(target, "127.0.0.1", 0, quiet=True, **kw)  # type: ignore[arg-type]
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    def request(self, method: str, path: str, headers: dict[str, str] | None = None,
                body: str | bytes | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def get(self, path: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, {"Accept": accept} if accept is not None else {})


def _execute(target: StoreTarget, *args, **kw):  # type: ignore[no-untyped-def]
    """The engine's answer, computed here; the cycles its screen leaves (holding Oxigraph
    iterators) are collected on this thread, not on a server thread."""
    result = target.execute(*args, **kw)
    gc.collect()
    return result


def _q(text: str) -> str:
    return "/sparql?query=" + urllib.parse.quote(text)


@pytest.fixture(scope="module")
def target(built: Path) -> StoreTarget:
    return StoreTarget.embedded(built)


@pytest.fixture(scope="module")
def server(target: StoreTarget):
    running = Running(target, timeout=10, max_rows=10000)
    yield running
    running.stop()


# --- negotiation --------------------------------------------------------------------------------

SELECT = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
          "text/tab-separated-values"]


@pytest.mark.parametrize("accept, expected", [
    (None, SELECT[0]),
    ("", SELECT[0]),
    ("*/*", SELECT[0]),
    ("text/csv", "text/csv"),
    ("text/*", "text/csv"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", SELECT[1]),
    ("application/sparql-results+xml;q=0.1, */*;q=0.2", SELECT[0]),
    ("*/*;q=0.1, text/tab-separated-values", SELECT[3]),
    ("text/*;q=0.9, text/csv;q=0.2", SELECT[3]),
    ("application/sparql-results+json;q=0, */*", SELECT[1]),
    ("TEXT/CSV ; Q=0.8 , application/sparql-results+xml ; q=0.7", "text/csv"),
    ("text/html", None),
    ("*/*;q=0", None),
    ("text/csv;q=bogus", None),
])
def test_negotiate(accept, expected):
    assert negotiate(accept, SELECT) == expected


# --- the SPARQL protocol ------------------------------------------------------------------------

def test_sparqlwrapper_select_ask_construct(server, target):
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(server.base + "/sparql")
    client.setTimeout(15)
    client.setQuery(PARTNERS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    expected = _execute(target, PARTNERS).rows
    assert [(r["p"]["value"], r["party"]["value"]) for r in rows] == \
        [(r["p"].value, r["party"].value) for r in expected] and rows
    client.setMethod(POST)
    client.setQuery("ASK { <https://w3id.org/seckg/id/state/china> ?p ?o }")
    assert client.query().convert()["boolean"] is True
    client.setQuery("CONSTRUCT { ?p a ?t } WHERE { ?p a ?t } LIMIT 5")
    client.setReturnFormat(TURTLE)
    data = client.query().convert()
    import rdflib

    assert len(rdflib.Graph().parse(data=data, format="turtle")) == 5


def test_rdflib_sparqlstore(server, target):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server.base + "/sparql", returnFormat="xml", method="POST")
    graph = rdflib.Graph(store=store)
    rows = [(str(r[0]), str(r[1])) for r in graph.query(PARTNERS)]
    assert rows == [(r["p"].value, r["party"].value) for r in _execute(target, PARTNERS).rows] and rows


def test_get_and_both_posts_give_the_cli_bytes(server, target):
    expected = render(_execute(target, PARTNERS), "csv").encode("utf-8")
    status, headers, body = server.get(_q(PARTNERS), "text/csv")
    assert (status, body) == (200, expected) and headers["content-type"].startswith("text/csv")
    form = urllib.parse.urlencode({"query": PARTNERS})
    status, _, body = server.request("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded",
                                                         "Accept": "text/csv"}, form)
    assert (status, body) == (200, expected)
    status, _, body = server.request("POST", "/sparql", {"Content-Type": "application/sparql-query; charset=utf-8",
                                                         "Accept": "text/csv"}, PARTNERS)
    assert (status, body) == (200, expected)


@pytest.mark.parametrize("accept, content_type, fmt", [
    ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
    ("text/tab-separated-values", "text/tab-separated-values", "tsv"),
    ("application/json", "application/sparql-results+json", "json"),
])
def test_select_formats(server, target, accept, content_type, fmt):
    status, headers, body = server.get(_q(PARTNERS), accept)
    assert status == 200 and headers["content-type"].split(";")[0] == content_type
    assert body.decode("utf-8") == render(_execute(target, PARTNERS), fmt)
    assert headers["vary"] == "Accept"


@pytest.mark.parametrize("accept, content_type", [
    (None, "text/turtle"), ("application/n-triples", "application/n-triples"),
    ("application/ld+json;q=0.9, text/turtle;q=0.1", "application/ld+json")])
def test_construct_formats(server, accept, content_type):
    import rdflib

    status, headers, body = server.get(_q("CONSTRUCT { ?p a ?t } WHERE { ?p a ?t } LIMIT 7"), accept)
    assert status == 200 and headers["content-type"].split(";")[0] == content_type
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld"}[content_type]
    assert len(rdflib.Graph().parse(data=body.decode("utf-8"), format=fmt)) == 7


def test_not_acceptable(server):
    assert server.get(_q(PARTNERS), "text/turtle")[0] == 406
    assert server.get(_q("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"), "text/csv")[0] == 406


def test_service_is_refused_and_fetches_nothing(server):
    with counting_server() as remote:
        query = f"SELECT * WHERE {{ SERVICE <{remote.url}/sparql> {{ ?s ?p ?o }} }}"
        status, _, body = server.get(_q(query))
        assert status == 400 and b"SERVICE is refused" in body and body.count(b"\n") == 1
        assert remote.requests == []


@pytest.mark.parametrize("query", ["SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
                                   "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                   "SELECT * WHERE { ?s ?p"])
def test_unsafe_or_bad_queries_are_400(server, query):
    status, _, body = server.get(_q(query))
    assert status == 400 and body.count(b"\n") == 1


def test_updates_are_403_and_nothing_changes(server, target):
    update = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    status, _, body = server.request("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"},
                                     urllib.parse.urlencode({"update": update}))
    assert status == 403 and b"read-only" in body
    status, _, _ = server.request("POST", "/sparql", {"Content-Type": "application/sparql-update"}, update)
    assert status == 403
    assert _execute(target, "ASK { <urn:x> ?p ?o }").boolean is False


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "BREW"])
def test_other_methods_are_405(server, method):
    status, headers, _ = server.request(method, "/sparql")
    assert status == 405 and headers["allow"] == "GET, POST, HEAD"


def test_head(server):
    status, headers, body = server.request("HEAD", _q(PARTNERS))
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_timeout_is_503(target):
    running = Running(target, timeout=0.3, max_rows=10)
    try:
        start = time.monotonic()
        status, headers, body = running.get(_q(EXPENSIVE))
        assert status == 503 and b"did not finish" in body and "retry-after" in headers
        assert time.monotonic() - start < 5
    finally:
        running.stop()


def test_max_rows_truncates_with_a_header(target):
    running = Running(target, timeout=10, max_rows=3)
    try:
        status, headers, body = running.get(_q("SELECT ?s WHERE { ?s ?p ?o } LIMIT 20"))
        assert status == 200 and headers["x-sparql-maxrows"] == "3"
        assert len(json.loads(body)["results"]["bindings"]) == 3
        status, headers, body = running.get(_q("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 20"),
                                            "application/n-triples")
        assert status == 200 and headers["x-sparql-maxrows"] == "3" and body.count(b"\n") == 3
        status, headers, body = running.get(_q("SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"))
        assert status == 200 and "x-sparql-maxrows" not in headers
    finally:
        running.stop()


# --- stored queries -----------------------------------------------------------------------------

def test_query_list(server):
    status, headers, body = server.get("/queries")
    assert status == 200 and headers["content-type"].startswith("application/json")
    names = [q["name"] for q in json.loads(body)]
    assert names == list(CATALOGUE)


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


# --- linked data --------------------------------------------------------------------------------

@pytest.mark.parametrize("accept, location", [
    ("text/turtle", "/data/state/china.ttl"),
    ("application/ld+json", "/data/state/china.jsonld"),
    ("application/n-triples", "/data/state/china.nt"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "/page/state/china"),
])
def test_id_redirects(server, accept, location):
    status, headers, _ = server.get("/id/state/china", accept)
    assert status == 303 and headers["location"] == location and headers["vary"] == "Accept"


def test_data_describes_the_entity(server):
    import rdflib

    status, headers, body = server.get("/data/state/china.ttl")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert headers["content-location"] == "/data/state/china.ttl"
    graph = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
    china = rdflib.URIRef(ID + "state/china")
    assert (china, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/seckg/ontology#State")) in graph
    beijing = rdflib.URIRef(ID + "place/beijing")
    assert (china, rdflib.URIRef("https://w3id.org/seckg/ontology#capital"), beijing) in graph
    assert any(True for _ in graph.objects(beijing, rdflib.RDFS.label))  # labels of objects
    seckg = rdflib.Namespace("https://w3id.org/seckg/ontology#")
    russia = rdflib.URIRef(ID + "partnership/china--russia")
    assert (russia, seckg.hasParty, china) in graph  # what is said of it
    evidence = set(graph.objects(china, seckg.hasEvidence))
    assert evidence and all(any(graph.triples((ev, None, None))) for ev in evidence)  # its quotes
    # nothing unrelated: every subject is China, points at China, is named by it or is a quote
    named = set(graph.objects(china)) | set(graph.subjects(None, china)) | set(graph.predicates())
    for s in set(graph.subjects()):
        assert s == china or s in named or str(s).startswith(ID + "evidence/") or \
            any(graph.triples((None, None, s))), s
    status, headers, body = server.get("/data/state/china.jsonld")
    from rdflib.compare import isomorphic

    assert status == 200
    assert isomorphic(rdflib.Graph().parse(data=body.decode("utf-8"), format="json-ld"), graph)


def test_page_shows_label_type_links_and_evidence(server, target):
    status, headers, body = server.get("/page/state/china", "text/html")
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode("utf-8")
    assert "<h1>China</h1>" in page
    assert '<a class="type" href="/ontology#State" title="https://w3id.org/seckg/ontology#State">' in page
    assert '<a href="/id/place/beijing" title="https://w3id.org/seckg/id/place/beijing">Beijing</a>' in page
    assert "Referred to by" in page and '<a href="/id/partnership/china--russia"' in page
    words = _execute(target, """PREFIX seckg: <https://w3id.org/seckg/ontology#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?exact WHERE { <https://w3id.org/seckg/id/state/china> seckg:hasEvidence ?e .
                              ?e oa:hasTarget/oa:hasSelector/oa:exact ?exact }""").rows
    assert words
    import html

    for row in words:
        assert html.escape(row["exact"].value) in page


@pytest.mark.parametrize("path", ["/id/state/narnia", "/data/state/narnia.ttl", "/page/state/narnia",
                                  "/id/state", "/id/../etc/passwd", "/nowhere"])
def test_unknown_is_404(server, path):
    assert server.get(path, "text/html")[0] == 404


def test_cli_serve_help():
    from click.testing import CliRunner

    from seckg.cli.serve import serve

    result = CliRunner().invoke(serve, ["--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "--max-rows" in result.output
