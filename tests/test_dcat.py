"""DCAT and licences: ``seckg export --void`` conforms to the DCAT-AP 3.0 shapes (shipped as
test data: tests/data/dcat/), and the full text of a document whose licence does not allow
redistribution stays in the store (the provenance check needs it) but not in exports or
published dumps, which say so; the dataset's rights statement covers only what it holds."""

from __future__ import annotations

import logging
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import DCTERMS, RDF, Graph, Namespace, URIRef

from seckg.graph.export import OPEN_LICENCES, export_quads, void_description, withheld_texts
from seckg.graph.store import open_store

SHAPES = Path(__file__).parent / "data" / "dcat" / "dcat-ap-3.0-shapes.ttl"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
TEXT = ox.NamedNode("https://w3id.org/seckg/ontology#text")
DOC = "https://w3id.org/seckg/id/document/security-partnerships-2020"


def _conforms(graph: Graph) -> tuple[bool, str]:
    from pyshacl import validate

    shapes = Graph().parse(SHAPES, format="turtle")
    assert len(shapes) > 50
    conforms, _, text = validate(graph, shacl_graph=shapes, inference="none", allow_warnings=False)
    return bool(conforms), str(text)


@pytest.mark.parametrize("endpoint", [None, "https://example.org/sparql"])
def test_void_conforms_to_dcat_ap(built, endpoint, monkeypatch):
    monkeypatch.setenv("SECKG_CONTACT", "kg@example.org")
    g = void_description(built, endpoint)
    conforms, report = _conforms(g)
    assert conforms, report
    (ds,) = list(g.subjects(RDF.type, DCAT.Dataset))
    assert g.value(ds, DCTERMS.created) is None
    assert g.value(ds, DCTERMS.publisher) is not None and g.value(ds, DCAT.contactPoint) is not None
    services = list(g.subjects(RDF.type, DCAT.DataService))
    assert len(services) == (1 if endpoint else 0)
    if endpoint:
        assert g.value(services[0], DCAT.endpointURL) == URIRef(endpoint)
    for dist in g.objects(ds, DCAT.distribution):
        assert g.value(dist, DCAT.accessURL) is not None


def test_the_shapes_catch_what_the_old_description_lacked(built):
    g = void_description(built)
    (ds,) = list(g.subjects(RDF.type, DCAT.Dataset))
    for dist in list(g.objects(ds, DCAT.distribution)):
        g.remove((dist, DCAT.accessURL, None))
    g.remove((None, RDF.type, DCTERMS.LicenseDocument))
    g.add((ds, DCTERMS.created, URIRef("urn:x")))
    conforms, report = _conforms(g)
    assert not conforms and "accessURL" in report and "LicenseDocument" in report and "created" in report


def test_a_text_that_may_not_be_redistributed_is_left_out_and_said_so(built, caplog):
    store = open_store(built, read_only=True)
    assert withheld_texts(store) == [DOC]  # the bundled excerpt: copyrighted, no open licence
    assert any(store.quads_for_pattern(ox.NamedNode(DOC), TEXT, None))  # the store keeps it
    with caplog.at_level(logging.WARNING, logger="seckg"):
        quads = export_quads(store, "all")
    assert not [q for q in quads if q.predicate == TEXT]
    assert "left out the full text" in caplog.text and DOC in caplog.text
    quotes = [q for q in quads if q.predicate.value == "http://www.w3.org/ns/oa#exact"]
    assert quotes  # the quotes stay, as citations
    assert [q for q in export_quads(store, "all", texts=True) if q.predicate == TEXT]
    (rights,) = void_description(built).subjects(RDF.type, DCTERMS.RightsStatement)
    label = str(void_description(built).value(rights, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert "1 document(s) are not part of the exports" in label


def test_an_openly_licensed_text_is_exported():
    store = ox.Store()
    doc = ox.NamedNode("https://w3id.org/seckg/id/document/open")
    store.add(ox.Quad(doc, TEXT, ox.Literal("Open words."), ox.DefaultGraph()))
    store.add(ox.Quad(doc, ox.NamedNode(str(DCTERMS.license)),
                      ox.NamedNode("https://creativecommons.org/licenses/by-sa/4.0/"), ox.DefaultGraph()))
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in OPEN_LICENCES
    assert withheld_texts(store) == []
    assert [q for q in export_quads(store, "data") if q.predicate == TEXT]


def test_the_licence_comes_from_the_metadata(tmp_path, extractor):
    from seckg.graph.build import extract_file

    (tmp_path / "t.txt").write_text("China and Russia signed a treaty in 2001.\n", encoding="utf-8")
    (tmp_path / "t.yaml").write_text("id: t\ntitle: T\nlicence: CC BY 4.0\n"
                                     "licence_url: https://creativecommons.org/licenses/by/4.0/\n", encoding="utf-8")
    from seckg.graph.rdf import extraction_quads

    quads = extraction_quads(extract_file(tmp_path / "t.txt", extractor))
    assert (URIRef("https://w3id.org/seckg/id/document/t"), DCTERMS.license,
            URIRef("https://creativecommons.org/licenses/by/4.0/")) in {(s, p, o) for s, p, o, _ in quads}


def test_the_warning_names_a_few_withheld_texts_not_thousands(monkeypatch, caplog):
    import seckg.graph.export as export

    docs = [f"https://w3id.org/seckg/id/document/d{i}" for i in range(5)]
    monkeypatch.setattr(export, "withheld_texts", lambda _store: docs)
    with caplog.at_level(logging.WARNING, logger="seckg"):
        assert len(export._withheld_nodes(ox.Store(), "data", None)) == 5
    [record] = [r for r in caplog.records if "left out the full text" in r.getMessage()]
    message = record.getMessage()
    assert "of 5 document(s)" in message and "d0, " in message and "and 2 more" in message
    assert docs[3] not in message and "\n" not in message
