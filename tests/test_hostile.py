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
    extractor.extract(Document(id="warm", text="Warm\n\nJapan and China.\n", meta={}, path="w.txt"), None)
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


# -- 4. web pages safe by construction -----------------------------------------------------------

@pytest.mark.parametrize("option", ["--endpoint", "--base-url"])
@pytest.mark.parametrize("url", ["javascript:alert(document.domain)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x",
                                 "file:///etc/passwd", "http://", "https://example.org/\"><script>x</script>",
                                 "//example.org/sparql"])
def test_publish_takes_only_http_urls(option: str, url: str, tmp_path: Path) -> None:
    line = one_line_error(run("--data-dir", tmp_path / "none", "publish", tmp_path / "site", option, url), 3)
    assert option in line
    assert not (tmp_path / "site").exists()


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    from seckg.graph.build import build_corpus
    from seckg.web.publish import publish

    from .conftest import GENRE

    tmp = tmp_path_factory.mktemp("site")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for p in GENRE.glob("nato-article5.*"):
        if not p.name.endswith(".gold.yaml"):
            (corpus / p.name).write_bytes(p.read_bytes())
    build_corpus(corpus, tmp / "data", validate=False)
    (tmp / ".site.publishing-killed").mkdir()  # what a killed publish left
    publish(tmp / "data", tmp / "site", base_url="https://example.org/kg/", endpoint="https://example.org/sparql")
    assert not (tmp / ".site.publishing-killed").exists()
    return tmp / "site"


def test_every_published_page_carries_a_content_security_policy(small_site: Path) -> None:
    pages = list(small_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        head = page.read_text(encoding="utf-8")[:3000]
        assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in head, page
        policy = head.split("Content-Security-Policy", 1)[1].split(">", 1)[0]
        if page.name != "ontology.html":  # the site's own scripts (the search), nothing else
            assert "script-src 'self';" in policy and "unsafe" not in policy.split("script-src", 1)[1].split(";", 1)[0]
        else:
            assert "script-src" not in policy
    index = (small_site / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/sparql"' in index


@pytest.mark.parametrize("name", ["_server/nginx-site.conf", ".htaccess"])
def test_the_server_maps_send_nosniff_and_a_csp(small_site: Path, name: str) -> None:
    text = (small_site / name).read_text(encoding="utf-8")
    assert "X-Content-Type-Options nosniff" in text
    assert text.count("Content-Security-Policy \"default-src 'none'") >= 2  # pages and the ontology


def test_control_and_bidi_characters_never_reach_the_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import seckg.cli.output as output

    data = tmp_path / "data.ttl"
    data.write_text('<http://example.org/a> <http://example.org/p> "safe\\u0000\\u202Eevil\\u001B[2J\\rX" .\n',
                    encoding="utf-8")
    monkeypatch.setattr(output, "_to_terminal", lambda: True)
    result = run("query", "--data", data, "-f", "table", "-e", "SELECT ?o WHERE { ?s ?p ?o }")
    assert result.exit_code == 0, result.output
    assert "safe\\u0000\\u202eevil\\u001b[2J" in result.stdout
    assert not any(c in result.stdout for c in "\x00\u202e\x1b\r")


def test_error_messages_show_control_characters_escaped(tmp_path: Path) -> None:
    bad = tmp_path / "evil\u202etxt.ttl"
    bad.write_text("this is not turtle\n", encoding="utf-8")
    line = one_line_error(run("query", "--data", bad, "-e", "ASK { ?s ?p ?o }"), 3)
    assert "\u202e" not in line and "evil\\u202etxt.ttl" in line


# -- 5. the payloads that were already refused, against every command that reads RDF ----------

UNSAFE_RDF = ["remote-context.jsonld", "file-context.jsonld", "import-context.jsonld", "nested-context.jsonld",
              "xxe.rdf", "laughs.rdf", "external-dtd.rdf", "xxe-utf16.rdf", "deep.jsonld"]


def _unsafe_file(name: str, tmp_path: Path, server: CountingServer) -> Path:
    if name == "xxe-utf16.rdf":
        out = tmp_path / name
        out.write_bytes((HERE / "xxe.rdf").read_text(encoding="utf-8").replace("{url}", server.url)
                        .replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16"))
        return out
    if name == "deep.jsonld":
        out = tmp_path / name
        out.write_text('{"@id": "http://example.org/a", "http://example.org/p": {"@list": ' + "[" * 200 + '"x"'
                       + "]" * 200 + "}}", encoding="utf-8")
        return out
    return payload(name, tmp_path, server)


def _commands(bad: Path, good: Path) -> dict[str, list[object]]:
    return {
        "query --data": ["query", "--data", bad, "-e", "ASK { ?s ?p ?o }"],
        "check --data": ["check", "--only", "rules", "--data", bad],
        "check --shapes": ["check", "--only", "shacl", "--data", good, "--shapes", bad],
        "check --ontology": ["check", "--only", "rules", "--data", good, "--ontology", bad],
        "diff (old)": ["diff", bad, good],
        "diff (new)": ["diff", good, bad],
    }


@pytest.mark.parametrize("command", list(_commands(Path("x"), Path("y"))))
@pytest.mark.parametrize("name", UNSAFE_RDF)
def test_unsafe_rdf_is_refused_by_every_command_and_nothing_is_fetched(
        name: str, command: str, server: CountingServer, tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(DATA, encoding="utf-8")
    bad = _unsafe_file(name, tmp_path, server)
    result = run(*_commands(bad, good)[command])
    assert result.exit_code in (3, 4), (result.exit_code, result.output)  # UTF-16 XML: Oxigraph's syntax error
    line = one_line_error(result, result.exit_code)
    assert bad.name in line
    assert server.requests == []


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <{url}/s> { ?s ?p ?o } }",
    "SELECT * FROM <{url}/from> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <{url}/named> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "LOAD <{url}/load>",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <{url}/deep> { ?s ?p ?o } } }",
])
def test_queries_that_reach_out_are_refused(query: str, server: CountingServer, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    one_line_error(run("query", "--data", data, "-e", query.replace("{url}", server.url)), 4)
    assert server.requests == []


def test_a_literal_over_the_limit_is_bad_input(tmp_path: Path) -> None:
    from seckg.rdfload import MAX_LITERAL_CHARS

    big = tmp_path / "big.nt"
    big.write_text(f'<http://example.org/a> <http://example.org/p> "{"x" * (MAX_LITERAL_CHARS + 1)}" .\n',
                   encoding="utf-8")
    line = one_line_error(run("query", "--data", big, "-e", "ASK { ?s ?p ?o }"), 3)
    assert "literal" in line and "limit" in line


def test_a_file_over_the_limit_is_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECKG_MAX_INPUT_MB", "0.001")
    data = tmp_path / "data.ttl"
    data.write_text(DATA * 40, encoding="utf-8")
    line = one_line_error(run("query", "--data", data, "-e", "ASK { ?s ?p ?o }"), 3)
    assert "SECKG_MAX_INPUT_MB" in line
