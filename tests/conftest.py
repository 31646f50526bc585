"""Shared fixtures: one extractor and one built corpus per test session (both take seconds)."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CORPUS_TEXT = CORPUS / "security-partnerships-2020.txt"
GENRE = ROOT / "tests" / "genre"
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def extractor():
    from seckg.graph.pipeline import Extractor

    return Extractor.default()


@pytest.fixture(scope="session")
def corpus_text() -> str:
    return CORPUS_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def corpus_extraction(extractor):
    from seckg.graph.build import extract_file

    return extract_file(CORPUS_TEXT, extractor)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A data dir with the bundled corpus built into it (read-only for tests)."""
    from seckg.graph.build import build_corpus

    data_dir = tmp_path_factory.mktemp("built")
    summary = build_corpus(CORPUS, data_dir)
    assert summary.validation is not None
    return data_dir


@pytest.fixture(scope="session")
def published(built, tmp_path_factory) -> Path:
    """The built corpus published as a static site by ``seckg publish`` (read-only for tests)."""
    from seckg.web.publish import publish

    out = tmp_path_factory.mktemp("published") / "site"
    result = publish(built, out, base_url="https://example.org/kg/")
    assert result.pages > 1000 and not result.skipped
    return out


def require_program(name: str, package: str, *paths: str) -> str:
    """The path of a program from Debian's packages; skips the test without it (fails under CI,
    where ``make test`` has installed it: scripts/system-deps)."""
    import os
    import shutil

    found = shutil.which(name) or next((p for p in paths if os.access(p, os.X_OK)), None)
    if found is None:
        message = f"{name} is not installed (apt-get install {package}; make test does it as root)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must run this test")
        pytest.skip(message)
    return found


NGINX_CONF = """
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


@pytest.fixture(scope="session")
def nginx_site(published, tmp_path_factory):
    """Debian's nginx serving the published site on loopback with its conneg map: "host:port"."""
    binary = require_program("nginx", "nginx-light", "/usr/sbin/nginx")
    tmp = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, site=published, port=port))
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
