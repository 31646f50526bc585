"""The README's pictures of the views, made again: ``python -m seckg.web.screenshots [DIR]``
(default ``docs/img``) builds the bundled corpus into a temporary folder, adds one openly licensed
text for the annotated-text picture, runs ``seckg serve`` on loopback and photographs four pages
in headless Chromium (the browser the tests drive, through Playwright), each a PNG of one screen:

- ``entity.png``: China's page (its summary and its network of relations);
- ``network.png``: the network of every state (``/network``);
- ``timeline.png``: China's timeline (``/timeline?actor=state/china``);
- ``annotated-text.png``: a document's text with its mentions and evidence marked.

The corpus's own text is a copyrighted excerpt that ``seckg publish`` withholds, so the annotated
text shown is the Wikipedia lead of the Senkaku Islands dispute (``tests/real/`` of a checkout;
Wikipedia's text is under CC BY-SA 4.0, which its metadata names only in words, so the copy
built here is given the licence's IRI). Nothing is loaded from elsewhere: the pages' requests are checked, as in the tests.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
from pathlib import Path

__all__ = ["take_screenshots"]

#: the openly licensed text of the annotated-text picture, in a checkout
OPEN_TEXT = Path(__file__).resolve().parent.parent / "tests" / "real" / "01-senkaku-dispute-wikipedia.txt"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--disable-default-apps", "--disable-extensions"]
#: file name -> (path on the server, what to photograph: "top" (the first screen), "scroll:<css>"
#: (a screen from that element down) or "<css>" (that element whole))
SHOTS = {
    "entity.png": ("/page/state/china", "top"),
    "network.png": ("/network", "#network figure.network"),
    "timeline.png": ("/timeline?actor=state/china", "top"),
    "annotated-text.png": ("/page/document/01-senkaku-dispute-wikipedia", "scroll:#text"),
}


#: Wikipedia's licence for its text, which its metadata names in words only ("CC BY-SA")
WIKIPEDIA_LICENCE = "https://creativecommons.org/licenses/by-sa/4.0/"


def _with_licence_url(text: Path, folder: Path) -> Path:
    """A copy of ``text`` and its metadata in ``folder``, the metadata given the licence's IRI
    (``licence_url``), so that the page shows the text (a text without an open licence IRI is
    withheld)."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / text.name
    shutil.copyfile(text, copy)
    meta = text.with_suffix(".yaml")
    if meta.is_file():
        (folder / meta.name).write_text(meta.read_text(encoding="utf-8").rstrip("\n")
                                        + f"\nlicence_url: {WIKIPEDIA_LICENCE}\n", encoding="utf-8")
    return copy


def take_screenshots(out: Path, *, data_dir: Path | None = None, width: int = 1000, height: int = 720,
                     log=print) -> list[Path]:  # type: ignore[no-untyped-def]
    """Write the pictures of :data:`SHOTS` into ``out``; ``data_dir``: a built store to use
    (default: the bundled corpus and :data:`OPEN_TEXT`, built in a temporary folder)."""
    from playwright.sync_api import sync_playwright

    from seckg.api import KnowledgeGraph
    from seckg.web.server import make_server

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="seckg-screenshots-") as tmp:
        if data_dir is None:
            data_dir = Path(tmp) / "data"
            kg = KnowledgeGraph(data_dir)
            log("building the bundled corpus ...")
            kg.build()
            if OPEN_TEXT.is_file():
                kg.ingest(_with_licence_url(OPEN_TEXT, Path(tmp) / "open"))
        server = make_server(data_dir, "127.0.0.1", 0, quiet=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        if not server.started.wait(30):
            raise RuntimeError("seckg serve did not start")
        base = f"http://127.0.0.1:{server.server_address[1]}"
        written: list[Path] = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                elsewhere: list[str] = []
                errors: list[str] = []
                page.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith(base) else None)
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                for name, (path, what) in SHOTS.items():
                    response = page.goto(base + path)
                    if response is None or response.status != 200:
                        log(f"skipped {name}: {path} answered {response.status if response else 'nothing'}")
                        continue
                    target = out / name
                    if what == "top":
                        page.screenshot(path=target)
                    elif what.startswith("scroll:"):
                        page.locator(what[len("scroll:"):]).first.evaluate("el => el.scrollIntoView({block: 'start'})")
                        page.screenshot(path=target)
                    else:
                        page.locator(what).first.screenshot(path=target)
                    written.append(target)
                    log(f"{target} ({target.stat().st_size // 1024} KB)")
                browser.close()
            if elsewhere or errors:
                raise RuntimeError(f"the pages loaded from elsewhere {elsewhere} or logged errors {errors}")
        finally:
            server.shutdown()
            thread.join(10)
            server.server_close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seckg.web.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default="docs/img", type=Path, help="folder of the pictures (docs/img)")
    parser.add_argument("--data-dir", type=Path, help="a built store to photograph instead of the bundled corpus")
    args = parser.parse_args(argv)
    take_screenshots(args.out, data_dir=args.data_dir, log=lambda m: print(m, file=sys.stderr))
    return 0


if __name__ == "__main__":
    sys.exit(main())
