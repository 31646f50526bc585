"""Generate :mod:`seckg.ontology.terms`, the closed namespaces of the ontology, from the Turtle.

``python -m seckg.ontology.codegen`` rewrites ``terms.py``; ``--check`` exits 1 when it is
stale. A test compares :func:`render_terms` with the file, so the two cannot drift.
"""

from __future__ import annotations

import argparse
import keyword
import re
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from . import ID, NS, load_ontology
from .generated import write_or_check

__all__ = ["render_terms", "terms_path", "main"]

_KINDS = [
    (OWL.Class, "Classes"),
    (OWL.ObjectProperty, "Object properties"),
    (OWL.DatatypeProperty, "Datatype properties"),
    (OWL.AnnotationProperty, "Annotation properties"),
]


def terms_path() -> Path:
    """Where ``terms.py`` lives in the source tree."""
    return Path(__file__).with_name("terms.py")


def _comment(text: str | None) -> str:
    return " ".join((text or "").split())


def _class_name(kind: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", kind.upper()).strip("_")


def render_terms(graph: Graph | None = None) -> str:
    """The text of ``terms.py`` for ``graph`` (default: the shipped ontology)."""
    g = graph if graph is not None else load_ontology()
    ns = str(NS)
    lines = [
        '"""Closed namespaces of the seckg ontology. GENERATED: do not edit.',
        "",
        "Regenerate with ``python -m seckg.ontology.codegen`` after changing the Turtle modules.",
        "A typo'd term raises instead of minting a new IRI (``_fail = True``).",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class SECKG(DefinedNamespace):",
        '    """The seckg ontology: https://w3id.org/seckg/ontology#"""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{ns}")',
    ]
    for kind, heading in _KINDS:
        names = sorted(
            str(s)[len(ns) :]
            for s in g.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(ns)
        )
        if not names:
            continue
        lines += ["", f"    # {heading}"]
        for name in names:
            if not name.isidentifier() or keyword.iskeyword(name):
                raise ValueError(f"term {name!r} is not a Python identifier")
            label = _comment(g.value(NS[name], RDFS.label))
            lines.append(f"    {name}: URIRef  # {label}")

    # SKOS concepts of the instance space, one closed namespace per scheme kind.
    base = str(ID)
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for concept in g.subjects(RDF.type, SKOS.Concept):
        iri = str(concept)
        if not iri.startswith(base):
            continue
        kind, _, slug = iri[len(base) :].partition("/")
        label = _comment(g.value(concept, SKOS.prefLabel))
        by_kind.setdefault(kind, []).append((slug, label))
    schemes = sorted(
        str(s)[len(base + "scheme/") :]
        for s in g.subjects(RDF.type, SKOS.ConceptScheme)
        if str(s).startswith(base + "scheme/")
    )
    lines += [
        "",
        "",
        "class SCHEME(DefinedNamespace):",
        '    """SKOS concept schemes: https://w3id.org/seckg/id/scheme/<name>."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{base}scheme/")',
        "    _extras = [",
        *[f'        "{name}",' for name in schemes],
        "    ]",
    ]
    for kind in sorted(by_kind):
        entries = sorted(by_kind[kind])
        lines += [
            "",
            "",
            f"class {_class_name(kind)}(DefinedNamespace):",
            f'    """Concepts {base}{kind}/<slug>; index with the slug: ``{_class_name(kind)}["{entries[0][0]}"]``.',
            "",
        ]
        lines += [f"    {slug}: {label}" for slug, label in entries]
        lines += [
            '    """',
            "",
            "    _fail = True",
            f'    _NS = Namespace("{base}{kind}/")',
            "    _extras = [",
        ]
        lines += [f'        "{slug}",' for slug, _ in entries]
        lines.append("    ]")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Rewrite ``terms.py`` (or, with ``--check``, report whether it is stale)."""
    parser = argparse.ArgumentParser(prog="python -m seckg.ontology.codegen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if terms.py is stale")
    args = parser.parse_args(argv)
    return write_or_check(terms_path(), render_terms(), "python -m seckg.ontology.codegen", check=args.check)


if __name__ == "__main__":
    raise SystemExit(main())
