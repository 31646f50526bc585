"""Extraction measured against the hand-written gold sets. The floors are the figures reached
when this test was written (README, "How well it reads"): a change that reads worse fails."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from seckg.graph.evaluate import evaluate_gold

from .conftest import CORPUS_TEXT, GENRE, GOLD

GOLD_FILES = sorted(GOLD.glob("*.gold.yaml"))
GENRE_GOLD = sorted(GENRE.glob("*.gold.yaml"))


def test_gold_files_were_found():
    assert len(GOLD_FILES) == 1 and len(GENRE_GOLD) >= 5


@pytest.mark.parametrize("gold", GOLD_FILES + GENRE_GOLD, ids=lambda p: p.name)
def test_every_gold_quote_is_in_its_text(gold: Path):
    data = yaml.safe_load(gold.read_text(encoding="utf-8"))
    text_path = gold.with_name(gold.name.replace(".gold.yaml", ".txt"))
    text = (text_path if text_path.exists() else CORPUS_TEXT).read_text(encoding="utf-8")
    assert len(data["facts"]) >= 30
    for fact in data["facts"]:
        assert fact["quote"] in text, fact


def _total(reports):
    return reports[-1].total()


def test_corpus_with_annotations(extractor):
    t = _total(evaluate_gold(GOLD_FILES, extractor=extractor))
    assert t.gold >= 180
    assert t.precision >= 0.98 and t.recall >= 0.94, (t.precision, t.recall)


def test_corpus_rules_only(extractor):
    t = _total(evaluate_gold(GOLD_FILES, extractor=extractor, use_annotations=False))
    assert t.precision >= 0.98 and t.recall >= 0.85, (t.precision, t.recall)  # issue 10's target


def test_genre_texts_rules_only(extractor):
    reports = evaluate_gold(GENRE_GOLD, extractor=extractor)
    t = reports[-1].total()
    assert reports[-1].name == "all" and t.gold >= 200
    assert t.precision >= 0.93 and t.recall >= 0.60, (t.precision, t.recall)


@pytest.mark.parametrize("title, matched", [
    ("foreign ministry spokesman", 1),  # the text's words, ending with a form of the office's title
    ("spokesperson", 1),
    ("Prime Minister", 0),
])
def test_an_office_matches_the_gold_title_by_its_words(extractor, title, matched):
    from seckg.graph.evaluate import evaluate_extraction
    from seckg.graph.model import Document

    ex = extractor.extract(Document("t", "Chinese foreign ministry spokesman Zhao Lijian posted an image in 2020."))
    gold = [{"kind": "office", "person": "Zhao Lijian", "title": title, "of": "China"}]
    assert evaluate_extraction(ex, gold, extractor.lexicon, "t").total().matched == matched


# -- real texts nobody on the team wrote (tests/real/, gold written without running seckg) ----

REAL = Path(__file__).resolve().parent / "real"
REAL_GOLD = sorted(REAL.glob("*.gold.yaml"))
#: the openly licensed ones, whose texts are copied into tests/real/ (the others are read from
#: $SECKG_TEXTS or the team's shared folder when it is there)
REAL_OPEN = [g for g in REAL_GOLD if g.with_name(g.name.replace(".gold.yaml", ".txt")).exists()]


def test_real_gold_files_were_found():
    assert len(REAL_GOLD) == 10 and len(REAL_OPEN) == 6


@pytest.mark.parametrize("gold", REAL_GOLD, ids=lambda p: p.name)
def test_every_real_gold_quote_is_in_its_text(gold: Path):
    from seckg.graph.evaluate import _text_for

    data = yaml.safe_load(gold.read_text(encoding="utf-8"))
    try:
        text = _text_for(gold, data["document"]).read_text(encoding="utf-8")
    except Exception:  # noqa: BLE001 - a text not redistributed and not on this machine
        pytest.skip("text not available here")
    for fact in data["facts"]:
        assert fact["quote"] in text, fact


def test_real_texts_rules_only(extractor):
    """The floor on the six openly licensed real texts (README, "How well it reads")."""
    t = evaluate_gold(REAL_OPEN, extractor=extractor, use_annotations=False)[-1].total()
    assert t.gold >= 60
    assert t.precision >= 0.95 and t.recall >= 0.77, (t.precision, t.recall)


def test_all_ten_real_texts_rules_only(extractor):
    """Issue 10's target on the ten real texts: recall 0.70 or more at precision 0.95 or more,
    and every statement's speaker right. Needs the four texts that are not redistributed."""
    from seckg.graph.evaluate import _text_for

    try:
        for gold in REAL_GOLD:
            _text_for(gold, gold.name.removesuffix(".gold.yaml"))
    except Exception:  # noqa: BLE001 - a text not redistributed and not on this machine
        pytest.skip("the four texts that are not redistributed are not here")
    report = evaluate_gold(REAL_GOLD, extractor=extractor, use_annotations=False)[-1]
    t = report.total()
    assert t.precision >= 0.95 and t.recall >= 0.75, (t.precision, t.recall)
    quotes = report.by_kind["quotation"]
    assert quotes.matched >= 0.95 * quotes.predicted, quotes
