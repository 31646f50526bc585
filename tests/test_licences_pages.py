"""A text whose licence does not allow redistribution is not on its pages either: the document
page (``seckg publish`` and ``seckg serve``) shows its metadata, its rights and every quote taken
from it, with the facts each supports, but not the text; its twins and ``/data/`` documents have
no ``seckg:text``. An openly licensed text keeps its text."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import rdflib

from seckg.graph.iris import ID

from .conftest import CORPUS_TEXT

SECKG_TEXT = rdflib.URIRef("https://w3id.org/seckg/ontology#text")
OA_EXACT = rdflib.URIRef("http://www.w3.org/ns/oa#exact")
DOC = ID + "document/security-partnerships-2020"
REAL = Path(__file__).parent / "real"
OPEN_DOC = "01-senkaku-dispute-wikipedia"


def _plain(page: str) -> str:
    """The words of a page, without markup, spaces collapsed (inline elements, such as the links
    and highlights of an annotated text, join their words; other tags part them)."""
    page = re.sub(r"</?(?:a|mark|span|small|code|em|strong|abbr)\b[^>]*>", "", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _without_text(page: str, text: str) -> None:
    """Not one paragraph of the text, and not a tenth of its sentences (a quote may be a whole
    sentence), are on the page."""
    assert '<span class="sentence"' not in page
    plain = _plain(page)
    paragraphs = [line.strip() for line in text.splitlines() if len(line.strip()) > 200]
    assert len(paragraphs) > 5 and not [p for p in paragraphs if re.sub(r"\s+", " ", p) in plain]
    sentences = [re.sub(r"\s+", " ", s) for s in re.split(r"(?<=[.?!])\s+", text) if len(s) > 40]
    assert len(sentences) > 20 and sum(s in plain for s in sentences) < len(sentences) / 10


def test_a_withheld_document_page_cites_but_does_not_reproduce(published):
    page = (published / "id/document/security-partnerships-2020.html").read_text(encoding="utf-8")
    _without_text(page, CORPUS_TEXT.read_text(encoding="utf-8"))
    # metadata, rights statement, the quotes with their facts and links to their evidence
    assert "does not allow redistribution" in page and "copyrighted journal article" in page
    assert page.count("<mark>") > 50
    assert re.search(r'<a class="evidence" href="\.\./evidence/security-partnerships-2020/\d+-\d+\.html">', page)
    assert '<table class="facts">' in page and 'href="../state/china.html"' in page
    assert re.search(r'<div class="sentence" id="s-\d+">\n<h3>Sentence \d+</h3>', page)


@pytest.mark.parametrize("ext, fmt", [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_a_withheld_documents_twins_have_no_text(published, ext, fmt):
    graph = rdflib.Graph().parse(published / f"id/document/security-partnerships-2020.{ext}", format=fmt)
    doc = rdflib.URIRef(DOC)
    assert not list(graph.triples((None, SECKG_TEXT, None)))
    assert list(graph.triples((doc, rdflib.URIRef("http://purl.org/dc/terms/rights"), None)))
    assert len(list(graph.triples((None, OA_EXACT, None)))) > 50  # the quotes stay, as citations


def test_publish_says_once_that_the_text_was_left_out(published):
    """Each dump and the description leave the text out; the warning is given once."""
    log = (published.parent / "publish.log").read_text(encoding="utf-8")
    assert log.count("left out the full text (seckg:text) of 1 document(s)") == 1, log


def test_links_to_a_sentence_land_on_the_withheld_page(published):
    """An evidence page links to 'sentence n' of its document: the anchor is there."""
    evidence = sorted((published / "id/evidence/security-partnerships-2020").glob("*.html"))[0]
    page = evidence.read_text(encoding="utf-8")
    href = re.search(r'<a class="sentence" href="([^"]+)">', page).group(1)  # type: ignore[union-attr]
    path, _, fragment = href.partition("#")
    document = (evidence.parent / path).resolve().read_text(encoding="utf-8")
    assert f'id="{fragment}"' in document


@pytest.fixture(scope="module")
def open_built(tmp_path_factory) -> Path:
    """One openly licensed real text (its licence URL added), built."""
    from seckg.graph.build import build_corpus

    corpus = tmp_path_factory.mktemp("open-corpus")
    shutil.copy(REAL / f"{OPEN_DOC}.txt", corpus / f"{OPEN_DOC}.txt")
    meta = (REAL / f"{OPEN_DOC}.yaml").read_text(encoding="utf-8")
    (corpus / f"{OPEN_DOC}.yaml").write_text(
        meta + "licence_url: https://creativecommons.org/licenses/by-sa/4.0/\n", encoding="utf-8")
    data = tmp_path_factory.mktemp("open-built")
    build_corpus(corpus, data)
    return data


def test_an_openly_licensed_document_keeps_its_text(open_built, tmp_path):
    from seckg.web.publish import publish

    site = tmp_path / "site"
    publish(open_built, site)
    page = (site / f"id/document/{OPEN_DOC}.html").read_text(encoding="utf-8")
    text = (REAL / f"{OPEN_DOC}.txt").read_text(encoding="utf-8")
    assert re.search(r'<span class="sentence[^"]*" id="s-0"', page) and "does not allow redistribution" not in page
    plain = _plain(page)
    lines = [line.strip() for line in text.splitlines() if len(line.strip()) > 60 and not line.startswith("#")]
    assert lines and all(re.sub(r"\s+", " ", line) in plain for line in lines)
    graph = rdflib.Graph().parse(site / f"id/document/{OPEN_DOC}.ttl", format="turtle")
    assert list(graph.triples((rdflib.URIRef(ID + f"document/{OPEN_DOC}"), SECKG_TEXT, None)))


def test_serve_pages_and_data_leave_the_text_out(built):
    from .test_serve import Running

    running = Running(built, timeout=10)
    try:
        status, _, body = running.get("/page/document/security-partnerships-2020", "text/html")
        assert status == 200
        page = body.decode("utf-8")
        _without_text(page, CORPUS_TEXT.read_text(encoding="utf-8"))
        assert "does not allow redistribution" in page and page.count("<mark>") > 50
        assert re.search(r'<a class="evidence" href="/id/evidence/security-partnerships-2020/\d+-\d+"', page)
        for ext, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")):
            status, _, body = running.get(f"/data/document/security-partnerships-2020.{ext}")
            assert status == 200
            graph = rdflib.Graph().parse(data=body.decode("utf-8"), format=fmt)
            assert not list(graph.triples((None, SECKG_TEXT, None)))
            assert list(graph.triples((None, OA_EXACT, None)))
    finally:
        running.stop()


def test_serve_help_says_what_the_endpoint_publishes():
    from click.testing import CliRunner

    from seckg.cli.main import cli

    result = CliRunner().invoke(cli, ["serve", "--help"], terminal_width=100)
    assert "0.0.0.0" in result.output and "redistribution" in result.output
