"""Linked data for people: how fast ``seckg publish`` writes the site, and how fast ``seckg serve``
answers a page, a data document and a query over HTTP on loopback.

Run: make bench   (or .venv/bin/python bench/web.py [--data-dir seckg-data] [--requests 200])

Needs a built graph (make run). Prints medians; the per-page cost of publish is set beside the
cost of one page served over HTTP, so a change to either shows as a ratio.
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=ROOT / "seckg-data")
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()

    from seckg.web.publish import publish

    with tempfile.TemporaryDirectory() as tmp:
        runs = [publish(args.data_dir, Path(tmp) / f"site{i}") for i in range(3)]
    seconds = statistics.median(r.seconds for r in runs)
    pages = runs[0].pages
    per_page = seconds / pages
    print(f"publish: {pages} pages, {runs[0].files} files, {runs[0].bytes / 1e6:.1f} MB in {seconds:.2f} s"
          f" = {pages / seconds:.0f} pages/s ({per_page * 1000:.2f} ms a page, with its two twins)")

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
    httpd.shutdown()
    for name, t in figures.items():
        print(f"serve: {name}: {t * 1000:.2f} ms median")
    page = figures["page /page/state/china (HTML)"]
    print(f"ratio: one served page of China (the largest) / one published page on average = {page / per_page:.1f}")


if __name__ == "__main__":
    main()
