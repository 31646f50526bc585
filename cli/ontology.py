"""``seckg ontology ...``: check the ontology, list its terms."""

from __future__ import annotations

import sys

import click

from .context import App, pass_app


@click.group()
def ontology() -> None:
    """Check and inspect the OWL ontology and its SHACL shapes.

    Example: seckg ontology check
    """


@ontology.command("check")
@pass_app
def check(app: App) -> None:
    """Load the ontology in rdflib and owlready2, reason with HermiT, validate its own shapes.

    Example: seckg ontology check

    Exits 0 when consistent, with no unsatisfiable class and no shape violation; 1 otherwise.
    """
    from seckg.ontology.check import check_ontology

    report = check_ontology()
    for f in report.findings:
        click.echo(f"{f.severity}\t{f.layer}\t{f.focus}\t{f.message}")
    times = ", ".join(f"{k} {v:.1f}s" for k, v in report.timings.items())
    errors = sum(1 for f in report.findings if f.severity == "error")
    app.log(f"ontology: {'passed' if errors == 0 else 'FAILED'} ({errors} errors, "
            f"{len(report.findings) - errors} other findings; {times})")
    if errors:
        sys.exit(1)
