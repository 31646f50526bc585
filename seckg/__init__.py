"""seckg: a knowledge-graph toolkit for analysts of international security.

The package is assembled from the project's top-level folders (see pyproject.toml):

- ``seckg.ontology``: OWL modules, SHACL shapes, reference lexicon, and the code that
  loads, reasons over and checks them;
- ``seckg.graph``: the text-to-RDF pipeline and the dataset it builds;
- ``seckg.queries``: stored SPARQL queries and the code that runs them;
- ``seckg.cli``: the ``seckg`` command.

This root package holds only what all of them share: the typed errors
(:mod:`seckg.errors`), the one loader for RDF input (:mod:`seckg.rdfload`) and the
one screen for SPARQL text (:mod:`seckg.sparqlscreen`).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("seckg")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
