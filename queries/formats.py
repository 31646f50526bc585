"""Writing query results: SELECT rows as a table, Markdown, CSV, TSV, SPARQL JSON or SPARQL XML;
ASK as the word; CONSTRUCT/DESCRIBE triples in any RDF format. The JSON, XML, CSV and TSV
writers follow the W3C SPARQL 1.1 result formats; the tests read them back with other parsers."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from seckg.iribase import ID
from seckg.rdfload import FORMATS

from .engine import Result, Term

__all__ = ["SELECT_FORMATS", "RDF_FORMATS", "render", "with_labels"]

SELECT_FORMATS = ("table", "markdown", "csv", "tsv", "json", "xml")
RDF_FORMATS = ("turtle", "nt", "nquads", "trig", "jsonld", "xml")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_PREFIXED = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
_PREFIXES = {"seckg": "https://w3id.org/seckg/ontology#", "id": ID,
             "skos": "http://www.w3.org/2004/02/skos/core#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
             "oa": "http://www.w3.org/ns/oa#", "prov": "http://www.w3.org/ns/prov#"}
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _plain(term: Term | None, short: bool = False) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    value = term.value
    if short and isinstance(term, ox.NamedNode):
        for prefix, short_form in ((ID, "id:"), ("https://w3id.org/seckg/ontology#", "seckg:")):
            if value.startswith(prefix):
                return short_form + value[len(prefix):]
    return value


def _table(result: Result, fmt: str) -> str:
    from tabulate import tabulate

    rows = [[_plain(r.get(v), short=True) for v in result.variables] for r in result.rows]
    style = "github" if fmt == "markdown" else "simple"
    if not rows:
        return tabulate([], headers=result.variables, tablefmt=style) + "\n(no rows)\n"
    return tabulate(rows, headers=result.variables, tablefmt=style, disable_numparse=True) + "\n"


def _csv(result: Result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for r in result.rows:
        writer.writerow([_plain(r.get(v)) for v in result.variables])
    return out.getvalue()


def _tsv(result: Result) -> str:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for r in result.rows:
        lines.append("\t".join("" if r.get(v) is None else str(r[v]) for v in result.variables))
    return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _json(result: Result) -> str:
    if result.form == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
    bindings = [{v: _json_term(t) for v, t in r.items() if t is not None} for r in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != _XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _xml(result: Result) -> str:
    lines = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    if result.form == "ASK":
        lines += ["  </head>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(lines) + "\n"
    lines += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
    lines += ["  </head>", "  <results>"]
    for r in result.rows:
        lines.append("    <result>")
        for v in result.variables:
            t = r.get(v)
            if t is not None:
                lines.append(f"      <binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
        lines.append("    </result>")
    lines += ["  </results>", "</sparql>"]
    return "\n".join(lines) + "\n"


def with_labels(result: Result, label_of) -> Result:  # type: ignore[no-untyped-def]
    """The same rows with a ``<var>Label`` column after every column that holds IRIs."""
    iri_vars = [v for v in result.variables if any(isinstance(r.get(v), ox.NamedNode) for r in result.rows)]
    if not iri_vars:
        return result
    cache: dict[str, Term | None] = {}
    variables: list[str] = []
    for v in result.variables:
        variables.append(v)
        if v in iri_vars and f"{v}Label" not in result.variables:
            variables.append(f"{v}Label")
    rows = []
    for r in result.rows:
        row = dict(r)
        for v in iri_vars:
            t = r.get(v)
            if isinstance(t, ox.NamedNode) and f"{v}Label" not in result.variables:
                if t.value not in cache:
                    label = label_of(t)
                    cache[t.value] = ox.Literal(label) if label is not None else None
                row[f"{v}Label"] = cache[t.value]
        rows.append(row)
    return Result(result.form, variables, rows)


def render(result: Result, fmt: str) -> str:
    """The result as text in ``fmt``."""
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        rdf_format = FORMATS.get(fmt, ox.RdfFormat.TURTLE)
        items: list = list(result.triples)
        if rdf_format.supports_datasets:  # N-Quads, TriG: the triples in the default graph
            items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in items]
        data = ox.serialize(items, format=rdf_format, prefixes=_PREFIXES if rdf_format in _PREFIXED else None)
        return (data or b"").decode("utf-8")
    if result.form == "ASK":
        if fmt == "json":
            return _json(result)
        if fmt == "xml":
            return _xml(result)
        return ("true" if result.boolean else "false") + "\n"
    if fmt in ("table", "markdown"):
        return _table(result, fmt)
    return {"csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}[fmt](result)
