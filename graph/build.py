"""Building the dataset: every document of a corpus into the embedded store and into files,
then validated. ``ingest`` adds or replaces single documents in a built store."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from seckg.errors import InputError

from .annotations import annotations_path
from .documents import corpus_documents, read_document
from .pipeline import Extraction, Extractor
from .rdf import GRAPH_ONTOLOGY, GRAPH_REFERENCE, extraction_quads
from .store import PREFIXES, building_store, open_store, remove_document, to_ox_quads, write_atomic

__all__ = ["BuildSummary", "build_corpus", "ingest_files", "extract_file", "default_corpus"]

TRIG_NAME = "seckg.trig"
TURTLE_NAME = "seckg.ttl"


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

    def add(self, ex: Extraction) -> None:
        self.documents.append(ex.document.id)
        self.sentences += len(ex.segmentation.sentences)
        self.mentions += len(ex.mentions)
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


def extract_file(path: Path, extractor: Extractor | None = None) -> Extraction:
    """Extract one text file (with its metadata and annotations beside it), touching no store."""
    extractor = extractor or Extractor.default()
    doc = read_document(path)
    return extractor.extract(doc, annotations_path(path))


def _static_quads() -> list[ox.Quad]:
    """The ontology and the reference lexicon, each in its named graph, with canonical blank
    node labels (``rdflib.compare.to_canonical_graph``) so that every build writes the same
    bytes."""
    from rdflib.compare import to_canonical_graph

    from seckg.ontology import load_ontology, load_reference

    quads: list[ox.Quad] = []
    for graph, name in ((load_ontology(), GRAPH_ONTOLOGY), (load_reference(), GRAPH_REFERENCE)):
        quads += to_ox_quads((s, p, o, name) for s, p, o in to_canonical_graph(graph))
    return quads


def build_corpus(
    corpus: Path,
    data_dir: Path,
    *,
    on_document: Callable[[str], None] | None = None,
    validate: bool = True,
) -> BuildSummary:
    """Extract every document of ``corpus`` into a new store in ``data_dir`` and write the dumps.

    Nothing in ``data_dir`` changes unless every document was read: the new store and files
    replace the old ones only at the end.
    """
    t0 = time.perf_counter()
    paths = corpus_documents(corpus)
    if not paths:
        raise InputError("no text files (.txt, .md) in the corpus folder", source=str(corpus))
    extractor = Extractor.default()
    summary = BuildSummary()
    seen: dict[str, Path] = {}
    with building_store(data_dir) as store:
        store.bulk_extend(_static_quads())
        for path in paths:
            ex = extract_file(path, extractor)
            if ex.document.id in seen:
                raise InputError(f"document id {ex.document.id!r} is also used by {seen[ex.document.id]}",
                                 source=str(path))
            seen[ex.document.id] = path
            store.bulk_extend(to_ox_quads(extraction_quads(ex)))
            summary.add(ex)
            if on_document is not None:
                on_document(ex.document.id)
        store.flush()
        summary.outputs = _write_dumps(store, data_dir)
        summary.triples = len(store)
        summary.named_graphs = len(list(store.named_graphs()))
        if validate:
            from .validate import validate_store

            summary.validation = validate_store(store)
    summary.seconds = time.perf_counter() - t0
    return summary


def ingest_files(files: list[Path], data_dir: Path) -> BuildSummary:
    """Add texts to a built store; a text already there is replaced (the same text: no change)."""
    extractor = Extractor.default()
    extractions = [extract_file(Path(p), extractor) for p in files]  # read all before writing
    summary = BuildSummary()
    store = open_store(data_dir)
    for ex in extractions:
        remove_document(store, ex.document.id)
        store.extend(to_ox_quads(extraction_quads(ex)))
        summary.add(ex)
    store.flush()
    summary.outputs = _write_dumps(store, data_dir)
    summary.triples = len(store)
    summary.named_graphs = len(list(store.named_graphs()))
    return summary


def _write_dumps(store: ox.Store, data_dir: Path) -> list[str]:
    trig = store.dump(format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
    ttl = ox.serialize(union, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    out = []
    for name, data in ((TRIG_NAME, trig), (TURTLE_NAME, ttl)):
        path = Path(data_dir) / name
        write_atomic(path, data or b"")
        out.append(str(path))
    return out
