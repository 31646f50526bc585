"""Facts: what a rule match, a quotation or a curated annotation says, as RDF triples.

A :class:`Fact` is the unit of provenance: its triples go into the named graph of the evidence
span that supports it. The builders here turn the slots a rule filled (mentions, dates,
numbers, words) into the triples of one kind of fact; which words fill the slots is decided by
the patterns in ``graph/patterns/`` (data), never here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.term import Node

from seckg.ontology.terms import SECKG

from .dates import datatype_of
from .iris import ID, entity_iri, pair_iri, slugify
from .model import DateRef, Mention, Span
from .tagging import Tag

__all__ = ["Fact", "BUILDERS", "build_fact", "date_literal", "ORDINALS"]

Triple = tuple[Node, Node, Node]

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "largest": 1, "biggest": 1,
            "top": 1, "major": 1, "main": 1, "leading": 1}


@dataclass
class Fact:
    """Triples that one span of text supports, and how they were read."""

    kind: str
    node: URIRef
    triples: list[Triple]
    span: Span
    rule: str  # rule id, "quotation", "citation", "mention", or "annotation:<id>"
    curated: bool = False
    attributes: dict[str, Any] = field(default_factory=dict)


def date_literal(value: str) -> Literal:
    return Literal(value, datatype=XSD[datatype_of(value)])


def _tag_iris(tag: Tag) -> list[URIRef]:
    """The entities a tag stands for (two for a pair anaphor such as "the two sides")."""
    v = tag.value
    if not isinstance(v, Mention):
        return []
    if v.members:
        return [URIRef(m) for m in v.members]
    return [URIRef(v.iri)]


def _iris(slots: dict[str, list[Tag]], name: str) -> list[URIRef]:
    out: list[URIRef] = []
    for t in slots.get(name, []):
        for i in _tag_iris(t):
            if i not in out:
                out.append(i)
    return out


def _all(slots: dict[str, list[Tag]], prefix: str) -> list[URIRef]:
    """The entities of every slot whose name starts with ``prefix`` (``participants``,
    ``participants2``), in slot-name order."""
    out: list[URIRef] = []
    for name in sorted(k for k in slots if k.startswith(prefix)):
        for i in _iris(slots, name):
            if i not in out:
                out.append(i)
    return out


def _all_values(slots: dict[str, list[Tag]], prefix: str, cls: type) -> list[Any]:
    out: list[Any] = []
    for name in sorted(k for k in slots if k.startswith(prefix)):
        for t in slots[name]:
            if cls is int and isinstance(t.value, int):
                out.append(t.value)
            elif cls is DateRef and isinstance(t.value, DateRef):
                out.append(t.value.value)
    return out


def _one(slots: dict[str, list[Tag]], name: str) -> URIRef | None:
    iris = _iris(slots, name)
    return iris[0] if iris else None


def _dates(slots: dict[str, list[Tag]], name: str = "date") -> list[str]:
    return [t.value.value for t in slots.get(name, []) if isinstance(t.value, DateRef)]


def _label(tag_or_iri: URIRef, labels: dict[str, str]) -> str:
    return labels.get(str(tag_or_iri), str(tag_or_iri).rsplit("/", 1)[-1])


class Context:
    """What builders may consult: labels of entities, the state each armed force or government
    serves, the rule's constants and text slots."""

    def __init__(self, labels: dict[str, str], constants: dict[str, Any], texts: dict[str, str],
                 owner: dict[str, str] | None = None):
        self.labels = labels
        self.constants = constants
        self.texts = texts
        self.owner = owner or {}

    def label(self, iri: URIRef) -> str:
        return _label(iri, self.labels)


Builder = Callable[[dict[str, list[Tag]], Context], list[tuple[URIRef, list[Triple]]]]


def _relation(cls: URIRef, kind: str, parties: list[URIRef], ctx: Context) -> tuple[URIRef, list[Triple]]:
    node = URIRef(pair_iri(kind, *parties))
    names = "–".join(sorted(ctx.label(p) for p in parties))
    triples: list[Triple] = [(node, RDF.type, cls), (node, RDFS.label, Literal(f"{names} {kind}", lang="en"))]
    triples += [(node, SECKG.hasParty, p) for p in parties]
    return node, triples


def _parties(slots: dict[str, list[Tag]]) -> list[URIRef]:
    parties = _iris(slots, "parties") or [p for p in (_one(slots, "a"), _one(slots, "b")) if p]
    return parties


def build_partnership(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    parties = _parties(slots)
    if len(parties) != 2:
        return []
    node, triples = _relation(SECKG.Partnership, "partnership", parties, ctx)
    level = _one(slots, "level")
    name = ctx.texts.get("level_name", "").strip()
    if level is None and name:
        # a level the ladder does not hold ("special and privileged strategic partnership"):
        # a concept of the partnership-level scheme, with no rank
        level = URIRef(f"{ID}partnership-level/{slugify(name)}")
        triples += [(level, RDF.type, SKOS.Concept), (level, SKOS.prefLabel, Literal(name, lang="en")),
                    (level, RDFS.label, Literal(name, lang="en")),
                    (level, SKOS.inScheme, URIRef(f"{ID}scheme/partnership-level"))]
    if level is not None:
        triples.append((node, SECKG.partnershipLevel, level))
    dates = _all_values(slots, "date", DateRef) + _all_values(slots, "date_before", DateRef)
    if dates:
        triples.append((node, SECKG.since, date_literal(min(dates))))
    return [(node, triples)]


def build_alliance(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    ally = _one(slots, "ally")
    if ally is not None:  # "Japan and the Philippines are treaty allies of the United States": one each
        return [_relation(SECKG.Alliance, "alliance", [m, ally], ctx)
                for m in _iris(slots, "members") if m != ally]
    parties = _parties(slots)
    if len(parties) < 2:
        return []
    node, triples = _relation(SECKG.Alliance, "alliance", parties, ctx)
    treaty = _one(slots, "treaty")
    if treaty is not None:
        triples.append((node, SECKG.basedOnTreaty, treaty))
    return [(node, triples)]


def build_rivalry(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    parties = _parties(slots)
    if len(parties) != 2:
        return []
    return [_relation(SECKG.Rivalry, "rivalry", parties, ctx)]


_DISPUTE_TYPES = {"territorial": "territorial", "sovereignty": "territorial", "border": "territorial",
                  "maritime": "maritime", "trade": "trade", "island": "territorial"}
_DISPUTE_CLASS = {"territorial": SECKG.TerritorialDispute, "maritime": SECKG.MaritimeDispute,
                  "trade": SECKG.TradeDispute, "sovereignty": SECKG.TerritorialDispute}


def build_dispute(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    dtype = _DISPUTE_TYPES.get(ctx.texts.get("type", "").lower(), str(ctx.constants.get("type", "territorial")))
    parties = _parties(slots)
    territory = _one(slots, "territory")
    if len(parties) < 2:
        return []  # a dispute is between parties (the shape and the ontology say so); a territory alone names none
    if territory is not None:
        node = URIRef(f"{ID}dispute/{str(territory).rsplit('/', 1)[-1]}")
        label = f"{ctx.label(territory)} dispute"
    else:
        # without a territory, a territorial or maritime dispute is the parties' dispute (the
        # node an incident between them belongs to); a trade dispute stays apart
        node = URIRef(pair_iri("trade-dispute" if dtype == "trade" else "dispute", *parties))
        label = f"{'–'.join(sorted(ctx.label(p) for p in parties))} {'trade ' if dtype == 'trade' else ''}dispute"
    # a territorial or maritime dispute names its territory; without one it is a dispute
    cls = _DISPUTE_CLASS.get(dtype, SECKG.Dispute)
    if territory is None and dtype != "trade":
        cls = SECKG.Dispute
    triples: list[Triple] = [(node, RDF.type, cls),
                             (node, RDFS.label, Literal(label, lang="en"))]
    triples += [(node, SECKG.hasParty, p) for p in parties]
    if territory is not None:
        triples.append((node, SECKG.disputedTerritory, territory))
    return [(node, triples)]


def build_claim(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    """<State> claims <Place>: one side of a dispute whose other parties the text leaves out;
    each state of a list ("Vietnam, Malaysia and the Philippines also claim ...") has its own,
    to each place of a list ("the Paracel and Spratly Islands")."""
    out = []
    for claimant, territory in ((c, t) for t in _iris(slots, "territory") for c in _iris(slots, "claimant")):
        node = URIRef(pair_iri("claim", claimant, territory))
        out.append((node, [
            (node, RDF.type, SECKG.Claim),
            (node, RDFS.label, Literal(f"{ctx.label(claimant)}’s claim to {ctx.label(territory)}", lang="en")),
            (node, SECKG.claimant, claimant),
            (node, SECKG.claimedTerritory, territory),
        ]))
    return out


def build_signing(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    """<States> signed <Document> (in <Date>): the signatories of a treaty, guidelines or
    declaration."""
    document = _one(slots, "document")
    # a body that adopts a document stands for the states it joins ("the Japan-United States
    # Security Consultative Committee approved ...")
    parties = []
    for name, tags in sorted(slots.items()):
        if name.startswith("party"):
            for t in tags:
                parts = t.value.parts if isinstance(t.value, Mention) else ()
                parties += [URIRef(p) for p in parts] if parts else _tag_iris(t)
    parties = list(dict.fromkeys(parties))
    if not parties:  # "the Japan-U.S. Joint Declaration ...": the states its name names
        parts = [t.value.parts for t in slots.get("document", []) if isinstance(t.value, Mention)]
        parties = [URIRef(p) for p in (parts[0] if parts else ())]
    if document is None or not parties:
        return []
    triples: list[Triple] = [(document, SECKG.signatory, p) for p in parties]
    dates = _all_values(slots, "date", DateRef)
    if dates:
        triples.append((document, SECKG.date, date_literal(dates[0])))
    return [(document, triples)]


def build_incident(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    """A clash, collision or standoff between two states' forces or vessels, as an incident of
    the dispute between them."""
    a, b = _one(slots, "a"), _one(slots, "b")
    if a is None or b is None or a == b:
        return []
    dates = _all_values(slots, "date", DateRef)
    date = dates[0] if dates else None
    what = ctx.texts.get("what", "incident").lower()
    names = " and ".join(sorted(ctx.label(x) for x in (a, b)))
    node, triples = _event(SECKG.Incident, "incident", sorted([a, b]), date,
                           f"{what} between {names}" + (f", {date}" if date else ""), ctx)
    dispute = URIRef(pair_iri("dispute", a, b))
    triples += [(node, SECKG.participant, a), (node, SECKG.participant, b),
                (node, SECKG.incidentIn, dispute),
                (dispute, RDF.type, SECKG.Dispute),
                (dispute, RDFS.label, Literal(f"{'–'.join(sorted(ctx.label(x) for x in (a, b)))} dispute", lang="en")),
                (dispute, SECKG.hasParty, a), (dispute, SECKG.hasParty, b)]
    return [(node, triples)]


def build_core_interest(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    state = _one(slots, "state")
    interests = _iris(slots, "interests")
    if state is None or not interests:
        return []
    out = []
    for interest in interests:
        node = URIRef(pair_iri("core-interest-declaration", state, interest))
        triples: list[Triple] = [
            (node, RDF.type, SECKG.CoreInterestDeclaration),
            (node, RDFS.label, Literal(f"{ctx.label(state)}: {ctx.label(interest)} as a core interest", lang="en")),
            (node, SECKG.interestHolder, state),
            (node, SECKG.coreInterest, interest),
            (state, SECKG.hasCoreInterest, interest),
        ]
        by = _one(slots, "by")
        if by is not None:
            triples.append((node, SECKG.declaredBy, by))
        if "invoked_as" in ctx.texts:
            triples.append((node, SECKG.invokedAs, Literal(ctx.texts["invoked_as"])))
        out.append((node, triples))
    return out


def _event(cls: URIRef, kind: str, parts: list[URIRef], date: str | None, label: str,
           ctx: Context) -> tuple[URIRef, list[Triple]]:
    slug = "--".join([str(p).rsplit("/", 1)[-1] for p in parts] + ([date] if date else []))
    node = URIRef(f"{ID}event/{kind}/{slug}")
    triples: list[Triple] = [(node, RDF.type, cls), (node, RDFS.label, Literal(label, lang="en"))]
    if date:
        triples.append((node, SECKG.date, date_literal(date)))
    return node, triples


def build_visit(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    visitor, host = _one(slots, "visitor"), _one(slots, "host")
    if visitor is None or host is None:
        return []
    dates = _all_values(slots, "date", DateRef)
    date = dates[0] if dates else None
    label = f"{ctx.label(visitor)}’s visit to {ctx.label(host)}" + (f", {date}" if date else "")
    node, triples = _event(SECKG.StateVisit, "visit", [visitor, host], date, label, ctx)
    triples += [(node, SECKG.visitor, visitor), (node, SECKG.hostState, host),
                (node, SECKG.participant, visitor), (node, SECKG.participant, host)]
    return [(node, triples)]


_EXERCISE_CLASS = {"military exercise": SECKG.MilitaryExercise, "naval drill": SECKG.NavalDrill,
                   "joint patrol": SECKG.JointPatrol}


def build_exercise(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    etype = str(ctx.constants.get("type", "military exercise"))
    participants = _all(slots, "participant")
    host = _one(slots, "host")
    if host is not None and host not in participants:
        participants.append(host)
    if not participants:
        return []
    # the exercise's own name, where the text gives one ("the Malabar naval exercise"): in its
    # label, as a skos:altLabel, and in its IRI (two named exercises of the same states in one
    # year are two events)
    name = " ".join(ctx.texts.get("name", "").split())
    out = []
    for date in _all_values(slots, "date", DateRef) or [None]:
        names = ", ".join(sorted(ctx.label(p) for p in participants))
        label = (f"{name} {etype} ({names})" if name else f"{etype} ({names})") + (f", {date}" if date else "")
        kind = f"{slugify(etype)}/{slugify(name)}" if name else slugify(etype)
        node, triples = _event(_EXERCISE_CLASS.get(etype, SECKG.MilitaryExercise), kind,
                               sorted(participants), date, label, ctx)
        if name:
            triples.append((node, SKOS.altLabel, Literal(name, lang="en")))
        triples += [(node, SECKG.participant, p) for p in participants]
        if host is not None:
            triples.append((node, SECKG.host, host))
        out.append((node, triples))
    return out


def build_deployment(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    force = _one(slots, "force")
    counts = _all_values(slots, "count", int)
    dates = _all_values(slots, "date", DateRef)
    if force is None or not counts or len(counts) != len(dates):
        return []
    out = []
    for n, date in zip(counts, dates, strict=True):
        node = URIRef(f"{ID}deployment/{str(force).rsplit('/', 1)[-1]}--{date}--{n}")
        triples: list[Triple] = [
            (node, RDF.type, SECKG.Deployment),
            (node, RDFS.label, Literal(f"{n} {ctx.label(force)} troops, {date}", lang="en")),
            (node, SECKG.deployedForce, force),
            *([(node, SECKG.deployedBy, URIRef(ctx.owner[str(force)]))] if str(force) in ctx.owner else []),
            (node, SECKG.troopCount, Literal(n, datatype=XSD.nonNegativeInteger)),
            (node, SECKG.date, date_literal(date)),
        ]
        out.append((node, triples))
    return out


def build_award(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    recipient, honour, by = _one(slots, "recipient"), _one(slots, "honour"), _one(slots, "by")
    if recipient is None or (honour is None and by is None):
        return []
    dates = _dates(slots)
    date = dates[0] if dates else None
    what = ctx.label(honour) if honour is not None else "award"
    parts = [p for p in (honour, recipient) if p is not None]
    node, triples = _event(SECKG.AwardConferral, "award", parts, date,
                           f"{what} awarded to {ctx.label(recipient)}" + (f", {date}" if date else ""), ctx)
    triples.append((node, SECKG.recipient, recipient))
    if honour is not None:
        triples.append((node, SECKG.award, honour))
    if by is not None:
        triples.append((node, SECKG.conferredBy, by))
    return [(node, triples)]


def build_membership(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    org = _one(slots, "organisation")
    if org is None:
        return []
    prop = SECKG.nonMemberOf if ctx.constants.get("negated") else SECKG.memberOf
    return [(m, [(m, prop, org)]) for m in _all(slots, "member")]


def build_obligation(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    article = _one(slots, "article")
    if article is None:
        return []
    places = _all(slots, "covers")
    kind = slugify(str(ctx.constants.get("type", "defence commitment")))
    slug = "--".join([str(article).rsplit("/", 1)[-1]] + [str(p).rsplit("/", 1)[-1] for p in places])
    node = URIRef(f"{ID}obligation/{slug}")
    what = ", ".join(ctx.label(p) for p in places)
    triples: list[Triple] = [
        (node, RDF.type, SECKG.Obligation),
        (node, RDFS.label, Literal(f"{ctx.label(article)}" + (f" covers {what}" if what else ""), lang="en")),
        (node, SECKG.obligationType, URIRef(f"{ID}obligation-type/{kind}")),
        (node, SECKG.underArticle, article),
    ]
    triples += [(node, SECKG.covers, p) for p in places]
    return [(node, triples)]


_ACT_CLASS = {"annexation": SECKG.Annexation, "nationalisation": SECKG.Nationalisation,
              "intervention": SECKG.Intervention, "overthrow": SECKG.Intervention}
_ACT_PROPS = {"annexation": (SECKG.annexedBy, SECKG.annexedTerritory),
              "nationalisation": (SECKG.nationalisedBy, SECKG.nationalised),
              "intervention": (SECKG.intervener, SECKG.interventionTarget),
              "overthrow": (SECKG.intervener, SECKG.interventionTarget)}


def build_act(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    act = str(ctx.constants.get("type", "intervention"))
    actor = _one(slots, "actor")
    targets = _all(slots, "target")
    dates = _all_values(slots, "date", DateRef)
    if not targets:
        return []
    out = []
    for i, target in enumerate(targets):
        date = dates[i] if len(dates) == len(targets) else (dates[0] if len(dates) == 1 else None)
        parts = [p for p in (actor, target) if p is not None]
        label = f"{act} of {ctx.label(target)}" + (f" by {ctx.label(actor)}" if actor else "") + (
            f", {date}" if date else "")
        node, triples = _event(_ACT_CLASS[act], act, parts, date, label, ctx)
        by_p, target_p = _ACT_PROPS[act]
        triples.append((node, target_p, target))
        if actor is not None:
            triples.append((node, by_p, actor))
        out.append((node, triples))
    return out


def build_forum_meeting(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    """One meeting of each forum named: of a recurring event (``meetingOf``), or of a standing
    body or a mechanism that meets (``meetingOfBody``: the G20, a strategic dialogue)."""
    attendee = _one(slots, "attendee")
    dates = _dates(slots) or _dates(slots, "date2") or _dates(slots, "date_before")
    date = dates[0] if dates else None
    place = _one(slots, "place") or _one(slots, "place2")
    out = []
    for tag in [t for name, tags in sorted(slots.items()) if name.startswith("forum") for t in tags]:
        forum = URIRef(tag.value.iri) if isinstance(tag.value, Mention) else None
        if forum is None:
            continue
        body_of = tag.value.body if isinstance(tag.value, Mention) else None
        if body_of is not None:  # "the G20 Hangzhou Summit": a meeting of the G20
            forum = URIRef(body_of)
        node, triples = _event(SECKG.ForumMeeting, "forum-meeting", [forum], date,
                               f"{ctx.label(forum)} meeting" + (f", {date}" if date else ""), ctx)
        body = tag.kind in ("organisation", "mechanism") or body_of is not None
        triples.append((node, SECKG.meetingOfBody if body else SECKG.meetingOf, forum))
        if place is not None:
            triples.append((node, SECKG.location, place))
        if attendee is not None:
            triples.append((node, SECKG.participant, attendee))
        out.append((node, triples))
    return out


def build_policy(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    policy, actor = _one(slots, "policy"), _one(slots, "actor")
    goal = " ".join(ctx.texts.get("goal", "").split()).strip(" ,")
    template = ctx.constants.get("name")
    if template and not goal:  # a policy named after what it acts on ("termination of the {doc}")
        goal = str(template).format(**{k: " ".join(v.split()) for k, v in ctx.texts.items()})
    triples: list[Triple] = []
    if policy is None and goal:  # measures the text words but no lexicon names: a policy of their own
        policy = URIRef(entity_iri("policy", goal))
        triples += [(policy, RDF.type, SECKG.Policy), (policy, RDFS.label, Literal(goal, lang="en"))]
    if policy is None or actor is None:
        return []
    triples.append((policy, SECKG.policyActor, actor))
    for place in _iris(slots, "target_place"):
        triples.append((policy, SECKG.targets, place))
    dates = _all_values(slots, "date", DateRef)  # date, date2: before or after the words
    if dates:
        triples.append((policy, SECKG.date, date_literal(dates[0])))
    target = _one(slots, "target")
    if target is not None:
        triples.append((policy, SECKG.targets, target))
    return [(policy, triples)]


def build_advocacy(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    actors, positions = _all(slots, "actor"), _all(slots, "position")
    prop = SECKG.opposes if ctx.constants.get("stance") == "opposes" else SECKG.advocates
    goal = " ".join(ctx.texts.get("goal", "").split()).strip(" ,")
    extra: list[Triple] = []
    if goal and actors and prop == SECKG.advocates and not ctx.constants.get("idea"):
        # a goal the text words but no lexicon names ("agreed to build a bilateral relationship
        # of positive interaction"): a policy of its own, pursued by those who agreed on it
        node = URIRef(entity_iri("policy", goal))
        positions.append(node)
        extra = [(node, RDF.type, SECKG.Policy), (node, RDFS.label, Literal(goal, lang="en"))]
        extra += [(node, SECKG.policyActor, a) for a in actors]
    elif goal and actors:
        # what an actor opposes, or an idea it holds (set: {idea: true}), worded by the text
        # ("alliances that target particular opponents"): an idea, not anyone's policy
        node = URIRef(entity_iri("concept", goal))
        positions.append(node)
        extra = [(node, RDF.type, SKOS.Concept), (node, SKOS.prefLabel, Literal(goal, lang="en")),
                 (node, RDFS.label, Literal(goal, lang="en"))]
    return [(a, [(a, prop, p), *extra]) for a in actors for p in positions]


def build_characterisation(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    subject = _one(slots, "subject")
    extra: list[Triple] = []
    pair = _all(slots, "subject_pair")  # a pair, or two states ("China-Russia relations")
    if ctx.constants.get("their") and not pair:  # the two who speak of their own relationship
        pair = _all(slots, "by")
    if len(pair) == 2:
        subject = URIRef(pair_iri("relationship", *pair))
        names = "–".join(sorted(ctx.label(p) for p in pair))
        extra = [(subject, RDF.type, SECKG.BilateralRelation),
                 (subject, RDFS.label, Literal(f"{names} relationship", lang="en"))]
        extra += [(subject, SECKG.hasParty, p) for p in pair]
    if ctx.constants.get("self") and subject is None:
        subject = _one(slots, "by")
    concept = _one(slots, "concept")
    text = (ctx.texts.get("text") or ctx.texts.get("words") or ctx.texts.get("concept") or "").strip(" ‘’“”'\"")
    bys = _all(slots, "by")
    if subject is None or not text or not bys:
        return []
    who = "--".join(str(b).rsplit("/", 1)[-1] for b in bys)
    node = URIRef(f"{ID}characterisation/{who}--{str(subject).rsplit('/', 1)[-1]}--{slugify(text)[:60]}")
    names = " and ".join(ctx.label(b) for b in bys)
    # a relationship minted here has no label in the lexicon yet: its own, not its slug
    about = next((str(o) for s, p, o in extra if s == subject and p == RDFS.label), None) or ctx.label(subject)
    triples: list[Triple] = [
        (node, RDF.type, SECKG.Characterisation),
        (node, RDFS.label, Literal(f"{names} on {about}: “{text}”", lang="en")),
        (node, SECKG.characterises, subject),
        (node, SECKG.characterisationText, Literal(text)),
    ]
    triples += [(node, SECKG.characterisedBy, b) for b in bys]
    if concept is not None:
        triples.append((node, SECKG.invokes, concept))
    return [(node, triples + extra)]


def build_trade_ranking(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    for_, partner = _one(slots, "for"), _one(slots, "partner")
    rank = ORDINALS.get(ctx.texts.get("rank", "").lower()) or ctx.constants.get("rank")
    if for_ is None or partner is None or not rank:
        return []
    criterion = str(ctx.constants.get("criterion", "trading partner"))
    node = URIRef(f"{ID}trade-ranking/{str(for_).rsplit('/', 1)[-1]}--{slugify(criterion)}--{str(partner).rsplit('/', 1)[-1]}")
    crit = URIRef(f"{ID}ranking-criterion/{slugify(criterion)}")
    triples: list[Triple] = [
        (node, RDF.type, SECKG.TradeRanking),
        (node, RDFS.label, Literal(f"{ctx.label(partner)}: {ctx.label(for_)}’s {criterion} no. {rank}", lang="en")),
        (node, SECKG.rankingFor, for_),
        (node, SECKG.rankedPartner, partner),
        (node, SECKG.rankingCriterion, crit),
        (node, SECKG.rank, Literal(int(rank), datatype=XSD.positiveInteger)),
    ]
    return [(node, triples)]


def build_mechanism(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    mech = _one(slots, "mechanism")
    name = ctx.texts.get("name")
    if mech is None and not name:
        return []
    node = mech if mech is not None else URIRef(entity_iri("mechanism", name or ""))
    triples: list[Triple] = []
    if mech is None:
        cls = (SECKG.ConfidenceBuildingMeasure if ctx.constants.get("type") == "confidence building measure"
               else SECKG.CrisisManagementMechanism)
        triples += [(node, RDF.type, cls), (node, RDFS.label, Literal(name, lang="en"))]
    parties = _all(slots, "parties")
    if mech is None and parties and "confidence" in (name or "").lower():
        # measures agreed by these parties: one node per pair of parties
        node = URIRef(pair_iri("confidence-building-measures", *parties))
        triples = [(node, RDF.type, SECKG.ConfidenceBuildingMeasure), (node, RDFS.label, Literal(name, lang="en"))]
    for p in parties:
        triples.append((node, SECKG.hasParty, p))
    dates = _dates(slots)
    if dates:
        triples.append((node, SECKG.date, date_literal(dates[0])))
    return [(node, triples)] if triples else []


def build_sanction(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    by, target = _one(slots, "by") or _one(slots, "by_actor"), _one(slots, "target")
    if by is None or target is None or by == target:  # no state sanctions itself
        return []
    # measures dated by the text are each their own ("In May 2020 ... and in November 2020 it
    # imposed ..."); undated, the sanctions of one state on another are one
    dates = _all_values(slots, "date", DateRef)  # date, date2: before or after the words
    when = f"--{dates[0]}" if dates else ""
    node = URIRef(pair_iri("sanction", by, target) + f"--by-{str(by).rsplit('/', 1)[-1]}{when}")
    label = f"sanctions by {ctx.label(by)} on {ctx.label(target)}" + (f", {dates[0]}" if dates else "")
    triples: list[Triple] = [
        (node, RDF.type, SECKG.Sanction),
        (node, RDFS.label, Literal(label, lang="en")),
        (node, SECKG.imposedBy, by), (node, SECKG.imposedOn, target),
    ]
    if dates:
        triples.append((node, SECKG.date, date_literal(dates[0])))
    if "informal" in ctx.texts or "informal" in ctx.constants:
        informal = bool(ctx.texts.get("informal")) or bool(ctx.constants.get("informal"))
        triples.append((node, SECKG.informal, Literal(informal)))
    return [(node, triples)]


def build_assessment(slots: dict[str, list[Tag]], ctx: Context) -> list[tuple[URIRef, list[Triple]]]:
    bys = _all(slots, "by")
    text = ctx.texts.get("text", "").strip()
    if not bys or not text:
        return []
    who = "--".join(str(b).rsplit("/", 1)[-1] for b in bys)
    node = URIRef(f"{ID}assessment/{who}--{slugify(text)[:60]}")
    names = " and ".join(ctx.label(b) for b in bys)
    triples: list[Triple] = [
        (node, RDF.type, SECKG.Assessment),
        (node, RDFS.label, Literal(f"{names}: {text[:80]}", lang="en")),
        (node, SECKG.assessmentText, Literal(text)),
    ]
    triples += [(node, SECKG.assessedBy, b) for b in bys]
    about = _one(slots, "about")
    pair = _iris(slots, "about_pair")
    if len(pair) == 2:
        about = URIRef(pair_iri("relationship", *pair))
        names = "–".join(sorted(ctx.label(p) for p in pair))
        triples += [(about, RDF.type, SECKG.BilateralRelation),
                    (about, RDFS.label, Literal(f"{names} relationship", lang="en"))]
        triples += [(about, SECKG.hasParty, p) for p in pair]
    if about is not None:
        triples.append((node, SECKG.about, about))
    return [(node, triples)]


BUILDERS: dict[str, Builder] = {
    "partnership": build_partnership,
    "alliance": build_alliance,
    "rivalry": build_rivalry,
    "dispute": build_dispute,
    "core-interest": build_core_interest,
    "incident": build_incident,
    "signing": build_signing,
    "claim": build_claim,
    "visit": build_visit,
    "exercise": build_exercise,
    "deployment": build_deployment,
    "award": build_award,
    "membership": build_membership,
    "obligation": build_obligation,
    "act": build_act,
    "forum-meeting": build_forum_meeting,
    "policy": build_policy,
    "advocacy": build_advocacy,
    "characterisation": build_characterisation,
    "trade-ranking": build_trade_ranking,
    "mechanism": build_mechanism,
    "sanction": build_sanction,
    "assessment": build_assessment,
}


def build_fact(kind: str, slots: dict[str, list[Tag]], labels: dict[str, str],
               constants: dict[str, Any], texts: dict[str, str],
               owner: dict[str, str] | None = None) -> list[tuple[URIRef, list[Triple]]]:
    """The nodes and triples of one match (an empty list when the slots do not suffice)."""
    return BUILDERS[kind](slots, Context(labels, constants, texts, owner))


def clean_text(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()
