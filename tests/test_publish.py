"""``seckg publish``: the static site says what the graph says, links resolve, twins are the
same graph in Turtle and JSON-LD (also read by PyLD, a JSON-LD processor other than rdflib's),
and publishing is all or nothing."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from seckg.graph.iris import ID
from seckg.graph.store import open_store
from seckg.web.publish import MARKER, publish, site_path
from seckg.web.views import build_view

SECKG = rdflib.Namespace("https://w3id.org/seckg/ontology#")


@pytest.fixture(scope="module")
def site(published) -> Path:
    return published


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])  # type: ignore[arg-type]
        for key in ("href", "src"):
            value = values.get(key)
            if value and tag != "link" or (tag == "link" and values.get("rel") in ("stylesheet", "alternate")):
                if value:
                    self.links.append(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _graph(path: Path) -> rdflib.Graph:
    fmt = {"ttl": "turtle", "jsonld": "json-ld"}[path.suffix[1:]]
    return rdflib.Graph().parse(data=path.read_text(encoding="utf-8"), format=fmt)


def test_every_iri_of_the_graph_has_a_page_and_two_twins(built, site):
    store = open_store(built, read_only=True)
    iris = {t.value.split("#")[0] for q in store for t in (q.subject, q.object)
            if isinstance(t, ox.NamedNode) and t.value.startswith(ID)}
    del store
    assert len(iris) > 1000
    for iri in iris:
        rel = site_path(iri)
        assert rel is not None, iri
        for ext in ("html", "ttl", "jsonld"):
            assert (site / f"{rel}.{ext}").is_file(), (iri, ext)


def test_every_link_of_the_site_resolves(site):
    """A crawl of every page: each relative link names a file of the site, and each #fragment an
    id of the page it points to (a quote's sentence, an ontology term)."""
    ids: dict[Path, set[str]] = {}
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 1000
    checked = 0
    for page in pages:
        for link in _parse(page).links:
            if re.match(r"[a-z]+:", link):
                assert link.startswith(("https://", "http://")), (page, link)
                continue
            path, _, fragment = link.partition("#")
            target = page if not path else (page.parent / path).resolve()
            assert target.is_file() and site.resolve() in target.parents, (page, link)
            if fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = _parse(target).ids
                assert fragment in ids[target], (page, link)
            checked += 1
    assert checked > 10000


def test_an_entity_page_shows_labels_relations_both_ways_and_the_words(site):
    page = (site / "id/partnership/china--russia.html").read_text(encoding="utf-8")
    assert "<h1>China–Russia partnership</h1>" in page
    assert '<a href="../state/china.html" title="https://w3id.org/seckg/id/state/china">China</a>' in page
    assert "comprehensive strategic partnership of coordination for a new era</a>" in page
    assert '<a class="type" href="../../ontology.html#Partnership"' in page
    # the supporting words, linked to their sentence in the document's page
    match = re.search(r'<mark>([^<]+)</mark>.*?<a class="sentence" href="([^"]+)">', page, re.S)
    assert match is not None
    words, href = match.groups()
    path, _, fragment = href.partition("#")
    document = (site / "id/partnership" / path).resolve().read_text(encoding="utf-8")
    # the corpus text may not be redistributed: its page cites its quotes by sentence, not the text
    at = document.index(f'<div class="sentence" id="{fragment}">')
    following = document.find('<div class="sentence"', at + 1)
    assert f"<mark>{words}</mark>" in document[at:following if following > 0 else None]
    # incoming relations: China's page lists the partnership that names it
    china = (site / "id/state/china.html").read_text(encoding="utf-8")
    incoming = china[china.index('<section id="incoming">'):]
    assert 'href="../partnership/china--russia.html"' in incoming[:incoming.index("</section>")]


def test_twins_are_the_page_in_rdf(built, site):
    iri = ID + "state/china"
    turtle = _graph(site / "id/state/china.ttl")
    jsonld = _graph(site / "id/state/china.jsonld")
    assert isomorphic(turtle, jsonld)
    expected = rdflib.Graph().parse(data=ox.serialize(build_view(open_store(built, read_only=True), iri).triples(),
                                                      format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    assert isomorphic(turtle, expected)
    china = rdflib.URIRef(iri)
    assert (china, SECKG.capital, rdflib.URIRef(ID + "place/beijing")) in turtle
    assert (rdflib.URIRef(ID + "partnership/china--russia"), SECKG.hasParty, china) in turtle
    # JSON-LD for web developers: the page's node first, a context of only the terms it uses
    doc = json.loads((site / "id/state/china.jsonld").read_text(encoding="utf-8"))
    assert doc["@graph"][0]["@id"] in (iri, "id:state/china")
    assert "capital" in doc["@context"] and "Alliance" not in doc["@context"]


def _pyld_graph(text: str) -> rdflib.Graph:
    """The JSON-LD read by PyLD (expanded, then turned into N-Quads), never fetching anything."""
    from pyld import jsonld

    def no_fetch(url: str, options: object = None) -> object:
        raise AssertionError(f"PyLD tried to load {url}")

    doc = json.loads(text)
    expanded = jsonld.expand(doc, {"documentLoader": no_fetch})
    assert expanded and all("@id" in node or "@graph" in node for node in expanded)
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": no_fetch})
    return rdflib.Graph().parse(data=nquads, format="nt")


@pytest.mark.parametrize("path", ["id/state/china.jsonld", "id/evidence/security-partnerships-2020/9747-9845.jsonld",
                                  "dumps/seckg-data.jsonld", "ontology.jsonld"])
def test_pyld_reads_the_json_ld_as_rdflib_does(site, path):
    text = (site / path).read_text(encoding="utf-8")
    turtle = site / path.replace(".jsonld", ".ttl")
    reference = _graph(turtle) if turtle.is_file() else rdflib.Graph().parse(data=text, format="json-ld")
    assert len(reference) > 10
    assert isomorphic(_pyld_graph(text), reference)


def test_dumps_and_void(built, site):
    from seckg.graph.export import export

    dumps = {p.name for p in (site / "dumps").iterdir()}
    assert dumps == {"seckg-all.trig", "seckg-all.nq", "seckg-data.ttl", "seckg-data.jsonld"}
    assert (site / "dumps/seckg-all.trig").read_bytes() == export(built, "trig", "all")
    void = rdflib.Graph().parse(site / "void.ttl", format="turtle")
    assert (site / ".well-known/void").read_bytes() == (site / "void.ttl").read_bytes()
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    urls = {str(o) for o in void.objects(None, VOID.dataDump)}
    assert urls == {f"https://example.org/kg/dumps/{name}" for name in dumps}


def test_ontology_docs_anchor_each_term_at_its_fragment(site):
    html = (site / "ontology.html").read_text(encoding="utf-8")
    ontology = rdflib.Graph().parse(site / "ontology.ttl", format="turtle")
    ids = _parse(site / "ontology.html").ids
    classes = {str(c) for c in ontology.subjects(rdflib.RDF.type, rdflib.OWL.Class) if str(c).startswith(str(SECKG))}
    assert len(classes) > 50
    anchored = {c for c in classes if c.split("#")[1] in ids}
    assert len(anchored) >= len(classes) - 2  # a fragment already taken by another section keeps pyLODE's id
    assert "<code>https://w3id.org/seckg/ontology#Partnership</code>" in html


def test_conneg_maps_are_written(site):
    assert "map $http_accept $seckg_ext" in (site / "_server/nginx-map.conf").read_text()
    assert "return 303 $uri.$seckg_ext;" in (site / "_server/nginx-site.conf").read_text()
    assert "RewriteRule ^(id/.+)$ $1.ttl [R=303,L]" in (site / ".htaccess").read_text()


@pytest.mark.parametrize(("iri", "expected"), [
    (ID + "state/china", "id/state/china"),
    (ID + "evidence/doc/1-2", "id/evidence/doc/1-2"),
    (ID + "state/china#part", None),
    (ID + "../etc/passwd", None),
    (ID + "state//x", None),
    (ID + "state/.hidden", None),
    ("https://example.org/id/state/china", None),
])
def test_site_paths_never_leave_the_site(iri, expected):
    assert site_path(iri) == expected


def test_publish_refuses_a_folder_it_did_not_make(built, tmp_path):
    from seckg.cli.main import cli

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("precious")
    result = CliRunner().invoke(cli, ["--data-dir", str(built), "publish", str(foreign)])
    assert result.exit_code == 3, result.output
    assert "not a site seckg published" in result.output and len(result.output.strip().splitlines()) == 1
    assert [p.name for p in foreign.iterdir()] == ["thesis.tex"]


def test_publish_without_a_built_graph_says_so(tmp_path):
    from seckg.cli.main import cli

    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "nothing"), "publish", str(tmp_path / "site")])
    assert result.exit_code == 5 and "seckg build" in result.output
    assert not (tmp_path / "site").exists() and [p.name for p in tmp_path.iterdir()] == []


def test_a_failed_publish_leaves_the_old_site_and_no_debris(built, site, tmp_path, monkeypatch):
    out = tmp_path / "site"
    shutil.copytree(site, out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    marker = (out / MARKER).read_text()

    from seckg.web import publish as module

    calls = {"n": 0}
    real = module.render_entity

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 200:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "render_entity", failing)
    with pytest.raises(OSError, match="disk full"):
        publish(built, out)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert (out / MARKER).read_text() == marker
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no half-written folder beside it


def test_cli_publish_replaces_an_earlier_site(built, site, tmp_path):
    from seckg.cli.main import cli

    out = tmp_path / "site"
    shutil.copytree(site, out)
    (out / "stale.html").write_text("old")
    result = CliRunner().invoke(cli, ["--data-dir", str(built), "publish", str(out),
                                      "--endpoint", "http://127.0.0.1:8000/sparql"])
    assert result.exit_code == 0, result.output
    assert not (out / "stale.html").exists() and [p.name for p in tmp_path.iterdir()] == ["site"]
    assert "published:" in result.output and "pages" in result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="http://127.0.0.1:8000/sparql"' in index
    assert posixpath.join("id", "state", "china.html") in index


def test_pages_written_by_worker_processes_are_those_written_by_one(built, tmp_path):
    """Two worker processes (each with its own read-only view of the store) write the same
    entity pages and twins as one process, and report them in the order of the IRIs."""
    from seckg.graph.store import open_store
    from seckg.web.ontodoc import ontology_doc
    from seckg.web.publish import _iris, _PageWriter

    iris = _iris(open_store(built, read_only=True))[:3 * 32 + 5]  # four chunks: both workers busy
    doc = ontology_doc()
    records = {}
    for jobs in (1, 2):
        root = tmp_path / f"site-{jobs}"
        writer = _PageWriter(built, doc, jobs)
        try:
            assert (writer.pool is not None) == (jobs == 2)
            progress: list[tuple[int, int]] = []
            records[jobs] = list(writer.write(iris, root, lambda done, total, seen=progress: seen.append((done, total))))
        finally:
            writer.close()
        assert progress[-1] == (len(iris), len(iris))
    assert records[1] == records[2] and [r[0] for r in records[2]] == iris
    files = {jobs: sorted(p.relative_to(tmp_path / f"site-{jobs}") for p in (tmp_path / f"site-{jobs}").rglob("*")
                          if p.is_file()) for jobs in (1, 2)}
    assert files[1] == files[2] and len(files[1]) >= 3 * len([r for r in records[1] if r[1]])
    for rel in files[1]:
        assert (tmp_path / "site-1" / rel).read_bytes() == (tmp_path / "site-2" / rel).read_bytes(), rel
