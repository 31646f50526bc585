"""The mention lexicon: every surface form of every entity of the reference data.

Built from RDF (the reference lexicon in ``ontology/reference/`` and the SKOS schemes of the
ontology): preferred, alternative and hidden labels; demonyms and adjectives ("Chinese" -> China);
capitals used for governments ("Beijing" -> China); titles ("President", "state councillor").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from seckg.iribase import ID
from seckg.ontology.terms import SECKG

__all__ = ["Entry", "Lexicon", "KIND_OF_CLASS"]

#: The mention kind of each class of the reference data (most specific first wins).
KIND_OF_CLASS: dict[str, str] = {
    "State": "state",
    "Government": "government",
    "Person": "person",
    "Scholar": "person",
    "PoliticalParty": "organisation",
    "ArmedForce": "organisation",
    "InternationalOrganisation": "organisation",
    "Grouping": "organisation",
    "GovernmentAgency": "organisation",
    "NewsOrganisation": "organisation",
    "ResearchOrganisation": "organisation",
    "Organisation": "organisation",
    "City": "place",
    "Region": "place",
    "Sea": "place",
    "Island": "place",
    "IslandChain": "place",
    "Territory": "place",
    "Place": "place",
    "Document": "document",
    "StrategyDocument": "document",
    "Treaty": "document",
    "TreatyArticle": "document",
    "DefenceGuidelines": "document",
    "JointStatement": "document",
    "WhitePaper": "document",
    "NewsReport": "document",
    "Policy": "policy",
    "Strategy": "policy",
    "Initiative": "policy",
    "Honour": "honour",
    "Event": "event",
    "ForumMeeting": "event",
    "Mechanism": "mechanism",
    "WeaponSystem": "weapon",
    "Conference": "event",
    "Congress": "event",
    "Speech": "event",
    "MilitaryExercise": "event",
    "NavalDrill": "event",
    "StateVisit": "event",
    "Incident": "event",
    "CrisisManagementMechanism": "mechanism",
}

#: Kinds of SKOS concepts, read from the instance IRI ``id/<kind>/<slug>``.
CONCEPT_KINDS = {"partnership-level", "core-interest", "concept", "title"}

_LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, RDFS.label)
#: the links that make an entity serve a state (its armed force, government, ruling party)
_OWNED_BY = (SECKG.armedForceOf, SECKG.governmentOf, SECKG.rulingPartyOf)


@dataclass(frozen=True)
class Entry:
    """One way a surface form can be read."""

    iri: str
    kind: str
    label: str  # the entity's preferred label
    via: str  # label | demonym | capital | title


class Lexicon:
    """Surface form -> entries; plus the preferred label and kind of every entity."""

    def __init__(self) -> None:
        self.forms: dict[str, list[Entry]] = defaultdict(list)
        self.kinds: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.types: dict[str, set[str]] = defaultdict(set)
        self.capital_of: dict[str, str] = {}
        #: the state a person is a national of; the state an armed force or government serves
        self.nationality: dict[str, str] = {}
        self.owner: dict[str, str] = {}
        #: entities the lexicon dates (seckg:date), with the date: a text's date for them is not
        #: added again, and a document named with another year is another edition
        self.dated: dict[str, str] = {}
        #: (state, title concept) -> the office of the reference lexicon
        self.offices: dict[tuple[str, str], str] = {}
        #: what an entity belongs to (partOf, articleOf, governmentOf, armedForceOf, nationality...):
        #: the context that tells apart two entities sharing a surface form
        self.links: dict[str, set[str]] = defaultdict(set)

    def context_of(self, iri: str, depth: int = 3) -> set[str]:
        """The entity and what it belongs to, up to ``depth`` links away ("MoFA" of Japan:
        the ministry, Japan's government, Japan; "Article 5" of NATO: the article, the North
        Atlantic Treaty)."""
        seen = {iri}
        frontier = {iri}
        for _ in range(depth):
            frontier = {o for x in frontier for o in self.links.get(x, ())} - seen
            seen |= frontier
        return seen

    def add(self, form: str, entry: Entry) -> None:
        form = " ".join(form.split())
        if form and entry not in self.forms[form]:
            self.forms[form].append(entry)

    def lookup(self, form: str) -> list[Entry]:
        return self.forms.get(" ".join(form.split()), [])

    def by_label(self, name: str, kinds: set[str] | None = None) -> str | None:
        """The IRI an exact label names (preferring the entity's own labels over demonyms)."""
        entries = [e for e in self.lookup(name) if kinds is None or e.kind in kinds]
        entries.sort(key=lambda e: (e.via != "label",))
        return entries[0].iri if entries else None

    @classmethod
    def from_graphs(cls, *graphs: Graph) -> Lexicon:
        lex = cls()
        g = Graph()
        for graph in graphs:
            for t in graph:
                g.add(t)
        for s in sorted(set(g.subjects()), key=str):  # sorted: the same lexicon in every process
            if not isinstance(s, URIRef) or not str(s).startswith(ID):
                continue
            iri = str(s)
            kind = _kind_of(g, s)
            if kind is None:
                continue
            pref = g.value(s, SKOS.prefLabel) or g.value(s, RDFS.label)
            if pref is None:
                continue
            lex.kinds[iri] = kind
            lex.labels[iri] = str(pref)
            lex.types[iri] = {str(o) for o in g.objects(s, RDF.type)}
            via = "title" if kind == "title" else "label"
            for p in _LABELS:
                for o in sorted(g.objects(s, p)):
                    if getattr(o, "language", None) in (None, "en") or p == SKOS.hiddenLabel:
                        lex.add(str(o), Entry(iri, kind, str(pref), via))
                        if kind == "title" and str(o)[-1:].isalpha():
                            # "Presidents Xi and Trump", "Prime Ministers Abe and Modi"
                            lex.add(str(o) + ("es" if str(o).endswith("s") else "s"),
                                    Entry(iri, kind, str(pref), via))
            for o in g.objects(s, SECKG.demonym):
                lex.add(str(o), Entry(iri, kind, str(pref), "demonym"))
            for o in g.objects(s, SECKG.nationality):
                lex.nationality[iri] = str(o)
            for o in sorted(g.objects(s, SECKG.date))[:1]:
                lex.dated[iri] = str(o)
            for p in (SECKG.armedForceOf, SECKG.governmentOf, SECKG.rulingPartyOf, SECKG.partOf,
                      SECKG.articleOf, SECKG.nationality, SECKG.officeOf):
                for o in g.objects(s, p):
                    if p in _OWNED_BY:
                        lex.owner[iri] = str(o)
                    if isinstance(o, URIRef):
                        lex.links[iri].add(str(o))
            if kind == "office" or (s, RDF.type, SECKG.Office) in g:
                for t in g.objects(s, SECKG.title):
                    for st in g.objects(s, SECKG.officeOf):
                        lex.offices[(str(st), str(t))] = iri
            for city in g.objects(s, SECKG.capital):
                lex.capital_of[str(city)] = iri
                for p in _LABELS:
                    for o in g.objects(city, p):
                        if getattr(o, "language", None) in (None, "en"):
                            lex.add(str(o), Entry(iri, kind, str(pref), "capital"))
        return lex


def _kind_of(g: Graph, s: URIRef) -> str | None:
    local = str(s)[len(ID):].split("/", 1)[0]
    if local in CONCEPT_KINDS:
        return local
    best: str | None = None
    for t in g.objects(s, RDF.type):
        name = str(t).rsplit("#", 1)[-1]
        if name in KIND_OF_CLASS:
            kind = KIND_OF_CLASS[name]
            if best is None or kind in ("state", "person", "government"):
                best = kind
    return best
