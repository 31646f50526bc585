"""Pairs of states: every relation the graph holds between two states (what the stored query
``relations-between`` answers), read with quad patterns so that a page costs a few look-ups, and
the stance of each (converge, clash, mixed: the query's rule). A partnership carries its level
and the level's rank on the partnership ladder (``seckg:ladderRank``, 10 at the top).

A dyad is shown on the page of every relation between two states (the partnership, the rivalry
and the relationship of China and Russia show the same "Between China and Russia" section), on
``seckg serve``'s ``/dyad/<a>--<b>``, and as one row per other state on a state's page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from seckg.graph.iris import ID

__all__ = ["DyadRelation", "Dyad", "dyad", "dyads_of", "stance_of", "STATE_PREFIX"]

_S = "https://w3id.org/seckg/ontology#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_SUBCLASS = ox.NamedNode(_RDFS + "subClassOf")
STATE_PREFIX = ID + "state/"
#: the predicates that tie a relation to a state, as in ``relations-between``
_PARTY = tuple(ox.NamedNode(_S + p) for p in
               ("hasParty", "participant", "signatory", "imposedBy", "imposedOn", "rankingFor", "rankedPartner"))
_CONVERGE = {_S + c for c in ("Partnership", "Alliance", "Mechanism", "Document")}
_CLASH = {_S + c for c in ("Dispute", "Rivalry", "Incident", "Sanction")}
_KINDS = _CONVERGE | _CLASH | {_S + c for c in ("Relationship", "TradeRanking")}
_DETAIL = tuple(ox.NamedNode(_S + p) for p in
                ("partnershipLevel", "basedOnTreaty", "disputedTerritory", "incidentIn", "rankingCriterion"))
_DATE = tuple(ox.NamedNode(_S + p) for p in ("since", "date"))
_RANK = ox.NamedNode(_S + "ladderRank")


@dataclass(frozen=True)
class DyadRelation:
    node: str
    cls: str | None
    stance: str  # "converge" | "clash" | "mixed"
    detail: str | None = None
    #: a partnership level's rank on the ladder
    rank: int | None = None
    date: str | None = None


@dataclass
class Dyad:
    a: str
    b: str
    relations: list[DyadRelation] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return f"{self.a[len(STATE_PREFIX):]}--{self.b[len(STATE_PREFIX):]}"

    @property
    def stance(self) -> str:
        """converge, clash, both, or mixed: over all relations of the pair."""
        found = {r.stance for r in self.relations} - {"mixed"}
        return "both" if len(found) == 2 else (found.pop() if found else "mixed")

    @property
    def rank(self) -> int | None:
        ranks = [r.rank for r in self.relations if r.rank is not None]
        return max(ranks) if ranks else None


def _superclasses(store: ox.Store, cls: str, cache: dict[str, frozenset[str]]) -> frozenset[str]:
    if cls not in cache:
        seen, todo = {cls}, [cls]
        while todo:
            for q in store.quads_for_pattern(ox.NamedNode(todo.pop()), _SUBCLASS, None):
                if isinstance(q.object, ox.NamedNode) and q.object.value not in seen:
                    seen.add(q.object.value)
                    todo.append(q.object.value)
        cache[cls] = frozenset(seen)
    return cache[cls]


def stance_of(store: ox.Store, cls: str | None, cache: dict[str, frozenset[str]] | None = None) -> str | None:
    """converge, clash or mixed for a class of relation; None for a class that is no relation
    between states (a person, a statement)."""
    if cls is None:
        return None
    supers = _superclasses(store, cls, {} if cache is None else cache)
    if supers & _CONVERGE:
        return "converge"
    if supers & _CLASH:
        return "clash"
    return "mixed" if supers & _KINDS else None


def _type(store: ox.Store, node: ox.NamedNode, cache: dict[str, frozenset[str]]) -> str | None:
    """The most specific type of ``node`` (one that no other of its types is a subclass of)."""
    types = sorted({q.object.value for q in store.quads_for_pattern(node, _TYPE, None)
                    if isinstance(q.object, ox.NamedNode)})
    for t in types:
        if not any(t != u and t in _superclasses(store, u, cache) for u in types):
            return t
    return types[0] if types else None


def _relations_of(store: ox.Store, state: str) -> dict[str, set[str]]:
    """relation node -> the states it ties (with ``state`` among them)."""
    found: dict[str, set[str]] = {}
    node = ox.NamedNode(state)
    for p in _PARTY:
        for q in store.quads_for_pattern(None, p, node):
            if isinstance(q.subject, ox.NamedNode) and q.subject.value not in found:
                parties = {x.object.value for pp in _PARTY for x in store.quads_for_pattern(q.subject, pp, None)
                           if isinstance(x.object, ox.NamedNode) and x.object.value.startswith(STATE_PREFIX)}
                found[q.subject.value] = parties
    return found


def _relation(store: ox.Store, node: str, cache: dict[str, frozenset[str]]) -> DyadRelation | None:
    n = ox.NamedNode(node)
    cls = _type(store, n, cache)
    stance = stance_of(store, cls, cache)
    if stance is None:
        return None
    detail = next((q.object.value for p in _DETAIL for q in store.quads_for_pattern(n, p, None)
                   if isinstance(q.object, ox.NamedNode)), None)
    rank = None
    if detail is not None:
        found = next((q.object for q in store.quads_for_pattern(ox.NamedNode(detail), _RANK, None)), None)
        if isinstance(found, ox.Literal):
            try:
                rank = int(found.value)
            except ValueError:
                rank = None
    date = next((q.object.value for p in _DATE for q in store.quads_for_pattern(n, p, None)), None)
    return DyadRelation(node, cls, stance, detail, rank, date)


def dyad(store: ox.Store, a: str, b: str, cache: dict[str, frozenset[str]] | None = None) -> Dyad:
    """Every relation between the states ``a`` and ``b`` (in this order on the page)."""
    cache = {} if cache is None else cache
    result = Dyad(a, b)
    for node, parties in sorted(_relations_of(store, a).items()):
        if b in parties:
            rel = _relation(store, node, cache)
            if rel is not None:
                result.relations.append(rel)
    result.relations.sort(key=lambda r: ({"converge": 0, "mixed": 1, "clash": 2}[r.stance], r.cls or "", r.node))
    return result


def dyads_of(store: ox.Store, state: str) -> list[Dyad]:
    """One dyad per other state that ``state`` has a relation with, by the other's IRI."""
    cache: dict[str, frozenset[str]] = {}
    by_other: dict[str, Dyad] = {}
    for node, parties in sorted(_relations_of(store, state).items()):
        others = sorted(parties - {state})
        if not others:
            continue
        rel = _relation(store, node, cache)
        if rel is None:
            continue
        for other in others:
            by_other.setdefault(other, Dyad(state, other)).relations.append(rel)
    for d in by_other.values():
        d.relations.sort(key=lambda r: ({"converge": 0, "mixed": 1, "clash": 2}[r.stance], r.cls or "", r.node))
    return [by_other[k] for k in sorted(by_other)]


def pair_of(store: ox.Store, node: str) -> tuple[str, str] | None:
    """The two states a relation is between (in the order of its IRI's slug when it names them),
    or None when it ties fewer or more than two."""
    n = ox.NamedNode(node)
    parties = sorted({q.object.value for p in _PARTY for q in store.quads_for_pattern(n, p, None)
                      if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(STATE_PREFIX)})
    if len(parties) != 2:
        return None
    return parties[0], parties[1]
