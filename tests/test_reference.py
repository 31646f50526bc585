"""The reference lexicon: ontology/reference/states.ttl (generated) and entities.ttl (curated).

Checks that the generated file is current, that every UN member and observer state is there
once with its names, codes and demonyms, that every IRI follows the id/<kind>/<slug> policy,
that labels are unambiguous within a kind (apart from the listed known ambiguities), that the
files use the ontology's properties with the right kinds of subject and object, and that every
entity the corpus mentions is found by an exact label lookup.
"""

from __future__ import annotations

import doctest
import re
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from seckg.ontology import lexicon_build
from seckg.ontology.lexicon_build import (
    BASE,
    OTHER_ENTRIES,
    SOVEREIGN_STATES,
    STATES,
    UN_MEMBER_STATES,
    UN_OBSERVER_STATES,
    slugify,
)
from seckg.rdfload import load_graph

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "ontology" / "reference"
STATES_TTL = REFERENCE / "states.ttl"
ENTITIES_TTL = REFERENCE / "entities.ttl"
CORPUS = ROOT / "corpus" / "security-partnerships-2020.txt"
ACTORS_TTL = ROOT / "ontology" / "modules" / "actors.ttl"

SECKG = Namespace("https://w3id.org/seckg/ontology#")
# a plain Namespace: rdflib's closed XSD namespace warns when pytest inspects module globals
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

#: Classes an individual of each kind may have (the kind is the first path segment of its IRI).
KIND_CLASSES: dict[str, set[URIRef]] = {
    "state": {SECKG.State},
    "government": {SECKG.Government},
    "party": {SECKG.PoliticalParty},
    "armed-force": {SECKG.ArmedForce},
    "organisation": {
        SECKG.InternationalOrganisation,
        SECKG.Organisation,
        SECKG.ResearchOrganisation,
    },
    "grouping": {SECKG.Grouping},
    "agency": {SECKG.GovernmentAgency},
    "news-organisation": {SECKG.NewsOrganisation},
    "person": {SECKG.Person, SECKG.Scholar},
    "office": {SECKG.Office},
    "tenure": {SECKG.Tenure},
    "place": {
        SECKG.City,
        SECKG.Region,
        SECKG.Sea,
        SECKG.Island,
        SECKG.IslandChain,
        SECKG.Territory,
        SECKG.Place,
    },
    "document": {
        SECKG.Document,
        SECKG.StrategyDocument,
        SECKG.Treaty,
        SECKG.TreatyArticle,
        SECKG.DefenceGuidelines,
        SECKG.JointStatement,
    },
    "policy": {SECKG.Policy, SECKG.Strategy, SECKG.Initiative},
    "honour": {SECKG.Honour},
    "event": {SECKG.Event, SECKG.ForumMeeting},
    "title": {SKOS.Concept},
    "weapon-system": {SECKG.WeaponSystem},
    "mechanism": {SECKG.Mechanism},
}

#: IRIs whose slug is not slugify(prefLabel), and why.
#: A state's government takes the state's slug (id/government/china, labelled "Government of
#: China"); that rule is checked separately. Taiwan's authorities follow it too, though they
#: have no seckg:governmentOf (its range is seckg:State).
SLUG_EXCEPTIONS: dict[str, str] = {
    BASE + "government/taiwan": "the government of place/taiwan takes its slug",
}

#: Labels that two individuals of one kind share on purpose; extraction decides by context.
KNOWN_AMBIGUITIES: dict[str, str] = {
    "article 5": "Article 5 of the Japan-US Security Treaty and of the North Atlantic Treaty",
    "article v": "the same two articles",
    "mofa": "the foreign ministries of China and Japan",
}

#: Demonyms that two states share.
KNOWN_AMBIGUOUS_DEMONYMS = {"Congolese", "Dominican"}

#: Surface strings taken verbatim from the corpus that must each be found by an exact lookup
#: of a label (preferred, alternative or hidden) or a demonym, with the kind they must resolve to.
CORPUS_MENTIONS: dict[str, str] = {
    "Xi Jinping": "person",
    "Xi": "person",
    "President Xi": "person",
    "Yang Jiechi": "person",
    "Wang Yi": "person",
    "Li Keqiang": "person",
    "Trump": "person",
    "Putin": "person",
    "President Putin": "person",
    "Abe": "person",
    "Saddam Hussein": "person",
    "Muammar Gaddafi": "person",
    "Bobo Lo": "person",
    "Wu Xinbo": "person",
    "Beijing": "place",
    "Tokyo": "place",
    "Washington": "place",
    "Vladivostok": "place",
    "Geneva": "place",
    "Crimea": "place",
    "Asia-Pacific": "place",
    "North America": "place",
    "Southeast Asia": "place",
    "East China seas": "place",
    "Senkaku/Diaoyu": "place",
    "Senkaku Islands": "place",
    "Senkaku": "place",
    "Diaoyu": "place",
    "China": "state",
    "Russia": "state",
    "Japan": "state",
    "United States": "state",
    "US": "state",
    "U.S.": "state",
    "America": "state",
    "South Korea": "state",
    "India": "state",
    "Australia": "state",
    "PRC": "state",
    "People’s Republic of China": "state",
    "Chinese government": "government",
    "Trump administration": "government",
    "CCP": "party",
    "Communist Party": "party",
    "the Party": "party",
    "PLA": "armed-force",
    "Chinese PLA": "armed-force",
    "Chinese navy": "armed-force",
    "UN Security Council": "organisation",
    "UN": "organisation",
    "Collective Security Treaty Organisation": "organisation",
    "Quadrilateral Security Dialogue": "grouping",
    "Xinhua": "news-organisation",
    "Moscow Times": "news-organisation",
    "U.S. Department of Defence (DoD)": "agency",
    "DoD": "agency",
    "DOD": "agency",
    "MoFA, China": "agency",
    "State Council Information Office of the People’s Republic of China (PRC)": "agency",
    "Foreign Minister": "title",
    "state councillor": "title",
    "Premier": "title",
    "Prime Minister": "title",
    "President": "title",
    "Medal of Friendship": "honour",
    "highest order of Russia": "honour",
    "Eastern Economic Forum": "event",
    "19th Party Congress": "event",
    "Cold War": "event",
    "THAAD": "weapon-system",
    "Maritime and Aerial Communication Mechanism": "mechanism",
    "Guidelines for Defense Cooperation": "document",
    "Japan-U.S. Treaty of Mutual Cooperation and Security": "document",
    "Article 5 of the Japan-U.S. Treaty of Mutual Cooperation and Security": "document",
    "National Defense Strategy": "document",
    "U.S. NSS, 2017": "document",
    "Indo-Pacific Strategy": "policy",
    "rebalance": "policy",
    "BRI": "policy",
}

#: Demonyms (adjectival forms) from the corpus that must resolve to a state.
CORPUS_DEMONYMS = {
    "Chinese": "CHN",
    "Russian": "RUS",
    "Japanese": "JPN",
    "North Korean": "PRK",
    "US": "USA",
}

LABEL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
DATE_TYPES = {XSD.gYear, XSD.gYearMonth, XSD.date}


@pytest.fixture(scope="module")
def graph() -> Graph:
    files = [STATES_TTL, ENTITIES_TTL]
    assert all(f.exists() for f in files)
    g = load_graph(files)
    assert len(g) > 5000
    return g


@pytest.fixture(scope="module")
def individuals(graph: Graph) -> list[URIRef]:
    found = sorted(
        {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(BASE)}
    )
    assert len(found) > 700
    return found


def kind_of(node: URIRef) -> str:
    return str(node)[len(BASE) :].split("/", 1)[0]


def pref_label(graph: Graph, node: URIRef) -> str:
    labels = [o for o in graph.objects(node, SKOS.prefLabel) if isinstance(o, Literal)]
    assert len(labels) == 1, f"{node} has {len(labels)} prefLabels"
    return str(labels[0])


# --- the generator and its rules -------------------------------------------------------------


def test_slugify_examples() -> None:
    assert slugify("Xi Jinping") == "xi-jinping"
    assert slugify("Senkaku/Diaoyu Islands") == "senkaku-diaoyu-islands"
    assert (
        slugify("Collective Security Treaty Organization")
        == "collective-security-treaty-organization"
    )
    assert slugify("Côte d'Ivoire") == "cote-d-ivoire"
    assert slugify("  People’s Liberation Army  ") == "people-s-liberation-army"
    assert slugify("Łódź Ørsted Straße") == "lodz-orsted-strasse"
    assert slugify("19th Party Congress") == "19th-party-congress"
    with pytest.raises(ValueError):
        slugify("尖閣諸島")


def test_module_doctests() -> None:
    result = doctest.testmod(lexicon_build)
    assert result.attempted > 0 and result.failed == 0


def test_un_lists_are_iso_codes() -> None:
    assert len(UN_MEMBER_STATES) == 193
    assert UN_OBSERVER_STATES == {"VAT", "PSE"}
    assert not UN_MEMBER_STATES & UN_OBSERVER_STATES
    for code in SOVEREIGN_STATES | OTHER_ENTRIES:
        assert pycountry.countries.get(alpha_3=code) is not None, code
    assert "TWN" not in SOVEREIGN_STATES
    # every curated row is used, and every state has one, with a demonym
    assert set(STATES) == SOVEREIGN_STATES | OTHER_ENTRIES
    for code, entry in STATES.items():
        assert entry.demonyms, code
        assert entry.name.strip() == entry.name and entry.name, code


def test_excluded_iso_entries_are_not_states() -> None:
    excluded = {c.alpha_3 for c in pycountry.countries} - SOVEREIGN_STATES - OTHER_ENTRIES
    # dependent territories and other non-sovereign entries, e.g.
    assert {"HKG", "MAC", "GUM", "PRI", "ESH", "ATA", "GRL"} <= excluded
    assert len(excluded) == len(list(pycountry.countries)) - 196


def test_states_ttl_is_current() -> None:
    current = STATES_TTL.read_text(encoding="utf-8")
    assert current == lexicon_build.states_turtle(), (
        "ontology/reference/states.ttl is stale: run python -m seckg.ontology.lexicon_build"
    )


# --- states ---------------------------------------------------------------------------------


def test_every_un_state_once(graph: Graph) -> None:
    states = set(graph.subjects(RDF.type, SECKG.State))
    assert len(states) == len(SOVEREIGN_STATES) == 195
    for code in sorted(SOVEREIGN_STATES):
        nodes = list(graph.subjects(SECKG.isoAlpha3, Literal(code)))
        assert len(nodes) == 1, code
        node = nodes[0]
        assert node in states
        assert kind_of(node) == "state"
        country = pycountry.countries.get(alpha_3=code)
        assert graph.value(node, SECKG.isoAlpha2) == Literal(country.alpha_2)
        assert graph.value(node, SECKG.isoNumeric) == Literal(country.numeric)
        assert pref_label(graph, node) == STATES[code].name
        demonyms = {str(d) for d in graph.objects(node, SECKG.demonym)}
        assert demonyms and demonyms == set(STATES[code].demonyms)
        # its government, and for the United States also its administrations
        govs = set(graph.subjects(SECKG.governmentOf, node))
        assert URIRef(str(node).replace("/state/", "/government/")) in govs
        assert all(
            g == URIRef(str(node).replace("/state/", "/government/"))
            or str(g).endswith("-administration")
            for g in govs
        )


def test_taiwan_is_a_region_not_a_state(graph: Graph) -> None:
    taiwan = URIRef(BASE + "place/taiwan")
    assert (taiwan, RDF.type, SECKG.Region) in graph
    assert (taiwan, RDF.type, SECKG.State) not in graph
    assert graph.value(taiwan, SECKG.isoAlpha2) is None
    assert Literal("TWN") in set(graph.objects(taiwan, SKOS.notation))
    assert (URIRef(BASE + "place/taipei"), SECKG.locatedIn, taiwan) in graph


def test_key_states(graph: Graph) -> None:
    def state(name: str) -> URIRef:
        return URIRef(BASE + "state/" + name)

    def alts(node: URIRef) -> set[str]:
        return {str(o) for p in LABEL_PROPERTIES for o in graph.objects(node, p)}

    assert {"PRC", "People's Republic of China"} <= alts(state("china"))
    assert {
        "US",
        "U.S.",
        "USA",
        "America",
        "the United States",
        "United States of America",
    } <= alts(state("united-states"))
    assert {"ROK", "Republic of Korea"} <= alts(state("south-korea"))
    assert {"DPRK", "Democratic People's Republic of Korea"} <= alts(state("north-korea"))
    assert "Russian Federation" in alts(state("russia"))
    capitals = {
        "china": "beijing",
        "japan": "tokyo",
        "russia": "moscow",
        "united-states": "washington-d-c",
        "south-korea": "seoul",
        "north-korea": "pyongyang",
        "australia": "canberra",
        "india": "new-delhi",
    }
    for name, city in capitals.items():
        assert (state(name), SECKG.capital, URIRef(BASE + "place/" + city)) in graph
    washington = URIRef(BASE + "place/washington-d-c")
    assert {"Washington", "Washington, D.C."} <= alts(washington)
    gov = URIRef(BASE + "government/china")
    assert {"Chinese government", "the Chinese government", "government of China"} <= alts(gov)


# --- every individual -------------------------------------------------------------------------


def test_every_individual_has_one_preflabel_and_a_type(
    graph: Graph, individuals: list[URIRef]
) -> None:
    for node in individuals:
        pref = pref_label(graph, node)
        pref_lit = graph.value(node, SKOS.prefLabel)
        assert pref_lit.language == "en", node
        assert list(graph.objects(node, RDFS.label)) == [pref_lit], node
        types = set(graph.objects(node, RDF.type))
        assert types, f"{node} has no rdf:type"
        allowed = KIND_CLASSES.get(kind_of(node))
        assert allowed is not None, f"{node}: unknown kind"
        assert types <= allowed, f"{node} ({pref}) has types {types} not allowed for its kind"
        for prop in (SKOS.altLabel, SKOS.hiddenLabel):
            for label in graph.objects(node, prop):
                assert isinstance(label, Literal) and label.language, (node, label)
                assert str(label).strip() == str(label) and str(label), (node, label)


def test_iri_policy(graph: Graph, individuals: list[URIRef]) -> None:
    pattern = re.compile(r"^([a-z-]+)/([a-z0-9]+(?:-[a-z0-9]+)*)$")
    for node in individuals:
        match = pattern.match(str(node)[len(BASE) :])
        assert match, f"{node} does not follow id/<kind>/<slug>"
        kind, slug = match.groups()
        if str(node) in SLUG_EXCEPTIONS:
            continue
        if kind == "government" and graph.value(node, SECKG.governmentOf) is not None:
            governed = graph.value(node, SECKG.governmentOf)
            if slug == str(governed).rsplit("/", 1)[1]:
                continue
        assert slug == slugify(pref_label(graph, node)), node


def test_no_ambiguous_labels_within_a_kind(graph: Graph, individuals: list[URIRef]) -> None:
    owners: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    for node in individuals:
        for prop in LABEL_PROPERTIES:
            for label in graph.objects(node, prop):
                owners[(kind_of(node), str(label).casefold())].add(node)
    clashes = {
        key: sorted(str(n) for n in nodes)
        for key, nodes in owners.items()
        if len(nodes) > 1 and key[1] not in KNOWN_AMBIGUITIES
    }
    assert not clashes
    for label in KNOWN_AMBIGUITIES:  # the list stays honest
        assert any(len(owners[(k, label)]) > 1 for k in KIND_CLASSES), label


def test_demonyms_unambiguous(graph: Graph) -> None:
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for state, demonym in graph.subject_objects(SECKG.demonym):
        owners[str(demonym)].add(state)
    shared = {d for d, nodes in owners.items() if len(nodes) > 1}
    assert shared == KNOWN_AMBIGUOUS_DEMONYMS


# --- the ontology's properties, used as its domains and ranges say ---------------------------


def test_properties_link_the_right_kinds(graph: Graph) -> None:
    def kinds(prop: URIRef, position: int) -> set[str]:
        return {
            kind_of(triple[position])
            for triple in graph.triples((None, prop, None))
            if isinstance(triple[position], URIRef) and str(triple[position]).startswith(BASE)
        }

    for prop in (
        SECKG.governmentOf,
        SECKG.armedForceOf,
        SECKG.rulingPartyOf,
        SECKG.nationality,
        SECKG.territoryOf,
        SECKG.capital,
    ):
        target = kinds(prop, 2) if prop != SECKG.capital else kinds(prop, 0)
        assert target == {"state"}, prop
    assert kinds(SECKG.capital, 2) == {"place"}
    assert kinds(SECKG.locatedIn, 2) == {"place"}  # never a state: a state is an actor
    for prop in (SECKG.demonym, SECKG.isoAlpha2, SECKG.isoAlpha3, SECKG.isoNumeric):
        assert kinds(prop, 0) == {"state"}, prop
    assert kinds(SECKG.issuedBy, 0) <= {"document"}
    assert kinds(SECKG.honourOf, 0) == {"honour"}
    assert kinds(SECKG.policyActor, 0) == {"policy"}
    assert kinds(SECKG.officeOf, 0) == {"office"}
    assert kinds(SECKG.articleOf, 0) == kinds(SECKG.articleOf, 2) == {"document"}
    assert kinds(SECKG.memberOf, 2) <= {"organisation", "grouping"}
    for demonym in graph.objects(None, SECKG.demonym):
        assert demonym.language is None and demonym.datatype in (None, XSD.string)


def test_tenures(graph: Graph) -> None:
    tenures = list(graph.subjects(RDF.type, SECKG.Tenure))
    assert len(tenures) >= 40
    for tenure in tenures:
        holders = list(graph.objects(tenure, SECKG.tenureHolder))
        offices = list(graph.objects(tenure, SECKG.tenureOffice))
        assert len(holders) == 1, tenure
        assert set(graph.objects(holders[0], RDF.type)) & {SECKG.Person, SECKG.Scholar}, tenure
        assert len(offices) == 1 and (offices[0], RDF.type, SECKG.Office) in graph, tenure
        start = graph.value(tenure, SECKG.startDate)
        end = graph.value(tenure, SECKG.endDate)
        assert start is not None and start.datatype in DATE_TYPES, tenure
        if end is not None:
            assert end.datatype in DATE_TYPES and str(start) <= str(end), tenure
    for office in graph.subjects(RDF.type, SECKG.Office):
        assert len(list(graph.objects(office, SECKG.officeOf))) == 1, office
        for title in graph.objects(office, SECKG.title):
            assert (title, SKOS.inScheme, URIRef(BASE + "scheme/title")) in graph, office


def test_titles_merge_with_the_ontology_scheme() -> None:
    """actors.ttl declares the title scheme and its first concepts; merged, each keeps one name."""
    if not ACTORS_TTL.exists():
        pytest.skip("ontology/modules/actors.ttl not there yet")
    g = load_graph([ACTORS_TTL, ENTITIES_TTL])
    concepts = set(g.subjects(SKOS.inScheme, URIRef(BASE + "scheme/title")))
    assert len(concepts) >= 20
    for concept in concepts:
        assert len([o for o in g.objects(concept, SKOS.prefLabel) if o.language == "en"]) == 1, (
            concept
        )


# --- the corpus -------------------------------------------------------------------------------


def test_corpus_mentions_are_found(graph: Graph) -> None:
    text = CORPUS.read_text(encoding="utf-8")
    index: dict[str, set[URIRef]] = defaultdict(set)
    for prop in LABEL_PROPERTIES:
        for node, label in graph.subject_objects(prop):
            if isinstance(node, URIRef) and str(node).startswith(BASE):
                index[str(label)].add(node)
    missing = []
    for surface, kind in CORPUS_MENTIONS.items():
        assert surface in text, f"{surface!r} is not in the corpus: keep the list verbatim"
        if not any(kind_of(n) == kind for n in index.get(surface, ())):
            missing.append((surface, kind))
    assert not missing
    for demonym, code in CORPUS_DEMONYMS.items():
        assert demonym in text
        states = set(graph.subjects(SECKG.demonym, Literal(demonym)))
        assert states == set(graph.subjects(SECKG.isoAlpha3, Literal(code))), demonym


def test_other_languages(graph: Graph) -> None:
    senkaku = URIRef(BASE + "place/senkaku-diaoyu-islands")
    labels = {(str(o), o.language) for o in graph.objects(senkaku, SKOS.altLabel)}
    assert {
        ("尖閣諸島", "ja"),
        ("釣魚島", "zh"),
        ("Diaoyu Islands", "en"),
        ("Diaoyutai", "en"),
    } <= labels
    assert (senkaku, RDF.type, SECKG.IslandChain) in graph
