"""The seckg ontology: OWL modules, SHACL shapes and reference lexicon, and the code that loads,
reasons over and checks them. Imports nothing else of seckg but the shared root modules.

The data files ship inside the package and are found with :mod:`importlib.resources`; every
file is parsed by :func:`seckg.rdfload.load_graph`, the project's one secure loader. The
aggregator's ``owl:imports`` are resolved to the package's own modules, never fetched.

>>> g = load_ontology()
>>> (NS.Partnership, RDF.type, OWL.Class) in g
True
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

from rdflib import OWL, RDF, Graph, Namespace, URIRef

from .. import iribase
from ..errors import OntologyError
from ..rdfload import load_graph, parse, to_rdflib

__all__ = [
    "NS",
    "ID",
    "ONTOLOGY_IRI",
    "VERSION",
    "module_iri",
    "module_files",
    "load_ontology",
    "load_shapes",
    "load_reference",
    "ShapesKind",
]

#: The namespace of the ontology's terms (``seckg:``). For a closed namespace that refuses
#: typos, use :class:`seckg.ontology.terms.SECKG`.
NS = Namespace("https://w3id.org/seckg/ontology#")
#: The instance space: ``ID["state/china"]``, ``ID["concept/zero-sum-thinking"]`` (under
#: ``SECKG_BASE`` when it is set, see :mod:`seckg.iribase`).
ID = Namespace(iribase.ID)
#: The IRI of the aggregator ontology.
ONTOLOGY_IRI = URIRef("https://w3id.org/seckg/ontology")
#: The ontology's version (``owl:versionInfo`` of the aggregator and of every module).
VERSION = "0.1.0"

_MODULE_BASE = "https://w3id.org/seckg/ontology/"
_AGGREGATOR = "seckg.ttl"

ShapesKind = Literal["data", "ontology"]


def _root() -> Traversable:
    return files(__name__)


def module_iri(name: str) -> URIRef:
    """The ``owl:Ontology`` IRI of the module ``name`` (``actors`` -> ``.../ontology/actors``)."""
    return URIRef(_MODULE_BASE + name)


def module_files() -> dict[str, Traversable]:
    """The shipped ontology modules, by name (``actors``, ``relations``, ...), sorted by name."""
    folder = _root() / "modules"
    found = {
        entry.name.removesuffix(".ttl"): entry
        for entry in folder.iterdir()
        if entry.is_file() and entry.name.endswith(".ttl")
    }
    if not found:
        raise OntologyError(f"no ontology modules found in {folder}")
    return dict(sorted(found.items()))


def _load(entries: list[Traversable], into: Graph | None = None) -> Graph:
    """Parse package files with the secure loader (``as_file`` copes with zipped installs),
    moved to the configured IRI base (``SECKG_BASE``) when it is not the default."""
    if not iribase.is_default():
        graph = into if into is not None else Graph()
        for entry in entries:
            data = iribase.rebase_text(entry.read_text(encoding="utf-8")).encode("utf-8")
            for quad in parse(entry.name, data=data, base_iri=iribase.BASE):
                graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return graph
    with ExitStack() as stack:
        paths: list[Path] = [stack.enter_context(as_file(entry)) for entry in entries]
        return load_graph(paths, into=into)


def _imports(graph: Graph) -> Iterator[URIRef]:
    for _, _, target in graph.triples((None, OWL.imports, None)):
        if not isinstance(target, URIRef):
            raise OntologyError(f"owl:imports of a non-IRI {target!r}")
        yield target


def load_ontology(*, modules: bool = True) -> Graph:
    """The aggregator and, when ``modules`` is true, every module it imports, in one graph.

    ``owl:imports`` are resolved from the package only: an import of anything but a shipped
    module raises :class:`~seckg.errors.OntologyError`, and so does a shipped module that the
    aggregator does not import (it would silently be left out of reasoning).
    """
    graph = _load([_root() / _AGGREGATOR])
    if not modules:
        return graph
    available = module_files()
    by_iri = {module_iri(name): entry for name, entry in available.items()}
    done: set[URIRef] = {ONTOLOGY_IRI}
    todo = list(_imports(graph))
    while todo:
        iri = todo.pop()
        if iri in done:
            continue
        entry = by_iri.get(iri)
        if entry is None:
            raise OntologyError(
                f"owl:imports <{iri}> is not a module shipped with seckg; seckg never fetches imports"
            )
        module = _load([entry])
        if (iri, RDF.type, OWL.Ontology) not in module:
            raise OntologyError(f"module {entry.name} does not declare <{iri}> a owl:Ontology")
        graph += module
        done.add(iri)
        todo.extend(_imports(module))
    missing = sorted(str(i) for i in by_iri if i not in done)
    if missing:
        raise OntologyError(f"modules not imported by {_AGGREGATOR}: {', '.join(missing)}")
    for prefix, ns in _PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def load_shapes(kind: ShapesKind) -> Graph:
    """The SHACL shapes over data (``"data"``) or over the ontology itself (``"ontology"``)."""
    if kind not in ("data", "ontology"):
        raise ValueError(f"unknown shapes kind {kind!r}; use 'data' or 'ontology'")
    return _load([_root() / "shapes" / f"{kind}.ttl"])


def load_reference() -> Graph:
    """The reference lexicon (every ``reference/*.ttl``); an empty graph when there is none."""
    folder = _root() / "reference"
    if not folder.is_dir():
        return Graph()
    entries = sorted(
        (e for e in folder.iterdir() if e.is_file() and e.name.endswith(".ttl")),
        key=lambda e: e.name,
    )
    return _load(entries) if entries else Graph()


_PREFIXES = {
    "seckg": str(NS),
    "id": str(ID),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "http://schema.org/",
}
