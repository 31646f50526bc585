"""The root ``seckg`` command: global options, the command groups, and the one place where
library errors become exit codes (see :class:`seckg.errors.ExitCode` and the README)."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from seckg import __version__
from seckg.errors import ExitCode, SeckgError

from .context import App

#: The exit status after the reader of stdout went away, as a process ended by SIGPIPE.
EXIT_BROKEN_PIPE = 141
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class SeckgCliError(click.ClickException):
    """A library error shown as one line, with the exit code of its class."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"seckg: error: {self.format_message()}", err=True)


class SeckgGroup(click.Group):
    """A group that maps :class:`SeckgError` (and bugs) to documented exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SeckgError as e:
            _maybe_traceback(ctx)
            raise SeckgCliError(str(e), int(e.exit_code)) from e
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # the reader went away (seckg query ... | head -1): stop quietly
            _quiet_broken_pipe()
        except KeyboardInterrupt:
            raise
        except Exception as e:  # a bug: one line, traceback with -v
            _maybe_traceback(ctx)
            raise SeckgCliError(
                f"internal error: {type(e).__name__}: {e} (run with -v for the traceback"
                " and please report it)",
                int(ExitCode.INTERNAL),
            ) from e


def _quiet_broken_pipe() -> None:
    """Leave quietly when stdout's reader has gone: no message, no error at exit when Python
    flushes stdout again, and the exit status of a process ended by SIGPIPE (128 + 13)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (tests)
        pass
    sys.exit(EXIT_BROKEN_PIPE)


def _maybe_traceback(ctx: click.Context) -> None:
    app = ctx.find_object(App)
    if app is not None and app.verbose:
        traceback.print_exc(file=sys.stderr)


@click.group("seckg", cls=SeckgGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="seckg")
@click.option("-v", "--verbose", count=True, help="More detail on stderr; tracebacks on errors.")
@click.option("-q", "--quiet", is_flag=True, help="Only results and errors; no progress or summaries.")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="SECKG_DATA_DIR",
    default="seckg-data",
    show_default=True,
    help="Folder of the embedded store and the build outputs [env: SECKG_DATA_DIR].",
)
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool, data_dir: Path) -> None:
    """seckg: turn analytical prose about states' security relations into a validated,
    queryable linked-data knowledge graph.

    Example: seckg build && seckg query run partnerships-of-state -p state=China
    """
    ctx.obj = App(verbose=verbose, quiet=quiet, data_dir=data_dir)


def _register() -> None:
    from . import build, check, diff, export, ontology, publish, push, query, serve

    cli.add_command(build.build)
    cli.add_command(build.extract)
    cli.add_command(build.ingest)
    cli.add_command(build.evaluate)
    cli.add_command(ontology.ontology)
    cli.add_command(query.query)
    cli.add_command(check.check)
    cli.add_command(diff.diff)
    cli.add_command(export.export)
    cli.add_command(serve.serve)
    cli.add_command(publish.publish)
    cli.add_command(push.push)


_register()


def main() -> None:
    """Entry point of the ``seckg`` console script."""
    try:
        cli.main(prog_name="seckg")
    except BrokenPipeError:  # raised while click itself writes (help, usage errors)
        _quiet_broken_pipe()
