"""Shared fixtures: one extractor and one built corpus per test session (both take seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CORPUS_TEXT = CORPUS / "security-partnerships-2020.txt"
GENRE = ROOT / "tests" / "genre"
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def extractor():
    from seckg.graph.pipeline import Extractor

    return Extractor.default()


@pytest.fixture(scope="session")
def corpus_text() -> str:
    return CORPUS_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def corpus_extraction(extractor):
    from seckg.graph.build import extract_file

    return extract_file(CORPUS_TEXT, extractor)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A data dir with the bundled corpus built into it (read-only for tests)."""
    from seckg.graph.build import build_corpus

    data_dir = tmp_path_factory.mktemp("built")
    summary = build_corpus(CORPUS, data_dir)
    assert summary.validation is not None
    return data_dir


@pytest.fixture(scope="session")
def published(built, tmp_path_factory) -> Path:
    """The built corpus published as a static site by ``seckg publish`` (read-only for tests)."""
    from seckg.web.publish import publish

    out = tmp_path_factory.mktemp("published") / "site"
    result = publish(built, out, base_url="https://example.org/kg/")
    assert result.pages > 1000 and not result.skipped
    return out


def require_program(name: str, package: str, *paths: str) -> str:
    """The path of a program from Debian's packages; skips the test without it (fails under CI,
    where ``make test`` has installed it: scripts/system-deps)."""
    import os
    import shutil

    found = shutil.which(name) or next((p for p in paths if os.access(p, os.X_OK)), None)
    if found is None:
        message = f"{name} is not installed (apt-get install {package}; make test does it as root)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must run this test")
        pytest.skip(message)
    return found
