"""``seckg check``: each layer finds what is broken, with the right severity and exit code; the
corpus graph passes; the reports are read by a JUnit reader and validated by the JSON Schema."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from junitparser import JUnitXml

from seckg.cli.main import cli
from seckg.queries.reports import render_report
from seckg.queries.validation import run_check

DATA = Path(__file__).resolve().parent / "data"
BROKEN_ONTOLOGY = DATA / "ontology" / "broken"
SCHEMA = json.loads(files("seckg.queries").joinpath("report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus_report(built: Path):
    return run_check(data_dir=built)


def check(*args: str, data_dir: Path | None = None):
    base = ["--data-dir", str(data_dir)] if data_dir else []
    return CliRunner().invoke(cli, [*base, "check", *args])


def test_the_corpus_graph_passes_every_layer(corpus_report):
    assert set(corpus_report.seconds) == {"owl", "shacl", "rules", "provenance"}
    assert corpus_report.count("ERROR") == 0, corpus_report.findings[:3]
    assert not corpus_report.failed("ERROR")
    assert corpus_report.count("WARN") > 0 and corpus_report.failed("WARN")  # warnings are real: dates missing


def test_cli_exit_codes_follow_fail_on(built: Path):
    assert check("--only", "rules,provenance", data_dir=built).exit_code == 0
    assert check("--only", "shacl", "--fail-on", "WARN", data_dir=built).exit_code == 1
    assert check("--only", "shacl", "--fail-on", "none", data_dir=built).exit_code == 0
    assert check("--only", "nonsense", data_dir=built).exit_code == 2  # a usage error


def test_an_inconsistent_ontology_is_an_owl_error(tmp_path: Path):
    report = run_check(data_files=[DATA / "check" / "shape-violation.ttl"],
                       ontology_files=[Path(str(files("seckg.ontology").joinpath("seckg.ttl"))),
                                       *sorted(Path(str(files("seckg.ontology").joinpath("modules"))).glob("*.ttl")),
                                       BROKEN_ONTOLOGY / "person-and-state.ttl"], layers=["owl"])
    (f,) = report.findings
    assert (f.severity, f.layer) == ("ERROR", "owl") and "ontology is inconsistent" in f.message
    assert "china type Person" in f.message


def test_an_unsatisfiable_class_is_named():
    onto = [Path(str(files("seckg.ontology").joinpath("seckg.ttl"))),
            *sorted(Path(str(files("seckg.ontology").joinpath("modules"))).glob("*.ttl")),
            BROKEN_ONTOLOGY / "unsatisfiable-class.ttl"]
    report = run_check(data_files=[DATA / "check" / "shape-violation.ttl"], ontology_files=onto, layers=["owl"])
    assert [(f.severity, f.focus) for f in report.findings] == [("ERROR", "https://example.org/StatePerson")]


def test_inconsistent_data_are_traced_to_the_sentence():
    report = run_check(data_files=[DATA / "check" / "inconsistent-fact.trig"], layers=["owl"])
    (f,) = report.findings
    assert (f.severity, f.layer) == ("ERROR", "owl")
    assert f.focus == "https://w3id.org/seckg/id/evidence/t/0-12"
    assert f.evidence == "China spoke." and f.span == "t/0-12"
    # the axioms involved, from Pellet's explanation
    assert "china type Person" in f.message and "DisjointClasses(" in f.message


def test_a_shape_violation_is_a_shacl_error():
    report = run_check(data_files=[DATA / "check" / "shape-violation.ttl"], layers=["shacl"])
    errors = [f for f in report.findings if f.severity == "ERROR"]
    assert errors and all(f.layer == "shacl" for f in errors)
    assert any(f.focus == "https://w3id.org/seckg/id/partnership/china" for f in errors)


def test_a_rule_hit_is_reported_with_the_rule_severity():
    report = run_check(data_files=[DATA / "check" / "rule-hit.trig"], layers=["rules"])
    hits = [f for f in report.findings if f.source == "undeclared-term-violation"]
    assert [(f.severity, f.focus) for f in hits] == [("ERROR", "https://w3id.org/seckg/ontology#rivalOff")]


def test_a_quote_moved_off_its_offsets_is_a_provenance_error(tmp_path: Path):
    moved = tmp_path / "moved.trig"
    moved.write_text((DATA / "check" / "inconsistent-fact.trig").read_text(encoding="utf-8")
                     .replace("oa:start 0 ; oa:end 12", "oa:start 1 ; oa:end 13")
                     .replace("a seckg:Person .", "a seckg:State ."), encoding="utf-8")
    report = run_check(data_files=[moved], layers=["provenance"])
    assert [(f.severity, f.layer) for f in report.findings] == [("ERROR", "provenance")]


def test_json_report_validates_against_the_shipped_schema(corpus_report):
    data = json.loads(render_report(corpus_report, "json", "WARN"))
    jsonschema.validate(data, SCHEMA)
    assert data["failed"] is True and data["counts"]["ERROR"] == 0


def test_junit_report_is_read_by_a_junit_reader(corpus_report, tmp_path: Path):
    path = tmp_path / "r.xml"
    path.write_text(render_report(corpus_report, "junit", "WARN"), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    suites = {s.name: s for s in xml}
    assert set(suites) == {"seckg owl", "seckg shacl", "seckg rules", "seckg provenance"}
    assert suites["seckg shacl"].failures == corpus_report.count("WARN") - sum(
        1 for f in corpus_report.findings if f.layer != "shacl" and f.severity == "WARN")
    assert suites["seckg provenance"].failures == 0
    cases = [c for s in xml for c in s]
    assert len(cases) >= len(corpus_report.findings)


def test_markdown_and_shacl_reports(corpus_report, tmp_path: Path):
    md = render_report(corpus_report, "markdown")
    assert md.startswith("## seckg check: 0 ERROR") and "| severity" in md
    ttl = tmp_path / "r.ttl"
    ttl.write_text(render_report(corpus_report, "shacl"), encoding="utf-8")
    from seckg.rdfload import load_graph

    assert len(load_graph(ttl)) > 10


def test_cli_writes_the_report_to_a_file(built: Path, tmp_path: Path):
    out = tmp_path / "reports" / "seckg.xml"
    result = check("--only", "rules", "-f", "junit", "-o", str(out), data_dir=built)
    assert result.exit_code == 0 and out.exists()
    assert "check: passed" in result.stderr


def test_owl2_dl_profile_violations_are_owl_errors(tmp_path: Path):
    from rdflib import Graph

    from seckg.ontology.profile import check_profile

    bad = Graph().parse(data="""
        @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://e/p> a owl:ObjectProperty , owl:DatatypeProperty .
        <https://e/t> a owl:ObjectProperty , owl:TransitiveProperty .
        <https://e/C> a owl:Class ; rdfs:subClassOf [ a owl:Restriction ; owl:onProperty <https://e/t> ; owl:maxCardinality 1 ] .
        """, format="turtle")
    kinds = {v.kind for v in check_profile(bad)}
    assert {"IllegalPunning", "UseOfNonSimplePropertyInCardinalityRestriction"} <= kinds
    from seckg.ontology import load_ontology

    assert check_profile(load_ontology()) == []
    path = tmp_path / "bad.ttl"
    bad.serialize(path, format="turtle")
    onto = [Path(str(files("seckg.ontology").joinpath("seckg.ttl"))),
            *sorted(Path(str(files("seckg.ontology").joinpath("modules"))).glob("*.ttl")), path]
    report = run_check(data_files=[DATA / "check" / "shape-violation.ttl"], ontology_files=onto, layers=["owl"])
    assert any("OWL 2 DL profile (IllegalPunning)" in f.message for f in report.findings)


@pytest.mark.parametrize("layer, data", [("shacl", "shape-violation.ttl"), ("rules", "rule-hit.trig"),
                                         ("owl", "inconsistent-fact.trig")])
def test_cli_exits_1_on_a_broken_input_and_0_when_told_to_ignore_it(layer: str, data: str):
    path = str(DATA / "check" / data)
    assert check("--data", path, "--only", layer).exit_code == 1
    assert check("--data", path, "--only", layer, "--fail-on", "none").exit_code == 0
