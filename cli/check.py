"""``seckg check``: validate the ontology and the data in one report, for people and for CI."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from seckg.limits import DEFAULT_REASONER_TIMEOUT

from .context import App, pass_app
from .output import output_option, write_output


@click.command()
@click.option("--data", "data_files", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Check these RDF files or folders instead of the built store.")
@click.option("--endpoint", metavar="URL", default=None,
              help="Check the graph a SPARQL endpoint holds (read into memory; credentials from"
                   " SECKG_ENDPOINT_TOKEN or SECKG_ENDPOINT_USER/PASSWORD; a private CA from"
                   " SECKG_ENDPOINT_CA).")
@click.option("--ontology", "ontology_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Check against this ontology (files merged) instead of seckg's.")
@click.option("--shapes", "shapes_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="More SHACL shapes to validate the data with.")
@click.option("--shacl-advanced", is_flag=True,
              help="Let --shapes use SHACL advanced features (rules, functions, custom targets); their "
                   "queries are screened like any other.")
@click.option("--generated-shapes", is_flag=True,
              help="Also validate with the shapes generated from the ontology's domains, ranges and cardinalities.")
@click.option("--only", default=",".join(("owl", "shacl", "rules", "provenance")), show_default=True,
              help="Comma-separated layers to run: owl, shacl, rules, provenance.")
@click.option("--fail-on", type=click.Choice(["ERROR", "WARN", "INFO", "none"]), default="ERROR", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "markdown", "json", "junit", "shacl"]),
              default="table", show_default=True, help="Report format.")
@click.option("--shacl-engine", type=click.Choice(["auto", "pyrudof", "pyshacl"]), default="auto", show_default=True,
              help="SHACL engine: auto takes pyrudof for shapes whose results it gives as pySHACL does (the "
                   "shipped data shapes; much faster on large graphs) and pySHACL for any other; pyrudof "
                   "fails on shapes it cannot take; pyshacl everywhere.")
@click.option("--reasoner-timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_REASONER_TIMEOUT,
              show_default=True, metavar="SECONDS",
              help="Seconds HermiT and Pellet may run in all; then Java is stopped and the owl layer "
                   "reports an ERROR finding saying so.")
@output_option
@pass_app
def check(app: App, data_files: tuple[Path, ...], endpoint: str | None, ontology_files: tuple[Path, ...], shapes_files: tuple[Path, ...],
          shacl_advanced: bool, generated_shapes: bool, only: str, fail_on: str, fmt: str, shacl_engine: str,
          reasoner_timeout: float, output: Path | None) -> None:
    """Validate the ontology and the graph: OWL (HermiT), SHACL, SPARQL rules, provenance.

    Example: seckg check --fail-on WARN -f junit -o reports/seckg.xml

    Checks the built store by default, your own files (--data, --ontology, --shapes), or the
    graph a SPARQL server holds (--endpoint). Exits 0
    when no finding reaches --fail-on, 1 when one does; the time of each layer goes to stderr.
    """
    from seckg.queries.reports import render_report

    layers = [x.strip() for x in only.split(",") if x.strip()]
    unknown = [x for x in layers if x not in ("owl", "shacl", "rules", "provenance")]
    if unknown or not layers:
        raise click.BadParameter(f"unknown layer(s) {', '.join(unknown) or '(none)'}; choose from owl, shacl, "
                                 "rules, provenance", param_hint="--only")
    with contextlib.ExitStack() as stack:
        if endpoint:
            if data_files:
                raise click.UsageError("give --endpoint or --data, not both")
            from seckg.queries.remote import endpoint_as_file

            data_files = (stack.enter_context(endpoint_as_file(endpoint)),)
        with app.progress("checking") as progress:
            report = app.kg.check(data=data_files, ontology=ontology_files, shapes=shapes_files, layers=layers,
                                  generated_shapes=generated_shapes, shacl_advanced=shacl_advanced,
                                  progress=progress, reasoner_timeout=reasoner_timeout,
                                  shacl_engine=shacl_engine)
    if endpoint:  # not the temporary file it was read into
        from seckg.queries.remote import _where

        report.inputs = f"endpoint {_where(endpoint)}"
    if write_output(output, render_report(report, fmt, fail_on)):
        app.log(f"wrote {output}")
    times = ", ".join(f"{k} {v:.1f}s" for k, v in report.seconds.items())
    counts = ", ".join(f"{report.count(s)} {s}" for s in ("ERROR", "WARN", "INFO"))
    failed = report.failed(fail_on)
    app.log(f"check: {'FAILED' if failed else 'passed'} ({counts}; fail on {fail_on}; {times})")
    if failed:
        sys.exit(1)
