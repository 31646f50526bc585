"""Generate SHACL shapes from the OWL ontology: the closed-world checks that its axioms suggest.

OWL reads the ontology open-world: a domain or a range *infers* a type, a missing value is
merely unknown, and two different IRIs may name the same thing. People who build a graph
usually want the closed-world reading instead: what the axioms say must be *stated* in the
data. This module turns each axiom into a SHACL shape with that reading, kept apart from the
hand-written shapes (``shapes/data.ttl``, ``shapes/ontology.ttl``) in
``shapes/generated.ttl``. ``python -m seckg.ontology.shapegen`` rewrites that file
deterministically: rdflib ``longturtle`` sorts the subjects, and every blank node is used
once, so it is written inline where it is used and regenerating gives the same bytes.
``--check`` exits 1 when the file is stale.

Rules, one shape per axiom (``P`` a property, ``C``, ``D`` classes; "subjects of P" includes
the subjects of every sub-property of ``P``, since OWL entails ``P`` from them):

``P rdfs:domain C`` (``<P>Domain``, a node shape, severity **Warning**)
    every subject of ``P`` is stated to be a ``C`` (``sh:targetSubjectsOf P``, ``sh:class C``;
    a union domain ``owl:unionOf (A B)`` gives ``sh:or ([sh:class A] [sh:class B])``).
    OWL would infer the type; the closed-world reading wants it stated, so a missing type is
    worth a warning, not a failure.
``P rdfs:range C`` of an object property (``<P>Range``, a property shape, **Violation**)
    every value of ``P`` is stated to be a ``C`` (``sh:class C``, or ``sh:or`` for a union).
``P rdfs:range D`` of a datatype property (``<P>Range``, **Violation**)
    every value of ``P`` is a literal of datatype ``D`` (``sh:datatype D``; ``sh:or`` of
    datatypes for a union). A range of ``rdfs:Literal`` says nothing and yields no shape. A
    datatype derived from ``xsd:integer`` (``xsd:positiveInteger``, ``xsd:nonNegativeInteger``
    ...) also admits an ``xsd:integer`` within its bounds (``sh:or``): OWL 2 puts
    ``"1"^^xsd:integer`` in the value space of ``xsd:positiveInteger``, and stores keep only
    ``xsd:integer`` (Oxigraph turns ``"1"^^xsd:positiveInteger`` into ``"1"^^xsd:integer``, so
    the strict check failed on every count the pipeline writes once it was stored).
``P a owl:FunctionalProperty`` (``<P>Functional``, **Violation**)
    a subject has at most one value of ``P`` (``sh:maxCount 1``). OWL would conclude that two
    values are the same individual; the closed world (unique names) calls it an error.
``C rdfs:subClassOf [owl:onProperty P; owl:qualifiedCardinality n; owl:onClass D]``
    (``<C><P>Cardinality``; ``Min``/``Max`` for ``owl:minQualifiedCardinality`` and
    ``owl:maxQualifiedCardinality``)
    every instance of ``C`` has exactly (at least, at most) ``n`` values of ``P`` that are
    stated to be ``D`` (``sh:targetClass C``, ``sh:qualifiedValueShape [sh:class D]``,
    ``sh:qualifiedMinCount``/``sh:qualifiedMaxCount``). An upper bound is a **Violation**. A
    lower bound can never be violated in OWL (the missing values are unknown, not absent); the
    closed-world reading says the graph lacks them. It is a **Violation** too, because seckg
    builds a bilateral relation or a tenure only from a text that names its parties or its
    holder and office. Unqualified ``owl:cardinality``/``owl:minCardinality``/
    ``owl:maxCardinality`` restrictions become ``sh:minCount``/``sh:maxCount`` the same way.
``A owl:disjointWith B`` and ``[] a owl:AllDisjointClasses; owl:members (A B ...)``
    (``Disjoint<A><B>...``, or ``Disjoint<A>And<n>Others`` past four classes; **Violation**)
    no node is (stated or, through ``rdfs:subClassOf``, implied to be) an instance of two of
    the classes: ``sh:targetClass`` each class, ``sh:xone ([sh:class A] [sh:class B] ...)``.
    Every target is an instance of one class at least, so "exactly one" means "not two".
    OWL would call the data inconsistent. (A SPARQL constraint could name the two classes in
    its message, but pySHACL ran it 28 times slower: 70 s on the corpus graph, against 2.5 s.)
``P owl:propertyDisjointWith Q`` (``<P>Disjoint<Q>``, **Violation**)
    no subject has the same value for ``P`` and ``Q`` (``sh:disjoint Q``).

Every shape has an English ``sh:message`` naming the ontology term it comes from, an
``rdfs:comment`` quoting the axiom, ``rdfs:seeAlso`` the term, and a stable IRI
``https://w3id.org/seckg/shapes/generated#<Name>`` made from the terms' local names. Property
constraints are ``sh:PropertyShape`` s with their own targets (legal SHACL), so a validation
result's ``sh:sourceShape`` is that stable IRI, never a blank node.

Validate over data + ontology with no inference (pySHACL ``inference="none"``; core SHACL
only, no ``advanced`` features needed): ``sh:class`` and ``sh:targetClass`` follow
``rdfs:subClassOf`` in the data graph. Not covered: ``owl:inverseOf`` (a domain of ``P`` says
nothing here about the objects of its inverse) and class expressions other than named classes
and unions, which the generator refuses with an :class:`~seckg.errors.OntologyError`.

>>> shapes = generate_shapes(load_ontology())
>>> (GSH.TenureTenureHolderCardinality, RDF.type, SH.PropertyShape) in shapes
True
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SH, SKOS

from ..errors import OntologyError
from ..rdfload import load_graph
from . import NS, VERSION, load_ontology
from .generated import write_or_check

__all__ = [
    "GSH",
    "SHAPES_IRI",
    "generate_shapes",
    "render_shapes",
    "generated_path",
    "load_generated_shapes",
    "main",
]

#: The namespace of the generated shapes.
GSH = Namespace("https://w3id.org/seckg/shapes/generated#")
#: The ``owl:Ontology`` IRI of the generated shapes file.
SHAPES_IRI = URIRef("https://w3id.org/seckg/shapes/generated")
_LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
_ONTOLOGY = URIRef("https://w3id.org/seckg/ontology")

_PREFIXES = {
    "sh": str(SH),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "http://schema.org/",
    "seckg": str(NS),
    "gsh": str(GSH),
}

_HEADER = """\
# SHACL shapes GENERATED from the seckg OWL ontology: do not edit.
# Regenerate with `python -m seckg.ontology.shapegen` after changing ontology/modules/*.ttl;
# `python -m seckg.ontology.shapegen --check` exits 1 when this file is stale.
# The rules (domain, range, functional, qualified cardinality, disjointness) and the
# closed-world reading of each are documented in ontology/shapegen.py.

"""

_CARDINALITIES = [
    # (OWL term, qualified?, suffix of the shape name, words for the message)
    (OWL.qualifiedCardinality, True, "Cardinality", "exactly"),
    (OWL.minQualifiedCardinality, True, "MinCardinality", "at least"),
    (OWL.maxQualifiedCardinality, True, "MaxCardinality", "at most"),
    (OWL.cardinality, False, "Cardinality", "exactly"),
    (OWL.minCardinality, False, "MinCardinality", "at least"),
    (OWL.maxCardinality, False, "MaxCardinality", "at most"),
]


#: Datatypes derived from xsd:integer, with their bounds. OWL 2 gives them the value space of
#: owl:real, so "1"^^xsd:integer is in the range xsd:positiveInteger; and stores canonicalise
#: them (Oxigraph, as Fuseki and Virtuoso do, keeps "1"^^xsd:positiveInteger as xsd:integer),
#: so a range of one of these also admits an xsd:integer within its bounds.
_INTEGER_BOUNDS: dict[URIRef, tuple[int | None, int | None]] = {
    XSD.nonNegativeInteger: (0, None),
    XSD.positiveInteger: (1, None),
    XSD.nonPositiveInteger: (None, 0),
    XSD.negativeInteger: (None, -1),
    XSD.long: (-(2**63), 2**63 - 1),
    XSD.int: (-(2**31), 2**31 - 1),
    XSD.short: (-(2**15), 2**15 - 1),
    XSD.byte: (-(2**7), 2**7 - 1),
    XSD.unsignedLong: (0, 2**64 - 1),
    XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedShort: (0, 2**16 - 1),
    XSD.unsignedByte: (0, 2**8 - 1),
}


@dataclass(frozen=True)
class _Names:
    """Prefixed names and labels of ontology terms, with a fixed prefix table."""

    ontology: Graph

    def qname(self, term: URIRef) -> str:
        iri = str(term)
        for prefix, ns in sorted(_PREFIXES.items(), key=lambda kv: -len(kv[1])):
            local = iri[len(ns) :]
            if iri.startswith(ns) and local and all(c.isalnum() or c in "_-" for c in local):
                return f"{prefix}:{local}"
        return f"<{iri}>"

    def local(self, term: URIRef) -> str:
        """UpperCamelCase name part: ``seckg:hasParty`` -> ``HasParty``, ``prov:used`` -> ``ProvUsed``."""
        qn = self.qname(term)
        if qn.startswith("<"):
            raise OntologyError(f"cannot name a generated shape after {qn}: no known prefix")
        prefix, _, local = qn.partition(":")
        local = "".join(part[:1].upper() + part[1:] for part in local.replace("-", "_").split("_"))
        return local if prefix == "seckg" else prefix.capitalize() + local

    def named(self, term: URIRef) -> str:
        """``seckg:hasParty ("has party")``, for messages."""
        label = self.ontology.value(term, RDFS.label) or self.ontology.value(term, SKOS.prefLabel)
        return f"{self.qname(term)} ({label})" if label else self.qname(term)


class _Builder:
    def __init__(self, ontology: Graph) -> None:
        self.ont = ontology
        self.names = _Names(ontology)
        self.g = Graph(bind_namespaces="none")
        for prefix, ns in _PREFIXES.items():
            self.g.bind(prefix, Namespace(ns))

    # --- helpers ----------------------------------------------------------------------------

    def shape(
        self,
        name: str,
        kind: URIRef,
        *,
        severity: URIRef,
        message: str,
        comment: str,
        terms: Iterable[URIRef],
    ) -> URIRef:
        iri = GSH[name]
        if (iri, RDF.type, None) in self.g:
            raise OntologyError(f"two axioms give the generated shape name {name!r}")
        self.g.add((iri, RDF.type, kind))
        self.g.add((iri, SH.severity, severity))
        self.g.add((iri, SH.message, Literal(message, lang="en")))
        self.g.add((iri, RDFS.comment, Literal(comment, lang="en")))
        self.g.add((iri, RDFS.isDefinedBy, SHAPES_IRI))
        for term in terms:
            self.g.add((iri, RDFS.seeAlso, term))
        return iri

    def listing(self, items: list[URIRef | BNode]) -> BNode:
        head = BNode()
        Collection(self.g, head, items)
        return head

    def members(self, node: URIRef | BNode, what: str) -> list[URIRef]:
        """Named classes or datatypes of ``node``: itself, or the members of its owl:unionOf."""
        if isinstance(node, URIRef):
            return [node]
        union = self.ont.value(node, OWL.unionOf)
        if union is None:
            raise OntologyError(f"{what}: only named classes and owl:unionOf are supported")
        items = list(Collection(self.ont, union))
        if not items or not all(isinstance(i, URIRef) for i in items):
            raise OntologyError(f"{what}: owl:unionOf of anything but named terms")
        return sorted(items)  # type: ignore[arg-type]

    def sub_properties(self, prop: URIRef) -> list[URIRef]:
        """``prop`` and every property below it (``rdfs:subPropertyOf*``), sorted, prop first."""
        found = {prop}
        todo = [prop]
        while todo:
            for sub in self.ont.subjects(RDFS.subPropertyOf, todo.pop()):
                if isinstance(sub, URIRef) and sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return [prop, *sorted(found - {prop})]

    def target_subjects(self, shape: URIRef, props: list[URIRef]) -> None:
        for p in props:
            self.g.add((shape, SH.targetSubjectsOf, p))

    def path(self, props: list[URIRef]) -> URIRef | BNode:
        if len(props) == 1:
            return props[0]
        alt = BNode()
        self.g.add((alt, SH.alternativePath, self.listing(list(props))))
        return alt

    def value_constraint(self, shape: URIRef | BNode, kinds: list[URIRef], key: URIRef) -> None:
        """``key`` (sh:class or sh:datatype) of one term, or sh:or of several."""
        if len(kinds) == 1:
            self.g.add((shape, key, kinds[0]))
            return
        options: list[URIRef | BNode] = []
        for k in kinds:
            option = BNode()
            self.g.add((option, key, k))
            options.append(option)
        self.g.add((shape, SH["or"], self.listing(options)))

    def either(self, kinds: list[URIRef], conjunction: str = "or") -> str:
        names = [self.names.named(k) for k in kinds]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {conjunction} {names[-1]}"

    def datatype_constraint(self, shape: URIRef, kinds: list[URIRef]) -> None:
        """sh:datatype of one datatype, or sh:or; an integer type also admits bounded xsd:integer."""
        if len(kinds) == 1 and kinds[0] not in _INTEGER_BOUNDS:
            self.g.add((shape, SH.datatype, kinds[0]))
            return
        options: list[URIRef | BNode] = []
        for k in kinds:
            option = BNode()
            self.g.add((option, SH.datatype, k))
            options.append(option)
            if k in _INTEGER_BOUNDS:
                low, high = _INTEGER_BOUNDS[k]
                option = BNode()
                self.g.add((option, SH.datatype, XSD.integer))
                if low is not None:
                    self.g.add((option, SH.minInclusive, Literal(low)))
                if high is not None:
                    self.g.add((option, SH.maxInclusive, Literal(high)))
                options.append(option)
        self.g.add((shape, SH["or"], self.listing(options)))

    def axiom_object(self, node: URIRef | BNode, kinds: list[URIRef]) -> str:
        if isinstance(node, URIRef):
            return self.names.qname(node)
        return "[ owl:unionOf ( " + " ".join(self.names.qname(k) for k in kinds) + " ) ]"

    def sub_note(self, props: list[URIRef]) -> str:
        if len(props) == 1:
            return ""
        subs = ", ".join(self.names.qname(p) for p in props[1:])
        return f", or of its sub-propert{'y' if len(props) == 2 else 'ies'} {subs},"

    # --- rules ------------------------------------------------------------------------------

    def domain(self, prop: URIRef, node: URIRef | BNode) -> None:
        q = self.names.qname(prop)
        kinds = self.members(node, f"rdfs:domain of {q}")
        props = self.sub_properties(prop)
        shape = self.shape(
            f"{self.names.local(prop)}Domain",
            SH.NodeShape,
            severity=SH.Warning,
            message=f"A subject of {self.names.named(prop)}{self.sub_note(props)} must be stated "
            f"to be a {self.either(kinds)}: the rdfs:domain of {q}.",
            comment=f"Generated from the axiom {q} rdfs:domain {self.axiom_object(node, kinds)} . "
            "OWL would infer the type; the closed-world reading wants it stated (warning).",
            terms=[prop, *kinds],
        )
        self.target_subjects(shape, props)
        self.value_constraint(shape, kinds, SH["class"])

    def range(self, prop: URIRef, node: URIRef | BNode) -> None:
        q = self.names.qname(prop)
        datatype = (prop, RDF.type, OWL.DatatypeProperty) in self.ont
        kinds = self.members(node, f"rdfs:range of {q}")
        if datatype and RDFS.Literal in kinds:
            return  # any literal will do: nothing to check
        props = self.sub_properties(prop)
        if datatype:
            what = f"a literal of datatype {self.either(kinds)}"
            if any(k in _INTEGER_BOUNDS for k in kinds):
                what += " (or an xsd:integer in its value space)"
        else:
            what = f"stated to be a {self.either(kinds)}"
        shape = self.shape(
            f"{self.names.local(prop)}Range",
            SH.PropertyShape,
            severity=SH.Violation,
            message=f"A value of {self.names.named(prop)}{self.sub_note(props)} must be {what}: "
            f"the rdfs:range of {q}.",
            comment=f"Generated from the axiom {q} rdfs:range {self.axiom_object(node, kinds)} .",
            terms=[prop, *kinds],
        )
        self.target_subjects(shape, props)
        self.g.add((shape, SH.path, self.path(props)))
        if datatype:
            self.datatype_constraint(shape, kinds)
        else:
            self.value_constraint(shape, kinds, SH["class"])

    def functional(self, prop: URIRef) -> None:
        q = self.names.qname(prop)
        props = self.sub_properties(prop)
        shape = self.shape(
            f"{self.names.local(prop)}Functional",
            SH.PropertyShape,
            severity=SH.Violation,
            message=f"A subject has at most one value of {self.names.named(prop)}"
            f"{self.sub_note(props)}: {q} is an owl:FunctionalProperty.",
            comment=f"Generated from the axiom {q} a owl:FunctionalProperty . OWL would conclude "
            "that two values are the same; the closed world (unique names) refuses it.",
            terms=[prop],
        )
        self.target_subjects(shape, props)
        self.g.add((shape, SH.path, self.path(props)))
        self.g.add((shape, SH.maxCount, Literal(1)))

    def cardinality(self, cls: URIRef, restriction: BNode) -> None:
        prop = self.ont.value(restriction, OWL.onProperty)
        if not isinstance(prop, URIRef):
            raise OntologyError(f"restriction on {cls}: owl:onProperty must name a property")
        on_class = self.ont.value(restriction, OWL.onClass)
        on_range = self.ont.value(restriction, OWL.onDataRange)
        for owl_term, qualified, suffix, words in _CARDINALITIES:
            n = self.ont.value(restriction, owl_term)
            if n is None:
                continue
            count = int(n)
            filler = on_class if on_class is not None else on_range
            if qualified and not isinstance(filler, URIRef):
                raise OntologyError(f"restriction on {cls}: owl:onClass must name a class")
            cq, pq = self.names.qname(cls), self.names.qname(prop)
            props = self.sub_properties(prop)
            of = f" that are stated to be {self.names.named(filler)}" if qualified else ""  # type: ignore[arg-type]
            if qualified and on_range is not None:
                of = f" that are literals of datatype {self.names.qname(on_range)}"  # type: ignore[arg-type]
            axiom = (
                f"{cq} rdfs:subClassOf [ owl:onProperty {pq} ; {self.names.qname(owl_term)} {count}"
            )
            axiom += f" ; owl:onClass {self.names.qname(filler)} ]" if qualified else " ]"  # type: ignore[arg-type]
            shape = self.shape(
                f"{self.names.local(cls)}{self.names.local(prop)}{suffix}",
                SH.PropertyShape,
                severity=SH.Violation,
                message=f"A {self.names.named(cls)} has {words} {count} value(s) of "
                f"{self.names.named(prop)}{self.sub_note(props)}{of}: a "
                f"{'qualified ' if qualified else ''}cardinality restriction on {cq}.",
                comment=f"Generated from the axiom {axiom} . In OWL a missing value is unknown; "
                "in the closed-world reading it is absent.",
                terms=[cls, prop] + ([filler] if qualified else []),  # type: ignore[list-item]
            )
            self.g.add((shape, SH.targetClass, cls))
            self.g.add((shape, SH.path, self.path(props)))
            low = (
                count
                if owl_term
                in (
                    OWL.qualifiedCardinality,
                    OWL.minQualifiedCardinality,
                    OWL.cardinality,
                    OWL.minCardinality,
                )
                else None
            )
            high = (
                count
                if owl_term
                in (
                    OWL.qualifiedCardinality,
                    OWL.maxQualifiedCardinality,
                    OWL.cardinality,
                    OWL.maxCardinality,
                )
                else None
            )
            if qualified:
                value = BNode()
                key = SH["class"] if on_class is not None else SH.datatype
                self.g.add((value, key, filler))  # type: ignore[arg-type]
                self.g.add((shape, SH.qualifiedValueShape, value))
                if low is not None:
                    self.g.add((shape, SH.qualifiedMinCount, Literal(low)))
                if high is not None:
                    self.g.add((shape, SH.qualifiedMaxCount, Literal(high)))
            else:
                if low is not None:
                    self.g.add((shape, SH.minCount, Literal(low)))
                if high is not None:
                    self.g.add((shape, SH.maxCount, Literal(high)))

    def disjoint(self, classes: list[URIRef], axiom: str) -> None:
        locals_ = [self.names.local(c) for c in classes]
        name = "Disjoint" + (
            "".join(locals_) if len(locals_) <= 4 else f"{locals_[0]}And{len(locals_) - 1}Others"
        )
        listed = self.either(classes, "and")
        shape = self.shape(
            name,
            SH.NodeShape,
            severity=SH.Violation,
            message=f"A node cannot be an instance of two of the disjoint classes {listed} "
            f"({axiom}); this one is stated or implied (rdfs:subClassOf) to be two.",
            comment=f"Generated from the axiom {self.disjoint_axiom(classes, axiom)} . "
            "OWL would find the data inconsistent.",
            terms=classes,
        )
        for c in classes:
            self.g.add((shape, SH.targetClass, c))
        options: list[URIRef | BNode] = []
        for c in classes:
            option = BNode()
            self.g.add((option, SH["class"], c))
            options.append(option)
        # Every target is an instance of at least one of the classes, so "exactly one" (sh:xone)
        # is "not two" (see the module docstring for why not a SPARQL constraint).
        self.g.add((shape, SH.xone, self.listing(options)))

    def disjoint_axiom(self, classes: list[URIRef], axiom: str) -> str:
        names = [self.names.qname(c) for c in classes]
        if axiom == "owl:disjointWith":
            return f"{names[0]} owl:disjointWith {names[1]}"
        return f"[] a owl:AllDisjointClasses ; owl:members ( {' '.join(names)} )"

    def property_disjoint(self, prop: URIRef, other: URIRef) -> None:
        q, o = self.names.qname(prop), self.names.qname(other)
        shape = self.shape(
            f"{self.names.local(prop)}Disjoint{self.names.local(other)}",
            SH.PropertyShape,
            severity=SH.Violation,
            message=f"No subject has the same value for {self.names.named(prop)} and "
            f"{self.names.named(other)}: {q} owl:propertyDisjointWith {o}.",
            comment=f"Generated from the axiom {q} owl:propertyDisjointWith {o} .",
            terms=[prop, other],
        )
        self.target_subjects(shape, [prop])
        self.g.add((shape, SH.path, prop))
        self.g.add((shape, SH.disjoint, other))

    def header(self) -> None:
        g, s = self.g, SHAPES_IRI
        g.add((s, RDF.type, OWL.Ontology))
        g.add((s, RDFS.label, Literal("seckg shapes generated from the ontology", lang="en")))
        g.add(
            (s, DCTERMS.title, Literal("seckg shapes generated from the OWL ontology", lang="en"))
        )
        g.add(
            (
                s,
                DCTERMS.description,
                Literal(
                    "Closed-world SHACL checks generated from the domains, ranges, functional properties, "
                    "qualified cardinalities and disjointness axioms of the seckg ontology, kept apart "
                    "from the hand-written shapes. Generated by python -m seckg.ontology.shapegen; do "
                    "not edit.",
                    lang="en",
                ),
            )
        )
        g.add((s, DCTERMS.license, _LICENCE))
        g.add((s, DCTERMS.creator, Literal("The seckg developers")))
        g.add((s, DCTERMS.source, _ONTOLOGY))
        g.add((s, OWL.versionInfo, Literal(VERSION)))
        g.add((s, OWL.versionIRI, URIRef(f"{SHAPES_IRI}/{VERSION}")))


def _disjoint_axioms(ontology: Graph) -> Iterator[tuple[list[URIRef], str]]:
    """Each disjointness axiom once: (classes, "owl:disjointWith" or "owl:AllDisjointClasses")."""
    pairs = set()
    for a, b in ontology.subject_objects(OWL.disjointWith):
        if isinstance(a, URIRef) and isinstance(b, URIRef) and a != b:
            pairs.add(tuple(sorted((a, b))))
    for pair in sorted(pairs):
        yield list(pair), "owl:disjointWith"
    groups = []
    for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        head = ontology.value(axiom, OWL.members)
        if head is None:
            continue
        members = list(Collection(ontology, head))
        if not all(isinstance(m, URIRef) for m in members):
            raise OntologyError("owl:AllDisjointClasses with a member that is not a named class")
        groups.append(sorted(members))
    for members in sorted(groups):
        yield members, "owl:AllDisjointClasses"  # type: ignore[misc]


def generate_shapes(ontology: Graph) -> Graph:
    """The SHACL shapes that the axioms of ``ontology`` give (see the module docstring)."""
    b = _Builder(ontology)
    b.header()
    for prop, node in sorted(ontology.subject_objects(RDFS.domain)):
        if isinstance(prop, URIRef):
            b.domain(prop, node)  # type: ignore[arg-type]
    for prop, node in sorted(ontology.subject_objects(RDFS.range)):
        if isinstance(prop, URIRef):
            b.range(prop, node)  # type: ignore[arg-type]
    for prop in sorted(ontology.subjects(RDF.type, OWL.FunctionalProperty)):
        if isinstance(prop, URIRef):
            b.functional(prop)
    for cls, restriction in sorted(ontology.subject_objects(RDFS.subClassOf)):
        if (
            isinstance(cls, URIRef)
            and isinstance(restriction, BNode)
            and (restriction, RDF.type, OWL.Restriction) in ontology
            and any((restriction, t, None) in ontology for t, *_ in _CARDINALITIES)
        ):
            b.cardinality(cls, restriction)
    for classes, axiom in _disjoint_axioms(ontology):
        b.disjoint(classes, axiom)
    for prop, other in sorted(ontology.subject_objects(OWL.propertyDisjointWith)):
        if isinstance(prop, URIRef) and isinstance(other, URIRef):
            b.property_disjoint(prop, other)
    return b.g


def render_shapes(ontology: Graph | None = None) -> str:
    """The text of ``shapes/generated.ttl`` for ``ontology`` (default: the shipped ontology)."""
    graph = generate_shapes(ontology if ontology is not None else load_ontology())
    body = graph.serialize(format="longturtle")
    # longturtle indents the empty line between list items; no literal here spans lines.
    lines = [line if line.strip() else "" for line in body.strip().splitlines()]
    return _HEADER + "\n".join(lines) + "\n"


def generated_path() -> Path:
    """Where ``shapes/generated.ttl`` lives in the source tree."""
    return Path(__file__).with_name("shapes") / "generated.ttl"


def load_generated_shapes() -> Graph:
    """The shipped ``shapes/generated.ttl``, parsed by the secure loader."""
    with as_file(files(__package__) / "shapes" / "generated.ttl") as path:
        return load_graph([path])


def main(argv: list[str] | None = None) -> int:
    """Rewrite ``shapes/generated.ttl`` (or, with ``--check``, report whether it is stale)."""
    parser = argparse.ArgumentParser(
        prog="python -m seckg.ontology.shapegen",
        description="Generate SHACL shapes from the seckg OWL ontology into shapes/generated.ttl.",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if generated.ttl is stale")
    args = parser.parse_args(argv)
    return write_or_check(generated_path(), render_shapes(), "python -m seckg.ontology.shapegen", check=args.check)


if __name__ == "__main__":
    raise SystemExit(main())
