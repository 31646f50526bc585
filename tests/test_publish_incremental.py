"""Incremental ``seckg publish``: a page whose inputs did not change is carried over from the
site in DIR, the others are rendered again, and the site is byte for byte what a full publish
writes (:mod:`seckg.web.incremental`).

The site the session's ``published`` fixture made is the earlier site: each test copies it and
the built data dir, changes the data, and publishes into the copy. The end-to-end comparisons
with a full publish take a full publish each (20-60 s) and are marked slow; the fast tests check
the pages that must change against pages rendered afresh."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from seckg.graph.iris import ID
from seckg.graph.store import open_store
from seckg.web.incremental import RECORD, global_key, read_record
from seckg.web.publish import _iris, _PageWriter, publish, site_path

from .conftest import GENRE

BASE_URL = "https://example.org/kg/"  # the published fixture's
SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


def _tree(root: Path) -> dict[str, bytes]:
    found = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    assert len(found) > 1000
    return found


def _same_trees(a: Path, b: Path) -> None:
    ta, tb = _tree(a), _tree(b)
    assert sorted(ta) == sorted(tb)
    differ = [rel for rel in ta if ta[rel] != tb[rel]]
    assert not differ, differ[:10]


@pytest.fixture
def copies(built: Path, published: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the built data dir and of the site published from it."""
    data, site = tmp_path / "data", tmp_path / "site"
    shutil.copytree(built, data, symlinks=True)
    shutil.copytree(published, site, symlinks=True)
    return data, site


def _ingest(data: Path, tmp_path: Path, name: str = "us-philippines-alliance") -> None:
    from seckg.graph.build import ingest_files

    folder = tmp_path / "texts"
    folder.mkdir()
    for ext in (".txt", ".yaml"):
        shutil.copy(GENRE / f"{name}{ext}", folder / f"{name}{ext}")
    ingest_files([folder / f"{name}.txt"], data, jobs=1, validate=False)


def test_the_site_records_what_each_page_read(published: Path):
    record = json.loads(gzip.decompress((published / RECORD).read_bytes()))
    assert record["format"] == 1 and len(record["pages"]) > 1000 and len(record["patterns"]) > 1000
    china = next(p for p in record["pages"] if p[0] == ID + "state/china")
    reads = [record["patterns"][i][0] for i in china[8]]
    assert f'["<{ID}state/china>", "*", "*", "*"]' in reads  # what it says
    assert f'["*", "*", "<{ID}state/china>", "*"]' in reads  # what is said of it
    assert any(r.startswith('["anchor", ') for r in reads)  # the ontology terms it links to
    assert '["untracked"]' not in {k for k, _d in record["patterns"]}


def test_republishing_an_unchanged_graph_renders_nothing_and_writes_the_same_site(built, published, copies):
    data, site = copies
    result = publish(built, site, base_url=BASE_URL)
    assert result.rendered == 0 and result.reused == result.pages > 1000
    _same_trees(site, published)


def test_a_changed_label_renders_the_pages_that_show_it(copies, tmp_path):
    """A state's label changes: its page and every page that names it (a neighbour's relations,
    a dyad, a timeline) are rendered again, and are what a fresh render writes; the rest is
    carried over."""
    data, site = copies
    store = open_store(data)
    # a state few pages link to: its label shows on those pages
    linked: dict[str, list[str]] = {}
    for page in sorted((site / "id").rglob("*.html")):
        for href in set(re.findall(r'href="([^"#]*state/[^"#/]+\.html)', page.read_text(encoding="utf-8"))):
            linked.setdefault(href.rsplit("/", 1)[-1][: -len(".html")], []).append(page.relative_to(site).as_posix())
    labelled = {q.subject.value[len(f"{ID}state/"):] for q in store.quads_for_pattern(None, SKOS_PREF, None)
                if q.subject.value.startswith(f"{ID}state/")}  # type: ignore[union-attr]
    slug = next(s for s, pages in sorted(linked.items(), key=lambda kv: (len(kv[1]), kv[0]))
                if len(pages) >= 3 and s in labelled)
    state = ox.NamedNode(f"{ID}state/{slug}")
    old = list(store.quads_for_pattern(state, SKOS_PREF, None))
    for q in old:
        store.remove(q)
    store.add(ox.Quad(state, SKOS_PREF, ox.Literal("Renamed State Of Tests", language="en"), old[0].graph_name))
    store.flush()
    del store

    result = publish(data, site, base_url=BASE_URL)
    naming = sorted({*linked[slug], f"id/state/{slug}.html"})
    assert len(naming) <= result.rendered < result.pages // 2
    for rel in naming:
        assert "Renamed State Of Tests" in (site / rel).read_text(encoding="utf-8"), rel
    # the pages rendered again are what a fresh render writes
    fresh = tmp_path / "fresh"
    from seckg.web.ontodoc import ontology_doc

    writer = _PageWriter(data, ontology_doc(), 1)
    try:
        by_path = {site_path(iri): iri for iri in _iris(open_store(data, read_only=True))}
        list(writer.write([by_path[rel[: -len(".html")]] for rel in naming], fresh, lambda _d, _t: None))
    finally:
        writer.close()
    for rel in naming:
        for ext in ("html", "ttl", "jsonld"):
            path = rel[: -len("html")] + ext
            assert (site / path).read_bytes() == (fresh / path).read_bytes(), path


def test_a_global_input_renders_every_page(built, published, copies, monkeypatch):
    """Another base URL (or --full) renders every page; the record of another key is not read."""
    data, site = copies
    assert read_record(site, global_key(id_base=ID, base_url=BASE_URL, endpoint=None)) is not None
    assert read_record(site, global_key(id_base=ID, base_url="https://example.net/", endpoint=None)) is None
    assert read_record(site, global_key(id_base=ID, base_url=BASE_URL, endpoint="https://example.org/sparql")) \
        is None
    asked: list[list[str]] = []

    def write(self, iris, root, on_pages):  # nothing rendered: what was asked is the point
        asked.append(list(iris))
        return iter(())

    monkeypatch.setattr(_PageWriter, "write", write)
    everything = _iris(open_store(built, read_only=True))
    for kwargs in ({"base_url": "https://example.net/"}, {"base_url": BASE_URL, "full": True}):
        shutil.rmtree(site)
        shutil.copytree(published, site, symlinks=True)
        publish(built, site, **kwargs)  # type: ignore[arg-type]
        assert asked.pop() == everything


def test_a_page_changed_on_disk_is_rendered_again(built, copies):
    data, site = copies
    china = site / "id" / "state" / "china.html"
    good = china.read_bytes()
    china.write_bytes(good.replace(b"China", b"Cathay"))
    (site / "id" / "state" / "russia.ttl").unlink()
    japan = site / "id" / "state" / "japan.html"  # the same bytes, but a link to elsewhere: never carried over
    elsewhere = site.parent / "japan.html"
    shutil.copyfile(japan, elsewhere)
    japan.unlink()
    japan.symlink_to(elsewhere)
    result = publish(built, site, base_url=BASE_URL)
    assert result.rendered == 3
    assert china.read_bytes() == good and (site / "id" / "state" / "russia.ttl").is_file()
    assert not japan.is_symlink() and japan.read_bytes() == elsewhere.read_bytes()


def test_cli_says_how_many_pages_were_rendered_and_reused(built, copies):
    from seckg.cli.main import cli

    data, site = copies
    result = CliRunner().invoke(cli, ["--data-dir", str(built), "publish", str(site), "--base-url", BASE_URL])
    assert result.exit_code == 0, result.output
    assert re.search(r"\((\d[\d,]*) pages: 0 rendered, \1 reused;", result.output), result.output


@pytest.mark.slow
def test_after_an_ingest_the_site_is_what_a_full_publish_writes(copies, tmp_path):
    data, site = copies
    _ingest(data, tmp_path)
    result = publish(data, site, base_url=BASE_URL)
    assert 0 < result.rendered < result.pages and result.reused == result.pages - result.rendered
    full = publish(data, tmp_path / "full", base_url=BASE_URL, full=True)
    assert full.rendered == full.pages == result.pages and full.reused == 0
    _same_trees(site, tmp_path / "full")
    assert (site / "id" / "document" / "us-philippines-alliance.html").is_file()
