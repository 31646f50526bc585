"""Mentions: spans of a text linked to entities of the lexicon, or to new entities found by rules.

Matching uses spaCy's tokenizer and :class:`~spacy.matcher.PhraseMatcher` over every surface
form of the lexicon (exact case: "US" is the United States, "us" is not). Rules then find
what no lexicon holds:

- a title ("President", "state councillor", "Foreign Minister") followed by a capitalised name
  is a person with that title; an unknown name becomes a new person;
- a run of capitalised words ending in an organisation's head noun ("Institute", "Ministry",
  "Council", ...) is an organisation; an unknown one becomes a new organisation.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

from .iris import entity_iri
from .lexicon import Entry, Lexicon
from .model import Mention, Span

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["MentionFinder", "disambiguate"]

_VIA_RANK = {"label": 0, "title": 1, "capital": 2, "demonym": 3}
#: kinds whose lower-case labels are matched in any case, and those that take a plural
_CASELESS_CONCEPTS = {"partnership-level", "concept", "core-interest", "title"}
_PLURAL_KINDS = {"partnership-level", "concept", "core-interest"}
#: kinds whose names of two words or more are matched in any case
#: the next word of a person's name ("Wang Wenbin"), not the possessive or an initial
_NEXT_NAME_WORD = re.compile(r" ([A-Z][a-z][\w-]*)\b(?!’|')")
#: capitalised words that follow a person's name without being part of it
_AFTER_A_NAME = {"Administration", "Government", "Doctrine", "Era", "Cabinet", "Presidency", "Tower",
                 "Foundation", "Institute", "Centre", "Center"}
#: "<Word> and " just before a place's name whose head the word shares
_SHARED_HEAD = re.compile(r"\b([A-Z][a-z][\w-]*) and (?:the )?$")
_CASELESS_NAMES = {"organisation", "document", "policy", "place", "event", "mechanism", "weapon"}
_KIND_RANK = {"person": 0, "state": 1, "organisation": 2, "place": 3}
def _entry_rank(e: Entry) -> tuple[int, int]:
    """Which reading of a surface form wins: the entity's own label, then a capital standing
    for its state's government ("Beijing alleges", "a visit to Tokyo": the genre's metonymy
    outranks the city), then titles and demonyms."""
    if e.via == "capital":
        return (0, 0)
    return (_VIA_RANK.get(e.via, 9), _KIND_RANK.get(e.kind, 9) + 1)


_CAP = re.compile(r"[A-Z][\w’'.-]*")


class MentionFinder:
    """Finds mentions in texts with one lexicon; build it once and reuse it."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    @cached_property
    def nlp(self) -> Language:
        import spacy

        return spacy.blank("en")

    @cached_property
    def _matcher(self):  # type: ignore[no-untyped-def]
        from spacy.matcher import PhraseMatcher

        matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        forms = sorted(self.lexicon.forms)
        for i in range(0, len(forms), 500):
            batch = forms[i : i + 500]
            docs = list(self.nlp.tokenizer.pipe(batch))
            for form, doc in zip(batch, docs, strict=True):
                matcher.add(form, [doc])
        return matcher

    @cached_property
    def _caseless_forms(self) -> dict[str, str]:
        """Forms matched whatever their case, where that is safe (lower-case key -> form):
        lower-case labels (partnership levels, concepts, core interests: "Comprehensive Strategic
        Partnership" in a title, "Sovereignty" at a sentence's start) and their plurals, and
        names of two words or more of institutions, documents, places and events ("the foreign
        ministry"). Never names of persons or states, nor forms with an acronym ("US", "PLA")."""
        out: dict[str, str] = {}
        for form, entries in self.lexicon.forms.items():
            kinds = {e.kind for e in entries}
            words = form.split()
            if any(len(w) > 1 and w.isupper() for w in words) or not any(c.isalpha() for c in form):
                continue
            if form == form.lower() and len(form) >= 4 and kinds & _CASELESS_CONCEPTS:
                out.setdefault(form, form)
                if not form.endswith("s") and kinds & _PLURAL_KINDS:
                    plural = form[:-1] + "ies" if form.endswith("y") and form[-2:-1] not in "aeiou" else form + "s"
                    out.setdefault(plural, form)
            elif len(words) >= 2 and kinds <= _CASELESS_NAMES:
                out.setdefault(form.lower(), form)
        return out

    @cached_property
    def _caseless_matcher(self):  # type: ignore[no-untyped-def]
        from spacy.matcher import PhraseMatcher

        matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        keys = sorted(self._caseless_forms)
        for i in range(0, len(keys), 500):
            batch = keys[i : i + 500]
            for key, doc in zip(batch, self.nlp.tokenizer.pipe(batch), strict=True):
                matcher.add(key, [doc])
        return matcher

    def find(self, text: str, span: Span | None = None) -> list[Mention]:
        """The mentions in ``text`` (or in ``span`` of it), in text order, without overlaps."""
        span = span or Span(0, len(text))
        doc = self.nlp.make_doc(text[span.start : span.end])
        base = span.start
        candidates: list[tuple[Span, str, list[Entry]]] = []
        exact: set[Span] = set()
        for match_id, start, end in self._matcher(doc):
            form = self.nlp.vocab.strings[match_id]
            s = Span(base + doc[start].idx, base + doc[end - 1].idx + len(doc[end - 1]))
            candidates.append((s, form, self.lexicon.forms[form]))
            exact.add(s)
        for match_id, start, end in self._caseless_matcher(doc):
            s = Span(base + doc[start].idx, base + doc[end - 1].idx + len(doc[end - 1]))
            if s in exact:
                continue  # the exact reading of the same words wins
            if text[s.start : s.end] != text[s.start : s.end].lower() and _inside_a_name(text, s, span):
                continue  # "Security" in "the Nuclear Security Summit" is part of a name
            form = self._caseless_forms[self.nlp.vocab.strings[match_id]]
            candidates.append((s, form, self.lexicon.forms[form]))
        # longest first, then earliest; a character taken by a chosen mention is not taken again
        candidates.sort(key=lambda c: (-(c[0].end - c[0].start), c[0].start, c[0] not in exact))
        chosen: list[Mention] = []
        taken = bytearray(span.end - span.start)
        for s, _form, entries in candidates:
            if any(taken[s.start - base : s.end - base]):
                continue
            taken[s.start - base : s.end - base] = b"\x01" * (s.end - s.start)
            entry = min(entries, key=lambda e: (*_entry_rank(e), e.iri))
            tied = sorted({e.iri for e in entries if _entry_rank(e) == _entry_rank(entry)})
            open_ = tuple(tied) if len(tied) > 1 and entry.kind != "title" else ()
            chosen.append(Mention(s, entry.iri, entry.kind, entry.label, via=entry.via, alternatives=open_))
        chosen.sort(key=lambda m: m.span.start)
        chosen = [m for m in chosen if not self._first_name_of_another(text, m, span)]
        chosen = [self._another_edition(text, m) for m in chosen]
        chosen = [_with_parts(m, candidates) for m in chosen]
        chosen = [self._title_inside(text, m) for m in chosen]
        chosen = self._titled_persons(text, span, chosen)
        chosen = self._organisations(text, span, chosen)
        chosen = self._shared_heads(text, span, chosen)
        return sorted(chosen, key=lambda m: m.span.start)

    def _another_edition(self, text: str, m: Mention) -> Mention:
        """A dated document of the lexicon named with another year ("the 2022 National Defense
        Strategy", "the National Defense Strategy of 2022", where the lexicon holds the 2018
        one) is another edition, a new document: "National Defense Strategy (2022)"."""
        if m.kind != "document" or m.iri not in self.lexicon.dated:
            return m
        before = re.search(r"\b((?:19|20)\d\d)(?:’s|'s)?\s+(?:(?:US|U\.S\.|UK|[A-Z][a-z]+(?:an|ese|ish|ian))\s+)?$",
                           text[max(0, m.span.start - 24) : m.span.start])
        after = re.match(r"\s+(?:of|from|in)\s+((?:19|20)\d\d)\b", text[m.span.end : m.span.end + 12])
        years = sorted({x.group(1) for x in (before, after) if x is not None})
        if not years or self.lexicon.dated[m.iri][:4] in years:
            return m
        name = f"{' '.join(text[m.span.start : m.span.end].split())} ({years[0]})"
        return Mention(m.span, entity_iri("document", name), "document", name, "rule", new=True)

    def _shared_heads(self, text: str, span: Span, mentions: list[Mention]) -> list[Mention]:
        """Places whose names share their head: "the South and East China seas", "the Paracel
        and Spratly Islands". The first word stands for a name of its own ("South China Sea")
        when the lexicon holds that name, of the same kind."""
        out = list(mentions)
        for m in mentions:
            if m.kind != "place":
                continue
            first, _, rest = m.label.partition(" ")
            if not rest or text[m.span.start : m.span.start + len(first)].lower() != first.lower():
                continue
            before = text[max(span.start, m.span.start - 40) : m.span.start]
            found = _SHARED_HEAD.search(before)
            if found is None:
                continue
            form = f"{found.group(1)} {rest}"
            forms = [form] if form in self.lexicon.forms else []
            forms += [self._caseless_forms[form.lower()]] if form.lower() in self._caseless_forms else []
            entries = [e for f in forms for e in self.lexicon.forms[f] if e.kind == m.kind and e.iri != m.iri]
            if not entries:
                continue
            start = m.span.start - len(before) + found.start(1)
            s = Span(start, start + len(found.group(1)))
            if any(x.span.overlaps(s) for x in out):
                continue
            entry = min(entries, key=lambda e: (*_entry_rank(e), e.iri))
            out.append(Mention(s, entry.iri, entry.kind, entry.label, via="label"))
        return out

    def _first_name_of_another(self, text: str, m: Mention, span: Span) -> bool:
        """A one-word form of a known person that begins a longer name: "Wang" of Wang Yi in
        "spokesperson Wang Wenbin" is another person (read as a name the lexicon lacks)."""
        if m.kind != "person" or " " in text[m.span.start : m.span.end]:
            return False
        after = _NEXT_NAME_WORD.match(text, m.span.end, span.end)
        return after is not None and after.group(1) not in self.names.heads and after.group(1) not in _AFTER_A_NAME

    @cached_property
    def _title_forms(self) -> list[tuple[str, str]]:
        """(surface form, preferred label) of every title, longest first."""
        forms = [(f, e.label) for f, entries in self.lexicon.forms.items() for e in entries
                 if e.kind == "title"]
        return sorted(forms, key=lambda x: -len(x[0]))

    def title_forms(self, label: str) -> list[str]:
        """The surface forms of the title whose preferred label is ``label`` ("spokesman" and
        "spokeswoman" of "spokesperson"), longest first; the label itself when none."""
        return [f for f, lab in self._title_forms if lab == label] or [label]

    def _title_inside(self, text: str, m: Mention) -> Mention:
        """A person matched with its title ("Premier Li Keqiang") keeps the title."""
        if m.kind != "person" or m.title:
            return m
        surface = text[m.span.start : m.span.end]
        for form, label in self._title_forms:
            if surface.startswith(form + " ") or surface.lower().startswith(form.lower() + " "):
                return Mention(m.span, m.iri, m.kind, m.label, m.via, title=label, new=m.new)
        return m

    # -- rules for what the lexicon does not hold -------------------------------------------

    def _titled_persons(self, text: str, span: Span, mentions: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        by_start = {m.span.start: m for m in mentions}
        consumed: set[int] = set()
        for m in mentions:
            if id(m) in consumed:
                continue
            if m.kind != "title":
                out.append(m)
                continue
            # plural titles: "Presidents Xi and Trump"
            pos = m.span.end
            plural = text[m.span.start : m.span.end].endswith("s")
            if not plural and pos < span.end and text[pos] == "s":
                plural = True
                pos += 1
            names: list[Mention] = []
            # the post's place before an apposition: "China’s ambassador in Canberra, Cheng Jingye"
            posted = None if plural else re.match(r" (?:in|to) ", text[pos:span.end])
            if posted is not None:
                place = by_start.get(pos + posted.end())
                if place is not None and place.kind in ("state", "place") and \
                        re.match(r",\s+[A-Z]", text[place.span.end:span.end]):
                    pos = place.span.end
            # an apposition: "China’s ambassador, Cheng Jingye, warned" (a name closed by a comma)
            apposition = not plural and re.match(r",\s+(?=[A-Z])", text[pos:span.end])
            if apposition:
                pos += apposition.end() - 1
            # "President of Russia Vladimir Putin": the office's state between title and name
            of_state = None if plural or apposition else re.match(r" of (?:the )?", text[pos:span.end])
            if of_state is not None:
                state = by_start.get(pos + of_state.end())
                if state is not None and state.kind == "state" and text[state.span.end:state.span.end + 1] == " " \
                        and (by_start.get(state.span.end + 1) is not None
                             or _capitalised_run(text, state.span.end + 1, span.end) is not None):
                    pos = state.span.end
            while True:
                k = pos
                while k < span.end and text[k] == " ":
                    k += 1
                nxt = by_start.get(k)
                if nxt is not None and nxt.kind == "person":
                    names.append(Mention(nxt.span, nxt.iri, "person", nxt.label, nxt.via, title=m.label))
                    consumed.add(id(nxt))
                    pos = nxt.span.end
                else:
                    name_span = _capitalised_run(text, k, span.end)
                    if name_span is None or any(x.span.overlaps(name_span) for x in mentions):
                        break
                    if apposition and not re.match(r"\s*[,;)]", text[name_span.end : span.end]):
                        break  # "the ambassador, Beijing said": not a name in apposition
                    name = text[name_span.start : name_span.end]
                    iri = entity_iri("person", name)
                    names.append(Mention(name_span, iri, "person", name, "rule", title=m.label, new=True))
                    pos = name_span.end
                if not plural:
                    break
                rest = text[pos:span.end]
                conj = re.match(r"(,\s*|\s+and\s+)", rest)
                if not conj:
                    break
                pos += conj.end() - 1 if conj.group(1).endswith(" ") else conj.end()
            if names:
                out.extend(names)
            else:
                out.append(m)  # a title with no name: keep it (e.g. "the President")
        # drop persons consumed by a title (they were re-added with the title)
        return [x for x in out if x is not None]

    def _organisations(self, text: str, span: Span, mentions: list[Mention]) -> list[Mention]:
        """Names no lexicon holds, typed by their head word (``patterns/names.yaml``)."""
        out = list(mentions)
        for name_span, kind in self.names.find(text, span):
            inner = [x for x in out if x.span.overlaps(name_span)]
            if any(x.span.end == name_span.end and x.span.start <= name_span.start + 4 for x in inner):
                continue  # the lexicon's own name ("the Senkaku Islands")
            if any(x.span.end == name_span.end and x.kind not in _SWALLOWED for x in inner):
                continue  # "Article 5 of the Japan-U.S. Treaty ...": the lexicon knows what it names
            # an organisation inside a conference's or a treaty's name ("UN Climate Change
            # Conference"), but not the body that meets ("the 71st Session of the UN General
            # Assembly" is a meeting of the Assembly, read as such by the rules)
            # a body of its own named after the organisation it serves ("the NATO Cooperative
            # Cyber Defence Centre of Excellence": three words or more after the organisation)
            of_its_own = kind == "organisation" and all(
                x.kind != "organisation" or (x.span.start <= name_span.start + 4
                                             and len(text[x.span.end : name_span.end].split()) >= 3)
                for x in inner)
            # a person a title seemed to introduce is part of the name ("General Security of
            # Military Information Agreement" is not General "Security")
            titled = [x for x in inner if x.kind == "person" and x.new and x.via == "rule" and x.title
                      and name_span.contains(x.span) and name_span.end > x.span.end]
            inner = [x for x in inner if x not in titled]
            swallowed = _SWALLOWED | ({"organisation"} if (kind in ("event", "mechanism", "document") or of_its_own)
                                      and not any(x.kind == "organisation" and x.span.end == name_span.end
                                                  for x in inner) else set())
            if any(not _inside(text, x.span, name_span) or x.kind not in swallowed for x in inner):
                continue  # the lexicon knows a longer or other name here
            name = text[name_span.start : name_span.end]
            parts = tuple(dict.fromkeys(x.iri for x in inner if x.kind == "state"))
            bodies = [x.iri for x in inner if x.kind == "organisation"]
            out = [x for x in out if x not in inner and x not in titled]
            body = bodies[0] if kind == "event" and bodies and _only_body_place_and_head(text, name_span, inner) else None
            out.append(Mention(name_span, entity_iri(kind, name), kind, name, "rule", new=True,
                               parts=parts, body=body))
        return out

    @cached_property
    def names(self) -> NameFinder:
        return NameFinder.default()


#: Lexicon mentions a discovered name may contain ("China-US Strategic and Economic Dialogue",
#: "G20 Hangzhou Summit"): the name is the mention; the states it names are its parts.
_SWALLOWED = {"state", "place", "government"}
_ORDINAL = re.compile(r"(?:\d+(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|"
                      r"Ninth|Tenth|Eleventh|Twelfth)$")
_NAME_WORD = re.compile(r"[A-Z0-9][\w’'.&+/-]*|[a-z]+")


def _only_body_place_and_head(text: str, name: Span, inner: list[Mention]) -> bool:
    """Is an event's name its body, places, years and ordinals and the head word ("the G20
    Hangzhou Summit", "the 2019 SCO Bishkek Summit": a meeting of the body)? A name with two
    words of its own or more ("UN Climate Change Conference") is an event of its own, held
    under the body."""
    rest = text[name.start : name.end]
    for x in sorted(inner, key=lambda x: -x.span.start):
        a, b = max(0, x.span.start - name.start), max(0, x.span.end - name.start)  # "the G20": from before the name
        rest = rest[:a] + " " + rest[b:]
    words = [w for w in re.findall(r"[\w’'-]+", rest) if w.lower() not in ("the", "of", "and")]
    own = [w for w in words[:-1] if not (_ORDINAL.match(w) or w.isdigit() or w in _MEETING_WORDS)]
    # one word of its own is the host city the lexicon does not hold ("G20 Hangzhou Summit")
    return len(own) <= 1


_MEETING_WORDS = {"Leaders", "Leaders’", "Heads", "State", "Government", "Ministerial", "Foreign", "Ministers",
                  "Annual", "Informal", "Extraordinary", "Special", "Emergency", "Plenary"}


def _inside_a_name(text: str, s: Span, limit: Span) -> bool:
    """Do capitalised words run on before or after ``s`` (a possessive ends a run)?"""
    before = re.search(r"([A-Z][\w.-]*)(’s|'s|’|')?\s+(?:(?:of|on|for|and|the|de)\s+)*$",
                       text[max(limit.start, s.start - 40) : s.start])
    after = re.match(r"\s+[A-Z]", text[s.end : min(limit.end, s.end + 3)])
    return bool(before and not before.group(2)) or bool(after)


def _with_parts(m: Mention, candidates: list[tuple[Span, str, list[Entry]]]) -> Mention:
    """A document's, a mechanism's or an event's name with the states it names as its parts
    ("Guidelines for Japan-U.S. Defense Cooperation": Japan and the United States)."""
    if m.kind not in ("document", "mechanism", "event", "policy"):
        return m
    parts = tuple(dict.fromkeys(
        e.iri for s, _form, entries in candidates if m.span.contains(s) and s != m.span
        for e in entries[:1] if e.kind == "state" and e.via in ("label", "demonym")))
    return replace(m, parts=parts) if parts else m


def _inside(text: str, inner: Span, name: Span) -> bool:
    """Is a mention part of a name ("the UN", a label with its article, in "the UN ... Conference")?"""
    return name.contains(inner) or (inner.end <= name.end and text[inner.start : name.start].lower() == "the ")


class NameFinder:
    """Finds runs of capitalised words and keeps those whose head word says what they name
    (see ``graph/patterns/names.yaml``). One pass over the words: linear in the text."""

    def __init__(self, config: dict) -> None:
        self.heads = {w: kind for kind, words in config["heads"].items() for w in words}
        self.leading = set(config.get("leading", []))
        self.stop_first = set(config.get("stop_first", []))
        self.classes = dict(config.get("classes", {}))
        self.mechanism_modifiers = set(config.get("mechanism_modifiers", []))
        self.generic = set(config.get("generic", []))
        self.head_classes = dict(config.get("head_classes", {}))
        self.anaphora = {k: set(v) for k, v in (config.get("anaphora") or {}).items()}
        self.anaphora_window = int(config.get("anaphora_window", 700))
        self._anaphor = re.compile(
            r"\b(?:the|The|this|This|these|These)\s+(?:(?:disputed|same|new|aforementioned|above|said|"
            r"five-member|three-member|[\w-]+-member|revised|former)\s+)?(?P<head>" +
            "|".join(sorted({h for k in self.anaphora for h in (k, k.capitalize())}, key=len, reverse=True)) +
            r")\b(?!\s+(?:of|for|on)\b)") if self.anaphora else None
        # "Annex VII", "Article 5" with no "of/to <document>" after it: a part of the document
        # the text is speaking of ("Annex VII, however, provides that ...")
        parts = config.get("document_parts") or []
        self._part = re.compile(
            r"\b(?:" + "|".join(parts) + r")\s+(?:[IVXLC]+|\d+[A-Za-z]?)(?:\s*\(\d+\))?\b"
            r"(?!\s+(?:of|to|in|under)\b|\s*[-–])") if parts else None

    def anaphors(self, text: str, spans: list[Span], mentions: list[Mention]) -> list[Mention]:
        """Mentions for the definite descriptions of ``spans`` ("the islands", "the grouping", "the
        Tribunal") that take up a name given shortly before: the nearest mention whose label
        holds one of the head words the description allows (``anaphora`` in names.yaml)."""
        if self._anaphor is None:
            return []
        from bisect import bisect_left

        out: list[Mention] = []
        named = sorted((m for m in mentions if m.via not in ("pronoun", "anaphor") and m.kind not in
                        ("date", "title", "pair", "authors")), key=lambda m: m.span.start)
        starts = [m.span.start for m in named]
        every = sorted(m.span.start for m in mentions)
        seen: dict[str, int] = {}  # how often each entity was named before the current point
        counted = 0
        document_kinds = {"document"}

        def found_in(span: Span) -> list[tuple[re.Match[str], set[str]]]:
            hits = [(m, self.anaphora[m.group("head").lower()]) for m in self._anaphor.finditer(text, span.start, span.end)]
            if self._part is not None:
                hits += [(m, document_kinds) for m in self._part.finditer(text, span.start, span.end)]
            return sorted(hits, key=lambda h: h[0].start())

        for span in spans:
            for m, allowed in found_in(span):
                at = Span(m.start(), m.end())
                near = bisect_left(every, at.start)
                if any(x.span.overlaps(at) for x in mentions[max(0, near - 2) : near + 2]):
                    continue
                while counted < len(named) and named[counted].span.end <= at.start:
                    seen[named[counted].iri] = seen.get(named[counted].iri, 0) + 1
                    counted += 1
                # the candidates named within the window; the most salient wins (named most often
                # so far: the text's topic, "the islands" of a text about the Senkaku Islands),
                # then the nearest
                fits: dict[str, Mention] = {}
                lo = bisect_left(starts, at.start - self.anaphora_window - 200)
                hi = bisect_left(starts, at.start)
                for x in named[lo:hi]:  # earlier names and descriptions within the window
                    if x.span.end > at.start or at.start - x.span.end > self.anaphora_window:
                        continue
                    words = set(x.label.split()) | set(text[x.span.start : x.span.end].split()) | set(
                        (x.title or "").split())
                    if words & allowed or x.kind in allowed:
                        fits[x.iri] = x
                best = max(fits.values(), key=lambda x: (seen.get(x.iri, 0), x.span.start), default=None)
                if best is not None:
                    found = Mention(at, best.iri, best.kind, best.label, via="anaphor",
                                    members=best.members, parts=best.parts)
                    out.append(found)
                    k = bisect_left(starts, at.start)
                    named.insert(k, found)
                    starts.insert(k, at.start)
                    if k < counted:
                        counted += 1
        return out

    def class_of(self, name: str, kind: str) -> str:
        """The class of a new entity: by its head word where the head says it, else by kind."""
        words = name.split()
        for i, w in enumerate(words):
            if w in self.head_classes and self.heads.get(w) == kind and (i == len(words) - 1 or words[i + 1] in _HEAD_LINKERS):
                return self.head_classes[w]
        if words and words[0] in self.head_classes and self.heads.get(words[0]) == kind:
            return self.head_classes[words[0]]
        return self.classes.get(kind, "Organisation")

    @classmethod
    def default(cls) -> NameFinder:
        from importlib.resources import files

        import yaml

        return cls(yaml.safe_load(files("seckg.graph").joinpath("patterns/names.yaml").read_text("utf-8")))

    def find(self, text: str, span: Span) -> list[tuple[Span, str]]:
        out = []
        for run in self._runs(text, span):
            for (a, b), kind in self._names(run):
                out.append((Span(a, b), kind))
            person = self._cited_person(text, run)
            if person is not None and not any(s.overlaps(person) for s, _ in out):
                out.append((person, "person"))
        return out

    def _cited_person(self, text: str, run: list[tuple[int, int, str]]) -> Span | None:
        """"According to Lee Seokwoo, ...": two or three capitalised words after "according to",
        closed by a comma or a parenthesis, name a person."""
        if not 2 <= len(run) <= 3 or any(w in _LINKERS or w in self.heads for _, _, w in run):
            return None
        start, end = run[0][0], run[-1][1]
        if not re.search(r"\b[Aa]ccording to $", text[max(0, start - 13) : start]):
            return None
        if not re.match(r"\s*[,(]", text[end : end + 2]):
            return None
        return Span(start, end)

    def _runs(self, text: str, span: Span) -> list[list[tuple[int, int, str]]]:
        """Runs of capitalised words joined by single spaces and the linkers of names."""
        runs: list[list[tuple[int, int, str]]] = []
        run: list[tuple[int, int, str]] = []
        last_end = -1
        for m in _NAME_WORD.finditer(text, span.start, span.end):
            word = m.group(0)
            start, end = m.start(), m.end()
            possessive = re.search(r"(?:’s|'s|’|')$", word)
            if possessive:
                word = word[: possessive.start()]
                end = start + len(word)
            if not re.search(r"(?:^|[-/])(?:[A-Z]\.)+$", word):  # "U.S.", "Japan-U.S." keep their dots
                word = word.rstrip(".")
            end = start + len(word)
            joined = run and text[last_end:start] == " "
            capital = word[:1].isupper() or bool(_ORDINAL.match(word)) or (word[:1].isdigit() and any(c.isalpha() for c in word))
            if word in _CALENDAR:  # "the Bay of Bengal on June 10": a date is not part of a name
                capital = False
            if capital and word:
                if not joined:
                    if run:
                        runs.append(run)
                    run = []
                run.append((start, end, word))
            elif joined and word in _LINKERS:
                run.append((start, end, word))
            else:
                if run:
                    runs.append(run)
                run = []
            last_end = end
            if possessive or not (text[end:end + 1] in (" ", "") or end == span.end):
                if run:
                    runs.append(run)
                run = []
                last_end = -1
        if run:
            runs.append(run)
        return runs

    def _names(self, run: list[tuple[int, int, str]]) -> list[tuple[tuple[int, int], str]]:
        while run and run[-1][2] in _LINKERS:
            run = run[:-1]
        while run and (run[0][2] in _LINKERS or run[0][2] in self.stop_first):
            run = run[1:]
        words = [w for _, _, w in run]
        n = len(words)
        if n < 2:
            return []
        parts: list[list[tuple[int, int, str]]] = []
        kind = None
        for i, w in enumerate(words[:-1]):
            if w in self.heads and words[i + 1] in _HEAD_LINKERS:
                kind = self.heads[w]  # "Treaty of ...", "Committee on Okinawa"
                parts = [run]
                break
        if kind is None and words[-1] in self.heads:
            kind = self.heads[words[-1]]  # "... Strategic and Economic Dialogue"
            k = n - 1
            while k > 0 and (words[k - 1] not in _LINKERS or (
                    words[k - 1] in ("and", "of") and k >= 2 and words[k - 2] not in _LINKERS
                    and (words[k - 1] == "and" or words[k - 2] not in self.heads))):
                k -= 1  # "... Strategic and Economic Dialogue", "General Security of Military Information Agreement"
            tail = run[k:]
            if kind == "place" and words[-1].endswith("s") and len(tail) >= 4 and tail[1][2] == "and":
                tail = tail[2:]  # "the Paracel and Spratly Islands": two names sharing a head
            split = [j for j in range(1, len(tail) - 1)
                     if tail[j][2] == "and" and self.heads.get(tail[j - 1][2]) == kind]
            parts = [tail[: split[0]], tail[split[0] + 1 :]] if split else [tail]  # "X Sea and Y Strait"
        if kind is None and words[0] in self.leading and words[0] in self.heads and words[1] not in _LINKERS:
            kind = self.heads[words[0]]  # "Exercise Malabar"
            k = 1
            while k < n and words[k] not in _LINKERS:
                k += 1
            parts = [run[:k]]
        if kind is None:
            return []
        if kind == "organisation" and any(w in self.mechanism_modifiers for w in words):
            kind = "mechanism"  # "Intergovernmental Commission", "Security Consultative Committee"
        out = []
        for part in parts:
            # a place keeps its ordinal ("Second Thomas Shoal"); a meeting's is its round
            while kind != "place" and len(part) > 2 and _ORDINAL.match(part[0][2]) and part[1][2] not in self.heads:
                part = part[1:]  # "the Seventh China-US ... Consultation"
                if len(part) > 2 and part[0][2] == "Round" and part[1][2] == "of":
                    part = part[2:]
                while part and part[0][2] in _LINKERS:
                    part = part[1:]
            if len(part) >= 2 and " ".join(w for _, _, w in part) not in self.generic:
                out.append(((part[0][0], part[-1][1]), kind))
        return out


_LINKERS = {"of", "for", "and", "on", "the", "de"}
_CALENDAR = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
             "Sept", "Oct", "Nov", "Dec", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
             "Saturday", "Sunday"}
_HEAD_LINKERS = {"of", "for", "on"}


def _capitalised_run(text: str, start: int, limit: int) -> Span | None:
    """One to three capitalised words from ``start`` (a person's name), or None."""
    pos = start
    words = 0
    end = start
    while words < 3 and pos < limit:
        m = _CAP.match(text, pos, limit)
        if not m:
            break
        word = m.group(0)
        word = re.sub(r"(’s|'s|[’'.])$", "", word) if not re.fullmatch(r"[A-Z]\.", word) else word
        if not word:
            break
        end = pos + len(word)
        words += 1
        pos = end
        if pos < limit and text[pos] == " ":
            pos += 1
        else:
            break
    return Span(start, end) if words else None


def surnames(text: str, spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    """A person named in full, later named by the surname alone ("Prime Minister Imran Khan ...
    Khan said"): the later words are the same person. A surname two persons of the text share
    is left alone."""
    by_surname: dict[str, set[str]] = {}
    first: dict[str, Mention] = {}
    for m in mentions:
        words = m.label.split()
        if m.kind == "person" and len(words) >= 2 and m.via != "pronoun":
            by_surname.setdefault(words[-1], set()).add(m.iri)
            first.setdefault(words[-1], m)
    if not by_surname:
        return []
    starts = sorted(m.span.start for m in mentions)
    taken = sorted((m.span.start, m.span.end) for m in mentions)
    out: list[Mention] = []
    rx = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(by_surname, key=len, reverse=True)) + r")\b(?![-\w])")
    import bisect

    for span in spans:
        for hit in rx.finditer(text, span.start, span.end):
            surname = hit.group(1)
            person = first[surname]
            if len(by_surname[surname]) > 1 or hit.start() < person.span.end:
                continue
            k = bisect.bisect_right(starts, hit.start()) - 1
            if k >= 0 and taken[k][1] > hit.start():
                continue  # part of a longer mention
            if hit.start() > 0 and text[hit.start() - 1 : hit.start()].isalpha():
                continue
            out.append(Mention(Span(hit.start(), hit.end()), person.iri, "person", person.label, via="surname",
                               title=person.title, new=False))
    return out


def disambiguate(mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """Settle the mentions whose surface form several entities share ("MoFA": China's or
    Japan's ministry; "Article 5": of NATO's treaty or of the Japan-U.S. treaty; "Congolese").

    Each reading is weighed by the document's settled mentions of what it belongs to
    (:meth:`Lexicon.context_of`): the nearest such mention, in characters, picks the reading
    ("Japan’s foreign ministry ... (MoFA, Japan, 2019)"). A mention nothing settles is dropped:
    the graph does not guess between two entities the text has not told apart.
    """
    settled = [m for m in mentions if not m.alternatives]
    out: list[Mention] = []
    for m in mentions:
        if not m.alternatives:
            out.append(m)
            continue
        best: tuple[int, str] | None = None
        for iri in m.alternatives:
            context = lexicon.context_of(iri)
            distances = [abs(o.span.start - m.span.start) for o in settled if o.iri in context]
            if distances and (best is None or (min(distances), iri) < best):
                best = (min(distances), iri)
        if best is None:
            continue
        iri = best[1]
        out.append(Mention(m.span, iri, lexicon.kinds.get(iri, m.kind), lexicon.labels.get(iri, m.label), via=m.via,
                           title=m.title, new=m.new, members=m.members))
    return out
