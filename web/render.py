"""HTML for people: the pages of IRIs (from a :class:`~seckg.web.views.View`), a document's text
sentence by sentence, the site's index and the query page, from the Jinja templates in
``web/templates`` (autoescaped: every label and quote is text, never markup).

Where links go is the caller's business, through a :class:`Links`: ``seckg serve`` links to its
own routes (``/id/...``, negotiated), ``seckg publish`` to the ``.html`` files of the static site
by relative paths, so the site works from any host, any base path and from ``file://``.
"""

from __future__ import annotations

import posixpath
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import jinja2
import pyoxigraph as ox
from markupsafe import Markup

from seckg import __version__
from seckg.graph.iris import ID
from seckg.graph.store import PREFIXES

from .annotate import AnnotatedSentence, AnnotatedText
from .dyad import Dyad
from .network import Network, TimelineItem, render_network
from .views import SECKG_NS, Relation, View

__all__ = ["Links", "SiteLinks", "ServerLinks", "render_entity", "render_index", "render_query_page", "render_view_page",
           "document_paragraphs", "short_iri", "ONTOLOGY_IRI"]

ONTOLOGY_IRI = SECKG_NS.rstrip("#")
_FORMAT_NAMES = {"text/turtle": "Turtle", "application/ld+json": "JSON-LD", "application/n-triples": "N-Triples"}
_PREFIXES = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def short_iri(iri: str) -> str:
    """``seckg:State`` for ``https://w3id.org/seckg/ontology#State`` (the prefixes of the dumps)."""
    for prefix, ns in _PREFIXES:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


@dataclass
class Links(ABC):
    """Where the links of one page go (:class:`SiteLinks` for a published site,
    :class:`ServerLinks` for ``seckg serve``). ``anchors`` maps ontology terms to their place in
    the ontology's documentation (``OntologyDoc.anchors``)."""

    anchors: dict[str, str] = field(default_factory=dict)
    #: pages carry the search box and its scripts (static/search.js, static/search-index.js)
    search: bool = False
    #: what the site's pages end in (for the search's links)
    extension: str = ""

    def root(self) -> str:
        """The site's root, from this page (the search's links are made from it)."""
        return "/"

    @abstractmethod
    def href(self, iri: str) -> str | None:
        """Where a link to ``iri`` goes from this page (None: no link, the label only)."""

    @abstractmethod
    def asset(self, name: str) -> str:
        """The address of a file of ``web/static``."""

    @abstractmethod
    def page(self, name: str) -> str | None:
        """``index``, ``ontology``, ``query``, ``void``, ``dumps``: a page of the site, or None."""

    def sentence(self, document: str, index: int) -> str | None:
        href = self.href(document)
        return f"{href}#s-{index}" if href else None

    def _ontology_term(self, iri: str) -> str | None:
        if iri.startswith(SECKG_NS):
            anchor = self.anchors.get(iri)
            base = self.page("ontology")
            if base is None:
                return None
            return f"{base}#{anchor}" if anchor else base
        if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "/"):
            return self.page("ontology")
        return None

    @staticmethod
    def _external(iri: str) -> str | None:
        return iri if iri.startswith(("http://", "https://")) else None


_SITE_PAGES = {"index": "index.html", "ontology": "ontology.html", "void": "void.ttl", "dumps": "index.html#dumps"}


@dataclass
class SiteLinks(Links):
    """Relative links between the files of a published site; ``path`` is the page being written
    (``id/state/china.html``)."""

    path: str = "index.html"
    extension: str = ".html"

    def root(self) -> str:
        return self._rel("index.html")[: -len("index.html")]

    def _rel(self, target: str) -> str:
        # posixpath.relpath, without its os.getcwd() and abspath calls (a page has ~50 links)
        here = [p for p in posixpath.dirname(self.path).split("/") if p]
        there = target.split("/")
        common = 0
        while common < min(len(here), len(there) - 1) and here[common] == there[common]:
            common += 1
        return "/".join([".."] * (len(here) - common) + there[common:])

    def href(self, iri: str) -> str | None:
        if iri.startswith(ID):
            rest, _, fragment = iri[len(ID):].partition("#")
            target = self._rel(f"id/{rest}.html")
            return f"{target}#{fragment}" if fragment else target
        return self._ontology_term(iri) or self._external(iri)

    def asset(self, name: str) -> str:
        return self._rel(f"static/{name}")

    def page(self, name: str) -> str | None:
        target = _SITE_PAGES.get(name)
        return None if target is None else self._rel(target)


@dataclass
class ServerLinks(Links):
    """Absolute paths of ``seckg serve``: entity IRIs through ``/id/`` (negotiated, 303)."""

    search: bool = True

    def href(self, iri: str) -> str | None:
        if iri.startswith(ID):
            rest, _, fragment = iri[len(ID):].partition("#")
            return f"/id/{rest}#{fragment}" if fragment else f"/id/{rest}"
        return self._ontology_term(iri) or self._external(iri)

    def asset(self, name: str) -> str:
        return f"/static/{name}"

    def page(self, name: str) -> str | None:
        return {"index": "/", "query": "/", "ontology": "/ontology", "network": "/network", "editor": "/editor",
                "timeline": "/timeline"}.get(name)


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("seckg.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # the package's templates do not change under a running process
    )
    env.globals["version"] = __version__
    env.globals["short_iri"] = short_iri
    env.globals["id_base"] = ID
    return env


def _term_helpers(view: View | None, links: Links) -> dict[str, Callable[..., object]]:
    labels = dict(view.annotated.labels) if view and view.annotated else {}
    labels.update(view.labels if view else {})

    def label(iri: str) -> str:
        return labels.get(iri) or short_iri(iri)

    def kind(node: object) -> str:
        if isinstance(node, ox.NamedNode):
            return "iri"
        if isinstance(node, ox.Literal):
            return "literal"
        return "bnode"

    def datatype(lit: ox.Literal) -> str | None:
        dt = lit.datatype.value
        if lit.language or dt.endswith(("#string", "#langString")):
            return None
        return short_iri(dt)

    def grouped(relations: list[Relation]) -> list[tuple[str, list[Relation]]]:
        """One row per predicate: seckg's own first, then the others, each by label."""
        rows: dict[str, list[Relation]] = {}
        for r in relations:
            rows.setdefault(r.predicate, []).append(r)
        return sorted(rows.items(), key=lambda kv: (not kv[0].startswith(SECKG_NS), label(kv[0]).casefold(), kv[0]))

    def by_kind(relations: list[Relation]) -> list[tuple[str | None, list[Relation]]]:
        """Incoming relations by the kind of node they come from, the largest group first."""
        types = view.node_types if view else {}
        groups: dict[str | None, list[Relation]] = {}
        for r in relations:
            groups.setdefault(types.get(r.node.value) if isinstance(r.node, ox.NamedNode) else None, []).append(r)
        return sorted(groups.items(), key=lambda kv: (-len(kv[1]), label(kv[0]).casefold() if kv[0] else "~"))

    def sentence_title(sentence: AnnotatedSentence, at: AnnotatedText) -> str:
        """What a sentence gave, for its hover."""
        if not sentence.gave:
            return f"Sentence {sentence.index} gave nothing"
        facts = []
        for n in sentence.gave:
            for node, cls in at.gave(n).facts:
                facts.append(f"{label(cls)}: {label(node)}" if cls else label(node))
        return f"Sentence {sentence.index} gave " + "; ".join(dict.fromkeys(facts))

    return {"label": label, "href": links.href, "kind": kind, "datatype": datatype, "grouped": grouped,
            "format_name": _FORMAT_NAMES.get, "sentence_title": sentence_title, "by_kind": by_kind,
            "documents_of": lambda quotes: sorted({q.document for q in quotes if q.document}),
            "network_svg": lambda network, title="Network of relations": Markup(
                render_network(network, label, lambda iri: links.href(iri), title=title)),
            "by_year": _by_year, "timeline_kinds": lambda items: sorted({i.kind for i in items})}


def _by_year(items: list[TimelineItem]) -> list[tuple[str, list[TimelineItem]]]:
    years: dict[str, list[TimelineItem]] = {}
    for item in items:
        years.setdefault(item.date[:4], []).append(item)
    return list(years.items())


def document_paragraphs(text: str) -> list[list[tuple[int, str]]]:
    """The text's sentences, numbered as the extractor numbers them (``seckg:sentenceIndex``),
    grouped by paragraph."""
    from seckg.graph.segment import segment

    seg = segment(text)
    paragraphs: dict[int, list[tuple[int, str]]] = {}
    for s in seg.sentences:
        paragraphs.setdefault(s.block, []).append((s.index, text[s.span.start:s.span.end]))
    return [paragraphs[b] for b in sorted(paragraphs)]


def render_entity(view: View, links: Links, *, alternates: dict[str, str] | None = None) -> str:
    """The HTML page of one IRI. ``alternates``: media type -> href of its RDF twins."""
    env = _environment()
    return env.get_template("entity.html").render(
        view=view, links=links, alternates=alternates or {},
        title=view.label, **_term_helpers(view, links))


def render_index(links: Links, *, title: str, description: str, groups: list[tuple[str, list[tuple[str, str]]]],
                 class_labels: dict[str, str], dumps: list[tuple[str, str, int]], counts: dict[str, int],
                 endpoint: str | None, network: Network | None = None,
                 network_labels: dict[str, str] | None = None) -> str:
    """The front page of a published site: what it is, the dumps, and every entity by class
    (``groups``: class IRI -> (IRI, label) of its members); with ``network``
    (:func:`seckg.web.network.network_of`, its IRIs' labels in ``network_labels``,
    :func:`seckg.web.views.labels_of`), the picture of the states and their relations first."""
    labels = {**(network_labels or {}), **class_labels}
    helpers = _term_helpers(_Labels(labels), links)  # type: ignore[arg-type]
    return _environment().get_template("index.html").render(
        links=links, title=title, description=description, groups=groups, dumps=dumps, counts=counts,
        endpoint=endpoint, network=network, **helpers)


@dataclass
class _Labels:
    """The bits of a :class:`View` the term helpers read, for pages that are no entity's."""

    labels: dict[str, str]
    annotated: None = None
    node_types: dict[str, str] = field(default_factory=dict)


def render_view_page(links: Links, *, title: str, labels: dict[str, str], intro: str = "",
                     network: Network | None = None, timeline: list[TimelineItem] | None = None,
                     dyad: Dyad | None = None, facets: list[tuple[str, str]] | None = None) -> str:
    """A page of one of the views over the whole graph: the network, the timeline, a dyad;
    ``facets``: (href, name) of the same view narrowed (the timeline of one actor)."""
    helpers = _term_helpers(_Labels(labels), links)  # type: ignore[arg-type]
    return _environment().get_template("views.html").render(
        links=links, title=title, intro=intro, network=network, timeline=timeline, dyad=dyad,
        facets=facets or [], **helpers)


def render_editor_page(links: Links, *, example: str, vendored: bool) -> str:
    """``seckg serve``'s YASGUI page (or what to install for it)."""
    return _environment().get_template("editor.html").render(
        links=links, title="SPARQL editor", example=example, vendored=vendored)


def render_query_page(links: Links, *, example: str) -> str:
    """``seckg serve``'s page to write and run SPARQL and the stored queries."""
    return _environment().get_template("query.html").render(links=links, title="Query", example=example)
