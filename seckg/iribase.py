"""The one configurable IRI base (DESIGN.md, "IRIs").

Every instance IRI seckg mints or ships is under ``<base>id/``; the base is
``https://w3id.org/seckg/`` unless the environment variable ``SECKG_BASE`` names another (read
once, when seckg is imported). The shipped files (reference lexicon, concept schemes, shapes,
stored queries) are written with the default base; :func:`rebase_text` moves them to the
configured one as they are loaded, so that a graph built under another base is consistent.

The ontology's own terms (``https://w3id.org/seckg/ontology#...``) are the vocabulary's names
and never move.

>>> rebase_text("<https://w3id.org/seckg/id/state/china>") == f"<{ID}state/china>"
True
"""

from __future__ import annotations

import os
import re

__all__ = ["DEFAULT_BASE", "DEFAULT_ID", "BASE", "ID", "is_default", "rebase", "rebase_text"]

#: The base the shipped files are written with.
DEFAULT_BASE = "https://w3id.org/seckg/"
#: The default instance space.
DEFAULT_ID = DEFAULT_BASE + "id/"


def _configured_base() -> str:
    base = os.environ.get("SECKG_BASE", "").strip() or DEFAULT_BASE
    return base if base.endswith(("/", "#")) else base + "/"


#: The base of every IRI seckg mints (``SECKG_BASE``, ending with ``/``).
BASE = _configured_base()
#: The instance space: ``<base>id/``.
ID = BASE + "id/"


def is_default() -> bool:
    """Whether the configured base is the default one (no rebasing needed)."""
    return ID == DEFAULT_ID


def rebase(iri: str) -> str:
    """``iri`` moved from the default instance space to the configured one."""
    return ID + iri[len(DEFAULT_ID):] if iri.startswith(DEFAULT_ID) else iri


def _in_string_regex(iri: str) -> str:
    """``iri`` as a regular expression written in a Turtle or SPARQL string (``\\.`` for a dot)."""
    return re.escape(iri).replace("\\", "\\\\")


def rebase_text(text: str) -> str:
    """A shipped file's text (Turtle, SPARQL) with the default instance space replaced by the
    configured one, also where it is written as a regular expression in a string (the IRI
    patterns of the shapes); the text itself when the base is the default."""
    if is_default():
        return text
    return text.replace(DEFAULT_ID, ID).replace(_in_string_regex(DEFAULT_ID), _in_string_regex(ID))
