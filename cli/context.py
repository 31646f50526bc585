"""Shared state of one ``seckg`` invocation, passed to commands with :data:`pass_app`: the
options of the root command, the :class:`~seckg.api.KnowledgeGraph` they open, and the lines
and progress bars that go to stderr."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import click

from seckg.api import DEFAULT_DATA_DIR, KnowledgeGraph, Progress


@dataclass
class App:
    """Options of the root command that every subcommand may need."""

    verbose: int = 0
    quiet: bool = False
    data_dir: Path = field(default_factory=lambda: Path(os.environ.get("SECKG_DATA_DIR", DEFAULT_DATA_DIR)))

    @property
    def kg(self) -> KnowledgeGraph:
        """The knowledge graph of ``--data-dir``, with the query limits of ``--timeout`` and
        ``--max-memory`` when the command has them."""
        ctx = click.get_current_context(silent=True)
        meta = ctx.meta if ctx is not None else {}
        return KnowledgeGraph(self.data_dir, query_timeout=meta.get("seckg.query_timeout"),
                              query_max_memory=meta.get("seckg.query_max_memory"))

    def log(self, message: str) -> None:
        """A progress or summary line on stderr (silenced by ``--quiet``)."""
        if not self.quiet:
            click.echo(message, err=True)

    def debug(self, message: str) -> None:
        """A detail line on stderr, shown with ``-v``."""
        if self.verbose and not self.quiet:
            click.echo(message, err=True)

    @contextmanager
    def progress(self, description: str) -> Iterator[Progress | None]:
        """A progress bar on stderr for a long step, shown only when stderr is a terminal and
        ``--quiet`` is not given; yields the callback to hand to the library (or None)."""
        if self.quiet or not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
            yield None
            return
        try:
            import rich.progress as rp
            from rich.console import Console
        except ImportError:  # rich comes with spaCy's dependencies; without it, no bar
            yield None
            return
        columns = (rp.SpinnerColumn(), rp.TextColumn("{task.description}"), rp.BarColumn(),
                   rp.MofNCompleteColumn(), rp.TimeElapsedColumn())
        with rp.Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task(description, total=None)

            def update(step: str, done: int, total: int | None) -> None:
                bar.update(task, description=f"{description}: {step}", completed=done, total=total)

            yield update


pass_app = click.make_pass_decorator(App, ensure=True)
