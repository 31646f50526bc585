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
    """Every cheap request is answered (200), the one right after a stopped query included, and
    from the server's first second (the first page used to build the ontology's documentation in
    its own time limit, holding up the requests behind it: 503s). A fixed number of requests per
    client, not a time window, so that a slow machine makes the test longer, not weaker."""
    max_memory = 1 << 30
    # queue_timeout: a request may wait 30 s for an engine or a thread (10 by default), so that a
    # machine slowed by other work makes the test slower, not a 503 "busy" (not what it tests)
    running = Running(built, timeout=3, engines=5, max_waiting=64, max_memory=max_memory, queue_timeout=30)
    cheap = ["/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}),
             "/queries/partnerships-of-state?state=China", "/page/state/china", "/data/state/japan.ttl"]
    expensive = "/sparql?" + urllib.parse.urlencode({"query": EXPENSIVE})
    per_client = 8  # clients 0, 5, 10 and 15: expensive at 0 and 4, each followed by three cheap ones
    results: list[tuple[int, int, str, int, float, bytes]] = []
    lock = threading.Lock()
    peak = [0]
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            for engine in list(running.pool._engines):
                peak[0] = max(peak[0], _rss(engine.process.pid))
            time.sleep(0.1)

    def client(n: int) -> None:
        for i in range(per_client):
            path = expensive if n % 5 == 0 and i % 4 == 0 else cheap[(n + i) % len(cheap)]
            t0 = time.monotonic()
            status, _, body = running.get(path, timeout=30)
            with lock:
                results.append((n, i, path, status, time.monotonic() - t0, body[:200]))

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
    cheap_results = [r for r in results if r[2] != expensive]
    slow_results = [r[3] for r in results if r[2] == expensive]
    ok = sorted(r[4] for r in cheap_results if r[3] == 200)
    print(f"\nload: {len(results)} requests, {len(ok)}/{len(cheap_results)} cheap ones 200,"
          f" median {statistics.median(ok) * 1000:.0f} ms, p95 {ok[int(len(ok) * 0.95)] * 1000:.0f} ms;"
          f" {len(slow_results)} expensive ones: {sorted(set(slow_results))}; engine RSS peak {peak[0] >> 20} MB")
    print("slowest cheap:", [(n, i, p[:30], round(t, 1)) for n, i, p, _, t, _ in sorted(cheap_results, key=lambda r: -r[4])[:5]])
    assert len(results) == 20 * per_client and len(slow_results) == 8
    assert all(s == 503 for s in slow_results)
    failed = [(n, i, p[:40], s, round(t, 2), b) for n, i, p, s, t, b in cheap_results if s != 200]
    assert not failed, f"cheap requests not answered (client, request, path, status, s, body): {failed}"
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
