"""The SHACL engines give the same report: pyrudof (what ``auto`` takes for the shipped data
shapes) against pySHACL (the reference), on every data-shape fixture, on the check fixtures and
on the corpus graph, compared as sets of (focus, path, source shape, component, severity) and as
whole report graphs (isomorphic: messages, values, nested results, the copied source shapes);
the CLI's reports are the same bytes with either engine; shapes pyrudof cannot take go to
pySHACL under ``auto`` and are refused under ``pyrudof``."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import SH

from seckg.cli.main import cli
from seckg.ontology import load_shapes
from seckg.ontology.check import (
    ShaclEngineUnsupported,
    pyrudof_unsupported,
    shacl_engine,
    shacl_report,
)
from seckg.queries.validation import run_check
from seckg.rdfload import load_graph

pytest.importorskip("pyrudof")

DATA = Path(__file__).resolve().parent / "data"
FIXTURES = sorted((DATA / "ontology").glob("*.test.ttl")) + [DATA / "check" / "shape-violation.ttl"]


def _keys(report: Graph) -> set[tuple[str, ...]]:
    """Every result, nested ones too, as (focus, path, source shape, component, severity, value)."""
    def name(term: object) -> str:
        return "[]" if isinstance(term, BNode) or term is None else str(term)

    return {(name(report.value(r, SH.focusNode)), name(report.value(r, SH.resultPath)),
             name(report.value(r, SH.sourceShape)), name(report.value(r, SH.sourceConstraintComponent)),
             name(report.value(r, SH.resultSeverity)), name(report.value(r, SH.value)),
             "detail" if (None, SH.detail, r) in report else "result")
            for r in report.subjects(SH.resultSeverity, None)}


def _same(reference: Graph, other: Graph) -> None:
    a, b = _keys(reference), _keys(other)
    assert a == b, f"only pySHACL: {sorted(a - b)[:10]}\nonly pyrudof: {sorted(b - a)[:10]}"
    if not isomorphic(reference, other):
        _, only_a, only_b = graph_diff(to_isomorphic(reference), to_isomorphic(other))
        pytest.fail(f"reports differ\nonly pySHACL: {sorted(only_a)[:10]}\nonly pyrudof: {sorted(only_b)[:10]}")


def test_the_fixtures_are_found() -> None:
    assert len(FIXTURES) >= 8


def test_pyrudof_takes_the_shipped_data_shapes_and_not_the_ontology_shapes(data_shapes: Graph) -> None:
    assert pyrudof_unsupported(data_shapes) is None
    assert "sh:sparql" in (pyrudof_unsupported(load_shapes("ontology")) or "")


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_pyrudof_gives_pyshacls_report_on_a_fixture(path: Path, ontology: Graph, data_shapes: Graph) -> None:
    data = load_graph(path)
    reference, used = shacl_report(data, data_shapes, extra=ontology, engine="pyshacl")
    assert used == "pyshacl"
    report, used = shacl_report(data, data_shapes, extra=ontology, engine="auto")
    assert used == "pyrudof"
    if not path.name.endswith(".ok.test.ttl"):
        assert _keys(reference), f"{path.name} gives no result: nothing is compared"
    _same(reference, report)


def test_pyrudof_gives_pyshacls_findings_on_the_corpus(built: Path) -> None:
    reference = run_check(data_dir=built, layers=["shacl"], shacl_engine="pyshacl")
    report = run_check(data_dir=built, layers=["shacl"], shacl_engine="auto")
    assert (reference.shacl_engine, report.shacl_engine) == ("pyshacl", "pyrudof")
    assert reference.findings and report.findings == reference.findings
    assert reference.shacl_report is not None and report.shacl_report is not None
    _same(reference.shacl_report, report.shacl_report)


def test_the_builds_validation_is_the_same_with_either_engine(built: Path) -> None:
    from seckg.graph.validate import validate_store

    store = ox.Store.read_only(str(built / "store"))
    with shacl_engine("pyshacl"):
        reference = validate_store(store)
    with shacl_engine("auto"):
        report = validate_store(store)
    assert sorted(report.findings, key=repr) == sorted(reference.findings, key=repr)


@pytest.mark.parametrize("fmt", ["table", "json", "shacl"])
def test_the_cli_report_is_the_same_bytes_with_either_engine(built: Path, tmp_path: Path, fmt: str) -> None:
    out = {}
    for engine in ("pyshacl", "auto"):
        path = tmp_path / f"{engine}.{fmt}"
        result = CliRunner().invoke(cli, ["--data-dir", str(built), "check", "--only", "shacl", "--fail-on", "WARN",
                                          "--shacl-engine", engine, "-f", fmt, "-o", str(path)])
        assert result.exit_code == 1, result.output  # the corpus has warnings
        out[engine] = path.read_bytes()
    assert out["auto"] == out["pyshacl"]


def test_a_violation_exits_1_with_either_engine() -> None:
    path = str(DATA / "check" / "shape-violation.ttl")
    for engine in ("auto", "pyrudof", "pyshacl"):
        result = CliRunner().invoke(cli, ["check", "--data", path, "--only", "shacl", "--shacl-engine", engine])
        assert result.exit_code == 1, (engine, result.output)


SPARQL_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
<https://e/S> a sh:NodeShape ; sh:targetNode <https://e/x> ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this <https://e/p> ?o }" ; sh:message "no p"@en ] .
"""
NO_MESSAGE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
<https://e/S> a sh:NodeShape ; sh:targetNode <https://e/x> ; sh:property [ sh:path <https://e/q> ; sh:minCount 1 ] .
"""
DATA_X = "<https://e/x> <https://e/p> 1 ."


@pytest.mark.parametrize("shapes, why", [(SPARQL_SHAPE, "sh:sparql"), (NO_MESSAGE, "no sh:message")])
def test_shapes_pyrudof_cannot_take_go_to_pyshacl(shapes: str, why: str) -> None:
    data = Graph().parse(data=DATA_X, format="turtle")
    graph = Graph().parse(data=shapes, format="turtle")
    assert why in (pyrudof_unsupported(graph) or "")
    report, used = shacl_report(data, graph, engine="auto")
    assert used == "pyshacl" and (None, SH.focusNode, URIRef("https://e/x")) in report
    with pytest.raises(ShaclEngineUnsupported, match=why):
        shacl_report(data, graph, engine="pyrudof")


@pytest.mark.parametrize("path", FIXTURES[:4] + FIXTURES[-1:], ids=[p.name for p in FIXTURES[:4] + FIXTURES[-1:]])
def test_pyrudof_in_rounds_gives_the_same_report(path: Path, ontology: Graph, data_shapes: Graph,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Large graphs are validated a few thousand focus nodes at a time (pyrudof's memory grows
    with them): here three at a time, the targets resolved to their nodes."""
    import seckg.ontology.check as check

    data = load_graph(path)
    reference, _ = shacl_report(data, data_shapes, extra=ontology, engine="pyshacl")
    monkeypatch.setattr(check, "ROUNDS_ABOVE", 0)
    monkeypatch.setattr(check, "ROUND", 3)
    report, used = shacl_report(data, data_shapes, extra=ontology, engine="pyrudof")
    assert used == "pyrudof"
    _same(reference, report)


def test_the_corpus_in_rounds(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import seckg.ontology.check as check

    reference = run_check(data_dir=built, layers=["shacl"], shacl_engine="pyshacl")
    monkeypatch.setattr(check, "ROUNDS_ABOVE", 0)
    monkeypatch.setattr(check, "ROUND", 400)
    report = run_check(data_dir=built, layers=["shacl"], shacl_engine="pyrudof")
    assert report.findings == reference.findings
    assert report.shacl_report is not None and reference.shacl_report is not None
    _same(reference.shacl_report, report.shacl_report)


@pytest.mark.parametrize("processes", ["1", "3"])
def test_rounds_in_one_or_several_processes_give_pyshacls_report(ontology: Graph, data_shapes: Graph, processes: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The rounds of a large graph are validated by worker processes side by side (each holds
    the data; SECKG_SHACL_PROCESSES of them): in this process or in three, pySHACL's report."""
    import seckg.ontology.check as check

    path = FIXTURES[-1]
    data = load_graph(path)
    reference, _ = shacl_report(data, data_shapes, extra=ontology, engine="pyshacl")
    monkeypatch.setattr(check, "ROUNDS_ABOVE", 0)
    monkeypatch.setattr(check, "ROUND", 2)
    monkeypatch.setenv("SECKG_SHACL_PROCESSES", processes)
    assert check.shacl_processes() == int(processes)
    report, used = shacl_report(data, data_shapes, extra=ontology, engine="pyrudof")
    assert used == "pyrudof"
    _same(reference, report)


def test_the_build_s_validation_from_its_trig_dump_in_rounds(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build gives pyrudof its TriG dump (no dump of its own) and resolves the rounds'
    targets with Oxigraph on the store: the findings of the reference engine."""
    import seckg.ontology.check as check
    from seckg.graph.validate import validate_store

    store = ox.Store.read_only(str(built / "store"))
    with shacl_engine("pyshacl"):
        reference = validate_store(store)
    monkeypatch.setattr(check, "ROUNDS_ABOVE", 0)
    monkeypatch.setattr(check, "ROUND", 700)
    with shacl_engine("pyrudof"):
        report = validate_store(store, dump=built / "seckg.trig")
    assert report.engine == "pyrudof"
    assert report.findings == reference.findings
    assert sorted(zip(map(repr, report.shape_findings), report.shape_owners, strict=True)) == \
        sorted(zip(map(repr, reference.shape_findings), reference.shape_owners, strict=True))
