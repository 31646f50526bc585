"""Beyond one machine: ``seckg push`` writes the built graph to an Oxigraph server on loopback
through the Graph Store Protocol; stored queries give the embedded store's rows on it whether its
default graph is the union of its named graphs or not (detected, with a warning); credentials
from the environment, never shown; ``seckg check --endpoint`` validates what the server holds;
``--merge`` adds a second build to a pushed one (its graphs added, the others kept, the same
merge twice changes nothing) and ``--replace`` replaces each graph it writes. (TLS:
tests/test_remote_tls.py.)"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import socket
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from seckg.cli.main import cli
from seckg.queries.catalogue import load_catalogue
from seckg.queries.engine import EndpointTarget, StoreTarget
from seckg.queries.formats import render
from seckg.queries.params import bind_params
from seckg.queries.remote import Credentials, credentials_from_env

from .localserver import oxigraph_server

CASES = yaml.safe_load((Path(__file__).parent / "queries" / "cases.yaml").read_text(encoding="utf-8"))
CATALOGUE = load_catalogue()


@pytest.fixture(scope="module")
def pushed(built, tmp_path_factory):
    """The built graph pushed by ``seckg push`` to a plain Oxigraph server (its default graph is
    *not* the union of the named graphs, as on Fuseki, GraphDB or Virtuoso)."""
    location = tmp_path_factory.mktemp("oxigraph")
    with oxigraph_server(location) as base:
        result = CliRunner().invoke(cli, ["--data-dir", str(built), "push", base + "/store"])
        assert result.exit_code == 0, result.output
        assert "pushed:" in result.output
        yield base


def _expected(target: StoreTarget, name: str):  # type: ignore[no-untyped-def]
    query = CATALOGUE[name]
    values = {k: str(v) for k, v in (CASES.get(name) or {}).items()}
    result = target.execute(query.text, bind_params(query, values, target), source=query.source)
    gc.collect()
    return json.loads(render(result, "json"))


def test_push_keeps_the_named_graphs(pushed, built):
    local = StoreTarget.embedded(built)
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    remote = EndpointTarget(pushed + "/query", union="server")
    # the dataset's default graph went to a named graph of its own
    assert int(remote.execute(graphs).rows[0]["n"].value) == int(local.execute(graphs).rows[0]["n"].value) + 1
    quads = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert int(remote.execute(quads).rows[0]["n"].value) == len(local.store)
    assert remote.execute("ASK { ?s ?p ?o }").boolean is False  # the server's default graph: empty


@pytest.mark.parametrize("name", ["partnerships-of-state", "evidence-for", "who-said", "facts-by-class"])
def test_stored_queries_on_a_server_without_union_default_graph(pushed, built, name, caplog):
    local = StoreTarget.embedded(built)
    with caplog.at_level(logging.WARNING, logger="seckg"):
        remote = EndpointTarget(pushed + "/query")  # union="auto"
        query = CATALOGUE[name]
        values = {k: str(v) for k, v in (CASES.get(name) or {}).items()}
        result = remote.execute(query.text, bind_params(query, values, remote), source=query.source)
    assert "not the union" in caplog.text
    assert json.loads(render(result, "json")) == _expected(local, name)
    assert result.rows


def test_no_union_mode_finds_nothing_there(pushed):
    remote = EndpointTarget(pushed + "/query", union="server")
    assert remote.execute("ASK { ?s a <https://w3id.org/seckg/ontology#State> }").boolean is False


def test_on_a_union_server_nothing_is_rewritten(built, tmp_path, caplog):
    location = tmp_path / "ox"
    with oxigraph_server(location, "--union-default-graph") as base:
        assert CliRunner().invoke(cli, ["--data-dir", str(built), "push", base + "/store"]).exit_code == 0
        with caplog.at_level(logging.WARNING, logger="seckg"):
            remote = EndpointTarget(base + "/query")
            assert remote.execute("ASK { ?s a <https://w3id.org/seckg/ontology#State> }").boolean is True
        assert remote.dataset() == {} and "not the union" not in caplog.text


def test_from_only_when_asked(pushed):
    from seckg.errors import UnsafeQueryError

    text = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/seckg/graph/default> WHERE { ?s ?p ?o }"
    with pytest.raises(UnsafeQueryError):
        EndpointTarget(pushed + "/query").execute(text)
    assert int(EndpointTarget(pushed + "/query", allow_from=True).execute(text).rows[0]["n"].value) > 0


def test_credentials_from_the_environment_are_never_shown(monkeypatch):
    assert credentials_from_env({}) is None
    basic = credentials_from_env({"SECKG_ENDPOINT_USER": "ann", "SECKG_ENDPOINT_PASSWORD": "s3cret"})
    assert basic.headers() == {"Authorization": "Basic YW5uOnMzY3JldA=="} and "s3cret" not in repr(basic)
    bearer = credentials_from_env({"SECKG_ENDPOINT_TOKEN": "tok-123"})
    assert bearer.headers() == {"Authorization": "Bearer tok-123"} and "tok-123" not in repr(bearer)
    assert Credentials(token="x") != Credentials(user="x")


def test_credentials_over_plain_http_to_another_host_are_warned_of_once(monkeypatch, caplog):
    from seckg.queries import remote

    monkeypatch.setattr(remote, "_WARNED_CLEAR_TEXT", set())
    basic = credentials_from_env({"SECKG_ENDPOINT_USER": "ann", "SECKG_ENDPOINT_PASSWORD": "s3cret"})
    with caplog.at_level(logging.WARNING, logger="seckg"):
        for url in ("http://127.0.0.1:7878/store", "http://localhost/store", "http://[::1]:7878/store",
                    "https://kg.example.org/store", "http://kg.example.org/store", "http://kg.example.org/query"):
            remote._warn_clear_text(url, basic)
    warnings = [r.getMessage() for r in caplog.records]
    assert warnings == ["http://kg.example.org/store: sending credentials over plain http, readable on the"
                        " network; use https"]
    assert "s3cret" not in caplog.text and "YW5u" not in caplog.text


def test_credentials_are_sent(monkeypatch):
    from .localserver import counting_server

    monkeypatch.setenv("SECKG_ENDPOINT_TOKEN", "tok-123")
    with counting_server() as server:
        server.httpd.RequestHandlerClass.status = 401  # type: ignore[attr-defined]
        seen = []
        original = server.httpd.RequestHandlerClass._answer  # type: ignore[attr-defined]

        def answer(handler):  # type: ignore[no-untyped-def]
            seen.append(handler.headers.get("Authorization"))
            original(handler)

        server.httpd.RequestHandlerClass._answer = answer  # type: ignore[attr-defined]
        server.httpd.RequestHandlerClass.do_POST = answer  # type: ignore[attr-defined]
        try:
            with pytest.raises(Exception) as info:
                EndpointTarget(server.url + "/sparql", union="server").execute("ASK { ?s ?p ?o }")
        finally:
            server.httpd.RequestHandlerClass._answer = original  # type: ignore[attr-defined]
            server.httpd.RequestHandlerClass.do_POST = original  # type: ignore[attr-defined]
            server.httpd.RequestHandlerClass.status = 404  # type: ignore[attr-defined]
    assert seen == ["Bearer tok-123"]
    assert "401" in str(info.value) and "tok-123" not in str(info.value) and "SECKG_ENDPOINT_TOKEN" in str(info.value)


def test_a_deadline_for_the_whole_answer():
    """A server that trickles its answer cannot hold the client past --timeout."""
    import threading

    from seckg.errors import StoreError

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def trickle() -> None:
        conn, _ = listener.accept()
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 1000\r\n\r\n")
        with contextlib.suppress(OSError):
            for _ in range(40):
                conn.sendall(b" ")
                time.sleep(0.1)
        conn.close()

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    t0 = time.monotonic()
    with pytest.raises(StoreError, match="within 1 s"):
        EndpointTarget(f"http://127.0.0.1:{port}/sparql", timeout=1, union="server").execute("ASK { ?s ?p ?o }")
    assert time.monotonic() - t0 < 2.5
    listener.close()


def test_check_validates_what_the_server_holds(pushed):
    result = CliRunner().invoke(cli, ["check", "--endpoint", pushed + "/query", "--only", "rules,provenance",
                                      "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):result.output.rindex("}") + 1])
    assert report["inputs"] == f"endpoint {pushed}/query"  # not the temporary file it was read into


def test_push_help():
    result = CliRunner().invoke(cli, ["push", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "SECKG_ENDPOINT_TOKEN" in result.output
    assert "SECKG_ENDPOINT_CA" in result.output


# --- seckg query --union / --allow-from ---------------------------------------------------------

_STATE = "ASK { ?s a <https://w3id.org/seckg/ontology#State> }"


def test_query_union_option_overrides_the_environment(pushed, built, monkeypatch, caplog):
    runner = CliRunner()
    monkeypatch.setenv("SECKG_ENDPOINT_UNION", "graphs")
    # --union server: the plain server's default graph is empty, so ASK is false (exit 1)
    result = runner.invoke(cli, ["--data-dir", str(built), "query", "--endpoint", pushed + "/query",
                                 "--union", "server", "-e", _STATE])
    assert result.exit_code == 1 and "false" in result.output, result.output
    monkeypatch.setenv("SECKG_ENDPOINT_UNION", "server")
    with caplog.at_level(logging.WARNING, logger="seckg"):
        result = runner.invoke(cli, ["--data-dir", str(built), "query", "--endpoint", pushed + "/query",
                                     "--union", "graphs", "-e", _STATE])
    assert result.exit_code == 0 and "true" in result.output, result.output
    assert "not the union" not in caplog.text  # no probe when the mode is given


def test_query_run_takes_union(pushed, built):
    name = "partnerships-of-state"
    args = [f"{k}={v}" for k, v in (CASES.get(name) or {}).items()]
    result = CliRunner().invoke(cli, ["--data-dir", str(built), "query", "run", name,
                                      *[a for arg in args for a in ("-p", arg)],
                                      "--endpoint", pushed + "/query", "--union", "graphs", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == _expected(StoreTarget.embedded(built), name)


def test_query_allow_from(pushed, built):
    runner = CliRunner()
    text = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/seckg/graph/default> WHERE { ?s ?p ?o }"
    refused = runner.invoke(cli, ["--data-dir", str(built), "query", "--endpoint", pushed + "/query", "-e", text])
    assert refused.exit_code != 0 and "FROM" in refused.output
    allowed = runner.invoke(cli, ["--data-dir", str(built), "query", "--endpoint", pushed + "/query",
                                  "--allow-from", "-e", text, "-f", "json"])
    assert allowed.exit_code == 0, allowed.output
    assert int(json.loads(allowed.output)["results"]["bindings"][0]["n"]["value"]) > 0


@pytest.mark.parametrize("args", [["--union", "graphs"], ["--allow-from"]])
def test_remote_options_need_an_endpoint(built, args):
    result = CliRunner().invoke(cli, ["--data-dir", str(built), "query", *args, "-e", _STATE])
    assert result.exit_code == 2 and "--endpoint" in result.output


def test_union_takes_server_graphs_or_an_iri():
    result = CliRunner().invoke(cli, ["query", "--endpoint", "http://127.0.0.1:9/query", "--union", "every graph",
                                      "-e", _STATE])
    assert result.exit_code == 2 and "union graph" in result.output
    # Fuseki's union graph is a URN, not a URL: taken as it is (no request needed to say so)
    target = EndpointTarget("http://127.0.0.1:9/query", union="urn:x-arq:UnionGraph")
    assert target.dataset() == {"default-graph-uri": ["urn:x-arq:UnionGraph"]}


def test_query_help_names_the_remote_options():
    result = CliRunner().invoke(cli, ["query", "--help"])
    assert "--union" in result.output and "--allow-from" in result.output and "SECKG_ENDPOINT_UNION" in result.output


# --- --merge and --replace ------------------------------------------------------------------------

SECOND_TEXT = "india-china-border-2020"


@pytest.fixture(scope="module")
def second_build(tmp_path_factory):
    """Another data dir: one of the genre texts built alone (its evidence graphs and documents
    are not the corpus's; its ontology and reference lexicon graphs are the same)."""
    import shutil

    from seckg.graph.build import build_corpus

    from .conftest import GENRE

    tmp = tmp_path_factory.mktemp("second")
    (tmp / "texts").mkdir()
    for suffix in (".txt", ".yaml"):
        shutil.copy(GENRE / f"{SECOND_TEXT}{suffix}", tmp / "texts" / f"{SECOND_TEXT}{suffix}")
    build_corpus(tmp / "texts", tmp / "data", validate=False)
    return tmp / "data"


def graph_contents(*data_dirs: Path) -> dict[str, tuple[set, int]]:  # type: ignore[type-arg]
    """Per graph name (the default graph under the name push gives it): the triples without
    blank nodes of these builds together, and the number of triples with blank nodes of the
    first build that has the graph (the builds' blank-node structures are the same ontology's)."""
    import pyoxigraph as ox

    from seckg.graph.store import open_store
    from seckg.queries.remote import DEFAULT_GRAPH

    out: dict[str, tuple[set, int]] = {}  # type: ignore[type-arg]
    for data_dir in data_dirs:
        blank: dict[str, int] = {}
        for q in open_store(data_dir, read_only=True).quads_for_pattern(None, None, None):
            name = DEFAULT_GRAPH if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            ground, _ = out.setdefault(name, (set(), -1))
            if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                blank[name] = blank.get(name, 0) + 1
            else:
                ground.add((q.subject, q.predicate, q.object))
        for name, (ground, n) in out.items():
            if n < 0:
                out[name] = (ground, blank.get(name, 0))
    return out


def server_counts(base: str) -> dict[str, int]:
    rows = EndpointTarget(base + "/query", union="server").execute(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    return {row["g"].value: int(row["n"].value) for row in rows}


@pytest.mark.slow
def test_merge_adds_a_second_build_and_keeps_the_first(built, second_build, tmp_path):
    first, second = graph_contents(built), graph_contents(second_build)
    shared = sorted(set(first) & set(second))
    assert len(shared) >= 3 and any(first[g][1] for g in shared)  # the test's premise: shared graphs, blank nodes
    assert all(first[g][1] == second[g][1] for g in shared)
    expected = {g: len(ground) + blank for g, (ground, blank) in graph_contents(built, second_build).items()}
    runner = CliRunner()
    with oxigraph_server(tmp_path / "ox") as base:
        assert runner.invoke(cli, ["--data-dir", str(built), "push", base + "/store"]).exit_code == 0
        assert server_counts(base) == {g: len(ground) + blank for g, (ground, blank) in first.items()}
        result = runner.invoke(cli, ["--data-dir", str(second_build), "push", "--merge", base + "/store"])
        assert result.exit_code == 0 and "(merged;" in result.output, result.output
        assert server_counts(base) == expected
        # merging the same build again adds nothing: not even a second copy of the ontology's
        # blank-node structures (an RDF merge keeps blank nodes apart)
        assert runner.invoke(cli, ["--data-dir", str(second_build), "push", "--merge", base + "/store"]).exit_code == 0
        assert server_counts(base) == expected
        # the merged dataset passes the rules and the provenance check (every fact has its evidence)
        report = runner.invoke(cli, ["check", "--endpoint", base + "/query", "--only", "rules,provenance"])
        assert report.exit_code == 0, report.output
        # --replace: each graph the second build holds is now its copy; the first's own graphs stay
        assert runner.invoke(cli, ["--data-dir", str(second_build), "push", "--replace", base + "/store"]).exit_code == 0
        replaced = server_counts(base)
        assert {g: replaced[g] for g in second} == {g: len(ground) + blank for g, (ground, blank) in second.items()}
        assert {g: replaced[g] for g in first if g not in second} == \
            {g: len(ground) + blank for g, (ground, blank) in first.items() if g not in second}
