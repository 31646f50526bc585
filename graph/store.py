"""The embedded store (Oxigraph, on disk): open, build atomically, replace one document, dump.

A data dir holds generations; each is a complete store with its dumps, and one of them is current:

```
DATA_DIR/.seckg.lock                    held (flock) by the build or ingest that writes
DATA_DIR/.generations/<id>/store/       the Oxigraph store
DATA_DIR/.generations/<id>/seckg.trig   its dumps
DATA_DIR/.generations/<id>/seckg.ttl
DATA_DIR/.generations/<id>/validation.json  its validation (findings), when it was validated
DATA_DIR/.generations/<id>/manifest.json  written last: counts and the dumps' SHA-256
DATA_DIR/current -> .generations/<id>   the commit point: one rename swaps store and dumps
DATA_DIR/previous -> .generations/<id>  kept for readers that still have it open
DATA_DIR/store -> current/store         fixed links, so the paths users know keep working
DATA_DIR/seckg.trig -> current/seckg.trig
DATA_DIR/seckg.ttl -> current/seckg.ttl
```

A build or an ingest writes a new generation beside the current one, validates it, and makes it
current by renaming one symbolic link over ``current``: a kill, a full disk or an error at any
earlier point leaves the previous store and dumps as they were, consistent with each other. The
leftovers of a killed run (generations never made current, the temporary files of the old
layout: ``.store-building-*``, ``.store-old``) are removed by the next build or ingest, under the
lock. A data dir of the old layout (``store/`` and the dumps as plain files) is read as it is and
moved to the new one by the next build or ingest.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import signal
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from seckg.errors import StoreError
from seckg.rdfload import from_rdflib

from .iris import ID

__all__ = ["open_store", "building_store", "to_ox_quads", "remove_document", "remove_document_by_scan", "write_atomic",
           "PREFIXES", "STORE_DIR", "Generation", "new_generation", "data_dir_lock", "recover",
           "current_generation", "verify_data_dir", "store_errors"]

STORE_DIR = "store"
TRIG_NAME = "seckg.trig"
TURTLE_NAME = "seckg.ttl"
MANIFEST = "manifest.json"
#: the generation's validation (:meth:`seckg.graph.validate.ValidationResult.to_json`), which the
#: next ingest validates incrementally from
VALIDATION = "validation.json"
GENERATIONS = ".generations"
CURRENT = "current"
PREVIOUS = "previous"
LOCK_FILE = ".seckg.lock"
_MANIFEST_FORMAT = "seckg-generation/1"
#: The named graph every built store holds; a store without it was not made by ``seckg build``.
_ONTOLOGY_GRAPH = "https://w3id.org/seckg/graph/ontology"
_REBUILD = "run 'seckg build' to rebuild it"

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


def _crash_point(name: str) -> None:
    """Kill this process here when ``SECKG_TEST_CRASH_AT`` names this point (tests only: they
    prove that a kill at any step leaves the previous store and dumps)."""
    if os.environ.get("SECKG_TEST_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


# -- errors ------------------------------------------------------------------------------------

def _describe_os_error(e: OSError, where: Path) -> str:
    code = e.errno
    text = str(e)
    if code in (errno.ENOSPC, errno.EDQUOT) or "No space left" in text or "quota" in text.lower():
        return f"{where}: no space left on the device; free some space and run again"
    if code == errno.EROFS or "Read-only file system" in text:
        return f"{where}: the file system is read-only; choose another --data-dir"
    if code in (errno.EACCES, errno.EPERM) or "Permission denied" in text:
        return f"{where}: permission denied; choose another --data-dir or fix its permissions"
    return f"{where}: {e.strerror or text}"


@contextmanager
def store_errors(where: Path, *, unchanged: bool = True) -> Iterator[None]:
    """Turn the file system's and Oxigraph's failures (disk full, read-only, permission denied,
    corruption) into one-line :class:`StoreError`\\ s (exit code 5)."""
    tail = "; the previous store and dumps are unchanged" if unchanged else ""
    try:
        yield
    except StoreError:
        raise
    except OSError as e:
        raise StoreError(_describe_os_error(e, Path(where)) + tail) from None
    except RuntimeError as e:  # Oxigraph reports corruption and storage failures so
        first = " ".join(str(e).split())[:200]
        if "No space left" in first:
            raise StoreError(f"{where}: no space left on the device; free some space and run again{tail}") from None
        raise StoreError(f"{where}: the store cannot be read or written ({first}); {_REBUILD}{tail}") from None


# -- the layout ---------------------------------------------------------------------------------

def current_generation(data_dir: Path) -> Path | None:
    """The current generation's folder, or ``None`` for a data dir of the old layout (or none)."""
    cur = Path(data_dir) / CURRENT
    if cur.is_symlink() or cur.is_dir():
        return cur.resolve()
    return None


def _store_path(data_dir: Path) -> Path:
    gen = current_generation(data_dir)
    return gen / STORE_DIR if gen is not None else Path(data_dir) / STORE_DIR


def _read_manifest(gen: Path) -> dict[str, object]:
    path = gen / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"{path}: missing: the current generation is incomplete; {_REBUILD}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise StoreError(f"{path}: unreadable ({e}); {_REBUILD}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != _MANIFEST_FORMAT:
        raise StoreError(f"{path}: not a seckg manifest; {_REBUILD}")
    return manifest


def open_store(data_dir: Path, *, read_only: bool = False) -> ox.Store:
    """The built store of ``data_dir``; a :class:`StoreError` if there is none, if it is damaged,
    or if it holds no built graph (an empty folder, say)."""
    data_dir = Path(data_dir)
    gen = current_generation(data_dir)
    if gen is not None:
        _read_manifest(gen)
    path = _store_path(data_dir)
    if not path.is_dir():
        raise StoreError(f"no graph built in {data_dir} (run 'seckg build' first, or pass --data-dir)")
    if not any(path.iterdir()):
        raise StoreError(f"{path}: the store folder is empty; {_REBUILD}")
    try:
        store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        built = store.contains_named_graph(ox.NamedNode(_ONTOLOGY_GRAPH))
    except OSError as e:
        raise StoreError(f"{path}: cannot open the store: {_describe_os_error(e, path)}; {_REBUILD}") from None
    except RuntimeError as e:
        raise StoreError(f"{path}: the store is damaged ({' '.join(str(e).split())[:200]}); {_REBUILD}") from None
    if not built:
        raise StoreError(f"{path}: holds no graph built by seckg; {_REBUILD}")
    return store


# -- the lock and the leftovers ------------------------------------------------------------------

@contextmanager
def data_dir_lock(data_dir: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the data dir's lock (``flock`` on ``.seckg.lock``): one build or ingest at a time.

    Another holder makes this wait ``wait`` seconds (``SECKG_LOCK_WAIT``, default 0) and then
    raise :class:`StoreError`. The lock goes with the process, so a killed run leaves none.
    """
    data_dir = Path(data_dir)
    if wait is None:
        try:
            wait = float(os.environ.get("SECKG_LOCK_WAIT", "0"))
        except ValueError:
            wait = 0.0
    with store_errors(data_dir):
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                    who = f" (process {holder})" if holder.isdigit() else ""
                    raise StoreError(f"{data_dir}: another seckg build or ingest is writing here{who};"
                                     " wait for it to finish (or set SECKG_LOCK_WAIT=SECONDS)") from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def _link_target(path: Path) -> str | None:
    try:
        return os.readlink(path)
    except OSError:
        return None


def _replace_link(path: Path, target: str) -> None:
    """Make ``path`` a symbolic link to ``target`` in one rename (a plain file or folder there
    is moved aside first)."""
    if _link_target(path) == target:
        return
    if path.exists() and not path.is_symlink() and path.is_dir():
        aside = path.with_name(f".old-{path.name}-{secrets.token_hex(4)}")
        os.replace(path, aside)
        _crash_point("migrating")
    tmp = path.with_name(f".{path.name}.link-{secrets.token_hex(4)}")
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def recover(data_dir: Path) -> None:
    """Finish or undo what a killed run left (call it holding the lock): the fixed links are made
    to point into ``current``, and every generation that is neither current nor previous, and
    every temporary file of a write, is removed."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return
    with store_errors(data_dir, unchanged=False):
        for p in data_dir.iterdir():
            if (p.name.startswith((".store-building-", ".old-", f".{CURRENT}.link-", f".{PREVIOUS}.link-",
                                   f".{STORE_DIR}.link-", f".{TRIG_NAME}.", f".{TURTLE_NAME}."))
                    or p.name == ".store-old"):
                _remove(p)
        cur = data_dir / CURRENT
        if cur.is_symlink() and (cur.resolve() / MANIFEST).is_file():
            for name in (TRIG_NAME, TURTLE_NAME, STORE_DIR):
                _replace_link(data_dir / name, f"{CURRENT}/{name}")
            for p in data_dir.iterdir():  # the old layout's folders moved aside by the links
                if p.name.startswith(".old-"):
                    _remove(p)
        keep = {Path(data_dir / n).resolve() for n in (CURRENT, PREVIOUS) if (data_dir / n).is_symlink()}
        gens = data_dir / GENERATIONS
        if gens.is_dir():
            for g in gens.iterdir():
                if g.resolve() not in keep:
                    _remove(g)


# -- a new generation -----------------------------------------------------------------------------

@dataclass
class Generation:
    """A generation being written: its folder and its store (open for writing)."""

    data_dir: Path
    path: Path
    store: ox.Store
    dumps: list[str] | None = None
    #: the generation that was current when this one started (None: none, or the old layout)
    previous: Path | None = None

    def write_validation(self, data: dict[str, object]) -> None:
        """Write the generation's validation (JSON) beside its store; the manifest, written
        after it, holds its SHA-256, so it is in a committed generation whole or not at all."""
        with open(self.path / VALIDATION, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=0, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        _crash_point("validation-written")

    def previous_validation_path(self) -> Path | None:
        """The previous generation's validation file, when it has one."""
        if self.previous is None or not (self.previous / VALIDATION).is_file():
            return None
        return self.previous / VALIDATION

    def write_dumps(self) -> list[str]:
        """Write the TriG (named graphs) and Turtle (union) dumps of the store into the generation."""
        self.store.flush()
        with open(self.path / TRIG_NAME, "wb") as f:  # written by Oxigraph as it reads the store
            self.store.dump(f, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
            f.flush()
            os.fsync(f.fileno())
        union = self.store.query("CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        with open(self.path / TURTLE_NAME, "wb") as f:
            ox.serialize(union, f, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)  # type: ignore[arg-type]
            f.flush()
            os.fsync(f.fileno())
        self.dumps = [str(self.data_dir / TRIG_NAME), str(self.data_dir / TURTLE_NAME)]
        _crash_point("dumps-written")
        return self.dumps


def _manifest(gen: Generation, made_by: str) -> dict[str, object]:
    dumps = {}
    for name in (TRIG_NAME, TURTLE_NAME):
        h = hashlib.sha256()
        with open(gen.path / name, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        dumps[name] = {"bytes": (gen.path / name).stat().st_size, "sha256": h.hexdigest()}
    manifest: dict[str, object] = {
        "format": _MANIFEST_FORMAT, "made_by": made_by, "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "quads": len(gen.store), "named_graphs": sum(1 for _ in gen.store.named_graphs()), "dumps": dumps}
    if (gen.path / VALIDATION).is_file():
        data = (gen.path / VALIDATION).read_bytes()
        manifest["validation"] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return manifest


def _commit(gen: Generation, made_by: str) -> None:
    data_dir = gen.data_dir
    gen.store.flush()
    manifest = _manifest(gen, made_by)
    with open(gen.path / MANIFEST, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
        f.flush()
        os.fsync(f.fileno())
    _fsync_dir(gen.path)
    _crash_point("manifest-written")
    rel = f"{GENERATIONS}/{gen.path.name}"
    cur = data_dir / CURRENT
    old = _link_target(cur) if cur.is_symlink() else None
    if old is not None:
        _replace_link(data_dir / PREVIOUS, old)
    _replace_link(cur, rel)  # the commit point
    _fsync_dir(data_dir)
    _crash_point("swapped")
    for name in (TRIG_NAME, TURTLE_NAME, STORE_DIR):  # the dumps first: each is one rename
        _replace_link(data_dir / name, f"{CURRENT}/{name}")
    _fsync_dir(data_dir)
    recover(data_dir)


@contextmanager
def new_generation(data_dir: Path, *, made_by: str = "build", copy_current: bool = False) -> Iterator[Generation]:
    """A new generation in ``data_dir``, made current when the block ends without error.

    Holds the data dir's lock throughout and cleans the leftovers of killed runs first. With
    ``copy_current``, the new store starts as a copy of the current one (which must be a built
    graph); otherwise empty. The block fills the store and calls :meth:`Generation.write_dumps`
    (done here if it did not). Any error, a kill or a full disk leaves the previous store and
    dumps current; file system errors become :class:`StoreError`.
    """
    data_dir = Path(data_dir)
    with data_dir_lock(data_dir):
        recover(data_dir)
        previous = current_generation(data_dir)
        if copy_current:
            source = open_store(data_dir, read_only=True)
        with store_errors(data_dir):
            (data_dir / GENERATIONS).mkdir(exist_ok=True)
            path = data_dir / GENERATIONS / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{secrets.token_hex(3)}"
            path.mkdir()
        try:
            with store_errors(data_dir):
                if copy_current:
                    source.backup(str(path / STORE_DIR))
                    del source
                    store = ox.Store(str(path / STORE_DIR))
                else:
                    store = ox.Store(str(path / STORE_DIR))
            gen = Generation(data_dir, path, store, previous=previous)
            yield gen
            with store_errors(data_dir):
                _crash_point("before-commit")
                if gen.dumps is None:
                    gen.write_dumps()
                _commit(gen, made_by)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise


@contextmanager
def building_store(data_dir: Path) -> Iterator[ox.Store]:
    """A new, empty store that becomes ``data_dir``'s (with its dumps) when the block ends
    without error; see :func:`new_generation`."""
    with new_generation(data_dir) as gen:
        yield gen.store


def verify_data_dir(data_dir: Path) -> dict[str, object]:
    """Check that the current store and dumps are the ones its manifest describes (counts and
    SHA-256); return the manifest, or raise :class:`StoreError`."""
    data_dir = Path(data_dir)
    gen = current_generation(data_dir)
    if gen is None:
        raise StoreError(f"{data_dir}: no generation is current (a data dir of the old layout, or none)")
    manifest = _read_manifest(gen)
    store = open_store(data_dir, read_only=True)
    with store_errors(gen, unchanged=False):
        if len(store) != manifest.get("quads"):
            raise StoreError(f"{gen}: the store holds {len(store)} quads, its manifest says {manifest.get('quads')}; "
                             + _REBUILD)
        for name, want in dict(manifest.get("dumps") or {}).items():  # type: ignore[call-overload]
            data = (gen / name).read_bytes()
            if hashlib.sha256(data).hexdigest() != want.get("sha256"):
                raise StoreError(f"{gen / name}: does not match its manifest; {_REBUILD}")
        want = manifest.get("validation")
        if isinstance(want, dict) and hashlib.sha256((gen / VALIDATION).read_bytes()).hexdigest() != want.get("sha256"):
            raise StoreError(f"{gen / VALIDATION}: does not match its manifest; {_REBUILD}")
    return manifest


# -- quads -------------------------------------------------------------------------------------------

def to_ox_quads(quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> list[ox.Quad]:
    out = []
    for s, p, o, g in quads:
        graph = ox.DefaultGraph() if g is None else from_rdflib(g)
        out.append(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), graph))  # type: ignore[arg-type]
    return out


_HAS_SOURCE = ox.NamedNode("http://www.w3.org/ns/oa#hasSource")


def remove_document(store: ox.Store, doc_id: str) -> list[ox.Quad]:
    """Remove everything one document contributed: its evidence graphs, its evidence and
    document nodes (with the nodes below them: ``<evidence>#target``, ``#quote`` ...), and the
    links to them in the default graph (``hasEvidence``).

    Only that document's quads are visited: its evidence is found through the names of the
    graphs and the targets whose ``oa:hasSource`` is the document, each by an index look-up,
    never by a scan of the store (:func:`remove_document_by_scan` does the same by a scan).
    Returns the quads it removed."""
    ev_prefix = f"{ID}evidence/{doc_id}/"
    doc = ox.NamedNode(f"{ID}document/{doc_id}")
    evidence = {g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(ev_prefix)}
    for q in store.quads_for_pattern(None, _HAS_SOURCE, doc, ox.DefaultGraph()):
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ev_prefix):
            evidence.add(ox.NamedNode(q.subject.value.split("#", 1)[0]))
    default = ox.DefaultGraph()
    doomed: set[ox.Quad] = set()
    nodes = [*evidence, doc, ox.NamedNode(f"{ID}activity/extraction/{doc_id}")]
    seen = set(nodes)
    while nodes:  # the nodes and the evidence's nodes below them
        node = nodes.pop()
        for q in store.quads_for_pattern(node, None, None, default):
            doomed.add(q)
            o = q.object
            if isinstance(o, ox.NamedNode) and o.value.startswith(ev_prefix) and o not in seen:
                seen.add(o)
                nodes.append(o)
        if node.value.startswith(ev_prefix):
            doomed.update(store.quads_for_pattern(None, None, node, default))
    for q in doomed:
        store.remove(q)
    removed = list(doomed)
    for g in evidence:
        if store.contains_named_graph(g):
            removed += store.quads_for_pattern(None, None, None, g)
            store.remove_graph(g)
    return removed


def remove_document_by_scan(store: ox.Store, doc_id: str) -> None:
    """:func:`remove_document` by one SPARQL update that reads the whole store (what it did
    before; kept to test that the two remove the same quads)."""
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
