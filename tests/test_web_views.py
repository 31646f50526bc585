"""Views and pages of IRIs on small stores made here: what a page shows, what it refuses to make
into markup or links, and how it cuts long lists."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from seckg.graph.iris import ID
from seckg.web.render import ServerLinks, SiteLinks, render_entity
from seckg.web.views import build_view

SECKG = "https://w3id.org/seckg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
N = ox.NamedNode


def _store(triples: list[tuple[str, str, object]], graph: str | None = None) -> ox.Store:
    store = ox.Store()
    for s, p, o in triples:
        obj = o if isinstance(o, (ox.Literal, ox.NamedNode)) else N(str(o))
        store.add(ox.Quad(N(s), N(p), obj, N(graph) if graph else ox.DefaultGraph()))
    return store


def test_labels_and_quotes_are_text_never_markup():
    iri = ID + "state/x"
    store = _store([
        (iri, SKOS + "prefLabel", ox.Literal('<script>alert("x")</script>', language="en")),
        (iri, SECKG + "demonym", ox.Literal("<img src=x onerror=alert(1)>")),
        (iri, "http://www.w3.org/2004/02/skos/core#exactMatch", N("javascript:alert(1)")),
    ])
    html = render_entity(build_view(store, iri), ServerLinks())
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<img" not in html
    assert 'href="javascript:' not in html  # only http(s) IRIs become links


def test_preferred_label_wins_and_english_first():
    iri = ID + "state/y"
    store = _store([
        (iri, RDFS + "label", ox.Literal("rdfs label", language="en")),
        (iri, SKOS + "prefLabel", ox.Literal("日本", language="ja")),
        (iri, SKOS + "prefLabel", ox.Literal("Japan", language="en")),
    ])
    assert build_view(store, iri).label == "Japan"


def test_incoming_relations_are_cut_and_the_page_says_so():
    iri = ID + "state/z"
    store = _store([(f"{ID}fact/{i}", SECKG + "hasParty", iri) for i in range(30)])
    view = build_view(store, iri, max_incoming=10)
    assert len(view.incoming) == 10 and view.incoming_total == 30
    assert "and 20 more" in render_entity(view, ServerLinks())


def test_a_relation_cites_the_evidence_graph_that_states_it():
    fact, china = ID + "partnership/a--b", ID + "state/a"
    ev = ID + "evidence/doc/10-20"
    store = _store([(fact, SECKG + "hasParty", china)], graph=ev)
    for s, p, o in [(ev, "http://www.w3.org/ns/oa#hasTarget", N(ev + "#target")),
                    (ev + "#target", "http://www.w3.org/ns/oa#hasSelector", N(ev + "#quote")),
                    (ev + "#quote", "http://www.w3.org/ns/oa#exact", ox.Literal("A and B are partners"))]:
        store.add(ox.Quad(N(s), N(p), o))
    view = build_view(store, china)
    (relation,) = view.incoming
    assert relation.evidence == (ev,)
    assert [q.exact for q in view.quotes] == ["A and B are partners"]
    html = render_entity(view, SiteLinks(path="id/state/a.html"))
    assert '<a class="cite" href="#q-1">[1]</a>' in html and "<mark>A and B are partners</mark>" in html
    assert 'href="../evidence/doc/10-20.html"' in html


def test_an_unknown_iri_has_an_empty_view():
    assert not build_view(ox.Store(), ID + "state/nowhere").found


@pytest.mark.parametrize(("page", "iri", "href"), [
    ("id/state/china.html", ID + "state/japan", "japan.html"),
    ("id/state/china.html", ID + "evidence/d/1-2#target", "../evidence/d/1-2.html#target"),
    ("index.html", ID + "state/japan", "id/state/japan.html"),
    ("id/evidence/d/1-2.html", ID + "state/japan", "../../state/japan.html"),
    ("id/state/china.html", "https://example.org/x", "https://example.org/x"),
    ("id/state/china.html", "urn:isbn:123", None),
])
def test_site_links_are_relative(page, iri, href):
    assert SiteLinks(path=page).href(iri) == href
