"""``seckg build``, ``seckg ingest``, ``seckg extract``, ``seckg eval``: from texts to the graph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .context import App, pass_app
from .output import FormatChoice, output_option, write_output


def _print_summary(app: App, summary, title: str) -> None:  # type: ignore[no-untyped-def]
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(summary.facts_by_kind.items()))
    silent = sum(len(v) for v in summary.silent_sentences.values())
    lines = [
        f"{title}: {len(summary.documents)} document(s), {summary.sentences} sentences, "
        f"{summary.mentions} mentions",
        f"facts: {sum(summary.facts_by_kind.values())} ({summary.from_rules} from rules, "
        f"{summary.from_annotations} from curated annotations)",
        f"by kind: {kinds}",
        f"sentences that produced no fact: {silent}",
        _new_entities(summary.new_entities),
        f"store: {summary.triples} quads in {summary.named_graphs} named graphs",
    ]
    if summary.outputs:
        lines.append("wrote: " + ", ".join(summary.outputs))
    v = summary.validation
    if v is not None:
        state = "conforms" if v.conforms else "does NOT conform"
        times = ", ".join(f"{k} {s:.1f}s" for k, s in v.seconds.items())
        if getattr(v, "revalidated", None) is not None:
            times += f"; incremental: {v.revalidated} focus nodes validated again"
        lines.append(f"validation: {state} ({v.count('error')} errors, {v.count('warning')} warnings; {times})")
        for f in v.findings[:20] if not v.conforms else []:
            lines.append(f"  {f.severity} {f.layer} {f.focus}: {f.message}")
    lines.append(f"time: {summary.seconds:.1f}s")
    app.log("\n".join(lines))


def _new_entities(found: dict[str, str], shown: int = 12) -> str:
    """'new entities (names no lexicon holds): 5: event Nuclear Security Summit, ...'."""
    from seckg.graph.iris import ID

    items = sorted((iri.removeprefix(ID).split("/", 1)[0], label) for iri, label in found.items())
    listed = ", ".join(f"{kind} {label}" for kind, label in items[:shown])
    more = f", ... ({len(items) - shown} more)" if len(items) > shown else ""
    return f"new entities (names no lexicon holds): {len(items)}" + (f": {listed}{more}" if items else "")


@click.command()
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of texts (default: ./corpus, else the bundled corpus).")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL and provenance validation.")
@click.option("--lexicon", "lexicon", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A lexicon of your own entities (YAML or Turtle; repeatable), beside the "
                   "*.lexicon.yaml, *.lexicon.ttl and lexicon.yaml found next to the texts.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes that extract the texts (default: one per core, or SECKG_JOBS); "
                   "the graph is the same whatever N.")
@pass_app
def build(app: App, corpus: Path | None, no_validate: bool, lexicon: tuple[Path, ...], jobs: int | None) -> None:
    """Build the graph from a corpus into the embedded store, validate it, print a summary.

    Example: seckg build --corpus corpus/

    Writes DATA_DIR/store (Oxigraph), DATA_DIR/seckg.trig (named graphs) and DATA_DIR/seckg.ttl
    (the union). The summary goes to stderr, and a progress bar (documents per second) when
    stderr is a terminal. Exits 1 when the graph does not pass validation.
    """
    from seckg.graph.build import default_corpus

    corpus = corpus or default_corpus()
    app.log(f"building from {corpus} into {app.data_dir}")
    with app.progress("building") as progress:
        summary = app.kg.build(corpus, validate=not no_validate, lexicon=lexicon, progress=progress, jobs=jobs)
    _print_summary(app, summary, "built")
    _exit_on_validation(app, summary)


def _exit_on_validation(app: App, summary) -> None:  # type: ignore[no-untyped-def]
    """Exit 1 when the graph does not pass validation (the summary has said why)."""
    if summary.validation is not None and not summary.validation.conforms:
        if app.quiet:  # the summary said why; with -q, one line
            click.echo("seckg: the graph does not pass validation (run without -q for the findings)", err=True)
        sys.exit(1)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lexicon", "lexicon", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A lexicon of your own entities (YAML or Turtle; repeatable), beside the "
                   "*.lexicon.yaml, *.lexicon.ttl and lexicon.yaml found next to the texts.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes that extract the texts (default: one per core, or SECKG_JOBS); "
                   "the graph is the same whatever N.")
@click.option("--no-validate", is_flag=True,
              help="Skip the validation (the next ingest then validates in full).")
@pass_app
def ingest(app: App, files: tuple[Path, ...], lexicon: tuple[Path, ...], jobs: int | None,
           no_validate: bool) -> None:
    """Add texts to the built graph; a text already there is replaced (idempotent).

    Example: seckg ingest notes/india-china-2020.txt

    A metadata file (NAME.yaml) and curated annotations (NAME.annotations.yaml) beside a text
    are read too. The new graph is validated as a build validates it, again only where the new
    texts can change the findings (in full when the data dir holds no earlier validation). The
    summary goes to stderr. Exits 1 when the graph does not pass validation.
    """
    with app.progress("ingesting") as progress:
        summary = app.kg.ingest(*files, lexicon=lexicon, progress=progress, jobs=jobs, validate=not no_validate)
    _print_summary(app, summary, "ingested")
    _exit_on_validation(app, summary)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("-f", "--format", "fmt", type=FormatChoice(["table", "tsv", "trig", "nquads"]), default="table",
              show_default=True,
              help="A table of facts with their words, the same as tab-separated values, or the RDF.")
@output_option
@click.option("--lexicon", "lexicon", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A lexicon of your own entities (YAML or Turtle; repeatable), beside the "
                   "*.lexicon.yaml, *.lexicon.ttl and lexicon.yaml found next to the texts.")
@pass_app
def extract(app: App, file: Path, fmt: str, output: Path | None, lexicon: tuple[Path, ...]) -> None:
    """Print what would be extracted from a text, without touching the store.

    Example: seckg extract corpus/security-partnerships-2020.txt -f table

    FILE '-' reads the text from stdin (its document id is 'stdin').
    """
    from seckg.api import KnowledgeGraph
    from seckg.iribase import ID

    if str(file) == "-":
        with click.open_file("-", encoding="utf-8") as stdin:
            ex = app.kg.extract(stdin.read(), doc_id="stdin", lexicon=lexicon)
    else:
        ex = app.kg.extract(file, lexicon=lexicon)
    if fmt in ("table", "tsv"):
        text = ex.document.text
        rows = []
        for f in sorted(ex.facts, key=lambda f: (f.span.start, f.kind)):
            words = " ".join(text[f.span.start : f.span.end].split())
            if fmt == "table" and len(words) > 60:
                words = words[:59] + "…"
            rows.append([f"{f.span.start}-{f.span.end}", f.kind, f.rule, str(f.node).replace(ID, "id:"), words])
        headers = ["span", "kind", "rule", "node", "words"]
        if fmt == "tsv":
            data = "\n".join("\t".join(r) for r in [headers, *rows]) + "\n"
        else:
            from tabulate import tabulate

            data = tabulate(rows, headers=headers, tablefmt="simple") + "\n" if rows else ""
        if write_output(output, data):
            app.log(f"wrote: {output}")
        app.log(f"{len(ex.facts)} facts; {len(ex.silent_sentences())} sentences produced none")
        return
    if write_output(output, KnowledgeGraph.extraction_rdf(ex, fmt).decode("utf-8")):
        app.log(f"wrote: {output}")


@click.command("eval")
@click.option("--gold", "gold_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold file(s) (NAME.gold.yaml beside NAME.txt); default: the bundled corpus's.")
@click.option("--rules-only", is_flag=True, help="Ignore curated annotations.")
@click.option("--details", is_flag=True, help="List missed and spurious facts.")
@output_option
@pass_app
def evaluate(app: App, gold_files: tuple[Path, ...], rules_only: bool, details: bool, output: Path | None) -> None:
    """Measure extraction against hand-written gold facts: precision and recall by kind.

    Example: seckg eval --gold tests/gold/security-partnerships-2020.gold.yaml --rules-only
    """
    from seckg.api import evaluate
    from seckg.graph.evaluate import format_report

    report = evaluate(gold_files, rules_only=rules_only)
    if write_output(output, format_report(report, details=details) + "\n"):
        app.log(f"wrote: {output}")
