"""``seckg serve`` under load, on loopback, bounded in count and time: 20 clients mixing cheap
queries, stored queries and pages with expensive queries (each stopped at the time limit), after
eight identical first queries at once; the cheap ones keep answering and the engines stay under
their memory ceiling. And a cap on open connections: the excess is refused at once (503), the
server answers again when they close."""

from __future__ import annotations

import http.client
import socket
import statistics
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from .test_serve import EXPENSIVE, Running


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def test_mixed_load_keeps_cheap_queries_answering(built):
    max_memory = 1 << 30
    running = Running(built, timeout=3, engines=5, max_waiting=64, max_memory=max_memory)
    cheap = ["/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}),
             "/queries/partnerships-of-state?state=China", "/page/state/china", "/data/state/japan.ttl"]
    expensive = "/sparql?" + urllib.parse.urlencode({"query": EXPENSIVE})
    results: list[tuple[str, int, float]] = []
    lock = threading.Lock()
    peak = [0]
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            for engine in list(running.pool._engines):
                peak[0] = max(peak[0], _rss(engine.process.pid))
            time.sleep(0.1)

    def client(n: int) -> None:
        deadline = time.monotonic() + 11
        i = 0
        while time.monotonic() < deadline and i < 40:
            path = expensive if n % 5 == 0 and i % 4 == 0 else cheap[(n + i) % len(cheap)]
            t0 = time.monotonic()
            status, _, _ = running.get(path, timeout=20)
            with lock:
                results.append((path, status, time.monotonic() - t0))
            i += 1

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        first = "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?x ?y ?z }"})
        with ThreadPoolExecutor(8) as pool:
            assert list(pool.map(lambda _: running.get(first)[0], range(8))) == [200] * 8
        with ThreadPoolExecutor(20) as pool:
            list(pool.map(client, range(20)))
    finally:
        stop.set()
        watcher.join(2)
        running.stop()
    cheap_results = [(s, t) for p, s, t in results if p != expensive]
    slow_results = [s for p, s, _ in results if p == expensive]
    ok = [t for s, t in cheap_results if s == 200]
    print(f"\nload: {len(results)} requests, {len(ok)}/{len(cheap_results)} cheap ones 200,"
          f" median {statistics.median(ok) * 1000:.0f} ms, p95 {sorted(ok)[int(len(ok) * 0.95)] * 1000:.0f} ms;"
          f" {len(slow_results)} expensive ones: {sorted(set(slow_results))}; engine RSS peak {peak[0] >> 20} MB")
    print(sorted({(p[:40], s) for p, s, _ in results if s != 200}))
    assert slow_results and all(s == 503 for s in slow_results)
    assert len(ok) >= 0.95 * len(cheap_results) and len(cheap_results) > 100
    assert 0 < peak[0] < max_memory


def test_connections_over_the_cap_are_refused_then_served_again(built):
    running = Running(built, max_connections=20)
    idle = []
    try:
        for _ in range(25):  # connections that send nothing
            idle.append(socket.create_connection(("127.0.0.1", running.port), timeout=5))
        time.sleep(0.3)
        conn = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
        conn.request("GET", "/queries")
        assert conn.getresponse().status == 503
        conn.close()
        for s in idle:
            s.close()
        idle.clear()
        time.sleep(0.3)
        assert running.get("/queries")[0] == 200
    finally:
        for s in idle:
            s.close()
        running.stop()
