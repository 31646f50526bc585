"""Building the dataset: every document of a corpus into the embedded store and into files,
then validated. ``ingest`` adds or replaces single documents in a built store."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
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
           "TURTLE_NAME"]



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

    def add(self, ex: Extraction) -> None:
        self.documents.append(ex.document.id)
        self.sentences += len(ex.segmentation.sentences)
        self.mentions += len(ex.mentions)
        for m in ex.mentions:
            if m.new:
                self.new_entities.setdefault(m.iri, m.label)
        for f in ex.facts:
            self.facts_by_kind[f.kind] += 1
            if f.curated:
                self.from_annotations += 1
            else:
                self.from_rules += 1
        self.silent_sentences[ex.document.id] = ex.silent_sentences()


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
) -> BuildSummary:
    """Extract every document of ``corpus`` into a new store in ``data_dir`` and write the dumps.

    Nothing in ``data_dir`` changes unless every document was read and the dumps were written:
    the new store and dumps replace the old ones together, in one step, at the end (see
    :func:`~seckg.graph.store.new_generation`); one build or ingest at a time (a lock).
    """
    t0 = time.perf_counter()
    paths = corpus_documents(corpus)
    if not paths:
        raise InputError("no text files (.txt, .md) in the corpus folder", source=str(corpus))
    extractor, user_lexicon = user_extractor(lexicon_files, corpus)
    summary = BuildSummary()
    seen: dict[str, Path] = {}
    with new_generation(data_dir, made_by="build") as gen:
        store = gen.store
        with store_errors(data_dir):
            store.bulk_extend(_static_quads(user_lexicon))
        for path in paths:
            ex = extract_file(path, extractor)
            if ex.document.id in seen:
                raise InputError(f"document id {ex.document.id!r} is also used by {seen[ex.document.id]}",
                                 source=str(path))
            seen[ex.document.id] = path
            with store_errors(data_dir):
                store.bulk_extend(to_ox_quads(extraction_quads(ex)))
            summary.add(ex)
            if on_document is not None:
                on_document(ex.document.id)
        with store_errors(data_dir):
            store.flush()
            _crash_point("store-written")
            summary.outputs = gen.write_dumps()
            summary.triples = len(store)
            summary.named_graphs = len(list(store.named_graphs()))
        if validate:
            from .validate import validate_store

            _crash_point("validating")
            summary.validation = validate_store(store)
    summary.seconds = time.perf_counter() - t0
    return summary


def ingest_files(files: list[Path], data_dir: Path, lexicon_files: Sequence[Path] = ()) -> BuildSummary:
    """Add texts to a built store; a text already there is replaced (the same text: no change).

    Every text is read first; then a copy of the current store gets the new facts, new dumps are
    written beside it, and both replace the current ones in one step (see
    :func:`~seckg.graph.store.new_generation`): the live store is never changed in place, so a
    kill or a full disk leaves it and its dumps as they were. An empty or damaged store is a
    :class:`StoreError`, never the start of a new, smaller graph.
    """
    extractor, user_lexicon = user_extractor(lexicon_files, *{Path(p).parent for p in files})
    extractions = [extract_file(Path(p), extractor) for p in files]  # read all before writing
    summary = BuildSummary()
    with new_generation(data_dir, made_by="ingest", copy_current=True) as gen:
        store = gen.store
        with store_errors(data_dir):
            store.extend(to_ox_quads((s, p, o, GRAPH_REFERENCE) for s, p, o in user_lexicon))
            for ex in extractions:
                new = to_ox_quads(extraction_quads(ex))
                remove_document(store, ex.document.id)
                store.extend(new)
                summary.add(ex)
            store.flush()
            summary.outputs = gen.write_dumps()
            summary.triples = len(store)
            summary.named_graphs = len(list(store.named_graphs()))
        from .validate import check_provenance

        problems = check_provenance(store)
        if problems:  # the new texts' evidence does not hold: keep the current graph
            raise InputError(f"{problems[0].message} (and {len(problems) - 1} more); nothing was changed",
                             source=", ".join(map(str, files)))
    return summary
