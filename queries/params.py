"""Parameters: values as users type them, parsed by their declared type into RDF terms that the
engine binds. An entity parameter takes a label ("Japan", "Tokyo", "Xi") resolved through the
lexicon held by the target, and says so when the label is ambiguous."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable

import pyoxigraph as ox

from seckg.errors import InputError, UsageError
from seckg.iribase import ID, rebase_text

from .catalogue import Param, StoredQuery
from .engine import StoreTarget, Target, Term

__all__ = ["bind_params", "parse_value", "resolve_entity"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_ID = ID

_NAMES = """
  { ?entity skos:prefLabel|rdfs:label|skos:altLabel|skos:hiddenLabel ?l . BIND("label" AS ?via) }
  UNION { ?entity seckg:demonym ?l . BIND("demonym" AS ?via) }
  UNION { ?entity seckg:capital ?city . ?city skos:prefLabel|rdfs:label|skos:altLabel ?l . BIND("capital" AS ?via) }
"""
_PREFIXES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX seckg: <https://w3id.org/seckg/ontology#>
"""
#: one label, compared without case (a remote endpoint: each look-up is a query)
_RESOLVE = rebase_text(_PREFIXES + """SELECT DISTINCT ?entity ?via WHERE {""" + _NAMES + """
  FILTER(LCASE(STR(?l)) = LCASE(STR(?label)))
  FILTER(STRSTARTS(STR(?entity), "https://w3id.org/seckg/id/"))
}
""")
#: every name at once (the embedded store or files: indexed once per target, see _name_index)
_ALL_NAMES = rebase_text(_PREFIXES + """SELECT DISTINCT ?entity ?via ?l WHERE {""" + _NAMES + """
  FILTER(STRSTARTS(STR(?entity), "https://w3id.org/seckg/id/"))
}
""")
_ALL_LABELS = rebase_text("""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?entity ?l WHERE {
  ?entity skos:prefLabel|rdfs:label|skos:altLabel ?l
  FILTER(STRSTARTS(STR(?entity), "https://w3id.org/seckg/id/"))
}
""")
_LABEL = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?l WHERE { ?entity skos:prefLabel|rdfs:label ?l } ORDER BY ?l LIMIT 1
"""


#: IRIs of provenance and fact nodes carry labels too (an evidence's label is its words)
_NOT_ENTITIES = {"evidence", "citation", "activity", "rule", "annotation", "statement", "assessment",
                 "characterisation", "tenure", "deployment", "core-interest-declaration", "trade-ranking"}


def _kind(iri: str) -> str:
    kind = iri[len(_ID):].split("/", 1)[0] if iri.startswith(_ID) else ""
    return {"government": "state", "armed-force": "organisation", "agency": "organisation",
            "grouping": "organisation", "party": "organisation", "news-organisation": "organisation"}.get(kind, kind)


def resolve_entity(label: str, kinds: tuple[str, ...], target: Target, name: str) -> ox.NamedNode:
    """The one entity a label names (among ``kinds``), or a clear error."""
    found: dict[str, str] = {}
    for iri, via in _named(label, target):
        if iri.startswith(f"{_ID}government/"):
            iri = iri.replace("/government/", "/state/")
        if _kind(iri) in _NOT_ENTITIES or (kinds and _kind(iri) not in kinds):
            continue
        if iri not in found or via == "label":
            found[iri] = via
    direct = sorted(i for i, v in found.items() if v == "label")
    candidates = direct or sorted(found)
    if not candidates:
        where = f" among {', '.join(kinds)}" if kinds else ""
        hint = _did_you_mean(label, _labels(kinds, target))
        raise InputError(f"parameter {name}: no entity labelled {label!r}{where}{hint}")
    if len(candidates) > 1:
        names = ", ".join(f"{c.removeprefix(_ID)}" for c in candidates[:6])
        raise InputError(f"parameter {name}: {label!r} is ambiguous ({names}); give the IRI or a fuller label")
    return ox.NamedNode(candidates[0])


#: look-ups a store target answers by query before it reads every name into a dictionary: at
#: 100k quads one look-up by query takes about 50 ms and reading every name about 90 ms, so a
#: command that resolves one label asks the query, and a second look-up reads the names
_ASK_BEFORE_INDEX = 1


def _named(label: str, target: Target) -> list[tuple[str, str]]:
    """The entities (IRI, and how: ``label``, ``demonym``, ``capital``) that a name names, without
    regard to case. A store target that has been asked ``_ASK_BEFORE_INDEX`` times reads every
    name once into a dictionary kept with the target, and each look-up is then one dictionary
    access where the query compares every label in the store (at 100k quads: 0.02 ms against
    50 ms). Reading the names costs about as much as 2 queries, so a command that resolves one
    label still asks the query, and a long-lived target (``seckg serve``, the library) pays for
    the index once, at its second look-up. A target holds one state of its store: the
    embedded store is opened read-only, and ``seckg serve`` opens a new target after a build. A
    remote endpoint is asked each time."""
    if isinstance(target, StoreTarget):
        asked = int(target.cache.get("asked", 0))  # type: ignore[call-overload]
        if "names" in target.cache or asked >= _ASK_BEFORE_INDEX:
            return _name_index(target).get(label.lower(), [])
        target.cache["asked"] = asked + 1
    rows = target.execute(_RESOLVE, {"label": ox.Literal(label)}, source="<label lookup>").rows
    return [(r["entity"].value, r["via"].value) for r in rows]  # type: ignore[union-attr]


def _name_index(target: StoreTarget) -> dict[str, list[tuple[str, str]]]:
    index = target.cache.get("names")
    if index is None:
        index = {}
        for r in target.execute(_ALL_NAMES, source="<label lookup>").rows:
            pair = (r["entity"].value, r["via"].value)  # type: ignore[union-attr]
            index.setdefault(r["l"].value.lower(), []).append(pair)  # type: ignore[union-attr]
        target.cache["names"] = index
    return index  # type: ignore[no-any-return]


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'X'?"`` for the closest choices (difflib), else ``""``."""
    by_lower: dict[str, str] = {}
    for c in choices:
        by_lower.setdefault(c.lower(), c)
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=3, cutoff=0.75)
    return f"; did you mean {' or '.join(repr(by_lower[c]) for c in close)}?" if close else ""


def _labels(kinds: tuple[str, ...], target: Target) -> set[str]:
    """Every label of an entity of ``kinds`` in the target (for suggestions on a miss)."""
    rows = target.execute(_ALL_LABELS, source="<labels>").rows
    return {r["l"].value for r in rows  # type: ignore[union-attr]
            if _kind(r["entity"].value) not in _NOT_ENTITIES  # type: ignore[union-attr]
            and (not kinds or _kind(r["entity"].value) in kinds)}  # type: ignore[union-attr]


def parse_value(param: Param, raw: str, target: Target) -> Term:
    """One parameter value as the term the engine binds."""
    name = param.name
    if param.type in ("iri", "entity") and re.match(r"^(https?|urn):", raw):
        try:
            return ox.NamedNode(raw)
        except ValueError as e:
            raise InputError(f"parameter {name}: not an IRI: {raw!r} ({e})") from None
    if param.type == "iri":
        raise InputError(f"parameter {name}: expected an IRI (http://..., https://...), got {raw!r}")
    if param.type == "entity":
        return resolve_entity(raw, param.kinds, target, name)
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw.strip()):
            raise InputError(f"parameter {name}: expected an integer, got {raw!r}")
        return ox.Literal(str(int(raw)), datatype=ox.NamedNode(_XSD + "integer"))
    if param.type == "year":
        if not re.fullmatch(r"\d{4}", raw.strip()):
            raise InputError(f"parameter {name}: expected a year (four digits), got {raw!r}")
        return ox.Literal(raw.strip(), datatype=ox.NamedNode(_XSD + "gYear"))
    if param.type == "date":
        try:
            value = dt.date.fromisoformat(raw.strip()).isoformat()
        except ValueError:
            raise InputError(f"parameter {name}: expected a date (YYYY-MM-DD), got {raw!r}") from None
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + "date"))
    return ox.Literal(raw)


def bind_params(query: StoredQuery, values: dict[str, str], target: Target) -> dict[str, Term]:
    """Check the values given against the query's parameters and parse them."""
    known = {p.name for p in query.params}
    for name in values:
        if name not in known:
            allowed = ", ".join(sorted(known)) or "none"
            hint = _did_you_mean(name, known)
            raise UsageError(f"{query.name} has no parameter {name!r}{hint} (parameters: {allowed})")
    bindings: dict[str, Term] = {}
    for p in query.params:
        raw = values.get(p.name, p.default)
        if raw is None:
            if p.required:
                raise UsageError(f"{query.name}: missing required parameter {p.name!r} ({p.type}); "
                                 f"give it with -p {p.name}=VALUE")
            continue
        bindings[p.name] = parse_value(p, raw, target)
    return bindings


def label_of(term: Term, target: Target) -> str | None:
    """The English label of an IRI in the target, if any."""
    if not isinstance(term, ox.NamedNode):
        return None
    result = target.execute(_LABEL, {"entity": term}, source="<label>")
    return result.rows[0]["l"].value if result.rows else None  # type: ignore[union-attr]
