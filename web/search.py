"""Search: a type-ahead over every entity's labels and variants (``skos:prefLabel``,
``rdfs:label``, ``skos:altLabel``, ``skos:hiddenLabel``), with facets by type, document and
period, run in the reader's browser by ``web/static/search.js`` over an index written as a script
(``search-index.js``, which sets ``window.seckgSearch`` and ``window.seckgSearchDocs``), so that
it works from ``file://`` as well as over HTTP, with no request but for the two scripts of the
site itself. An entity's documents are those whose facts name it, its period the years of its
own dates, else of those documents (:class:`~seckg.web.network.Sources`).

``seckg serve`` serves the index at ``/static/search-index.js`` (made from its store) and shows
the search box on every page. A published site shows it when it was written with the two
scripts and a Content-Security-Policy that allows the site's own scripts (``script-src 'self'``;
:class:`~seckg.web.render.SiteLinks` ``search=True``).
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from seckg.graph.iris import ID

from .network import Sources

__all__ = ["search_entries", "search_documents", "search_index_js"]

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_PREDICATES = {_SKOS + "prefLabel": 0, "http://www.w3.org/2000/01/rdf-schema#label": 1,
               _SKOS + "altLabel": 2, _SKOS + "hiddenLabel": 3}
#: kinds of IRI that are no entity a reader looks for
_LEFT_OUT = {"evidence", "annotation", "rule", "activity"}


def search_documents(store: ox.Store, sources: Sources | None = None) -> list[dict[str, object]]:
    """The documents of the facets, by title: ``p`` the path, ``l`` the title, ``y`` the year of
    publication (or null); an entry's ``d`` holds indices into this list."""
    sources = sources or Sources(store)
    docs = {d for found in sources.mentioned_in().values() for d in found}
    out = [{"p": "id/" + d[len(ID):], "l": sources.title(d), "y": sources.document_year(d)} for d in docs]
    out.sort(key=lambda e: (str(e["l"]).casefold(), str(e["p"])))
    return out


def search_entries(store: ox.Store, sources: Sources | None = None,
                   documents: list[dict[str, object]] | None = None) -> list[dict[str, object]]:
    """One entry per entity: ``p`` its path below the base (``id/state/china``), ``l`` its label,
    ``k`` its kind (``state``), ``v`` its other names, ``d`` the indices of its documents in
    ``documents`` (:func:`search_documents`), ``y`` its period ``[first, last]`` (years) when it
    has one; by label."""
    sources = sources or Sources(store)
    documents = search_documents(store, sources) if documents is None else documents
    index = {ID + str(d["p"])[3:]: i for i, d in enumerate(documents)}
    mentioned = sources.mentioned_in()
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
        entry: dict[str, object] = {"p": f"id/{rest}", "l": label, "k": rest.split("/", 1)[0], "v": variants}
        docs = sorted(mentioned.get(iri, ()))
        entry["d"] = sorted(index[d] for d in docs if d in index)
        period = sources.period(iri, docs)
        if period is not None:
            entry["y"] = list(period)
        entries.append(entry)
    entries.sort(key=lambda e: (str(e["l"]).casefold(), str(e["p"])))
    return entries


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def search_index_js(store: ox.Store) -> bytes:
    """The index as a script (JSON inside, ``<`` escaped so no text can close a tag)."""
    sources = Sources(store)
    documents = search_documents(store, sources)
    entries = search_entries(store, sources, documents)
    return f"window.seckgSearchDocs = {_json(documents)};\nwindow.seckgSearch = {_json(entries)};\n".encode()
