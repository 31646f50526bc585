"""The published site served by nginx (Debian's, on loopback) with the content-negotiation map
``seckg publish`` writes: an IRI answers 303 with the twin ``Accept`` asks for, files come with
their media types, and a real linked-data client (rdflib) dereferences an IRI to its triples."""

from __future__ import annotations

import http.client
import socket
import subprocess
import time
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from .conftest import require_program

CONF = """
master_process off;
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {site}/_server/nginx-map.conf;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {site};
        include {site}/_server/nginx-site.conf;
    }}
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(published, tmp_path_factory):
    binary = require_program("nginx", "nginx-light", "/usr/sbin/nginx")
    tmp = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(CONF.format(tmp=tmp, site=published, port=port))
    check = subprocess.run([binary, "-t", "-c", str(conf), "-p", str(tmp), "-e", str(tmp / "error.log")],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([binary, "-c", str(conf), "-p", str(tmp), "-e", str(tmp / "error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"nginx did not start: {(tmp / 'error.log').read_text(errors='replace')}")
            time.sleep(0.05)
    yield f"127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


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
    assert headers["location"] == f"/id/state/china.{twin}"
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
    assert _get(nginx, "/ontology", "text/turtle")[1]["location"] == "/ontology.ttl"
    assert _get(nginx, "/ontology", "text/html")[1]["location"] == "/ontology.html"
    # a module's IRI lands on the whole ontology
    assert _get(nginx, "/ontology/statements", "text/html")[1]["location"] == "/ontology.html"


@pytest.mark.parametrize("path", ["/id/state/narnia", "/id/state/narnia.ttl", "/_server/nginx-map.conf",
                                  "/id/../_server/nginx-site.conf"])
def test_what_is_not_published_is_404(nginx, path):
    assert _get(nginx, path, "text/turtle")[0] == 404


def test_rdflib_dereferences_an_iri_through_the_303(nginx, published):
    """A linked-data client follows the 303 with its own Accept header and reads the twin."""
    graph = rdflib.Graph().parse(f"http://{nginx}/id/state/china")
    expected = rdflib.Graph().parse(Path(published, "id/state/china.ttl"), format="turtle")
    assert len(graph) > 100 and isomorphic(graph, expected)
