"""``seckg export``: every format parses back (Oxigraph's and rdflib's parsers) to what the store
holds for the part, exports are byte-identical when repeated, and the VoID description counts
what the store holds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from seckg.cli.context import App
from seckg.cli.export import export as export_cmd
from seckg.graph.export import (
    EXPORT_FORMATS,
    QUAD_FORMATS,
    STREAMED_FORMATS,
    export,
    export_to,
    load_context,
    void_description,
)
from seckg.graph.store import open_store
from seckg.rdfload import load_graph, to_rdflib

ONTOLOGY_G = "https://w3id.org/seckg/graph/ontology"
REFERENCE_G = "https://w3id.org/seckg/graph/reference"
INFERRED_G = "https://w3id.org/seckg/graph/inferred"
EVIDENCE = "https://w3id.org/seckg/id/evidence/"
SECKG = Namespace("https://w3id.org/seckg/ontology#")
OA = "http://www.w3.org/ns/oa#"
VOID = Namespace("http://rdfs.org/ns/void#")
RDFLIB_FORMAT = {"turtle": "turtle", "nt": "nt", "nquads": "nquads", "trig": "trig",
                 "jsonld": "json-ld", "xml": "xml"}
FORMATS = list(EXPORT_FORMATS)


# -- what the store holds, read without the export code --------------------------------------


def _expected(data_dir: Path, part: str, provenance: bool = True, *, as_exported: bool = True) -> dict[str, Graph]:
    """The store's quads of ``part``, by graph name ("" is the default graph); ``as_exported``:
    the ontology as one ontology (the modules' headers and the imports left out)."""
    graphs: dict[str, Graph] = {}
    for q in open_store(data_dir, read_only=True):
        g = q.graph_name
        name = "" if isinstance(g, ox.DefaultGraph) else g.value
        if name == ONTOLOGY_G:
            keep = part in ("ontology", "all")
        elif name == REFERENCE_G:
            keep = part in ("reference", "all")
        else:
            keep = part in ("data", "all")
            if not provenance:
                if name == "":
                    continue
                name = ""
        if keep:
            graphs.setdefault(name, Graph()).add(
                (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    if as_exported and part in ("data", "all"):  # texts that may not be redistributed are left out
        from rdflib import DCTERMS, URIRef

        from seckg.graph.export import OPEN_LICENCES

        text = URIRef("https://w3id.org/seckg/ontology#text")
        for g in graphs.values():
            for doc in set(g.subjects(text, None)):
                if not any(str(lic) in OPEN_LICENCES for lic in g.objects(doc, DCTERMS.license)):
                    g.remove((doc, text, None))
    if as_exported and ONTOLOGY_G in graphs:  # exported as one ontology: the modules' headers and the imports left out
        from rdflib import OWL, RDF, URIRef

        ontology = graphs[ONTOLOGY_G]
        main = URIRef("https://w3id.org/seckg/ontology")
        for module in set(ontology.subjects(RDF.type, OWL.Ontology)) - {main}:
            ontology.remove((module, None, None))
        ontology.remove((None, OWL.imports, None))
    return graphs


def _merged(graphs: dict[str, Graph]) -> Graph:
    out = Graph()
    for g in graphs.values():
        out += g
    return out


def _ox_graphs(data: bytes, fmt: str) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for q in ox.parse(data, format=EXPORT_FORMATS[fmt]):
        g = q.graph_name
        name = "" if isinstance(g, ox.DefaultGraph) else g.value
        graphs.setdefault(name, Graph()).add(
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return graphs


def _rdflib_graphs(data: bytes, fmt: str) -> dict[str, Graph]:
    if fmt in QUAD_FORMATS:
        ds = Dataset()
        ds.parse(data=data, format=RDFLIB_FORMAT[fmt])
        graphs: dict[str, Graph] = {}
        for s, p, o, g in ds.quads((None, None, None, None)):
            name = "" if g is None or g == DATASET_DEFAULT_GRAPH_ID else str(g)
            graphs.setdefault(name, Graph()).add((s, p, o))
        return graphs
    g = Graph()
    g.parse(data=data, format=RDFLIB_FORMAT[fmt])
    return {"": g}


def _assert_same(got: dict[str, Graph], expected: dict[str, Graph], fmt: str, who: str) -> None:
    if fmt in QUAD_FORMATS:
        assert set(got) == set(expected), f"{who}: graph names differ"
        for name, g in expected.items():
            assert len(got[name]) == len(g), f"{who}: graph {name!r}: {len(got[name])} != {len(g)}"
            assert isomorphic(got[name], g), f"{who}: graph {name!r} is not isomorphic"
    else:
        merged = _merged(expected)
        g = _merged(got)
        assert len(g) == len(merged), f"{who}: {len(g)} triples, store has {len(merged)}"
        assert isomorphic(g, merged), f"{who}: not isomorphic to the store's content"


# -- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_data_round_trips_through_two_parsers(built, fmt):
    data = export(built, fmt, "data")
    expected = _expected(built, "data")
    _assert_same(_ox_graphs(data, fmt), expected, fmt, "oxigraph")
    _assert_same(_rdflib_graphs(data, fmt), expected, fmt, "rdflib")


@pytest.mark.parametrize("part", ["data", "all"])
def test_pyld_expands_the_json_ld_export_to_the_same_graph(built, part):
    """A JSON-LD processor other than rdflib's (PyLD) expands the export and turns it into RDF;
    the triples are the store's. It is given no document loader: nothing may be fetched."""
    from pyld import jsonld

    def no_fetch(url, options=None):
        raise AssertionError(f"PyLD tried to load {url}")

    doc = json.loads(export(built, "jsonld", part))
    expanded = jsonld.expand(doc, {"documentLoader": no_fetch})
    assert len(expanded) > 100 and all(isinstance(node.get("@id"), str) for node in expanded)
    nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads", "documentLoader": no_fetch})
    _assert_same({"": Graph().parse(data=nquads, format="nt")}, _expected(built, part), "jsonld", "pyld")


@pytest.mark.parametrize(("fmt", "part"), [
    ("trig", "all"), ("nquads", "ontology"), ("turtle", "all"), ("nt", "reference"),
    ("xml", "ontology"), ("jsonld", "ontology"), ("turtle", "reference"),
])
def test_export_other_parts_round_trip(built, fmt, part):
    data = export(built, fmt, part)
    expected = _expected(built, part)
    _assert_same(_ox_graphs(data, fmt), expected, fmt, "oxigraph")
    _assert_same(_rdflib_graphs(data, fmt), expected, fmt, "rdflib")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("part", ["data", "all"])
def test_export_twice_gives_identical_bytes(built, fmt, part):
    assert export(built, fmt, part) == export(built, fmt, part)


def test_export_is_identical_in_another_process(built):
    """rdflib's JSON-LD writer walks sets, whose order depends on the process's hash seed."""
    code = ("import sys; from pathlib import Path; from seckg.graph.export import export;"
            f"sys.stdout.buffer.write(export(Path({str(built)!r}), 'jsonld', 'all'))")
    python = str(Path(os.sys.executable))
    outs = [subprocess.run([python, "-c", code], capture_output=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert outs[0] == outs[1] == export(built, "jsonld", "all")


# -- provenance ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_no_provenance_has_every_fact_and_no_evidence(built, fmt):
    data = export(built, fmt, "data", provenance=False)
    graphs = _ox_graphs(data, fmt)
    assert set(graphs) == {""}, "facts are merged into the default graph"
    g = graphs[""]
    assert not [t for t in g if str(t[1]).startswith(OA) or str(t[2]).startswith(OA)]
    assert not list(g.triples((None, SECKG.hasEvidence, None)))
    assert not [t for t in g if str(t[0]).startswith(EVIDENCE) or str(t[2]).startswith(EVIDENCE)]
    facts = _merged({k: v for k, v in _expected(built, "data").items() if k.startswith(EVIDENCE)})
    assert len(facts) > 100
    missing = [t for t in facts if t not in g]
    assert not missing, f"{len(missing)} fact triples missing, e.g. {missing[:3]}"
    assert len(g) == len(facts)


def test_no_provenance_all_keeps_ontology_and_reference_graphs(built):
    graphs = _ox_graphs(export(built, "nquads", "all", provenance=False), "nquads")
    assert set(graphs) == {"", ONTOLOGY_G, REFERENCE_G}
    _assert_same(graphs, _expected(built, "all", provenance=False), "nquads", "oxigraph")


# -- JSON-LD ------------------------------------------------------------------------------------


def test_context_file_has_the_prefixes_and_typed_terms():
    ctx = load_context()
    for prefix in ("seckg", "id", "skos", "rdfs", "oa", "prov", "dcterms", "schema"):
        assert prefix in ctx, prefix
    assert ctx["year"] == {"@id": "seckg:year", "@type": "xsd:gYear"}
    assert ctx["sentenceIndex"]["@type"] == "xsd:integer"
    assert ctx["issued"]["@type"] == "xsd:date"
    assert ctx["hasParty"]["@type"] == "@id"


def test_context_covers_every_ontology_term():
    from seckg.ontology import NS, load_ontology

    ctx = load_context()
    targets = {v if isinstance(v, str) else v["@id"] for v in ctx.values()}
    onto = load_ontology()
    terms = {str(s)[len(str(NS)):] for s in set(onto.subjects()) if str(s).startswith(str(NS))}
    missing = sorted(t for t in terms if f"seckg:{t}" not in targets)
    assert not missing, f"context.jsonld lacks {missing} (add them to ontology/context.jsonld)"


def test_jsonld_is_compact_with_inline_context(built):
    data = export(built, "jsonld", "data")
    doc = json.loads(data)
    assert isinstance(doc["@context"], dict), "the context must be inline, never a reference"
    assert doc["@context"] == load_context()
    text = data.decode()
    assert '"hasParty"' in text and '"label"' in text and '"@type": "Partnership"' in text
    assert "https://w3id.org/seckg/ontology#" not in text.replace(
        '"seckg": "https://w3id.org/seckg/ontology#"', ""), "seckg terms are not compacted"
    assert '"sentenceIndex": ' in text and '"year": "' in text  # typed values, compacted


def test_jsonld_loads_back_through_seckg_loader(built, tmp_path):
    path = tmp_path / "data.jsonld"
    path.write_bytes(export(built, "jsonld", "data"))
    g = load_graph(path)
    expected = _merged(_expected(built, "data"))
    assert len(g) == len(expected)
    assert isomorphic(g, expected)


def test_seckg_loader_refuses_a_context_reference(tmp_path):
    from seckg.errors import UnsafeInputError

    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": "https://example.org/ctx.jsonld", "@id": "x"}))
    with pytest.raises(UnsafeInputError):
        load_graph(path)


# -- inferred -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def inferred_trig(built):
    if not shutil.which("java"):
        pytest.skip("the reasoner needs Java")
    return export(built, "trig", "data", inferred=True)


def test_inferred_triples_are_in_their_own_graph(built, inferred_trig):
    graphs = _ox_graphs(inferred_trig, "trig")
    assert INFERRED_G in graphs and len(graphs[INFERRED_G]) > 0
    plain = _expected(built, "data")
    assert {k: len(v) for k, v in graphs.items() if k != INFERRED_G} == {k: len(v) for k, v in plain.items()}
    asserted = _merged(plain)
    assert not [t for t in graphs[INFERRED_G] if t in asserted], "inferred graph repeats asserted triples"
    assert export(built, "trig", "data", inferred=True) == inferred_trig


# -- VoID ---------------------------------------------------------------------------------------


def _count(store: ox.Store, query: str) -> int:
    return int(next(iter(store.query(query, use_default_graph_as_union=True)))[0].value)


def test_void_counts_match_the_store(built):
    g = void_description(built)
    store = open_store(built, read_only=True)
    (ds,) = list(g.subjects(RDF.type, VOID.Dataset))
    assert (ds, RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")) in g
    union = _count(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }")
    assert g.value(ds, VOID.triples) == Literal(union)
    assert union == len(_merged(_expected(built, "all", as_exported=False)))
    partitions = list(g.objects(ds, VOID.classPartition))
    assert len(partitions) == int(g.value(ds, VOID.classes))
    for part in partitions:
        cls = g.value(part, VOID["class"])
        n = _count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{cls}> }}")
        assert int(g.value(part, VOID.entities)) == n, cls
    for part in g.objects(ds, VOID.propertyPartition):
        prop = g.value(part, VOID.property)
        n = _count(store, f"SELECT (COUNT(DISTINCT *) AS ?n) WHERE {{ ?s <{prop}> ?o }}")
        assert int(g.value(part, VOID.triples)) == n, prop
    assert list(g.objects(ds, VOID.exampleResource))
    assert not list(g.objects(ds, VOID.sparqlEndpoint))
    dumps = {str(o).rsplit("/", 1)[-1] for o in g.objects(ds, VOID.dataDump)}
    assert dumps == {"seckg.trig", "seckg.ttl"}
    assert g.value(ds, URIRef("http://purl.org/dc/terms/rights")) is not None
    assert g.value(ds, URIRef("http://purl.org/dc/terms/created")) is None  # a text's date is not the dataset's


def test_void_cli_with_endpoint(built, tmp_path):
    out = tmp_path / "void.ttl"
    result = CliRunner().invoke(export_cmd, ["--void", "--endpoint", "http://localhost:7878/query",
                                             "-o", str(out)], obj=App(data_dir=built))
    assert result.exit_code == 0, result.output
    g = Graph().parse(out, format="turtle")
    assert (None, VOID.sparqlEndpoint, URIRef("http://localhost:7878/query")) in g
    again = CliRunner().invoke(export_cmd, ["--void", "--endpoint", "http://localhost:7878/query"],
                               obj=App(data_dir=built))
    assert again.stdout_bytes == out.read_bytes()


def test_void_names_dumps_by_file_or_by_their_published_url(built):
    local = Graph().parse(data=CliRunner().invoke(export_cmd, ["--void"], obj=App(data_dir=built)).stdout,
                          format="turtle")
    assert {str(o) for o in local.objects(None, VOID.dataDump)} == {
        (built / name).resolve().as_uri() for name in ("seckg.trig", "seckg.ttl")}
    result = CliRunner().invoke(export_cmd, ["--void", "--dumps-url", "https://example.org/dl"],
                                obj=App(data_dir=built))
    published = Graph().parse(data=result.stdout, format="turtle")
    assert {str(o) for o in published.objects(None, VOID.dataDump)} == {
        "https://example.org/dl/seckg.trig", "https://example.org/dl/seckg.ttl"}
    bad = CliRunner().invoke(export_cmd, ["--dumps-url", "https://example.org/dl"], obj=App(data_dir=built))
    assert bad.exit_code == 2


# -- CLI ----------------------------------------------------------------------------------------


def test_cli_writes_file_and_stdout_alike(built, tmp_path):
    out = tmp_path / "x" / "data.trig"
    app = App(data_dir=built, quiet=True)
    r1 = CliRunner().invoke(export_cmd, ["-f", "trig", "-o", str(out)], obj=app)
    assert r1.exit_code == 0, r1.output
    r2 = CliRunner().invoke(export_cmd, ["-f", "trig"], obj=app)
    assert r2.exit_code == 0
    assert out.read_bytes() == r2.stdout_bytes == export(built, "trig", "data")
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")], "temporary file left"


def test_cli_usage_errors(built):
    app = App(data_dir=built, quiet=True)
    assert CliRunner().invoke(export_cmd, ["-f", "rdfa"], obj=app).exit_code == 2
    assert CliRunner().invoke(export_cmd, ["--endpoint", "http://x/sparql"], obj=app).exit_code == 2
    assert CliRunner().invoke(export_cmd, ["--void", "--part", "all"], obj=app).exit_code == 2


def test_cli_without_a_store_is_a_store_error(tmp_path):
    from seckg.errors import StoreError

    result = CliRunner().invoke(export_cmd, [], obj=App(data_dir=tmp_path / "none"))
    assert isinstance(result.exception, StoreError)


# -- Raptor -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "rapper_fmt"), [("turtle", "turtle"), ("nt", "ntriples")])
def test_rapper_parses_the_export(built, tmp_path, fmt, rapper_fmt):
    rapper = shutil.which("rapper")
    if rapper is None:
        message = "Raptor's rapper is not installed (apt-get install raptor2-utils)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must run this test")
        pytest.skip(message)
    path = tmp_path / f"data.{fmt}"
    data = export(built, fmt, "all")
    path.write_bytes(data)
    proc = subprocess.run([rapper, "-q", "-i", rapper_fmt, "-o", "ntriples", str(path)],
                          capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr.decode()[:2000]
    expected = _merged(_expected(built, "all"))
    got = Graph().parse(data=proc.stdout, format="nt")
    assert len(got) == len(expected)
    assert isomorphic(got, expected)


def test_no_blank_node_in_data(built):
    """Data nodes are IRIs; blank nodes come only from the ontology and get stable labels."""
    assert not [t for t in _merged(_expected(built, "data")) if any(isinstance(x, BNode) for x in t)]


# -- streaming ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(STREAMED_FORMATS))
def test_streamed_export_writes_to_a_file_what_export_returns(built, tmp_path, fmt):
    """N-Quads, TriG, Turtle and N-Triples go from the store to the file as Oxigraph writes them
    (no copy of the export in memory): the same bytes as :func:`export`; each triple (quad) once,
    and Turtle names instances by full IRIs (no ``id:state\\/china``, which OWL tools refuse)."""
    path = tmp_path / f"out.{fmt}"
    with open(path, "wb") as f:
        export_to(f, built, fmt, "all", provenance=False)
    data = path.read_bytes()
    assert data == export(built, fmt, "all", provenance=False)
    statements = [line for line in data.splitlines() if line.strip()]
    if fmt in ("nt", "nquads"):
        assert len(statements) == len(set(statements))
    else:
        assert b"\\/" not in data and b"<https://w3id.org/seckg/id/state/china>" in data


def test_stream_export_reads_the_store_lazily(built, monkeypatch):
    """The serialiser is handed a generator, never a list of the store's quads."""
    import seckg.graph.export as ex

    seen = []
    real = ox.serialize

    def spy(items, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(type(items).__name__)
        return real(items, *args, **kwargs)

    monkeypatch.setattr(ex.ox, "serialize", spy)
    for fmt in ("nquads", "turtle"):
        export(built, fmt, "data")
    assert seen == ["generator", "generator"]
