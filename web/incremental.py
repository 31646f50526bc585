"""Incremental ``seckg publish``: render again only the pages whose inputs changed.

What a page depends on is not worked out from the views' code but recorded while the page is
rendered, as build systems with dynamic dependencies do (Shake, Salsa): every page reads the
store through a :class:`TrackedStore`, which notes each quad pattern asked
(``quads_for_pattern(s, p, o, g)``, the unbound positions as wildcards) and a digest of the
quads it answered, in the order it answered them. The page is a deterministic function of those
answers and of the global inputs (the code, the ontology's documentation, the IRI base, the
options, :func:`global_key`): if every pattern it read answers the same today, the page would
ask the same patterns in the same order and write the same bytes, so the old page is carried
over. That holds whatever the views read: a neighbour's label, a dyad's relations, the
timeline's dates, a slug that names no entity yet (an empty answer is recorded too, and changes
when the entity appears), every label of the lexicon that a document's annotated text matches.
A read through anything but ``quads_for_pattern`` marks the page as always rendered. The
anchors of the ontology's documentation that a page links to are read the same way
(:class:`TrackedAnchors`): pyLODE numbers the anchors of other vocabularies' terms of the same
name in an order that varies between processes (``#Organization``, ``#Organization1``), and
pages link only to seckg's terms, so the anchors as a whole would be a needless global input.

The record is ``_server/seckg-pages.json.gz`` in the site (``_server/`` is not served by the
maps the site ships): the global key, every pattern read with its digest, and per page its
front-page record, the digest of its three files and the patterns it read. A publish reads the
record of the site it replaces, asks each pattern again (one look-up each, no view built, no
page rendered), and renders the pages that read a pattern whose answer changed, the pages that
are new, and the pages whose files are missing or changed on disk; a different global key, a
record of another format or ``full=True`` renders every page. The record is itself the same
whether a page was rendered or carried over, so an incremental publish writes byte for byte
what a full one writes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import platform
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

__all__ = ["RECORD", "FORMAT", "TrackedStore", "PageEntry", "Record", "global_key", "read_record", "plan",
           "pattern_digest", "files_digest", "carry_over", "UNTRACKED"]

#: where the record lives in the site (``_server/`` answers 404 under nginx and Apache)
RECORD = "_server/seckg-pages.json.gz"
#: the record's layout; another one is not read (every page is rendered)
FORMAT = 1
#: the pseudo-pattern of a read the tracker cannot key: its page is rendered every time
UNTRACKED = '["untracked"]'
_GRAPHS = '["named_graphs"]'
_ANCHOR = "anchor"
_ANY = "*"
_DEFAULT = "DEFAULT"


def _term(term: object) -> str:
    if term is None:
        return _ANY
    if isinstance(term, ox.DefaultGraph):
        return _DEFAULT
    return str(term)  # <iri>, _:id, "literal"@lang / ^^<datatype> (N-Triples)


def pattern_key(s: object = None, p: object = None, o: object = None, g: object = None) -> str:
    """The pattern as a string (JSON of its four terms in N-Triples, ``*`` for a wildcard)."""
    return json.dumps([_term(s), _term(p), _term(o), _term(g)], ensure_ascii=False)


def _parse_term(text: str) -> object:
    if text == _ANY:
        return None
    if text == _DEFAULT:
        return ox.DefaultGraph()
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    [quad] = list(ox.parse(f"<urn:x:s> <urn:x:p> {text} .", format=ox.RdfFormat.N_TRIPLES))
    return quad.object


def _digest(items: Iterable[object]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for item in items:
        h.update(str(item).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def pattern_digest(store: ox.Store, key: str, anchors: dict[str, str] | None = None) -> str | None:
    """The digest of what ``store`` answers to the pattern ``key`` now, or for an anchor's key,
    what ``anchors`` holds (None: not a pattern this module can ask again, so it counts as
    changed)."""
    try:
        terms = json.loads(key)
    except ValueError:
        return None
    if not isinstance(terms, list):
        return None
    if key == _GRAPHS:
        return _digest(sorted(str(g) for g in store.named_graphs()))
    if len(terms) == 2 and terms[0] == _ANCHOR:
        return None if anchors is None else _digest([anchors.get(terms[1])])
    if len(terms) != 4:
        return None
    try:
        s, p, o, g = (_parse_term(t) for t in terms)
        return _digest(store.quads_for_pattern(s, p, o, g))  # type: ignore[arg-type]
    except (ValueError, SyntaxError, TypeError):
        return None


class TrackedStore:
    """A read-only store that notes what is read from it (:attr:`reads`: pattern -> digest of
    its answer). ``digests`` is shared by the pages of one process: the store does not change
    while a site is published, so each pattern is hashed once."""

    def __init__(self, store: ox.Store, digests: dict[str, str], anchors: dict[str, str] | None = None) -> None:
        self._store = store
        self._digests = digests
        self.reads: set[str] = set()
        #: the ontology documentation's anchors, read through this store's tracker
        self.anchors = TrackedAnchors(anchors or {}, self)

    def quads_for_pattern(self, subject: object = None, predicate: object = None, object: object = None,
                          graph_name: object = None) -> Iterator[ox.Quad]:
        key = pattern_key(subject, predicate, object, graph_name)
        quads = list(self._store.quads_for_pattern(subject, predicate, object, graph_name))  # type: ignore[arg-type]
        self.reads.add(key)
        if key not in self._digests:
            self._digests[key] = _digest(quads)
        return iter(quads)

    def named_graphs(self) -> Iterator[ox.NamedNode | ox.BlankNode]:
        graphs = list(self._store.named_graphs())
        self.reads.add(_GRAPHS)
        if _GRAPHS not in self._digests:
            self._digests[_GRAPHS] = _digest(sorted(str(g) for g in graphs))
        return iter(graphs)

    def __getattr__(self, name: str) -> object:
        self.reads.add(UNTRACKED)  # anything else (a SPARQL query, a scan): not keyed
        return getattr(self._store, name)

    def take(self) -> dict[str, str]:
        """The patterns read since the last call, with their digests (sorted), and a fresh start."""
        reads = {key: self._digests.get(key, "") for key in sorted(self.reads)}
        self.reads = set()
        return reads


class TrackedAnchors(dict[str, str]):
    """The anchors of the ontology's documentation (term IRI -> id), noting each term looked up
    in the reads of ``tracker``; any other use (iterating, counting) marks the page untracked."""

    def __init__(self, anchors: dict[str, str], tracker: TrackedStore) -> None:
        super().__init__(anchors)
        self._tracker = tracker

    def _note(self, iri: str) -> None:
        key = json.dumps([_ANCHOR, iri], ensure_ascii=False)
        self._tracker.reads.add(key)
        self._tracker._digests.setdefault(key, _digest([dict.get(self, iri)]))

    def get(self, iri: str, default: object = None) -> object:  # type: ignore[override]
        self._note(iri)
        return dict.get(self, iri, default)

    def __getitem__(self, iri: str) -> str:
        self._note(iri)
        return dict.__getitem__(self, iri)

    def __contains__(self, iri: object) -> bool:
        self._note(str(iri))
        return dict.__contains__(self, iri)

    def _untracked(self) -> None:
        self._tracker.reads.add(UNTRACKED)

    def __iter__(self) -> Iterator[str]:
        self._untracked()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._untracked()
        return dict.__len__(self)

    def keys(self):  # type: ignore[no-untyped-def]
        self._untracked()
        return dict.keys(self)

    def values(self):  # type: ignore[no-untyped-def]
        self._untracked()
        return dict.values(self)

    def items(self):  # type: ignore[no-untyped-def]
        self._untracked()
        return dict.items(self)


def files_digest(payloads: Iterable[bytes]) -> str:
    """The digest of a page's files (the HTML and its twins, in that order)."""
    h = hashlib.blake2b(digest_size=16)
    for data in payloads:
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _code_digest() -> str:
    """Every file of the packages that render a page (code, templates, styles, scripts,
    patterns, the ontology's files)."""
    h = hashlib.blake2b(digest_size=16)
    for package in ("seckg", "seckg.web", "seckg.graph", "seckg.ontology"):
        root = Path(str(files(package)))
        for folder, dirs, names in sorted(os.walk(root)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                path = Path(folder) / name
                if path.suffix in (".pyc", ".pyo"):
                    continue
                h.update(f"{package}/{path.relative_to(root).as_posix()}\n".encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in ("seckg", "pyoxigraph", "rdflib", "Jinja2", "MarkupSafe", "pylode"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = ""
    return found


def global_key(*, id_base: str, base_url: str, endpoint: str | None) -> str:
    """The digest of what every page depends on besides the store and the anchors it links to:
    the code that renders it (every file of the packages) and the libraries it calls, the IRI
    base, the site's base URL and endpoint."""
    inputs = {"format": FORMAT, "code": _code_digest(), "versions": _versions(),
              "id": id_base, "base_url": base_url, "endpoint": endpoint}
    return hashlib.blake2b(json.dumps(inputs, sort_keys=True).encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class PageEntry:
    """One page of the record: its front-page record (see ``PageRecord`` in
    :mod:`seckg.web.publish`), the digest of its files and the patterns it read."""

    iri: str
    path: str
    n_files: int
    size: int
    primary: str
    type_label: str | None
    label: str
    files: str
    reads: tuple[str, ...]


@dataclass
class Record:
    key: str
    patterns: dict[str, str]
    pages: dict[str, PageEntry]

    def to_bytes(self) -> bytes:
        """The record, deterministically (sorted, gzip without a time stamp)."""
        keys = sorted(self.patterns)
        index = {k: i for i, k in enumerate(keys)}
        pages = [[e.iri, e.path, e.n_files, e.size, e.primary, e.type_label, e.label, e.files,
                  sorted(index[k] for k in e.reads)] for _iri, e in sorted(self.pages.items())]
        text = json.dumps({"format": FORMAT, "key": self.key, "patterns": [[k, self.patterns[k]] for k in keys],
                           "pages": pages}, ensure_ascii=False, separators=(",", ":"))
        return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


def read_record(site: Path, key: str) -> Record | None:
    """The record of the site at ``site`` if it has one made with the global key ``key``."""
    path = site / RECORD
    try:
        data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    except (OSError, ValueError, EOFError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return None
    try:
        keys = [k for k, _d in data["patterns"]]
        patterns = {k: d for k, d in data["patterns"]}
        pages = {}
        for iri, rel, n_files, size, primary, type_label, label, digest, reads in data["pages"]:
            pages[iri] = PageEntry(iri, rel, n_files, size, primary, type_label, label, digest,
                                   tuple(keys[i] for i in reads))
    except (KeyError, ValueError, TypeError, IndexError):
        return None
    return Record(key, patterns, pages)


def changed_patterns(store: ox.Store, old: Record, anchors: dict[str, str]) -> set[str]:
    """The patterns of the old record whose answer is not what it was."""
    return {key for key, digest in old.patterns.items()
            if key == UNTRACKED or pattern_digest(store, key, anchors) != digest}


def plan(store: ox.Store, old: Record | None, paths: dict[str, str], site: Path,
         extensions: tuple[str, ...], anchors: dict[str, str]) -> dict[str, PageEntry]:
    """The pages of ``paths`` (IRI -> its path in the site) that can be carried over from the
    old site at ``site``: recorded in ``old``, at the same path, every pattern they read
    answering as it did, and their files on disk as they were written."""
    if old is None:
        return {}
    changed = changed_patterns(store, old, anchors)
    keep: dict[str, PageEntry] = {}
    for iri, rel in paths.items():
        entry = old.pages.get(iri)
        if entry is None or entry.path != rel or any(k in changed for k in entry.reads):
            continue
        sources = [site / f"{rel}.{ext}" for ext in extensions]
        try:
            if any(path.is_symlink() for path in sources):  # never written by a publish: not carried over
                continue
            payloads = [path.read_bytes() for path in sources]
        except OSError:
            continue
        if files_digest(payloads) == entry.files:
            keep[iri] = entry
    return keep


def carry_over(site: Path, root: Path, entry: PageEntry, extensions: tuple[str, ...]) -> None:
    """Put the old site's files of a page into the new tree (a hard link, else a copy)."""
    target_dir = (root / entry.path).parent
    target_dir.mkdir(parents=True, exist_ok=True)
    for ext in extensions:
        source, target = site / f"{entry.path}.{ext}", root / f"{entry.path}.{ext}"
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError:
            shutil.copyfile(source, target)
