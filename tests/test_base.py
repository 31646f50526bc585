"""``SECKG_BASE``: a graph built under another base is consistent (the shipped lexicon, concept
schemes, shapes, stored queries and JSON-LD context move with it), validates with no error and
publishes with no IRI left on the default base."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

SECKG = str(Path(sys.executable).parent / "seckg")
BASE = "http://example.org/kg/"
DEFAULT_ID = "https://w3id.org/seckg/id/"


def test_rebase_text_in_process() -> None:
    from seckg import iribase

    assert iribase.rebase("https://example.com/x") == "https://example.com/x"
    if iribase.is_default():
        assert iribase.rebase_text(f"<{DEFAULT_ID}state/china>") == f"<{DEFAULT_ID}state/china>"


@pytest.mark.skipif(not Path(SECKG).exists(), reason="the seckg entry point is not installed")
def test_build_validate_query_and_publish_under_another_base(tmp_path: Path) -> None:
    env = {**os.environ, "SECKG_BASE": BASE, "SECKG_DATA_DIR": str(tmp_path / "data")}

    def seckg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([SECKG, *args], capture_output=True, text=True, env=env, timeout=600)

    built = seckg("build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert "validation: conforms (0 errors" in built.stdout + built.stderr
    iris = {t.value for q in ox.parse(path=str(tmp_path / "data" / "seckg.trig"), format=ox.RdfFormat.TRIG)
            for t in (q.subject, q.predicate, q.object, q.graph_name) if isinstance(t, ox.NamedNode)}
    assert {f"{BASE}id/state/china", f"{BASE}id/partnership/china--russia"} <= iris
    assert any(i.startswith(f"{BASE}id/evidence/") for i in iris)
    assert not [i for i in iris if i.startswith(DEFAULT_ID)]

    rows = seckg("query", "run", "partnerships-of-state", "-p", "state=China", "-f", "csv")
    assert rows.returncode == 0, rows.stderr
    assert f"{BASE}id/state/russia" in rows.stdout

    site = tmp_path / "site"
    published = seckg("-q", "publish", str(site))
    assert published.returncode == 0, published.stderr
    assert (site / "id" / "state" / "china.ttl").is_file()
    stale = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".ttl", ".jsonld", ".html")
             and DEFAULT_ID in p.read_text(encoding="utf-8", errors="replace")]
    assert not stale[:5]
