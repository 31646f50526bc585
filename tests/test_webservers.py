"""The published site served by plain static web servers, Debian's nginx and Apache httpd on
loopback, each with the content-negotiation map ``seckg publish`` writes for it (``_server/`` and
``.htaccess``): an IRI answers 303 with the twin ``Accept`` asks for, files come with their media
types, and a real linked-data client (rdflib) dereferences an IRI to its triples."""

from __future__ import annotations

import http.client
import urllib.parse
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic


@pytest.fixture(scope="module", params=["nginx", "apache"])
def nginx(request) -> str:
    """host:port of the web server serving the published site (each test runs on both)."""
    return request.getfixturevalue(f"{request.param}_site")


def _path(location: str) -> str:
    return urllib.parse.urlsplit(location).path


def _get(host: str, path: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(host, timeout=10)
    conn.request("GET", path, headers={"Accept": accept} if accept else {})
    response = conn.getresponse()
    body = response.read()
    headers = {k.lower(): v for k, v in response.getheaders()}
    conn.close()
    return response.status, headers, body


@pytest.mark.parametrize(("accept", "twin"), [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),  # a browser
    (None, "html"),
    ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml, text/turtle;q=0.9, */*;q=0.1", "ttl"),
    ("text/turtle;q=0, text/html", "html"),
    ("application/ld+json;q=0.0, */*", "html"),
])
def test_an_iri_is_303_to_the_twin_accept_asks_for(nginx, accept, twin):
    status, headers, _ = _get(nginx, "/id/state/china", accept)
    assert status == 303
    assert _path(headers["location"]) == f"/id/state/china.{twin}"  # nginx: relative, Apache: absolute
    assert "Accept" in headers.get("vary", "")


@pytest.mark.parametrize(("path", "media"), [
    ("/id/state/china.html", "text/html"),
    ("/id/state/china.ttl", "text/turtle"),
    ("/id/state/china.jsonld", "application/ld+json"),
    ("/ontology.html", "text/html"),
    ("/ontology.ttl", "text/turtle"),
    ("/dumps/seckg-all.trig", "application/trig"),
    ("/dumps/seckg-all.nq", "application/n-quads"),
    ("/.well-known/void", "text/turtle"),
    ("/", "text/html"),
])
def test_files_are_served_with_their_media_types(nginx, published, path, media):
    status, headers, body = _get(nginx, path)
    assert status == 200, path
    assert headers["content-type"].split(";")[0].strip() == media
    local = published / (path.lstrip("/") or "index.html")
    assert body == local.read_bytes()


def test_the_ontology_and_its_terms_negotiate(nginx):
    assert _path(_get(nginx, "/ontology", "text/turtle")[1]["location"]) == "/ontology.ttl"
    assert _path(_get(nginx, "/ontology", "text/html")[1]["location"]) == "/ontology.html"
    # a module's IRI lands on the whole ontology
    assert _path(_get(nginx, "/ontology/statements", "text/html")[1]["location"]) == "/ontology.html"


@pytest.mark.parametrize("path", ["/id/state/narnia", "/id/state/narnia.ttl", "/_server/nginx-map.conf",
                                  "/id/../_server/nginx-site.conf"])
def test_what_is_not_published_is_404(nginx, path):
    assert _get(nginx, path, "text/turtle")[0] == 404


def test_rdflib_dereferences_an_iri_through_the_303(nginx, published):
    """A linked-data client follows the 303 with its own Accept header and reads the twin."""
    graph = rdflib.Graph().parse(f"http://{nginx}/id/state/china")
    expected = rdflib.Graph().parse(Path(published, "id/state/china.ttl"), format="turtle")
    assert len(graph) > 100 and isomorphic(graph, expected)
