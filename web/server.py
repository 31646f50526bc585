"""Running ``seckg serve``: the application of :mod:`seckg.web.app` under uvicorn, with caps on
connections (``Settings.max_connections``, uvicorn's ``limit_concurrency``: 503 past it),
keep-alive and header sizes.

:func:`make_server` binds and returns a :class:`Server` that ``serve_forever()`` runs (in the
calling thread) and ``shutdown()`` stops from another; the engines are started and stopped with
the application.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from pathlib import Path

from seckg.errors import InputError

from .app import Settings, create_app

__all__ = ["Server", "make_server", "Settings"]

class Server:
    """A bound socket and the uvicorn server that will answer on it."""

    def __init__(self, settings: Settings, host: str, port: int, *, quiet: bool = False) -> None:
        import uvicorn

        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind((host, port))
        self.server_address = self.socket.getsockname()[:2]
        self.settings = settings
        self.app = create_app(settings)
        config = uvicorn.Config(
            self.app, log_level="warning" if quiet else "info", access_log=not quiet,
            limit_concurrency=settings.max_connections, timeout_keep_alive=5, h11_max_incomplete_event_size=64 * 1024,
            lifespan="on", server_header=False, proxy_headers=False)
        self.uvicorn = uvicorn.Server(config)
        self.started = threading.Event()

    @property
    def service(self):  # type: ignore[no-untyped-def]
        return self.app.state.service

    def serve_forever(self, poll_interval: float | None = None) -> None:
        """Answer until :meth:`shutdown` (or Ctrl-C); the engines stop with it."""
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        task = asyncio.create_task(self.uvicorn.serve(sockets=[self.socket]))
        while not self.uvicorn.started and not task.done():
            await asyncio.sleep(0.01)
        self.started.set()
        await task

    def shutdown(self) -> None:
        self.uvicorn.should_exit = True

    def server_close(self) -> None:
        self.socket.close()


def make_server(data_dir: Path, host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0,
                max_rows: int = 10000, *, quiet: bool = False, **limits: object) -> Server:
    """A server for the store of ``data_dir``, bound to ``host:port`` (0: any free port)."""
    if max_rows < 1:
        raise InputError("--max-rows must be at least 1")
    if timeout <= 0:
        raise InputError("--timeout must be positive")
    from seckg.graph.store import STORE_DIR

    if not (Path(data_dir) / STORE_DIR).is_dir():
        from seckg.errors import StoreError

        raise StoreError(f"no graph built in {data_dir} (run 'seckg build' first, or pass --data-dir)")
    settings = Settings(Path(data_dir), timeout=timeout, max_rows=max_rows, **limits)  # type: ignore[arg-type]
    logging.getLogger("seckg.serve").setLevel(logging.WARNING if quiet else logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return Server(settings, host, port, quiet=quiet)
