"""Options shared by every command that emits query results, so that all commands look alike."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

FORMAT_CHOICES = ("table", "markdown", "csv", "tsv", "json", "xml", "turtle", "nt", "nquads", "trig", "jsonld")


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``-f/--format`` and ``--labels``."""

    @click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_CHOICES), default=None,
                  help="Output format. SELECT: table (default on a terminal), markdown, csv, tsv, "
                       "json (default otherwise), xml. CONSTRUCT/DESCRIBE: turtle (default), nt, "
                       "nquads, trig, jsonld, xml.")
    @click.option("--labels", is_flag=True, help="Add a label column beside every column of IRIs.")
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    return wrapper


def target_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Where a query runs: the embedded store (default), RDF files, or a SPARQL endpoint."""

    @click.option("--endpoint", metavar="URL", default=None,
                  help="Query a remote SPARQL 1.1 endpoint instead of the embedded store.")
    @click.option("--data", "data_files", multiple=True, type=click.Path(exists=True, path_type=Path),
                  help="Query these RDF files or folders (loaded in memory) instead of the store.")
    @click.option("--timeout", type=float, default=30.0, show_default=True,
                  help="Seconds to wait for a remote endpoint.")
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    return wrapper


def default_format(form: str, fmt: str | None) -> str:
    if fmt is not None:
        return fmt
    if form in ("CONSTRUCT", "DESCRIBE"):
        return "turtle"
    if form == "ASK":
        return "table"  # the word
    return "table" if sys.stdout.isatty() else "json"
