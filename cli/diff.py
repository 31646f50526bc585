"""``seckg diff``: what changed in the knowledge between two versions of the graph or ontology."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .output import output_option, write_output


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="Plain text, Markdown (for a pull request) or the structured diff as JSON.")
@output_option
@click.option("--exit-code", is_flag=True,
              help="Exit 1 when there are changes, 0 when there are none (as git diff --exit-code).")
def diff(old: Path, new: Path, fmt: str, output: Path | None, exit_code: bool) -> None:
    """Show what changed between two versions of the graph or the ontology, fact by fact.

    Example: seckg diff old-data/ seckg-data/ -f markdown -o graph-diff.md

    OLD and NEW are RDF files (.ttl .nt .nq .trig .jsonld .rdf) or data dirs built by
    'seckg build' (folders holding seckg.trig). Named graphs are matched by name; renaming blank
    nodes is not a change. Added and removed triples are grouped by the class of their subject
    and, for facts read from a text, by the sentence they come from. Exits 0 whether or not
    there are changes, unless --exit-code is given.
    """
    import json

    from seckg.graph.diff import diff_graphs, load_version, render_markdown, render_text, to_json

    result = diff_graphs(load_version(old), load_version(new), old_name=str(old), new_name=str(new))
    if fmt == "json":
        text = json.dumps(to_json(result), indent=1, ensure_ascii=False) + "\n"
    elif fmt == "markdown":
        text = render_markdown(result)
    else:
        text = render_text(result)
    write_output(output, text)
    if exit_code and not result.equal:
        sys.exit(1)
