"""Normalisation before everything: the forms a text arrives in give the same facts, and every
span still points into the text as stored."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from seckg.graph.documents import read_document
from seckg.graph.evaluate import evaluate_extraction, load_gold
from seckg.graph.model import Document, Span
from seckg.graph.normalise import normalise
from seckg.graph.rdf import extraction_quads
from seckg.ontology import load_reference

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests/gold/security-partnerships-2020.gold.yaml"


def test_a_normal_text_is_left_as_it_is():
    n = normalise("China’s ‘core interests’ – and “more”.")
    assert n.identity and n.text == n.original
    assert n.span(Span(0, 5)) == Span(0, 5)


@pytest.mark.parametrize(("raw", "want"), [
    ("China's 'core interests'", "China’s ‘core interests’"),
    ('he said "no more" today', "he said “no more” today"),
    ("the states' interests", "the states’ interests"),
    ("in the '90s", "in the ’90s"),
    ("Xi\u00a0Jinping\u202fsaid", "Xi Jinping said"),
    ("co\u00adoperation", "cooperation"),
    ("line one\r\nline two", "line one\nline two"),
    ("Sino\u2010Japanese \u2014 ties", "Sino-Japanese — ties"),
    ("Nguye\u0302\u0303n", "Nguyễn"),
    ("«quoted»", "“quoted”"),
])
def test_forms_are_normalised(raw, want):
    assert normalise(raw).text == want


def test_spans_map_back_to_the_stored_text():
    raw = "Nguye\u0302\u0303n Phu\u0301 Tro\u0323ng met Xi\u00a0Jinping; co\u00adoperation."
    n = normalise(raw)
    for word in ("Xi Jinping", "cooperation", "Nguyễn Phú Trọng"):
        start = n.text.index(word)
        back = n.span(Span(start, start + len(word)))
        assert unicodedata.normalize("NFC", raw[back.start:back.end]).replace("\u00a0", " ").replace(
            "\u00ad", "") == word


def _variants(text: str) -> dict[str, str]:
    return {
        "straight quotes": text.replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"'),
        "NFD": unicodedata.normalize("NFD", text),
        "non-breaking spaces": text.replace(" ", "\u00a0"),
        "no paragraph breaks": re.sub(r"\n\s*\n", "\n", text),
        "Windows line ends": text.replace("\n", "\r\n"),
    }


@pytest.fixture(scope="module")
def corpus_scores(extractor, corpus_text):
    _, gold = load_gold(GOLD)
    meta = yaml.safe_load((ROOT / "corpus/security-partnerships-2020.yaml").read_text("utf-8"))
    ref = load_reference()

    def score(text: str) -> dict[str, int]:
        ex = extractor.extract(Document("variant", text, meta))
        for _s, p, o, _g in extraction_quads(ex):  # every exact quote is the stored text
            if str(p).endswith("#exact"):
                assert str(o) in text
        report = evaluate_extraction(ex, gold, extractor.lexicon, "variant", ref)
        return {k: s.matched for k, s in report.by_kind.items()} | {"predicted": report.total().predicted}

    return score(corpus_text), {name: score(t) for name, t in _variants(corpus_text).items()}


@pytest.mark.parametrize("variant", list(_variants("x")))
def test_the_corpus_in_another_form_gives_the_same_facts(corpus_scores, variant):
    original, variants = corpus_scores
    assert variants[variant] == original


def test_evidence_offsets_point_into_the_stored_text(extractor, tmp_path):
    text = "Japan\u2019s Foreign Minister Taro\u00a0Kono said the islands are \"an inherent part of Japan's territory\" (Kono, 2019)."
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    ex = extractor.extract(read_document(path))
    assert ex.facts
    for f in ex.facts:
        assert 0 <= f.span.start < f.span.end <= len(text)
    quotes = [f for f in ex.facts if f.kind == "quotation"]
    assert quotes and all(text[f.span.start:f.span.end].endswith((")", '"')) for f in quotes)
