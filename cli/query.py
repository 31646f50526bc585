"""``seckg query``: stored SPARQL queries and your own, on the embedded store, RDF files or an
endpoint."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .context import App, pass_app
from .output import default_format, output_options, target_options


def _target(app: App, endpoint: str | None, data_files: tuple[Path, ...], timeout: float):  # type: ignore[no-untyped-def]
    from seckg.queries.engine import EndpointTarget, StoreTarget, files_target

    if endpoint and data_files:
        raise click.UsageError("give --endpoint or --data, not both")
    if endpoint:
        return EndpointTarget(endpoint, timeout)
    if data_files:
        return files_target(data_files)
    return StoreTarget.embedded(app.data_dir)


def _emit(result, fmt: str | None, labels: bool, target) -> None:  # type: ignore[no-untyped-def]
    from seckg.queries.formats import RDF_FORMATS, SELECT_FORMATS, render, with_labels
    from seckg.queries.params import label_of

    fmt = default_format(result.form, fmt)
    if result.form == "SELECT" and fmt not in SELECT_FORMATS:
        raise click.UsageError(f"a SELECT query's results cannot be written as {fmt}; use one of {', '.join(SELECT_FORMATS)}")
    if result.form in ("CONSTRUCT", "DESCRIBE") and fmt not in RDF_FORMATS:
        raise click.UsageError(f"a {result.form} query gives RDF; use one of {', '.join(RDF_FORMATS)}")
    if labels and result.form == "SELECT":
        result = with_labels(result, lambda t: label_of(t, target))
    click.echo(render(result, fmt), nl=False)
    if result.form == "ASK" and not result.boolean:
        sys.exit(1)


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in params:
        if "=" not in item:
            raise click.BadParameter(f"{item!r}: expected NAME=VALUE", param_hint="-p")
        name, value = item.split("=", 1)
        values[name.strip()] = value
    return values


@click.group(invoke_without_command=True)
@click.option("-e", "--expression", metavar="SPARQL", help="Run this SPARQL query.")
@click.option("--file", "query_file", type=click.File("r", encoding="utf-8"),
              help="Run the SPARQL query in this file ('-' reads stdin).")
@target_options
@output_options
@pass_app
@click.pass_context
def query(ctx: click.Context, app: App, expression: str | None, query_file, endpoint: str | None,  # type: ignore[no-untyped-def]
          data_files: tuple[Path, ...], timeout: float, fmt: str | None, labels: bool) -> None:
    """Ask the graph questions: stored queries (list, show, run) or your own SPARQL.

    Example: seckg query -e 'SELECT ?s WHERE { ?s a <https://w3id.org/seckg/ontology#Partnership> }'

    Queries run on the embedded store (the default graph is the union of all graphs), on RDF
    files (--data) or on a SPARQL endpoint (--endpoint). SERVICE, FROM and updates are refused.
    ASK prints true or false and exits 0 or 1.
    """
    if ctx.invoked_subcommand is not None:
        return
    if expression is None and query_file is None:
        click.echo(ctx.get_help())
        return
    if expression is not None and query_file is not None:
        raise click.UsageError("give -e or --file, not both")
    text = expression if expression is not None else query_file.read()
    source = "<-e>" if expression is not None else getattr(query_file, "name", "<file>")
    target = _target(app, endpoint, data_files, timeout)
    _emit(target.execute(text, source=source), fmt, labels, target)


@query.command("list")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "markdown", "json"]), default="table",
              show_default=True)
def list_queries(fmt: str) -> None:
    """List the stored queries: name, title, tags and parameters.

    Example: seckg query list -f markdown
    """
    import json

    from seckg.queries.catalogue import load_catalogue

    catalogue = load_catalogue()
    if fmt == "json":
        click.echo(json.dumps([{"name": q.name, "title": q.title, "description": q.description, "form": q.form,
                                "tags": list(q.tags), "columns": list(q.columns),
                                "params": [{"name": p.name, "type": p.type, "required": p.required,
                                            "default": p.default, "kinds": list(p.kinds),
                                            "description": p.description} for p in q.params]}
                               for q in catalogue.values()], indent=1))
        return
    from tabulate import tabulate

    rows = [[q.name, q.title, ", ".join(q.tags),
             ", ".join(f"{p.name}{'' if p.required else '?'}:{p.type}" for p in q.params)]
            for q in catalogue.values()]
    click.echo(tabulate(rows, headers=["name", "title", "tags", "params"],
                        tablefmt="github" if fmt == "markdown" else "simple"))


@query.command("show")
@click.argument("name")
def show(name: str) -> None:
    """Print a stored query: its header and its SPARQL.

    Example: seckg query show partnerships-of-state
    """
    from seckg.queries.catalogue import get_query

    click.echo(get_query(name).text, nl=False)


@query.command("run")
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value (repeatable); entities by label or IRI.")
@target_options
@output_options
@pass_app
def run(app: App, name: str, params: tuple[str, ...], endpoint: str | None, data_files: tuple[Path, ...],
        timeout: float, fmt: str | None, labels: bool) -> None:
    """Run a stored query with its parameters.

    Example: seckg query run partnerships-of-state -p state=China -f csv
    """
    from seckg.queries.catalogue import get_query
    from seckg.queries.params import bind_params

    stored = get_query(name)
    target = _target(app, endpoint, data_files, timeout)
    bindings = bind_params(stored, _parse_params(params), target)
    _emit(target.execute(stored.text, bindings, source=stored.source), fmt, labels, target)
