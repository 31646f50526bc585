"""The one loader for every RDF input: ontology modules, shapes, lexicon, user files.

Every RDF file seckg reads goes through :func:`parse`, which

- screens the bytes before any parser sees them (``<!DOCTYPE``/``<!ENTITY`` in RDF/XML,
  remote or file ``@context`` references in JSON-LD), because the libraries' defaults reach the
  network and the file system or expand entities until the process dies (see DESIGN.md,
  "Secure loading");
- parses with Oxigraph's parsers, which never fetch anything and report line and column;
- never follows ``owl:imports``: the ontology's modules are resolved from the package itself.

Errors are :class:`~seckg.errors.RDFSyntaxError` (with file, line and column) or
:class:`~seckg.errors.UnsafeInputError`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from .errors import RDFSyntaxError, UnsafeInputError

__all__ = [
    "FORMATS",
    "format_for",
    "parse",
    "load_graph",
    "load_dataset",
    "to_rdflib",
    "from_rdflib",
]

#: Formats by the names users type (``-f``) and by file suffix.
FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "rdf": ox.RdfFormat.RDF_XML,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
}

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: The largest RDF input read (bytes; ``SECKG_MAX_INPUT_MB`` overrides): rdflib and pySHACL hold
#: tens of times the file's size in memory (200 MB took ``check`` past 8 GB).
MAX_INPUT_BYTES = 128 * 2**20
#: The longest literal accepted (characters); a document's whole text is one literal.
MAX_LITERAL_CHARS = 8_000_000
#: The deepest nesting of JSON objects and arrays in JSON-LD (lists of lists, ...).
MAX_JSON_DEPTH = 64


def _max_input_bytes() -> int:
    try:
        return int(float(os.environ["SECKG_MAX_INPUT_MB"]) * 2**20)
    except (KeyError, ValueError):
        return MAX_INPUT_BYTES
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def format_for(name: str | Path, fmt: str | None = None) -> ox.RdfFormat:
    """The RDF format named by ``fmt``, or else guessed from the file name's suffix."""
    key = (fmt or Path(str(name)).suffix.lstrip(".")).lower()
    try:
        return FORMATS[key]
    except KeyError:
        known = ", ".join(sorted(set(FORMATS)))
        what = f"format {fmt!r}" if fmt else f"file suffix {Path(str(name)).suffix!r}"
        raise RDFSyntaxError(f"unknown RDF {what}; use one of: {known}", source=str(name)) from None


def _screen(data: bytes, fmt: ox.RdfFormat, source: str) -> None:
    """Refuse input that would make a parser reach the network or the disk, or blow up."""
    if fmt == ox.RdfFormat.RDF_XML:
        m = _DTD.search(data)
        if m:
            line = data.count(b"\n", 0, m.start()) + 1
            raise UnsafeInputError(
                f"{source}:{line}: RDF/XML with a DTD (<!{m.group(1).decode().upper()}) is refused:"
                " entity expansion can exhaust memory; remove the DOCTYPE"
            )
    elif fmt == ox.RdfFormat.JSON_LD:
        try:
            # Keep every key/value pair: with a duplicated "@context" key, json keeps the last
            # value but a streaming JSON-LD parser acts on the first.
            doc = json.loads(data, object_pairs_hook=_Pairs)
        except (ValueError, UnicodeDecodeError) as e:
            line = getattr(e, "lineno", None)
            col = getattr(e, "colno", None)
            raise RDFSyntaxError(
                f"invalid JSON: {e}", source=source, line=line, column=col
            ) from None
        except RecursionError:
            raise UnsafeInputError(f"{source}: JSON nested too deeply to be screened") from None
        depth = _json_depth(doc)
        if depth > MAX_JSON_DEPTH:
            raise UnsafeInputError(f"{source}: JSON nested {depth} levels deep; the limit is {MAX_JSON_DEPTH}")
        for ref in _context_references(doc):
            raise UnsafeInputError(
                f"{source}: JSON-LD @context {ref!r} is a reference to another document;"
                " only inline contexts are accepted (seckg never fetches contexts)"
            )


class _Pairs:
    """A JSON object as the list of its key/value pairs, duplicated keys included."""

    __slots__ = ("pairs",)

    def __init__(self, pairs: list[tuple[str, object]]) -> None:
        self.pairs = pairs


def _json_depth(doc: object) -> int:
    """How deeply objects and arrays nest in ``doc`` (iterative)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(doc, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, _Pairs):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for _k, v in node.pairs)
        elif isinstance(node, list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in node)
        if deepest > MAX_JSON_DEPTH:
            break
    return deepest


def _context_references(doc: object) -> Iterator[str]:
    """Every ``@context`` (or ``@import``) value that names another document instead of holding one."""
    stack = [doc]  # iterative: a deeply nested document must not overflow Python's stack
    while stack:
        node = stack.pop()
        if isinstance(node, _Pairs):
            for key, value in node.pairs:
                if key in ("@context", "@import"):
                    for item in value if isinstance(value, list) else [value]:
                        if isinstance(item, str):
                            yield item
                        else:
                            stack.append(item)
                else:
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def parse(
    source: str | Path,
    *,
    data: bytes | None = None,
    fmt: str | None = None,
    base_iri: str | None = None,
) -> list[ox.Quad]:
    """Parse one RDF input into Oxigraph quads, screened first.

    ``source`` names the input (a path, or a label such as ``<stdin>`` when ``data`` is given);
    the format is ``fmt`` or the suffix of ``source``. Nothing but ``source`` is read.
    """
    name = str(source)
    rdf_format = format_for(name, fmt)
    limit = _max_input_bytes()
    if data is None:
        try:
            size = Path(source).stat().st_size
            if size > limit:
                raise RDFSyntaxError(f"the file is {size} bytes; the limit is {limit} (set SECKG_MAX_INPUT_MB"
                                     " to read larger inputs)", source=name)
            data = Path(source).read_bytes()
        except OSError as e:
            raise RDFSyntaxError(f"cannot read: {e.strerror or e}", source=name) from None
        if base_iri is None:
            # relative IRIs (rdf:about="#x") resolve against the file, as rdflib does; nothing is
            # fetched from that base
            base_iri = Path(source).resolve().as_uri()
    if len(data) > limit:
        raise RDFSyntaxError(f"the input is {len(data)} bytes; the limit is {limit} (set SECKG_MAX_INPUT_MB"
                             " to read larger inputs)", source=name)
    _screen(data, rdf_format, name)
    try:
        # Fresh blank node ids per input, so that ``_:b`` in two files stays two nodes when merged.
        quads = list(ox.parse(data, format=rdf_format, base_iri=base_iri, rename_blank_nodes=True))
    except SyntaxError as e:
        raise RDFSyntaxError(
            _oxigraph_message(e), source=name, line=e.lineno, column=e.offset
        ) from None
    except (ValueError, OSError) as e:
        raise RDFSyntaxError(str(e), source=name) from None
    for quad in quads:
        if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
            raise RDFSyntaxError("RDF-star triple terms are not supported", source=name)
        if isinstance(quad.object, ox.Literal) and len(quad.object.value) > MAX_LITERAL_CHARS:
            raise RDFSyntaxError(f"a literal of {len(quad.object.value)} characters; the limit is"
                                 f" {MAX_LITERAL_CHARS}", source=name)
        if isinstance(quad.object, ox.Literal) and quad.object.direction is not None:
            # rdflib has no base direction: converting would silently drop it.
            raise RDFSyntaxError(
                f"literal {quad.object} has an RDF 1.2 base direction, which is not supported",
                source=name,
            )
    return quads


def _oxigraph_message(e: SyntaxError) -> str:
    msg = e.msg or str(e)
    # Oxigraph prefixes "Parser error at line L column C: ", "Parser error between line L column C
    # and line L2 column C2: " or "Parser error at line L between columns C and C2: "; we print
    # the position ourselves.
    return _OX_POSITION.sub("", msg)


_OX_POSITION = re.compile(
    r"^Parser error (?:at|between) line \d+ "
    r"(?:column \d+(?: and line \d+ column \d+)?|between columns \d+ and \d+): "
)


def to_rdflib(term: object) -> Node:
    """An Oxigraph term as the equal rdflib term (``xsd:string`` literals become plain ones)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise TypeError(f"not an RDF term: {term!r}")


def from_rdflib(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the equal Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def load_graph(
    sources: Iterable[str | Path] | str | Path,
    *,
    fmt: str | None = None,
    into: Graph | None = None,
) -> Graph:
    """Load RDF files into one rdflib :class:`~rdflib.Graph` (named graphs are merged)."""
    graph = into if into is not None else Graph()
    for source in [sources] if isinstance(sources, (str, Path)) else sources:
        for quad in parse(source, fmt=fmt):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def load_dataset(
    sources: Iterable[str | Path] | str | Path,
    *,
    fmt: str | None = None,
    into: Dataset | None = None,
) -> Dataset:
    """Load RDF files into one rdflib :class:`~rdflib.Dataset`, keeping named graphs."""
    ds = into if into is not None else Dataset()
    for source in [sources] if isinstance(sources, (str, Path)) else sources:
        for quad in parse(source, fmt=fmt):
            g = quad.graph_name
            name = DATASET_DEFAULT_GRAPH_ID if isinstance(g, ox.DefaultGraph) else to_rdflib(g)
            ctx = ds.graph(name)
            ctx.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return ds
