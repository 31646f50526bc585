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


OA = "http://www.w3.org/ns/oa#"
DCT = "http://purl.org/dc/terms/"


def _document_store(text: str, *, licence: str | None = "https://creativecommons.org/licenses/by/4.0/") -> ox.Store:
    """A document with ``text``, the state Japan (labels "Japan", "Tokyo"), and one evidence:
    the words "Japan protested" with a protest fact."""
    doc, ev = ID + "document/d", ID + "evidence/d/"
    start = text.index("Japan protested")
    ev += f"{start}-{start + 15}"
    triples = [
        (doc, SECKG + "text", ox.Literal(text)),
        (doc, RDFS + "label", ox.Literal("A document", language="en")),
        (ID + "state/japan", SKOS + "prefLabel", ox.Literal("Japan", language="en")),
        (ID + "state/japan", SKOS + "altLabel", ox.Literal("Tokyo", language="en")),
        (ID + "concept/security", SKOS + "prefLabel", ox.Literal("security", language="en")),
        (ev, OA + "hasTarget", N(ev + "#target")),
        (ev + "#target", OA + "hasSource", N(doc)),
        (ev + "#target", OA + "hasSelector", N(ev + "#quote")),
        (ev + "#target", OA + "hasSelector", N(ev + "#position")),
        (ev + "#quote", OA + "exact", ox.Literal("Japan protested")),
        (ev + "#position", OA + "start", ox.Literal(str(start), datatype=N("http://www.w3.org/2001/XMLSchema#integer"))),
        (ev + "#position", OA + "end", ox.Literal(str(start + 15), datatype=N("http://www.w3.org/2001/XMLSchema#integer"))),
        (ID + "protest/japan", RDFS + "label", ox.Literal("protest by Japan", language="en")),
    ]
    if licence:
        triples.append((doc, DCT + "license", N(licence)))
    store = _store(triples)
    for s, p, o in [(ID + "protest/japan", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", SECKG + "Protest"),
                    (ID + "protest/japan", SECKG + "protester", ID + "state/japan")]:
        store.add(ox.Quad(N(s), N(p), N(o), N(ev)))
    return store


TEXT = "# Tensions\n\nOn Monday Japan protested. Tokyo said nothing more about security.\n"


def test_annotated_text_links_mentions_highlights_evidence_and_says_what_each_sentence_gave():
    import html as html_lib
    import re

    store = _document_store(TEXT)
    view = build_view(store, ID + "document/d")
    at = view.annotated
    assert at is not None and [b.kind for b in at.blocks] == ["heading", "paragraph"]
    (gave,) = at.evidence
    assert gave.facts == ((ID + "protest/japan", SECKG + "Protest"),)
    (heading,), (first, second) = (b.sentences for b in at.blocks)
    assert not heading.gave and first.gave == [1] and not second.gave
    # the words are never changed: the pieces of each sentence are its text
    assert "".join(p.text for p in first.pieces) == "On Monday Japan protested."
    assert [(p.text, p.evidence, p.entity) for p in first.pieces if p.evidence or p.entity] == [
        ("Japan", (1,), ID + "state/japan"), (" protested", (1,), None)]
    assert [p.entity for p in second.pieces if p.entity] == [ID + "state/japan"]  # "Tokyo"; "security" is no name

    page = render_entity(view, SiteLinks(path="id/document/d.html"))
    assert re.search(r'<h3 class="heading"><span class="sentence silent" id="s-0"[^>]*>Tensions</span></h3>', page)
    assert '<a class="mention" href="../state/japan.html" title="Japan">Tokyo</a>' in page
    assert '<a class="ev" href="../evidence/d/22-37.html"><mark class="ev d1"> protested</mark></a>' in page
    assert 'title="Sentence 1 gave seckg:Protest: protest by Japan"' in page
    assert re.search(r'Sentence 1</a>: <a href="../protest/japan.html"[^>]*>protest by Japan</a>', page)
    assert "Sentence 2: nothing." in page
    # the text, as a reader copies it (inline markup adds no spaces)
    words = html_lib.unescape(re.sub(r"<[^>]+>", "", page))
    assert "On Monday Japan protested. Tokyo said nothing more about security." in words


def test_a_withheld_document_has_no_annotated_text():
    view = build_view(_document_store(TEXT, licence=None), ID + "document/d")
    assert view.withheld and view.annotated is None and view.text is None
    assert "Tokyo said nothing" not in render_entity(view, ServerLinks())


def _dyad_store() -> ox.Store:
    """China and Russia: a partnership at a ranked level, and a rivalry; a statement by China."""
    a, b = ID + "state/china", ID + "state/russia"
    level = ID + "partnership-level/top"
    triples = [
        (a, SKOS + "prefLabel", ox.Literal("China", language="en")),
        (b, SKOS + "prefLabel", ox.Literal("Russia", language="en")),
        (level, SKOS + "prefLabel", ox.Literal("top partnership", language="en")),
        (level, SECKG + "ladderRank", ox.Literal("10", datatype=N("http://www.w3.org/2001/XMLSchema#integer"))),
        (SECKG + "StrategicPartnership", RDFS + "subClassOf", SECKG + "Partnership"),
        (SECKG + "Partnership", RDFS + "subClassOf", SECKG + "Relationship"),
        (SECKG + "Rivalry", RDFS + "subClassOf", SECKG + "Relationship"),
        (ID + "partnership/china--russia", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", SECKG + "StrategicPartnership"),
        (ID + "partnership/china--russia", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", SECKG + "Partnership"),
        (ID + "partnership/china--russia", SECKG + "hasParty", a),
        (ID + "partnership/china--russia", SECKG + "hasParty", b),
        (ID + "partnership/china--russia", SECKG + "partnershipLevel", level),
        (ID + "rivalry/china--russia", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", SECKG + "Rivalry"),
        (ID + "rivalry/china--russia", SECKG + "hasParty", b),
        (ID + "rivalry/china--russia", SECKG + "hasParty", a),
        (ID + "statement/s", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", SECKG + "Statement"),
        (ID + "statement/s", SECKG + "speaker", a),
        (ID + "statement/s", RDFS + "label", ox.Literal("China on china--russia: “trust”", language="en")),
    ]
    return _store(triples)


def test_a_relation_between_two_states_shows_every_relation_of_the_pair_with_its_ladder_rank():
    store = _dyad_store()
    view = build_view(store, ID + "rivalry/china--russia")
    d = view.dyad
    assert d is not None and (d.a, d.b) == (ID + "state/china", ID + "state/russia")  # the IRI's order
    assert [(r.node.rsplit("/", 2)[-2], r.cls, r.stance, r.rank) for r in d.relations] == [
        ("partnership", SECKG + "StrategicPartnership", "converge", 10), ("rivalry", SECKG + "Rivalry", "clash", None)]
    assert d.stance == "both" and d.rank == 10
    page = render_entity(view, SiteLinks(path="id/rivalry/china--russia.html"))
    assert 'id="dyad"' in page and "ladder rank 10" in page and "top partnership" in page


def test_a_state_page_summarises_its_pairs_and_groups_what_refers_to_it_by_kind():
    store = _dyad_store()
    view = build_view(store, ID + "state/china")
    assert [(d.b, d.stance, d.rank) for d in view.dyads] == [(ID + "state/russia", "both", 10)]
    assert view.node_types[ID + "statement/s"] == SECKG + "Statement"
    assert view.node_types[ID + "partnership/china--russia"] == SECKG + "StrategicPartnership"  # the narrowest
    page = render_entity(view, ServerLinks())
    assert "Relations with 1 state (1 both converging and clashing)." in page
    assert '<section id="dyads">' in page and '<details class="kind" open>' in page
    # a label made of slugs reads with the entities' labels
    assert "China on China–Russia: “trust”" in page and "china--russia:" not in page


def test_a_state_page_draws_its_neighbourhood_as_svg_with_links_and_no_script():
    store = _dyad_store()
    store.add(ox.Quad(N(ID + "rivalry/china--russia"), N(SECKG + "since"), ox.Literal("2014")))
    view = build_view(store, ID + "state/china")
    assert view.network is not None and view.network.centre == ID + "state/china"
    assert sorted((e.kind, e.stance) for e in view.network.edges) == [("partnership", "converge"), ("rivalry", "clash")]
    page = render_entity(view, SiteLinks(path="id/state/china.html"))
    figure = page[page.index('<figure class="network">'):page.index("</figure>")]
    assert ('<g class="edge clash k-rivalry" data-from="2014" data-to="2014"><a href="../rivalry/china--russia.html">'
            '<title>China – Russia: ') in figure
    assert '<input type="checkbox" class="nf-converge" checked>' in figure
    assert "<script" not in page and "style=" not in page  # the published site's CSP allows neither
    # the timeline: the dated relation, with its kind
    assert [(i.date, i.node, i.kind) for i in view.timeline] == [("2014", ID + "rivalry/china--russia", "rivalry")]
    assert '<li class="k-rivalry"><time datetime="2014">2014</time>' in page


def test_the_whole_network_joins_every_pair_of_a_relation_once():
    from seckg.web.network import network_of, render_network

    store = _dyad_store()
    net = network_of(store)
    assert net.nodes == [ID + "state/china", ID + "state/russia"] and len(net.edges) == 2
    svg = render_network(net, lambda iri: iri.rsplit("/", 1)[-1], lambda iri: None)
    assert svg.count("<path ") == 2 and svg.count("<circle ") == 2 and "<a " not in svg


def test_the_search_index_holds_labels_and_variants_and_no_markup():
    from seckg.web.search import search_entries, search_index_js

    store = _document_store(TEXT)
    store.add(ox.Quad(N(ID + "state/x"), N(SKOS + "prefLabel"), ox.Literal("</script><b>", language="en")))
    entries = {e["p"]: e for e in search_entries(store)}
    assert entries["id/state/japan"] == {"p": "id/state/japan", "l": "Japan", "k": "state", "v": ["Tokyo"],
                                         "d": [0]}  # named by a fact of document d (undated: no "y")
    assert "id/evidence/d/22-37" not in entries
    script = search_index_js(store).decode()
    assert script.startswith("window.seckgSearchDocs = [") and "\nwindow.seckgSearch = [" in script and "</script>" not in script and "\\u003c/script>" in script


def test_site_pages_carry_the_search_only_when_asked():
    view = build_view(_dyad_store(), ID + "state/china")
    assert "search.js" not in render_entity(view, SiteLinks(path="id/state/china.html"))
    page = render_entity(view, SiteLinks(path="id/state/china.html", search=True))
    assert '<script src="../../static/search-index.js" defer></script>' in page
    assert 'data-root="../../" data-ext=".html"' in page


def test_the_front_page_can_show_the_network():
    from seckg.web.network import network_of
    from seckg.web.render import render_index
    from seckg.web.views import labels_of

    store = _dyad_store()
    net = network_of(store)
    kw = dict(title="t", description="d", groups=[(SECKG + "State", [(ID + "state/china", "China")])],
              class_labels={SECKG + "State": "state"}, dumps=[], counts={"pages": 1}, endpoint=None)
    links = SiteLinks(path="index.html")
    assert 'id="network"' not in render_index(links, **kw)
    page = render_index(links, network=net, network_labels=labels_of(store, {*net.nodes, *(e.node for e in net.edges)}),
                        **kw)
    assert '<a href="id/rivalry/china--russia.html"><title>China – Russia: ' in page
    assert "<summary>state <small>(1)</small></summary>" in page


def test_a_withheld_document_says_which_sentences_gave_nothing_without_their_words():
    view = build_view(_document_store(TEXT, licence=None), ID + "document/d")
    assert view.sentence_count == 3 and view.silent == [0, 2]
    page = render_entity(view, ServerLinks())
    assert "Of its 3 sentences, 1 gave facts; sentences 0, 2 gave nothing." in page
    assert "Tokyo said nothing" not in page


# --- filters by document and period; search facets (issue 13) ------------------------------------

DCT = "http://purl.org/dc/terms/"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _two_documents_store() -> ox.Store:
    """Three relations of China from two documents: a partnership with Russia stated in report A
    (2014), a rivalry with Russia and a dispute with Japan (dated 2012 itself) stated in review B
    (2021)."""
    china, russia, japan = ID + "state/china", ID + "state/russia", ID + "state/japan"
    store = _store([
        (china, SKOS + "prefLabel", ox.Literal("China", language="en")),
        (russia, SKOS + "prefLabel", ox.Literal("Russia", language="en")),
        (japan, SKOS + "prefLabel", ox.Literal("Japan", language="en")),
        (ID + "document/a", DCT + "title", ox.Literal("Report A", language="en")),
        (ID + "document/a", DCT + "issued", ox.Literal("2014-03-01", datatype=N("http://www.w3.org/2001/XMLSchema#date"))),
        (ID + "document/a", TYPE, SECKG + "Document"),
        (ID + "document/b", DCT + "title", ox.Literal("Review B", language="en")),
        (ID + "document/b", DCT + "issued", ox.Literal("2021", datatype=N("http://www.w3.org/2001/XMLSchema#gYear"))),
        (ID + "document/b", TYPE, SECKG + "Document"),
        (SECKG + "Partnership", RDFS + "subClassOf", SECKG + "Relationship"),
        (SECKG + "Rivalry", RDFS + "subClassOf", SECKG + "Relationship"),
    ])
    facts = [
        ("a/0-40", ID + "partnership/china--russia", "Partnership", [china, russia], None),
        ("b/0-30", ID + "rivalry/china--russia", "Rivalry", [china, russia], None),
        ("b/50-90", ID + "dispute/china--japan", "Dispute", [china, japan], "2012-09"),
    ]
    for graph, node, cls, parties, date in facts:
        g = N(ID + "evidence/" + graph)
        store.add(ox.Quad(N(node), N(TYPE), N(SECKG + cls), g))
        store.add(ox.Quad(N(node), N(RDFS + "label"), ox.Literal(f"{cls} of {len(parties)}", language="en"), g))
        for p in parties:
            store.add(ox.Quad(N(node), N(SECKG + "hasParty"), N(p), g))
        if date:
            store.add(ox.Quad(N(node), N(SECKG + "date"), ox.Literal(date), g))
    return store


def test_network_edges_carry_their_documents_and_period():
    from seckg.web.network import network_of, render_network

    store = _two_documents_store()
    network = network_of(store)
    found = {e.node.rsplit("/", 2)[-2]: (e.docs, e.period) for e in network.edges}
    assert found == {"partnership": ((ID + "document/a",), (2014, 2014)),
                     "rivalry": ((ID + "document/b",), (2021, 2021)),
                     "dispute": ((ID + "document/b",), (2012, 2012))}  # its own date, not its document's
    assert network.documents == {ID + "document/a": "Report A", ID + "document/b": "Review B"}
    html = render_network(network, lambda i: i.rsplit("/", 1)[-1], lambda i: None)
    assert 'data-docs="document/b" data-from="2012" data-to="2012"' in html
    assert '<div class="filters more" hidden>' in html  # shown by static/network.js
    assert '<option value="document/a" title="Report A">Report A</option>' in html
    assert "<option>2012</option>" in html and "<option>2021</option>" in html
    # a state's page: its neighbourhood has the same filters
    page = render_entity(build_view(store, ID + "state/china"), SiteLinks(path="id/state/china.html", search=True))
    assert 'class="nf-doc"' in page and 'src="../../static/network.js"' in page


def test_search_index_has_facets_by_type_document_and_period():
    import json

    from seckg.web.search import search_index_js

    text = search_index_js(_two_documents_store()).decode()
    docs_line, entries_line = text.splitlines()
    docs = json.loads(docs_line.removeprefix("window.seckgSearchDocs = ").removesuffix(";"))
    entries = {e["p"]: e for e in json.loads(entries_line.removeprefix("window.seckgSearch = ").removesuffix(";"))}
    assert docs == [{"p": "id/document/a", "l": "Report A", "y": 2014}, {"p": "id/document/b", "l": "Review B", "y": 2021}]
    assert entries["id/state/china"]["d"] == [0, 1] and entries["id/state/china"]["y"] == [2014, 2021]
    assert entries["id/state/japan"]["d"] == [1] and entries["id/state/japan"]["y"] == [2021, 2021]
    assert entries["id/dispute/china--japan"]["y"] == [2012, 2012] and entries["id/dispute/china--japan"]["k"] == "dispute"
