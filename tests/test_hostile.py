"""Hostile inputs against every command that reads them: each is refused with a one-line error
and its documented exit code, or handled within a bound, and nothing is fetched (a loopback
server records every request it gets and must get none).

Payloads live in ``tests/hostile/`` or are made here; ``{url}`` in a payload is the recorder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from seckg.cli.main import cli

from .localserver import CountingServer, counting_server

HERE = Path(__file__).parent / "hostile"
DATA = """@prefix ex: <http://example.org/> .
ex:a ex:p "a secret the shapes must not carry off" .
"""


@pytest.fixture
def server():
    with counting_server() as srv:
        yield srv


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def one_line_error(result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = [line for line in result.output.splitlines() if line.startswith("seckg: error:")]
    assert len(lines) == 1, result.output
    assert "internal error" not in lines[0]
    return lines[0]


def payload(name: str, tmp_path: Path, server: CountingServer | None = None) -> Path:
    text = (HERE / name).read_text(encoding="utf-8")
    if server is not None:
        text = text.replace("{url}", server.url)
    out = tmp_path / name
    out.write_text(text, encoding="utf-8")
    return out


# -- 1. shapes are data, never a way out ---------------------------------------------------------

SHAPES_WITH_SERVICE = sorted(p.name for p in HERE.glob("shapes-service-*.ttl"))


def test_the_shapes_payloads_are_there() -> None:
    assert len(SHAPES_WITH_SERVICE) >= 5


@pytest.mark.parametrize("name", SHAPES_WITH_SERVICE)
@pytest.mark.parametrize("advanced", [False, True], ids=["default", "shacl-advanced"])
def test_shapes_whose_queries_reach_out_are_refused_before_pyshacl_runs(
        name: str, advanced: bool, server: CountingServer, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    shapes = payload(name, tmp_path, server)
    result = run("check", "--only", "shacl", "--data", data, "--shapes", shapes,
                 *(["--shacl-advanced"] if advanced else []))
    line = one_line_error(result, 4)
    assert str(shapes) in line and "shape <http://example.org/shapes#" in line
    if advanced or "constraint" in name:
        assert "SERVICE is refused" in line
    assert server.requests == []


@pytest.mark.parametrize("name", ["shapes-advanced-rule.ttl", "shapes-advanced-target.ttl"])
def test_shacl_advanced_features_are_off_unless_asked(name: str, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    shapes = payload(name, tmp_path)
    line = one_line_error(run("check", "--only", "shacl", "--data", data, "--shapes", shapes), 4)
    assert "--shacl-advanced" in line and str(shapes) in line


def test_a_prefix_declaration_cannot_smuggle_text_into_the_query(server: CountingServer, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    shapes = payload("shapes-prefix-injection.ttl", tmp_path, server)
    line = one_line_error(run("check", "--only", "shacl", "--data", data, "--shapes", shapes), 4)
    assert "namespace" in line
    assert server.requests == []


def test_a_shapes_query_that_does_not_parse_is_bad_input(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    shapes = payload("shapes-syntax-error.ttl", tmp_path)
    line = one_line_error(run("check", "--only", "shacl", "--data", data, "--shapes", shapes), 3)
    assert str(shapes) in line and "shape <http://example.org/shapes#Broken>" in line


def test_the_runtime_guard_stops_service_even_past_the_screen(server: CountingServer) -> None:
    """The second wall: rdflib's SERVICE is off while pySHACL runs, whatever text reaches it."""
    import rdflib

    from seckg.errors import UnsafeQueryError
    from seckg.sparqlscreen import no_remote_sparql

    g = rdflib.Graph().parse(data=DATA, format="turtle")
    query = f"SELECT * WHERE {{ SERVICE <{server.url}> {{ ?s ?p ?o }} }}"
    with no_remote_sparql(), pytest.raises(UnsafeQueryError):
        list(g.query(query))
    assert server.requests == []


def test_shapes_that_stay_local_still_run(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    shapes = payload("shapes-local.ttl", tmp_path)
    result = run("check", "--only", "shacl", "--data", data, "--shapes", shapes, "-f", "json",
                 "--fail-on", "none")
    assert result.exit_code == 0, result.output
    assert "a local constraint found this" in result.output


# -- 3. every input bounded ----------------------------------------------------------------------

TEXT = "Japan and China signed a treaty in 2019 (Foot, 2016: 9–11).\n"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)},"
    f" *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))


@pytest.mark.parametrize("where", ["metadata", "annotations"])
def test_yaml_alias_bombs_are_refused(where: str, tmp_path: Path) -> None:
    text = tmp_path / "doc.txt"
    text.write_text(TEXT, encoding="utf-8")
    bomb = tmp_path / ("doc.yaml" if where == "metadata" else "doc.annotations.yaml")
    bomb.write_text(BOMB if where == "metadata" else "- " + BOMB.replace("\n", "\n  "), encoding="utf-8")
    assert len(BOMB) < 600
    line = one_line_error(run("extract", text), 3)
    assert str(bomb) in line and "aliases" in line


CRAFTED = {
    "open citations": "As argued (Name, 2019; Name ",
    "a parenthesis of spaces": "(Name" + " " * 200 + "x) ",
    "nested parentheses": "(Name (Name (Name, 2019 ",
    "narrative citations in one word": "A(2019)",
    "pages without end": "(Wishnick 2019: 1, 2, 3, 4, 5, ",
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_sentences_of_10000_characters_are_read_in_under_a_second(name: str, extractor) -> None:
    import time

    from seckg.graph.model import Document

    unit = CRAFTED[name]
    body = (unit * (10_000 // len(unit) + 1))[:10_000]
    doc = Document(id="crafted", text="Crafted\n\n" + body + "\n", meta={}, path="crafted.txt")
    t0 = time.perf_counter()
    extractor.extract(doc, None)
    assert time.perf_counter() - t0 < 1.0


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{ " * 40 + "?s ?p ?o " + "} " * 40,
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 40 + "?o" + ")" * 40 + ") }",
    "SELECT * WHERE { " + "{ SELECT * WHERE { " * 20 + "?s ?p ?o " + "} } " * 20 + "}",
    "SELECT * WHERE { ?s ?p ?o } #" + "x" * 300_000,
])
def test_queries_too_deep_or_too_long_are_bad_input_not_a_crash(query: str, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    line = one_line_error(run("query", "--data", data, "-e", query), 3)
    assert "nested more than" in line or "characters long" in line


def test_diff_of_a_huge_blank_node_structure_stops_at_once(tmp_path: Path) -> None:
    import time

    n = 1200  # about 10 KB
    for name, end in (("old.ttl", "ex:z"), ("new.ttl", "ex:y")):
        (tmp_path / name).write_text("@prefix ex: <http://example.org/> .\nex:a ex:p " + "[ ex:p " * n + end
                                     + " ]" * n + " .\n", encoding="utf-8")
    assert (tmp_path / "old.ttl").stat().st_size > 9_000
    t0 = time.perf_counter()
    line = one_line_error(run("diff", tmp_path / "old.ttl", tmp_path / "new.ttl"), 3)
    assert time.perf_counter() - t0 < 5
    assert "connected blank nodes" in line
