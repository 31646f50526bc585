"""The ontology's documentation: one HTML page made by pyLODE (its OntPub profile) from the
merged ontology, and where each term sits in it, so that entity pages can link a class or a
property to its definition.

pyLODE is given the ontology as a graph, never a location: it fetches nothing. It gives some
terms an anchor of their local name and others a lower-cased one (``#armstransfer`` for
``seckg:ArmsTransfer``), so the anchors are read off the HTML it made (each term's section carries
its IRI in a ``<code>``), and the sections of seckg's own terms are then given the IRI's fragment
as their id (links inside the page follow): a browser sent to ``/ontology#ArmsTransfer``, the
term's own IRI, lands on the term.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from html.parser import HTMLParser

from rdflib import DCTERMS, Graph, URIRef

__all__ = ["OntologyDoc", "ontology_doc", "read_anchors", "SITE_NAV"]


@dataclass(frozen=True)
class OntologyDoc:
    html: str
    #: term IRI -> the id of its section in ``html``
    anchors: dict[str, str]


class _Anchors(HTMLParser):
    """The id of each ``<div class="... entity" id=...>`` and the first ``<code>`` in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: dict[str, str] = {}
        self._current: str | None = None
        self._in_code = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "div" and "entity" in (values.get("class") or "").split() and values.get("id"):
            self._current = values["id"]
        elif tag == "code" and self._current is not None:
            self._in_code, self._text = True, []

    def handle_data(self, data: str) -> None:
        if self._in_code:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self._in_code:
            iri = "".join(self._text).strip()
            if self._current is not None and iri and iri not in self.anchors:
                self.anchors[iri] = self._current
            self._in_code, self._current = False, None


def read_anchors(html: str) -> dict[str, str]:
    parser = _Anchors()
    parser.feed(html)
    parser.close()
    return parser.anchors


def _use_fragments(html: str, anchors: dict[str, str], namespace: str) -> tuple[str, dict[str, str]]:
    """``html`` with each term of ``namespace`` anchored at its IRI's fragment, and the anchors
    after the change. A fragment taken by another vocabulary's term (pyLODE anchors
    ``schema:City`` at ``#City`` and ``seckg:City`` at ``#City1``, or the other way round, as
    its input happens to be ordered) is swapped with it: seckg's own terms win."""
    taken = set(re.findall(r'\bid="([^"]+)"', html))
    owner = {anchor: iri for iri, anchor in anchors.items()}
    renames: dict[str, str] = {}
    for iri, anchor in anchors.items():
        fragment = iri[len(namespace):] if iri.startswith(namespace) else None
        if not fragment or fragment == anchor or not re.fullmatch(r"[A-Za-z_][\w.-]*", fragment):
            continue
        if fragment not in taken:
            renames[anchor] = fragment
            taken.add(fragment)
        elif fragment in owner and not owner[fragment].startswith(namespace) and fragment not in renames \
                and anchor not in renames:
            renames[anchor], renames[fragment] = fragment, anchor  # swap with the other vocabulary's term
    if renames:
        html = re.sub(r'\b(id="|href="#)([^"]+)"', lambda m: f'{m.group(1)}{renames.get(m.group(2), m.group(2))}"', html)
    return html, {iri: renames.get(a, a) for iri, a in anchors.items()}


def _one_header(ontology: Graph, main: str) -> Graph:
    """A copy of ``ontology`` in which only ``main`` is an ontology: pyLODE merges the metadata
    of every ``owl:Ontology`` and ``skos:ConceptScheme`` of its input into one header (all the
    modules' and schemes' titles run together in the heading, the IRI shown is the last scheme's,
    the browser's tab reads "titles of office"). The modules and schemes stay documented in
    the Turtle; their terms stay on this page."""
    from rdflib import OWL, RDF, SKOS, URIRef

    copy = Graph()
    for prefix, namespace in ontology.namespaces():
        copy.bind(prefix, namespace, override=True)
    headers = {s for cls in (OWL.Ontology, SKOS.ConceptScheme) for s in ontology.subjects(RDF.type, cls)}
    headers.discard(URIRef(main))
    for t in ontology:
        if t[0] in headers and t[1] == RDF.type and t[2] in (OWL.Ontology, SKOS.ConceptScheme):
            continue
        copy.add(t)
    return copy


_NAV = """<nav class="seckg-site" aria-label="seckg">
<style>nav.seckg-site{{font:15px/1.4 system-ui,sans-serif;padding:.5rem 1rem;border-bottom:1px solid #d8dce3;\
display:flex;gap:1.2rem;flex-wrap:wrap}}nav.seckg-site a{{color:#0b5cad}}nav.seckg-site b a{{color:#1d1f21;\
text-decoration:none}}</style>
<b><a href="{home}">seckg</a></b>{links}
</nav>"""


def _with_site_header(html: str, title: str, nav: dict[str, str]) -> str:
    """The page's title for the browser's tab, and a bar of links back to the site first in its
    body."""
    from html import escape

    html = re.sub(r"<title>.*?</title>", f"<title>{escape(title)} · seckg</title>", html, count=1, flags=re.S)
    home = nav.get("seckg", "index.html")
    links = "".join(f' <a href="{escape(href)}">{escape(name)}</a>' for name, href in nav.items() if name != "seckg")
    bar = _NAV.format(home=escape(home), links=links)
    m = re.search(r"<body[^>]*>", html)
    return html[:m.end()] + "\n" + bar + html[m.end():] if m else bar + html


#: the links of the bar over the page in a published site (relative: the page is ontology.html)
SITE_NAV = {"seckg": "index.html", "Data": "index.html#dumps", "Turtle": "ontology.ttl"}


_DOCS: dict[tuple[tuple[str, str], ...], OntologyDoc] = {}
_DOCS_LOCK = threading.Lock()


def ontology_doc(ontology: Graph | None = None, *, nav: dict[str, str] | None = None) -> OntologyDoc:
    """pyLODE's documentation of ``ontology`` (default: seckg's merged ontology), with one header
    (the ontology's own title and IRI) and a bar of links back to the site (``nav``: name ->
    href, ``seckg`` the home page; default :data:`SITE_NAV`, for ``seckg publish``).

    The default ontology's documentation is made once per process and ``nav`` (pyLODE takes
    about 3 s over it); a given ``ontology`` is documented afresh each time."""
    if ontology is not None:
        return _make_doc(ontology, nav)
    key = tuple((SITE_NAV if nav is None else nav).items())
    with _DOCS_LOCK:
        if key not in _DOCS:
            _DOCS[key] = _make_doc(None, nav)
        return _DOCS[key]


def _make_doc(ontology: Graph | None, nav: dict[str, str] | None) -> OntologyDoc:
    from pylode import OntPub

    from seckg.ontology import NS

    main = str(NS).rstrip("#/")
    if ontology is None:
        from seckg.ontology import load_ontology

        ontology = load_ontology()
    ontology = _one_header(ontology, main)
    # pyLODE logs at INFO on the root logger and draws a progress bar; neither belongs on our stderr
    root = logging.getLogger()
    level = root.level
    root.setLevel(max(level, logging.WARNING))
    try:
        html = OntPub(ontology=ontology).make_html()
    finally:
        root.setLevel(level)
    title = next((str(o) for o in ontology.objects(URIRef(main), DCTERMS.title)), "seckg ontology")
    html = _with_site_header(html, title, SITE_NAV if nav is None else nav)
    html, anchors = _use_fragments(html, read_anchors(html), str(NS))
    return OntologyDoc(html=html, anchors=anchors)
