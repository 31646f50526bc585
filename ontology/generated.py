"""Committed generated files (``terms.py``, ``reference/states.ttl``, ``shapes/generated.ttl``):
one way to rewrite them and one way to check that they are current."""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["write_or_check"]


def write_or_check(path: Path, text: str, command: str, *, check: bool) -> int:
    """Write ``text`` to ``path`` when it differs (exit status 0), or with ``check`` report whether
    the committed file is stale (1) without writing."""
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if check:
        if current != text:
            print(f"{path} is stale; run {command}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0
