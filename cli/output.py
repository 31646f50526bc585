"""What every command that emits data shares, so that all commands look alike: the output
options (``-f/--format`` with aliases, ``--labels``, ``-o/--output``), where queries run, and
writing a result to stdout or to a file (``-`` is stdout)."""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from seckg.api import FORMAT_ALIASES
from seckg.errors import printable
from seckg.limits import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT

FORMAT_CHOICES = ("table", "markdown", "csv", "tsv", "json", "xml", "turtle", "nt", "nquads", "trig", "jsonld")


class FormatChoice(click.Choice):
    """A choice of format that also takes the aliases of RDF formats (``ttl``, ``nq``,
    ``rdfxml`` ...) and gives the canonical name; the help lists the canonical names only."""

    name = "format"

    def __init__(self, choices: Sequence[str]) -> None:
        super().__init__(list(choices), case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            alias = FORMAT_ALIASES.get(value.strip().lower())
            if alias is not None and alias in self.choices:
                value = alias
        return super().convert(value, param, ctx)


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``-f/--format``, ``--labels`` and ``-o/--output``."""

    @click.option("-f", "--format", "fmt", type=FormatChoice(FORMAT_CHOICES), default=None,
                  help="Output format. SELECT: table (default on a terminal), markdown, csv, tsv, "
                       "json (default otherwise), xml. CONSTRUCT/DESCRIBE: turtle (default), nt, "
                       "nquads, trig, jsonld, xml (aliases: ttl, nq, rdfxml ...).")
    @click.option("--labels", is_flag=True, help="Add a label column beside every column of IRIs.")
    @output_option
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    return wrapper


def output_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``-o/--output FILE`` ('-' is stdout, the default)."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
                        default=None,
                        help="Write to this file (atomically) instead of stdout ('-': stdout).")(fn)


def _remember_limit(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Keep a query limit where :attr:`App.kg <cli.context.App.kg>` finds it (``ctx.meta``)."""
    ctx.meta[f"seckg.query_{param.name}"] = value
    return value


def target_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Where a query runs: the embedded store (default), RDF files, or a SPARQL endpoint."""

    @click.option("--endpoint", metavar="URL", default=None,
                  help="Query a remote SPARQL 1.1 endpoint instead of the embedded store.")
    @click.option("--data", "data_files", multiple=True, type=click.Path(exists=True, path_type=Path),
                  help="Query these RDF files or folders (loaded in memory) instead of the store.")
    @click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_TIMEOUT,
                  show_default=True, callback=_remember_limit,
                  help="Seconds the query may run; then it is stopped (exit code 7). On an endpoint: "
                       "a deadline for its whole answer (exit code 5).")
    @click.option("--max-memory", metavar="MB", type=click.IntRange(min=64), default=DEFAULT_MAX_MEMORY,
                  show_default=True, expose_value=False, callback=_remember_limit,
                  help="Memory the query may take beyond what seckg holds (RLIMIT_AS; the embedded store "
                       "and --data); "
                       "past it the query is stopped (exit code 7).")
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    return wrapper


def default_format(form: str, fmt: str | None, output: Path | None = None) -> str:
    if fmt is not None:
        return fmt
    if form in ("CONSTRUCT", "DESCRIBE"):
        return "turtle"
    if form == "ASK":
        return "table"  # the word
    to_terminal = (output is None or str(output) == "-") and sys.stdout.isatty()
    return "table" if to_terminal else "json"


def write_output(output: Path | None, data: str | bytes) -> bool:
    """Write ``data`` to stdout (``output`` None or ``-``) or to the file ``output``, atomically
    and with the permissions the user's umask gives (a web server may read what you export).
    Returns True when a file was written."""
    if output is None or str(output) == "-":
        if isinstance(data, str) and _to_terminal():
            data = printable(data)  # words from a text must not rewrite or reorder the terminal
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return False
    write_file(Path(output), raw)
    return True


def _to_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def write_file(path: Path, data: bytes) -> None:
    """Readers see the old or the new content, never half of it; the mode is 0666 less the umask."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def complete_query_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of stored query names."""
    from click.shell_completion import CompletionItem

    from seckg.api import stored_queries

    return [CompletionItem(name, help=q.title) for name, q in stored_queries().items()
            if name.startswith(incomplete)]
