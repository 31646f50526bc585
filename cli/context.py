"""Shared state of one ``seckg`` invocation, passed to commands with :data:`pass_app`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import click

#: Where the embedded store and the build outputs live unless ``--data-dir`` says otherwise.
DEFAULT_DATA_DIR = "seckg-data"


@dataclass
class App:
    """Options of the root command that every subcommand may need."""

    verbose: int = 0
    quiet: bool = False
    data_dir: Path = field(default_factory=lambda: Path(os.environ.get("SECKG_DATA_DIR", DEFAULT_DATA_DIR)))

    def log(self, message: str) -> None:
        """A progress or summary line on stderr (silenced by ``--quiet``)."""
        if not self.quiet:
            click.echo(message, err=True)

    def debug(self, message: str) -> None:
        """A detail line on stderr, shown with ``-v``."""
        if self.verbose and not self.quiet:
            click.echo(message, err=True)


pass_app = click.make_pass_decorator(App, ensure=True)
