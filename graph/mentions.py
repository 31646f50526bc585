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
from functools import cached_property
from typing import TYPE_CHECKING

from .iris import entity_iri
from .lexicon import Entry, Lexicon
from .model import Mention, Span

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["MentionFinder", "disambiguate"]

_ORG_HEADS = {
    "Institute", "Institution", "Ministry", "Council", "Department", "Agency", "Foundation",
    "Organisation", "Organization", "Association", "Centre", "Center", "Commission", "Office",
    "Bureau", "Academy", "University", "Times", "Post", "News", "Forum", "Committee",
}
_NAME_LINKERS = {"of", "for", "and", "the", "on", "de"}
_VIA_RANK = {"label": 0, "title": 1, "capital": 2, "demonym": 3}
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

    def find(self, text: str, span: Span | None = None) -> list[Mention]:
        """The mentions in ``text`` (or in ``span`` of it), in text order, without overlaps."""
        span = span or Span(0, len(text))
        doc = self.nlp.make_doc(text[span.start : span.end])
        base = span.start
        candidates: list[tuple[Span, str, list[Entry]]] = []
        for match_id, start, end in self._matcher(doc):
            form = self.nlp.vocab.strings[match_id]
            s = Span(base + doc[start].idx, base + doc[end - 1].idx + len(doc[end - 1]))
            candidates.append((s, form, self.lexicon.forms[form]))
        # longest first, then earliest
        candidates.sort(key=lambda c: (-(c[0].end - c[0].start), c[0].start))
        chosen: list[Mention] = []
        for s, _form, entries in candidates:
            if any(m.span.overlaps(s) for m in chosen):
                continue
            entry = min(entries, key=lambda e: (*_entry_rank(e), e.iri))
            tied = sorted({e.iri for e in entries if _entry_rank(e) == _entry_rank(entry)})
            open_ = tuple(tied) if len(tied) > 1 and entry.kind != "title" else ()
            chosen.append(Mention(s, entry.iri, entry.kind, entry.label, via=entry.via, alternatives=open_))
        chosen.sort(key=lambda m: m.span.start)
        chosen = [self._title_inside(text, m) for m in chosen]
        chosen = self._titled_persons(text, span, chosen)
        chosen = self._organisations(text, span, chosen)
        return sorted(chosen, key=lambda m: m.span.start)

    @cached_property
    def _title_forms(self) -> list[tuple[str, str]]:
        """(surface form, preferred label) of every title, longest first."""
        forms = [(f, e.label) for f, entries in self.lexicon.forms.items() for e in entries
                 if e.kind == "title"]
        return sorted(forms, key=lambda x: -len(x[0]))

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
            # an apposition: "China’s ambassador, Cheng Jingye, warned" (a name closed by a comma)
            apposition = not plural and re.match(r",\s+(?=[A-Z])", text[pos:span.end])
            if apposition:
                pos += apposition.end() - 1
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
        out = list(mentions)
        for m in re.finditer(r"\b(?:[A-Z][\w’'-]+\s+)(?:(?:[A-Z][\w’'-]+|of|for|and|on)\s+){0,6}"
                             r"(?P<head>[A-Z][\w-]+)\b", text[span.start : span.end]):
            if m.group("head") not in _ORG_HEADS:
                continue
            s = Span(span.start + m.start(), span.start + m.end())
            words = text[s.start : s.end].split()
            while words and (words[0] in _NAME_LINKERS or words[0] in {"The", "A", "An"}):
                words.pop(0)
            if len(words) < 2:
                continue
            if any(x.span.overlaps(s) for x in out):
                continue
            name = " ".join(words)
            start = s.end - len(name) if text[s.start : s.end].endswith(name) else s.start
            out.append(Mention(Span(start, s.end), entity_iri("organisation", name), "organisation",
                               name, "rule", new=True))
        return out


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
