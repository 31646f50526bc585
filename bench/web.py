"""Linked data for people: how fast ``seckg publish`` writes the site, and how fast ``seckg serve``
answers a page, a data document and a query over HTTP on loopback.

Run: make bench   (or .venv/bin/python bench/web.py [--data-dir seckg-data] [--requests 200]
[--load-seconds 15] [--runs 3] [--skip-scale] [--skip-serve] [--skip-incremental])

First, publish at two sizes (issue 13): the bundled corpus and 10x the corpus (its text ten
times under ten document ids, as bench/extraction.py repeats texts), each built in a temporary
folder and published with the analyst's views and without them, each publish in a fresh process:
pages, seconds, pages/s, site size, ms a page, and the ratios 10x/1x and views/without. "Without
the views" is the same ``seckg publish`` with the parts of issue 13 that a page or the site
computes switched off in that process (:data:`VIEW_PARTS`: a state's dyads and neighbourhood
network, a relation's dyad, every page's timeline, a document's annotated text, the search index
and its scripts, the front page's network); the summary, the relations grouped by kind, the
quotes and the RDF twins stay, so the difference is what the views cost. The target: the views
make publish at most 2x slower a page.

Then an incremental publish (issue 15), at 1x and 10x (1x only with ``--skip-scale``): a full
publish, one new text ingested, the same folder published again (only the pages whose inputs
changed are rendered) and a full publish into a new folder beside it: seconds, pages rendered,
the time spent checking what the old pages read, and whether both sites hold the same files.

Then the graph of ``--data-dir`` (default ``seckg-data``, made by ``make run``; else the 1x build
above): publish three times, the CPU time of one page by kind, the served pages' latencies (the
per-page cost of publish set beside the cost of one page served over HTTP, as a ratio), and 20
clients loading the server (cheap queries, stored queries and pages, with expensive queries that
the server stops at its time limit): throughput and tail latency of the cheap requests.

Figures are printed (medians) and written as JSON to ``bench/results/web-<date>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CORPUS = ROOT / "corpus"


# -- publish at 1x and 10x the corpus, with and without the views ------------------------------------

#: what "without the views" switches off: (module, name, what it returns instead). The views
#: module imports these by name, so they are replaced there; publish calls the last two.
VIEW_PARTS = (
    ("seckg.web.views", "dyads_of", lambda *a, **k: []),         # a state's relations with each other state
    ("seckg.web.views", "pair_of", lambda *a, **k: None),        # a relation's dyad (every relation of the pair)
    ("seckg.web.views", "neighbourhood", lambda *a, **k: None),  # a state's network
    ("seckg.web.views", "timeline_of", lambda *a, **k: []),      # every page's timeline
    ("seckg.web.views", "annotate", lambda *a, **k: None),       # a document's annotated text
    ("seckg.web.publish", "site_files", lambda *a, **k: {}),     # the search index and the scripts
    ("seckg.web.publish", "front_page_network", lambda *a, **k: {}),  # the front page's network
)


def copies_of_corpus(folder: Path, k: int, corpus: Path = CORPUS) -> list[Path]:
    """``k`` copies of each text of ``corpus`` (with its metadata and curated annotations) in
    ``folder``, copy ``i`` as ``<name>-x<i>`` with the document id ``<id>-x<i>``: the same words
    ``k`` times as ``k`` documents."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for text in sorted(corpus.glob("*.txt")):
        stem = text.stem
        meta = text.with_suffix(".yaml")
        annotations = text.with_suffix(".annotations.yaml")
        for i in range(k):
            name = f"{stem}-x{i}"
            shutil.copyfile(text, folder / f"{name}.txt")
            if annotations.is_file():
                shutil.copyfile(annotations, folder / f"{name}.annotations.yaml")
            if meta.is_file():
                lines = meta.read_text(encoding="utf-8").splitlines()
                lines = [f"id: {line[4:].strip()}-x{i}" if line.startswith("id: ") else line for line in lines]
                (folder / f"{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
            written.append(folder / f"{name}.txt")
    return written


def _step_build(corpus: str, data_dir: str) -> dict[str, object]:
    from seckg.graph.build import build_corpus

    t0 = time.perf_counter()
    summary = build_corpus(Path(corpus), Path(data_dir), validate=False)
    return {"seconds": time.perf_counter() - t0, "documents": len(summary.documents), "quads": summary.triples}


def _step_publish(data_dir: str, out: str, views: bool) -> dict[str, object]:
    """One ``seckg publish`` (its own clock: from the call to the swapped-in site)."""
    import importlib

    if not views:
        for module, name, stand_in in VIEW_PARTS:
            setattr(importlib.import_module(module), name, stand_in)  # the forked workers inherit it
    from seckg.web.publish import publish

    result = publish(Path(data_dir), Path(out))
    shutil.rmtree(out, ignore_errors=True)
    return {"seconds": result.seconds, "pages": result.pages, "files": result.files, "bytes": result.bytes}


def _step_ingest(data_dir: str, text: str) -> dict[str, object]:
    from seckg.graph.build import ingest_files

    t0 = time.perf_counter()
    ingest_files([Path(text)], Path(data_dir), validate=False)
    return {"seconds": time.perf_counter() - t0}


def _step_site(data_dir: str, out: str, full: bool) -> dict[str, object]:
    """One ``seckg publish`` into ``out`` (kept: the next one may carry its pages over)."""
    from seckg.web.publish import publish

    r = publish(Path(data_dir), Path(out), full=full)
    return {"seconds": r.seconds, "pages": r.pages, "rendered": r.rendered, "reused": r.reused,
            "checked_seconds": r.checked_seconds, "load": os.getloadavg()[0]}


STEPS = {"build": _step_build, "publish": _step_publish, "ingest": _step_ingest, "site": _step_site}


def incremental_after_ingest(work: Path, scales: tuple[int, ...] = (1, 10), say=print) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Issue 15: at each size, publish in full, ingest one new text (``tests/genre``), publish
    again into the same folder (incremental) and into a new one (``--full``): seconds, pages
    rendered, and whether the two sites are the same, file for file."""
    found: dict[str, object] = {}
    for scale in scales:
        data = work / f"data-{scale}x"
        if not data.is_dir():
            copies_of_corpus(work / f"corpus-{scale}x", scale)
            run_step("build", corpus=str(work / f"corpus-{scale}x"), data_dir=str(data))
        inc = work / f"incremental-{scale}x"
        shutil.rmtree(inc, ignore_errors=True)
        shutil.copytree(data, inc / "data", symlinks=True)
        first = run_step("site", data_dir=str(inc / "data"), out=str(inc / "site"), full=True)
        for ext in (".txt", ".yaml"):
            shutil.copyfile(ROOT / "tests" / "genre" / f"us-philippines-alliance{ext}", inc / f"new{ext}")
        ingest = run_step("ingest", data_dir=str(inc / "data"), text=str(inc / "new.txt"))
        again = run_step("site", data_dir=str(inc / "data"), out=str(inc / "site"), full=False)
        full = run_step("site", data_dir=str(inc / "data"), out=str(inc / "full"), full=True)
        same = _same_files(inc / "site", inc / "full")
        found[f"{scale}x"] = {"first": first, "ingest": ingest, "incremental": again, "full": full, "identical": same}
        say(f"{scale:>2}x after ingesting one text: incremental {again['seconds']:.1f} s ({again['rendered']} of "
            f"{again['pages']} pages rendered, {again['checked_seconds']:.1f} s checking, load {again['load']:.1f}) "
            f"against full {full['seconds']:.1f} s (load {full['load']:.1f}); same files: {same}")
        shutil.rmtree(inc, ignore_errors=True)
    return found


def _same_files(a: Path, b: Path) -> list[str] | bool:
    """True, or the files that differ. Two files vary between processes whatever the publish:
    ``ontology.html`` (pyLODE numbers the anchors of other vocabularies' terms of the same name,
    ``#Organization1``, in set order) and ``index.html`` (the front page network's layout sums
    forces over a set of pairs, so a coordinate's last digit can move)."""
    files = {p.relative_to(a) for p in a.rglob("*") if p.is_file()} | {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    differ = sorted(str(f) for f in files if not (a / f).is_file() or not (b / f).is_file()
                    or (a / f).read_bytes() != (b / f).read_bytes())
    return differ or True


def run_step(name: str, **args: object) -> dict[str, object]:
    """One step in a fresh Python process (so that a switched-off view stays in that process)."""
    proc = subprocess.run([sys.executable, __file__, "--child", name, json.dumps(args)], capture_output=True,
                          cwd=ROOT)
    if proc.returncode:
        raise RuntimeError(f"step {name} {args} failed ({proc.returncode}):\n{proc.stderr.decode()[-3000:]}")
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])  # type: ignore[no-any-return]


def _publishes(data: Path, work: Path, views: bool, runs: int) -> dict[str, object]:
    done = [run_step("publish", data_dir=str(data), out=str(work / "site"), views=views) for _ in range(runs)]
    seconds = statistics.median(float(r["seconds"]) for r in done)  # type: ignore[arg-type]
    pages = int(done[0]["pages"])  # type: ignore[call-overload]
    return {"pages": pages, "files": done[0]["files"], "bytes": done[0]["bytes"], "seconds": seconds,
            "runs": [r["seconds"] for r in done], "pages_per_s": pages / seconds,
            "ms_per_page": seconds / pages * 1000, "mb": int(done[0]["bytes"]) / 1e6}  # type: ignore[call-overload]


def publish_at_scale(work: Path, runs: int, say=print) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Build the corpus and 10x the corpus in ``work``, publish each with and without the views."""
    sizes: dict[str, dict[str, object]] = {}
    for scale in (1, 10):
        corpus = work / f"corpus-{scale}x"
        copies_of_corpus(corpus, scale)
        data = work / f"data-{scale}x"
        build = run_step("build", corpus=str(corpus), data_dir=str(data))
        say(f"{scale:>2}x corpus: {build['documents']} documents, {build['quads']} quads, built in "
            f"{float(build['seconds']):.1f} s (no validation)")  # type: ignore[arg-type]
        entry: dict[str, object] = {"build": build}
        for views in (True, False):
            p = _publishes(data, work, views, runs)
            entry["views" if views else "without_views"] = p
            say(f"{scale:>2}x publish {'with' if views else 'without':>7} the views: {p['pages']} pages in "
                f"{p['seconds']:.2f} s = {p['pages_per_s']:.0f} pages/s, {p['mb']:.1f} MB, "
                f"{p['ms_per_page']:.2f} ms a page (median of {runs})")
        w, wo = entry["views"], entry["without_views"]
        entry["views_over_without_per_page"] = w["ms_per_page"] / wo["ms_per_page"]  # type: ignore[index]
        entry["views_over_without_mb"] = w["mb"] / wo["mb"]  # type: ignore[index]
        say(f"{scale:>2}x views / without: {entry['views_over_without_per_page']:.2f}x a page "
            f"(target <= 2x), {entry['views_over_without_mb']:.2f}x the size")
        sizes[f"{scale}x"] = entry
    one, ten = sizes["1x"], sizes["10x"]
    ratios = {key: ten["views"][key] / one["views"][key]  # type: ignore[index]
              for key in ("pages", "seconds", "pages_per_s", "mb", "ms_per_page")}
    ratios["build_seconds"] = ten["build"]["seconds"] / one["build"]["seconds"]  # type: ignore[index]
    ratios["quads"] = ten["build"]["quads"] / one["build"]["quads"]  # type: ignore[index]
    say("10x / 1x (with the views): " + ", ".join(f"{k} {v:.2f}" for k, v in ratios.items()))
    return {"sizes": sizes, "ratios_10x_over_1x": ratios}


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


@contextlib.contextmanager
def without_views() -> Iterator[None]:
    """The parts of :data:`VIEW_PARTS` switched off in this process while the block runs."""
    import importlib

    saved = []
    for module, name, stand_in in VIEW_PARTS:
        mod = importlib.import_module(module)
        saved.append((mod, name, getattr(mod, name)))
        setattr(mod, name, stand_in)
    try:
        yield
    finally:
        for mod, name, value in saved:
            setattr(mod, name, value)


def _views(data_dir: Path) -> tuple[str, dict[str, dict[str, float]]]:
    """CPU time of one page (its view read from the store and its HTML, as publish makes it) by
    kind, with the views and without them (:func:`without_views`): a state (the summary, dyads,
    neighbourhood, timeline), a relation between two states (its dyad), a document (the annotated
    text, or the cited quotes of a withheld one)."""
    import pyoxigraph as ox

    from seckg.graph.iris import ID
    from seckg.graph.store import open_store
    from seckg.web.render import SiteLinks, render_entity
    from seckg.web.views import build_view

    store = open_store(data_dir, read_only=True)
    documents = sorted({q.subject.value for q in store.quads_for_pattern(
        None, ox.NamedNode("https://w3id.org/seckg/ontology#text"), None)})

    def cpu(iri: str) -> float:
        times = []
        for _ in range(5):
            t0 = time.process_time()
            render_entity(build_view(store, iri), SiteLinks(path=iri[len(ID):] + ".html", search=True))
            times.append(time.process_time() - t0)
        return statistics.median(times) * 1000

    out, figures = [], {}
    for name, iri in (("state/china", ID + "state/china"), ("partnership/china--russia", ID + "partnership/china--russia"),
                      ("a document", documents[0] if documents else None)):
        if iri is None or not build_view(store, iri).found:
            continue
        with_ms = cpu(iri)
        with without_views():
            without_ms = cpu(iri)
        figures[name] = {"views_ms": with_ms, "without_views_ms": without_ms, "ratio": with_ms / without_ms}
        out.append(f"{name} {with_ms:.1f} ms (without the views {without_ms:.1f} ms: {with_ms / without_ms:.2f}x)")
    return "views (CPU, view + HTML): " + ", ".join(out), figures


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        result = STEPS[sys.argv[2]](**json.loads(sys.argv[3]))
        print(json.dumps(result))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=ROOT / "seckg-data")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--load-seconds", type=float, default=15.0,
                    help="How long 20 clients load the server (cheap and expensive queries mixed).")
    ap.add_argument("--runs", type=int, default=3, help="publishes of each size, with and without the views")
    ap.add_argument("--skip-scale", action="store_true", help="no publish of the corpus and of 10x the corpus")
    ap.add_argument("--skip-serve", action="store_true", help="no served pages and no load")
    ap.add_argument("--skip-incremental", action="store_true",
                    help="no incremental publish after an ingest (1x and 10x the corpus)")
    ap.add_argument("--work", type=Path, default=None, metavar="DIR",
                    help="build the corpora in DIR (default: a temporary folder)")
    ap.add_argument("--output", type=Path, default=None, help="JSON file (default bench/results/web-<date>.json)")
    args = ap.parse_args()
    record: dict[str, object] = {"benchmark": "web", "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                 "git": _git_head(), "load_average": os.getloadavg(),
                                 "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                             "system": platform.platform()}}
    work = args.work or Path(tempfile.mkdtemp(prefix="seckg-bench-web-"))
    try:
        if not args.skip_scale:
            record["publish_at_scale"] = publish_at_scale(work, args.runs)
        if not args.skip_incremental:
            record["incremental_publish"] = incremental_after_ingest(work, (1,) if args.skip_scale else (1, 10))
        data_dir = args.data_dir
        if not data_dir.exists() and (work / "data-1x").is_dir():
            data_dir = work / "data-1x"
        # the data folder by its name only: results are committed, machine paths are not
        record["data_dir"] = data_dir.name
        scale = record.get("publish_at_scale")
        if data_dir == work / "data-1x" and isinstance(scale, dict):  # published above: not again
            record["publish"] = scale["sizes"]["1x"]["views"]
        else:
            record["publish"] = _publish_here(data_dir)
        line, record["views_cpu"] = _views(data_dir)
        print(line)
        if not args.skip_serve:
            record.update(_served_figures(data_dir, args, record["publish"]["ms_per_page"] / 1000))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    record["load_average_after"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = args.output or RESULTS / f"web-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}.json"
    path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path}")


def _git_head() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _publish_here(data_dir: Path) -> dict[str, object]:
    """Publish the graph of ``data_dir`` three times in this process: the median."""
    from seckg.web.publish import publish

    with tempfile.TemporaryDirectory() as tmp:
        runs = [publish(data_dir, Path(tmp) / f"site{i}") for i in range(3)]
    seconds = statistics.median(r.seconds for r in runs)
    pages = runs[0].pages
    per_page = seconds / pages
    print(f"publish: {pages} pages, {runs[0].files} files, {runs[0].bytes / 1e6:.1f} MB in {seconds:.2f} s"
          f" = {pages / seconds:.0f} pages/s ({per_page * 1000:.2f} ms a page, with its two twins)")
    return {"pages": pages, "files": runs[0].files, "bytes": runs[0].bytes, "seconds": seconds,
            "ms_per_page": per_page * 1000, "pages_per_s": pages / seconds, "mb": runs[0].bytes / 1e6}


def _served_figures(data_dir: Path, args: argparse.Namespace, per_page: float) -> dict[str, object]:
    """The served pages' latencies beside ``per_page`` (seconds a published page), and the load."""
    out: dict[str, object] = {}
    httpd = _served(data_dir)
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
    out.update(serve_ms={name: t * 1000 for name, t in figures.items()}, load=load,
               served_over_published_page=page / per_page)
    return out


if __name__ == "__main__":
    main()
