"""``seckg check``: validate the ontology and the data in one report, for people and for CI."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .context import App, pass_app


@click.command()
@click.option("--data", "data_files", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Check these RDF files or folders instead of the built store.")
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
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file (atomically) instead of stdout.")
@pass_app
def check(app: App, data_files: tuple[Path, ...], ontology_files: tuple[Path, ...], shapes_files: tuple[Path, ...],
          shacl_advanced: bool, generated_shapes: bool, only: str, fail_on: str, fmt: str,
          output: Path | None) -> None:
    """Validate the ontology and the graph: OWL (HermiT), SHACL, SPARQL rules, provenance.

    Example: seckg check --fail-on WARN -f junit -o reports/seckg.xml

    Checks the built store by default, or your own files (--data, --ontology, --shapes). Exits 0
    when no finding reaches --fail-on, 1 when one does; the time of each layer goes to stderr.
    """
    from seckg.graph.store import write_atomic
    from seckg.queries.reports import render_report
    from seckg.queries.validation import run_check

    layers = [x.strip() for x in only.split(",") if x.strip()]
    unknown = [x for x in layers if x not in ("owl", "shacl", "rules", "provenance")]
    if unknown or not layers:
        raise click.BadParameter(f"unknown layer(s) {', '.join(unknown) or '(none)'}; choose from owl, shacl, "
                                 "rules, provenance", param_hint="--only")
    report = run_check(data_dir=app.data_dir, data_files=data_files, ontology_files=ontology_files,
                       shapes_files=shapes_files, layers=layers, generated_shapes=generated_shapes,
                       shacl_advanced=shacl_advanced)
    text = render_report(report, fmt, fail_on)
    if output is not None:
        write_atomic(output, text.encode("utf-8"))
        app.log(f"wrote {output}")
    else:
        click.echo(text, nl=False)
    times = ", ".join(f"{k} {v:.1f}s" for k, v in report.seconds.items())
    counts = ", ".join(f"{report.count(s)} {s}" for s in ("ERROR", "WARN", "INFO"))
    failed = report.failed(fail_on)
    app.log(f"check: {'FAILED' if failed else 'passed'} ({counts}; fail on {fail_on}; {times})")
    if failed:
        sys.exit(1)
