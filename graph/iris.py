"""The IRI policy (DESIGN.md, "IRIs"): one configurable base; instances at
``<base>id/<kind>/<slug>``, the slug made deterministically from the normalised preferred label;
evidence at ``<base>id/evidence/<doc-id>/<start>-<end>`` (code-point offsets)."""

from __future__ import annotations

from rdflib import URIRef

from seckg.iribase import BASE, ID
from seckg.ontology.lexicon_build import slugify

__all__ = ["BASE", "ID", "slugify", "entity_iri", "pair_iri", "evidence_iri", "document_iri"]

# BASE: the base of every IRI seckg mints; set SECKG_BASE to publish under another one.


def entity_iri(kind: str, label: str) -> str:
    """``id/<kind>/<slug>`` of an entity with this preferred label."""
    return f"{ID}{kind}/{slugify(label)}"


def pair_iri(kind: str, *iris: str) -> str:
    """A relation between entities: their slugs sorted and joined by ``--``
    (``partnership/china--russia``), so both directions name one node."""
    slugs = sorted({iri.rstrip("/").rsplit("/", 1)[-1] for iri in iris})
    return f"{ID}{kind}/{'--'.join(slugs)}"


def evidence_iri(doc_id: str, start: int, end: int) -> URIRef:
    return URIRef(f"{ID}evidence/{doc_id}/{start}-{end}")


def document_iri(doc_id: str) -> URIRef:
    return URIRef(f"{ID}document/{doc_id}")
