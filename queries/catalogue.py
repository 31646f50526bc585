"""Stored queries: ``queries/*.rq`` files whose ``#+`` comment header (grlc style) makes them
self-describing: title, description, tags, typed parameters, columns, an example.

The header is the run of lines at the top that start with ``#+ ``; with that prefix removed they
form a YAML mapping. The file stays valid SPARQL. A malformed header is an
:class:`~seckg.errors.InputError` naming the file and the line.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from seckg.errors import InputError
from seckg.iribase import rebase_text

__all__ = ["Param", "StoredQuery", "parse_stored_query", "load_catalogue", "load_checks", "get_query",
           "PARAM_TYPES", "SEVERITIES"]

PARAM_TYPES = ("entity", "iri", "string", "integer", "year", "date")
SEVERITIES = ("ERROR", "WARN", "INFO")


@dataclass(frozen=True)
class Param:
    """A typed parameter: a SPARQL variable the engine binds."""

    name: str
    type: str
    required: bool = False
    default: str | None = None
    kinds: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class StoredQuery:
    name: str
    title: str
    description: str
    text: str
    form: str
    params: tuple[Param, ...] = ()
    tags: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    example: str = ""
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def _header(text: str, source: str) -> tuple[dict[str, Any], int]:
    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            lines.append(line[3:] if line.startswith("#+ ") else line[2:])
        else:
            break
    if not lines:
        raise InputError("no '#+' header (title, description, params, columns)", source=source, line=1)
    try:
        data = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError(f"malformed header: {getattr(e, 'problem', e)}", source=source,
                         line=mark.line + 1 if mark else 1) from None
    if not isinstance(data, dict):
        raise InputError("the header must be a YAML mapping", source=source, line=1)
    return data, len(lines)


_FORM = re.compile(r"^\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE | re.MULTILINE)


def _form(text: str) -> str | None:
    """The query form, read cheaply (the full parse and the screen run when the query runs)."""
    body = "\n".join(line for line in text.splitlines()
                     if not line.lstrip().startswith(("#", "PREFIX", "prefix", "BASE", "base")))
    m = _FORM.search(body)
    return m.group(1).upper() if m else None


def _line_of(text: str, key: str) -> int:
    for i, line in enumerate(text.splitlines(), 1):
        if line.startswith("#+") and line[2:].strip().startswith(f"{key}:"):
            return i
    return 1


def parse_stored_query(text: str, name: str, source: str) -> StoredQuery:
    """A stored query from its text, its header checked (the SPARQL is screened when it runs).
    IRIs of the default instance space move to ``SECKG_BASE`` when it is set."""
    text = rebase_text(text)
    data, _n = _header(text, source)
    for key in ("title", "description"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise InputError(f"the header needs a '{key}'", source=source, line=_line_of(text, key))
    params = []
    for i, p in enumerate(data.get("params") or []):
        where = {"source": source, "line": _line_of(text, "params")}
        if not isinstance(p, dict) or not isinstance(p.get("name"), str):
            raise InputError(f"parameter {i + 1} needs a name", **where)
        ptype = p.get("type", "string")
        if ptype not in PARAM_TYPES:
            raise InputError(f"parameter {p['name']!r}: type {ptype!r} is not one of {', '.join(PARAM_TYPES)}", **where)
        if f"?{p['name']}" not in text and f"${p['name']}" not in text:
            raise InputError(f"parameter {p['name']!r} is not a variable of the query", **where)
        kinds = p.get("kinds") or []
        params.append(Param(p["name"], ptype, bool(p.get("required", False)),
                            None if p.get("default") is None else str(p["default"]),
                            tuple(kinds if isinstance(kinds, list) else [kinds]),
                            str(p.get("description", ""))))
    form = _form(text)
    if form is None:
        raise InputError("not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)", source=source)
    tags = data.get("tags") or []
    columns = data.get("columns") or []
    extra: dict[str, Any] = {}
    if "severity" in data:
        if data["severity"] not in SEVERITIES:
            raise InputError(f"severity must be one of {', '.join(SEVERITIES)}", source=source,
                             line=_line_of(text, "severity"))
        extra["severity"] = data["severity"]
    return StoredQuery(name, str(data["title"]).strip(), " ".join(str(data["description"]).split()), text,
                       form, tuple(params), tuple(str(t) for t in tags),
                       tuple(str(c) for c in columns), str(data.get("example", "")), source, extra)


@functools.lru_cache(maxsize=256)
def _parsed(text: str, name: str, source: str) -> StoredQuery:
    """:func:`parse_stored_query`, once per text: parsing the YAML header took about 13 ms, most
    of the time of a small stored query run through the API (the file is still read on every call,
    so an edited query is parsed again). Errors are not cached."""
    return parse_stored_query(text, name, source)


def load_catalogue(folder: Path | None = None) -> dict[str, StoredQuery]:
    """Every stored query shipped in ``queries/`` (or in ``folder``), by name."""
    if folder is None:
        entries = [(p.name, p.read_text(encoding="utf-8"), f"queries/{p.name}")
                   for p in files("seckg.queries").iterdir() if p.name.endswith(".rq")]
    else:
        entries = [(p.name, p.read_text(encoding="utf-8"), str(p)) for p in Path(folder).glob("*.rq")]
    catalogue = {}
    for filename, text, source in sorted(entries):
        name = filename.removesuffix(".rq")
        catalogue[name] = _parsed(text, name, source)
    return catalogue


def load_checks() -> dict[str, StoredQuery]:
    """The checks of ``queries/checks/``: queries that must return no rows, each with a severity
    (``*-violation.rq``, as in ROBOT report / the Ontology Development Kit)."""
    folder = files("seckg.queries").joinpath("checks")
    checks = {}
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        if p.name.endswith(".rq"):
            name = p.name.removesuffix(".rq")
            q = parse_stored_query(p.read_text(encoding="utf-8"), name, f"queries/checks/{p.name}")
            if "severity" not in q.extra:
                raise InputError("a check needs a 'severity' (ERROR, WARN or INFO)", source=q.source, line=1)
            checks[name] = q
    return checks


_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


@functools.lru_cache(maxsize=1)
def _package_folder() -> Any:
    """The folder of the shipped stored queries (importlib.resources: about 0.2 ms a call)."""
    return files("seckg.queries")

#: stored queries read by :func:`get_query`, by name, with the file's (mtime, size) when read
_READ: dict[str, tuple[tuple[int, int], StoredQuery]] = {}


def get_query(name: str, catalogue: dict[str, StoredQuery] | None = None) -> StoredQuery:
    """One stored query by name (only its file is read)."""
    if catalogue is None and _NAME.fullmatch(name):
        path = _package_folder().joinpath(f"{name}.rq")
        try:
            stat = path.stat()  # type: ignore[attr-defined]
        except (OSError, AttributeError):
            stat = None
        if stat is not None and stat.st_size:
            seen = _READ.get(name)
            if seen is not None and seen[0] == (stat.st_mtime_ns, stat.st_size):
                return seen[1]  # the file is unchanged since it was read: not read again
        if path.is_file():
            query = _parsed(path.read_text(encoding="utf-8"), name, f"queries/{name}.rq")
            if stat is not None:
                _READ[name] = ((stat.st_mtime_ns, stat.st_size), query)
            return query
    catalogue = catalogue if catalogue is not None else load_catalogue()
    if name not in catalogue:
        close = difflib.get_close_matches(name, list(catalogue), n=3, cutoff=0.6) or \
            [n for n in catalogue if name in n or n in name][:3]
        hint = f"; did you mean {' or '.join(close)}?" if close else "; see 'seckg query list'"
        raise InputError(f"no stored query named {name!r}{hint}")
    return catalogue[name]
