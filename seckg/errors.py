"""Typed errors of the seckg library, and the exit codes the CLI maps them to.

The library raises these; only :mod:`seckg.cli.main` turns them into exit codes, in one place.
Every message is one line and, for input errors, names the file and the position.
"""

from __future__ import annotations

import re
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the ``seckg`` command (listed in the README)."""

    OK = 0
    #: The command ran and found problems (validation failed, ASK answered false, ...).
    FINDINGS = 1
    #: Bad usage: unknown option, missing argument (click's own code).
    USAGE = 2
    #: Bad input: a file that does not parse, a quote that is not in its text, ...
    INPUT = 3
    #: Input refused for safety: remote JSON-LD contexts, DTDs in RDF/XML, SERVICE/LOAD, ...
    UNSAFE = 4
    #: The store is missing, locked or damaged.
    STORE = 5
    #: The ontology itself is broken: inconsistent, unsatisfiable classes.
    ONTOLOGY = 6
    #: A query ran past its time or memory limit (--timeout, --max-memory) and was stopped.
    LIMIT = 7
    #: A bug in seckg: please report it (run with --verbose for the traceback).
    INTERNAL = 70


#: Characters that must not reach a terminal as they are: C0 and C1 controls (but tab and line
#: feed), DEL, and the bidirectional controls that reorder what is shown (U+202E ...).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def printable(text: str) -> str:
    """``text`` with control and bidirectional-control characters written as ``\\u`` and four
    hexadecimal digits (``\\u202e``), so that words from a file cannot rewrite a terminal or
    reorder what it shows."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SeckgError(Exception):
    """Base class of every error seckg raises on purpose (its message made printable)."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str) -> None:
        message = printable(message)
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(SeckgError):
    """A command or a function was called wrongly: a missing or unknown parameter, options that
    do not go together (exit code 2, as click's own usage errors)."""

    exit_code = ExitCode.USAGE


class InputError(SeckgError):
    """An input file or value is malformed; the message names the file and position."""

    exit_code = ExitCode.INPUT

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        where = ""
        if source is not None:
            where = source
            if line is not None:
                where += f":{line}"
                if column is not None:
                    where += f":{column}"
            where += ": "
        super().__init__(f"{where}{message}")
        self.source = source
        self.line = line
        self.column = column


class RDFSyntaxError(InputError):
    """An RDF file does not parse in its format."""


class QuerySyntaxError(InputError):
    """A SPARQL query or update does not parse."""


class AnnotationError(InputError):
    """A curated annotation is malformed or its quote is not found exactly once in its text."""


class UnsafeInputError(SeckgError):
    """RDF input was refused because parsing it would reach the network, the disk or blow up."""

    exit_code = ExitCode.UNSAFE


class UnsafeQueryError(SeckgError):
    """A SPARQL query uses an operation that is not allowed (SERVICE, LOAD, FROM, updates)."""

    exit_code = ExitCode.UNSAFE


class StoreError(SeckgError):
    """The store cannot be opened, is missing, or holds no built graph."""

    exit_code = ExitCode.STORE


class LimitError(SeckgError):
    """A query ran past its time or memory limit and was stopped (exit code 7)."""

    exit_code = ExitCode.LIMIT


class OntologyError(SeckgError):
    """The ontology is inconsistent or has unsatisfiable classes."""

    exit_code = ExitCode.ONTOLOGY
