"""The one YAML loader for what users give us (metadata, curated annotations, lexicons).

PyYAML's ``safe_load`` builds no Python objects but still expands aliases: a few hundred bytes
of nested anchors and aliases (a "billion laughs") grow into gigabytes. seckg's YAML files never
need them, so :class:`SafeLoader` refuses every anchor (``&``) and alias (``*``) before anything
is built, and :func:`load_yaml` refuses files over a size limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

__all__ = ["SafeLoader", "load_yaml", "MAX_YAML_BYTES"]

#: The largest YAML file seckg reads (metadata and annotations are a few kilobytes).
MAX_YAML_BYTES = 8 * 2**20


class AliasRefused(yaml.MarkedYAMLError):
    """An anchor or alias in user YAML."""


class SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses anchors and aliases (no expansion, no bombs)."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise AliasRefused(problem="anchors and aliases (& and *) are refused in seckg's YAML files;"
                                       " write the values out", problem_mark=event.start_mark)
        return super().compose_node(parent, index)


def load_yaml(path: Path, *, loader: type[SafeLoader] = SafeLoader, what: str = "YAML",
              with_column: bool = True) -> Any:
    """The data of a YAML file; :class:`InputError` (with the line) when it is too large, not
    UTF-8, not YAML, or uses anchors and aliases."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise InputError(f"{what} file of {size} bytes is over the limit of {MAX_YAML_BYTES}", source=str(path))
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", source=str(path)) from None
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 (byte {e.start})", source=str(path)) from None
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError(f"invalid {what}: {getattr(e, 'problem', None) or e}", source=str(path),
                         line=mark.line + 1 if mark else None,
                         column=mark.column + 1 if mark and with_column else None) from None
