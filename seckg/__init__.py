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
from pathlib import Path as _Path


def _map_source_tree() -> None:
    """In a checkout, the top-level folders (``ontology/``, ``graph/``, ...) are the subpackages
    (``seckg.ontology``, ``seckg.graph``, ...), as pyproject.toml maps them when installing. When
    this ``seckg`` is the checkout's folder (the checkout is the working directory, or on
    ``PYTHONPATH``), its parent joins the package's search path so that they are found there;
    otherwise the checkout's ``seckg/`` would shadow an installed seckg and hide them. An
    installed package has its subpackages inside it and is left alone."""
    here = _Path(__file__).resolve().parent
    root = here.parent
    if (here / "ontology").is_dir() or not (root / "pyproject.toml").is_file():
        return
    if (root / "ontology" / "__init__.py").is_file() and str(root) not in __path__:
        __path__.append(str(root))


_map_source_tree()

try:
    __version__ = version("seckg")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

from .api import KnowledgeGraph, QueryResult, evaluate, stored_queries  # noqa: E402 (after the mapping)
from .errors import ExitCode, SeckgError  # noqa: E402

__all__ = ["__version__", "KnowledgeGraph", "QueryResult", "evaluate", "stored_queries", "ExitCode",
           "SeckgError"]
