"""``seckg publish DIR``: the built graph as a static linked-data site that any web server can
serve.

What DIR holds (paths mirror the IRIs below the base, ``https://w3id.org/seckg/``):

- ``id/<kind>/<slug>.html`` for every IRI of the graph below ``id/``: its label, types, relations
  both ways with their labels, and the words of the text that support them, linked to the
  sentence; ``.ttl`` and ``.jsonld`` twins saying the same in RDF (:meth:`View.triples`);
- ``id/document/<doc>.html``: the text, sentence by sentence (``#s-<n>``, the extractor's
  ``seckg:sentenceIndex``); for a text whose licence does not allow redistribution, its rights
  and the quotes taken from it with their facts instead (:mod:`seckg.web.views`);
- ``ontology.html`` (pyLODE), ``ontology.ttl``, ``ontology.jsonld``;
- ``dumps/``: the whole dataset (TriG and N-Quads, named graphs kept) and the data (Turtle,
  JSON-LD); ``void.ttl`` and ``.well-known/void``: VoID + DCAT, the dumps named by their URLs
  under ``--base-url``;
- ``index.html``, ``static/seckg.css``;
- ``.htaccess`` and ``_server/nginx-map.conf`` + ``_server/nginx-site.conf``: the
  content-negotiation map (an IRI answers 303 with the twin ``Accept`` asks for).

Publishing is all or nothing: the site is written into a new folder beside DIR and swapped in
when complete; an existing DIR is replaced only if an earlier ``seckg publish`` made it (it holds
``.seckg-site``), so a typo cannot wipe an unrelated folder. It is incremental: an entity page
whose inputs did not change since the site in DIR was published is carried over from it (a hard
link) instead of rendered again, and the site is byte for byte what a full publish writes
(:mod:`seckg.web.incremental` says how a page's inputs are recorded; ``full=True`` renders every
page). The site-wide files (front page, search index, dumps, VoID, ontology) are written every
time. Pages link to each other by relative
paths, so the site also works under another host or path, and from ``file://``.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from seckg.errors import InputError
from seckg.graph.export import (
    DUMP_FORMATS,
    STREAMED_FORMATS,
    Dump,
    export_quads,
    serialize_quads,
    serialize_triples,
    stream_export,
    void_turtle,
)
from seckg.graph.iris import BASE, ID
from seckg.graph.store import open_store

from .incremental import (
    RECORD,
    PageEntry,
    Record,
    TrackedStore,
    carry_over,
    files_digest,
    global_key,
    plan,
    read_record,
)
from .ontodoc import ontology_doc
from .render import SiteLinks, render_entity, render_index
from .siteviews import CSP_WITH_SCRIPTS, front_page_network, site_files
from .views import RDF_TYPE, build_view, label_of

__all__ = ["publish", "Published", "MARKER", "site_path"]

MARKER = ".seckg-site"
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")
_TWINS = {"ttl": ("turtle", "text/turtle"), "jsonld": ("jsonld", "application/ld+json")}
_DUMPS = (  # file name, part, format, title
    ("seckg-all.trig", "all", "trig", "The whole dataset: data, evidence, ontology and lexicon (TriG, named graphs)"),
    ("seckg-all.nq", "all", "nquads", "The whole dataset (N-Quads, named graphs)"),
    ("seckg-data.ttl", "data", "turtle", "The extracted data with its evidence (Turtle, graphs merged)"),
    ("seckg-data.jsonld", "data", "jsonld", "The extracted data with its evidence (JSON-LD)"),
)


@dataclass
class Published:
    """What a publish wrote, for the CLI's summary and the tests."""

    out_dir: Path
    pages: int = 0
    #: pages rendered, and pages carried over unchanged from the site that was in ``out_dir``
    rendered: int = 0
    reused: int = 0
    #: of ``seconds``: asking again what the old site's pages read, and checking their files
    checked_seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0


def site_path(iri: str) -> str | None:
    """``id/state/china`` for ``<base>id/state/china``; None for an IRI whose path cannot be a
    file of the site (outside ``id/``, a fragment, an empty or ``..`` segment, other characters)."""
    if not iri.startswith(ID) or "#" in iri:
        return None
    segments = iri[len(ID):].split("/")
    if not segments or not all(_SEGMENT.fullmatch(s) for s in segments):
        return None
    return "id/" + "/".join(segments)


def _iris(store: ox.Store) -> list[str]:
    """Every IRI below ``id/`` that the store names (as subject, object or graph), sorted."""
    found: set[str] = set()
    for q in store:
        for term in (q.subject, q.object, q.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(ID):
                found.add(term.value.split("#", 1)[0])
    return sorted(found)


def _check_target(out_dir: Path) -> None:
    if out_dir.exists():
        if not out_dir.is_dir():
            raise InputError(f"{out_dir}: exists and is not a folder")
        if any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
            raise InputError(f"{out_dir}: not empty and not a site seckg published "
                             f"(no {MARKER}); choose another folder or empty it")


#: The Content-Security-Policy of every published page (a meta tag; the server maps send it as a
#: header too): nothing loads from elsewhere, no script runs, no form posts, no <base> rewrites.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'")
#: The ontology's documentation (pyLODE) carries its styles inline.
CSP_ONTOLOGY = ("default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none';"
                " form-action 'none'")
_HEAD = re.compile(rb"<head(?:\s[^>]*)?>", re.IGNORECASE)
_URL_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\^`{|}]")


def check_url(value: str, option: str) -> str:
    """``value`` if it is an absolute http(s) URL with a host; else an :class:`InputError` (a
    ``javascript:`` or ``data:`` URL in a link runs in the reader's browser)."""
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or _URL_CHARS.search(value):
        raise InputError(f"{option} must be an http:// or https:// URL with a host, not {value[:80]!r}")
    return value


def with_csp(html: bytes, policy: str = CSP) -> bytes:
    """The page with a Content-Security-Policy meta tag first in its head."""
    tag = f'\n<meta http-equiv="Content-Security-Policy" content="{policy}">'.encode()
    m = _HEAD.search(html)
    if m is None:
        return tag.lstrip() + html
    return html[:m.end()] + tag + html[m.end():]


def publish(data_dir: Path, out_dir: Path, *, base_url: str = BASE, endpoint: str | None = None,
            progress: Callable[[str], None] | None = None, jobs: int | None = None,
            on_pages: Callable[[int, int], None] | None = None, full: bool = False) -> Published:
    """Write the static site of the graph built in ``data_dir`` to ``out_dir`` (see above).

    ``base_url`` is where the site will be served (the dumps' URLs in the VoID); ``endpoint`` a
    SPARQL endpoint to name on the front page and in the VoID. The entity pages are rendered by
    ``jobs`` worker processes (default: one per core), each with its own read-only view of the
    store; the site is the same whatever their number. ``on_pages(done, total)`` is called as
    pages are rendered (``total``: the pages to render). Pages whose inputs did not change since
    the site in ``out_dir`` was published are carried over from it; ``full`` renders them all."""
    started = time.perf_counter()
    out_dir = Path(out_dir).resolve()  # "." or "site/" name their folder; the swap needs its name
    check_url(base_url, "--base-url")
    if endpoint is not None:
        check_url(endpoint, "--endpoint")
    if not base_url.endswith("/"):
        base_url += "/"
    _check_target(out_dir)
    _clean_leftovers(out_dir)
    from seckg.graph.build import default_jobs

    doc = ontology_doc()  # before the workers are forked: they inherit it
    pages = _PageWriter(Path(data_dir), doc, default_jobs() if jobs is None else jobs)
    store = open_store(data_dir, read_only=True)  # after the fork: the workers open their own
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.publishing-", dir=out_dir.parent))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; a web server must read the site
    result = Published(out_dir)
    once = _Once()  # the dumps and the description each export the data: one warning each is enough
    logging.getLogger("seckg").addFilter(once)
    try:
        key = global_key(id_base=ID, base_url=base_url, endpoint=endpoint)
        old = None if full or not out_dir.is_dir() else read_record(out_dir, key)
        _write_site(store, data_dir, tmp, base_url, endpoint, result, progress or (lambda _m: None), pages,
                    on_pages or (lambda _d, _t: None), previous=(out_dir, old), key=key)
        pages.close()
        _swap(tmp, out_dir)
    except BaseException:
        pages.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        logging.getLogger("seckg").removeFilter(once)
    result.seconds = time.perf_counter() - started
    return result


class _Once(logging.Filter):
    """Lets each distinct message through once."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message in self.seen:
            return False
        self.seen.add(message)
        return True


def _clean_leftovers(out_dir: Path) -> None:
    """Remove what a killed ``seckg publish`` of ``out_dir`` left beside it (its half-written site
    and the previous one it was swapping out)."""
    parent = out_dir.parent
    if not parent.is_dir():
        return
    for p in parent.iterdir():
        if p.name.startswith((f".{out_dir.name}.publishing-", f".{out_dir.name}.old-")) and p.is_dir() \
                and not p.is_symlink():
            if p.name.startswith(f".{out_dir.name}.old-") and not out_dir.exists():
                p.rename(out_dir)  # killed between the two renames: the previous site comes back
                continue
            shutil.rmtree(p, ignore_errors=True)


def _swap(tmp: Path, out_dir: Path) -> None:
    """Put the finished site at ``out_dir``, replacing an earlier one (never half of each)."""
    if out_dir.exists():
        old = out_dir.parent / f".{out_dir.name}.old-{tmp.name.rsplit('-', 1)[-1]}"
        out_dir.rename(old)
        try:
            tmp.rename(out_dir)
        except BaseException:
            old.rename(out_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(out_dir)


#: (IRI, its page's path or None when it has none, files, bytes, primary type, that type's label
#: or None, the page's label, the digest of its files, the patterns it read with their answers'
#: digests): what the front page and the record of the site need of a page written by a worker.
PageRecord = tuple[str, "str | None", int, int, str, "str | None", str, str, "dict[str, str]"]

#: The store and the ontology's documentation of a worker process (inherited when forked).
_WORKER: dict[str, object] = {}
_CHUNK = 32


def _render_pages(iris: list[str], root: str) -> list[PageRecord]:
    """Write the entity pages (HTML and RDF twins) of ``iris`` under ``root``."""
    store = _WORKER.get("store")
    if store is None:
        raw = open_store(Path(str(_WORKER["data_dir"])), read_only=True)
        # notes what each page reads of the store and of the ontology documentation's anchors
        store = _WORKER["store"] = TrackedStore(raw, {}, _WORKER["doc"].anchors)  # type: ignore[attr-defined]
    assert isinstance(store, TrackedStore)
    out: list[PageRecord] = []
    for iri in iris:
        rel = site_path(iri)
        if rel is None:
            out.append((iri, None, 0, 0, "", None, "", "", {}))
            continue
        store.take()
        view = build_view(store, iri)  # type: ignore[arg-type]
        links = SiteLinks(anchors=store.anchors, path=f"{rel}.html", search=True)
        name = rel.rsplit("/", 1)[-1]
        alternates = {media: f"{name}.{ext}" for ext, (_f, media) in _TWINS.items()}
        written = [(f"{rel}.html", with_csp(render_entity(view, links, alternates=alternates).encode("utf-8"),
                                            CSP_WITH_SCRIPTS))]
        triples = view.triples()
        for ext, (fmt, _media) in _TWINS.items():
            written.append((f"{rel}.{ext}", serialize_triples(triples, fmt, about=iri)))
        reads = store.take()
        size = 0
        for path, payload in written:
            target = Path(root) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(payload)
            size += len(payload)
        primary = view.types[0] if view.types else RDF_TYPE
        type_label = view.labels.get(primary, primary) if view.types else None
        out.append((iri, rel, len(written), size, primary, type_label, view.label,
                    files_digest(payload for _path, payload in written), reads))
    return out


def _start_page_worker(data_dir: str) -> None:
    _WORKER["data_dir"] = data_dir
    _WORKER.pop("store", None)  # never a store inherited from the parent


class _PageWriter:
    """Writes entity pages, in worker processes when there are enough pages for several."""

    def __init__(self, data_dir: Path, doc: object, jobs: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.data_dir = data_dir
        self.jobs = max(1, jobs)
        self.pool: ProcessPoolExecutor | None = None
        _WORKER.clear()
        _WORKER.update(doc=doc, data_dir=str(data_dir))
        if self.jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_start_page_worker, initargs=(str(data_dir),))
            self.pool.submit(int).result()  # forks the workers now, before this process opens the store

    def write(self, iris: list[str], root: Path, on_pages: Callable[[int, int], None]) -> Iterator[PageRecord]:
        """The pages' records, in the order of ``iris`` (whatever the order they are written in)."""
        chunks = [iris[i:i + _CHUNK] for i in range(0, len(iris), _CHUNK)]
        done = 0
        if self.pool is None or len(chunks) < 2:
            results: Iterator[list[PageRecord]] = (_render_pages(c, str(root)) for c in chunks)
        else:
            results = self.pool.map(_render_pages, chunks, [str(root)] * len(chunks))
        for records in results:
            yield from records
            done += len(records)
            on_pages(done, len(iris))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        _WORKER.clear()


#: the files of an entity page, in the order of its files' digest
_PAGE_FILES = ("html", *_TWINS)


def _write_site(store: ox.Store, data_dir: Path, root: Path, base_url: str, endpoint: str | None,
                result: Published, progress: Callable[[str], None], pages: _PageWriter,
                on_pages: Callable[[int, int], None], *, previous: tuple[Path, Record | None] = (Path(), None),
                key: str = "") -> None:
    def write(rel: str, data: bytes | str) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        if rel.endswith(".html"):
            payload = with_csp(payload, CSP_ONTOLOGY if rel == "ontology.html" else CSP_WITH_SCRIPTS)
        path.write_bytes(payload)
        result.files += 1
        result.bytes += len(payload)

    doc = _WORKER["doc"]
    members: dict[str, list[tuple[str, str]]] = {}
    type_labels: dict[str, str] = {}

    iris = _iris(store)
    paths = {iri: rel for iri in iris if (rel := site_path(iri)) is not None}
    site, old = previous
    started = time.perf_counter()
    reused = plan(store, old, paths, site, _PAGE_FILES, doc.anchors)  # type: ignore[attr-defined]
    result.checked_seconds = time.perf_counter() - started
    to_render = [iri for iri in iris if iri not in reused]
    progress(f"publishing {len(paths)} pages: {len(paths) - len(reused)} to render, {len(reused)} unchanged")
    for entry in reused.values():
        carry_over(site, root, entry, _PAGE_FILES)
    record = Record(key, {}, {})
    entries: dict[str, PageEntry] = dict(reused)
    for iri, rel, n_files, size, primary, type_label, label, digest, reads in pages.write(to_render, root, on_pages):
        if rel is None:
            result.skipped.append(iri)
            continue
        entries[iri] = PageEntry(iri, rel, n_files, size, primary, type_label, label, digest, tuple(reads))
        record.patterns.update(reads)
        result.rendered += 1
    for entry in reused.values():
        record.patterns.update((k, old.patterns[k]) for k in entry.reads)  # type: ignore[union-attr]
    result.reused = len(reused)
    for iri in iris:  # in the order of the IRIs, as a full publish sees them
        entry = entries.get(iri)  # type: ignore[assignment]
        if entry is None:
            continue
        record.pages[iri] = entry
        result.files += entry.n_files
        result.bytes += entry.size
        result.pages += 1
        if entry.type_label is not None:
            type_labels.setdefault(entry.primary, entry.type_label)
        members.setdefault(entry.primary, []).append((iri, entry.label))

    # the ontology, the dumps, the description
    write("ontology.html", doc.html)  # type: ignore[attr-defined]
    ontology = export_quads(store, "ontology")
    write("ontology.ttl", serialize_quads(ontology, "turtle"))
    write("ontology.jsonld", serialize_quads(ontology, "jsonld"))
    dumps: list[Dump] = []
    for name, part, fmt, title in _DUMPS:
        if fmt in STREAMED_FORMATS:  # written by Oxigraph as it reads the store
            path = root / "dumps" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as f:
                stream_export(store, f, fmt, part)  # type: ignore[arg-type]
            result.files += 1
            result.bytes += path.stat().st_size
        else:
            write(f"dumps/{name}", serialize_quads(export_quads(store, part), fmt))  # type: ignore[arg-type]
        media, fmt_iri = DUMP_FORMATS[fmt]
        dumps.append(Dump(root / "dumps" / name, f"{base_url}dumps/{name}", media, fmt_iri, title))
    void = void_turtle(data_dir, endpoint, dumps)
    write("void.ttl", void)
    write(".well-known/void", void)

    # the front page
    for cls in members:
        if cls not in type_labels:
            type_labels[cls] = label_of(store, cls) or "untyped"
    groups = sorted(((cls, sorted(m, key=lambda x: (x[1].casefold(), x[0]))) for cls, m in members.items()),
                    key=lambda g: (type_labels[g[0]].casefold(), g[0]))
    write("index.html", render_index(
        SiteLinks(anchors=doc.anchors, path="index.html", search=True),
        title="seckg: states' security relations",
        description=("Facts about states' security relations extracted from analytical prose, each "
                     "linked to the exact words it came from, with the seckg ontology and its lexicon."),
        groups=groups, class_labels=type_labels,
        dumps=[(f"dumps/{d.path.name}", d.media_type, d.path.stat().st_size) for d in dumps],
        counts={"pages": result.pages, "classes": len(groups)}, endpoint=endpoint,
        **front_page_network(store)))
    # the search (its script and the index of every label and variant) and the network's
    # filters by document and period, run in the browser
    for rel, data in site_files(store).items():
        write(rel, data)

    # assets and the content-negotiation map
    write("static/seckg.css", (files("seckg.web") / "static" / "seckg.css").read_bytes())
    templates = files("seckg.web") / "templates"
    write(".htaccess", (templates / "htaccess").read_bytes())
    write("_server/nginx-map.conf", (templates / "nginx-map.conf").read_bytes())
    write("_server/nginx-site.conf", (templates / "nginx-site.conf").read_bytes())
    # what each page read, for the next publish (under _server/, which the maps do not serve)
    write(RECORD, record.to_bytes())
    write(MARKER, f"made by seckg publish; base {base_url}\n")
