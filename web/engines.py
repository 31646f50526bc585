"""The SPARQL engines behind ``seckg serve``: Oxigraph's own HTTP server (the ``oxigraph``
program of the ``oxigraph`` package), started, watched and replaced by :class:`EnginePool`.

Each engine is a child process that opens the built store read-only and listens on loopback;
it answers one query at a time, so that a query past its time can be stopped by killing its
engine (Oxigraph's ``--timeout-s`` does not stop a running aggregate: measured, an ``ORDER BY``
or ``COUNT`` over a cross product runs on for minutes). A killed or crashed engine is replaced
(about 40 ms). Each child has an address-space ceiling (``RLIMIT_AS``): a query that needs more
makes its engine fail, not the machine. The store is watched: when a build or an ingest changes
it, every engine is replaced by one that opens the new store (idle ones at once, busy ones when
their query ends), so no answer comes from the old store once the change is seen. The engines
die with the server (``PR_SET_PDEATHSIG`` on Linux, and killed on shutdown).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from seckg.errors import StoreError

__all__ = ["Engine", "EnginePool", "Busy", "oxigraph_program", "store_fingerprint"]


class Busy(Exception):
    """No engine is free within the wait, or too many requests already wait for one."""


def oxigraph_program() -> str:
    """The ``oxigraph`` program installed beside this Python (a dependency of seckg)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if os.access(beside, os.X_OK) else shutil.which("oxigraph")
    if not found:
        raise StoreError("the 'oxigraph' program is not installed (pip install oxigraph)")
    return found


def store_fingerprint(path: Path) -> tuple[object, ...] | None:
    """What changes when the store folder is replaced (a build) or written (an ingest): the
    folder's inode and modification time, and RocksDB's ``CURRENT`` manifest pointer."""
    try:
        st = os.stat(path)
        current = (path / "CURRENT").read_bytes()
        cst = os.stat(path / "CURRENT")
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, current, cst.st_mtime_ns)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _child_setup(max_memory: int) -> None:  # runs in the child, between fork and exec
    with contextlib.suppress(OSError):
        os.nice(5)  # the engines yield the CPU to the web process (pages, the screen, answers)
    if max_memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(Exception):
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the server


@dataclass(eq=False)
class Engine:
    """One Oxigraph server process."""

    process: subprocess.Popen[bytes]
    port: int
    generation: int
    started: float = field(default_factory=time.monotonic)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(2)


class EnginePool:
    """``size`` engines over ``store`` (a folder), each answering one query at a time, and up to
    ``max_size`` while queries keep them all busy (so that a few slow queries do not make every
    cheap one wait for their time limit; the extra engines stop when idle again).

    ``acquire`` hands out a free engine whose store is current (or starts one, below
    ``max_size``), else waits at most ``wait`` seconds, letting at most ``max_waiting`` requests
    wait (:class:`Busy` otherwise); ``release`` gives it back, or replaces it when it died, was
    killed or opened an older store."""

    def __init__(self, store: Path, *, size: int = 2, max_size: int | None = None, max_memory: int = 2 << 30,
                 max_waiting: int = 32, poll: float = 0.5, program: str | None = None) -> None:
        self.store = Path(store)
        self.size = max(1, size)
        self.max_size = max(self.size, max_size if max_size is not None else self.size)
        self._pending = 0
        self.max_memory = max_memory
        self.max_waiting = max_waiting
        self.poll = poll
        self.program = program or oxigraph_program()
        self.generation = 0
        self.fingerprint = store_fingerprint(self.store)
        self.restarts = 0
        self.on_change: list[object] = []  # callables run (in the loop) when the store changed
        self._idle: asyncio.Queue[Engine] = asyncio.Queue()
        self._engines: set[Engine] = set()
        self._waiting = 0
        self._watcher: asyncio.Task[None] | None = None
        self._closed = False

    # --- life cycle

    async def start(self) -> None:
        if self.fingerprint is None:
            raise StoreError(f"{self.store}: no built store (run 'seckg build' first)")
        for _ in range(self.size):
            await self._idle.put(await self._spawn())
        self._watcher = asyncio.create_task(self._watch(), name="seckg-engine-watcher")

    async def stop(self) -> None:
        self._closed = True
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._watcher
        for engine in list(self._engines):
            engine.kill()
        self._engines.clear()

    async def _spawn(self) -> Engine:
        """A new engine over the current store, once it accepts connections (a few tries)."""
        error = "it did not start"
        for attempt in range(5):
            port = _free_port()
            generation = self.generation
            log = tempfile.TemporaryFile()
            process = subprocess.Popen(  # noqa: S603
                [self.program, "serve-read-only", "--location", str(self.store), "--bind", f"127.0.0.1:{port}"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                preexec_fn=lambda: _child_setup(self.max_memory))  # noqa: PLW1509
            log.close()  # the child keeps its own copy
            engine = Engine(process, port, generation)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and engine.alive():
                try:
                    _, writer = await asyncio.open_connection("127.0.0.1", port)
                    writer.close()
                    with contextlib.suppress(Exception):
                        await writer.wait_closed()
                    self._engines.add(engine)
                    return engine
                except OSError:
                    await asyncio.sleep(0.01)
            engine.kill()
            error = f"it exited with status {process.returncode}"
            await asyncio.sleep(0.05 * (attempt + 1))
        raise StoreError(f"{self.store}: the SPARQL engine could not open the store: {error}")

    # --- handing out engines

    async def acquire(self, wait: float) -> Engine:
        # a free engine of the current store, or a new one while fewer than max_size run
        while not self._idle.empty():
            engine = self._idle.get_nowait()
            if engine.alive() and engine.generation == self.generation:
                return engine
            self._replace_later(engine)
        if len(self._engines) + self._pending < self.max_size:
            self._pending += 1
            try:
                engine = await self._spawn()
            except StoreError:
                engine = None
            finally:
                self._pending -= 1
            if engine is not None:
                return engine
        if self._waiting >= self.max_waiting:
            raise Busy(f"{self._waiting} requests already wait for an engine")
        self._waiting += 1
        try:
            deadline = time.monotonic() + wait
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise Busy(f"no engine was free within {wait:g} s")
                try:
                    engine = await asyncio.wait_for(self._idle.get(), remaining)
                except TimeoutError:
                    raise Busy(f"no engine was free within {wait:g} s") from None
                if engine.alive() and engine.generation == self.generation:
                    return engine
                self._replace_later(engine)
        finally:
            self._waiting -= 1

    def release(self, engine: Engine, *, failed: bool = False) -> None:
        """Give an engine back; ``failed``: it was killed (a query past its time) or it broke.
        An engine beyond ``size`` that finds ``size`` others idle is stopped."""
        if failed or not engine.alive() or engine.generation != self.generation:
            self._replace_later(engine)
        elif len(self._engines) > self.size and self._idle.qsize() >= self.size and not self._waiting:
            engine.kill()
            self._engines.discard(engine)
        else:
            self._idle.put_nowait(engine)

    def _replace_later(self, engine: Engine) -> None:
        """Kill ``engine``; start another if fewer than ``size`` are left (or requests wait)."""
        engine.kill()
        self._engines.discard(engine)
        self.restarts += 1
        if not self._closed and (len(self._engines) + self._pending < self.size or self._waiting):
            self._pending += 1
            asyncio.get_running_loop().create_task(self._refill())

    async def _refill(self) -> None:
        try:
            while not self._closed:
                try:
                    engine = await self._spawn()
                except StoreError:
                    await asyncio.sleep(self.poll)  # the store is missing or half-written: try again
                    continue
                if self._closed:
                    engine.kill()
                else:
                    self._idle.put_nowait(engine)
                return
        finally:
            self._pending -= 1

    # --- watching the store

    async def _watch(self) -> None:
        while not self._closed:
            await asyncio.sleep(self.poll)
            seen = store_fingerprint(self.store)
            if seen is not None and seen != self.fingerprint:
                await asyncio.sleep(self.poll)  # let the writer finish
                if store_fingerprint(self.store) != seen:
                    continue
                self.fingerprint = seen
                self.generation += 1
                for callback in self.on_change:
                    callback()  # type: ignore[operator]
                # idle engines of the old store: replaced now (busy ones when released)
                stale = []
                while not self._idle.empty():
                    stale.append(self._idle.get_nowait())
                for engine in stale:
                    self._replace_later(engine)
            # an idle engine that crashed: replaced
            idle = []
            while not self._idle.empty():
                idle.append(self._idle.get_nowait())
            for engine in idle:
                if engine.alive():
                    self._idle.put_nowait(engine)
                else:
                    self._replace_later(engine)

    def status(self) -> dict[str, int]:
        return {"engines": len(self._engines), "idle": self._idle.qsize(), "waiting": self._waiting,
                "pending": self._pending,
                "generation": self.generation, "restarts": self.restarts}
