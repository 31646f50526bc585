"""Running SPARQL: parameters typed and bound by the engine, labels resolved through the
lexicon, every output format read back by another parser, ASK exit codes, spec-correct
comparisons, RDF files and a real SPARQL endpoint as targets."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from seckg.cli.main import cli
from seckg.errors import InputError, UnsafeQueryError, UsageError
from seckg.queries.catalogue import parse_stored_query
from seckg.queries.engine import EndpointTarget, StoreTarget, files_target
from seckg.queries.params import bind_params

ID = "https://w3id.org/seckg/id/"
PARTNERS = """PREFIX seckg: <https://w3id.org/seckg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?partnership ?party ?label WHERE {
  ?partnership a seckg:Partnership ; seckg:hasParty ?party ; rdfs:label ?label .
} ORDER BY ?partnership ?party"""

PARAM_QUERY = """#+ title: Test
#+ description: A query with one parameter of each type.
#+ params:
#+   - {name: state, type: entity, kinds: [state], required: true}
#+   - {name: phrase, type: string}
#+   - {name: n, type: integer}
#+   - {name: year, type: year}
#+   - {name: day, type: date}
#+   - {name: node, type: iri}
#+ columns: [state, phrase, n, year, day, node]

SELECT ?state ?phrase ?n ?year ?day ?node WHERE { }
"""


@pytest.fixture(scope="module")
def target(built: Path) -> StoreTarget:
    return StoreTarget.embedded(built)


def run(built: Path, *args: str):
    return CliRunner().invoke(cli, ["--data-dir", str(built), "query", *args])


@pytest.mark.parametrize("label, iri", [("China", "state/china"), ("Tokyo", "state/japan"),
                                        ("Beijing", "state/china"), ("Japanese", "state/japan"),
                                        ("Xi", "person/xi-jinping")])
def test_entity_labels_resolve_through_the_lexicon(target, label, iri):
    q = parse_stored_query(PARAM_QUERY.replace("kinds: [state]", "kinds: [state, person]"), "t", "t.rq")
    assert bind_params(q, {"state": label}, target)["state"] == ox.NamedNode(ID + iri)


def test_values_are_parsed_by_their_type(target):
    q = parse_stored_query(PARAM_QUERY, "t", "t.rq")
    b = bind_params(q, {"state": "China", "phrase": 'x"y', "n": "42", "year": "2018", "day": "2018-10-25",
                        "node": ID + "state/japan"}, target)
    assert b["n"] == ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert b["year"].datatype.value.endswith("#gYear") and b["day"].datatype.value.endswith("#date")
    assert b["phrase"] == ox.Literal('x"y')


@pytest.mark.parametrize("values, message", [
    ({}, "missing required parameter 'state'"),
    ({"state": "China", "n": "4x"}, "expected an integer"),
    ({"state": "China", "year": "20x8"}, "expected a year"),
    ({"state": "China", "day": "2018-13-01"}, "expected a date"),
    ({"state": "China", "node": "not an iri"}, "expected an IRI"),
    ({"state": "China", "node": "https://example.org/a b"}, "not an IRI"),
    ({"state": "Atlantis"}, "no entity labelled 'Atlantis' among state"),
    ({"state": "China", "nope": "1"}, "has no parameter 'nope'"),
])
def test_bad_values_are_clear_errors(target, values, message):
    q = parse_stored_query(PARAM_QUERY, "t", "t.rq")
    # a missing or unknown parameter is a usage error (exit 2), a bad value bad input (exit 3)
    error = UsageError if "parameter '" in message else InputError
    with pytest.raises(error, match=message):
        bind_params(q, values, target)


def test_misspelt_names_get_suggestions(target, built):  # type: ignore[no-untyped-def]
    q = parse_stored_query(PARAM_QUERY, "t", "t.rq")
    with pytest.raises(InputError, match="did you mean 'China'"):
        bind_params(q, {"state": "Chnia"}, target)
    with pytest.raises(UsageError, match="did you mean 'state'"):
        bind_params(q, {"stat": "China"}, target)
    result = run(built, "run", "partnership-of-state", "-p", "state=China")
    assert result.exit_code == 3 and "did you mean partnerships-of-state" in result.stderr
    result = run(built, "run", "partnerships-of-state")
    assert result.exit_code == 2 and "missing required parameter 'state'" in result.stderr


def test_an_ambiguous_label_says_so(target):
    q = parse_stored_query(PARAM_QUERY.replace("kinds: [state]", "kinds: [document]"), "t", "t.rq")
    with pytest.raises(InputError, match="ambiguous"):
        bind_params(q, {"state": "Article 5"}, target)


def _outcome(name: str, kinds: tuple[str, ...], target: StoreTarget) -> str:
    from seckg.queries.params import resolve_entity

    try:
        return resolve_entity(name, kinds, target, "p").value
    except InputError as e:
        return str(e)


def test_labels_are_read_once_and_resolve_as_the_query_does(built, target, monkeypatch):
    """A store's names are read once into a dictionary kept with the target (after its first few
    look-ups, which ask the query, as a command that resolves a label or two does); every name (and
    its upper case, and misses) gives the entity, or the error, that the per-label query of a
    remote endpoint gives: the same ambiguities, kinds and suggestions."""
    from seckg.queries import engine, params

    names = sorted({r["l"].value for r in target.execute(params._ALL_NAMES).rows})  # type: ignore[union-attr]
    assert len(names) > 300  # a sample of them below: a miss costs a scan of every label, for the suggestions
    cases = [(n, k) for n in [*names[::40], *(n.upper() for n in names[::97]), "Nowhere", "article 5", "Chna"]
             for k in ((), ("state",), ("document",))]
    indexed = StoreTarget.embedded(built)
    calls: list[str] = []
    execute = engine.StoreTarget.execute
    monkeypatch.setattr(engine.StoreTarget, "execute", lambda self, text, *a, **k: calls.append(text) or execute(self, text, *a, **k))
    got = {c: _outcome(*c, indexed) for c in cases}
    assert calls.count(params._ALL_NAMES) == 1  # read once, after the first look-ups asked the query
    assert calls.count(params._RESOLVE) == params._ASK_BEFORE_INDEX
    monkeypatch.setattr(params, "StoreTarget", type("NotAStore", (), {}))  # as for an endpoint: a query per label
    asked = StoreTarget.embedded(built)
    for case in cases:
        assert got[case] == _outcome(*case, asked), case


@pytest.mark.parametrize("hostile", ['"} ; DROP ALL ; SELECT * WHERE {"', "'; }} UNION { ?s ?p ?o } #",
                                     "\\\"}", "<https://evil.example/> } SERVICE <http://127.0.0.1:9/> {"])
def test_hostile_values_are_bound_as_values(target, hostile):
    q = parse_stored_query("""#+ title: Phrase
#+ description: statements containing a phrase
#+ params: [{name: phrase, type: string, required: true}]

PREFIX seckg: <https://w3id.org/seckg/ontology#>
SELECT ?s WHERE { ?s seckg:quoteText ?t FILTER(CONTAINS(?t, ?phrase)) }""", "t", "t.rq")
    bindings = bind_params(q, {"phrase": hostile}, target)
    assert bindings["phrase"] == ox.Literal(hostile)
    assert target.execute(q.text, bindings).rows == []


def test_hostile_iri_values_are_refused(target):
    q = parse_stored_query(PARAM_QUERY, "t", "t.rq")
    with pytest.raises(InputError):
        bind_params(q, {"state": "China", "node": "https://x/> } ; DROP ALL ; <https://y"}, target)


def test_service_from_and_updates_are_refused(built):
    for text in ["SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                 "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "DROP ALL"]:
        result = run(built, "-e", text)
        assert result.exit_code == 4, result.output


def _rows(result) -> list[dict[str, str]]:
    return [{k: v.value for k, v in r.items() if v is not None} for r in result.rows]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml", "table", "markdown"])
def test_every_select_format_reads_back(built, target, fmt):
    expected = _rows(target.execute(PARTNERS))
    assert expected
    result = run(built, "-f", fmt, "-e", PARTNERS)
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "csv":
        got = list(csv.DictReader(io.StringIO(out)))
        assert got == expected
    elif fmt in ("tsv", "json", "xml"):
        parsed = ox.parse_query_results(out.encode(), format={"tsv": ox.QueryResultsFormat.TSV,
                                        "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}[fmt])
        assert [{str(k.value) if hasattr(k, "value") else k: v for k, v in r.items()} for r in
                [{v.value: row[v].value for v in parsed.variables if row[v] is not None} for row in parsed]] == expected
        if fmt == "json":
            data = json.loads(out)
            assert data["head"]["vars"] == ["partnership", "party", "label"]
        if fmt == "xml":
            ns = {"s": "http://www.w3.org/2005/sparql-results#"}
            assert len(ET.fromstring(out).findall("s:results/s:result", ns)) == len(expected)
    else:
        assert "partnership" in out and "China–Russia partnership" in out


def test_json_and_xml_results_also_parse_with_rdflib(built, target):
    from rdflib.plugins.sparql.results.jsonresults import JSONResultParser
    from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

    n = len(target.execute(PARTNERS).rows)
    for fmt, parser in (("json", JSONResultParser()), ("xml", XMLResultParser())):
        out = run(built, "-f", fmt, "-e", PARTNERS).stdout
        assert len(list(parser.parse(io.StringIO(out) if fmt == "json" else io.BytesIO(out.encode())))) == n


def test_ask_answers_with_the_word_and_the_exit_code(built):
    yes = run(built, "-e", "ASK { ?s a <https://w3id.org/seckg/ontology#Partnership> }")
    no = run(built, "-e", "ASK { ?s a <https://w3id.org/seckg/ontology#NoSuchClass> }")
    assert (yes.exit_code, yes.stdout) == (0, "true\n")
    assert (no.exit_code, no.stdout) == (1, "false\n")


@pytest.mark.parametrize("fmt", ["turtle", "nt", "nquads", "trig", "jsonld", "xml"])
def test_construct_gives_rdf_in_every_format(built, tmp_path, fmt):
    from seckg.rdfload import load_graph

    q = ("CONSTRUCT { ?p a <https://w3id.org/seckg/ontology#Partnership> } "
         "WHERE { ?p a <https://w3id.org/seckg/ontology#Partnership> }")
    result = run(built, "-f", fmt, "-e", q)
    assert result.exit_code == 0, result.output
    path = tmp_path / f"out.{ {'turtle': 'ttl', 'xml': 'rdf'}.get(fmt, fmt)}"
    path.write_text(result.stdout, encoding="utf-8")
    assert len(load_graph(path)) >= 1


def test_results_follow_the_sparql_spec_not_rdflib(tmp_path):
    """rdflib 7.6 keeps a row where "since 2013" >= 2015; the spec (and Oxigraph) does not."""
    data = tmp_path / "d.ttl"
    data.write_text('<https://example.org/p> <https://example.org/since> "since 2013" .\n', encoding="utf-8")
    q = "SELECT ?p WHERE { ?p <https://example.org/since> ?y FILTER(?y >= 2015) }"
    assert files_target([data]).execute(q).rows == []
    import rdflib

    g = rdflib.Graph().parse(data)
    assert len(list(g.query(q))) == 1  # what seckg avoids by running queries on Oxigraph


def test_queries_on_rdf_files(built, tmp_path):
    result = CliRunner().invoke(cli, ["query", "--data", str(built / "seckg.trig"), "-f", "csv", "-e", PARTNERS])
    assert result.exit_code == 0, result.output
    assert "partnership/china--russia" in result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(built: Path, tmp_path_factory):
    """A real SPARQL server (Oxigraph's, read-only) on loopback, over a copy of the built store."""
    server = Path(sys.executable).parent / "oxigraph"
    if not server.exists():
        pytest.fail("the oxigraph server is not installed (pip install -e '.[test]')")
    location = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(built / "store", location)
    port = _free_port()
    proc = subprocess.Popen([str(server), "serve-read-only", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "10"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("the SPARQL server did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_the_same_answers_from_a_remote_endpoint(endpoint, target):
    remote = EndpointTarget(endpoint)
    assert _rows(remote.execute(PARTNERS)) == _rows(target.execute(PARTNERS))
    q = parse_stored_query(PARAM_QUERY.replace("WHERE { }", "WHERE { }"), "t", "t.rq")
    b = bind_params(q, {"state": "Tokyo"}, remote)  # labels resolve on the endpoint too
    assert b["state"] == ox.NamedNode(ID + "state/japan")
    assert remote.execute("ASK { ?s a <https://w3id.org/seckg/ontology#Partnership> }").boolean is True


def test_an_unreachable_endpoint_is_a_store_error():
    result = CliRunner().invoke(cli, ["query", "--endpoint", f"http://127.0.0.1:{_free_port()}/query",
                                      "--timeout", "2", "-e", "ASK {}"])
    assert result.exit_code == 5 and "cannot reach" in result.stderr


def test_unsafe_queries_are_refused_before_any_target_sees_them(target):
    with pytest.raises(UnsafeQueryError):
        target.execute("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_a_parameter_is_bound_inside_the_sub_selects_that_project_it():
    """The engine writes the parameter's VALUES inside each sub-select projecting it (Oxigraph
    evaluates a sub-select on its own), also where a comment sits between the brace and SELECT,
    and not where the sub-select aggregates; the answer is the one of the outer binding alone."""
    from seckg.queries.engine import bind_inline

    text = """PREFIX ex: <http://example.org/>
SELECT ?s ?o ?n WHERE {
  { SELECT DISTINCT ?s ?o WHERE { ?s ex:p ?o } }
  OPTIONAL {
    # a comment between the brace and the sub-select
    { SELECT DISTINCT ?s ?x WHERE { ?s ex:q ?x } }
  }
  { SELECT ?s (COUNT(?y) AS ?n) WHERE { ?s ex:p ?y } GROUP BY ?s }
}"""
    s = ox.NamedNode("http://example.org/a")
    bound = bind_inline(text, {"s": s})
    assert bound.count("VALUES ?s") == 3  # the outer group and the two plain sub-selects
    assert "GROUP BY ?s }" in bound and "{ VALUES ?s { <http://example.org/a> } { ?s ex:p ?y }" not in bound
    store = ox.Store()
    ex = "http://example.org/"
    for a, p, b in [("a", "p", "1"), ("a", "q", "2"), ("b", "p", "3"), ("b", "q", "4"), ("a", "p", "5")]:
        store.add(ox.Quad(ox.NamedNode(ex + a), ox.NamedNode(ex + p), ox.NamedNode(ex + b)))
    outer_only = text.replace("SELECT ?s ?o ?n WHERE {", "SELECT ?s ?o ?n WHERE { VALUES ?s { <http://example.org/a> }", 1)
    rows = {tuple(str(r[v]) for v in ("s", "o", "n")) for r in store.query(bound)}
    assert rows == {tuple(str(r[v]) for v in ("s", "o", "n")) for r in store.query(outer_only)}
    assert len(rows) == 2
