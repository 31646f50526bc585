"""Run HermiT (through owlready2) over the ontology, optionally with a data graph.

Safety (see DESIGN.md, "Secure loading"): owlready2 follows ``owl:imports`` over HTTP and
imports any Python module named by an ontology's ``python_module`` annotation. So owlready2
never sees a file or a URL: it gets N-Triples that we serialise from our own rdflib graph after
dropping every ``owl:imports`` triple and every ``python_module`` annotation. Each call uses a
fresh owlready2 :class:`~owlready2.World`, so no state leaks between calls.

Datatypes: HermiT accepts only the OWL 2 datatype map. ``xsd:gYear``, ``xsd:gYearMonth`` and
``xsd:date`` (the datatypes of seckg's dates) are not in it: HermiT aborts with
``UnsupportedDatatypeException``, and with ``--ignoreUnsupportedDatatypes`` it silently drops
such literals (a gYear under range xsd:integer then passes). owlready2's own N-Triples parser
raises on ill-typed literals (``"abc"^^xsd:integer``). We therefore drop, before reasoning,
every triple whose literal has a datatype outside the OWL 2 map or is ill-typed, count them in
:attr:`ReasonerResult.dropped_literals`, and still pass ``ignore_unsupported_datatypes``. The
ontology gives dates the range ``rdfs:Literal`` so nothing is lost for OWL; SHACL checks them.

The inferred triples are returned in their own graph, never mixed into the asserted ones.

What HermiT is given: the ontology and the part of the data that can change its answer
(:mod:`.abox`: annotation assertions and assertions of properties no logical axiom mentions are
left out, derived from the axioms). ``reduce=False`` or ``SECKG_REASONER_FULL=1`` give it all.

Time: inside :func:`reasoner_timeout` every Java run (HermiT here, Pellet's explanation in
:mod:`.explain`) gets what is left of one deadline; owlready2 starts Java with
:mod:`subprocess`, and the deadline is handed to it as ``timeout`` (through owlready2's
``_subprocess_kargs``), so the JVM is killed at the deadline and :class:`ReasonerTimeout` raised.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from rdflib import OWL, RDFS, Graph, Literal, URIRef
from rdflib.namespace import XSD

from ..errors import OntologyError
from ..limits import DEFAULT_REASONER_TIMEOUT

__all__ = ["ReasonerResult", "UnsatisfiableClass", "reason", "prepare", "OWL2_DATATYPES", "ReasonerTimeout",
           "reasoner_timeout", "time_left", "DEFAULT_REASONER_TIMEOUT"]


#: (deadline on the monotonic clock, the limit in seconds) of the current :func:`reasoner_timeout`
_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("seckg_reasoner_deadline", default=None)
_KARGS_LOCK = threading.Lock()


class ReasonerTimeout(OntologyError):
    """The reasoner ran past its time limit; its Java process was killed."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"the reasoner ran out of time: stopped after its limit of {limit:g} s "
                         "(--reasoner-timeout)")
        self.limit = limit


@contextlib.contextmanager
def reasoner_timeout(seconds: float | None) -> Iterator[None]:
    """Every reasoner run inside shares one deadline ``seconds`` from now (``None``: none)."""
    token = _DEADLINE.set(None if seconds is None else (time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def time_left() -> float | None:
    """Seconds left before the current deadline (``None``: no deadline); raises
    :class:`ReasonerTimeout` when it has passed."""
    current = _DEADLINE.get()
    if current is None:
        return None
    left = current[0] - time.monotonic()
    if left <= 0:
        raise ReasonerTimeout(current[1])
    return left


def _timed_out() -> ReasonerTimeout:
    current = _DEADLINE.get()
    return ReasonerTimeout(current[1] if current is not None else 0.0)

_PYTHON_MODULE = URIRef(
    "http://www.lesfleursdunormal.fr/static/_downloads/owlready_ontology.owl#python_module"
)
_SCRATCH_IRI = "http://seckg.invalid/reasoning/input"
_INFERRED_IRI = "http://seckg.invalid/reasoning/inferred"

_RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: The OWL 2 datatype map (OWL 2 Structural Specification, section 4), plus rdfs:Literal.
OWL2_DATATYPES: frozenset[URIRef] = frozenset(
    [
        RDFS.Literal,
        URIRef(_RDF_NS + "PlainLiteral"),
        URIRef(_RDF_NS + "XMLLiteral"),
        URIRef(_RDF_NS + "langString"),
        OWL.real,
        OWL.rational,
    ]
    + [
        XSD[name]
        for name in (
            "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger "
            "negativeInteger long int short byte unsignedLong unsignedInt unsignedShort "
            "unsignedByte double float string normalizedString token language Name NCName "
            "NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp"
        ).split()
    ]
)


@dataclass(frozen=True)
class UnsatisfiableClass:
    """A class that can have no instances (equivalent to owl:Nothing)."""

    iri: str
    label: str | None = None


@dataclass
class ReasonerResult:
    """What HermiT found: consistency, unsatisfiable classes and the inferred triples."""

    consistent: bool
    unsatisfiable: list[UnsatisfiableClass] = field(default_factory=list)
    #: Triples owlready2 added after HermiT ran (subclass, type, property values); kept apart.
    inferred: Graph = field(default_factory=Graph)
    #: Wall-clock seconds of the whole call (serialising, loading, the JVM, reading back).
    elapsed: float = 0.0
    #: Triples left out because their literal is outside the OWL 2 datatype map or ill-typed.
    dropped_literals: int = 0
    #: The reasoner's message when the input is inconsistent.
    message: str | None = None
    #: Triples HermiT was given (ontology and data), and data triples the reduction left out.
    triples: int = 0
    left_out: int = 0

    @property
    def ok(self) -> bool:
        """Consistent and without unsatisfiable classes."""
        return self.consistent and not self.unsatisfiable


def prepare(graph: Graph, *more: Graph) -> tuple[bytes, int]:
    """N-Triples for owlready2: no imports, no python_module, only OWL 2 datatypes.

    Returns the bytes and how many literal triples were dropped.
    """
    safe = Graph()
    dropped = 0
    for g in (graph, *more):
        for s, p, o in g:
            if p == OWL.imports or p == _PYTHON_MODULE:
                continue
            if isinstance(o, Literal) and not _owl2_literal(o):
                dropped += 1
                continue
            safe.add((s, p, o))
    return safe.serialize(format="nt", encoding="utf-8"), dropped


def _owl2_literal(lit: Literal) -> bool:
    if lit.datatype is None:
        return True
    if lit.datatype not in OWL2_DATATYPES:
        return False
    return not lit.ill_typed


def reason(
    ontology: Graph | None = None,
    data: Graph | None = None,
    *,
    infer_property_values: bool = False,
    reduce: bool | None = None,
) -> ReasonerResult:
    """Run HermiT over ``ontology`` (default: the shipped ontology) plus ``data``.

    ``reduce`` (default: unless ``SECKG_REASONER_FULL=1``) gives HermiT only the data that can
    change its answer (:func:`.abox.reduce_data`); the answer is the same. It is never done when
    ``infer_property_values`` asks for the values of every property.

    Raises :class:`~seckg.errors.OntologyError` when Java or HermiT fail for another reason
    than inconsistency (which is a result, not an error).
    """
    import owlready2  # lazy: owlready2 is only needed here

    t0 = time.perf_counter()
    if ontology is None:
        from . import load_ontology

        ontology = load_ontology()
    if reduce is None:
        reduce = os.environ.get("SECKG_REASONER_FULL", "") in ("", "0")
    given = data if data is not None else Graph()
    left_out = 0
    reduction = None
    if reduce and not infer_property_values and data is not None:
        from .abox import reduce_data

        reduction = reduce_data(ontology, data)
        given = reduction.graph
        left_out = reduction.triples - reduction.kept
    payload, dropped = prepare(ontology, given)
    triples = payload.count(b"\n")

    world = owlready2.World()
    try:
        try:
            world.get_ontology(_SCRATCH_IRI).load(fileobj=io.BytesIO(payload), format="ntriples")
        except owlready2.OwlReadyOntologyParsingError as e:
            raise OntologyError(f"owlready2 could not read the graph: {e}") from None
        inferred_onto = world.get_ontology(_INFERRED_IRI)
        try:
            with inferred_onto, _java_timeout(time_left()):
                owlready2.sync_reasoner_hermit(
                    world,
                    infer_property_values=infer_property_values,
                    debug=0,
                    ignore_unsupported_datatypes=True,
                )
        except subprocess.TimeoutExpired:
            raise _timed_out() from None
        except owlready2.OwlReadyInconsistentOntologyError as e:
            return ReasonerResult(
                consistent=False,
                elapsed=time.perf_counter() - t0,
                dropped_literals=dropped,
                message=str(e) or "HermiT: inconsistent ontology",
                triples=triples,
                left_out=left_out,
            )
        except owlready2.OwlReadyJavaError as e:
            raise OntologyError(f"HermiT failed: {_first_line(str(e))}") from None
        except FileNotFoundError as e:  # no java executable
            raise OntologyError(f"HermiT needs Java, which was not found: {e}") from None
        # owlready2 adds what HermiT found to the ontology it reasons in, and only what the world
        # does not hold already: that ontology's triples are the new ones
        inferred = Graph()
        scratch = {URIRef(_SCRATCH_IRI), URIRef(_INFERRED_IRI)}
        for triple in world.as_rdflib_graph().get_context(inferred_onto).triples((None, None, None)):
            if triple[0] not in scratch:
                inferred.add(triple)
        if reduction is not None:
            reduction.expand(inferred)
        unsat = _unsatisfiable(world, ontology, data)
    finally:
        world.close()
    return ReasonerResult(
        consistent=True,
        unsatisfiable=unsat,
        inferred=inferred,
        elapsed=time.perf_counter() - t0,
        dropped_literals=dropped,
        triples=triples,
        left_out=left_out,
    )


@contextlib.contextmanager
def _java_timeout(seconds: float | None) -> Iterator[None]:
    """owlready2 runs Java with ``subprocess.check_output(..., **_subprocess_kargs)``: a
    ``timeout`` there makes :mod:`subprocess` kill the JVM when it is due."""
    if seconds is None:
        yield
        return
    import owlready2.reasoning as reasoning

    with _KARGS_LOCK:  # one reasoner run at a time sets it
        kargs = reasoning._subprocess_kargs
        saved = dict(kargs)
        kargs["timeout"] = seconds
        try:
            yield
        finally:
            kargs.clear()
            kargs.update(saved)


def _unsatisfiable(world: object, ontology: Graph, data: Graph | None) -> list[UnsatisfiableClass]:
    found = []
    for cls in world.inconsistent_classes():  # type: ignore[attr-defined]
        iri = getattr(cls, "iri", None)
        if not iri or iri == str(OWL.Nothing):
            continue
        label = ontology.value(URIRef(iri), RDFS.label)
        if label is None and data is not None:
            label = data.value(URIRef(iri), RDFS.label)
        found.append(UnsatisfiableClass(iri=iri, label=str(label) if label is not None else None))
    return sorted(found, key=lambda c: c.iri)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("Java error message is"):
            return line
    return text.strip()
