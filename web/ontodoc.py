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
from dataclasses import dataclass
from html.parser import HTMLParser

from rdflib import Graph

__all__ = ["OntologyDoc", "ontology_doc", "read_anchors"]


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
    """``html`` with each term of ``namespace`` anchored at its IRI's fragment (when that id is
    free), and the anchors after the change."""
    taken = set(re.findall(r'\bid="([^"]+)"', html))
    renames: dict[str, str] = {}
    for iri, anchor in anchors.items():
        fragment = iri[len(namespace):] if iri.startswith(namespace) else None
        if fragment and fragment != anchor and fragment not in taken and re.fullmatch(r"[A-Za-z_][\w.-]*", fragment):
            renames[anchor] = fragment
            taken.add(fragment)
    if renames:
        html = re.sub(r'\b(id="|href="#)([^"]+)"', lambda m: f'{m.group(1)}{renames.get(m.group(2), m.group(2))}"', html)
    return html, {iri: renames.get(a, a) for iri, a in anchors.items()}


def ontology_doc(ontology: Graph | None = None) -> OntologyDoc:
    """pyLODE's documentation of ``ontology`` (default: seckg's merged ontology)."""
    from pylode import OntPub

    if ontology is None:
        from seckg.ontology import load_ontology

        ontology = load_ontology()
    # pyLODE logs at INFO on the root logger and draws a progress bar; neither belongs on our stderr
    root = logging.getLogger()
    level = root.level
    root.setLevel(max(level, logging.WARNING))
    try:
        html = OntPub(ontology=ontology).make_html()
    finally:
        root.setLevel(level)
    from seckg.ontology import NS

    html, anchors = _use_fragments(html, read_anchors(html), str(NS))
    return OntologyDoc(html=html, anchors=anchors)
