"""A loopback HTTP server that only counts the requests it gets: the proof that a payload or a
query made nobody fetch anything."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    timeout = 5  # a stuck client cannot hold the server thread for long
    status = 404

    def _answer(self) -> None:
        self.server.requests.append(f"{self.command} {self.path}")  # type: ignore[attr-defined]
        body = b"{}"
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_HEAD = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


class CountingServer:
    """Bound to 127.0.0.1 on a free port; ``url`` is its base, ``requests`` what it received."""

    def __init__(self, path: str = "") -> None:
        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
        self.httpd.requests = []  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}{path}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def requests(self) -> list[str]:
        return self.httpd.requests  # type: ignore[attr-defined,no-any-return]


@contextmanager
def counting_server(path: str = "") -> Iterator[CountingServer]:
    srv = CountingServer(path)
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()
        srv.thread.join(timeout=5)


# --- servers the remote-store tests write to and read from (tests/test_remote*.py) -----------

def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, process: object, what: str, log: object = None, seconds: float = 10) -> None:
    """Until something listens on the loopback port; fails when ``process`` (a Popen) ends first."""
    import socket
    import time
    from pathlib import Path

    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:  # type: ignore[attr-defined]
                text = Path(str(log)).read_text(errors="replace")[-2000:] if log and Path(str(log)).exists() else ""
                raise RuntimeError(f"{what} did not start (exit {process.poll()}): {text}") from None  # type: ignore[attr-defined]
            time.sleep(0.02)


@contextmanager
def oxigraph_server(location: object, *extra: str) -> Iterator[str]:
    """A read-write Oxigraph server (``oxigraph serve``) on a free loopback port: its base URL
    (Graph Store Protocol at ``/store``, queries at ``/query``)."""
    import subprocess

    from seckg.web.engines import oxigraph_program

    port = free_port()
    process = subprocess.Popen([oxigraph_program(), "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}", *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process, "oxigraph")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait(5)


@dataclass
class LoopbackPKI:
    """A private CA made for a test (``ca``, PEM) and two server certificates it signed, with
    their keys: ``cert`` for 127.0.0.1 and localhost, ``other_cert`` for another name only."""

    ca: Path
    cert: Path
    key: Path
    other_cert: Path
    other_key: Path


def make_pki(openssl: str, directory: Path) -> LoopbackPKI:
    """A CA and two server certificates made with the ``openssl`` program (P-256 keys, two days)."""
    import subprocess

    directory.mkdir(parents=True, exist_ok=True)

    def run(*args: str) -> None:
        subprocess.run([openssl, *args], cwd=directory, check=True, capture_output=True)

    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
        "-out", "ca.pem", "-days", "2", "-subj", "/CN=seckg test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-addext", "subjectKeyIdentifier=hash")
    for name, alt in (("server", "IP:127.0.0.1,DNS:localhost"), ("other", "DNS:seckg-other.invalid")):
        (directory / f"{name}.ext").write_text(
            f"subjectAltName={alt}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
            "extendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n")
        run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", f"{name}.key",
            "-out", f"{name}.csr", "-subj", f"/CN={alt.split(':')[1].split(',')[0]}")
        run("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext")
    return LoopbackPKI(directory / "ca.pem", directory / "server.pem", directory / "server.key",
                   directory / "other.pem", directory / "other.key")


NGINX_TLS_PROXY = """
master_process off;
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    client_max_body_size 0;
    # which credentials came (a label, never the header), over which protocol
    map $http_authorization $credentials {{
        default none;
{accepted}
    }}
    log_format seckg '$ssl_protocol $request_method $status $credentials';
    access_log {tmp}/access.log seckg;
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        include {tmp}/location.conf;
    }}
    server {{
        listen 127.0.0.1:{other_port} ssl;
        ssl_certificate {other_cert};
        ssl_certificate_key {other_key};
        include {tmp}/location.conf;
    }}
}}
"""

NGINX_TLS_LOCATION = """
location / {{
    if ($credentials = none) {{
        add_header WWW-Authenticate 'Basic realm="seckg"' always;
        return 401;
    }}
    proxy_set_header Authorization "";
    proxy_http_version 1.1;
    proxy_read_timeout 300s;
    proxy_pass http://127.0.0.1:{backend};
}}
"""


@dataclass
class TLSProxy:
    """nginx terminating TLS on ``port`` (certificate for 127.0.0.1) and ``other_port`` (a
    certificate for another name), passing requests that carry accepted credentials to the
    backend over plain HTTP; ``log`` has one line per request: protocol, method, status and the
    label of the credentials that came."""

    port: int
    other_port: int
    log: Path

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def lines(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []


@contextmanager
def nginx_tls_proxy(nginx: str, directory: Path, pki: LoopbackPKI, backend_port: int,
                    accepted: dict[str, str]) -> Iterator[TLSProxy]:
    """Debian's nginx, as a user's TLS-terminating reverse proxy in front of a SPARQL server on
    loopback; ``accepted`` maps labels to the exact ``Authorization`` headers it lets through."""
    import subprocess

    directory.mkdir(parents=True, exist_ok=True)
    port, other_port = free_port(), free_port()
    lines = "\n".join(f'        "{header}" {label};' for label, header in accepted.items())
    (directory / "location.conf").write_text(NGINX_TLS_LOCATION.format(backend=backend_port))
    conf = directory / "nginx.conf"
    conf.write_text(NGINX_TLS_PROXY.format(tmp=directory, port=port, other_port=other_port, cert=pki.cert,
                                           key=pki.key, other_cert=pki.other_cert, other_key=pki.other_key,
                                           accepted=lines))
    conf.chmod(0o600)  # it holds the accepted headers
    args = [nginx, "-c", str(conf), "-p", str(directory), "-e", str(directory / "error.log")]
    test = subprocess.run([*args, "-t"], capture_output=True, text=True)
    if test.returncode != 0:
        raise RuntimeError(f"nginx -t: {test.stderr}")
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process, "nginx", directory / "error.log")
        wait_for_port(other_port, process, "nginx", directory / "error.log")
        yield TLSProxy(port, other_port, directory / "access.log")
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
