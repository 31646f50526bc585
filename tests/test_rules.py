"""Every relation pattern on its own examples: texts that must match with the slots they fill,
and texts that must not match. Adding a rule without examples fails here."""

from __future__ import annotations

import pytest

from seckg.errors import InputError
from seckg.graph.model import DateRef, Document, Mention
from seckg.graph.rules import load_rules, match_rules

RULES = load_rules() + load_rules(suffix=".focus.yaml")
CASES = [(r, ex) for r in RULES for ex in r.examples.get("match", [])]
NEGATIVE = [(r, text) for r in RULES for text in r.examples.get("no_match", [])]


def test_rules_were_found_and_all_have_examples():
    assert len(RULES) >= 25
    for rule in RULES:
        assert rule.examples.get("match"), f"{rule.id} has no matching example"
        assert rule.examples.get("no_match"), f"{rule.id} has no example that must not match"
        assert rule.description, f"{rule.id} has no description"


def _matches(extractor, rule, text):
    reading = extractor.read(Document("example", text))
    out = []
    for _s, tagged in reading.tagged:
        out += match_rules([rule], tagged)
    return out


def _slot_value(tag):
    v = tag.value
    if isinstance(v, Mention):
        return [extractor_label(m) for m in (v.members or (v.iri,))]
    if isinstance(v, DateRef):
        return [v.value]
    return [v]


def extractor_label(iri: str) -> str:
    return iri


@pytest.mark.parametrize("rule, example", CASES, ids=[f"{r.id}-{i}" for i, (r, _) in enumerate(CASES)])
def test_rule_matches_its_examples(extractor, rule, example):
    matches = _matches(extractor, rule, example["text"])
    assert matches, f"{rule.id} does not match: {example['text']}"
    lex = extractor.lexicon
    want = example.get("slots", {})
    for m in matches:
        got = {}
        for name, tags in m.slots.items():
            values = []
            for t in tags:
                if isinstance(t.value, Mention):
                    values += [lex.labels.get(i, i) for i in (t.value.members or (t.value.iri,))]
                elif isinstance(t.value, DateRef):
                    values.append(t.value.value)
                else:
                    values.append(t.value)
            got[name] = values
        ok = True
        for name, value in want.items():
            expected = value if isinstance(value, list) else [value]
            expected = [lex.labels.get(lex.by_label(str(e)) or "", e) if not isinstance(e, int) else e
                        for e in expected]
            if sorted(map(str, got.get(name, []))) != sorted(map(str, expected)):
                ok = False
        if ok:
            return
    pytest.fail(f"{rule.id}: no match fills {want}; got {[{k: len(v) for k, v in m.slots.items()} for m in matches]}")


@pytest.mark.parametrize("rule, text", NEGATIVE, ids=[f"{r.id}-no-{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_rule_does_not_match_its_counter_examples(extractor, rule, text):
    assert _matches(extractor, rule, text) == [], f"{rule.id} matches: {text}"


def test_a_bad_pattern_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.rules.yaml"
    bad.write_text("- id: x\n  kind: alliance\n  patterns: ['{NOPE:a} allied']\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.rules.yaml rule 'x'.*unknown placeholder"):
        load_rules([bad])


def test_a_named_exercise_keeps_its_name(extractor):
    from rdflib import SKOS, Literal, URIRef

    from seckg.graph.model import Document

    text = ("In 2021 the Indian Navy joined Japan and the United States in the Malabar naval exercise "
            "hosted by Japan. In 2021 the Indian Navy joined Japan and the United States in the JIMEX "
            "naval exercise.")
    ex = extractor.extract(Document("ex", text))
    drills = {f.node: f.triples for f in ex.facts if f.kind == "exercise"}
    names = {str(o) for triples in drills.values() for s, p, o in triples if p == SKOS.altLabel}
    assert names == {"Malabar", "JIMEX"} and len(drills) == 2  # two events, not one
    node = URIRef("https://w3id.org/seckg/id/event/naval-drill/malabar/indian-navy--japan--united-states--2021")
    assert (node, SKOS.altLabel, Literal("Malabar", lang="en")) in drills[node]


def test_the_prefilter_names_only_words_every_match_holds():
    import re

    from seckg.graph.rules import _needs

    assert _needs(re.compile(r"(?:China|Japan) (?:signed|ratified) the treaty")) == (" the treaty",)
    assert set(_needs(re.compile(r"\b(?:held|staged) (?:a )?it"))) == {"held", "staged"}
    assert _needs(re.compile(r"\b(?:held|staged) (?:a )?drills?")) == ("drill",)  # the longer word
    assert _needs(re.compile(r"(?i:signed) it")) is None  # its words in any case
    assert _needs(re.compile(r"x?y")) is None  # nothing long enough to tell


def test_every_rule_reads_the_same_with_and_without_its_prefilter(extractor, monkeypatch):
    from pathlib import Path

    from seckg.graph import rules as rules_module

    text = (Path(__file__).parent.parent / "corpus" / "security-partnerships-2020.txt").read_text("utf-8")
    reading = extractor.read(Document("corpus", text))

    def matches():
        return [(m.rule.id, m.start, m.end) for _s, t in reading.tagged for m in match_rules(extractor.rules, t)]

    with_prefilter = matches()
    monkeypatch.setattr(rules_module, "_needs_rx", lambda rx: None)
    assert matches() == with_prefilter and with_prefilter
