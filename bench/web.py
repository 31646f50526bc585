"""Linked data for people: how fast ``seckg publish`` writes the site, and how fast ``seckg serve``
answers a page, a data document and a query over HTTP on loopback.

Run: make bench   (or .venv/bin/python bench/web.py [--data-dir seckg-data] [--requests 200]
[--load-seconds 15])

Needs a built graph (make run). Prints medians; the per-page cost of publish is set beside the
cost of one page served over HTTP, so a change to either shows as a ratio. Then 20 clients load
the server (cheap queries, stored queries and pages, with expensive queries that the server stops
at its time limit): throughput and tail latency of the cheap requests.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _served(data_dir: Path):  # type: ignore[no-untyped-def]
    from seckg.web.server import make_server

    httpd = make_server(data_dir, "127.0.0.1", 0, quiet=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    assert httpd.started.wait(20), "seckg serve did not start"
    return httpd


def _latency(port: int, path: str, accept: str, n: int) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        conn.request("GET", path, headers={"Accept": accept})
        response = conn.getresponse()
        response.read()
        assert response.status == 200, (path, response.status)
        times.append(time.perf_counter() - t0)
    conn.close()
    return statistics.median(times)


#: runs for minutes on the corpus: the server stops it at its --timeout (10 s by default)
_EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _load(port: int, clients: int, seconds: float) -> str:
    """``clients`` clients for ``seconds`` (bounded: at most 500 requests each) on loopback, one
    in five sending an expensive query every fourth request, the others cheap queries, stored
    queries and pages: throughput and tail latency of the cheap requests."""
    import urllib.parse
    from concurrent.futures import ThreadPoolExecutor

    cheap = ["/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}),
             "/queries/partnerships-of-state?state=China", "/page/state/china", "/data/state/japan.ttl"]
    expensive = "/sparql?" + urllib.parse.urlencode({"query": _EXPENSIVE})
    done: list[tuple[bool, int, float]] = []

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        deadline = time.monotonic() + seconds
        for i in range(500):
            if time.monotonic() > deadline:
                break
            slow = n % 5 == 0 and i % 4 == 0
            path = expensive if slow else cheap[(n + i) % len(cheap)]
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = 0
            done.append((slow, status, time.perf_counter() - t0))
        conn.close()

    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    wall = time.perf_counter() - t0
    ok = sorted(t for slow, s, t in done if not slow and s == 200)
    cheap_n = sum(1 for slow, _, _ in done if not slow)
    slow_codes = sorted({s for slow, s, _ in done if slow})
    if not ok:
        return f"load: no cheap request succeeded ({cheap_n} sent)"

    def pct(p: float) -> float:
        return ok[min(len(ok) - 1, int(len(ok) * p))] * 1000

    return (f"load: {clients} clients, {wall:.1f} s: {len(ok)}/{cheap_n} cheap requests answered"
            f" ({len(ok) / wall:.0f}/s), p50 {pct(0.5):.0f} ms, p95 {pct(0.95):.0f} ms, p99 {pct(0.99):.0f} ms;"
            f" expensive queries answered {slow_codes}")


def _views(data_dir: Path) -> str:
    """CPU time of one page (its view read from the store and its HTML) by kind: a state (the
    summary, dyads, neighbourhood, timeline), a relation between two states (its dyad), a
    document (the annotated text, or the cited quotes of a withheld one)."""
    import pyoxigraph as ox

    from seckg.graph.iris import ID
    from seckg.web.render import SiteLinks, render_entity
    from seckg.web.views import build_view

    store = ox.Store.read_only(str(data_dir / "store"))
    documents = sorted({q.subject.value for q in store.quads_for_pattern(
        None, ox.NamedNode("https://w3id.org/seckg/ontology#text"), None)})
    out = []
    for name, iri in (("state/china", ID + "state/china"), ("partnership/china--russia", ID + "partnership/china--russia"),
                      ("a document", documents[0] if documents else None)):
        if iri is None or not build_view(store, iri).found:
            continue
        times = []
        for _ in range(5):
            t0 = time.process_time()
            render_entity(build_view(store, iri), SiteLinks(path=iri[len(ID):] + ".html"))
            times.append(time.process_time() - t0)
        out.append(f"{name} {statistics.median(times) * 1000:.1f} ms")
    return "views (CPU, view + HTML): " + ", ".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=ROOT / "seckg-data")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--load-seconds", type=float, default=15.0,
                    help="How long 20 clients load the server (cheap and expensive queries mixed).")
    args = ap.parse_args()

    from seckg.web.publish import publish

    with tempfile.TemporaryDirectory() as tmp:
        runs = [publish(args.data_dir, Path(tmp) / f"site{i}") for i in range(3)]
    seconds = statistics.median(r.seconds for r in runs)
    pages = runs[0].pages
    per_page = seconds / pages
    print(f"publish: {pages} pages, {runs[0].files} files, {runs[0].bytes / 1e6:.1f} MB in {seconds:.2f} s"
          f" = {pages / seconds:.0f} pages/s ({per_page * 1000:.2f} ms a page, with its two twins)")

    print(_views(args.data_dir))

    httpd = _served(args.data_dir)
    port = httpd.server_address[1]
    _latency(port, "/page/state/china", "text/html", 3)  # warm up (pyLODE's anchors, ~1 s once)
    figures = {
        "page /page/state/china (HTML)": _latency(port, "/page/state/china", "text/html", args.requests),
        "data /data/state/china.ttl": _latency(port, "/data/state/china.ttl", "text/turtle", args.requests),
        "data /data/state/china.jsonld": _latency(port, "/data/state/china.jsonld", "application/ld+json",
                                                  args.requests),
        "stored query /queries/partnerships-of-state?state=China": _latency(
            port, "/queries/partnerships-of-state?state=China", "application/sparql-results+json", args.requests),
    }
    load = _load(port, clients=20, seconds=args.load_seconds)
    httpd.shutdown()
    for name, t in figures.items():
        print(f"serve: {name}: {t * 1000:.2f} ms median")
    print(load)
    page = figures["page /page/state/china (HTML)"]
    print(f"ratio: one served page of China (the largest) / one published page on average = {page / per_page:.1f}")


if __name__ == "__main__":
    main()
