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


def test_a_nested_finding_goes_with_its_top_level_result(corpus: list[ox.Quad]) -> None:
    """A date that is not a date gives a result on the relationship with a nested result on the
    date itself (sh:node dsh:DateValue); when the relationship loses the date, both go, though
    nothing changed about the date's own triples (there are none)."""
    store = _store(corpus)
    (rel,) = [q.subject for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(SECKG + "Partnership"), None)
              if isinstance(q.subject, ox.NamedNode)][:1]
    bad = ox.Quad(rel, ox.NamedNode(SECKG + "since"), ox.Literal("20x8"), ox.NamedNode(ID + "evidence/test/0-1"))
    clean = validate_store(store)
    store.add(bad)
    broken = validate_store(store, previous=clean, added=[bad])
    _same(broken, validate_store(store))
    assert "20x8" in {f.focus for f in broken.findings}  # the nested result, on the literal
    assert broken.shape_owners[[f.focus for f in broken.shape_findings].index("20x8")] == rel.value
    store.remove(bad)
    mended = validate_store(store, previous=broken, removed=[bad])
    _same(mended, clean)


def test_provenance_is_checked_again_where_the_change_reaches(corpus: list[ox.Quad]) -> None:
    """A quote moved off its offsets, then put back: the provenance finding comes and goes with
    an incremental validation as with a full one."""
    store = _store(corpus)
    (row,) = list(store.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?p ?s WHERE { ?p a oa:TextPositionSelector ; oa:start ?s } ORDER BY ?p LIMIT 1"""))
    start = ox.NamedNode("http://www.w3.org/ns/oa#start")
    old = next(iter(store.quads_for_pattern(row["p"], start, row["s"], None)))
    moved = ox.Quad(old.subject, start, ox.Literal(str(int(row["s"].value) + 1), datatype=row["s"].datatype),
                    old.graph_name)
    clean = validate_store(store)
    store.remove(old)
    store.add(moved)
    broken = validate_store(store, previous=clean, added=[moved], removed=[old])
    _same(broken, validate_store(store))
    assert [f.layer for f in broken.provenance_findings] == ["provenance"]
    store.remove(moved)
    store.add(old)
    _same(validate_store(store, previous=broken, added=[old], removed=[moved]), clean)


def test_a_stored_validation_reads_back_and_is_not_reused_by_other_shapes(
        corpus: list[ox.Quad], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    import seckg.graph.validate as validate
    from seckg.errors import StoreError

    store = _store(corpus)
    rel = next(q.subject for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(SECKG + "Partnership"), None))
    store.add(ox.Quad(rel, ox.NamedNode(SECKG + "since"), ox.Literal("20x8"), ox.NamedNode(ID + "evidence/test/0-1")))
    result = validate_store(store)
    assert result.findings
    path = tmp_path / "validation.json"
    path.write_text(json.dumps(result.to_json()), encoding="utf-8")
    back = ValidationResult.read(path)
    assert back is not None
    assert (back.findings, back.shape_findings, back.shape_owners, back.engine) == \
           (result.findings, result.shape_findings, result.shape_owners, result.engine)
    assert ValidationResult.read(tmp_path / "none.json") is None
    monkeypatch.setattr(validate, "_FINGERPRINT", "other shapes")
    assert ValidationResult.read(path) is None
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(StoreError, match="validation.json"):
        ValidationResult.read(path)


# -- seckg ingest: validated incrementally from the validation the build stored -----------------------

def _ingest_and_compare(data: Path, text: Path, *, incremental: bool) -> ValidationResult:
    from seckg.graph.build import ingest_files
    from seckg.graph.store import open_store, verify_data_dir

    summary = ingest_files([text], data, jobs=1)
    v = summary.validation
    assert isinstance(v, ValidationResult)
    assert (v.revalidated is not None) == incremental
    full = validate_store(open_store(data, read_only=True))
    assert sorted(v.findings, key=repr) == sorted(full.findings, key=repr)
    assert v.findings == full.findings  # in the same order too
    manifest = verify_data_dir(data)  # the stored validation is the one the manifest names
    assert "validation" in manifest
    stored = ValidationResult.read(data / "current" / "validation.json")
    assert stored is not None and stored.findings == v.findings
    return v


def _spoil(data: Path) -> None:
    """Findings in the built graph, validated in full and stored as a build would: a date that is
    not one on the alliance the genre text states (a finding once the text types the alliance)
    and on a partnership it does not touch, a state's code in lower case."""
    import json

    from seckg.graph.store import open_store

    store = open_store(data)
    rel = ox.NamedNode(ID + "partnership/china--russia")
    ev = ox.NamedNode(ID + "evidence/test/0-1")
    store.add(ox.Quad(ox.NamedNode(ID + "alliance/philippines--united-states"), ox.NamedNode(SECKG + "since"),
                      ox.Literal("19x1"), ev))
    store.add(ox.Quad(rel, ox.NamedNode(SECKG + "since"), ox.Literal("20x8"), ev))
    store.add(ox.Quad(ox.NamedNode(ID + "state/philippines"), ox.NamedNode(SECKG + "isoAlpha2"), ox.Literal("ph"), ev))
    store.flush()
    result = validate_store(store)
    assert not result.conforms
    (data / "current" / "validation.json").write_text(json.dumps(result.to_json()), encoding="utf-8")
    del store


def test_ingest_validates_incrementally_with_a_full_validation_s_findings(built: Path, tmp_path: Path) -> None:
    import shutil

    from click.testing import CliRunner

    from seckg.cli.main import cli

    from .conftest import GENRE

    data = tmp_path / "data"
    shutil.copytree(built, data, symlinks=True)
    assert (data / "current" / "validation.json").is_file()  # the build stored its validation
    _spoil(data)
    text = tmp_path / "us-philippines-alliance.txt"
    shutil.copy(GENRE / "us-philippines-alliance.txt", text)
    shutil.copy(GENRE / "us-philippines-alliance.yaml", tmp_path / "us-philippines-alliance.yaml")
    first = _ingest_and_compare(data, text, incremental=True)
    assert not first.conforms and first.revalidated
    again = _ingest_and_compare(data, text, incremental=True)  # the same text again: replaced
    assert again.findings == first.findings
    text.write_text(text.read_text(encoding="utf-8").replace("Manila", "Quezon City"), encoding="utf-8")
    _ingest_and_compare(data, text, incremental=True)  # a changed text replaces the old one
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "ingest", "-j", "1", str(text)])
    assert result.exit_code == 1, result.output  # as a build: the graph does not pass validation
    assert "validation: does NOT conform" in result.stderr and "incremental:" in result.stderr
    assert "20x8" in result.stderr
    # --no-validate: no validation, none stored, so the next ingest validates in full
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "ingest", "-j", "1", "--no-validate", str(text)])
    assert result.exit_code == 0 and "validation:" not in result.stderr, result.output
    assert not (data / "current" / "validation.json").exists()
    _ingest_and_compare(data, text, incremental=False)


def test_ingest_validates_in_full_without_a_stored_validation(built: Path, tmp_path: Path) -> None:
    import shutil

    from .conftest import GENRE

    data = tmp_path / "data"
    shutil.copytree(built, data, symlinks=True)
    (data / "current" / "validation.json").unlink()  # a build with --no-validate, or an older seckg
    text = tmp_path / "nato-article5.txt"
    shutil.copy(GENRE / "nato-article5.txt", text)
    shutil.copy(GENRE / "nato-article5.yaml", tmp_path / "nato-article5.yaml")
    v = _ingest_and_compare(data, text, incremental=False)
    assert v.conforms
    _ingest_and_compare(data, text, incremental=True)  # the full one was stored: the next is incremental
