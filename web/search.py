"""Search: a type-ahead over every entity's labels and variants (``skos:prefLabel``,
``rdfs:label``, ``skos:altLabel``, ``skos:hiddenLabel``), run in the reader's browser by
``web/static/search.js`` over an index written as a script (``search-index.js``, which sets
``window.seckgSearch``), so that it works from ``file://`` as well as over HTTP, with no request
but for the two scripts of the site itself.

``seckg serve`` serves the index at ``/static/search-index.js`` (made from its store) and shows
the search box on every page. A published site shows it when it was written with the two
scripts and a Content-Security-Policy that allows the site's own scripts (``script-src 'self'``;
:class:`~seckg.web.render.SiteLinks` ``search=True``).
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from seckg.graph.iris import ID

__all__ = ["search_entries", "search_index_js"]

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_PREDICATES = {_SKOS + "prefLabel": 0, "http://www.w3.org/2000/01/rdf-schema#label": 1,
               _SKOS + "altLabel": 2, _SKOS + "hiddenLabel": 3}
#: kinds of IRI that are no entity a reader looks for
_LEFT_OUT = {"evidence", "annotation", "rule", "activity"}


def search_entries(store: ox.Store) -> list[dict[str, object]]:
    """One entry per entity: ``p`` its path below the base (``id/state/china``), ``l`` its label,
    ``k`` its kind (``state``), ``v`` its other names; by label."""
    names: dict[str, dict[int, set[str]]] = {}
    for predicate, rank in _PREDICATES.items():
        for q in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
            s, o = q.subject, q.object
            if not (isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal)) or not s.value.startswith(ID):
                continue
            if "#" in s.value or s.value[len(ID):].split("/", 1)[0] in _LEFT_OUT:
                continue
            if rank < 2 and o.language and not o.language.startswith("en"):
                rank = 2  # a label in another language is a variant
            names.setdefault(s.value, {}).setdefault(rank, set()).add(o.value)
    entries = []
    for iri, by_rank in names.items():
        label = sorted(by_rank.get(0) or by_rank.get(1) or by_rank.get(2) or by_rank[3])[0]
        variants = sorted({v for vs in by_rank.values() for v in vs} - {label})
        rest = iri[len(ID):]
        entries.append({"p": f"id/{rest}", "l": label, "k": rest.split("/", 1)[0], "v": variants})
    entries.sort(key=lambda e: (str(e["l"]).casefold(), str(e["p"])))
    return entries


def search_index_js(store: ox.Store) -> bytes:
    """The index as a script (JSON inside, ``<`` escaped so no text can close a tag)."""
    data = json.dumps(search_entries(store), ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.seckgSearch = {data};\n".encode()
