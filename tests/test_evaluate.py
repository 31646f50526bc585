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
    assert t.precision >= 0.95 and t.recall >= 0.90, (t.precision, t.recall)


def test_corpus_rules_only(extractor):
    t = _total(evaluate_gold(GOLD_FILES, extractor=extractor, use_annotations=False))
    assert t.precision >= 0.95 and t.recall >= 0.76, (t.precision, t.recall)


def test_genre_texts_rules_only(extractor):
    reports = evaluate_gold(GENRE_GOLD, extractor=extractor)
    t = reports[-1].total()
    assert reports[-1].name == "all" and t.gold >= 200
    assert t.precision >= 0.85 and t.recall >= 0.47, (t.precision, t.recall)
