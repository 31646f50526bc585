"""Extraction throughput: sentences per second on the corpus, and how it grows with corpus size.

Run: make bench   (or .venv/bin/python bench/extraction.py [--max-scale 16])

Prints, for each step, the median of three runs. The synthetic corpora are made of the texts in
corpus/ and tests/genre/ (the same genre), repeated as separate documents, so that 1x, 4x, 16x
... hold that many times the sentences; a linear extractor keeps sentences/second flat.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_time(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-scale", type=int, default=16)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from seckg.graph.pipeline import Extractor

    extractor = Extractor.default()
    extractor.finder.find("warm up: China and Japan.")
    init = time.perf_counter() - t0
    print(f"extractor start-up (lexicon, spaCy, phrase matcher): {init:.2f} s")

    from seckg.graph.documents import read_document

    texts = [read_document(p) for p in [ROOT / "corpus" / "security-partnerships-2020.txt",
                                        *sorted((ROOT / "tests" / "genre").glob("*.txt"))]]
    corpus = texts[0]
    n_sent = len(extractor.read(corpus).segmentation.sentences)
    t = median_time(lambda: extractor.extract(corpus))
    print(f"corpus: {n_sent} sentences, {len(corpus.text)} characters: {t:.3f} s, "
          f"{n_sent / t:.0f} sentences/s")

    base_docs = texts
    base_sent = sum(len(extractor.read(d).segmentation.sentences) for d in base_docs)
    rows = []
    scale = 1
    while scale <= args.max_scale:
        docs = [d for _ in range(scale) for d in base_docs]
        sentences = base_sent * scale
        t = median_time(lambda docs=docs: [extractor.extract(d) for d in docs], runs=3 if scale < 8 else 1)
        rows.append((scale, sentences, t, sentences / t))
        scale *= 4
    first = rows[0][3]
    print("scale  sentences  seconds  sentences/s  vs 1x")
    for scale, sentences, t, rate in rows:
        print(f"{scale:>5}x {sentences:>10} {t:>8.2f} {rate:>12.0f} {rate / first:>6.2f}")

    # one long document (the corpus's paragraphs run together, repeated): extraction and the
    # RDF writers must stay linear in the length of one text, not only across documents
    from seckg.api import KnowledgeGraph
    from seckg.graph.model import Document

    body = " ".join(corpus.text.split("\n\n")[1:]).replace("\n", " ")
    print("one long document (a single block):")
    print(" scale  characters  extract s  trig s  nquads s  extract chars/s  vs 1x")
    first_rate = None
    for k in (1, 4, 16):
        doc = Document("long", " ".join([body] * k), {})
        t_ex = median_time(lambda doc=doc: extractor.extract(doc), runs=1)
        ex = extractor.extract(doc)
        t_trig = median_time(lambda ex=ex: KnowledgeGraph.extraction_rdf(ex, "trig"), runs=1)
        t_nq = median_time(lambda ex=ex: KnowledgeGraph.extraction_rdf(ex, "nquads"), runs=1)
        rate = len(doc.text) / t_ex
        first_rate = first_rate or rate
        print(f"{k:>5}x {len(doc.text):>11} {t_ex:>10.2f} {t_trig:>7.2f} {t_nq:>9.2f} {rate:>16.0f} {rate / first_rate:>5.2f}")

    # crafted sentences of 10,000 characters (long runs of names): no pattern may backtrack
    for name, unit in (("a – b – c", "China – Japan – "), ("a, b, c", "China, Japan, Russia, "),
                       ("a and b and c", "China and Japan and "),
                       ("a long parenthesis", "(Smith, 2019; " + " " * 40)):
        doc = Document("crafted", (unit * (10000 // len(unit) + 1))[:10000] + ".", {})
        print(f"crafted 10,000-character sentence ({name}): {median_time(lambda doc=doc: extractor.extract(doc)):.2f} s")

    from seckg.graph.build import build_corpus

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        summary = build_corpus(ROOT / "corpus", Path(tmp))
        total = time.perf_counter() - t0
    v = summary.validation
    shacl = v.seconds.get("shacl", 0.0) if v is not None else 0.0
    print(f"build of the corpus (extract, store, dumps, validation): {total:.2f} s "
          f"(SHACL {shacl:.2f} s, {summary.triples} quads)")


if __name__ == "__main__":
    main()
