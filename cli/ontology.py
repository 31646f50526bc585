"""``seckg ontology ...``: check the ontology, list its terms."""

from __future__ import annotations

import sys

import click

from seckg.errors import ExitCode
from seckg.limits import DEFAULT_REASONER_TIMEOUT

from .context import App, pass_app


@click.group()
def ontology() -> None:
    """Check and inspect the OWL ontology and its SHACL shapes.

    Example: seckg ontology check
    """


@ontology.command("check")
@click.option("--reasoner-timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_REASONER_TIMEOUT,
              show_default=True, metavar="SECONDS",
              help="Seconds HermiT may run; then Java is stopped and the command exits 6.")
@pass_app
def check(app: App, reasoner_timeout: float) -> None:
    """Load the ontology in rdflib and owlready2, reason with HermiT, validate its own shapes.

    Example: seckg ontology check

    Exits 0 when consistent, with no unsatisfiable class and no shape violation; 1 otherwise;
    6 when the reasoner could not run (no Java, a failure, past --reasoner-timeout).
    """
    from seckg.ontology.check import check_ontology

    report = check_ontology(reasoner_timeout=reasoner_timeout)
    for f in report.findings:
        click.echo(f"{f.severity}\t{f.layer}\t{f.focus}\t{f.message}")
    times = ", ".join(f"{k} {v:.1f}s" for k, v in report.timings.items())
    errors = sum(1 for f in report.findings if f.severity == "error")
    app.log(f"ontology: {'passed' if errors == 0 else 'FAILED'} ({errors} errors, "
            f"{len(report.findings) - errors} other findings; {times})")
    if report.reasoner_error is not None:
        sys.exit(int(ExitCode.ONTOLOGY))
    if errors:
        sys.exit(1)
