"""Tests of the seckg ontology: loading, HermiT, ontology shapes, data shapes, generated terms.

Data-shape fixtures are self-contained ``tests/data/ontology/*.test.ttl`` files (as in
pySHACL's own tests): the data, plus a ``t:Case`` node that says which shapes the case
exercises (``t:shape``; none means all), whether the data conforms (``t:conforms``) and, for a
violating case, every expected result (``t:expect [ t:focus ; t:component ; t:path ;
t:severity ]``, path and severity optional). The expected results must equal the actual ones.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH, SKOS

from seckg.errors import OntologyError
from seckg.ontology import (
    NS,
    ONTOLOGY_IRI,
    load_ontology,
    load_reference,
    load_shapes,
    module_files,
    module_iri,
)
from seckg.ontology.check import CheckReport, check_ontology
from seckg.ontology.codegen import render_terms, terms_path
from seckg.ontology.reasoner import ReasonerResult, prepare, reason
from seckg.rdfload import load_graph

DATA = Path(__file__).parent / "data" / "ontology"
T = Namespace("https://w3id.org/seckg/test#")
DSH = Namespace("https://w3id.org/seckg/shapes/data#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FIXTURES = sorted(DATA.glob("*.test.ttl"))


# --- shared, expensive results (one JVM start each) -----------------------------------------


@pytest.fixture(scope="module")
def hermit(ontology: Graph) -> ReasonerResult:
    return reason(ontology)


@pytest.fixture(scope="module")
def report() -> CheckReport:
    return check_ontology()


# --- loading ----------------------------------------------------------------------------


def test_modules_found_and_all_imported(ontology: Graph) -> None:
    modules = module_files()
    assert len(modules) >= 11, modules
    imported = set(ontology.objects(ONTOLOGY_IRI, OWL.imports))
    assert imported == {module_iri(name) for name in modules}
    for name in modules:
        assert (module_iri(name), RDF.type, OWL.Ontology) in ontology


def test_ontology_loads_from_package(ontology: Graph) -> None:
    root = importlib.resources.files("seckg.ontology")
    assert (root / "seckg.ttl").is_file()
    assert len(ontology) > 1500
    assert (NS.Partnership, RDFS.subClassOf, NS.BilateralRelation) in ontology


def test_aggregator_alone_has_only_the_header() -> None:
    g = load_ontology(modules=False)
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert not list(g.subjects(RDF.type, OWL.Class))


def test_load_reference_returns_a_graph() -> None:
    assert isinstance(load_reference(), Graph)


def test_load_shapes_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError):
        load_shapes("nope")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name",
    [
        "Actor",
        "State",
        "Organisation",
        "Government",
        "PoliticalParty",
        "ArmedForce",
        "InternationalOrganisation",
        "Grouping",
        "GovernmentAgency",
        "NewsOrganisation",
        "ResearchOrganisation",
        "Person",
        "Scholar",
        "Office",
        "Tenure",
        "Relationship",
        "BilateralRelation",
        "Partnership",
        "Alliance",
        "Obligation",
        "TradeRelationship",
        "TradeRanking",
        "Rivalry",
        "Characterisation",
        "Dispute",
        "TerritorialDispute",
        "MaritimeDispute",
        "TradeDispute",
        "Claim",
        "Incident",
        "Mechanism",
        "CrisisManagementMechanism",
        "ConfidenceBuildingMeasure",
        "CoreInterestDeclaration",
        "Policy",
        "Strategy",
        "Initiative",
        "Sanction",
        "Document",
        "StrategyDocument",
        "Treaty",
        "TreatyArticle",
        "DefenceGuidelines",
        "JointStatement",
        "WhitePaper",
        "NewsReport",
        "ScholarlyArticle",
        "CitedWork",
        "Event",
        "Speech",
        "Congress",
        "Conference",
        "StateVisit",
        "MilitaryExercise",
        "Deployment",
        "NavalDrill",
        "JointPatrol",
        "AwardConferral",
        "Honour",
        "Nationalisation",
        "Intervention",
        "Annexation",
        "ForumMeeting",
        "Announcement",
        "Negotiation",
        "Statement",
        "Assessment",
        "Place",
        "City",
        "Region",
        "Sea",
        "Island",
        "IslandChain",
        "Evidence",
        "Citation",
        "ExtractionRule",
        "CuratedAnnotation",
        "ExtractionActivity",
    ],
)
def test_agreed_class_names_exist(ontology: Graph, name: str) -> None:
    assert (NS[name], RDF.type, OWL.Class) in ontology


def test_partnership_ladder_is_ordered(ontology: Graph) -> None:
    scheme = URIRef("https://w3id.org/seckg/id/scheme/partnership-level")
    ranks = {
        str(c).rsplit("/", 1)[1]: int(ontology.value(c, NS.ladderRank))
        for c in ontology.subjects(SKOS.inScheme, scheme)
    }
    assert ranks["partnership"] == 1
    top = "comprehensive-strategic-partnership-of-coordination-for-a-new-era"
    assert ranks[top] == max(ranks.values())
    assert list(ranks.values()).count(max(ranks.values())) == 1


# --- HermiT -----------------------------------------------------------------------------


def test_ontology_is_consistent_with_no_unsatisfiable_class(hermit: ReasonerResult) -> None:
    assert hermit.consistent, hermit.message
    assert hermit.unsatisfiable == []
    assert hermit.elapsed < 30


def test_check_ontology_reports_no_error(report: CheckReport) -> None:
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors == []
    assert set(report.timings) == {"rdf", "owl", "profile", "shacl"}


def test_person_and_state_individual_is_inconsistent(ontology: Graph) -> None:
    broken = load_graph(DATA / "broken" / "person-and-state.ttl")
    result = reason(ontology, broken)
    assert not result.consistent


def test_subclass_of_disjoint_classes_is_unsatisfiable(ontology: Graph) -> None:
    broken = load_graph(DATA / "broken" / "unsatisfiable-class.ttl")
    result = reason(ontology, broken)
    assert result.consistent
    assert [c.iri for c in result.unsatisfiable] == ["https://example.org/StatePerson"]
    assert result.unsatisfiable[0].label == "state person"


def test_inferences_are_kept_apart(ontology: Graph) -> None:
    data = load_graph(DATA / "broken" / "inference.ttl")
    result = reason(ontology, data, infer_property_values=True)
    assert result.consistent
    xi = URIRef("https://example.org/xi")
    office = URIRef("https://example.org/president-of-china")
    assert (xi, NS.holdsOffice, office) in result.inferred  # property chain
    assert (xi, RDF.type, NS.Person) in result.inferred  # range of tenureHolder
    assert (xi, NS.holdsOffice, office) not in data


def test_reasoner_input_is_stripped() -> None:
    g = Graph()
    g.add((URIRef("https://example.org/o"), OWL.imports, URIRef("http://example.invalid/evil")))
    pm = URIRef(
        "http://www.lesfleursdunormal.fr/static/_downloads/owlready_ontology.owl#python_module"
    )
    g.add((URIRef("https://example.org/o"), pm, Literal("os")))
    g.add(
        (
            URIRef("https://example.org/a"),
            NS.date,
            Literal("2018", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")),
        )
    )
    g.add((URIRef("https://example.org/a"), RDFS.label, Literal("a")))
    payload, dropped = prepare(g)
    assert b"imports" not in payload and b"python_module" not in payload and b"gYear" not in payload
    assert dropped == 1
    assert b"label" in payload


def test_gyear_dates_do_not_break_hermit(ontology: Graph) -> None:
    sample = load_graph(DATA / "corpus-sample.ok.test.ttl")
    result = reason(ontology, sample)
    assert result.consistent, result.message
    assert result.unsatisfiable == []
    assert result.dropped_literals > 0  # the gYear / gYearMonth / date values


def test_missing_import_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import seckg.ontology as onto

    monkeypatch.setattr(onto, "module_files", lambda: {"actors": module_files()["actors"]})
    with pytest.raises(OntologyError, match="never fetches"):
        onto.load_ontology()


# --- ontology shapes ------------------------------------------------------------------------


def test_every_term_is_labelled_defined_and_attributed(ontology: Graph) -> None:
    terms = [
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(str(NS))
    ]
    assert len(terms) > 150
    for term in terms:
        assert any(lbl.language == "en" for lbl in ontology.objects(term, RDFS.label)), term
        assert any(d.language == "en" for d in ontology.objects(term, SKOS.definition)), term
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology, term


def test_every_module_header_is_complete(ontology: Graph) -> None:
    headers = list(ontology.subjects(RDF.type, OWL.Ontology))
    assert len(headers) == len(module_files()) + 1
    for h in headers:
        for p in (
            DCTERMS.title,
            DCTERMS.description,
            DCTERMS.license,
            OWL.versionIRI,
            OWL.versionInfo,
        ):
            assert ontology.value(h, p) is not None, (h, p)


def test_ontology_shapes_catch_a_bad_term(ontology: Graph) -> None:
    from seckg.ontology.check import shacl_findings

    bad = Graph()
    bad += ontology
    bad.add((NS.Unlabelled, RDF.type, OWL.Class))
    bad.add((NS.Unlabelled, RDF.type, OWL.ObjectProperty))
    bad.remove((URIRef("https://w3id.org/seckg/ontology/actors"), DCTERMS.license, None))
    findings = shacl_findings(bad, load_shapes("ontology"), advanced=True)
    focuses = {f.focus for f in findings if f.severity == "error"}
    assert str(NS.Unlabelled) in focuses
    assert "https://w3id.org/seckg/ontology/actors" in focuses
    assert any("more than one OWL kind" in f.message for f in findings)


def test_every_data_constraint_has_an_english_message(data_shapes: Graph) -> None:
    constraints = list(data_shapes.objects(None, SH.property)) + list(
        data_shapes.objects(None, SH.sparql)
    )
    assert len(constraints) > 80
    for c in constraints:
        assert any(m.language == "en" for m in data_shapes.objects(c, SH.message)), c


# --- data shapes: the fixtures ------------------------------------------------------------------


def _case_nodes(g: Graph) -> set:
    """The t:Case node and everything reachable from it (the expectations)."""
    seen: set = set()
    todo = list(g.subjects(RDF.type, T.Case))
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        todo += [o for _, _, o in g.triples((n, None, None)) if isinstance(o, BNode)]
    return seen


def _shape_closure(shapes: Graph, roots: list) -> Graph:
    """The named shapes, their property shapes, lists and the prefix declarations they use."""
    out = Graph()
    seen: set = set()
    todo = list(roots) + [URIRef("https://w3id.org/seckg/shapes/data")]
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for s, p, o in shapes.triples((n, None, None)):
            out.add((s, p, o))
            if isinstance(o, BNode) or (isinstance(o, URIRef) and str(o).startswith(str(DSH))):
                todo.append(o)
            elif p == SH.prefixes:
                todo.append(o)
    return out


def _key(focus, component, path, severity) -> tuple:
    return (
        str(focus),
        str(component),
        str(path) if isinstance(path, URIRef) else None,
        str(severity or SH.Violation),
    )


def _expected(case: Graph) -> set[tuple]:
    keys = set()
    for exp in case.objects(None, T.expect):
        keys.add(
            _key(
                case.value(exp, T.focus),
                case.value(exp, T.component),
                case.value(exp, T.path),
                case.value(exp, T.severity),
            )
        )
    return keys


def _results(report: Graph) -> Iterator[tuple[tuple, object]]:
    for r in report.objects(None, SH.result):  # top-level results, not nested sh:detail
        key = _key(
            report.value(r, SH.focusNode),
            report.value(r, SH.sourceConstraintComponent),
            report.value(r, SH.resultPath),
            report.value(r, SH.resultSeverity),
        )
        yield key, report.value(r, SH.sourceShape)


def _run_fixture(path: Path, ontology: Graph, data_shapes: Graph) -> tuple[Graph, Graph, Graph]:
    import pyshacl

    raw = load_graph(path)
    case_nodes = _case_nodes(raw)
    assert case_nodes, f"{path.name} has no t:Case"
    case = Graph()
    data = Graph()
    for s, p, o in raw:
        (case if s in case_nodes else data).add((s, p, o))
    roots = list(case.objects(None, T.shape))
    shapes = _shape_closure(data_shapes, roots) if roots else data_shapes
    union = Graph()
    union += data
    union += ontology
    _, results, _ = pyshacl.validate(
        union, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True
    )
    return case, data, results


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_data_shape_fixture(path: Path, ontology: Graph, data_shapes: Graph) -> None:
    case, _, results = _run_fixture(path, ontology, data_shapes)
    conforms = next(case.objects(None, T.conforms), None)
    actual = {key for key, _ in _results(results)}
    expected = _expected(case)
    if conforms is not None and conforms.toPython() is True:
        assert actual == set(), "expected no result at all"
    else:
        assert expected, f"{path.name}: a violating case must list its expected results"
        missing = sorted(expected - actual)
        unexpected = sorted(actual - expected)
        assert not missing and not unexpected, f"missing={missing}\nunexpected={unexpected}"


def test_every_data_shape_has_a_conforming_and_a_violating_fixture(
    ontology: Graph, data_shapes: Graph
) -> None:
    assert FIXTURES, "no fixtures found"
    targeted = {
        s
        for s in data_shapes.subjects(RDF.type, SH.NodeShape)
        if any(
            (s, p, None) in data_shapes
            for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.target)
        )
    }
    assert len(targeted) >= 30
    subclass = {}
    for s, o in ontology.subject_objects(RDFS.subClassOf):
        subclass.setdefault(o, set()).add(s)

    def closure(cls) -> set:
        out, todo = set(), [cls]
        while todo:
            c = todo.pop()
            if c not in out:
                out.add(c)
                todo += subclass.get(c, ())
        return out

    conforming: set = set()
    violated: set = set()
    for path in FIXTURES:
        case, data, results = _run_fixture(path, ontology, data_shapes)
        conforms = next(case.objects(None, T.conforms), None)
        if conforms is not None and conforms.toPython() is True:
            types = set(data.objects(None, RDF.type))
            for shape in targeted:
                targets = set()
                for cls in data_shapes.objects(shape, SH.targetClass):
                    targets |= closure(cls)
                used = any(
                    (None, p, None) in data for p in data_shapes.objects(shape, SH.targetSubjectsOf)
                )
                if (shape, SH.target, None) in data_shapes:  # a SPARQL target: its paths are used
                    paths = {data_shapes.value(ps, SH.path) for ps in data_shapes.objects(shape, SH.property)}
                    used = used or any((None, p, None) in data for p in paths if p is not None)
                if targets & types or used:
                    conforming.add(shape)
        else:
            for _, source in _results(results):
                owner = source
                for shape, _, _ps in data_shapes.triples((None, SH.property, source)):
                    owner = shape
                violated.add(owner)
    assert sorted(targeted - conforming) == [], "shapes without a conforming fixture"
    assert sorted(targeted - violated) == [], "shapes without a violating fixture"


# --- generated terms ----------------------------------------------------------------------------


def test_terms_module_is_current(ontology: Graph) -> None:
    assert terms_path().read_text(encoding="utf-8") == render_terms(ontology), (
        "ontology/terms.py is stale: run python -m seckg.ontology.codegen"
    )


def test_terms_namespace_is_closed() -> None:
    from seckg.ontology.terms import PARTNERSHIP_LEVEL, SECKG

    assert SECKG.Partnership == NS.Partnership
    assert PARTNERSHIP_LEVEL["strategic-partnership"] == URIRef(
        "https://w3id.org/seckg/id/partnership-level/strategic-partnership"
    )
    with pytest.raises(AttributeError):
        SECKG.Partnershipp  # noqa: B018
