"""Document kinds: the genre from the metadata or from cues, the document's class, and who
asserts its unquoted words (graph/genre.py, graph/rdf.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import PROV, RDF, RDFS, Literal, URIRef

from seckg.errors import InputError
from seckg.graph.documents import read_document
from seckg.graph.genre import GENRES, document_genre, publisher_name
from seckg.graph.iris import document_iri, entity_iri
from seckg.graph.model import Document
from seckg.graph.rdf import extraction_quads
from seckg.ontology.terms import SECKG

from .conftest import CORPUS_TEXT, ROOT

REAL = ROOT / "tests" / "real"
SHARED = ROOT.parent / "shared" / "corpus" / "real-texts"


def _metadata() -> list[Path]:
    found = sorted(p for p in REAL.glob("*.yaml") if not p.name.endswith(".gold.yaml"))
    assert len(found) >= 10
    return found


def _text_of(meta_path: Path) -> str | None:
    for folder in (REAL, SHARED):
        p = folder / (meta_path.stem + ".txt")
        if p.exists():
            return p.read_text(encoding="utf-8")
    return None


REAL_META = _metadata()


@pytest.mark.parametrize("meta_path", REAL_META, ids=lambda p: p.stem[:24])
def test_the_genre_of_a_real_text_from_its_metadata_and_from_cues(meta_path: Path):
    text = _text_of(meta_path)
    if text is None:
        pytest.skip("the text is kept in ../shared only")
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    genre = meta["genre"]
    assert genre in GENRES
    assert document_genre(Document(id="x", text=text, meta=meta)) == genre
    del meta["genre"]
    assert document_genre(Document(id="x", text=text, meta=meta)) == genre


@pytest.mark.parametrize(("text", "meta", "genre"), [
    ("PRESS RELEASE\nThe Hague, 12 July 2016\n\nThe Tribunal renders its award.", {}, "press-release"),
    ("The ministry said so.", {"title": "Press release on the visit"}, "press-release"),
    ("June 5, 2019, The Kremlin\n\nPresident of Russia Vladimir Putin: Colleagues, friends.\n\n"
     "We met.\n\nPresident Xi Jinping (retranslated): Thank you.", {}, "transcript"),
    ("The two sides agreed.", {"title": "China-Russia Joint Statement on the New Era"}, "joint-statement"),
    ("The Court finds.", {"title": "Judgment of 20 April 2010 (Pulp Mills)"}, "court-decision"),
    ("The Quad is a grouping.", {"source": "https://en.wikipedia.org/wiki/Quad"}, "encyclopedia-article"),
    ("# source: https://en.wikipedia.org/wiki/Quad\n# title: Quad (Wikipedia)\n\nThe Quad is.", {},
     "encyclopedia-article"),
    ("This article argues that the nexus matters.", {}, "scholarly-article"),
    ("The nexus matters.", {"journal": "International Affairs"}, "scholarly-article"),
    ("Since 2015 relations have been stable.", {"title": "China's Policies (white paper)"}, "white-paper"),
    ("Since 2015 relations have been stable.",
     {"publisher": "State Council Information Office of the People's Republic of China"}, "white-paper"),
    ("The year 2015 was historic.", {"publisher": "National Institute for Defense Studies, Japan"},
     "research-report"),
    ("China and Russia are partners.", {}, "scholarly-article"),
])
def test_the_genre_from_cues(text: str, meta: dict[str, object], genre: str):
    assert document_genre(Document(id="x", text=text, meta=meta)) == genre


def test_a_colon_in_prose_is_no_speaker_turn():
    text = "The reasons are three: trust, trade and security.\n\nNote: figures of 2019.\n\nSource: MoFA."
    assert document_genre(Document(id="x", text=text)) == "scholarly-article"


def test_an_unknown_genre_names_the_metadata_file(tmp_path: Path):
    (tmp_path / "a.txt").write_text("China and Russia.", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("title: A\ngenre: blog-post\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.yaml: unknown genre 'blog-post'; use one of: news-report"):
        read_document(tmp_path / "a.txt")


def test_the_publisher_loses_its_note_in_parentheses():
    doc = Document(id="x", text="", meta={"publisher": "Permanent Court of Arbitration (press release, reposted)"})
    assert publisher_name(doc) == "Permanent Court of Arbitration"


def _doc_quads(extractor, folder: Path, text: str, meta: dict[str, object]):
    (folder / "t.txt").write_text(text, encoding="utf-8")
    (folder / "t.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    ex = extractor.extract(read_document(folder / "t.txt"))
    quads = extraction_quads(ex)
    d = document_iri(ex.document.id)
    types = {o for s, p, o, g in quads if s == d and p == RDF.type}
    evidence = {s for s, p, o, g in quads if p == RDF.type and o == SECKG.Evidence}
    assert evidence, "the text must give at least one fact"
    attributed = {ev: {o for s, p, o, g in quads if s == ev and p == PROV.wasAttributedTo} for ev in evidence}
    return quads, types, attributed


PRESS = "PRESS RELEASE\n\nThe Hague, 12 July 2016\n\nChina’s comprehensive strategic partnership with Russia was upgraded in 2019.\n"


def test_a_press_release_is_typed_and_its_words_are_the_publishers(extractor, tmp_path: Path):
    quads, types, attributed = _doc_quads(
        extractor, tmp_path, PRESS, {"title": "Award", "publisher": "Permanent Court of Arbitration (reposted)"})
    assert types == {SECKG.PressRelease}
    pca = URIRef(entity_iri("organisation", "Permanent Court of Arbitration"))
    assert all(who == {pca} for who in attributed.values())
    assert (pca, RDF.type, SECKG.Organisation, None) in quads
    assert (pca, RDFS.label, Literal("Permanent Court of Arbitration", lang="en"), None) in quads
    assert (document_iri("t"), SECKG.issuedBy, pca, None) in quads


@pytest.mark.parametrize("genre", ["transcript", "white-paper", "joint-statement", "court-decision",
                                   "research-report"])
def test_other_documents_an_organisation_issues_are_attributed_to_it(extractor, tmp_path: Path, genre: str):
    text = "China’s comprehensive strategic partnership with Russia was upgraded in 2019.\n"
    _, types, attributed = _doc_quads(extractor, tmp_path, text, {"genre": genre, "publisher": "Ministry of Truth"})
    assert types == {SECKG[GENRES[genre]]}
    assert all(who == {URIRef(entity_iri("organisation", "Ministry of Truth"))} for who in attributed.values())


def test_named_authors_assert_the_words_whatever_the_genre(extractor, tmp_path: Path):
    _, types, attributed = _doc_quads(
        extractor, tmp_path, PRESS, {"authors": ["Ann Smith"], "publisher": "Ministry of Truth"})
    assert types == {SECKG.PressRelease}
    assert all(who == {URIRef(entity_iri("person", "Ann Smith"))} for who in attributed.values())


@pytest.mark.parametrize("genre", ["news-report", "encyclopedia-article"])
def test_a_news_report_or_encyclopedia_without_authors_names_no_asserter(extractor, tmp_path: Path, genre: str):
    text = "China’s comprehensive strategic partnership with Russia was upgraded in 2019.\n"
    quads, types, attributed = _doc_quads(extractor, tmp_path, text, {"genre": genre, "publisher": "Wikipedia"})
    assert types == {SECKG[GENRES[genre]]}
    assert all(not who for who in attributed.values())
    assert (document_iri("t"), SECKG.issuedBy, URIRef(entity_iri("organisation", "Wikipedia")), None) in quads


def test_the_corpus_stays_a_scholarly_article_attributed_to_its_two_authors(corpus_extraction):
    quads = extraction_quads(corpus_extraction)
    d = document_iri(corpus_extraction.document.id)
    assert {o for s, p, o, g in quads if s == d and p == RDF.type} == {SECKG.ScholarlyArticle}
    authors = {URIRef(entity_iri("person", n)) for n in ("Rosemary Foot", "Amy King")}
    evidence = {s for s, p, o, g in quads if p == RDF.type and o == SECKG.Evidence}
    assert len(evidence) > 50
    for ev in evidence:
        assert {o for s, p, o, g in quads if s == ev and p == PROV.wasAttributedTo} == authors
    assert CORPUS_TEXT.exists()
