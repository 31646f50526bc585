"""seckg: a knowledge-graph toolkit for analysts of international security.

The package is assembled from the project's top-level folders (see pyproject.toml):

- ``seckg.ontology``: OWL modules, SHACL shapes, reference lexicon, and the code that
  loads, reasons over and checks them;
- ``seckg.graph``: the text-to-RDF pipeline and the dataset it builds;
- ``seckg.queries``: stored SPARQL queries and the code that runs them;
- ``seckg.cli``: the ``seckg`` command.

This root package holds the library API (:mod:`seckg.api`: :class:`KnowledgeGraph`, whose
methods build, ingest, extract, query, check, export and publish) and what all the parts share:
the typed errors (:mod:`seckg.errors`), the IRI base (:mod:`seckg.iribase`), the one loader for
RDF input (:mod:`seckg.rdfload`) and the one screen for SPARQL text (:mod:`seckg.sparqlscreen`).

>>> from seckg import KnowledgeGraph
>>> kg = KnowledgeGraph("seckg-data")
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("seckg")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

from .api import KnowledgeGraph, QueryResult, evaluate, stored_queries
from .errors import ExitCode, SeckgError

__all__ = ["__version__", "KnowledgeGraph", "QueryResult", "evaluate", "stored_queries", "ExitCode",
           "SeckgError"]
