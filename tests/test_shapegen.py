"""The SHACL shapes generated from the OWL ontology (seckg.ontology.shapegen).

Counts are taken from the ontology, never written down, and asserted non-zero, so no test can
pass on nothing. Each kind of generated shape is shown to catch a small inline fixture on the
right focus node, and a conforming fixture to raise nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SH

from seckg.ontology import load_ontology
from seckg.ontology.shapegen import (
    GSH,
    SHAPES_IRI,
    generate_shapes,
    generated_path,
    load_generated_shapes,
    main,
    render_shapes,
)

PREFIXES = """
@prefix seckg: <https://w3id.org/seckg/ontology#> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:    <https://example.org/> .
"""
EX = "https://example.org/"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_generated_shapes()


def _shapes_named(shapes: Graph, suffix: str) -> set[URIRef]:
    return {
        s
        for s in set(shapes.subjects(RDF.type, None))
        if isinstance(s, URIRef) and str(s).startswith(str(GSH)) and str(s).endswith(suffix)
    }


def _classes(shapes: Graph, shape: URIRef) -> set[URIRef]:
    """The classes a shape requires: sh:class, or the sh:class of each member of its sh:or."""
    found = set(shapes.objects(shape, SH["class"]))
    for head in shapes.objects(shape, SH["or"]):
        for member in Collection(shapes, head):
            found |= set(shapes.objects(member, SH["class"]))
    return found  # type: ignore[return-value]


def _qname(term) -> str:
    for prefix, ns in (
        ("seckg", "https://w3id.org/seckg/ontology#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ):
        if str(term).startswith(ns):
            return prefix + ":" + str(term)[len(ns) :]
    return str(term)


def _union(ontology: Graph, node) -> set[URIRef]:
    if isinstance(node, URIRef):
        return {node}
    return set(Collection(ontology, ontology.value(node, OWL.unionOf)))  # type: ignore[arg-type]


# --- the committed file ---------------------------------------------------------------------


def test_generated_file_is_current(ontology):
    assert generated_path().read_text(encoding="utf-8") == render_shapes(ontology), (
        "ontology/shapes/generated.ttl is stale: run python -m seckg.ontology.shapegen"
    )


def test_rendering_is_deterministic(ontology):
    assert render_shapes(ontology) == render_shapes(load_ontology())


def test_every_blank_node_is_used_once(ontology):
    """What makes longturtle's output deterministic: each blank node is written inline."""
    g = generate_shapes(ontology)
    subjects = {s for s in g.subjects() if isinstance(s, BNode)}
    uses = [o for o in g.objects() if isinstance(o, BNode)]
    assert subjects and sorted(uses) == sorted(subjects)


def test_entry_point_check_passes_on_the_committed_file():
    out = subprocess.run(
        [sys.executable, "-m", "seckg.ontology.shapegen", "--check"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr


def test_check_exits_1_on_a_stale_file(tmp_path, monkeypatch):
    stale = tmp_path / "generated.ttl"
    stale.write_text("# stale\n", encoding="utf-8")
    monkeypatch.setattr("seckg.ontology.shapegen.generated_path", lambda: stale)
    assert main(["--check"]) == 1
    assert main([]) == 0  # rewrites it
    assert main(["--check"]) == 0


def test_header(shapes):
    assert (SHAPES_IRI, RDF.type, OWL.Ontology) in shapes
    for p in (DCTERMS.title, DCTERMS.description, OWL.versionInfo):
        assert shapes.value(SHAPES_IRI, p) is not None, p
    assert (
        SHAPES_IRI,
        DCTERMS.license,
        URIRef("https://creativecommons.org/licenses/by/4.0/"),
    ) in shapes


def test_every_shape_is_named_explained_and_traced(shapes):
    top = [
        s
        for s in set(shapes.subjects(RDF.type, None))
        if (s, RDF.type, SH.NodeShape) in shapes or (s, RDF.type, SH.PropertyShape) in shapes
    ]
    assert len(top) > 100
    for s in top:
        assert isinstance(s, URIRef) and str(s).startswith(str(GSH)), s
        messages = list(shapes.objects(s, SH.message))
        assert [m.language for m in messages] == ["en"], s
        term_names = {_qname(t) for t in shapes.objects(s, RDFS.seeAlso)}
        assert term_names and any(t in str(messages[0]) for t in term_names), s
        assert "Generated from the axiom" in str(shapes.value(s, RDFS.comment)), s
        assert shapes.value(s, SH.severity) in (SH.Violation, SH.Warning), s


# --- one shape per axiom ----------------------------------------------------------------------


def test_one_domain_shape_per_domain_axiom(ontology, shapes):
    axioms = list(ontology.subject_objects(RDFS.domain))
    made = _shapes_named(shapes, "Domain")
    assert axioms and len(made) == len(axioms)
    for prop, node in axioms:
        [shape] = [
            s
            for s in made
            if (s, SH.targetSubjectsOf, prop) in shapes and (s, RDFS.seeAlso, prop) in shapes
        ]
        assert _classes(shapes, shape) == _union(ontology, node)
        assert shapes.value(shape, SH.severity) == SH.Warning


def test_one_range_shape_per_range_axiom(ontology, shapes):
    axioms = [(p, o) for p, o in ontology.subject_objects(RDFS.range) if o != RDFS.Literal]
    made = _shapes_named(shapes, "Range")
    assert axioms and len(made) == len(axioms)
    datatype_ranges = 0
    for prop, node in axioms:
        [shape] = [
            s
            for s in made
            if (s, RDFS.seeAlso, prop) in shapes and (s, SH.targetSubjectsOf, prop) in shapes
        ]
        if (prop, RDF.type, OWL.DatatypeProperty) in ontology:
            datatype_ranges += 1
            allowed = set(shapes.objects(shape, SH.datatype))
            for head in shapes.objects(shape, SH["or"]):
                allowed |= {shapes.value(m, SH.datatype) for m in Collection(shapes, head)}
            assert _union(ontology, node) <= allowed
        else:
            assert _classes(shapes, shape) == _union(ontology, node)
    assert 0 < datatype_ranges < len(axioms)


def test_one_max_count_shape_per_functional_property(ontology, shapes):
    functional = set(ontology.subjects(RDF.type, OWL.FunctionalProperty))
    made = _shapes_named(shapes, "Functional")
    assert functional and len(made) == len(functional)
    for shape in made:
        assert shapes.value(shape, SH.maxCount).toPython() == 1
        assert shapes.value(shape, SH.path) in functional


def test_one_shape_per_qualified_cardinality(ontology, shapes):
    restrictions = [
        (cls, r)
        for cls, r in ontology.subject_objects(RDFS.subClassOf)
        if isinstance(r, BNode) and ontology.value(r, OWL.onClass) is not None
    ]
    made = _shapes_named(shapes, "Cardinality")
    assert restrictions and len(made) == len(restrictions)
    for cls, r in restrictions:
        prop, on_class = ontology.value(r, OWL.onProperty), ontology.value(r, OWL.onClass)
        [shape] = [
            s for s in made if (s, SH.targetClass, cls) in shapes and (s, SH.path, prop) in shapes
        ]
        value = shapes.value(shape, SH.qualifiedValueShape)
        assert shapes.value(value, SH["class"]) == on_class
        exact = ontology.value(r, OWL.qualifiedCardinality)
        low = exact or ontology.value(r, OWL.minQualifiedCardinality)
        high = exact or ontology.value(r, OWL.maxQualifiedCardinality)

        def number(x):
            return None if x is None else int(x)

        assert number(shapes.value(shape, SH.qualifiedMinCount)) == number(low)
        assert number(shapes.value(shape, SH.qualifiedMaxCount)) == number(high)


def test_one_shape_per_disjointness_axiom(ontology, shapes):
    groups = [
        set(Collection(ontology, ontology.value(a, OWL.members)))
        for a in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    pairs = {frozenset(p) for p in ontology.subject_objects(OWL.disjointWith)}
    made = _shapes_named(shapes, "") & {s for s in shapes.subjects(SH.xone, None)}
    assert groups and len(made) == len(groups) + len(pairs)
    for members in groups + [set(p) for p in pairs]:
        [shape] = [s for s in made if set(shapes.objects(s, SH.targetClass)) == members]
        options = Collection(shapes, shapes.value(shape, SH.xone))
        assert {shapes.value(o, SH["class"]) for o in options} == members
    property_axioms = list(ontology.subject_objects(OWL.propertyDisjointWith))
    assert len(list(shapes.subjects(SH.disjoint, None))) == len(property_axioms)


def test_generate_from_a_small_ontology():
    onto = Graph().parse(
        data=PREFIXES
        + """
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        seckg:A a owl:Class . seckg:B a owl:Class .
        seckg:A owl:disjointWith seckg:B . seckg:B owl:disjointWith seckg:A .
        seckg:p a owl:DatatypeProperty ; rdfs:range [ a rdfs:Datatype ; owl:unionOf ( xsd:string xsd:date ) ] .
        seckg:q a owl:ObjectProperty , owl:FunctionalProperty .
        seckg:r a owl:ObjectProperty ; rdfs:subPropertyOf seckg:q .
        seckg:A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty seckg:q ; owl:maxCardinality 3 ] .
    """,
        format="turtle",
    )
    g = generate_shapes(onto)
    assert (GSH.DisjointAB, SH.targetClass, URIRef("https://w3id.org/seckg/ontology#B")) in g
    assert len(list(g.subjects(SH.xone, None))) == 1  # the pair stated twice is one axiom
    assert len(list(Collection(g, g.value(GSH.PRange, SH["or"])))) == 2
    path = g.value(GSH.QFunctional, SH.path)  # r is a sub-property of q: both count
    assert set(Collection(g, g.value(path, SH.alternativePath))) == {
        URIRef("https://w3id.org/seckg/ontology#q"),
        URIRef("https://w3id.org/seckg/ontology#r"),
    }
    assert g.value(GSH.AQMaxCardinality, SH.maxCount).toPython() == 3


# --- the shapes catch what they should ------------------------------------------------------


def _results(ontology: Graph, shapes: Graph, data: str) -> set[tuple[str, str, str]]:
    """(shape name, focus node, severity) of every result, over fixture + ontology."""
    import pyshacl

    graph = Graph().parse(data=PREFIXES + data, format="turtle")
    graph += ontology
    _, report, text = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", allow_warnings=True, abort_on_first=False
    )
    assert isinstance(report, Graph), text
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        out.add(
            (
                str(report.value(r, SH.sourceShape)).removeprefix(str(GSH)),
                str(report.value(r, SH.focusNode)).removeprefix(EX),
                str(report.value(r, SH.resultSeverity)).split("#")[1],
            )
        )
    return out


CASES = {
    "domain": (
        "ex:s seckg:addressee ex:china . ex:china a seckg:State .",
        ("AddresseeDomain", "s", "Warning"),
    ),
    "domain through a sub-property": (
        "ex:v seckg:hostState ex:china . ex:china a seckg:State .",
        ("ParticipantDomain", "v", "Warning"),
    ),
    "union domain": (
        "ex:s a seckg:Statement ; seckg:hasParty ex:china . ex:china a seckg:State .",
        ("HasPartyDomain", "s", "Warning"),
    ),
    "object range": (
        "ex:s a seckg:Statement ; seckg:addressee ex:sea . ex:sea a seckg:Sea .",
        ("AddresseeRange", "s", "Violation"),
    ),
    "datatype range": (
        "ex:d a seckg:Document ; seckg:doi 10 .",
        ("DoiRange", "d", "Violation"),
    ),
    "integer range out of bounds": (
        "ex:t a seckg:TradeRanking ; seckg:rank 0 .",
        ("RankRange", "t", "Violation"),
    ),
    "functional": (
        'ex:d a seckg:Document ; seckg:doi "10.1/a" , "10.1/b" .',
        ("DoiFunctional", "d", "Violation"),
    ),
    "qualified cardinality, missing": (
        "ex:t a seckg:Tenure ; seckg:tenureOffice ex:o . ex:o a seckg:Office .",
        ("TenureTenureHolderCardinality", "t", "Violation"),
    ),
    "qualified cardinality, too many": (
        """ex:r a seckg:Rivalry ; seckg:hasParty ex:a , ex:b , ex:c .
           ex:a a seckg:State . ex:b a seckg:State . ex:c a seckg:State .""",
        ("BilateralRelationHasPartyCardinality", "r", "Violation"),
    ),
    "min qualified cardinality": (
        "ex:al a seckg:Alliance ; seckg:hasParty ex:a . ex:a a seckg:State .",
        ("AllianceHasPartyMinCardinality", "al", "Violation"),
    ),
    "disjoint classes": (
        "ex:n a seckg:State , seckg:Person .",
        ("DisjointOrganisationPersonState", "n", "Violation"),
    ),
    "disjoint classes through subclasses": (
        "ex:n a seckg:City , seckg:Partnership .",
        ("DisjointActorAnd19Others", "n", "Violation"),
    ),
    "disjoint properties": (
        """ex:a a seckg:State ; seckg:memberOf ex:o ; seckg:nonMemberOf ex:o .
           ex:o a seckg:Organisation .""",
        ("NonMemberOfDisjointMemberOf", "a", "Violation"),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_violating_fixture_is_caught(ontology, shapes, case):
    data, expected = CASES[case]
    found = _results(ontology, shapes, data)
    assert expected in found, found


CONFORMING = """
ex:china a seckg:State ; seckg:isoAlpha2 "CN" . ex:russia a seckg:State .
ex:p a seckg:Partnership ; seckg:hasParty ex:china , ex:russia ;
    seckg:partnershipLevel ex:level , ex:earlier-level ; seckg:since "2001"^^xsd:gYear , "2019"^^xsd:gYear .
ex:level a skos:Concept ; seckg:ladderRank 10 .
ex:earlier-level a skos:Concept ; seckg:ladderRank 6 .
ex:al a seckg:Alliance ; seckg:hasParty ex:china , ex:russia .
ex:xi a seckg:Person . ex:office a seckg:Office .
ex:t a seckg:Tenure ; seckg:tenureHolder ex:xi ; seckg:tenureOffice ex:office .
ex:tr a seckg:TradeRanking ; seckg:rank 1 .
ex:dep a seckg:Deployment ; seckg:troopCount "3200"^^xsd:nonNegativeInteger .
ex:s a seckg:Statement ; seckg:addressee ex:russia ; seckg:quoteText "no limits" .
ex:v a seckg:StateVisit ; seckg:hostState ex:china .
"""


def test_a_conforming_fixture_passes(ontology, shapes):
    assert _results(ontology, shapes, CONFORMING) == set()


def test_the_built_corpus_has_no_violation(built, shapes):
    from seckg.graph.store import open_store
    from seckg.graph.validate import union_graph
    from seckg.ontology.check import shacl_findings

    store = open_store(Path(built), read_only=True)
    findings = shacl_findings(union_graph(store), shapes, advanced=True)
    errors = [f for f in findings if f.severity == "error"]
    assert not errors, errors[:5]


# --- the CI documentation cannot drift from the command (docs/ci.md, the two YAML files) ------

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _seckg_check_options() -> set[str]:
    from seckg.cli.main import cli

    params = cli.commands["check"].params
    return {opt for p in params for opt in p.opts + p.secondary_opts}


def test_ci_files_parse_and_use_only_options_seckg_check_has():
    import re

    import yaml

    workflow = yaml.safe_load((DOCS / "github-workflow.yml").read_text(encoding="utf-8"))
    hooks = yaml.safe_load((DOCS / "pre-commit-config.yaml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["seckg-check"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    entries = [h["entry"] for repo in hooks["repos"] for h in repo["hooks"]]
    commands = [
        line
        for text in [*runs, *entries, workflow["env"]["CHECK_ARGS"]]
        for line in text.splitlines()
        if "seckg check" in line or line.lstrip().startswith("--")
    ]
    assert len(commands) >= 4
    used = {o for c in commands for o in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", c)}
    used -= {"-c", "--version", "--upgrade"}  # bash -c, seckg --version, pip --upgrade
    assert used and used <= _seckg_check_options(), used - _seckg_check_options()
    assert any("seckg ontology check" in e for e in entries)


def test_ci_page_lists_every_exit_code():
    from seckg.errors import ExitCode

    text = (DOCS / "ci.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"| {code.value} |" in text or f"({code.value})" in text, code
