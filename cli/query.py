"""``seckg query``: stored SPARQL queries and your own, on the embedded store, RDF files or an
endpoint."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .context import App, pass_app
from .output import (
    complete_query_names,
    default_format,
    output_options,
    target_options,
    write_output,
)

if TYPE_CHECKING:
    from seckg.api import QueryResult


def _target(app: App, endpoint: str | None, data_files: tuple[Path, ...], timeout: float,  # type: ignore[no-untyped-def]
            union: str | None = None, allow_from: bool = False):
    if endpoint and data_files:
        raise click.UsageError("give --endpoint or --data, not both")
    if (union is not None or allow_from) and not endpoint:
        raise click.UsageError("--union and --allow-from are for a remote endpoint (--endpoint URL)")
    if endpoint and (union is not None or allow_from):
        from seckg.queries.engine import EndpointTarget

        return EndpointTarget(endpoint, timeout, union=union, allow_from=allow_from)
    return app.kg.target(endpoint=endpoint, data=data_files, timeout=timeout)


def _check_union(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None or value in ("auto", "server", "graphs"):
        return value
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", value):
        raise click.BadParameter(f"{value!r}: expected server, graphs, auto or the IRI of the server's union graph")
    return value


def remote_options(fn):  # type: ignore[no-untyped-def]
    """How a query reaches a remote endpoint (--endpoint only)."""
    fn = click.option("--allow-from", is_flag=True, default=False,
                      help="With --endpoint: let FROM / FROM NAMED through (refused by default: some servers "
                           "fetch what they name). Never for the embedded store or --data.")(fn)
    return click.option("--union", metavar="server|graphs|IRI", default=None, callback=_check_union,
                        help="With --endpoint: what the server's default graph is. 'server': already the "
                             "union of the named graphs (Oxigraph --union-default-graph), send queries as "
                             "they are; 'graphs': query the merge of all its named graphs; an IRI: the "
                             "server's union graph (Fuseki: urn:x-arq:UnionGraph). Default: "
                             "SECKG_ENDPOINT_UNION, else 'auto' (ask the server once, warn if not a union). "
                             "Overrides SECKG_ENDPOINT_UNION.")(fn)


def _emit(app: App, result: QueryResult, fmt: str | None, output: Path | None) -> None:
    from seckg.queries.formats import RDF_FORMATS, SELECT_FORMATS

    fmt = default_format(result.form, fmt, output)
    if result.form == "SELECT" and fmt not in SELECT_FORMATS:
        raise click.UsageError(f"a SELECT query's results cannot be written as {fmt}; use one of {', '.join(SELECT_FORMATS)}")
    if result.form in ("CONSTRUCT", "DESCRIBE") and fmt not in RDF_FORMATS:
        raise click.UsageError(f"a {result.form} query gives RDF; use one of {', '.join(RDF_FORMATS)}")
    if write_output(output, result.render(fmt)):
        app.log(f"wrote: {output}")
    if result.form == "SELECT":
        app.debug(f"{len(result)} row(s)")
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
@remote_options
@output_options
@pass_app
@click.pass_context
def query(ctx: click.Context, app: App, expression: str | None, query_file, endpoint: str | None,  # type: ignore[no-untyped-def]
          data_files: tuple[Path, ...], timeout: float, fmt: str | None, labels: bool,
          output: Path | None, union: str | None = None, allow_from: bool = False) -> None:
    """Ask the graph questions: stored queries (list, show, run) or your own SPARQL.

    Example: seckg query -e 'SELECT ?s WHERE { ?s a <https://w3id.org/seckg/ontology#Partnership> }'

    Queries run on the embedded store (the default graph is the union of all graphs), on RDF
    files (--data) or on a SPARQL endpoint (--endpoint). SERVICE, FROM and updates are refused
    (FROM is let through for an endpoint with --allow-from). On an endpoint whose default graph
    is not the union of its named graphs, --union (or SECKG_ENDPOINT_UNION) says how to reach
    them. ASK prints true or false and exits 0 or 1.
    """
    if ctx.invoked_subcommand is not None:
        return
    if expression is None and query_file is None:
        click.echo(ctx.get_help())
        return
    if expression is not None and query_file is not None:
        raise click.UsageError("give -e or --file, not both")
    text = expression if expression is not None else query_file.read()
    target = _target(app, endpoint, data_files, timeout, union, allow_from)
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", text.strip()):
        raise click.UsageError(f"{text.strip()!r} is not SPARQL; run a stored query with: "
                               f"seckg query run {text.strip()}")
    _emit(app, app.kg.query(text, target=target, labels=labels), fmt, output)


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
@click.argument("name", shell_complete=complete_query_names)
def show(name: str) -> None:
    """Print a stored query: its header and its SPARQL.

    Example: seckg query show partnerships-of-state
    """
    from seckg.queries.catalogue import get_query

    click.echo(get_query(name).text, nl=False)


@query.command("run")
@click.argument("name", shell_complete=complete_query_names)
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value (repeatable); entities by label or IRI.")
@target_options
@remote_options
@output_options
@pass_app
def run(app: App, name: str, params: tuple[str, ...], endpoint: str | None, data_files: tuple[Path, ...],
        timeout: float, fmt: str | None, labels: bool, output: Path | None, union: str | None = None,
        allow_from: bool = False) -> None:
    """Run a stored query with its parameters.

    Example: seckg query run partnerships-of-state -p state=China -f csv
    """
    from seckg.api import get_stored_query

    get_stored_query(name)  # a misspelled name fails before the store is opened
    target = _target(app, endpoint, data_files, timeout, union, allow_from)
    _emit(app, app.kg.query(name, _parse_params(params), target=target, labels=labels), fmt, output)
