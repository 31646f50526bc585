"""Incremental validation (issue 15): after quads are added or removed, the data shapes validate
again only the focus nodes the change can reach, and the findings are those of a full validation
of the changed store: for a document added, a document removed, and changes that make and mend
findings two steps away from the node they are found on (a capital that is no longer a city)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from seckg.graph.validate import ValidationResult, affected_focus_nodes, read_depth, validate_store
from seckg.ontology import load_shapes
from seckg.ontology.check import shacl_engine

ID = "https://w3id.org/seckg/id/"
SECKG = "https://w3id.org/seckg/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.fixture(scope="module")
def corpus(built: Path) -> list[ox.Quad]:
    return list(ox.Store.read_only(str(built / "store")))


def _store(quads: list[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(quads)
    return store


def _document(quads: list[ox.Quad]) -> list[ox.Quad]:
    """One document's evidence graphs, and the default graph's links to their evidence."""
    graphs = sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)
                     and q.graph_name.value.startswith(ID + "evidence/")})
    assert graphs, "no evidence graph in the corpus"
    doc = graphs[0][len(ID + "evidence/"):].split("/")[0]
    mine = {g for g in graphs if g.startswith(f"{ID}evidence/{doc}/")}
    return [q for q in quads if (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in mine)
            or (isinstance(q.graph_name, ox.DefaultGraph) and isinstance(q.object, ox.NamedNode)
                and q.object.value in mine)]


def _same(incremental: ValidationResult, full: ValidationResult) -> None:
    assert incremental.revalidated is not None, "the validation was not incremental"
    assert sorted(incremental.findings, key=repr) == sorted(full.findings, key=repr)


def test_the_data_shapes_read_three_steps_ahead() -> None:
    assert read_depth(load_shapes("data")) == 3


@pytest.mark.parametrize("engine", ["auto", "pyshacl"])
def test_a_document_added_then_removed(corpus: list[ox.Quad], engine: str) -> None:
    change = _document(corpus)
    gone = set(change)
    without = [q for q in corpus if q not in gone]
    with shacl_engine(engine):
        before = validate_store(_store(without))
        after_store = _store(corpus)
        added = validate_store(after_store, previous=before, added=change)
        full = validate_store(after_store)
        _same(added, full)
        assert added.revalidated < len({q.subject for q in corpus})  # bounded: not every node again
        removed = validate_store(_store(without), previous=full, removed=change)
        _same(removed, before)


def test_findings_made_and_mended_two_steps_away(corpus: list[ox.Quad]) -> None:
    store = _store(corpus)
    (capital,) = [q for q in store.quads_for_pattern(ox.NamedNode(ID + "state/china"),
                                                     ox.NamedNode(SECKG + "capital"), None, None)][:1]
    city_type = [q for q in store.quads_for_pattern(capital.object, RDF_TYPE, None, None)]
    assert city_type
    bad_code = ox.Quad(ox.NamedNode(ID + "state/china"), ox.NamedNode(SECKG + "isoAlpha2"), ox.Literal("cn"),
                       ox.NamedNode(ID + "evidence/test/0-1"))
    before = validate_store(store)
    for q in city_type:
        store.remove(q)
    store.add(bad_code)
    broken = validate_store(store, previous=before, added=[bad_code], removed=city_type)
    _same(broken, validate_store(store))
    assert {f.focus for f in broken.findings} - {f.focus for f in before.findings} >= {ID + "state/china"}
    for q in city_type:
        store.add(q)
    store.remove(bad_code)
    mended = validate_store(store, previous=broken, added=city_type, removed=[bad_code])
    _same(mended, before)


def test_a_change_to_the_ontology_validates_everything(corpus: list[ox.Quad]) -> None:
    store = _store(corpus)
    q = ox.Quad(ox.NamedNode(SECKG + "X"), RDF_TYPE, ox.NamedNode("http://www.w3.org/2002/07/owl#Class"),
                ox.NamedNode("https://w3id.org/seckg/graph/ontology"))
    assert affected_focus_nodes(store, [q], []) is None
    result = validate_store(store, previous=validate_store(store), added=[q])
    assert result.revalidated is None
