"""HermiT is given only the data that can change its answer (seckg.ontology.abox): the reduced run
gives the same verdict, unsatisfiable classes and inferred triples as the run on everything, on
the corpus and on crafted data whose answer hinges on a triple the reduction must keep."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, URIRef

from seckg.ontology.abox import reduce_data, relevance
from seckg.ontology.reasoner import ReasonerResult, reason

EX = "http://example.org/"

#: a small ontology: a domain, a disjointness, a functional data property, a sub-property, the
#: bottom property, an equivalence, an inert object property and annotation properties
ONTOLOGY = """
@prefix ex: <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/onto> a owl:Ontology .
ex:A a owl:Class . ex:B a owl:Class . ex:C a owl:Class . ex:Same a owl:Class .
ex:A owl:disjointWith ex:B .
ex:Same owl:equivalentClass ex:C .
ex:p a owl:ObjectProperty ; rdfs:domain ex:A ; rdfs:label "p" .
ex:q a owl:ObjectProperty ; rdfs:subPropertyOf ex:p .
ex:never a owl:ObjectProperty ; rdfs:subPropertyOf owl:bottomObjectProperty .
ex:code a owl:DatatypeProperty , owl:FunctionalProperty .
ex:inert a owl:ObjectProperty .
ex:inertData a owl:DatatypeProperty .
ex:note a owl:AnnotationProperty .
"""


def _graph(turtle: str) -> Graph:
    return Graph().parse(data="@prefix ex: <http://example.org/> . " + turtle, format="turtle")


@pytest.fixture(scope="module")
def small() -> Graph:
    return Graph().parse(data=ONTOLOGY, format="turtle")


def _same(ontology: Graph, data: Graph) -> tuple[ReasonerResult, ReasonerResult]:
    full = reason(ontology, data, reduce=False)
    reduced = reason(ontology, data, reduce=True)
    assert full.left_out == 0 and reduced.left_out > 0
    assert reduced.consistent == full.consistent
    assert reduced.unsatisfiable == full.unsatisfiable
    assert set(reduced.inferred) == set(full.inferred)
    return full, reduced


def test_what_the_shipped_ontology_makes_of_its_properties(ontology):
    """Derived from the axioms: the annotation properties and the external terms no axiom
    mentions are left out; every property with a domain, a range or a characteristic is kept."""
    rel = relevance(ontology)
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert URIRef(skos + "prefLabel") in rel.annotation
    assert URIRef("http://www.w3.org/2000/01/rdf-schema#label") in rel.annotation
    assert URIRef("http://www.w3.org/ns/prov#wasAttributedTo") in rel.inert
    assert URIRef("http://www.w3.org/ns/oa#exact") in rel.inert
    logical = {s for p in (URIRef("http://www.w3.org/2000/01/rdf-schema#domain"),
                           URIRef("http://www.w3.org/2000/01/rdf-schema#range"), OWL.inverseOf)
               for s in ontology.subjects(p, None)}
    logical |= {s for c in (OWL.FunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty)
                for s in ontology.subjects(RDF.type, c)}
    assert logical and not logical & rel.inert


@pytest.mark.parametrize("case, data", [
    # a sub-property's assertion carries its super-property's domain, disjoint with the type
    ("sub-property domain", "ex:x a ex:B ; ex:q ex:y ."),
    ("functional data property", 'ex:x a ex:A ; ex:code "1" , "2" .'),
    ("bottom property", "ex:x ex:never ex:y ."),
])
def test_an_inconsistency_hinges_on_a_kept_triple(small, case, data):
    g = _graph(data + ' ex:x ex:note "left out" ; ex:inert ex:z ; ex:inertData "v" .')
    full, reduced = _same(small, g)
    assert not full.consistent, case
    # the triple it hinges on is what makes it so: without it, both are consistent
    key = [t for t in g if t[1] in (URIRef(EX + "q"), URIRef(EX + "code"), URIRef(EX + "never"))]
    for t in key:
        g.remove(t)
    assert reason(small, g).consistent


def test_the_reduction_drops_no_triple_that_matters(small):
    """Every assertion of a property an axiom mentions (or a sub-property of one) is given to
    HermiT; annotation and inert assertions are not; the copies are left out only when nothing but
    their classes names them."""
    data = _graph("""
        ex:x a ex:B ; ex:q ex:y ; ex:p ex:y ; ex:code "1" ; ex:never ex:y ; ex:note "n" ; ex:inert ex:z ;
             ex:inertData "v" .
        ex:c1 a ex:C . ex:c2 a ex:C . ex:c3 a ex:C ; ex:note "only an annotation" . ex:c4 a ex:C ; ex:p ex:y .
    """)
    red = reduce_data(small, data)
    kept = set(red.graph)
    for t in data:
        local = str(t[1]).removeprefix(EX)
        if local in ("q", "p", "code", "never") or t[0] in (URIRef(EX + "x"), URIRef(EX + "c4")) and local == "type":
            assert t in kept, t
        if local in ("note", "inert", "inertData"):
            assert t not in kept, t
    assert red.dropped_annotation == 2 and red.dropped_inert == 2
    # z was only named by a dropped assertion: still an individual for HermiT
    assert (URIRef(EX + "z"), RDF.type, OWL.NamedIndividual) in kept
    assert red.copies == {URIRef(EX + "c1"): [URIRef(EX + "c2"), URIRef(EX + "c3")]}


def test_same_inferred_triples_on_crafted_consistent_data(small):
    """Types of individuals only named by dropped triples (owl:Thing), of copies left out (ex:Same,
    through the equivalence), of a sub-property's subject (ex:A, through the super's domain)."""
    data = _graph("""
        ex:a ex:inert ex:b . ex:c ex:inertData "v" . ex:d ex:note "n" .
        ex:c1 a ex:C . ex:c2 a ex:C . ex:c3 a ex:C ; ex:note "n" .
        ex:s ex:q ex:t .
    """)
    full, reduced = _same(small, data)
    assert full.consistent
    inferred = set(full.inferred)
    for x in ("a", "b", "c"):
        assert (URIRef(EX + x), RDF.type, OWL.Thing) in inferred
    for x in ("c1", "c2", "c3"):
        assert (URIRef(EX + x), RDF.type, URIRef(EX + "Same")) in inferred
    assert (URIRef(EX + "s"), RDF.type, URIRef(EX + "A")) in inferred


def test_same_answer_on_the_corpus(built: Path, ontology):
    from seckg.queries.validation import _graph as union
    from seckg.queries.validation import _store_for

    store, _ = _store_for(built, [], None)
    data = union(store, include_ontology=False)
    full, reduced = _same(ontology, data)
    assert full.consistent and not full.unsatisfiable
    assert reduced.triples < full.triples / 1.5  # what HermiT is given: about half


def test_the_escape_hatch_reasons_on_everything(small, monkeypatch):
    data = _graph('ex:x ex:note "n" ; ex:inert ex:y .')
    monkeypatch.setenv("SECKG_REASONER_FULL", "1")
    assert reason(small, data).left_out == 0
    monkeypatch.delenv("SECKG_REASONER_FULL")
    assert reason(small, data).left_out > 0
    # inferred property values are about every property: never reduced
    assert reason(small, data, infer_property_values=True).left_out == 0
