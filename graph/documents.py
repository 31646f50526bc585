"""Reading documents: a text file (plain text or Markdown) with an optional metadata file
beside it (``<name>.yaml``: id, title, section, authors, journal, published_online, doi, genre,
publisher, ...; the genre and who asserts the text: :mod:`seckg.graph.genre`)."""

from __future__ import annotations

import re
from pathlib import Path

from seckg.errors import InputError
from seckg.safeyaml import load_yaml

from .genre import document_genre
from .model import Document

__all__ = ["read_document", "corpus_documents", "TEXT_SUFFIXES"]

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")


def read_document(path: Path) -> Document:
    """One document; its id is the metadata's ``id`` or the file's stem."""
    path = Path(path)
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise InputError(f"not a text file (expected {', '.join(TEXT_SUFFIXES)})", source=str(path))
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", source=str(path)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 (byte {e.start})", source=str(path), line=line) from None
    meta: dict[str, object] = {}
    meta_path = path.with_suffix(".yaml")
    if meta_path.exists():
        loaded = load_yaml(meta_path)  # refuses anchors and aliases (no "billion laughs")
        if loaded is not None and not isinstance(loaded, dict):
            raise InputError("metadata must be a mapping", source=str(meta_path), line=1)
        meta = {str(k): v for k, v in (loaded or {}).items()}
    doc_id = str(meta.get("id") or path.stem).lower()
    if not _ID.fullmatch(doc_id):
        raise InputError(f"document id {doc_id!r} must be lowercase letters, digits, '.', '_' or '-'",
                         source=str(meta_path if meta.get("id") else path))
    doc = Document(id=doc_id, text=text, meta=meta, path=str(path))
    document_genre(doc)  # an unknown genre is refused here, with the metadata file's name
    return doc


def corpus_documents(folder: Path) -> list[Path]:
    """The text files of a corpus folder, sorted (annotation and metadata files excluded)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("corpus folder not found", source=str(folder))
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in TEXT_SUFFIXES and p.is_file())
