"""From an :class:`~seckg.graph.pipeline.Extraction` to RDF quads (DESIGN.md, "Provenance").

- The facts one span of text supports live in one named graph whose IRI is the evidence IRI
  ``id/evidence/<doc-id>/<start>-<end>``.
- The default graph holds the document, the extraction activity, the rules and annotations,
  and the evidence nodes: a W3C Web Annotation with a ``TextQuoteSelector`` (exact, prefix,
  suffix) and a ``TextPositionSelector`` (start, end), the rule or annotation that produced it,
  the citations its sentence gives, and who asserts it; and ``<fact> seckg:hasEvidence <evidence>``
  for every fact node.

Nodes get IRIs, never blank nodes, so that building twice gives the same (isomorphic, and
even identical) dataset.
"""

from __future__ import annotations

from collections import defaultdict
from hashlib import sha256

from rdflib import DCTERMS, PROV, RDF, RDFS, XSD, Dataset, Literal, Namespace, URIRef
from rdflib.term import Node

from seckg import __version__

from .facts import SECKG, Fact, date_literal
from .genre import PUBLISHER_GENRES, document_genre, genre_class, publisher_name
from .iris import ID, document_iri, entity_iri, evidence_iri, slugify
from .model import Span
from .pipeline import Extraction

OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")

__all__ = ["extraction_quads", "OA", "SCHEMA", "GRAPH_ONTOLOGY", "GRAPH_REFERENCE", "GRAPH_INFERRED"]

GRAPH_ONTOLOGY = URIRef("https://w3id.org/seckg/graph/ontology")
GRAPH_REFERENCE = URIRef("https://w3id.org/seckg/graph/reference")
GRAPH_INFERRED = URIRef("https://w3id.org/seckg/graph/inferred")

Quad = tuple[Node, Node, Node, URIRef | None]
_CONTEXT = 32  # characters of prefix and suffix in a TextQuoteSelector


def extraction_quads(ex: Extraction) -> list[Quad]:
    """Every quad of one document: its description, its evidence and the facts."""
    doc = ex.document
    d = document_iri(doc.id)
    out: list[Quad] = []

    def add(s: Node, p: Node, o: Node, g: URIRef | None = None) -> None:
        out.append((s, p, o, g))

    # -- the document -------------------------------------------------------------------
    meta = doc.meta
    genre = document_genre(doc)
    add(d, RDF.type, SECKG[genre_class(genre)])
    add(d, RDFS.label, Literal(str(meta.get("title") or doc.id), lang="en"))
    if meta.get("title"):
        add(d, DCTERMS.title, Literal(str(meta["title"]), lang="en"))
    if meta.get("section"):
        add(d, SECKG.section, Literal(str(meta["section"]), lang="en"))
    authors = [URIRef(entity_iri("person", str(a))) for a in meta.get("authors") or []]  # type: ignore[union-attr]
    for a, name in zip(authors, meta.get("authors") or [], strict=True):  # type: ignore[arg-type]
        add(d, DCTERMS.creator, a)
        add(a, RDF.type, SECKG.Person)
        add(a, RDFS.label, Literal(str(name), lang="en"))
    # who asserts the unquoted words: the authors, else the publisher of a press release, a
    # white paper, a transcript ... (graph/genre.py), else nobody is named
    asserters = authors
    publisher = publisher_name(doc)
    if publisher and genre != "scholarly-article":  # an article's publisher is its journal's
        p = URIRef(entity_iri("organisation", publisher))
        add(d, SECKG.issuedBy, p)
        add(p, RDF.type, SECKG.Organisation)
        add(p, RDFS.label, Literal(publisher, lang="en"))
        if not authors and genre in PUBLISHER_GENRES:
            asserters = [p]
    if meta.get("journal"):
        add(d, SCHEMA.isPartOf, Literal(str(meta["journal"]), lang="en"))
    if meta.get("published_online"):
        add(d, DCTERMS.issued, date_literal(str(meta["published_online"])))
    if meta.get("doi"):
        add(d, SECKG.doi, Literal(str(meta["doi"])))
    if meta.get("licence"):
        add(d, DCTERMS.rights, Literal(" ".join(str(meta["licence"]).split()), lang="en"))
    # the licence itself, as an IRI (licence_url: in the metadata): exports keep the full text
    # only of documents whose licence allows redistribution (graph/export.py, OPEN_LICENCES)
    licence_url = str(meta.get("licence_url") or meta.get("license_url") or "")
    if licence_url.startswith(("https://", "http://")):
        add(d, DCTERMS.license, URIRef(licence_url))
    add(d, DCTERMS.language, Literal(str(meta.get("language") or "en"), datatype=XSD.language))
    add(d, DCTERMS.identifier, Literal(doc.id))
    add(d, SECKG.text, Literal(doc.text))
    add(d, SECKG.textSha256, Literal(sha256(doc.text.encode("utf-8")).hexdigest()))

    # -- the activity, rules and annotations ----------------------------------------------
    activity = URIRef(f"{ID}activity/extraction/{doc.id}")
    add(activity, RDF.type, SECKG.ExtractionActivity)
    add(activity, RDFS.label, Literal(f"extraction of {doc.id} by seckg {__version__}", lang="en"))
    add(activity, SECKG.softwareVersion, Literal(__version__))
    add(activity, PROV.used, d)

    # -- evidence and facts ------------------------------------------------------------
    by_span: dict[Span, list[Fact]] = defaultdict(list)
    for f in ex.facts:
        by_span[f.span].append(f)
    sentence_citations: dict[int, list[URIRef]] = defaultdict(list)
    for f in ex.facts:
        if f.kind == "citation":
            s = ex.segmentation.sentence_at(f.span.start)
            if s is not None:
                sentence_citations[s.index].append(f.node)
    plans: set[str] = set()
    for span in sorted(by_span):
        facts = by_span[span]
        ev = evidence_iri(doc.id, span.start, span.end)
        exact = doc.text[span.start : span.end]
        target = URIRef(f"{ev}#target")
        quote_sel = URIRef(f"{ev}#quote")
        pos_sel = URIRef(f"{ev}#position")
        add(ev, RDF.type, SECKG.Evidence)
        add(ev, RDFS.label, Literal(_short(exact), lang="en"))
        add(ev, OA.hasTarget, target)
        add(target, RDF.type, OA.SpecificResource)
        add(target, OA.hasSource, d)
        add(target, OA.hasSelector, quote_sel)
        add(target, OA.hasSelector, pos_sel)
        add(quote_sel, RDF.type, OA.TextQuoteSelector)
        add(quote_sel, OA.exact, Literal(exact))
        add(quote_sel, OA.prefix, Literal(doc.text[max(0, span.start - _CONTEXT) : span.start]))
        add(quote_sel, OA.suffix, Literal(doc.text[span.end : span.end + _CONTEXT]))
        add(pos_sel, RDF.type, OA.TextPositionSelector)
        add(pos_sel, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger))
        add(pos_sel, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger))
        add(ev, PROV.wasGeneratedBy, activity)
        for a in asserters:
            add(ev, PROV.wasAttributedTo, a)
        sentence = ex.segmentation.sentence_at(span.start)
        if sentence is not None:
            add(ev, SECKG.sentenceIndex, Literal(sentence.index, datatype=XSD.nonNegativeInteger))
            for c in sentence_citations.get(sentence.index, []):
                if not any(f.kind == "citation" and f.node == c for f in facts):
                    add(ev, SECKG.hasCitation, c)
        for f in facts:
            plan = _plan_iri(f)
            add(ev, SECKG.producedBy, plan)
            if str(plan) not in plans:
                plans.add(str(plan))
                cls = SECKG.CuratedAnnotation if f.curated else SECKG.ExtractionRule
                add(plan, RDF.type, cls)
                add(plan, RDFS.label, Literal(f.rule, lang="en"))
                add(plan, SECKG.ruleId, Literal(f.rule))
                add(activity, SECKG.usedRule, plan)
            add(f.node, SECKG.hasEvidence, ev)
            for s, p, o in f.triples:
                add(s, p, o, ev)
                if p == RDF.type and s != f.node:  # a node the fact makes (an occasion, an office)
                    add(s, SECKG.hasEvidence, ev)
    return _dedupe(out)


def _plan_iri(f: Fact) -> URIRef:
    if f.curated:
        return URIRef(f"{ID}annotation/{f.rule.split(':', 1)[1]}")
    return URIRef(f"{ID}rule/{slugify(f.rule)}")


def _short(s: str, n: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _dedupe(quads: list[Quad]) -> list[Quad]:
    seen: set[Quad] = set()
    out = []
    for q in quads:
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out


def to_dataset(quads: list[Quad], into: Dataset | None = None) -> Dataset:
    ds = into if into is not None else Dataset()
    for s, p, o, g in quads:
        (ds.default_graph if g is None else ds.graph(g)).add((s, p, o))
    return ds
