"""The pages in a real browser: headless Chromium (Debian's), driven by Playwright, opens an entity
page of the published site served by nginx, follows links (to another entity, to the sentence a
quote comes from), and runs queries from ``seckg serve``'s query page.

Screenshots are kept as test artefacts in ``test-artifacts/browser/`` (or ``$SECKG_TEST_ARTIFACTS``).
Chromium starts with the flags this machine's closed network needs (no background networking,
no component updates, no sync); pages may load nothing from anywhere but their own server, and a
console error or an uncaught exception fails the test.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from .conftest import ROOT, require_program

pytest.importorskip("playwright.sync_api")

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--disable-default-apps", "--disable-extensions"]


@pytest.fixture(scope="module")
def artefacts() -> Path:
    path = Path(os.environ.get("SECKG_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "browser"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    chromium = require_program("chromium", "chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
        yield b
        b.close()


def watched_page(context, allowed: str):  # type: ignore[no-untyped-def]
    """A new page of ``context`` and the lists it fills: console and page errors, and the URLs
    of requests that do not start with ``allowed`` (anything loaded from elsewhere)."""
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    outside: list[str] = []
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith(allowed) else None)
    return pg, problems, outside


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg, problems, outside = watched_page(context, "http://127.0.0.1:")
    pg.problems = problems  # type: ignore[attr-defined]  # a test may excuse what it expects
    yield pg
    context.close()
    assert not problems, problems
    assert not outside, f"the page loaded from elsewhere: {outside}"


@pytest.fixture(scope="module")
def served(built):
    """``seckg serve`` on loopback, in a thread: its base URL."""
    from seckg.web.server import make_server

    httpd = make_server(built, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    assert httpd.started.wait(20)
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    thread.join(10)
    httpd.server_close()


def test_entity_page_of_the_published_site_and_its_links(page, nginx_site, artefacts):
    # the IRI itself: nginx answers 303 to the HTML twin for a browser's Accept header
    page.goto(f"http://{nginx_site}/id/partnership/china--russia")
    assert page.url.endswith("/id/partnership/china--russia.html")
    assert page.locator("h1").inner_text() == "China–Russia partnership"
    assert "comprehensive strategic partnership of coordination for a new era" in page.locator("#relations").inner_text()
    page.screenshot(path=artefacts / "partnership-page.png", full_page=True)

    # follow a relation to another entity
    page.locator("#relations a", has_text="Russia").first.click()
    page.wait_for_url("**/id/state/russia.html")
    assert page.locator("h1").inner_text() == "Russia"
    assert page.locator("#incoming a", has_text="China–Russia partnership").count() >= 1
    page.screenshot(path=artefacts / "state-page.png")

    # back, and from the quote to its sentence in the document, which the page highlights
    page.go_back()
    words = page.locator("#evidence mark").first.inner_text()
    page.locator("#evidence a.sentence").first.click()
    page.wait_for_url("**/id/document/*.html#s-*")
    target = page.locator(".sentence:target")
    assert target.count() == 1 and words in target.inner_text()
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # :target is highlighted
    page.screenshot(path=artefacts / "document-sentence.png")


def test_ontology_terms_land_on_their_definition(page, nginx_site, artefacts):
    page.goto(f"http://{nginx_site}/id/state/china.html")
    page.locator("p.types a.type").first.click()
    page.wait_for_url("**/ontology.html#State")
    section = page.locator("#State")
    assert section.is_visible() and "https://w3id.org/seckg/ontology#State" in section.inner_text()
    page.screenshot(path=artefacts / "ontology-term.png")


def test_run_a_query_from_the_query_page(page, served, artefacts):
    page.goto(served + "/")
    page.wait_for_selector("#stored-name option", state="attached")  # the stored queries were fetched
    page.fill("#query", """PREFIX seckg: <https://w3id.org/seckg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?state ?name WHERE { ?state a seckg:State ; skos:prefLabel ?name FILTER(STR(?name) IN ("China", "Japan")) }
ORDER BY ?name""")
    page.click("#run")
    page.wait_for_selector("#result table.results tbody tr")
    rows = page.locator("#result tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).locator("td").nth(1).inner_text() == "China"
    assert "2 rows" in page.locator("#status").inner_text()
    page.screenshot(path=artefacts / "query-page.png", full_page=True)

    # an IRI in the results is a link to the entity's page (through the server's 303)
    rows.nth(1).locator("td a").first.click()
    page.wait_for_url("**/page/state/japan")
    assert page.locator("h1").inner_text() == "Japan"


def test_run_a_stored_query_with_a_parameter(page, served, artefacts):
    page.goto(served + "/")
    page.wait_for_selector("#stored-name option", state="attached")
    page.select_option("#stored-name", "partnerships-of-state")
    page.fill("#param-state", "China")
    page.click("#run-stored")
    page.wait_for_selector("#result table.results tbody tr")
    assert "Russia" in page.locator("#result table.results").inner_text()
    page.screenshot(path=artefacts / "stored-query.png", full_page=True)


def test_a_bad_query_says_why(page, served):
    page.goto(served + "/")
    page.fill("#query", "SELECT * WHERE { ?s ?p ")
    page.click("#run")
    page.wait_for_selector("#status.error")
    assert page.locator("#status").inner_text().startswith("400: ")
    # the server's 400 is the answer expected here: Chromium logs it to the console as a failed load
    page.problems[:] = [p for p in page.problems if "status of 400" not in p]  # type: ignore[attr-defined]


def test_a_result_url_opens_as_a_table(page, served, artefacts):
    """A link to /sparql?query=... or /queries/NAME?... shows a table, not a download."""
    import urllib.parse

    query = """PREFIX seckg: <https://w3id.org/seckg/ontology#>
SELECT ?p ?party WHERE { ?p a seckg:Partnership ; seckg:hasParty ?party } ORDER BY ?p ?party"""
    page.goto(served + "/sparql?" + urllib.parse.urlencode({"query": query}))
    page.wait_for_selector("table.results tbody tr")
    assert page.locator("table.results thead th").all_inner_texts() == ["p", "party"]
    page.screenshot(path=artefacts / "sparql-result-url.png", full_page=True)
    page.goto(served + "/queries/partnerships-of-state?state=China")
    page.wait_for_selector("table.results tbody tr")
    assert "Russia" in page.locator("table.results").inner_text()
    page.locator("table.results a", has_text="Russia").first.click()
    page.wait_for_url("**/page/state/russia")
