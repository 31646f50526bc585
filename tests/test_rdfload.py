"""The one RDF loader refuses hostile input before any parser sees it, never fetches anything,
and otherwise reads what rdflib reads (DESIGN.md, "Secure loading").

No test here needs the network: payloads that would fetch point at a server on 127.0.0.1 that
counts the requests it receives, and the tests assert it received none.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from seckg import rdfload
from seckg.errors import ExitCode, RDFSyntaxError, UnsafeInputError
from seckg.rdfload import load_dataset, load_graph, parse

from .localserver import CountingServer, counting_server

# rdflib's own parsers, used here as the reference, warn about their deprecated internals.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib.*")

HOSTILE = Path(__file__).parent / "data" / "hostile"
EX = "http://example.org/"
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")


# --- a local server that counts the requests it gets ----------------------------------------


@pytest.fixture
def server() -> Iterator[CountingServer]:
    with counting_server("") as srv:
        yield srv


def hostile(name: str, tmp_path: Path, srv: CountingServer | None = None) -> Path:
    """A payload from tests/data/hostile; ``*.tmpl`` ones get the test server's port."""
    path = HOSTILE / name
    if srv is None:
        return path
    assert name.endswith(".tmpl")
    out = tmp_path / name.removesuffix(".tmpl")
    out.write_text(path.read_text().replace("__PORT__", str(srv.port)))
    return out


@pytest.fixture
def no_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the screened input reaches Oxigraph's parser at all."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a parser saw input that the screen should have refused")

    monkeypatch.setattr(rdfload.ox, "parse", refuse)


# --- RDF/XML: DTDs and entities ---------------------------------------------------------------


def test_billion_laughs_is_refused_fast_naming_file_and_line(no_parser: None) -> None:
    path = HOSTILE / "billion-laughs.rdf"
    assert path.stat().st_size < 1200
    start = time.perf_counter()
    with pytest.raises(UnsafeInputError) as info:
        load_graph(path)
    assert time.perf_counter() - start < 0.5
    assert str(info.value).startswith(f"{path}:2: ")
    assert "DOCTYPE" in str(info.value)
    assert info.value.exit_code == ExitCode.UNSAFE


def test_external_file_entity_is_refused(no_parser: None) -> None:
    path = HOSTILE / "xxe-file.rdf"
    with pytest.raises(UnsafeInputError) as info:
        parse(path)
    assert str(info.value).startswith(f"{path}:3: ")
    assert "root:" not in str(info.value)  # nothing of /etc/passwd leaks into the message


def test_external_http_entity_is_refused_without_a_request(
    server: CountingServer, tmp_path: Path, no_parser: None
) -> None:
    with pytest.raises(UnsafeInputError):
        load_graph(hostile("xxe-http.rdf.tmpl", tmp_path, server))
    assert server.requests == []


def test_dtd_screen_also_guards_data_given_in_memory(no_parser: None) -> None:
    data = (HOSTILE / "billion-laughs.rdf").read_bytes()
    with pytest.raises(UnsafeInputError, match=r"^<stdin>:2: "):
        parse("<stdin>", data=data, fmt="xml")


# --- JSON-LD: contexts are inline or refused ---------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "remote-context.jsonld.tmpl",
        "import-context.jsonld.tmpl",
        "scoped-context.jsonld.tmpl",
        "duplicate-context.jsonld.tmpl",
    ],
)
def test_jsonld_context_on_the_network_is_refused_without_a_request(
    name: str, server: CountingServer, tmp_path: Path, no_parser: None
) -> None:
    path = hostile(name, tmp_path, server)
    with pytest.raises(UnsafeInputError) as info:
        load_graph(path)
    assert str(info.value).startswith(f"{path}: ")
    assert f"127.0.0.1:{server.port}" in str(info.value)
    assert server.requests == []


def test_jsonld_file_context_is_refused(no_parser: None) -> None:
    with pytest.raises(UnsafeInputError, match="file:///etc/passwd"):
        load_graph(HOSTILE / "file-context.jsonld")


def test_rdflib_alone_would_fetch_a_remote_context(server: CountingServer, tmp_path: Path) -> None:
    """Why the screen exists: rdflib's JSON-LD parser fetches ``@context`` URLs by itself."""
    path = hostile("remote-context.jsonld.tmpl", tmp_path, server)
    try:
        Graph().parse(path, format="json-ld")
    except Exception:  # the server answers 404; the request is what matters
        pass
    assert len(server.requests) >= 1


def test_jsonld_inline_context_gives_the_expected_triples() -> None:
    graph = load_graph(HOSTILE / "inline-context.jsonld")
    s = URIRef(EX + "alice")
    assert set(graph) == {
        (s, URIRef(EX + "name"), Literal("Alice", lang="en")),
        (s, URIRef(EX + "knows"), URIRef(EX + "bob")),
        (s, URIRef(EX + "age"), Literal("42", datatype=XSD_INTEGER)),
    }


def test_deeply_nested_json_is_an_error_not_a_crash() -> None:
    with pytest.raises(UnsafeInputError, match="nested too deeply"):
        parse("deep.jsonld", data=b"[" * 100_000 + b"]" * 100_000)


def test_invalid_json_names_file_line_and_column() -> None:
    with pytest.raises(RDFSyntaxError, match=r"^bad\.jsonld:2:10: invalid JSON"):
        parse("bad.jsonld", data=b'{\n  "@id": }')


# --- syntax errors, formats, RDF-star -----------------------------------------------------------


def test_turtle_syntax_error_names_file_line_and_column() -> None:
    path = HOSTILE / "syntax-error.ttl"
    with pytest.raises(RDFSyntaxError) as info:
        load_graph(path)
    e = info.value
    assert (e.source, e.line, e.column) == (str(path), 4, 7)
    assert str(e).startswith(f"{path}:4:7: ")
    assert "Parser error" not in str(e)  # Oxigraph's own position prefix is not repeated
    assert "\n" not in str(e)
    assert e.exit_code == ExitCode.INPUT


def test_error_message_drops_oxigraphs_column_range_prefix() -> None:
    with pytest.raises(RDFSyntaxError) as info:
        parse("bad.ttl", data=b'<http://x/s> <http://x/p> "a" ;\n  <http://x/q> <bad iri> .')
    assert str(info.value).startswith("bad.ttl:2:")
    assert "Parser error" not in str(info.value)


def test_unknown_suffix_is_a_clear_error() -> None:
    path = HOSTILE / "unknown-suffix.xyz"
    with pytest.raises(RDFSyntaxError) as info:
        load_graph(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: unknown RDF file suffix '.xyz'")
    assert "ttl" in msg and "jsonld" in msg  # it says what would work


def test_explicit_format_overrides_the_suffix() -> None:
    graph = load_graph(HOSTILE / "unknown-suffix.xyz", fmt="nt")
    assert len(graph) == 1


def test_unknown_explicit_format_is_named() -> None:
    with pytest.raises(RDFSyntaxError, match="unknown RDF format 'n5'"):
        rdfload.format_for("a.ttl", "n5")


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(RDFSyntaxError, match="cannot read"):
        parse(tmp_path / "missing.ttl")


@pytest.mark.parametrize("name", ["rdf-star.ttl", "rdf-star-triple-term.nt"])
def test_rdf_star_triple_terms_are_refused(name: str) -> None:
    with pytest.raises(RDFSyntaxError, match="RDF-star triple terms are not supported"):
        load_graph(HOSTILE / name)


def test_base_direction_is_refused_rather_than_dropped() -> None:
    with pytest.raises(RDFSyntaxError, match="base direction"):
        parse("dir.ttl", data=b'<http://x/s> <http://x/p> "abc"@ar--rtl .')


def test_owl_imports_are_not_followed(server: CountingServer, tmp_path: Path) -> None:
    graph = load_graph(hostile("owl-imports.ttl.tmpl", tmp_path, server))
    imports = URIRef("http://www.w3.org/2002/07/owl#imports")
    assert list(graph.objects(URIRef(EX + "onto"), imports)) == [URIRef(f"{server.url}/x")]
    assert len(graph) == 2  # only the file's own triples
    assert server.requests == []


# --- round trip: the same graphs rdflib reads ----------------------------------------------------

TURTLE = """\
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:alice ex:name "Alice" , "Alice"@en , "Alicia"@es-ES ;
    ex:age 42 ;
    ex:born "1990-01-02"^^xsd:date ;
    ex:knows _:b1 , _:b2 .
_:b1 ex:name "B one" .
_:b2 ex:name "B two" ; ex:list ( 1 2 ) .
"""
NTRIPLES = """\
<http://example.org/alice> <http://example.org/name> "Alice" .
<http://example.org/alice> <http://example.org/name> "Alice"@en .
<http://example.org/alice> <http://example.org/age> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://example.org/alice> <http://example.org/knows> _:b1 .
<http://example.org/alice> <http://example.org/knows> _:b2 .
_:b1 <http://example.org/name> "B one" .
_:b2 <http://example.org/name> "B two\\nwith a newline" .
"""
NQUADS = """\
<http://example.org/alice> <http://example.org/name> "Alice" .
<http://example.org/alice> <http://example.org/name> "Alice"@en <http://example.org/g1> .
<http://example.org/alice> <http://example.org/knows> _:b1 <http://example.org/g1> .
_:b1 <http://example.org/name> "B one" <http://example.org/g1> .
<http://example.org/alice> <http://example.org/knows> _:b2 <http://example.org/g2> .
"""
TRIG = """\
@prefix ex: <http://example.org/> .
ex:alice ex:name "Alice" .
ex:g1 { ex:alice ex:name "Alice"@en ; ex:knows _:b1 . _:b1 ex:name "B one" . }
GRAPH ex:g2 { ex:alice ex:knows [ ex:name "anonymous" ] , _:b2 . }
"""
JSONLD = """\
{
  "@context": {"ex": "http://example.org/", "name": "http://example.org/name",
               "knows": {"@id": "http://example.org/knows", "@type": "@id"}},
  "@graph": [
    {"@id": "ex:alice", "name": ["Alice", {"@value": "Alice", "@language": "en"}],
     "knows": ["_:b1", "_:b2"], "ex:age": 42},
    {"@id": "_:b1", "name": "B one"},
    {"@id": "_:b2", "name": "B two"}
  ]
}
"""
RDFXML = """\
<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/alice">
    <ex:name>Alice</ex:name>
    <ex:name xml:lang="en">Alice</ex:name>
    <ex:age rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">42</ex:age>
    <ex:knows rdf:nodeID="b1"/>
    <ex:knows><rdf:Description><ex:name>B two</ex:name></rdf:Description></ex:knows>
  </rdf:Description>
  <rdf:Description rdf:nodeID="b1"><ex:name>B one</ex:name></rdf:Description>
</rdf:RDF>
"""

SAMPLES = {  # suffix: (text, rdflib format name, has named graphs)
    "ttl": (TURTLE, "turtle", False),
    "nt": (NTRIPLES, "nt", False),
    "nq": (NQUADS, "nquads", True),
    "trig": (TRIG, "trig", True),
    "jsonld": (JSONLD, "json-ld", False),
    "rdf": (RDFXML, "xml", False),
}


def _write_sample(tmp_path: Path, suffix: str) -> Path:
    path = tmp_path / f"sample.{suffix}"
    path.write_text(SAMPLES[suffix][0])
    return path


def _lower_langs(graph: Graph) -> Graph:
    """``graph`` with lowercase language tags, as Oxigraph's parsers give them.

    Tags are case-insensitive in RDF and rdflib's ``==``, ``hash`` and ``in`` agree
    (``"x"@es-ES == "x"@es-es``); only :func:`isomorphic`, which hashes N3 text, tells them apart.
    """
    out = Graph(identifier=graph.identifier)
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


def _graphs(ds: Dataset) -> dict[object, Graph]:
    """The non-empty graphs of a dataset by name (blank node graph names are not used here)."""
    return {g.identifier: _lower_langs(g) for g in ds.graphs() if len(g)}


@pytest.mark.parametrize("suffix", list(SAMPLES))
def test_load_graph_reads_what_rdflib_reads(suffix: str, tmp_path: Path) -> None:
    path = _write_sample(tmp_path, suffix)
    _, rdflib_format, _ = SAMPLES[suffix]
    theirs = Graph()
    if SAMPLES[suffix][2]:
        ds = Dataset()
        ds.parse(path, format=rdflib_format)
        for g in ds.graphs():
            theirs += g
    else:
        theirs.parse(path, format=rdflib_format)
    ours = load_graph(path)
    assert len(ours) == len(theirs) > 0
    assert isomorphic(ours, _lower_langs(theirs))


@pytest.mark.parametrize("suffix", list(SAMPLES))
def test_load_dataset_keeps_the_named_graphs_rdflib_reads(suffix: str, tmp_path: Path) -> None:
    path = _write_sample(tmp_path, suffix)
    theirs = Dataset()
    theirs.parse(path, format=SAMPLES[suffix][1])
    ours = load_dataset(path)
    mine, other = _graphs(ours), _graphs(theirs)
    assert set(mine) == set(other)
    for name in mine:
        assert isomorphic(mine[name], other[name]), name
    if SAMPLES[suffix][2]:
        assert URIRef(EX + "g1") in mine


def test_xsd_string_literals_come_back_plain_and_language_tags_are_kept() -> None:
    data = (
        b'<http://x/s> <http://x/p> "typed"^^<http://www.w3.org/2001/XMLSchema#string> .\n'
        b'<http://x/s> <http://x/p> "plain" .\n'
        b'<http://x/s> <http://x/p> "tagged"@en-GB .\n'
    )
    objects = {q.object for q in parse("s.nt", data=data)}
    terms = {rdfload.to_rdflib(o) for o in objects}
    assert terms == {Literal("typed"), Literal("plain"), Literal("tagged", lang="en-gb")}
    for term in terms:
        if term.language is None:
            assert term.datatype is None  # plain, so it equals what users write in rdflib
        assert rdfload.to_rdflib(rdfload.from_rdflib(term)) == term


def test_language_tags_are_kept_case_insensitively(tmp_path: Path) -> None:
    graph = load_graph(_write_sample(tmp_path, "ttl"))
    names = set(graph.objects(URIRef(EX + "alice"), URIRef(EX + "name")))
    assert Literal("Alicia", lang="es-ES") in names  # rdflib compares tags case-insensitively
    assert {n.language for n in names} == {None, "en", "es-es"}  # Oxigraph gives them lowercase


def test_blank_nodes_stay_distinct_within_and_across_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.nt", tmp_path / "b.nt"
    a.write_text('_:x <http://x/p> "a1" .\n_:y <http://x/p> "a2" .\n_:x <http://x/q> "a3" .\n')
    b.write_text('_:x <http://x/p> "b1" .\n')
    graph = load_graph([a, b])
    subjects = set(graph.subjects())
    assert len(subjects) == 3 and all(isinstance(s, BNode) for s in subjects)
    # within one file the same label is still the same node
    (x,) = graph.subjects(URIRef("http://x/p"), Literal("a1"))
    assert graph.value(x, URIRef("http://x/q")) == Literal("a3")
    # loading a file twice merges two copies, as RDF merge does
    assert len(load_graph([b, b])) == 2


def test_blank_nodes_shared_between_named_graphs_of_one_file_stay_one_node(tmp_path: Path) -> None:
    path = tmp_path / "shared.trig"
    path.write_text(
        '<http://x/g1> { _:b <http://x/p> "1" . }\n<http://x/g2> { _:b <http://x/p> "2" . }\n'
    )
    ds = load_dataset(path)
    s1 = set(ds.graph(URIRef("http://x/g1")).subjects())
    s2 = set(ds.graph(URIRef("http://x/g2")).subjects())
    assert len(s1) == 1 and s1 == s2


def test_parse_returns_oxigraph_quads_and_reads_only_the_named_file(tmp_path: Path) -> None:
    path = tmp_path / "one.ttl"
    path.write_text("<http://x/s> <http://x/p> <http://x/o> .\n")
    (quad,) = parse(path)
    assert isinstance(quad, ox.Quad)
    assert quad.graph_name == ox.DefaultGraph()
