"""The ontology's documentation page (pyLODE): one header, the ontology's own (its title in the
heading and the browser's tab, its IRI), a bar of links back to the site, and every seckg term
anchored at its IRI's fragment."""

from __future__ import annotations

import re

import pytest


@pytest.fixture(scope="module")
def doc():
    from seckg.web.ontodoc import ontology_doc

    return ontology_doc()


def test_one_header_the_ontologys_own(doc):
    html = doc.html
    assert re.search(r"<title>seckg ontology · seckg</title>", html)
    assert '<h1>seckg ontology</h1>' in html  # not the titles of every module and scheme run together
    metadata = html[html.index('id="metadata"'):html.index("</dl>", html.index('id="metadata"'))]
    assert "<code>https://w3id.org/seckg/ontology</code>" in metadata
    assert "titles of office" not in metadata


def test_a_bar_leads_back_to_the_site(doc):
    body = doc.html[doc.html.index("<body"):]
    nav = body[:body.index("</nav>")]
    assert '<a href="index.html">seckg</a>' in nav and 'href="ontology.ttl"' in nav


def test_seckg_terms_are_anchored_at_their_fragment(doc):
    from seckg.ontology import NS

    own = {iri: anchor for iri, anchor in doc.anchors.items() if iri.startswith(str(NS))}
    assert len(own) > 100
    assert all(anchor == iri[len(str(NS)):] for iri, anchor in own.items())
    assert 'id="City"' in doc.html and 'id="Person"' in doc.html
