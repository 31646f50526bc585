"""The SPARQL checks of queries/checks/: each finds what it is about in a small broken graph,
and the corpus graph passes every ERROR and WARN check."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from seckg.queries.catalogue import load_checks
from seckg.queries.engine import StoreTarget

CHECKS = load_checks()
PREFIXES = """
@prefix seckg: <https://w3id.org/seckg/ontology#> .
@prefix id: <https://w3id.org/seckg/id/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
"""
ONTOLOGY = """<https://w3id.org/seckg/graph/ontology> { seckg:Partnership a owl:Class . seckg:hasParty a owl:ObjectProperty .
  seckg:Statement a owl:Class . seckg:speaker a owl:ObjectProperty . seckg:quoteText a owl:DatatypeProperty . }
"""
BROKEN = {
    "fact-without-evidence-violation": "<https://w3id.org/seckg/id/evidence/d/0-5> { id:partnership/a--b a seckg:Partnership . }",
    "evidence-off-its-text-violation": """id:document/d seckg:text "China and Japan" .
      id:evidence/d/0-5 a seckg:Evidence ; oa:hasTarget id:t . id:t oa:hasSource id:document/d ; oa:hasSelector id:q, id:p .
      id:q a oa:TextQuoteSelector ; oa:exact "Japan" . id:p a oa:TextPositionSelector ; oa:start 0 ; oa:end 5 .""",
    "bilateral-relation-parties-violation": "id:partnership/a--a a seckg:Partnership ; rdfs:label \"x\" ; seckg:hasParty id:state/a .",
    "missing-label-violation": "id:state/nolabel a seckg:State .",
    "duplicate-label-violation": """id:person/one a seckg:Person ; skos:prefLabel "Li Wei"@en .
      id:person/two a seckg:Person ; skos:prefLabel "Li Wei"@en .""",
    "dangling-reference-violation": "<https://w3id.org/seckg/id/evidence/d/0-5> { id:partnership/a--b seckg:hasParty id:state/nowhere . }",
    "undeclared-term-violation": "<https://w3id.org/seckg/id/evidence/d/0-5> { id:x seckg:hasPartie id:y . }",
    "statement-without-speaker-violation": "id:statement/d/0-5 a seckg:Statement ; seckg:quoteText \"words\" .",
    "bilateral-relation-same-party-violation": """id:relationship/a--b a seckg:BilateralRelation ;
      seckg:hasParty id:state/a , id:state/b . id:state/b owl:sameAs id:state/a .""",
    "evidence-position-violation": """id:evidence/d/5-0 a seckg:Evidence ; oa:hasTarget id:t . id:t oa:hasSelector id:p .
      id:p a oa:TextPositionSelector ; oa:start 5 ; oa:end 0 .""",
}


def test_checks_were_found_each_with_a_severity_and_a_broken_example():
    assert len(CHECKS) >= 6
    assert all(name.endswith("-violation") for name in CHECKS)
    assert set(BROKEN) == set(CHECKS), "every check needs a broken example here"
    assert {q.extra["severity"] for q in CHECKS.values()} <= {"ERROR", "WARN", "INFO"}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_each_check_finds_its_violation(name):
    store = ox.Store()
    data = re.sub(r"\bid:([\w/.-]*[\w/-])", r"<https://w3id.org/seckg/id/\1>", BROKEN[name])
    store.load((PREFIXES + ONTOLOGY + data).encode(), format=ox.RdfFormat.TRIG)
    rows = StoreTarget(store, "broken").execute(CHECKS[name].text, source=CHECKS[name].source).rows
    assert rows, f"{name} found nothing in its broken example"


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_corpus_graph_passes_the_checks(built: Path, name):
    q = CHECKS[name]
    rows = StoreTarget.embedded(built).execute(q.text, source=q.source).rows
    if q.extra["severity"] in ("ERROR", "WARN"):
        assert rows == [], f"{name}: {rows[:3]}"


# The checks that were SPARQL constraints of the data shapes find what those found in the shape
# fixtures, with the messages pySHACL gave (tests/data/ontology/*.bad.test.ttl).
FIXTURES = Path(__file__).parent / "data" / "ontology"
FORMER_CONSTRAINTS = {
    "bilateral-relation-same-party-violation": ("relations.bad.test.ttl", {(
        "https://example.org/china--prc",
        "The two parties of a bilateral relation must be different actors, but https://example.org/china is the"
        " same as https://example.org/prc.")}),
    "evidence-position-violation": ("evidence.bad.test.ttl", {(
        "https://example.org/evidence",
        "The text position selector's start (5150) must be an integer below its end (4990).")}),
}


@pytest.mark.parametrize("name", sorted(FORMER_CONSTRAINTS))
def test_former_shape_constraints_find_the_same_in_the_fixtures(name):
    from seckg.ontology import load_ontology
    from seckg.rdfload import from_rdflib

    fixture, expected = FORMER_CONSTRAINTS[name]
    store = ox.Store()
    store.load((FIXTURES / fixture).read_bytes(), format=ox.RdfFormat.TURTLE)
    store.bulk_extend(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in load_ontology())
    rows = StoreTarget(store, "fixture").execute(CHECKS[name].text, source=CHECKS[name].source).rows
    assert {(r["focus"].value, r["message"].value) for r in rows} == expected
