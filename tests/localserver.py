"""A loopback HTTP server that only counts the requests it gets: the proof that a payload or a
query made nobody fetch anything."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager


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
