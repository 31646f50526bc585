"""Build, export and publish at scale: synthetic corpora of the genre at 1, 10, 100 (and 1,000)
documents, each step timed in a fresh process.

Run: .venv/bin/python bench/build_scale.py            (1, 10, 100 documents)
     .venv/bin/python bench/build_scale.py --full     (and 1,000)
     .venv/bin/python bench/build_scale.py --sizes 10 --generate-only corpus-10/

The corpora are generated deterministically (one seed): short analytical and news-style texts
about states' security relations (partnerships and their levels, visits, quoted statements with
their speakers, disputes over territories, memberships, sanctions, scholars' citations), whose
names come from the reference lexicon (``ontology/reference``) and whose sentences take the
shapes of the genre's real texts; nothing is copied from a corpus. One document in ten has no
open licence, so exports and the site withhold its text as they must.

For each size, each in its own process (so that start-up and peak memory are that step's):
build without and with validation (seconds, sentences/s, documents/s, peak memory: the build's
own and its worker processes'), export per format through seckg against pyoxigraph's own
``Store.dump`` of the same store, and ``seckg publish`` (seconds, pages/s). Then the ratio of
each figure between consecutive sizes (10x the documents should cost ≤ 11x the time). Figures
are printed and written as JSON to ``bench/results/build-<date>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SEED = 15
EXPORT_FORMATS = ("nquads", "trig", "turtle", "nt")
#: pyoxigraph's own format for each seckg export format
OX_FORMAT = {"nquads": "N_QUADS", "trig": "TRIG", "turtle": "TURTLE", "nt": "N_TRIPLES"}


# -- the generator --------------------------------------------------------------------------------

SKOS = "http://www.w3.org/2004/02/skos/core#"
SECKG = "https://w3id.org/seckg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _lexicon() -> dict[str, list[tuple[str, ...]]]:
    """Names from the shipped reference lexicon: states (with their capitals), persons (with
    their nationality), international organisations and places that are disputed in the genre."""
    from importlib.resources import files

    import pyoxigraph as ox

    store = ox.Store()
    ref = files("seckg.ontology") / "reference"
    for name in ("states.ttl", "entities.ttl"):
        store.load((ref / name).read_bytes(), format=ox.RdfFormat.TURTLE)

    def rows(query: str) -> list[tuple[str, ...]]:
        out = [tuple(t.value for t in r) for r in store.query(f"PREFIX skos: <{SKOS}> PREFIX seckg: <{SECKG}> "
                                                                f"{query}")]
        return sorted(out)

    return {
        "states": rows("SELECT ?l ?cl WHERE { ?s a seckg:State ; skos:prefLabel ?l ; seckg:capital ?c ."
                       " ?c skos:prefLabel ?cl FILTER(lang(?l) = 'en' && lang(?cl) = 'en') }"),
        "persons": rows("SELECT ?l ?nl WHERE { ?p a seckg:Person ; skos:prefLabel ?l ; seckg:nationality ?n ."
                        " ?n skos:prefLabel ?nl FILTER(lang(?l) = 'en' && lang(?nl) = 'en') }"),
        "organisations": rows("SELECT ?l WHERE { ?o a seckg:InternationalOrganisation ; skos:prefLabel ?l"
                              " FILTER(lang(?l) = 'en') }"),
        "places": rows("SELECT ?l WHERE { VALUES ?c { seckg:Island seckg:IslandChain seckg:Territory }"
                       " ?o a ?c ; skos:prefLabel ?l FILTER(lang(?l) = 'en') }"),
    }


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
LEVELS = ("strategic partnership", "comprehensive strategic partnership", "strategic cooperative partnership",
          "comprehensive partnership", "special strategic and global partnership")
SCHOLARS = ("Whitfield", "Okafor", "Lindqvist", "Marchetti", "Haddad", "Novak", "Sato", "Brennan", "Castillo",
            "Ivanova", "Mensah", "Dubois")
QUOTES = (
    "We will never accept any act that undermines our sovereignty",
    "Our cooperation has reached a very high level",
    "The two sides agreed to deepen practical cooperation in defence and security",
    "This partnership is not directed against any third country",
    "We oppose unilateral sanctions that have no basis in international law",
    "Dialogue is the only way to settle the dispute",
)
TOPICS = ("maritime security", "counter-terrorism", "arms control", "energy security", "cyber security",
          "regional stability")


def _sentences(rng: random.Random, lex: dict[str, list[tuple[str, ...]]]) -> list[str]:
    """One paragraph: three to six sentences of the genre's shapes about one pair of states."""
    (a, cap_a), (b, cap_b) = rng.sample(lex["states"], 2)
    person = rng.choice(lex["persons"])
    org = rng.choice(lex["organisations"])[0]
    place = rng.choice(lex["places"])[0]
    scholar = rng.choice(SCHOLARS)
    year = rng.randint(1996, 2023)
    month = rng.choice(MONTHS)
    level = rng.choice(LEVELS)
    quote = rng.choice(QUOTES)
    topic = rng.choice(TOPICS)
    page = rng.randint(3, 420)
    shapes = [
        f"{a} and {b} established a {level} in {year} ( {scholar}, {year + 1} : {page}).",
        f"In {month} {year} {person[0]} paid an official visit to {b}, where the two sides agreed to deepen "
        f"their {level}.",
        f"‘{quote},’ {person[0]} said in {cap_a} in {month} {year}.",
        f"{a} and {b} dispute sovereignty over the {place}, which {a} calls part of its territory.",
        f"{a} joined the {org} in {month} {year}.",
        f"{a} imposed sanctions on {b} in {year}, and {b} described them as ‘unacceptable’.",
        f"As {scholar} ({year}: {page}) put it, {a} treats its relationship with {b} as a question of {topic}.",
        f"The two governments signed a memorandum of understanding on {topic} in {cap_b} in {month} {year}.",
        f"{person[0]} held talks with the foreign minister of {b} on {topic} in {month} {year}.",
        f"{b} has said that it opposes the {org}’s role in the dispute over the {place} (see also {scholar}, {year}).",
    ]
    return rng.sample(shapes, rng.randint(3, 6))


def generate_corpus(folder: Path, n: int, *, seed: int = SEED) -> list[Path]:
    """Write ``n`` documents (text and metadata) into ``folder``; the same ``n`` and seed give the
    same bytes, and the first ``k`` documents of a larger corpus are those of the smaller."""
    import yaml

    lex = _lexicon()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        rng = random.Random(f"{seed}-{i}")
        doc_id = f"synthetic-{i:05d}"
        paragraphs = [" ".join(_sentences(rng, lex)) for _ in range(rng.randint(2, 5))]
        (folder / f"{doc_id}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        meta = {
            "id": doc_id,
            "title": f"Security relations, synthetic text {i}",
            "authors": [f"{rng.choice(('Laura', 'Samuel', 'Akira', 'Maria', 'Oleg'))} {rng.choice(SCHOLARS)}"],
            "journal": "Synthetic Review of Security Relations (generated for benchmarks)",
            "published_online": f"{rng.randint(2000, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "language": "en",
        }
        if i % 10 == 9:  # no open licence: exports and pages withhold its text
            meta["licence"] = "All rights reserved (synthetic; a benchmark of withheld texts)."
        else:
            meta["licence"] = "Generated for the seckg benchmarks; CC0."
            meta["licence_url"] = "https://creativecommons.org/publicdomain/zero/1.0/"
        (folder / f"{doc_id}.yaml").write_text(yaml.safe_dump(meta, sort_keys=True, allow_unicode=True),
                                               encoding="utf-8")
        paths.append(folder / f"{doc_id}.txt")
    return paths


# -- the steps, each run in a child process ---------------------------------------------------------

def _peak_mb() -> dict[str, float]:
    """Peak resident memory (MB) of this process and of its largest waited-for child."""
    return {"self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _step_build(corpus: str, data_dir: str, validate: bool, jobs: int | None,
                shacl_engine: str = "auto") -> dict[str, object]:
    import inspect

    from seckg.graph.build import build_corpus

    kwargs: dict[str, object] = {"validate": validate}
    if jobs is not None and "jobs" in inspect.signature(build_corpus).parameters:
        kwargs["jobs"] = jobs
    try:
        from seckg.ontology.check import shacl_engine as engine
    except ImportError:  # a seckg from before the engine choice: pySHACL
        engine = None
    t0 = time.perf_counter()
    with engine(shacl_engine) if engine is not None else contextlib.nullcontext():
        summary = build_corpus(Path(corpus), Path(data_dir), **kwargs)  # type: ignore[arg-type]
    seconds = time.perf_counter() - t0
    v = summary.validation
    return {"seconds": seconds, "documents": len(summary.documents), "sentences": summary.sentences,
            "quads": summary.triples, "named_graphs": summary.named_graphs,
            "facts": sum(summary.facts_by_kind.values()),
            "validation_seconds": dict(v.seconds) if v is not None else None,  # type: ignore[attr-defined]
            "shacl_engine": getattr(v, "engine", None) if v is not None else None,
            "findings": len(v.findings) if v is not None else None,  # type: ignore[attr-defined]
            "conforms": v.conforms if v is not None else None}  # type: ignore[attr-defined]


def _step_export(data_dir: str, fmt: str, engine: str, out: str) -> dict[str, object]:
    """``seckg export --part all`` in ``fmt``, or the anchor: pyoxigraph writing the same store
    itself (``Store.dump`` of the quads; for a triple format, the triples of all graphs merged,
    which is what ``seckg export`` writes). Imports are done before the clock starts."""
    import pyoxigraph as ox

    if engine == "seckg":
        from seckg.api import KnowledgeGraph

        kg = KnowledgeGraph(Path(data_dir))
        t0 = time.perf_counter()
        if hasattr(kg, "export_to"):
            with open(out, "wb") as f:
                kg.export_to(f, fmt, "all")
        else:
            Path(out).write_bytes(kg.export(fmt, "all"))
    else:
        from seckg.graph.store import current_generation

        t0 = time.perf_counter()
        gen = current_generation(Path(data_dir))
        store = ox.Store.read_only(str((gen or Path(data_dir)) / "store"))
        ox_fmt = getattr(ox.RdfFormat, OX_FORMAT[fmt])
        with open(out, "wb") as f:
            if fmt in ("nquads", "trig"):
                store.dump(f, format=ox_fmt)
            else:
                union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
                ox.serialize(union, f, format=ox_fmt)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "bytes": Path(out).stat().st_size}


def _step_publish(data_dir: str, out: str) -> dict[str, object]:
    from seckg.web.publish import publish

    t0 = time.perf_counter()
    result = publish(Path(data_dir), Path(out))
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "pages": result.pages, "files": result.files, "bytes": result.bytes}


def _step_grow(data_dir: str, out: str, quads: int) -> dict[str, object]:
    """A store of about ``quads`` quads made of the built one: its ontology and lexicon once,
    its documents again and again under new names (``document/<id>-<k>``, their evidence,
    citations and activities), so that the export is measured at sizes no corpus here reaches."""
    import pyoxigraph as ox

    from seckg.graph.store import open_store

    t0 = time.perf_counter()
    source = open_store(Path(data_dir), read_only=True)
    static, documents = [], []
    for q in source:
        g = q.graph_name
        (static if isinstance(g, ox.NamedNode) and g.value.startswith("https://w3id.org/seckg/graph/")
         else documents).append(q)
    per_document = ("https://w3id.org/seckg/id/" + kind for kind in ("document/", "evidence/", "citation/",
                                                                      "activity/"))
    prefixes = tuple(per_document)

    def renamed(term, k):  # type: ignore[no-untyped-def]
        if isinstance(term, ox.NamedNode) and term.value.startswith(prefixes):
            head, _, rest = term.value.partition("/id/")
            kind, _, tail = rest.partition("/")
            doc, sep, more = tail.partition("/")
            return ox.NamedNode(f"{head}/id/{kind}/{doc}-{k}{sep}{more}")
        return term

    Path(out).mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(Path(out) / "store"))
    store.bulk_extend(static)
    k = 0
    while len(store) < quads:
        store.bulk_extend(ox.Quad(renamed(q.subject, k), q.predicate, renamed(q.object, k), renamed(q.graph_name, k))
                          for q in documents)
        k += 1
    store.flush()
    return {"seconds": time.perf_counter() - t0, "quads": len(store), "copies": k}


def _step_ingest(data_dir: str, text: str, work: str) -> dict[str, object]:
    """Ingest one new text into a copy of a built data dir (validated incrementally from the
    validation the build stored), then validate the result in full: seconds of each, and whether
    their findings are the same."""
    import shutil

    from seckg.graph.build import ingest_files
    from seckg.graph.store import open_store
    from seckg.graph.validate import validate_store

    copy = Path(work)
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(data_dir, copy, symlinks=True)
    t0 = time.perf_counter()
    summary = ingest_files([Path(text)], copy, jobs=1)
    seconds = time.perf_counter() - t0
    v = summary.validation
    t1 = time.perf_counter()
    full = validate_store(open_store(copy, read_only=True))
    full_seconds = time.perf_counter() - t1
    shutil.rmtree(copy)
    return {"seconds": seconds, "quads": summary.triples,
            "validation_seconds": dict(v.seconds) if v is not None else None,  # type: ignore[attr-defined]
            "revalidated": getattr(v, "revalidated", None),
            "findings": len(v.findings) if v is not None else None,  # type: ignore[attr-defined]
            "full_validation_seconds": full_seconds, "full_validation_layers": dict(full.seconds),
            "same_findings": v is not None and v.findings == full.findings}  # type: ignore[attr-defined]


STEPS = {"ingest": _step_ingest, "build": _step_build, "export": _step_export, "publish": _step_publish, "grow": _step_grow}


def _cpu_seconds() -> dict[str, float]:
    """CPU seconds of this process and of the processes it waited for (extraction workers, SHACL
    worker): a measure of the work that the machine's load does not stretch, as it does the time."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"self": me.ru_utime + me.ru_stime, "children": kids.ru_utime + kids.ru_stime}


def _child_main(argv: list[str]) -> None:
    name, args = argv[0], json.loads(argv[1])
    result = STEPS[name](**args)
    result["peak_mb"] = _peak_mb()
    result["cpu_seconds"] = _cpu_seconds()
    print(json.dumps(result))


def run_step(name: str, **args: object) -> dict[str, object]:
    """Run one step in a fresh Python process; its figures, with the process's peak memory as the
    kernel counted it (``wait4``: the child and the workers it waited for)."""
    t0 = time.perf_counter()
    load = os.getloadavg()[0]
    proc = subprocess.Popen([sys.executable, __file__, "--child", name, json.dumps(args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise RuntimeError(f"step {name} {args} failed ({proc.returncode}):\n{err.decode()[-3000:]}")
    result: dict[str, object] = json.loads(out.decode().strip().splitlines()[-1])
    result["wall_seconds"] = wall  # with the interpreter's start-up and imports
    result["load_before"], result["load_after"] = load, os.getloadavg()[0]  # the machine's 1-minute load
    return result


# -- the run ------------------------------------------------------------------------------------------

def bench_size(n: int, work: Path, jobs: int | None, skip_validation: bool, *, export: bool = True,
               publish: bool = True, engines: tuple[str, ...] = ("auto",), ingest: bool = False,
               skip_plain: bool = False) -> dict[str, object]:
    corpus = work / f"corpus-{n}"
    generate_corpus(corpus, n)
    out: dict[str, object] = {"documents": n}
    data = work / f"data-{n}"
    b: dict[str, object] | None = None
    if not skip_plain or skip_validation:
        b = run_step("build", corpus=str(corpus), data_dir=str(data), validate=False, jobs=jobs)
        b["sentences_per_s"] = b["sentences"] / b["seconds"]  # type: ignore[operator]
        b["documents_per_s"] = n / b["seconds"]  # type: ignore[operator]
        out["build"] = b
        _say(f"{n:>5} docs  build            {b['seconds']:7.2f} s  {b['sentences_per_s']:7.1f} sentences/s  "
             f"{b['quads']} quads  peak {b['peak_mb']['self']:.0f} MB (+ workers {b['peak_mb']['children']:.0f} MB)"
             f"; load {b['load_before']:.1f}-{b['load_after']:.1f}")
    else:
        data = work / f"data-{n}-v-{engines[0]}"
    for i, engine in enumerate(() if skip_validation else engines):
        v = run_step("build", corpus=str(corpus), data_dir=str(work / f"data-{n}-v-{engine}"), validate=True,
                     jobs=jobs, shacl_engine=engine)
        v["sentences_per_s"] = v["sentences"] / v["seconds"]  # type: ignore[operator]
        v["over_no_validation"] = v["seconds"] / b["seconds"] if b is not None else None  # type: ignore[operator]
        out["build_validated" if i == 0 else f"build_validated_{engine}"] = v
        layers = ", ".join(f"{k} {s:.1f}s" for k, s in (v["validation_seconds"] or {}).items())  # type: ignore[union-attr]
        _say(f"{n:>5} docs  build + validate {v['seconds']:7.2f} s  {v['sentences_per_s']:7.1f} sentences/s  "
             f"({v['over_no_validation'] or 0:.2f}x; SHACL by {v.get('shacl_engine') or engine}: {layers}; "
             f"{v['findings']} findings, conforms {v['conforms']}) peak {v['peak_mb']['self']:.0f} MB "
             f"(+ workers {v['peak_mb']['children']:.0f} MB); CPU {v['cpu_seconds']['self']:.0f} s "
             f"(+ workers {v['cpu_seconds']['children']:.0f} s); load {v['load_before']:.1f}-{v['load_after']:.1f}")
    if ingest and not skip_validation:
        extra = work / f"corpus-{n + 1}"
        generate_corpus(extra, n + 1)  # its last document is new to the build of n
        i = run_step("ingest", data_dir=str(work / f"data-{n}-v-{engines[0]}"),
                     text=str(extra / f"synthetic-{n:05d}.txt"), work=str(work / f"ingest-{n}"))
        out["ingest"] = i
        layers = ", ".join(f"{k} {s:.1f}s" for k, s in (i["validation_seconds"] or {}).items())  # type: ignore[union-attr]
        full = ", ".join(f"{k} {s:.1f}s" for k, s in i["full_validation_layers"].items())  # type: ignore[union-attr]
        _say(f"{n:>5} docs  ingest of one    {i['seconds']:7.2f} s  validation {layers} "
             f"({i['revalidated']} focus nodes again) against a full one {i['full_validation_seconds']:.1f} s "
             f"({full}); same findings {i['same_findings']}; load {i['load_before']:.1f}-{i['load_after']:.1f}")
    if export:
        out["export"] = bench_export(n, data, work)
    if not publish:
        return out
    p = run_step("publish", data_dir=str(data), out=str(work / f"site-{n}"))
    p["pages_per_s"] = p["pages"] / p["seconds"]  # type: ignore[operator]
    out["publish"] = p
    _say(f"{n:>5} docs  publish          {p['seconds']:7.2f} s  {p['pages_per_s']:7.1f} pages/s  "
         f"{p['pages']} pages  peak {p['peak_mb']['self']:.0f} MB")
    return out


def bench_export(n: int | str, data: Path, work: Path, formats: tuple[str, ...] = EXPORT_FORMATS) -> dict[str, object]:
    exports: dict[str, object] = {}
    for fmt in formats:
        ours = run_step("export", data_dir=str(data), fmt=fmt, engine="seckg", out=str(work / f"x-{n}.{fmt}"))
        anchor = run_step("export", data_dir=str(data), fmt=fmt, engine="oxigraph", out=str(work / f"o-{n}.{fmt}"))
        ratio = ours["seconds"] / max(anchor["seconds"], 1e-9)  # type: ignore[operator]
        exports[fmt] = {"seckg": ours, "oxigraph": anchor, "ratio": ratio,
                        "memory_ratio": ours["peak_mb"]["self"] / anchor["peak_mb"]["self"]}  # type: ignore[index]
        _say(f"{n:>5}       export {fmt:<7}   {ours['seconds']:7.3f} s vs Oxigraph {anchor['seconds']:.3f} s "
             f"({ratio:.2f}x); peak {ours['peak_mb']['self']:.0f} MB vs {anchor['peak_mb']['self']:.0f} MB")
        for f in (work / f"x-{n}.{fmt}", work / f"o-{n}.{fmt}"):
            f.unlink(missing_ok=True)
    return exports


def ratios(sizes: list[dict[str, object]]) -> list[dict[str, object]]:
    """How each time grows from one size to the next (documents ratio beside it)."""
    out = []
    for small, big in zip(sizes, sizes[1:], strict=False):
        r: dict[str, object] = {"from": small["documents"], "to": big["documents"],
                                "documents": big["documents"] / small["documents"]}  # type: ignore[operator]
        for key in ("build", "build_validated", "publish"):
            if key in small and key in big:
                r[key] = big[key]["seconds"] / small[key]["seconds"]  # type: ignore[index]
        for fmt in EXPORT_FORMATS if "export" in small and "export" in big else ():
            r[f"export_{fmt}"] = (big["export"][fmt]["seckg"]["seconds"]  # type: ignore[index]
                                  / small["export"][fmt]["seckg"]["seconds"])  # type: ignore[index]
        out.append(r)
    return out


def _say(line: str) -> None:
    print(line, flush=True)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child_main(sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="also 1,000 documents")
    ap.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=None,
                    help="comma-separated sizes (default 1,10,100; with --full 1,10,100,1000)")
    ap.add_argument("--jobs", type=int, default=None, help="build worker processes (default: the build's own)")
    ap.add_argument("--no-validation", action="store_true", help="skip the builds with validation")
    ap.add_argument("--validation-max", type=int, default=None, metavar="N",
                    help="build with validation only up to N documents (validation is measured in depth by "
                         "bench/scale.py)")
    ap.add_argument("--shacl-engines", default="auto", metavar="LIST",
                    help="SHACL engines of the builds with validation, comma-separated (auto, pyrudof, pyshacl; "
                         "default auto, the build's own; 'auto,pyshacl' measures both)")
    ap.add_argument("--export-quads", type=int, default=None, metavar="N",
                    help="also export a store of about N quads grown from the largest build (e.g. 1000000)")
    ap.add_argument("--skip-export", action="store_true", help="no export at the corpus sizes")
    ap.add_argument("--skip-plain", action="store_true",
                    help="no build without validation (exports and publish use the validated build)")
    ap.add_argument("--ingest", action="store_true",
                    help="ingest one new document into a copy of the validated build: the incremental "
                         "validation's seconds against a full validation of the result")
    ap.add_argument("--skip-publish", action="store_true", help="no publish at the corpus sizes")
    ap.add_argument("--grow-from", type=Path, default=None, metavar="DATA_DIR",
                    help="with --export-quads: grow this built data dir instead of the largest build "
                         "(and build no corpus unless --sizes is given); a grown store already in the "
                         "--work folder is reused")
    ap.add_argument("--export-formats", default=",".join(EXPORT_FORMATS),
                    help="formats of the --export-quads run (comma-separated)")
    ap.add_argument("--generate-only", type=Path, metavar="DIR",
                    help="only write the corpus of the (first) size into DIR")
    ap.add_argument("--output", type=Path, default=None, help="JSON file (default bench/results/build-<date>.json)")
    ap.add_argument("--work", type=Path, default=None, metavar="DIR",
                    help="keep the corpora, stores and grown store in DIR (default: a temporary folder)")
    ap.add_argument("--label", default="", help="a word for the JSON file name and record (e.g. 'before')")
    args = ap.parse_args()
    sizes = args.sizes or ([] if args.grow_from else [1, 10, 100, 1000] if args.full else [1, 10, 100])
    if args.generate_only:
        generate_corpus(args.generate_only, sizes[0])
        return
    results: list[dict[str, object]] = []
    with (contextlib.nullcontext(str(args.work)) if args.work else
          tempfile.TemporaryDirectory(prefix="seckg-build-scale-")) as tmp:
        Path(tmp).mkdir(parents=True, exist_ok=True)
        for n in sizes:
            skip = args.no_validation or (args.validation_max is not None and n > args.validation_max)
            results.append(bench_size(n, Path(tmp), args.jobs, skip, export=not args.skip_export,
                                      publish=not args.skip_publish,
                                      engines=tuple(args.shacl_engines.split(",")), ingest=args.ingest,
                                      skip_plain=args.skip_plain))
        grown: dict[str, object] | None = None
        if args.export_quads:
            source = args.grow_from or Path(tmp) / f"data-{sizes[-1]}"
            if (Path(tmp) / "grown" / "store").is_dir():
                g = {"quads": "(reused)", "copies": "?"}
            else:
                g = run_step("grow", data_dir=str(source), out=str(Path(tmp) / "grown"), quads=args.export_quads)
            _say(f"grown store: {g['quads']} quads ({g['copies']} copies of the documents of {source})")
            grown = {"quads": g["quads"], "export": bench_export(f"{g['quads']}q", Path(tmp) / "grown", Path(tmp),
                                                                 tuple(args.export_formats.split(",")))}
    growth = ratios(results)
    for r in growth:
        parts = ", ".join(f"{k} {v:.2f}x" for k, v in r.items() if k not in ("from", "to", "documents"))
        _say(f"{r['from']} -> {r['to']} documents ({r['documents']:.0f}x): {parts}")
    from seckg import __version__

    record = {"benchmark": "build_scale", "label": args.label, "seckg": __version__,
              "git": _git_head(), "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
              "jobs": args.jobs, "seed": SEED, "sizes": results, "ratios": growth, "grown": grown}
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    path = args.output or RESULTS / f"build-{stamp}{'-' + args.label if args.label else ''}.json"
    path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    _say(f"wrote {path}")


def _git_head() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


if __name__ == "__main__":
    main()
