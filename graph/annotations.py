"""Curated annotations: facts that rules cannot read, kept beside the text
(``corpus/<doc>.annotations.yaml``), each anchored by an exact quote of the text.

Format: a list of mappings::

    - id: csto-non-member               # unique in the file; appears in the provenance
      quote: "not a member of the Collective Security Treaty Organisation"
      occurrence: 1                     # which occurrence, when the quote occurs more than once
      kind: membership                  # a kind of fact (the same builders as the rules)
      slots: {member: China, organisation: Collective Security Treaty Organisation}
      set: {negated: true}              # constants, as in the rules
      texts: {}                         # word slots, as in the rules
      note: why a rule cannot read it

Slot values are labels of the lexicon (one or a list), dates ("2018", "2013-09"), integers, or
``@authors``: the authors of the document (its metadata), for the article's own analysis.
The build refuses an annotation whose quote is not in the text, is ambiguous, or names an
unknown entity, with the file and line of the annotation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from seckg.errors import AnnotationError, InputError
from seckg.safeyaml import SafeLoader, load_yaml

from .facts import BUILDERS, Fact, build_fact
from .iris import entity_iri
from .lexicon import Lexicon
from .model import DateRef, Document, Mention, Span
from .tagging import Tag

__all__ = ["apply_annotations", "annotations_path", "load_annotations"]

_DATE = __import__("re").compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


class _LineLoader(SafeLoader):
    """The safe loader that refuses anchors and aliases, with each mapping's line kept."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def annotations_path(text_path: Path) -> Path:
    return Path(text_path).with_suffix(".annotations.yaml")


def load_annotations(path: Path) -> list[dict[str, Any]]:
    try:
        data = load_yaml(Path(path), loader=_LineLoader, with_column=False)
    except InputError as e:
        raise AnnotationError(e.message) from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise AnnotationError("annotations must be a list of mappings", source=str(path), line=1)
    return data


def apply_annotations(path: Path, doc: Document, lexicon: Lexicon, labels: dict[str, str]) -> list[Fact]:
    """The facts of a document's curated annotations, anchored in its text."""
    facts: list[Fact] = []
    seen: set[str] = set()
    for item in load_annotations(path):
        line = item.get("__line__")
        where = {"source": str(path), "line": line}
        aid = item.get("id")
        if not aid or not isinstance(aid, str):
            raise AnnotationError("an annotation needs an id", **where)
        if aid in seen:
            raise AnnotationError(f"duplicate annotation id {aid!r}", **where)
        seen.add(aid)
        kind = item.get("kind")
        if kind not in BUILDERS:
            raise AnnotationError(f"{aid}: unknown kind {kind!r}; one of {', '.join(sorted(BUILDERS))}", **where)
        quote = item.get("quote")
        if not quote or not isinstance(quote, str):
            raise AnnotationError(f"{aid}: an annotation needs a quote", **where)
        span = _anchor(doc.text, quote, item.get("occurrence"), aid, where)
        slots: dict[str, list[Tag]] = {}
        for name, value in (item.get("slots") or {}).items():
            values = value if isinstance(value, list) else [value]
            slots[name] = [_tag(v, i, span, lexicon, aid, where, doc) for i, v in enumerate(values)]
        built = build_fact(kind, slots, labels, dict(item.get("set") or {}),
                           {k: str(v) for k, v in (item.get("texts") or {}).items()})
        if not built:
            raise AnnotationError(f"{aid}: the slots given do not make a {kind} fact", **where)
        for node, triples in built:
            facts.append(Fact(kind, node, triples, span, f"annotation:{doc.id}/{aid}", curated=True))
    return facts


def _anchor(text: str, quote: str, occurrence: Any, aid: str, where: dict[str, Any]) -> Span:
    starts = []
    pos = text.find(quote)
    while pos != -1:
        starts.append(pos)
        pos = text.find(quote, pos + 1)
    if not starts:
        raise AnnotationError(f"{aid}: quote not found in the text: {quote[:60]!r}", **where)
    if occurrence is None:
        if len(starts) > 1:
            raise AnnotationError(
                f"{aid}: quote is ambiguous ({len(starts)} occurrences); add 'occurrence: N'", **where)
        k = 0
    else:
        if not isinstance(occurrence, int) or not 1 <= occurrence <= len(starts):
            raise AnnotationError(f"{aid}: occurrence must be 1..{len(starts)}", **where)
        k = occurrence - 1
    return Span(starts[k], starts[k] + len(quote))


def _tag(value: Any, i: int, span: Span, lexicon: Lexicon, aid: str, where: dict[str, Any],
         doc: Document) -> Tag:
    if value == "@authors":
        authors = [str(a) for a in doc.meta.get("authors") or []]  # type: ignore[union-attr]
        if not authors:
            raise AnnotationError(f"{aid}: @authors, but the document's metadata names no authors", **where)
        iris = tuple(entity_iri("person", a) for a in authors)
        return Tag(i, "pair", span, Mention(span, "|".join(iris), "pair", " and ".join(authors),
                                            via="annotation", members=iris))
    if isinstance(value, bool):
        raise AnnotationError(f"{aid}: a slot value cannot be true/false; use 'set'", **where)
    if isinstance(value, int):
        return Tag(i, "num", span, value)
    value = str(value)
    if _DATE.fullmatch(value):
        return Tag(i, "date", span, DateRef(span, value))
    entries = lexicon.lookup(value)
    if not entries:
        raise AnnotationError(f"{aid}: {value!r} is not a label in the lexicon", **where)
    entries.sort(key=lambda e: (e.via != "label",))
    e = entries[0]
    return Tag(i, e.kind, span, Mention(span, e.iri, e.kind, e.label, via="annotation"))
