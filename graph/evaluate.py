"""Measuring extraction against hand-written gold facts (``*.gold.yaml``, format in
``tests/gold/README.md``): precision and recall, overall and by kind.

The extraction is read back from its RDF (what users get), turned into the same records as the
gold (kind + key fields), and matched one-to-one by the key fields of each kind:

- entities compare by IRI (gold names are resolved through the lexicon, else by slug);
- quoted words compare by their first words (the gold keeps the first ~8 words);
- a gold list of actors ("China", "Japan") matches a prediction that names any of them;
- optional fields (dates, levels, pages) count only when the gold gives them.

Kinds the extractor makes that the gold format has no kind for (deployments, entities) are left
out of precision; gold kinds the extractor never makes count against recall.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, Graph, URIRef

from seckg.errors import InputError

from .citations import _norm_tokens
from .facts import SECKG
from .iris import entity_iri, slugify
from .lexicon import Lexicon
from .pipeline import Extraction, Extractor
from .rdf import extraction_quads

__all__ = ["evaluate_gold", "evaluate_extraction", "format_report", "Report", "default_gold_files"]

Record = dict[str, Any]


@dataclass
class KindScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0


@dataclass
class Report:
    name: str
    by_kind: dict[str, KindScore] = field(default_factory=dict)
    missed: list[Record] = field(default_factory=list)
    spurious: list[Record] = field(default_factory=list)

    def total(self) -> KindScore:
        t = KindScore()
        for s in self.by_kind.values():
            t.gold += s.gold
            t.predicted += s.predicted
            t.matched += s.matched
        return t


# -- normalisation ---------------------------------------------------------------------------

def _norm(s: Any) -> str:
    s = unicodedata.normalize("NFKC", str(s)).lower().replace("’", "'")
    return re.sub(r"[^\w]+", " ", s).strip()


class _Resolver:
    def __init__(self, lexicon: Lexicon, authors: list[str] | None = None) -> None:
        self.lexicon = lexicon
        # the document's authors, as the gold names them ("Foot and King")
        self.authors = [entity_iri("person", a) for a in authors or []]
        surnames = [a.split()[-1] for a in authors or []]
        self.author_names = {" and ".join(surnames), "the authors", *surnames} if surnames else set()

    def keys(self, value: Any) -> set[str]:
        values = value if isinstance(value, list) else [value]
        out: set[str] = set()
        for v in values:
            if v is None:
                continue
            if str(v) in self.author_names:
                out |= set(self.authors)
                continue
            k = self.key(v)
            if k:
                out.add(k)
        return out

    def title_of(self, words: Any) -> str | None:
        """The title (lexicon IRI) that ``words`` end with: "foreign ministry spokesman" is a
        spokesperson's."""
        parts = str(words or "").split()
        for k in range(len(parts)):
            iri = self.lexicon.by_label(" ".join(parts[k:]), {"title"})
            if iri is not None:
                return iri
        return None

    def key(self, name: Any) -> str | None:
        """The comparable key of an entity name or IRI."""
        if name is None:
            return None
        if isinstance(name, URIRef) or str(name).startswith("https://"):
            return str(name)
        iri = None
        for variant in _variants(str(name)):
            iri = self.lexicon.by_label(variant)
            if iri is not None:
                break
        if iri is not None:
            if self.lexicon.kinds.get(iri) == "government":
                return iri.replace("/government/", "/state/")
            return iri
        try:
            return "name:" + slugify(str(name))
        except ValueError:
            return "name:" + str(name)



def _variants(name: str) -> list[str]:
    """Ways the gold may write a lexicon label: with or without "the", a trailing year moved to
    the front ("US National Security Strategy 2017" -> "2017 US National Security Strategy")."""
    out = [name, name.removeprefix("the ").strip(), "the " + name]
    m = re.fullmatch(r"(.+?) ((?:19|20)\d\d)", name)
    if m:
        out += [f"{m.group(2)} {m.group(1)}", m.group(1)]
    return out


def _slug_of(key: str | None) -> str:
    return (key or "").rstrip("/").rsplit("/", 1)[-1].removeprefix("name:")


def _same_entity(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    if a == b:
        return True
    sa, sb = _slug_of(a), _slug_of(b)
    # the same name whatever its length ("Kim", "Rao"); one inside the other only when neither is short
    return bool(sa) and (sa == sb or ((sa in sb or sb in sa) and min(len(sa), len(sb)) > 3))


def _overlap(a: set[str], b: set[str]) -> bool:
    return any(_same_entity(x, y) for x in a for y in b)


def _same_set(a: set[str], b: set[str]) -> bool:
    return len(a) == len(b) and all(any(_same_entity(x, y) for y in b) for x in a)


def _text_match(gold: Any, pred: Any) -> bool:
    parts = [x for x in re.split(r"\.\.\.|…", str(gold or "")) if x.strip()]
    if len(parts) > 1:  # an elided quotation: every part, in the prediction
        return all(_norm(x) in _norm(pred) for x in parts)
    g, p = _norm(gold), _norm(pred)
    if not g or not p:
        return False
    n = min(len(g), len(p), 30)
    return g[:n] == p[:n] or g in p or p in g


def _work_match(gold: Any, pred: Any) -> bool:
    gy = re.search(r"(\d{4}[a-z]?)\s*$", str(gold))
    py = re.search(r"(\d{4}[a-z]?)\s*$", str(pred))
    if not gy or not py or gy.group(1) != py.group(1):
        return False
    ga = set(_norm_tokens(str(gold)[: gy.start()])) - {"and"}
    pa = set(_norm_tokens(str(pred)[: py.start()])) - {"and"}
    return bool(ga & pa)


def _date_ok(gold: Record, pred: Record, key: str = "date") -> bool:
    g = gold.get(key)
    return g is None or str(g) == str(pred.get(key))


# -- predicted records from the RDF ------------------------------------------------------------

class _FactView:
    """The facts of an extraction (its named graphs) with the types the reference adds."""

    def __init__(self, facts: Graph, union: Graph, graphs: dict[tuple[Any, Any, Any], str] | None = None) -> None:
        self.facts = facts
        self.union = union
        #: the first evidence graph that states each fact triple (a fact is read from its words)
        self.graphs = graphs or {}

    def subjects(self, p: Any, o: Any) -> list[Any]:
        return [s for s in self.union.subjects(p, o) if (s, None, None) in self.facts]

    def subject_objects(self, p: Any) -> list[Any]:
        return list(self.facts.subject_objects(p))

    def value(self, s: Any, p: Any) -> Any:
        return self.union.value(s, p)

    def objects(self, s: Any, p: Any) -> list[Any]:
        return list(self.union.objects(s, p))


def _records(g: _FactView) -> list[Record]:  # type: ignore[override]
    """The extraction's facts as gold-shaped records."""
    out: list[Record] = []

    def v(s: Any, p: Any) -> Any:
        return g.value(s, p)

    def vs(s: Any, p: Any) -> list[Any]:
        return sorted(g.objects(s, p))

    for s in g.subjects(RDF.type, SECKG.Statement):
        # the speaker, or the document that publishes the words (a treaty's "provides that")
        published = [str(x) for x in vs(s, SECKG.quotedIn) if "/document/" in str(x)]
        out.append({"kind": "quotation", "speaker": [str(x) for x in vs(s, SECKG.speaker)] or published or None,
                    "text": str(v(s, SECKG.quoteText)), "date": str(v(s, SECKG.date) or "") or None})
    for s in g.subjects(RDF.type, SECKG.CitedWork):
        out.append({"kind": "cited-work", "work": str(v(s, SECKG.citationKey))})
    for s in g.subjects(RDF.type, SECKG.Citation):
        work = v(s, SECKG.citesWork)
        out.append({"kind": "citation", "work": str(v(work, SECKG.citationKey)),
                    "pages": str(v(s, SECKG.pages) or "") or None,
                    "role": str(v(s, SECKG.citationRole)).rsplit("/", 1)[-1]})
    for cls, kind in ((SECKG.Partnership, "partnership"), (SECKG.Alliance, "alliance"),
                      (SECKG.Rivalry, "rivalry")):
        for s in g.subjects(RDF.type, cls):
            out.append({"kind": kind, "parties": [str(x) for x in vs(s, SECKG.hasParty)],
                        "level": str(v(s, SECKG.partnershipLevel) or "") or None,
                        "treaty": str(v(s, SECKG.basedOnTreaty) or "") or None})
    for cls in (SECKG.TerritorialDispute, SECKG.MaritimeDispute, SECKG.TradeDispute, SECKG.Dispute):
        for s in g.subjects(RDF.type, cls):
            out.append({"kind": "dispute", "parties": [str(x) for x in vs(s, SECKG.hasParty)],
                        "territory": str(v(s, SECKG.disputedTerritory) or "") or None})
    for s in g.subjects(RDF.type, SECKG.Claim):  # one side of a dispute
        out.append({"kind": "dispute", "parties": [str(x) for x in vs(s, SECKG.claimant)],
                    "territory": str(v(s, SECKG.claimedTerritory) or "") or None})
    for s in g.subjects(RDF.type, SECKG.CoreInterestDeclaration):
        out.append({"kind": "core-interest", "state": str(v(s, SECKG.interestHolder)),
                    "interest": str(v(s, SECKG.coreInterest)),
                    "declared_by": str(v(s, SECKG.declaredBy) or "") or None})
    for s in g.subjects(RDF.type, SECKG.StateVisit):
        out.append({"kind": "visit", "visitor": str(v(s, SECKG.visitor)), "host": str(v(s, SECKG.hostState)),
                    "date": str(v(s, SECKG.date) or "") or None})
    for cls, etype in ((SECKG.MilitaryExercise, "military exercise"), (SECKG.NavalDrill, "naval drill"),
                       (SECKG.JointPatrol, "joint patrol")):
        for s in g.subjects(RDF.type, cls):
            out.append({"kind": "exercise", "type": etype, "participants": [str(x) for x in vs(s, SECKG.participant)],
                        "date": str(v(s, SECKG.date) or "") or None})
    for s in g.subjects(RDF.type, SECKG.AwardConferral):
        out.append({"kind": "award", "recipient": str(v(s, SECKG.recipient)),
                    "honour": str(v(s, SECKG.award) or "") or None, "by": str(v(s, SECKG.conferredBy) or "") or None})
    for p, negated in ((SECKG.memberOf, False), (SECKG.nonMemberOf, True)):
        for s, o in g.subject_objects(p):
            out.append({"kind": "membership", "member": str(s), "organisation": str(o), "negated": negated})
    for cls, kind, by_p, t_p in ((SECKG.Annexation, "annexation", SECKG.annexedBy, SECKG.annexedTerritory),
                                 (SECKG.Nationalisation, "nationalisation", SECKG.nationalisedBy, SECKG.nationalised),
                                 (SECKG.Intervention, "intervention", SECKG.intervener, SECKG.interventionTarget)):
        for s in g.subjects(RDF.type, cls):
            kind_ = "overthrow" if "/event/overthrow/" in str(s) else kind
            out.append({"kind": kind_, "actor": str(v(s, by_p) or "") or None, "target": str(v(s, t_p)),
                        "date": str(v(s, SECKG.date) or "") or None})
    for s in g.subjects(RDF.type, SECKG.Incident):
        out.append({"kind": "incident", "parties": [str(x) for x in vs(s, SECKG.participant)],
                    "date": str(v(s, SECKG.date) or "") or None})
    for s in g.subjects(RDF.type, SECKG.ForumMeeting):
        forum = v(s, SECKG.meetingOf) or v(s, SECKG.meetingOfBody)
        out.append({"kind": "forum-meeting", "forum": str(forum or ""), "date": str(v(s, SECKG.date) or "") or None})
    for s, _o in g.subject_objects(SECKG.policyActor):
        out.append({"kind": "policy", "name": str(s), "actor": str(v(s, SECKG.policyActor))})
    for p, stance in ((SECKG.advocates, "advocates"), (SECKG.opposes, "opposes")):
        # a position held jointly, in the same words, is one record
        actors: dict[tuple[str, str], list[str]] = defaultdict(list)
        for s, o in g.subject_objects(p):
            actors[(str(o), g.graphs.get((s, p, o), ""))].append(str(s))
        for (o, _words), who in sorted(actors.items()):
            out.append({"kind": "advocacy", "actor": sorted(who), "position": o, "stance": stance})
    for s in g.subjects(RDF.type, SECKG.Characterisation):
        bys = [str(b) for b in vs(s, SECKG.characterisedBy)]
        subject, text = str(v(s, SECKG.characterises)), str(v(s, SECKG.characterisationText))
        docs = [b for b in bys if "/document/" in b]
        for by in docs or [bys]:
            out.append({"kind": "characterisation", "by": by, "subject": subject, "text": text})
        for by in docs:
            out.append({"kind": "strategy-document", "document": by, "depicts": subject, "as": text})
    signed: dict[str, list[str]] = defaultdict(list)
    for s, o in g.subject_objects(SECKG.signatory):
        signed[str(s)].append(str(o))
    for doc, who in sorted(signed.items()):
        out.append({"kind": "strategy-document", "document": doc, "issuer": sorted(who),
                    "date": str(v(URIRef(doc), SECKG.date) or "") or None})
    for s in g.subjects(RDF.type, SECKG.Obligation):
        article = v(s, SECKG.underArticle)
        out.append({"kind": "alliance-obligation", "article": str(article),
                    "treaty": str(v(article, SECKG.articleOf) or ""),
                    "covers": [str(x) for x in vs(s, SECKG.covers)]})
    for s in g.subjects(RDF.type, SECKG.TradeRanking):
        crit = str(v(s, SECKG.rankingCriterion)).rsplit("/", 1)[-1].replace("-", " ")
        out.append({"kind": "trade-ranking", "for": str(v(s, SECKG.rankingFor)),
                    "partner": str(v(s, SECKG.rankedPartner)), "rank": int(v(s, SECKG.rank)), "criterion": crit})
    for cls in (SECKG.CrisisManagementMechanism, SECKG.Mechanism, SECKG.ConfidenceBuildingMeasure):
        for s in g.subjects(RDF.type, cls):
            label = v(s, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
            out.append({"kind": "mechanism", "name": str(s), "label": str(label or "")})
    for s in g.subjects(RDF.type, SECKG.Sanction):
        out.append({"kind": "sanction", "by": str(v(s, SECKG.imposedBy)), "target": str(v(s, SECKG.imposedOn)),
                    "date": str(v(s, SECKG.date) or "") or None})
    for s in g.subjects(RDF.type, SECKG.Assessment):
        out.append({"kind": "assessment", "by": [str(x) for x in vs(s, SECKG.assessedBy)],
                    "text": str(v(s, SECKG.assessmentText))})
    for s in g.subjects(RDF.type, SECKG.Tenure):
        office = v(s, SECKG.tenureOffice)
        label = g.value(office, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")) or g.value(
            office, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
        out.append({"kind": "office", "person": str(v(s, SECKG.tenureHolder)), "title": str(label or ""),
                    "title_iri": str(g.value(office, SECKG.title) or "") or None})
    # de-duplicate (the same node can be typed twice by inference-free subclasses), in a stable
    # order so that matching is the same in every process
    seen: set[str] = set()
    uniq = []
    for r in sorted(out, key=lambda r: repr(sorted(r.items(), key=lambda kv: kv[0]))):
        k = repr(sorted(r.items(), key=lambda kv: kv[0]))
        if k not in seen:
            seen.add(k)
            uniq.append(r)
    return uniq


# -- matching -----------------------------------------------------------------------------------

def _matchers(res: _Resolver) -> dict[str, Callable[[Record, Record], bool]]:
    E, S = res.key, res.keys

    def quotation(g: Record, p: Record) -> bool:
        if not _text_match(g.get("text"), p.get("text")):
            return False
        gs, ps = S(g.get("speaker")), S(p.get("speaker"))
        return (not gs and not ps) or _overlap(gs, ps)

    def parties(g: Record, p: Record) -> bool:
        return _same_set(S(g.get("parties")), S(p.get("parties")))

    return {
        "quotation": quotation,
        "cited-work": lambda g, p: _work_match(g.get("work"), p.get("work")),
        "citation": lambda g, p: _work_match(g.get("work"), p.get("work"))
        and _norm(g.get("pages") or "") == _norm(p.get("pages") or "")
        and (g.get("role") or "supports") == p.get("role"),
        "partnership": lambda g, p: parties(g, p)
        and (g.get("level") is None or _same_entity(E(g["level"]), E(p.get("level")))),
        "alliance": parties,
        "incident": lambda g, p: _overlap(S(g.get("parties")), S(p.get("parties"))) and _date_ok(g, p),
        "rivalry": parties,
        "dispute": lambda g, p: (_same_entity(E(g.get("territory")), E(p.get("territory")))
                                 if g.get("territory") else parties(g, p)),
        "core-interest": lambda g, p: _same_entity(E(g.get("state")), E(p.get("state")))
        and g.get("interest") is not None and _same_entity(E(g["interest"]), E(p.get("interest"))),
        "visit": lambda g, p: _same_entity(E(g.get("visitor")), E(p.get("visitor")))
        and _same_entity(E(g.get("host")), E(p.get("host"))) and _date_ok(g, p),
        "exercise": lambda g, p: g.get("type") == p.get("type") and _date_ok(g, p)
        and _overlap(S(g.get("participants")) | S(g.get("host")), S(p.get("participants"))),
        "award": lambda g, p: _same_entity(E(g.get("recipient")), E(p.get("recipient")))
        and (_same_entity(E(g.get("honour")), E(p.get("honour"))) or _same_entity(E(g.get("by")), E(p.get("by")))),
        "membership": lambda g, p: _same_entity(E(g.get("member")), E(p.get("member")))
        and _same_entity(E(g.get("organisation")), E(p.get("organisation")))
        and bool(g.get("negated")) == bool(p.get("negated")),
        **{k: (lambda g, p: _overlap(S(g.get("target")), S(p.get("target"))) and _date_ok(g, p))
           for k in ("annexation", "nationalisation", "intervention", "overthrow")},
        "forum-meeting": lambda g, p: _same_entity(E(g.get("forum")), E(p.get("forum"))),
        "policy": lambda g, p: _same_entity(E(g.get("name")), E(p.get("name")))
        and (g.get("actor") is None or _overlap(S(g.get("actor")), S(p.get("actor")))),
        "advocacy": lambda g, p: g.get("stance") == p.get("stance")
        and _overlap(S(g.get("actor")), S(p.get("actor")))
        and _same_entity(E(g.get("position")), E(p.get("position"))),
        "characterisation": lambda g, p: _overlap(S(g.get("by")), S(p.get("by")))
        and _text_match(g.get("text"), p.get("text")),
        "strategy-document": lambda g, p: _same_entity(E(g.get("document")), E(p.get("document")))
        and (_overlap(S(g.get("depicts")), S(p.get("depicts"))) if g.get("depicts")
             else _overlap(S(g.get("issuer")), S(p.get("issuer")))),
        "trade-ranking": lambda g, p: _same_entity(E(g.get("for")), E(p.get("for")))
        and _same_entity(E(g.get("partner")), E(p.get("partner"))) and int(g.get("rank") or 0) == p.get("rank"),
        "mechanism": lambda g, p: _same_entity(E(g.get("name")), E(p.get("name")))
        or _text_match(g.get("name"), p.get("label")),
        "alliance-obligation": lambda g, p: _overlap(S(g.get("covers")), S(p.get("covers")))
        and (_same_entity(E(g.get("treaty")), E(p.get("treaty"))) or _same_entity(E(g.get("article")), E(p.get("article")))),
        # a dated measure is its own; an undated prediction stands for the sanctions as a whole
        "sanction": lambda g, p: _overlap(S(g.get("by")), S(p.get("by")))
        and _same_entity(E(g.get("target")), E(p.get("target"))) and (p.get("date") is None or _date_ok(g, p)),
        "assessment": lambda g, p: _overlap(S(g.get("by")), S(p.get("by"))),
        # the office's label begins with the gold's title, or the title the gold's words end
        # with is the office's ("foreign ministry spokesman" and the office of a spokesperson)
        "office": lambda g, p: _same_entity(E(g.get("person")), E(p.get("person")))
        and (_norm(p.get("title")).startswith(_norm(g.get("title")))
             or (p.get("title_iri") is not None and p["title_iri"] == res.title_of(g.get("title")))),
    }


def _score(name: str, gold: list[Record], predicted: list[Record], res: _Resolver) -> Report:
    matchers = _matchers(res)
    report = Report(name)
    gold_kinds = set(matchers)
    by_kind_gold: dict[str, list[Record]] = defaultdict(list)
    by_kind_pred: dict[str, list[Record]] = defaultdict(list)
    for g in gold:
        by_kind_gold[g["kind"]].append(g)
    for p in predicted:
        if p["kind"] in gold_kinds:
            by_kind_pred[p["kind"]].append(p)
    for kind in sorted(set(by_kind_gold) | set(by_kind_pred)):
        gs, ps = by_kind_gold.get(kind, []), by_kind_pred.get(kind, [])
        score = KindScore(gold=len(gs), predicted=len(ps))
        match = matchers.get(kind)
        used: set[int] = set()
        # the most specific gold facts first, so that a vaguer one does not take their match
        for g in sorted(gs, key=lambda g: -sum(1 for k, v in g.items() if v is not None and k not in ("quote", "note"))):
            hit = None
            if match is not None:
                hit = next((i for i, p in enumerate(ps) if i not in used and match(g, p)), None)
            if hit is None:
                report.missed.append(g)
            else:
                used.add(hit)
                score.matched += 1
        report.spurious += [p for i, p in enumerate(ps) if i not in used]
        report.by_kind[kind] = score
    return report


def load_gold(path: Path) -> tuple[str, list[Record]]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise InputError(f"cannot read gold file: {e}", source=str(path)) from None
    if not isinstance(data, dict) or "facts" not in data:
        raise InputError("a gold file is a mapping with 'document' and 'facts'", source=str(path))
    return str(data.get("document")), list(data["facts"])


#: Where the texts of gold files that may not be copied into the repository are looked for
#: (``$SECKG_TEXTS``, a path list; then the team's shared folder beside a checkout).
def _text_dirs(gold_path: Path) -> list[Path]:
    dirs = [Path(p) for p in os.environ.get("SECKG_TEXTS", "").split(os.pathsep) if p]
    root = Path(gold_path).resolve().parent
    for up in (root, *root.parents[:3]):
        dirs.append(up.parent / "shared" / "corpus" / "real-texts")
    return dirs


def _text_for(gold_path: Path, doc_id: str) -> Path:
    """The text a gold file measures: beside it, in the corpus, or in a folder of texts."""
    beside = Path(str(gold_path).removesuffix(".gold.yaml") + ".txt")
    if beside.exists():
        return beside
    from .build import default_corpus

    for folder in (default_corpus(), *_text_dirs(gold_path)):
        candidate = folder / f"{doc_id}.txt"
        if candidate.exists():
            return candidate
    raise InputError(f"no text found for document {doc_id!r} (beside the gold file, in the corpus, "
                     "or in $SECKG_TEXTS)", source=str(gold_path))


def _read_gold_document(gold_path: Path, text_path: Path):  # type: ignore[no-untyped-def]
    """The document a gold file measures, with the metadata beside the gold file when the text
    lies elsewhere."""
    from .documents import read_document

    doc = read_document(text_path)
    meta_path = Path(str(gold_path).removesuffix(".gold.yaml") + ".yaml")
    if not text_path.with_suffix(".yaml").exists() and meta_path.exists():
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
        doc.meta = {str(k): v for k, v in meta.items()}
    return doc


def evaluate_extraction(ex: Extraction, gold: list[Record], lexicon: Lexicon, name: str,
                        reference: Graph | None = None) -> Report:
    """Score one extraction; ``reference`` (the lexicon's RDF) supplies the types of the
    entities the facts point at."""
    facts, union = Graph(), Graph()
    graphs: dict[tuple[Any, Any, Any], str] = {}
    if reference is not None:
        union += reference
    for s, p, o, graph in sorted(extraction_quads(ex), key=lambda q: str(q[3])):
        union.add((s, p, o))
        if graph is not None:
            facts.add((s, p, o))
            graphs.setdefault((s, p, o), str(graph))
    authors = [str(a) for a in ex.document.meta.get("authors") or []]  # type: ignore[union-attr]
    return _score(name, gold, _records(_FactView(facts, union, graphs)), _Resolver(lexicon, authors))


def default_gold_files() -> list[Path]:
    """The gold files of the corpus (``NAME.gold.yaml`` beside ``NAME.txt``): ``./corpus``'s when
    it has some, else those shipped with seckg (so ``seckg eval`` works outside a checkout)."""
    from importlib.resources import files

    from .build import default_corpus

    for folder in (default_corpus(), Path(str(files("seckg.corpus")))):
        found = sorted(folder.glob("*.gold.yaml"))
        if found:
            return found
    return []


def evaluate_gold(gold_files: list[Path] | None, *, use_annotations: bool = True,
                  extractor: Extractor | None = None) -> list[Report]:
    """One report per gold file (and, with several, the sum of them as ``all``)."""
    from .annotations import annotations_path

    files = gold_files or default_gold_files()
    if not files:
        raise InputError("no gold files given and none found beside the corpus's texts")
    from seckg.ontology import load_reference

    extractor = extractor or Extractor.default()
    reference = load_reference()
    reports = []
    for path in files:
        doc_id, gold = load_gold(path)
        text_path = _text_for(Path(path), doc_id)
        doc = _read_gold_document(Path(path), text_path)
        ex = extractor.extract(doc, annotations_path(text_path) if use_annotations else None)
        reports.append(evaluate_extraction(ex, gold, extractor.lexicon, doc_id, reference))
    if len(reports) > 1:
        total = Report("all")
        for r in reports:
            for k, s in r.by_kind.items():
                t = total.by_kind.setdefault(k, KindScore())
                t.gold += s.gold
                t.predicted += s.predicted
                t.matched += s.matched
        reports.append(total)
    return reports


def format_report(reports: list[Report], details: bool = False) -> str:
    lines = []
    for r in reports:
        t = r.total()
        lines.append(f"{r.name}: precision {t.precision:.2f}  recall {t.recall:.2f}  "
                     f"(gold {t.gold}, predicted {t.predicted}, matched {t.matched})")
        for kind, s in sorted(r.by_kind.items()):
            lines.append(f"  {kind:<18} P {s.precision:.2f}  R {s.recall:.2f}  "
                         f"gold {s.gold:>3}  predicted {s.predicted:>3}  matched {s.matched:>3}")
        if details:
            for m in r.missed:
                lines.append("  missed:   " + _brief(m))
            for p in r.spurious:
                lines.append("  spurious: " + _brief(p))
    return "\n".join(lines)


def _brief(r: Record) -> str:
    parts = [f"{k}={str(v).replace('https://w3id.org/seckg/id/', '')[:60]}" for k, v in r.items()
             if k not in ("quote", "note") and v is not None]
    return ", ".join(parts)
