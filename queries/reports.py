"""Writing a check report: a table for people, Markdown for a pull request, JSON (with the JSON
Schema shipped beside it, ``report.schema.json``), JUnit XML for CI systems, and the SHACL
validation report graph in Turtle."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

from seckg.iribase import ID

from .validation import LAYERS, CheckReport, Finding

__all__ = ["REPORT_FORMATS", "render_report"]

REPORT_FORMATS = ("table", "markdown", "json", "junit", "shacl")


def _short(iri: str | None) -> str:
    if not iri:
        return ""
    for prefix, short in ((ID, "id:"), ("https://w3id.org/seckg/ontology#", "seckg:")):
        if iri.startswith(prefix):
            return short + iri[len(prefix):]
    return iri


def _focus(f: Finding) -> str:
    return _short(f.focus) + (f" ({f.focus_label})" if f.focus_label else "")


def _table(report: CheckReport, markdown: bool) -> str:
    from tabulate import tabulate

    rows = [[f.severity, f.layer, _focus(f)[:70], _short(f.property), (f.value or "")[:40], f.message,
             (f"{f.span}: “{(f.evidence or '')[:80]}”" if f.span else "")] for f in report.findings]
    head = ["severity", "layer", "focus", "property", "value", "message", "evidence"]
    counts = ", ".join(f"{report.count(s)} {s}" for s in ("ERROR", "WARN", "INFO"))
    # no times here: the same input gives the same report, byte for byte (they go to stderr)
    if markdown:
        lines = [f"## seckg check: {counts}", "", f"Checked {report.inputs}.", ""]
        if rows:
            lines.append(tabulate(rows, headers=head, tablefmt="github"))
        else:
            lines.append("No findings.")
        return "\n".join(lines) + "\n"
    table = tabulate(rows, headers=head, tablefmt="simple") if rows else "no findings"
    return f"{table}\n\n{counts} ({report.inputs})\n"


def _junit(report: CheckReport, fail_on: str) -> str:
    rank = {"ERROR": 3, "WARN": 2, "INFO": 1}
    threshold = 99 if fail_on == "none" else rank[fail_on]
    suites = []
    for layer in LAYERS:
        if layer not in report.seconds:
            continue
        findings = [f for f in report.findings if f.layer == layer]
        failures = sum(1 for f in findings if rank[f.severity] >= threshold)
        cases = []
        for i, f in enumerate(findings):
            name = f"{f.severity} {_short(f.focus) or layer} #{i + 1}"
            body = escape(f"{f.message}\nfocus: {f.focus or ''}\nproperty: {f.property or ''}\n"
                          f"value: {f.value or ''}\nsource: {f.source or ''}\n"
                          f"evidence: {f.span or ''} {f.evidence or ''}")
            tag = "failure" if rank[f.severity] >= threshold else "system-out"
            attrs = f" message={quoteattr(f.message)} type={quoteattr(f.severity)}" if tag == "failure" else ""
            cases.append(f'    <testcase classname={quoteattr("seckg." + layer + "." + (f.source or layer))} '
                         f'name={quoteattr(name)} time="0"><{tag}{attrs}>{body}</{tag}></testcase>')
        if not findings:
            cases.append(f'    <testcase classname="seckg.{layer}" name="{layer}: no findings" time="0"/>')
        suites.append(f'  <testsuite name="seckg {layer}" tests="{max(len(findings), 1)}" failures="{failures}" '
                      f'errors="0" skipped="0" time="{report.seconds[layer]:.3f}">\n' + "\n".join(cases) + "\n  </testsuite>")
    total = sum(max(1, sum(1 for f in report.findings if f.layer == la)) for la in report.seconds)
    fails = sum(1 for f in report.findings if rank[f.severity] >= threshold)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="seckg check" tests="{total}" failures="{fails}" errors="0" '
            f'time="{sum(report.seconds.values()):.3f}">\n' + "\n".join(suites) + "\n</testsuites>\n")


def render_report(report: CheckReport, fmt: str, fail_on: str = "ERROR") -> str:
    if fmt in ("table", "markdown"):
        return _table(report, fmt == "markdown")
    if fmt == "json":
        data = report.as_dict()
        data["fail_on"] = fail_on
        data["failed"] = report.failed(fail_on)
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if fmt == "junit":
        return _junit(report, fail_on)
    if fmt == "shacl":
        if report.shacl_report is None:
            return "# the shacl layer did not run\n"
        from rdflib.compare import to_canonical_graph

        # canonical blank node labels, so that the same input gives the same bytes
        return to_canonical_graph(report.shacl_report).serialize(format="turtle")
    raise ValueError(fmt)
