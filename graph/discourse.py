"""Discourse focus: which pair of states a passage is about, and what the anaphors that stand
for that pair ("the two sides", "this relationship", "both countries") refer to.

The focus is set by phrases that name a pair ("China-Japan relations", "Russia’s relationship
with China", "Japan signed with the US"; ``patterns/discourse.focus.yaml``) and by the parties of
relations the rules read. It is kept across sentences and reset at each heading.
"""

from __future__ import annotations

from .model import Mention, Span
from .rules import Rule, load_rules, match_rules
from .tagging import TaggedSentence

__all__ = ["Discourse"]


class Discourse:
    def __init__(self, rules: list[Rule] | None = None) -> None:
        rules = rules if rules is not None else load_rules(suffix=".focus.yaml")
        self.focus_rules = [r for r in rules if r.kind == "focus"]
        self.anaphors = [rx for r in rules if r.kind == "anaphor" for rx in r.patterns]
        self.focus: tuple[Mention, Mention] | None = None

    def reset(self) -> None:
        self.focus = None

    def _pairs_in(self, tagged: TaggedSentence) -> list[tuple[int, tuple[Mention, Mention]]]:
        """(document offset where the phrase ends, pair) for each focus phrase of a sentence."""
        out = []
        for m in match_rules(self.focus_rules, tagged):
            a, b = m.slots.get("a", []), m.slots.get("b", [])
            if a and b and isinstance(a[0].value, Mention) and isinstance(b[0].value, Mention):
                if a[0].value.iri != b[0].value.iri:
                    out.append((tagged.doc_span(m.start, m.end).end, (a[0].value, b[0].value)))
        return sorted(out, key=lambda x: x[0])

    def anaphors_in(self, text: str, sentence: Span, tagged: TaggedSentence,
                    mentions: list[Mention]) -> list[Mention]:
        """Pair mentions for the anaphors of a sentence, resolved against the focus."""
        pairs = self._pairs_in(tagged)
        out: list[Mention] = []
        chunk = text[sentence.start : sentence.end]
        for rx in self.anaphors:
            for m in rx.finditer(chunk):
                span = Span(sentence.start + m.start(), sentence.start + m.end())
                if any(x.span.overlaps(span) for x in mentions + out):
                    continue
                focus = self.focus
                for end, pair in pairs:
                    if end <= span.start:
                        focus = pair
                if focus is None:
                    continue
                a, b = focus
                out.append(Mention(span, f"{a.iri}|{b.iri}", "pair", f"{a.label} and {b.label}",
                                   via="anaphor", members=(a.iri, b.iri)))
        return sorted(out, key=lambda x: x.span.start)

    def update(self, tagged: TaggedSentence, parties: list[tuple[str, str]] | None = None) -> None:
        """Move the focus to the last pair the sentence names (phrases, then relations read)."""
        pairs = self._pairs_in(tagged)
        if pairs:
            self.focus = pairs[-1][1]
