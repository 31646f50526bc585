"""The embedded store (Oxigraph, on disk): open, build atomically, replace one document, dump.

A build is written into a fresh store beside the old one and swapped in only when complete, so
a failed build leaves the previous graph as it was: no partial graphs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from seckg.errors import StoreError
from seckg.rdfload import from_rdflib

from .iris import ID

__all__ = ["open_store", "building_store", "to_ox_quads", "remove_document", "write_atomic",
           "PREFIXES", "STORE_DIR"]

STORE_DIR = "store"

PREFIXES = {
    "seckg": "https://w3id.org/seckg/ontology#",
    "id": ID,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "schema": "https://schema.org/",
}


def open_store(data_dir: Path, *, read_only: bool = False) -> ox.Store:
    """The built store of ``data_dir``; a :class:`StoreError` if there is none."""
    path = Path(data_dir) / STORE_DIR
    if not path.is_dir():
        raise StoreError(f"no graph built in {data_dir} (run 'seckg build' first, or pass --data-dir)")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as e:
        raise StoreError(f"{path}: cannot open the store: {e}") from None


@contextmanager
def building_store(data_dir: Path) -> Iterator[ox.Store]:
    """A new, empty store that replaces ``data_dir/store`` when the block ends without error."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".store-building-", dir=data_dir))
    try:
        store = ox.Store(str(tmp))
        yield store
        store.flush()
        del store
        final = data_dir / STORE_DIR
        old = data_dir / ".store-old"
        if old.exists():
            shutil.rmtree(old)
        if final.exists():
            os.replace(final, old)
        os.replace(tmp, final)
        if old.exists():
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def to_ox_quads(quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> list[ox.Quad]:
    out = []
    for s, p, o, g in quads:
        graph = ox.DefaultGraph() if g is None else from_rdflib(g)
        out.append(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), graph))  # type: ignore[arg-type]
    return out


def remove_document(store: ox.Store, doc_id: str) -> None:
    """Remove everything one document contributed: its evidence graphs, its evidence and
    document nodes, and the ``hasEvidence`` links to them."""
    ev_prefix = f"{ID}evidence/{doc_id}/"
    store.update(
        f"""
        PREFIX seckg: <https://w3id.org/seckg/ontology#>
        DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{
          GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{ev_prefix}"))
        }};
        DELETE {{ ?s ?p ?o }} WHERE {{
          ?s ?p ?o .
          FILTER(STRSTARTS(STR(?s), "{ev_prefix}")
              || STRSTARTS(STR(?o), "{ev_prefix}")
              || STR(?s) = "{ID}document/{doc_id}"
              || STR(?s) = "{ID}activity/extraction/{doc_id}")
        }}
        """
    )


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old or the new content, never half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
