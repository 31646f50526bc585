"""``seckg export``: the built dataset (data, ontology, reference lexicon) as RDF files, and its
VoID + DCAT description."""

from __future__ import annotations

from pathlib import Path

import click

from .context import App, pass_app
from .output import FormatChoice, output_option, write_output

EXPORT_FORMAT_CHOICES = ("turtle", "nt", "nquads", "trig", "jsonld", "xml")


@click.command("export")
@click.option("-f", "--format", "fmt", type=FormatChoice(EXPORT_FORMAT_CHOICES), default="turtle",
              show_default=True,
              help="RDF format (aliases: ttl, nq, rdfxml ...). nquads and trig keep the named graphs; "
                   "the others merge them.")
@output_option
@click.option("--part", type=click.Choice(["data", "ontology", "reference", "all"]), default="data",
              show_default=True,
              help="What to export: the extracted data, the ontology, the reference lexicon, or all.")
@click.option("--provenance/--no-provenance", default=True, show_default=True,
              help="--no-provenance: only the fact triples, merged, without the evidence nodes "
                   "and the seckg:hasEvidence links.")
@click.option("--inferred", is_flag=True,
              help="Add what the reasoner (HermiT, needs Java) infers from the ontology and the "
                   "data; in the graph https://w3id.org/seckg/graph/inferred for quad formats.")
@click.option("--void", "void", is_flag=True,
              help="Write a VoID + DCAT description of the dataset (Turtle) instead of the data.")
@click.option("--endpoint", metavar="URL", default=None,
              help="With --void: the SPARQL endpoint to name in the description.")
@click.option("--dumps-url", metavar="URL", default=None,
              help="With --void: where the build's dumps (seckg.trig, seckg.ttl) are published; "
                   "without it they are named by file: URLs.")
@pass_app
def export(app: App, fmt: str, output: Path | None, part: str, provenance: bool, inferred: bool,
           void: bool, endpoint: str | None, dumps_url: str | None) -> None:
    """Export the built graph as RDF (deterministic: the same store gives the same bytes).

    Example: seckg export -f trig --part all -o seckg-all.trig
    """
    if void:
        if inferred or part != "data" or not provenance:
            raise click.UsageError("--void describes the whole dataset: it takes no --part, "
                                   "--no-provenance or --inferred")
        if fmt != "turtle" and _given("fmt"):
            raise click.UsageError("--void writes Turtle only")
        data = app.kg.void(endpoint=endpoint, dumps_url=dumps_url)
    else:
        if endpoint or dumps_url:
            raise click.UsageError("--endpoint and --dumps-url are only for --void")
        size = _stream(app, output, fmt, part, provenance, inferred)
        if size is not None:
            app.log(f"wrote: {output} ({size} bytes)")
        return
    if write_output(output, data):
        app.log(f"wrote: {output} ({len(data)} bytes)")


def _stream(app: App, output: Path | None, fmt: str, part: str, provenance: bool, inferred: bool) -> int | None:
    """Write the export to stdout or, atomically, to ``output`` as the library produces it (no
    copy of the whole export in memory); the file's size, or None for stdout."""
    import os
    import sys
    import tempfile

    if output is None or str(output) == "-":
        app.kg.export_to(sys.stdout.buffer, fmt, part, provenance=provenance, inferred=inferred)
        sys.stdout.buffer.flush()
        return None
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            app.kg.export_to(f, fmt, part, provenance=provenance, inferred=inferred)
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as write_output: the mode the user's umask gives
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return output.stat().st_size


def _given(name: str) -> bool:
    ctx = click.get_current_context()
    source = ctx.get_parameter_source(name)
    return source is not None and source != click.core.ParameterSource.DEFAULT
