"""Limits on one query of the embedded store or of ``--data`` files: a deadline and an
address-space ceiling.

pyoxigraph cannot cancel a running query, so a limited query runs in a forked child process
(it inherits the opened store: no second open, no re-import; a few milliseconds). The child
sets ``RLIMIT_AS`` to the address space it maps already plus the allowance, runs the query and
sends its answer back pickled through a pipe; at the deadline the parent kills it (SIGKILL)
and reaps it, so nothing keeps running or holding memory. The child also dies with its parent (``PR_SET_PDEATHSIG`` on Linux). An allocation
past the ceiling makes the child fail (``MemoryError`` in Python, an abort in Oxigraph): that
is reported as the memory limit. Both raise :class:`~seckg.errors.LimitError` (exit code 7).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import TypeVar

from seckg.errors import LimitError

__all__ = ["run_limited", "DEFAULT_TIMEOUT", "DEFAULT_MAX_MEMORY", "DEFAULT_REASONER_TIMEOUT"]

#: The CLI's defaults: seconds a query may run, and megabytes of address space it may use.
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_MEMORY = 2048
#: Seconds the reasoner may run, in all, for one ``seckg check`` or ``seckg ontology check``
#: (see :func:`seckg.ontology.reasoner.reasoner_timeout`).
DEFAULT_REASONER_TIMEOUT = 120.0

T = TypeVar("T")


def _time_error(timeout: float) -> LimitError:
    return LimitError(f"the query ran past its time limit of {timeout:g} s (--timeout)")


def _memory_error(max_memory: int) -> LimitError:
    return LimitError(f"the query ran past its memory limit of {max_memory} MB (--max-memory)")


def run_limited(fn: Callable[[], T], *, timeout: float | None = None, max_memory: int | None = None) -> T:
    """``fn()`` run in a forked child within ``timeout`` seconds and ``max_memory`` MB of
    address space (``None``: no such limit; both ``None``: run here, no child). Its return
    value must pickle; an exception it raises is raised here."""
    if not timeout and not max_memory:
        return fn()
    if not hasattr(os, "fork"):  # no fork (Windows): run unbounded rather than not at all
        return fn()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_fd)
        _child(fn, write_fd, max_memory)
    os.close(write_fd)
    deadline = None if not timeout else time.monotonic() + timeout
    chunks: list[bytes] = []
    done = False
    try:
        while True:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                raise _time_error(timeout)  # type: ignore[arg-type]
            ready, _, _ = select.select([read_fd], [], [], wait)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        _, status = os.waitpid(pid, 0)
        done = True
    finally:
        os.close(read_fd)
        if not done:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    data = b"".join(chunks)
    if not data or os.waitstatus_to_exitcode(status) != 0:
        if max_memory:  # an abort on a failed allocation (Oxigraph) or an early MemoryError
            raise _memory_error(max_memory)
        raise RuntimeError(f"the query's process ended with status {os.waitstatus_to_exitcode(status)}")
    kind, value = pickle.loads(data)
    if kind == "memory":
        raise _memory_error(max_memory or 0)
    if kind == "error":
        raise value
    return value  # type: ignore[no-any-return]


def _address_space() -> int:
    """Bytes of address space this process maps now (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child(fn: Callable[[], object], write_fd: int, max_memory: int | None) -> None:
    code = 0
    try:
        if sys.platform.startswith("linux"):
            import ctypes

            with contextlib.suppress(Exception):
                ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the parent
        # Oxigraph's abort message on a failed allocation is not ours to print
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        if max_memory:
            # the ceiling is on what the query adds: the forked child already maps everything
            # its parent had (a started JVM alone reserves gigabytes of address space)
            limit = _address_space() + max_memory * 1024 * 1024
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        try:
            payload = pickle.dumps(("ok", fn()), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", None))
        except SystemError as e:  # under the ceiling: a native allocation failed, no exception set
            payload = pickle.dumps(("memory", None) if max_memory else ("error", RuntimeError(str(e))))
        except BaseException as e:  # noqa: BLE001 - every error is the parent's to raise
            try:
                payload = pickle.dumps(("error", e), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - an exception that does not pickle
                payload = pickle.dumps(("error", RuntimeError(f"{type(e).__name__}: {e}")))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view):]
    except BaseException:  # noqa: BLE001
        code = 1
    finally:
        os._exit(code)
