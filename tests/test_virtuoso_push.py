"""On Virtuoso Open Source (Debian's ``virtuoso-opensource``, 7.2), what tests/test_virtuoso.py
does not try: ``seckg check --endpoint`` on the pushed corpus gives the local ``seckg check``'s
findings, every layer (Virtuoso writes blank nodes as ``nodeID://b1`` in JSON results: read as
blank nodes); ``push --merge`` adds a second build to the pushed corpus through Virtuoso's Graph
Store Protocol endpoint (HTTP Digest), keeps the other graphs and, merged twice, adds nothing (the
ontology's blank-node structures are not sent twice); ``--replace`` then replaces each graph it
writes. Its own throwaway server on loopback (tests/virtuoso.py; the tests run in this file's
order: the check before the merge); skipped without virtuoso-t, except under CI. Minutes: slow."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from seckg.cli.main import cli
from seckg.queries.engine import EndpointTarget

from .test_remote import graph_contents, second_build  # noqa: F401 (a fixture)
from .test_virtuoso import _env, virtuoso  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow

NO_CREDENTIALS = {"SECKG_ENDPOINT_USER": None, "SECKG_ENDPOINT_TOKEN": None, "SECKG_ENDPOINT_UNION": None,
                  "SECKG_ENDPOINT_CA": None}


@pytest.fixture(scope="module")
def pushed(built, virtuoso):  # noqa: F811
    result = CliRunner().invoke(cli, ["--data-dir", str(built), "push", "--timeout", "300", virtuoso.graph_store],
                                env=_env(virtuoso))
    assert result.exit_code == 0, result.output
    return virtuoso


def _report(result) -> dict:  # type: ignore[no-untyped-def, type-arg]
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output[result.output.index("{"):result.output.rindex("}") + 1])  # type: ignore[no-any-return]


def test_check_endpoint_gives_the_local_findings(pushed, built):
    """Every layer (owl, shacl, rules, provenance): the same findings, in the same order. The
    server's own graphs (Virtuoso's ``virtrdf#`` schema) are read too and change nothing."""
    runner = CliRunner()
    remote = _report(runner.invoke(cli, ["check", "--endpoint", pushed.sparql, "-f", "json"], env=NO_CREDENTIALS))
    local = _report(runner.invoke(cli, ["--data-dir", str(built), "check", "-f", "json"], env=NO_CREDENTIALS))
    assert remote["findings"] == local["findings"]
    assert remote["counts"] == local["counts"] and remote["failed"] == local["failed"]
    assert local["findings"], "the corpus has findings to compare"


def test_virtuoso_blank_nodes_in_json_results(pushed):
    """Virtuoso's JSON results label blank nodes ``nodeID://b...``, which Oxigraph's results
    parser refuses; json_results_for_oxigraph gives labels it takes, the same for the same node."""
    import pyoxigraph as ox

    from seckg.queries.remote import json_results_for_oxigraph, request

    query = ("SELECT ?r ?p WHERE { GRAPH <https://w3id.org/seckg/graph/ontology> {"
             " ?r a <http://www.w3.org/2002/07/owl#Restriction> ; <http://www.w3.org/2002/07/owl#onProperty> ?p } }")
    status, _, body = request("POST", pushed.sparql, data={"query": query}, timeout=120,
                              headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and b"nodeID://" in body
    with pytest.raises(SyntaxError):
        list(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
    rows = list(ox.parse_query_results(json_results_for_oxigraph(body), format=ox.QueryResultsFormat.JSON))
    assert rows and all(isinstance(row["r"], ox.BlankNode) for row in rows)
    assert len({row["r"] for row in rows}) == len({json.dumps(b["r"]) for b in json.loads(body)["results"]["bindings"]})
    # and seckg query --endpoint reads them (it exited 70 on them)
    result = CliRunner().invoke(cli, ["query", "--endpoint", pushed.sparql, "--union", "server", "-e", query,
                                      "-f", "csv"], env=NO_CREDENTIALS)
    assert result.exit_code == 0 and len(result.output.strip().splitlines()) == len(rows) + 1, result.output


def _seckg_counts(server) -> dict[str, int]:  # type: ignore[no-untyped-def]
    rows = EndpointTarget(server.sparql, union="server", timeout=300).execute(
        'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), "https://w3id.org/seckg/")) }'
        " GROUP BY ?g").rows
    return {row["g"].value: int(row["n"].value) for row in rows}


def _sizes(contents) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {g: len(ground) + blank for g, (ground, blank) in contents.items()}


def test_merge_then_replace_on_virtuoso(pushed, built, second_build):  # noqa: F811
    first, second = graph_contents(built), graph_contents(second_build)
    assert _seckg_counts(pushed) == _sizes(first)
    runner = CliRunner()
    merge = ["--data-dir", str(second_build), "push", "--merge", "--timeout", "300", pushed.graph_store]
    result = runner.invoke(cli, merge, env=_env(pushed))
    assert result.exit_code == 0 and "(merged;" in result.output, result.output
    expected = _sizes(graph_contents(built, second_build))
    assert _seckg_counts(pushed) == expected
    result = runner.invoke(cli, merge, env=_env(pushed))
    assert result.exit_code == 0, result.output
    assert _seckg_counts(pushed) == expected
    result = runner.invoke(cli, ["--data-dir", str(second_build), "push", "--timeout", "300", pushed.graph_store],
                           env=_env(pushed))
    assert result.exit_code == 0 and "(replaced)" in result.output, result.output
    replaced = _seckg_counts(pushed)
    assert {g: replaced[g] for g in second} == _sizes(second)
    assert {g: replaced[g] for g in first if g not in second} == {g: n for g, n in _sizes(first).items()
                                                                  if g not in second}


def test_an_answer_cut_short_by_a_row_limit_is_an_error(built, second_build, tmp_path):  # noqa: F811
    """Debian's own virtuoso.ini sets ResultSetMaxRows = 10000: Virtuoso then sends the first
    10,000 rows as if they were all (200, with an X-SPARQL-MaxRows header). check --endpoint
    counts first and stops (exit 5) rather than validate part of the graph."""
    from . import virtuoso as tv
    from .conftest import require_program

    program = require_program("virtuoso-t", "virtuoso-opensource", "/usr/bin/virtuoso-t")
    limit = "ResultSetMaxRows      = 1000000"
    assert limit in tv.INI
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tv, "INI", tv.INI.replace(limit, "ResultSetMaxRows      = 5000"))
        with tv.virtuoso_server(program, tmp_path / "virtuoso") as server:
            result = CliRunner().invoke(cli, ["--data-dir", str(second_build), "push", "--timeout", "300",
                                              server.graph_store], env=_env(server))
            assert result.exit_code == 0, result.output
            result = CliRunner().invoke(cli, ["check", "--endpoint", server.sparql, "--only", "rules"],
                                        env=NO_CREDENTIALS)
            every = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
            query = CliRunner().invoke(cli, ["query", "--endpoint", server.sparql, "--union", "server", "-e", every],
                                       env=NO_CREDENTIALS)
            few = CliRunner().invoke(cli, ["query", "--endpoint", server.sparql, "--union", "server", "-e",
                                           every + " LIMIT 10", "-f", "csv"], env=NO_CREDENTIALS)
    assert result.exit_code == 5, result.output
    assert f"{server.sparql}: reading its named graphs: the server sent 5000 of its" in result.output
    assert "ResultSetMaxRows" in result.output and "Traceback" not in result.output
    # seckg query --endpoint: the cut answer is an error too; an answer under the limit is not
    assert query.exit_code == 5 and "cut its answer at 5000 rows" in query.output, query.output
    assert few.exit_code == 0 and len(few.output.strip().splitlines()) == 11, few.output
