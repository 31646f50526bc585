"""The analyst's views in a real browser (headless Chromium, as in test_browser): a state's
neighbourhood network and its filters, clicking through an edge to the relation, its evidence, the
sentence in the document and on to an entity (on the corpus, whose text is withheld, and on a
published site of an openly licensed text from ``file://``, through its annotated text); the
timeline; the whole network, the timeline and a dyad of ``seckg serve``; an annotated text opened
from ``file://``; and a state's page at a phone's width. Each page: no console error, nothing loaded from elsewhere. Screenshots go to
``test-artifacts/browser/``."""

from __future__ import annotations

import pytest

from .test_browser import FLAGS, artefacts, browser, page, served, watched_page  # noqa: F401  (fixtures)

pytest.importorskip("playwright.sync_api")


def _hidden(locator) -> bool:  # type: ignore[no-untyped-def]
    return locator.evaluate("el => getComputedStyle(el).display") == "none"


def test_a_state_network_filters_and_leads_to_the_words(page, nginx_site, artefacts):  # noqa: F811
    page.goto(f"http://{nginx_site}/id/state/china.html")
    network = page.locator("#network figure.network svg")
    assert network.is_visible()
    edges = page.locator("#network g.edge")
    assert edges.count() >= 5
    page.screenshot(path=artefacts / "view-state-summary.png", full_page=True)
    clash = page.locator("#network g.edge.clash").first
    assert not _hidden(clash)
    page.locator("#network input.nf-clash").uncheck()
    assert _hidden(clash)  # the filter is CSS: no script runs on the published site
    page.locator("#network input.nf-clash").check()
    assert not _hidden(clash)
    assert page.locator("#timeline ol.timeline li.year").count() >= 2

    # edge -> the relation (with every relation of the pair and its ladder rank)
    edge = page.locator('#network g.edge.converge a[href$="partnership/china--russia.html"] path').first
    edge.scroll_into_view_if_needed()
    x, y = edge.evaluate("""p => { const m = p.getScreenCTM(), q = p.getPointAtLength(p.getTotalLength() / 2);
                                  return [m.a * q.x + m.c * q.y + m.e, m.b * q.x + m.d * q.y + m.f]; }""")
    page.mouse.click(x, y)  # a person clicks the line itself
    page.wait_for_url("**/id/partnership/china--russia.html")
    assert "ladder rank 10" in page.locator("#dyad").inner_text()
    assert page.locator("#dyad table.dyad tbody tr").count() >= 3  # partnership, relationship, rivalry
    page.screenshot(path=artefacts / "view-dyad.png", full_page=True)
    # -> its evidence -> the sentence of the document -> an entity the sentence gave
    page.locator("#evidence a.evidence").first.click()
    page.wait_for_url("**/id/evidence/**.html")
    page.locator("#evidence a.sentence").first.click()
    page.wait_for_url("**/id/document/*.html#s-*")
    sentence = page.locator(".sentence:target")
    assert sentence.count() == 1
    sentence.locator("table.facts a").first.click()
    page.wait_for_url("**/id/**.html")
    assert page.locator("h1").inner_text()


@pytest.fixture(scope="module")
def open_site(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A site ``seckg publish`` wrote of one openly licensed real text (the Wikipedia lead of the
    Senkaku Islands dispute, CC BY-SA, given its licence's IRI as web/screenshots.py does), so
    that its document page shows the annotated text: the corpus's own text is withheld."""
    from seckg.graph.build import build_corpus
    from seckg.web.publish import publish
    from seckg.web.screenshots import OPEN_TEXT, _with_licence_url

    assert OPEN_TEXT.is_file(), OPEN_TEXT
    tmp = tmp_path_factory.mktemp("open-site")
    texts = _with_licence_url(OPEN_TEXT, tmp / "texts").parent
    build_corpus(texts, tmp / "data", validate=False)
    result = publish(tmp / "data", tmp / "site")
    assert result.pages > 100 and not result.skipped
    return tmp / "site"


@pytest.mark.slow
def test_edge_evidence_annotated_sentence_entity_from_file(browser, open_site, artefacts):  # noqa: F811
    """On the published site opened from ``file://`` (its CSP, its relative links): a person
    clicks the line of a relation in China's network, lands on the relation's page, follows its
    evidence, follows the evidence to its sentence in the annotated text (highlighted, its words
    marked) and a name in that sentence to the entity's page. Every page: its heading, no console
    error, nothing loaded from outside the site's folder."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    site = open_site.as_uri()
    pg, problems, outside = watched_page(context, site + "/")
    try:
        pg.goto(site + "/id/state/china.html")
        assert pg.locator("h1").inner_text() == "China"
        # the edge: a click on the line of China and Japan's dispute itself, in the middle
        edge = pg.locator('#network g.edge.clash a[href$="dispute/senkaku-diaoyu-islands.html"] path').first
        edge.scroll_into_view_if_needed()
        x, y = edge.evaluate("""p => { const m = p.getScreenCTM(), q = p.getPointAtLength(p.getTotalLength() / 2);
                                      return [m.a * q.x + m.c * q.y + m.e, m.b * q.x + m.d * q.y + m.f]; }""")
        pg.mouse.click(x, y)
        pg.wait_for_url("**/id/dispute/senkaku-diaoyu-islands.html")
        assert pg.locator("h1").inner_text() == "Senkaku/Diaoyu Islands dispute"
        # -> its evidence
        pg.locator("#evidence a.evidence").first.click()
        pg.wait_for_url("**/id/evidence/01-senkaku-dispute-wikipedia/*.html")
        assert pg.locator("h1").inner_text()
        words = pg.locator("#evidence mark").first.inner_text()
        # -> the sentence in the annotated text, the target of the link, its evidence marked
        pg.locator("#evidence a.sentence").first.click()
        pg.wait_for_url("**/id/document/01-senkaku-dispute-wikipedia.html#s-*")
        assert pg.locator("h1").inner_text() == "Senkaku Islands dispute"
        sentence = pg.locator("#text.annotated .sentence:target")
        assert sentence.count() == 1
        assert " ".join(words.split()) in " ".join(sentence.inner_text().split())
        assert sentence.locator("mark.ev").count() >= 1
        background = sentence.evaluate("el => getComputedStyle(el).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # :target is highlighted
        assert "gave territorial dispute" in (sentence.get_attribute("title") or "")
        pg.screenshot(path=artefacts / "view-click-through-annotated-sentence.png")
        # -> a name in the sentence, to its entity
        sentence.locator('a.mention[href$="state/japan.html"]').first.click()
        pg.wait_for_url("**/id/state/japan.html")
        assert pg.locator("h1").inner_text() == "Japan"
        assert pg.locator("#network g.edge").count() >= 1
    finally:
        context.close()
    assert not problems, problems
    assert not outside, f"the pages loaded from outside the site: {outside}"


def test_a_state_page_fits_a_phone(browser, nginx_site, artefacts):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    try:
        pg.goto(f"http://{nginx_site}/id/state/china.html")
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 391, f"the page is {width} pixels wide on a 390-pixel screen"
        pg.screenshot(path=artefacts / "view-state-phone.png")
    finally:
        context.close()
    assert not problems, problems


@pytest.mark.parametrize(("path", "selector", "name"), [
    ("/network", "#network g.edge", "view-network"),
    ("/timeline", "#timeline li.year", "view-timeline"),
    ("/timeline?actor=state/china", "#timeline li.year", "view-timeline-china"),
    ("/dyad/china--russia", "#dyad table.dyad tbody tr", "view-dyad-serve"),
])
def test_the_views_of_serve(page, served, artefacts, path, selector, name):  # noqa: F811
    page.goto(served + path)
    assert page.locator(selector).count() >= 1
    if path == "/timeline":  # narrowed to one actor by a link
        page.locator("p.facets a", has_text="China").click()
        page.wait_for_url("**/timeline?actor=state/china")
        assert page.locator("h1").inner_text() == "Timeline of China"
    page.screenshot(path=artefacts / f"{name}.png", full_page=True)


def test_an_annotated_text_from_file(browser, tmp_path, artefacts):  # noqa: F811
    """The page of an openly licensed document, written as publish writes it, opened from
    ``file://``: the highlighted evidence, the linked mentions, what each sentence gave."""
    from importlib.resources import files

    from seckg.graph.iris import ID
    from seckg.web.publish import CSP, with_csp
    from seckg.web.render import SiteLinks, render_entity
    from seckg.web.views import build_view

    from .test_web_views import TEXT, _document_store

    view = build_view(_document_store(TEXT), ID + "document/d")
    html = render_entity(view, SiteLinks(path="id/document/d.html"))
    (tmp_path / "id/document").mkdir(parents=True)
    (tmp_path / "static").mkdir()
    (tmp_path / "static/seckg.css").write_bytes((files("seckg.web") / "static" / "seckg.css").read_bytes())
    (tmp_path / "id/document/d.html").write_bytes(with_csp(html.encode(), CSP))
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    outside: list[str] = []
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith(tmp_path.as_uri()) else None)
    try:
        pg.goto((tmp_path / "id/document/d.html").as_uri())
        assert pg.locator("h3.heading").inner_text() == "Tensions"
        assert pg.locator("#text a.mention").count() == 2
        mark = pg.locator("#text mark.ev").first
        assert mark.evaluate("el => getComputedStyle(el).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
        assert pg.locator("#s-1").get_attribute("title") == "Sentence 1 gave seckg:Protest: protest by Japan"
        assert "Sentence 2: nothing." in pg.locator("aside.gave").inner_text()
        pg.screenshot(path=artefacts / "view-annotated-text.png", full_page=True)
    finally:
        context.close()
    assert not problems, problems
    assert not outside, outside


def test_type_ahead_search_over_labels_and_variants(page, served, artefacts):  # noqa: F811
    page.goto(served + "/page/state/japan")
    page.fill("#seckg-search", "people's rep")  # a variant of China's, not its label
    results = page.locator("#seckg-search-results a")
    results.first.wait_for()
    assert "China" in results.all_inner_texts()
    page.screenshot(path=artefacts / "view-search.png")
    page.locator("#seckg-search-results a", has_text="China").first.click()
    page.wait_for_url("**/page/state/china")
    assert page.locator("h1").inner_text() == "China"


def test_the_sparql_editor_runs_a_query_on_this_server_only(page, served, artefacts):  # noqa: F811
    from seckg.web.vendor import vendored

    if not vendored("yasgui.min.js"):
        import os

        message = "YASGUI is not vendored (python -m seckg.web.vendor; make install does it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    page.goto(served + "/editor")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert "seckg:Partnership" in page.locator(".yasqe .CodeMirror").inner_text()
    page.locator(".yasqe_queryButton").click()
    page.wait_for_selector(".yasr table tbody tr")
    assert "comprehensive strategic partnership" in page.locator(".yasr table").inner_text()
    page.screenshot(path=artefacts / "view-editor.png", full_page=True)


def test_a_stored_query_completes_entity_labels_and_links_its_result(page, served):  # noqa: F811
    page.goto(served + "/")
    page.wait_for_selector("#stored-name option", state="attached")
    page.wait_for_function("Array.isArray(window.seckgSearch)")
    page.select_option("#stored-name", "relations-between")
    options = page.locator("#names-a option")
    values = options.evaluate_all("os => os.map(o => o.value)")
    assert "China" in values and "Xi Jinping" not in values  # states only, as the parameter says
    page.fill("#param-a", "China")
    page.fill("#param-b", "Russia")
    page.click("#run-stored")
    page.wait_for_selector("#result table.results tbody tr")
    href = page.locator("#permalink").get_attribute("href")
    assert href == "/queries/relations-between?a=China&b=Russia"
    page.locator("#permalink").click()
    page.wait_for_selector("table.results tbody tr")
    assert "China–Russia partnership" in page.locator("table.results").inner_text()


def test_a_site_with_search_runs_it_from_file(browser, tmp_path, artefacts):  # noqa: F811
    """A page written as ``seckg publish`` would write it with the search (web/siteviews.py),
    opened from ``file://`` under its strict CSP: the type-ahead finds an entity by a variant."""
    from importlib.resources import files

    from seckg.graph.iris import ID
    from seckg.web.publish import with_csp
    from seckg.web.render import SiteLinks, render_entity
    from seckg.web.siteviews import CSP_WITH_SCRIPTS, site_files
    from seckg.web.views import build_view

    from .test_web_views import _dyad_store

    store = _dyad_store()
    store.add(ox_quad(ID + "state/russia", "http://www.w3.org/2004/02/skos/core#altLabel", "Russian Federation"))
    for rel, data in site_files(store).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    (tmp_path / "static/seckg.css").write_bytes((files("seckg.web") / "static" / "seckg.css").read_bytes())
    for rel in ("state/china", "state/russia"):
        html = render_entity(build_view(store, ID + rel), SiteLinks(path=f"id/{rel}.html", search=True))
        (tmp_path / f"id/{rel}.html").parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f"id/{rel}.html").write_bytes(with_csp(html.encode(), CSP_WITH_SCRIPTS))
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    try:
        pg.goto((tmp_path / "id/state/china.html").as_uri())
        pg.fill("#seckg-search", "federation")
        pg.locator("#seckg-search-results a", has_text="Russia").click()
        pg.wait_for_url("**/id/state/russia.html")
        assert pg.locator("h1").inner_text() == "Russia"
    finally:
        context.close()
    assert not problems, problems


def _write_site(tmp_path, store) -> None:  # type: ignore[no-untyped-def]
    """The front page and China's page of ``store`` as ``seckg publish`` writes them (with the
    site's scripts and CSP_WITH_SCRIPTS), in ``tmp_path``."""
    from importlib.resources import files

    from seckg.graph.iris import ID
    from seckg.web.publish import with_csp
    from seckg.web.render import SiteLinks, render_entity, render_index
    from seckg.web.siteviews import CSP_WITH_SCRIPTS, front_page_network, site_files
    from seckg.web.views import build_view

    for rel, data in site_files(store).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    (tmp_path / "static/seckg.css").write_bytes((files("seckg.web") / "static" / "seckg.css").read_bytes())
    pages = {"id/state/china.html": render_entity(build_view(store, ID + "state/china"),
                                                  SiteLinks(path="id/state/china.html", search=True)),
             "index.html": render_index(SiteLinks(path="index.html", search=True), title="t", description="d",
                                        groups=[], class_labels={}, dumps=[], counts={"pages": 1}, endpoint=None,
                                        **front_page_network(store))}
    for rel, html in pages.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(with_csp(html.encode(), CSP_WITH_SCRIPTS))


def _shown(pg, scope: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The relations (their IRIs' kind segment) whose lines show in ``scope``'s network."""
    return sorted(pg.locator(f"{scope} g.edge").evaluate_all(
        "gs => gs.filter(g => getComputedStyle(g).display !== 'none')"
        ".map(g => g.querySelector('a').getAttribute('href').split('/').slice(-2)[0])"))


@pytest.mark.parametrize("rel", ["index.html", "id/state/china.html"])
def test_the_network_filters_by_document_and_period_from_file(browser, tmp_path, artefacts, rel):  # noqa: F811
    """The front page's network and a state's neighbourhood, from ``file://`` under the site's CSP
    (script-src 'self'): each filter (document, from, to, and kind beside them) changes the lines
    shown; the count says how many."""
    from .test_web_views import _two_documents_store

    _write_site(tmp_path, _two_documents_store())
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg, problems, outside = watched_page(context, tmp_path.as_uri())
    try:
        pg.goto((tmp_path / rel).as_uri())
        more = pg.locator("#network .filters.more")
        assert more.is_visible()  # network.js ran: the selects are shown
        everything = ["dispute", "partnership", "rivalry"]
        assert _shown(pg, "#network") == everything
        pg.select_option("#network select.nf-doc", "document/a")
        assert _shown(pg, "#network") == ["partnership"]
        assert more.locator("output").inner_text() == "1 of 3 lines"
        pg.select_option("#network select.nf-doc", "document/b")
        assert _shown(pg, "#network") == ["dispute", "rivalry"]
        pg.locator("#network input.nf-clash").uncheck()  # the CSS filters still apply beside them
        assert _shown(pg, "#network") == [] and more.locator("output").inner_text() == "0 of 3 lines"
        pg.locator("#network input.nf-clash").check()
        pg.select_option("#network select.nf-doc", "")
        pg.select_option("#network select.nf-from", "2014")
        assert _shown(pg, "#network") == ["partnership", "rivalry"]  # the dispute is of 2012
        pg.select_option("#network select.nf-to", "2014")
        assert _shown(pg, "#network") == ["partnership"]
        pg.select_option("#network select.nf-from", "")
        assert _shown(pg, "#network") == ["dispute", "partnership"]
        pg.select_option("#network select.nf-to", "")
        assert _shown(pg, "#network") == everything and more.locator("output").inner_text() == ""
        pg.select_option("#network select.nf-to", "2012")
        pg.screenshot(path=artefacts / f"view-network-filters-{rel.replace('/', '-')}.png", full_page=True)
    finally:
        context.close()
    assert not problems, problems
    assert not outside, outside


def test_search_facets_by_type_document_and_period_from_file(browser, tmp_path, artefacts):  # noqa: F811
    from .test_web_views import _two_documents_store

    _write_site(tmp_path, _two_documents_store())
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg, problems, outside = watched_page(context, tmp_path.as_uri())

    def found() -> list[str]:
        return pg.locator("#seckg-search-results a").all_inner_texts()

    try:
        pg.goto((tmp_path / "id/state/china.html").as_uri())
        results = pg.locator("#seckg-search-results")
        assert results.is_hidden()
        pg.select_option("select.facet-type", "state")
        assert found() == ["China", "Japan", "Russia"]  # a facet alone lists its entities
        pg.select_option("select.facet-document", label="Report A")
        assert found() == ["China", "Russia"]
        pg.select_option("select.facet-document", "")
        pg.select_option("select.facet-period", "2014")
        assert found() == ["China", "Russia"]  # Japan is named only in 2021's review
        pg.select_option("select.facet-type", "")
        pg.select_option("select.facet-period", "2012")
        assert found() == ["Dispute of 2"]  # the dispute is dated 2012 itself
        pg.select_option("select.facet-period", "")
        pg.select_option("select.facet-type", "state")
        pg.fill("#seckg-search", "ja")  # a name and a facet together
        assert found() == ["Japan"]
        pg.select_option("select.facet-document", label="Report A")
        assert found() == [] and results.inner_text() == "No entity matches."
        pg.fill("#seckg-search", "")
        pg.screenshot(path=artefacts / "view-search-facets.png")
        assert pg.locator("#seckg-search-results a", has_text="Russia").get_attribute("href") == "../../id/state/russia.html"
    finally:
        context.close()
    assert not problems, problems
    assert not outside, outside


def test_the_published_and_served_networks_filter_by_period(page, nginx_site, served):  # noqa: F811
    """On the published site (nginx, its CSP) and on seckg serve: the filters' script runs and a
    period narrows the lines."""
    for url in (f"http://{nginx_site}/id/state/china.html", served + "/network", f"http://{nginx_site}/index.html"):
        page.goto(url)
        more = page.locator("#network .filters.more")
        assert more.is_visible(), url
        before = len(_shown(page, "#network"))
        page.select_option("#network select.nf-to", "2018")
        after = len(_shown(page, "#network"))
        assert 0 < after < before, (url, before, after)
        assert more.locator("output").inner_text() == f"{after} of {before} lines"
        assert page.locator("#network select.nf-doc option").count() >= 2  # all, and the corpus's document


def ox_quad(s: str, p: str, o: str):  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.Literal(o, language="en"))


def test_the_readme_pictures_are_there_and_small():
    """docs/img holds each picture python -m seckg.web.screenshots makes (found, and small)."""
    from pathlib import Path

    from seckg.web.screenshots import SHOTS

    folder = Path(__file__).resolve().parent.parent / "docs" / "img"
    found = {p.name: p.stat().st_size for p in folder.glob("*.png")}
    assert set(SHOTS) <= set(found), sorted(set(SHOTS) - set(found))
    assert all(found[name] < 300_000 for name in SHOTS), found
