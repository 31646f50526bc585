"""The Python API (:mod:`seckg.api`): the notebook ``examples/python-api.ipynb`` runs cell by cell
(its code cells in order, in one namespace, as a kernel would; no Jupyter needed), and the
knowledge graph it builds is then asked what the README's "Python API" section promises."""

from __future__ import annotations

import doctest
import json
import logging
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib

import seckg
from seckg import KnowledgeGraph, QueryResult
from seckg.api import rdf_format, suggest
from seckg.errors import InputError, StoreError, UsageError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "python-api.ipynb"
README = ROOT / "README.md"


def run_notebook(path: Path) -> dict[str, Any]:
    """Execute the code cells of a notebook in order in one namespace; the namespace."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert cells
    namespace: dict[str, Any] = {"__name__": "__notebook__"}
    for i, source in enumerate(cells):
        code = compile(source, f"{path.name}[cell {i}]", "exec")
        exec(code, namespace)  # noqa: S102 - our own notebook
    return namespace


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    return run_notebook(NOTEBOOK)


@pytest.fixture(scope="module")
def kg(notebook: dict[str, Any]) -> KnowledgeGraph:
    return notebook["kg"]


def test_the_notebook_runs_and_finds_what_it_shows(notebook: dict[str, Any]) -> None:
    assert notebook["summary"].validation.conforms
    assert {r["partnerLabel"] for r in notebook["rows"]} == {"Russia"}
    assert notebook["events"].columns == ["date", "kind", "eventLabel", "event"]
    assert isinstance(notebook["graph"], rdflib.Graph) and len(notebook["graph"]) >= 2
    assert [f.kind for f in notebook["ex"].facts] == ["partnership"]
    assert notebook["turtle"].startswith(b"@prefix")


def test_the_package_exports_the_api() -> None:
    assert seckg.KnowledgeGraph is KnowledgeGraph
    assert {"KnowledgeGraph", "QueryResult", "SeckgError"} <= set(seckg.__all__)


def test_select_rows_are_plain_values(kg: KnowledgeGraph) -> None:
    rows = kg.query("partnerships-of-state", state="China")
    assert isinstance(rows, QueryResult) and rows.form == "SELECT"
    [row] = rows
    assert row["partner"] == "https://w3id.org/seckg/id/state/russia"
    assert isinstance(row["rank"], int) and row["since"] is None
    assert rows.terms[0]["partner"] == ox.NamedNode(row["partner"])
    labelled = kg.query("SELECT ?s WHERE { ?s a <https://w3id.org/seckg/ontology#Partnership> }",
                        labels=True)
    assert labelled.columns == ["s", "sLabel"] and labelled[0]["sLabel"].endswith("partnership")


def test_ask_construct_and_formats(kg: KnowledgeGraph) -> None:
    assert kg.query("ASK { ?s a <https://w3id.org/seckg/ontology#Partnership> }").boolean is True
    construct = kg.query("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3")
    assert len(construct) == 0 and len(construct.triples) == 3
    assert len(construct.to_pyoxigraph()) == 3 and len(construct.to_rdflib()) == 3
    assert construct.render("ttl").count(" a ") == 3
    assert kg.query("timeline").render("csv").startswith("date,kind,eventLabel,event")


def test_to_dataframe_needs_pandas(kg: KnowledgeGraph) -> None:
    pd = pytest.importorskip("pandas")
    frame = kg.query("partnerships-of-state", state="China").to_dataframe()
    assert isinstance(frame, pd.DataFrame) and list(frame["partnerLabel"]) == ["Russia"]


def test_errors_are_typed_with_suggestions(kg: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="did you mean partnerships-of-state"):
        kg.query("partnership-of-state", state="China")
    with pytest.raises(UsageError, match="missing required parameter 'state'"):
        kg.query("partnerships-of-state")
    with pytest.raises(InputError, match="did you mean 'Japan'"):
        kg.query("alliances-of-state", state="Japn")
    with pytest.raises(StoreError):
        KnowledgeGraph(tmp_path / "nothing-here").query("timeline")
    with pytest.raises(InputError, match="did you mean 'turtle'"):
        rdf_format("turtel")


def test_format_aliases() -> None:
    assert [rdf_format(a) for a in ("ttl", "nq", "jsonld", "nt", "rdfxml", "TriG")] == \
        ["turtle", "nquads", "jsonld", "nt", "xml", "trig"]
    assert suggest("partnership-of-state", ["partnerships-of-state", "timeline"]) == \
        "; did you mean 'partnerships-of-state'?"


def test_export_check_and_logging(kg: KnowledgeGraph, caplog: pytest.LogCaptureFixture) -> None:
    assert kg.export("nq") == kg.export("nquads")
    seen: list[tuple[str, int, int | None]] = []
    with caplog.at_level(logging.INFO, logger="seckg"):
        report = kg.check(layers=["rules", "provenance"], progress=lambda *a: seen.append(a))
    assert report.count("ERROR") == 0
    assert [s for s, _, _ in seen] == ["rules", "provenance", "done"]
    assert any(r.name == "seckg" and r.message.startswith("check:") for r in caplog.records)


def test_check_takes_the_shacl_engine(kg: KnowledgeGraph) -> None:
    by_pyshacl = kg.check(layers=["shacl"], shacl_engine="pyshacl")
    by_auto = kg.check(layers=["shacl"], shacl_engine="auto")
    assert (by_pyshacl.shacl_engine, by_auto.shacl_engine) == ("pyshacl", "pyrudof")
    assert sorted(map(repr, by_pyshacl.findings)) == sorted(map(repr, by_auto.findings))
    with pytest.raises(UsageError, match="unknown SHACL engine 'jena'"):
        kg.check(layers=["shacl"], shacl_engine="jena")


def test_the_library_prints_nothing(kg: KnowledgeGraph, capsys: pytest.CaptureFixture[str]) -> None:
    kg.query("timeline")
    kg.extract("Japan and Australia held a joint exercise in 2019.")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_readme_python_examples_are_doctests(kg: KnowledgeGraph) -> None:
    """Every ```python block of the README's "Python API" section runs, its >>> outputs as shown."""
    section = README.read_text(encoding="utf-8").split("## Python API", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks, "no python examples in the README's Python API section"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict[str, Any] = {"kg": kg}
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, globs, f"README Python API [{i}]", str(README), 0)
        runner.run(test, clear_globs=False)
        globs = test.globs
    assert runner.failures == 0 and runner.tries > 0


def test_a_lexicon_of_your_own_by_option_and_by_argument(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from seckg.cli.main import cli

    lexicon = tmp_path / "elsewhere" / "mine.lexicon.yaml"
    lexicon.parent.mkdir()
    lexicon.write_text("entities:\n  - label: Northern Ocean Council\n    type: InternationalOrganisation\n"
                       "    variants: [NOC]\n", encoding="utf-8")
    text = "China joined the NOC in 2001."
    noc = "https://w3id.org/seckg/id/organisation/northern-ocean-council"
    assert noc not in {m.iri for m in KnowledgeGraph(tmp_path).extract(text).mentions}
    assert noc in {m.iri for m in KnowledgeGraph(tmp_path).extract(text, lexicon=[lexicon]).mentions}
    result = CliRunner().invoke(cli, ["extract", "-", "-f", "tsv", "--lexicon", str(lexicon)], input=text)
    assert result.exit_code == 0, result.output
    assert "\tmembership\t" in result.stdout  # China joined the NOC: read only with the lexicon
