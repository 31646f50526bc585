"""Building the dataset: every document of a corpus into the embedded store and into files,
then validated. ``ingest`` adds or replaces single documents in a built store.

Documents are extracted in parallel worker processes (one per core by default, ``jobs``), each
forked from the process that loaded the lexicon and spaCy, so no worker pays their start-up
again. A worker sends back a document's quads as N-Quads and a digest of its extraction for the
summary; the store takes them in the corpus's order, so a parallel build holds and dumps exactly
what a sequential one does.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from seckg.errors import InputError

from .annotations import annotations_path
from .documents import corpus_documents, read_document
from .pipeline import Extraction, Extractor
from .rdf import GRAPH_ONTOLOGY, GRAPH_REFERENCE, extraction_quads
from .store import (
    TRIG_NAME,
    TURTLE_NAME,
    _crash_point,
    new_generation,
    remove_document,
    store_errors,
    to_ox_quads,
)
from .userlexicon import user_extractor

__all__ = ["BuildSummary", "build_corpus", "ingest_files", "extract_file", "default_corpus", "TRIG_NAME",
           "TURTLE_NAME", "default_jobs"]


@dataclass(frozen=True)
class Digest:
    """What the summary needs of one document's extraction: small, and sent between processes."""

    doc_id: str
    sentences: int
    mentions: int
    #: (kind, curated) of every fact
    facts: tuple[tuple[str, bool], ...]
    silent_sentences: tuple[int, ...]
    new_entities: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, ex: Extraction) -> Digest:
        return cls(ex.document.id, len(ex.segmentation.sentences), len(ex.mentions),
                   tuple((f.kind, bool(f.curated)) for f in ex.facts), tuple(ex.silent_sentences()),
                   tuple((m.iri, m.label) for m in ex.mentions if m.new))


@dataclass
class BuildSummary:
    documents: list[str] = field(default_factory=list)
    sentences: int = 0
    mentions: int = 0
    facts_by_kind: Counter[str] = field(default_factory=Counter)
    from_rules: int = 0
    from_annotations: int = 0
    silent_sentences: dict[str, list[int]] = field(default_factory=dict)
    triples: int = 0
    named_graphs: int = 0
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    validation: object | None = None
    #: entities no lexicon holds, found by their names ("... Summit", titled persons): IRI -> label
    new_entities: dict[str, str] = field(default_factory=dict)

    def add(self, ex: Extraction | Digest) -> None:
        d = ex if isinstance(ex, Digest) else Digest.of(ex)
        self.documents.append(d.doc_id)
        self.sentences += d.sentences
        self.mentions += d.mentions
        for iri, label in d.new_entities:
            self.new_entities.setdefault(iri, label)
        for kind, curated in d.facts:
            self.facts_by_kind[kind] += 1
            if curated:
                self.from_annotations += 1
            else:
                self.from_rules += 1
        self.silent_sentences[d.doc_id] = list(d.silent_sentences)


def default_corpus() -> Path:
    """``./corpus`` when it exists, else the corpus shipped inside the package."""
    local = Path("corpus")
    if local.is_dir() and any(local.glob("*.txt")):
        return local
    from importlib.resources import files

    return Path(str(files("seckg.corpus")))


def extract_file(path: Path, extractor: Extractor | None = None, lexicon_files: Sequence[Path] = ()) -> Extraction:
    """Extract one text file (with its metadata and annotations beside it), touching no store;
    without an extractor, with the bundled lexicon merged with the user's (``lexicon_files`` and
    those beside the text, :mod:`seckg.graph.userlexicon`)."""
    extractor = extractor or user_extractor(lexicon_files, Path(path).parent)[0]
    doc = read_document(path)
    return extractor.extract(doc, annotations_path(path))


def default_jobs() -> int:
    """Worker processes of a build: ``SECKG_JOBS``, else the cores this process may use."""
    value = os.environ.get("SECKG_JOBS", "")
    if value.strip().isdigit() and int(value) > 0:
        return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


#: The extractor a worker process uses: inherited from its parent when forked, else made by
#: :func:`_start_worker`.
_WORKER_EXTRACTOR: Extractor | None = None


def _start_worker(lexicon_files: Sequence[Path], folders: Sequence[Path]) -> None:
    global _WORKER_EXTRACTOR
    if _WORKER_EXTRACTOR is None:
        _WORKER_EXTRACTOR = user_extractor(lexicon_files, *folders)[0]


def _extract_for_store(path: Path, extractor: Extractor | None = None) -> tuple[Digest, bytes]:
    """One document's digest and its quads as N-Quads (what a worker sends back)."""
    ex = extract_file(path, extractor or _WORKER_EXTRACTOR)
    data = ox.serialize(to_ox_quads(extraction_quads(ex)), format=ox.RdfFormat.N_QUADS) or b""
    return Digest.of(ex), data


@contextmanager
def _extracting(paths: Sequence[Path], extractor: Extractor, jobs: int, lexicon_files: Sequence[Path],
                folders: Sequence[Path]) -> Iterator[Iterator[tuple[Path, Digest, bytes]]]:
    """The documents' extractions, in the order of ``paths``, made by ``jobs`` worker processes
    (in this process when one job, or one document, is enough). Enter it before opening a store:
    the workers are forked when it starts, while this process runs no other thread. At most a
    few documents per worker wait in memory to be stored."""
    jobs = max(1, min(jobs, len(paths)))
    if jobs == 1:
        yield ((p, *_extract_for_store(p, extractor)) for p in paths)
        return
    global _WORKER_EXTRACTOR
    methods = multiprocessing.get_all_start_methods()
    forked = "fork" in methods
    context = multiprocessing.get_context("fork" if forked else "spawn")
    _WORKER_EXTRACTOR = extractor if forked else None  # the forked workers inherit it
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                               initargs=(list(lexicon_files), list(folders)))
    pending: deque[tuple[Path, Future[tuple[Digest, bytes]]]] = deque()
    todo = iter(paths)

    def submit(n: int) -> None:
        for p in todo:
            pending.append((p, pool.submit(_extract_for_store, p)))
            n -= 1
            if n == 0:
                return

    def results() -> Iterator[tuple[Path, Digest, bytes]]:
        while pending:
            path, future = pending.popleft()
            digest, data = future.result()
            submit(1)
            yield path, digest, data

    try:
        submit(4 * jobs)  # forks the workers now
        yield results()
    finally:
        _WORKER_EXTRACTOR = None
        for _path, future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _static_quads(user_lexicon: Graph | None = None) -> list[ox.Quad]:
    """The ontology and the reference lexicon (with the user's entities), each in its named
    graph, with canonical blank node labels (``rdflib.compare.to_canonical_graph``) so that
    every build writes the same bytes."""
    from rdflib.compare import to_canonical_graph

    from seckg.ontology import load_ontology, load_reference

    quads: list[ox.Quad] = []
    reference = load_reference() + user_lexicon if user_lexicon else load_reference()
    for graph, name in ((load_ontology(), GRAPH_ONTOLOGY), (reference, GRAPH_REFERENCE)):
        quads += to_ox_quads((s, p, o, name) for s, p, o in to_canonical_graph(graph))
    return quads


def build_corpus(
    corpus: Path,
    data_dir: Path,
    *,
    on_document: Callable[[str], None] | None = None,
    validate: bool = True,
    lexicon_files: Sequence[Path] = (),
    jobs: int | None = None,
) -> BuildSummary:
    """Extract every document of ``corpus`` into a new store in ``data_dir`` and write the dumps.

    ``jobs`` worker processes extract the documents (default :func:`default_jobs`); the result
    does not depend on their number. Nothing in ``data_dir`` changes unless every document was
    read and the dumps were written: the new store and dumps replace the old ones together, in
    one step, at the end (see :func:`~seckg.graph.store.new_generation`); one build or ingest at
    a time (a lock).
    """
    t0 = time.perf_counter()
    paths = corpus_documents(corpus)
    if not paths:
        raise InputError("no text files (.txt, .md) in the corpus folder", source=str(corpus))
    extractor, user_lexicon = user_extractor(lexicon_files, corpus)
    summary = BuildSummary()
    with _extracting(paths, extractor, default_jobs() if jobs is None else jobs, lexicon_files, [corpus]) as done:
        # the workers have started: the ontology and the lexicon are read meanwhile
        static = _static_quads(user_lexicon)
        summary = _store_build(data_dir, done, static, summary, on_document, validate)
    summary.seconds = time.perf_counter() - t0
    return summary


#: bytes of N-Quads a build gives the store's bulk loader at once (about 50k quads)
LOAD_BATCH_BYTES = 8 << 20


def _store_build(data_dir: Path, done: Iterator[tuple[Path, Digest, bytes]],
                 static: list[ox.Quad], summary: BuildSummary, on_document: Callable[[str], None] | None,
                 validate: bool) -> BuildSummary:
    seen: dict[str, Path] = {}
    with new_generation(data_dir, made_by="build") as gen:
        store = gen.store
        with store_errors(data_dir):
            store.bulk_extend(static)
        # the documents' N-Quads go to the store's bulk loader a few MB at a time: one load a
        # document made RocksDB write and compact a thousand small files (113 s of wall time for
        # 1,000 documents, 22 s in loads of 50k quads)
        batch: list[bytes] = []
        size = 0
        for path, digest, data in done:
            if digest.doc_id in seen:
                raise InputError(f"document id {digest.doc_id!r} is also used by {seen[digest.doc_id]}",
                                 source=str(path))
            seen[digest.doc_id] = path
            batch.append(data)
            size += len(data)
            if size >= LOAD_BATCH_BYTES:
                with store_errors(data_dir):
                    store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)
                batch, size = [], 0
            summary.add(digest)
            if on_document is not None:
                on_document(digest.doc_id)
        with store_errors(data_dir):
            if batch:
                store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)
            store.flush()
            _crash_point("store-written")
            summary.outputs = gen.write_dumps()
            summary.triples = len(store)
            summary.named_graphs = len(list(store.named_graphs()))
        if validate:
            from .validate import validate_store

            _crash_point("validating")
            summary.validation = validate_store(store, dump=gen.path / TRIG_NAME)
            with store_errors(data_dir):
                gen.write_validation(summary.validation.to_json())
    return summary


def ingest_files(files: list[Path], data_dir: Path, lexicon_files: Sequence[Path] = (), *,
                 jobs: int | None = None, on_document: Callable[[str], None] | None = None,
                 validate: bool = True) -> BuildSummary:
    """Add texts to a built store; a text already there is replaced (the same text: no change).

    Every text is read first (by ``jobs`` worker processes when there are several); then a copy
    of the current store gets the new facts, new dumps are written beside it, and both replace
    the current ones in one step (see :func:`~seckg.graph.store.new_generation`): the live store
    is never changed in place, so a kill or a full disk leaves it and its dumps as they were. An
    empty or damaged store is a :class:`StoreError`, never the start of a new, smaller graph.

    Only the new texts' graphs are touched: a replaced text's evidence graphs and nodes are
    removed (:func:`~seckg.graph.store.remove_document`). The new texts' provenance is checked
    first (a text whose quotes do not hold changes nothing). Then, with ``validate``, the new
    store is validated as a build validates it (``summary.validation``; the findings are those of
    a full validation), incrementally from the validation the current generation stored: only
    the focus nodes the added and removed quads can reach are validated again
    (:func:`~seckg.graph.validate.validate_store`); in full when none was stored (a data dir of
    an older seckg, a build with ``validate=False``) or the shapes changed since. The result is
    stored with the new generation, for the next ingest.
    """
    paths = [Path(p) for p in files]
    folders = sorted({p.parent for p in paths})
    extractor, user_lexicon = user_extractor(lexicon_files, *folders)
    with _extracting(paths, extractor, default_jobs() if jobs is None else jobs, lexicon_files, folders) as done:
        extractions = list(done)  # read all before writing
    new = ox.Store()  # the new texts' quads alone: their provenance is checked there
    for _path, _digest, data in extractions:
        new.bulk_extend(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    from .validate import ValidationResult, check_provenance, validate_store

    problems = check_provenance(new)
    if problems:  # the new texts' evidence does not hold: keep the current graph
        raise InputError(f"{problems[0].message} (and {len(problems) - 1} more); nothing was changed",
                         source=", ".join(map(str, files)))
    summary = BuildSummary()
    with new_generation(data_dir, made_by="ingest", copy_current=True) as gen:
        store = gen.store
        #: every quad touched, with whether the store held it before: the change is those whose
        #: presence differs at the end
        before: dict[ox.Quad, bool] = {}

        def add(quads: Iterable[ox.Quad]) -> None:
            fresh = []
            for q in quads:
                held = q in store
                before.setdefault(q, held)
                if not held:
                    fresh.append(q)
            store.extend(fresh)

        with store_errors(data_dir):
            add(to_ox_quads((s, p, o, GRAPH_REFERENCE) for s, p, o in user_lexicon))
            for _path, digest, data in extractions:
                for q in remove_document(store, digest.doc_id):
                    before.setdefault(q, True)
                add(ox.parse(data, format=ox.RdfFormat.N_QUADS))
                summary.add(digest)
                if on_document is not None:
                    on_document(digest.doc_id)
            store.flush()
            summary.outputs = gen.write_dumps()
            summary.triples = len(store)
            summary.named_graphs = len(list(store.named_graphs()))
        if validate:
            previous_path = gen.previous_validation_path()
            previous = ValidationResult.read(previous_path) if previous_path is not None else None
            added = [q for q, held in before.items() if not held and q in store]
            removed = [q for q, held in before.items() if held and q not in store]
            _crash_point("validating")
            summary.validation = validate_store(store, previous=previous, added=added, removed=removed,
                                                dump=gen.path / TRIG_NAME)
            with store_errors(data_dir):
                gen.write_validation(summary.validation.to_json())
    return summary
