"""What of the data HermiT needs: the assertions that can change its answer, derived from the
ontology's axioms (a module of the A-box, not a summary).

HermiT is asked three things (:func:`seckg.ontology.reasoner.reason`): is the ontology with the
data consistent, which classes are unsatisfiable, and what it infers about named classes,
properties and individuals (subsumptions, equivalences, the types of individuals). A data triple
``s p o`` whose property ``p`` no logical axiom mentions cannot change any of these:

* **annotation assertions** (``p`` declared ``owl:AnnotationProperty`` and nothing else, or one
  of OWL's built-in annotation properties: ``rdfs:label``, ``rdfs:comment``, ...) have no
  logical meaning in OWL 2 DL;
* **assertions of an inert property**: ``p`` is declared an object or data property but is
  mentioned by no logical axiom (no domain, range, characteristic, inverse, chain, disjointness,
  key, equivalence, class expression), and every property it is a sub-property of is inert too.
  Take any model of the ontology with the rest of the data: adding the dropped pairs to ``p`` and
  to its super-properties keeps it a model, since no axiom constrains them (the bottom
  properties are never inert). So the two are consistent together or not at all, and entail the
  same facts about everything but the inert properties; nominals (``owl:oneOf``,
  ``owl:hasValue``) change nothing in this argument, since the interpretation of the other
  terms is untouched.

What a logical axiom mentions is read from the RDF of the ontology *and* of the data (the data
may hold axioms too): every term of a triple counts as mentioned unless the triple is a
declaration, a class assertion, a property or annotation assertion (its property declared), or the
sub-property side of an ``rdfs:subPropertyOf``. This over-approximates (a term named in an axiom
annotation counts too), which only keeps more than needed.

Two things keep the answer identical, not only equivalent:

* an individual that only occurred in dropped assertions would leave HermiT's signature, and its
  type (``owl:Thing`` or whatever the ontology says of every individual) would be missing; so such
  an IRI is declared ``owl:NamedIndividual`` (HermiT never reports that as a type, so it cannot
  hide an inferred triple);
* a triple whose property is not declared at all is kept: the OWL API guesses what it is.

Then, of the individuals that only have class assertions and are named nowhere else, one per set
of classes is kept (an exact summary: :func:`_copies` says why), and the others are given its
inferred types afterwards (:meth:`Reduction.expand`).

Everything else is kept as it is: class assertions, the assertions of every other property,
``owl:sameAs``, ``owl:differentFrom``, and the data's own axioms. Property values inferred by
HermiT (``-Y``) are about any property, inert ones too: :func:`~.reasoner.reason` does not reduce
when it is asked for them, nor when ``SECKG_REASONER_FULL=1`` asks it to reason on everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.term import Node

__all__ = ["Relevance", "Reduction", "relevance", "reduce_data"]

_RDF_NS = str(RDF)
_RDFS_NS = str(RDFS)
_OWL_NS = str(OWL)
_SCHEMA_NS = (_RDF_NS, _RDFS_NS, _OWL_NS)

#: OWL 2's built-in annotation properties (OWL 2 Structural Specification, section 5.5).
BUILTIN_ANNOTATION = frozenset({RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.deprecated,
                                OWL.versionInfo, OWL.priorVersion, OWL.backwardCompatibleWith,
                                OWL.incompatibleWith})
#: ``rdf:type`` objects that declare a term without saying anything of it.
_DECLARATIONS = frozenset({OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property,
                           OWL.Class, RDFS.Class, OWL.NamedIndividual, OWL.Ontology, RDFS.Datatype})
#: Never inert: a sub-property of these makes its assertions inconsistent.
_BOTTOM = frozenset({OWL.bottomObjectProperty, OWL.bottomDataProperty})


def _schema_term(t: Node) -> bool:
    # str's own: rdflib's URIRef.startswith does not take a tuple (it answers False)
    return isinstance(t, URIRef) and str.startswith(t, _SCHEMA_NS)


@dataclass(frozen=True)
class Relevance:
    """Properties by what their assertions are to HermiT."""

    #: declared annotation properties (and no other kind) and OWL's built-in ones: dropped
    annotation: frozenset[URIRef]
    #: declared object or data properties no logical axiom mentions, nor any super-property: dropped
    inert: frozenset[URIRef]
    #: every declared object property, and every declared data property
    object_properties: frozenset[URIRef]
    data_properties: frozenset[URIRef]


def relevance(*graphs: Graph) -> Relevance:
    """Classify properties from every triple of ``graphs`` (the ontology and the data): a term is
    mentioned by a triple that is neither a declaration, nor a class, property or annotation
    assertion, nor the sub-property side of ``rdfs:subPropertyOf``."""
    declared: dict[Node, set[Node]] = {}
    for g in graphs:
        for s, _p, o in g.triples((None, RDF.type, None)):
            if o in _DECLARATIONS:
                declared.setdefault(s, set()).add(o)
    annotation = {p for p, kinds in declared.items() if kinds == {OWL.AnnotationProperty}}
    annotation |= {p for p in BUILTIN_ANNOTATION if declared.get(p, {OWL.AnnotationProperty}) ==
                   {OWL.AnnotationProperty}}
    properties = {p for p, kinds in declared.items() if kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}}
    assertions = annotation | properties
    super_of: dict[Node, set[Node]] = {}
    mentioned: set[Node] = set(_BOTTOM)
    for g in graphs:
        for s, p, o in g:
            if p in assertions:  # a property or annotation assertion (or an annotation of a term)
                continue
            if p == RDF.type:
                if o in _DECLARATIONS or not _schema_term(o):  # a declaration, a class assertion
                    continue
            elif p == RDFS.subPropertyOf:
                super_of.setdefault(s, set()).add(o)
                continue
            mentioned.update((s, p, o))
    # relevant: mentioned, or a sub-property of a relevant one (its assertions are the super's too)
    relevant = set(mentioned)
    top = {OWL.topObjectProperty, OWL.topDataProperty}  # every pair is in them: nothing to keep
    changed = True
    while changed:
        changed = False
        for sub, supers in super_of.items():
            if sub not in relevant and any(x in relevant or (_schema_term(x) and x not in top) for x in supers):
                relevant.add(sub)
                changed = True
    inert = frozenset(p for p in properties if p not in relevant and isinstance(p, URIRef) and not _schema_term(p))

    def kind(k: URIRef) -> frozenset[URIRef]:
        return frozenset(p for p, kinds in declared.items() if k in kinds and isinstance(p, URIRef))

    return Relevance(annotation=frozenset(p for p in annotation if isinstance(p, URIRef)), inert=inert,
                     object_properties=kind(OWL.ObjectProperty), data_properties=kind(OWL.DatatypeProperty))


@dataclass
class Reduction:
    """The data HermiT is given, and what was left out."""

    graph: Graph
    #: data triples in, and kept
    triples: int = 0
    kept: int = 0
    dropped_annotation: int = 0
    dropped_inert: int = 0
    #: individuals declared because only dropped triples named them
    declared: int = 0
    #: a kept individual -> the individuals left out that have exactly its class assertions and
    #: nothing else (what HermiT infers of it holds of them: :meth:`expand`)
    copies: dict[URIRef, list[URIRef]] = field(default_factory=dict)

    def expand(self, inferred: Graph) -> None:
        """Give the left-out copies of an individual the types HermiT inferred for it."""
        for rep, others in self.copies.items():
            for cls in list(inferred.objects(rep, RDF.type)):
                for x in others:
                    inferred.add((x, RDF.type, cls))


def reduce_data(ontology: Graph, data: Graph) -> Reduction:
    """The triples of ``data`` HermiT needs with ``ontology`` (see the module's docstring)."""
    rel = relevance(ontology, data)
    kept: list[tuple[Node, Node, Node]] = []
    red = Reduction(graph=Graph())
    individuals: set[Node] = set()  # IRIs the kept triples make individuals
    orphans: set[Node] = set()  # IRIs the dropped triples made individuals
    objects, datas = rel.object_properties, rel.data_properties
    for s, p, o in data:
        red.triples += 1
        if p in rel.annotation:
            red.dropped_annotation += 1
            continue
        if p in rel.inert:
            red.dropped_inert += 1
            orphans.add(s)
            if p in objects:
                orphans.add(o)
            continue
        kept.append((s, p, o))
        if p == RDF.type:
            if o == OWL.NamedIndividual or not _schema_term(o):
                individuals.add(s)
        elif p in objects:
            individuals.add(s)
            individuals.add(o)
        elif p in datas:
            individuals.add(s)
    for x in sorted(orphans - individuals):
        if isinstance(x, URIRef) and not _schema_term(x):
            kept.append((x, RDF.type, OWL.NamedIndividual))
            red.declared += 1
    dropped = _copies(ontology, kept, red.copies)
    out = red.graph
    for t in kept:
        if t[0] not in dropped:
            out.add(t)
    red.kept = len(out)
    return red


def _copies(ontology: Graph, kept: list[tuple[Node, Node, Node]], copies: dict[URIRef, list[URIRef]]) -> set[Node]:
    """Individuals that only have class assertions (to named classes) and are named nowhere else,
    grouped by those classes: HermiT only needs one of each group. Such an individual ``x`` with
    the classes of ``r`` can be interpreted as ``r`` in any model, and conversely, so the rest is
    consistent with or without it, and ``x`` has exactly the inferred types of ``r`` (this holds
    with nominals too). Returns the individuals left out."""
    types: dict[Node, set[Node]] = {}
    named: set[Node] = set()  # terms in any other position
    for s, p, o in kept:
        if p == RDF.type and isinstance(o, URIRef) and (o == OWL.NamedIndividual or not _schema_term(o)):
            types.setdefault(s, set()).add(o)
        else:
            named.add(s)
            named.add(p)
        named.add(o)
    for s, p, o in ontology:
        named.update((s, p, o))
    groups: dict[frozenset[Node], list[URIRef]] = {}
    for x, classes in types.items():
        if isinstance(x, URIRef) and x not in named:
            groups.setdefault(frozenset(classes), []).append(x)
    dropped: set[Node] = set()
    for members in groups.values():
        if len(members) > 1:
            members.sort()
            copies[members[0]] = members[1:]
            dropped.update(members[1:])
    return dropped
