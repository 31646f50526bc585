"""Declarative relation patterns: loading, compiling and matching.

A pattern file (``graph/patterns/*.rules.yaml``) holds a list of rules. Each rule has an ``id`` (it
appears in the provenance of every fact it produces), the ``kind`` of fact it produces, a
``description``, one or more ``patterns`` and its own ``examples`` (texts that must match,
with the slots they must fill, and texts that must not match). A pattern is a regular
expression over a tagged sentence (:mod:`seckg.graph.tagging`) with placeholders:

- ``{STATE:name}`` one tagged mention of that kind, captured as slot ``name``;
  ``{STATES:name}`` a list of them ("China, Russia and India"); kinds: STATE, PERSON, ORG,
  ACTOR (state, person or organisation), PLACE, DATE, NUM, DOC, POLICY, HONOUR, EVENT, MECH,
  LEVEL (partnership level), INTEREST (core interest), CONCEPT, CITE, TITLE, PAIR (an anaphor
  such as "the two sides" or "this relationship", resolved to the pair of states in focus);
- ``{GAP}`` a few words with no tag and no clause break; ``{ANY}`` anything up to a clause
  break; ``{S}`` a possessive ending ("’s", "'s", "’").

``set`` gives constant slot values (``set: {type: naval drill}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from seckg.errors import InputError

from .model import Span
from .tagging import Tag, TaggedSentence

__all__ = ["Rule", "RuleMatch", "load_rules", "match_rules", "PLACEHOLDER_KINDS"]

PLACEHOLDER_KINDS: dict[str, tuple[str, ...]] = {
    "STATE": ("state",),
    "PERSON": ("person",),
    "ORG": ("organisation",),
    "ACTOR": ("state", "person", "organisation"),
    "PLACE": ("place",),
    "WEAPON": ("weapon",),
    "DATE": ("date",),
    "NUM": ("num",),
    "DOC": ("document",),
    "POLICY": ("policy",),
    "HONOUR": ("honour",),
    "EVENT": ("event",),
    "MECH": ("mechanism",),
    "LEVEL": ("partnership-level",),
    "INTEREST": ("core-interest",),
    "CONCEPT": ("concept",),
    "CITE": ("cite",),
    "TITLE": ("title",),
    "PAIR": ("pair",),
    "FORUM": ("event", "organisation", "mechanism"),  # a summit, or the body that meets (the G20)
    "TPERSON": ("person",),  # a person with the words that introduce them (state, title)
    "AUTHORS": ("authors",),  # the text's own authors: "We argue", "This article argues"
    # what a claim or a judgement is about: any entity but a date, a number or a citation
    "TOPIC": ("state", "government", "person", "organisation", "place", "document", "policy", "event",
              "mechanism", "partnership-level", "core-interest", "concept", "pair", "weapon"),
}
_MACROS = {
    "GAP": r"[^.;:⟦⟧‘’“”()]{0,60}?",
    "ANY": r"[^.;]{0,160}?",
    "S": r"(?:’s|'s|’|')",
    # the state's people or bodies a demonym or a state's name may head: "the Philippine coast
    # guard", "Chinese vessels", "Japanese officials" act for their state
    "AGENT": r"(?: (?:coast ?guard|navy|military|army|air force|armed forces|government|foreign ministry|"
             r"defen[cs]e ministry|officials|authorities|leaders|leadership|diplomats|forces|troops|vessels|"
             r"ships|warships|boats|aircraft|jets|fishermen|fishing boats|militia|maritime militia))?",
}
_PLACEHOLDER = re.compile(r"\{([A-Z]+)(?::([a-z_][a-z0-9_]*))?\}")
# "..., and the United States", "the Eighth Round of the X, the Seventh Y and the Second Z"
_LIST_SEP = (r"(?:\s*,\s*|\s*,?\s+and\s+|\s*/\s*|\s*[-–]\s*)(?:the\s+)?"
             r"(?:(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|\d+(?:st|nd|rd|th))\s+"
             r"(?:(?:[Rr]ound|[Mm]eeting|[Ss]ession)\s+of\s+(?:the\s+)?)?)?")


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    description: str
    patterns: tuple[re.Pattern[str], ...]
    slot_kinds: dict[str, tuple[str, ...]]
    constants: dict[str, Any] = field(default_factory=dict)
    examples: dict[str, list[Any]] = field(default_factory=dict)
    source: str = ""
    #: the rule reads the text's own voice: a match inside a quotation is not read
    outside_quotes: bool = False
    #: slot -> a regular expression its words must contain ("treaty": security|defence|mutual)
    where: dict[str, re.Pattern[str]] = field(default_factory=dict)
    #: slot -> placeholder kind: a slot the sentence leaves implicit, taken from the nearest
    #: mention of that kind before the match in its paragraph ("The other members are ...")
    context: dict[str, str] = field(default_factory=dict)
    #: the slot filled with the document's own voice (its authors, or the publisher of an
    #: institution's text: graph/genre.py), for judgements the text makes in its own name
    voice: str | None = None
    #: the genres the rule reads (all when empty)
    genres: tuple[str, ...] = ()
    #: the slot filled with the speaker who has the floor (a transcript's turn): the rule reads
    #: only words spoken in a turn ("Both sides strongly support each other", said by Xi)
    speaker: str | None = None


@dataclass(frozen=True)
class RuleMatch:
    rule: Rule
    start: int  # offsets in the tagged text
    end: int
    slots: dict[str, list[Tag]]
    texts: dict[str, str] = field(default_factory=dict)  # every named group: the document's words
    spans: dict[str, Span] = field(default_factory=dict)  # every named group: its document span


def _compile(pattern: str, where: str) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    slots: dict[str, tuple[str, ...]] = {}

    def repl(m: re.Match[str]) -> str:
        word, name = m.group(1), m.group(2)
        if word in _MACROS and name is None:
            return _MACROS[word]
        plural = word.endswith("S") and word[:-1] in PLACEHOLDER_KINDS
        base = word[:-1] if plural else word
        if base not in PLACEHOLDER_KINDS:
            raise InputError(f"unknown placeholder {{{word}}}", source=where)
        kinds = PLACEHOLDER_KINDS[base]
        one = rf"⟦(?:{'|'.join(re.escape(k) for k in kinds)})#\d+⟧"
        if base == "TPERSON":  # "Japanese Prime Minister ⟦person⟧", "Judge ⟦person⟧ of ⟦state⟧"
            one = (r"(?:⟦state#\d+⟧ )?(?:[A-Z][\w.’-]* ){0,3}?⟦person#\d+⟧"
                   r"(?: of (?:the )?⟦state#\d+⟧)?")
        # a list of at most 16: bounded, so that a rule tried at every tag of a long run of
        # names ("China – Japan – Russia – ...") stays linear in the sentence
        body = rf"{one}(?:{_LIST_SEP}{one}){{0,15}}" if plural else one
        if name is None:
            return f"(?:{body})"
        if name in slots:
            raise InputError(f"slot {name!r} is used twice in one pattern", source=where)
        slots[name] = kinds
        return f"(?P<{name}>{body})"

    try:
        return re.compile(_PLACEHOLDER.sub(repl, pattern)), slots
    except re.error as e:
        raise InputError(f"bad pattern: {e}", source=where) from None


def load_rules(paths: list[Path] | None = None, *, suffix: str = ".rules.yaml") -> list[Rule]:
    """Every rule of the shipped pattern files ending in ``suffix`` (or of ``paths``), checked
    and compiled."""
    if paths is None:
        folder = files("seckg.graph").joinpath("patterns")
        sources = sorted((p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir()
                         if p.name.endswith(suffix))
    else:
        sources = [(str(p), Path(p).read_text(encoding="utf-8")) for p in paths]
    rules: list[Rule] = []
    seen: set[str] = set()
    for name, text in sources:
        try:
            data = yaml.safe_load(text) or []
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            raise InputError(f"invalid YAML: {getattr(e, 'problem', e)}", source=name,
                             line=mark.line + 1 if mark else None) from None
        for item in data:
            rid = item.get("id")
            where = f"{name} rule {rid!r}"
            if not rid or "kind" not in item or "patterns" not in item:
                raise InputError("a rule needs id, kind and patterns", source=where)
            if rid in seen:
                raise InputError("duplicate rule id", source=where)
            seen.add(rid)
            compiled = []
            slot_kinds: dict[str, tuple[str, ...]] = {}
            for p in item["patterns"]:
                rx, slots = _compile(p, where)
                compiled.append(rx)
                slot_kinds.update(slots)
            rules.append(Rule(rid, item["kind"], item.get("description", ""), tuple(compiled),
                              slot_kinds, dict(item.get("set", {})), dict(item.get("examples", {})),
                              name, bool(item.get("outside_quotes", False)),
                              _where(item.get("where") or {}, where), _context(item.get("context") or {}, where),
                              item.get("voice"), tuple(item.get("genres") or ()), item.get("speaker")))
    return rules


def _where(spec: dict[str, str], where: str) -> dict[str, re.Pattern[str]]:
    try:
        return {str(k): re.compile(str(v)) for k, v in spec.items()}
    except re.error as e:
        raise InputError(f"bad 'where' pattern: {e}", source=where) from None


#: Context kinds of their own: ``SALIENT_<KIND>`` (SALIENT_STATE, SALIENT_ORG) is the entity of
#: that kind the text has named most often before the match (ties: the latest named), for what
#: a passage is about ("the Bill ... was submitted to the Diet"; "Montenegro joined in 2017")
SALIENT = "SALIENT_"
#: ``OTHER_<KIND>``: the nearest entity of that kind before the match, in its paragraph, that
#: no slot of the match names ("US criticisms ... China has described these actions as ...":
#: the actions are the United States')
OTHER = "OTHER_"


def _context(spec: dict[str, str], where: str) -> dict[str, str]:
    for slot, kind in spec.items():
        if kind not in PLACEHOLDER_KINDS and kind.removeprefix(SALIENT).removeprefix(OTHER) not in PLACEHOLDER_KINDS:
            raise InputError(f"unknown placeholder kind {kind!r} for context slot {slot!r}", source=where)
    return {str(k): str(v) for k, v in spec.items()}


def match_rules(rules: list[Rule], tagged: TaggedSentence) -> list[RuleMatch]:
    """All matches of all rules in one tagged sentence (one per rule and place; a rule's later
    patterns do not re-match text an earlier one matched)."""
    out: list[RuleMatch] = []
    text = tagged.text
    for rule in rules:
        covered: list[tuple[int, int]] = []
        for rx in rule.patterns:
            needs = _needs_rx(rx)
            if needs is not None and needs.search(text) is None:
                continue  # a word every match must hold is not in the sentence
            for m in rx.finditer(text):
                if any(a < m.end() and m.start() < b for a, b in covered):
                    continue
                slots = {
                    name: tagged.tags_in(m.start(name), m.end(name), set(kinds))
                    for name, kinds in rule.slot_kinds.items()
                    if name in rx.groupindex and m.group(name) is not None
                }
                texts = {
                    name: tagged.words(m.start(name), m.end(name))
                    for name, value in m.groupdict().items()
                    if value is not None and m.end(name) > m.start(name)
                }
                if any(not rx_.search(texts.get(name, "")) for name, rx_ in rule.where.items()):
                    continue
                spans = {name: tagged.doc_span(m.start(name), m.end(name)) for name in texts}
                covered.append((m.start(), m.end()))
                out.append(RuleMatch(rule, m.start(), m.end(), slots, texts, spans))
    return out


# -- a prefilter: the words a pattern cannot match without --------------------------------------

_NEEDS: dict[str, tuple[str, ...] | None] = {}


def _needs(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``rx`` contains (the most selective such set the
    pattern's structure shows: a literal word, or the alternatives of a group that each begin
    with one), or None when the pattern shows none. Computed once per pattern; a sentence that
    holds none of them is not searched, which spares most patterns most sentences."""
    if rx.pattern not in _NEEDS:
        try:
            from re import _parser as sre_parse  # type: ignore[attr-defined]

            found = _required(sre_parse.parse(rx.pattern, rx.flags))
        except Exception:  # noqa: BLE001 - a pattern this reading cannot follow is searched as is
            found = None
        ok = found is not None and not (rx.flags & re.IGNORECASE) and min(_score(x) for x in found) >= 3
        _NEEDS[rx.pattern] = tuple(sorted(found)) if ok and found is not None else None
    return _NEEDS[rx.pattern]


_NEEDS_RX: dict[str, re.Pattern[str] | None] = {}


def _needs_rx(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """:func:`_needs` as one search (a single pass over the sentence)."""
    if rx.pattern not in _NEEDS_RX:
        needs = _needs(rx)
        _NEEDS_RX[rx.pattern] = re.compile("|".join(map(re.escape, needs))) if needs else None
    return _NEEDS_RX[rx.pattern]


def _score(s: str) -> int:
    """How selective a required string is: its length without the tags' own punctuation."""
    if "⟦" in s or "#" in s:
        return 3  # a tag of a kind: in most sentences
    return len(s.strip())


def _required(items) -> frozenset[str] | None:  # type: ignore[no-untyped-def]
    """The best set of required strings of a parsed sequence (see :func:`_needs`)."""
    from re import _constants as c  # type: ignore[attr-defined]

    best: frozenset[str] | None = None

    def better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
        if a is None or len(a) > 60:
            return b if b is not None and len(b) <= 60 else None
        if b is None or len(b) > 60:
            return a
        return a if min(map(_score, a)) >= min(map(_score, b)) else b

    run: list[str] = []
    for op, av in list(items) + [(None, None)]:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = better(best, frozenset(["".join(run)]))
            run = []
        if op is c.SUBPATTERN:
            if av[1] & c.SRE_FLAG_IGNORECASE:
                return None  # (?i:...): its words in any case
            best = better(best, _required(av[-1]))
        elif op is c.BRANCH:
            alts = [_required(a) for a in av[1]]
            if all(a is not None for a in alts):
                best = better(best, frozenset().union(*alts))  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            best = better(best, _required(av[2]))
        elif op is c.ATOMIC_GROUP:
            best = better(best, _required(av))
    return best
