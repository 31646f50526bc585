"""Shared fixtures: one extractor and one built corpus per test session (both take seconds)."""

from __future__ import annotations

import io
import logging
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

# The suite is hermetic: the user's settings (the IRI base, the data dir, endpoint credentials,
# publisher, workers, limits) would change what the tests build and compare, so they are dropped
# before seckg is imported; each test that covers a setting sets it itself (test_base.py builds
# under another SECKG_BASE). Subprocesses the tests start inherit the cleaned environment.
for _name in [n for n in os.environ if n.startswith("SECKG_")]:
    del os.environ[_name]

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CORPUS_TEXT = CORPUS / "security-partnerships-2020.txt"
GENRE = ROOT / "tests" / "genre"
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="module")
def ontology():
    """The ontology's modules, merged (one copy per test module: tests may add to it)."""
    from seckg.ontology.check import load_ontology

    return load_ontology()


@pytest.fixture(scope="module")
def data_shapes():
    """The shipped data shapes."""
    from seckg.ontology.check import load_shapes

    return load_shapes("data")


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
    logger, log = logging.getLogger("seckg"), io.StringIO()
    handler = logging.StreamHandler(log)
    logger.addHandler(handler)
    try:
        result = publish(built, out, base_url="https://example.org/kg/")
    finally:
        logger.removeHandler(handler)
    assert result.pages > 1000 and not result.skipped
    (out.parent / "publish.log").write_text(log.getvalue(), encoding="utf-8")  # beside the site
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
    _wait_for_port(proc, port, tmp / "error.log")
    yield f"127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


APACHE_CONF = """
ServerRoot "{tmp}"
ServerName localhost
Listen 127.0.0.1:{port}
PidFile "{tmp}/httpd.pid"
ErrorLog "{tmp}/error.log"
LogLevel warn
{user}
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule mime_module {modules}/mod_mime.so
TypesConfig /etc/mime.types
LoadModule dir_module {modules}/mod_dir.so
LoadModule rewrite_module {modules}/mod_rewrite.so
LoadModule headers_module {modules}/mod_headers.so
DocumentRoot "{site}"
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "{site}">
    AllowOverride All
    Require all granted
</Directory>
"""


@pytest.fixture(scope="session")
def apache_site(published, tmp_path_factory):
    """Debian's Apache httpd serving a copy of the published site on loopback, configured by the
    site's own ``.htaccess``: "host:port". The copy is world-readable (Apache's workers do not
    run as root, and pytest's folders are private)."""
    import os
    import shutil
    import tempfile

    binary = require_program("apache2", "apache2", "/usr/sbin/apache2")
    tmp = tmp_path_factory.mktemp("apache")
    public = Path(tempfile.mkdtemp(prefix="seckg-apache-"))
    public.chmod(0o755)
    site = public / "site"
    shutil.copytree(published, site)
    for path in [site, *site.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    port = _free_port()
    user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    conf = tmp / "httpd.conf"
    conf.write_text(APACHE_CONF.format(tmp=tmp, site=site, port=port, user=user,
                                       modules="/usr/lib/apache2/modules"))
    check = subprocess.run([binary, "-t", "-f", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([binary, "-f", str(conf), "-DFOREGROUND"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait_for_port(proc, port, tmp / "error.log")
    yield f"127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)
    shutil.rmtree(public, ignore_errors=True)


def _wait_for_port(proc: subprocess.Popen, port: int, log: Path) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                text = log.read_text(errors="replace") if log.exists() else ""
                pytest.fail(f"the server did not start: {text}")
            time.sleep(0.05)
