"""``seckg build``, ``seckg ingest``, ``seckg extract``, ``seckg eval``: from texts to the graph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .context import App, pass_app


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
        f"store: {summary.triples} quads in {summary.named_graphs} named graphs",
    ]
    if summary.outputs:
        lines.append("wrote: " + ", ".join(summary.outputs))
    v = summary.validation
    if v is not None:
        state = "conforms" if v.conforms else "does NOT conform"
        times = ", ".join(f"{k} {s:.1f}s" for k, s in v.seconds.items())
        lines.append(f"validation: {state} ({v.count('error')} errors, {v.count('warning')} warnings; {times})")
        for f in v.findings[:20] if not v.conforms else []:
            lines.append(f"  {f.severity} {f.layer} {f.focus}: {f.message}")
    lines.append(f"time: {summary.seconds:.1f}s")
    click.echo("\n".join(lines))


@click.command()
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of texts (default: ./corpus, else the bundled corpus).")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL and provenance validation.")
@pass_app
def build(app: App, corpus: Path | None, no_validate: bool) -> None:
    """Build the graph from a corpus into the embedded store, validate it, print a summary.

    Example: seckg build --corpus corpus/

    Writes DATA_DIR/store (Oxigraph), DATA_DIR/seckg.trig (named graphs) and DATA_DIR/seckg.ttl
    (the union). Exits 1 when the graph does not pass validation.
    """
    from seckg.graph.build import build_corpus, default_corpus
    from seckg.graph.documents import corpus_documents

    corpus = corpus or default_corpus()
    app.log(f"building from {corpus} into {app.data_dir}")
    total = len(corpus_documents(corpus))
    if app.quiet or total < 2:
        summary = build_corpus(corpus, app.data_dir, validate=not no_validate)
    else:
        with click.progressbar(length=total, label="extracting", file=sys.stderr) as bar:
            summary = build_corpus(corpus, app.data_dir, validate=not no_validate,
                                   on_document=lambda _id: bar.update(1))
    _print_summary(app, summary, "built")
    if summary.validation is not None and not summary.validation.conforms:
        sys.exit(1)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_app
def ingest(app: App, files: tuple[Path, ...]) -> None:
    """Add texts to the built graph; a text already there is replaced (idempotent).

    Example: seckg ingest notes/india-china-2020.txt

    A metadata file (NAME.yaml) and curated annotations (NAME.annotations.yaml) beside a text
    are read too.
    """
    from seckg.graph.build import ingest_files

    summary = ingest_files(list(files), app.data_dir)
    _print_summary(app, summary, "ingested")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "trig", "nquads"]), default="table",
              show_default=True, help="A table of facts with their sentences, or the RDF.")
@pass_app
def extract(app: App, file: Path, fmt: str) -> None:
    """Print what would be extracted from a text, without touching the store.

    Example: seckg extract corpus/security-partnerships-2020.txt -f table
    """
    from seckg.graph.build import extract_file
    from seckg.graph.rdf import extraction_quads, to_dataset
    from seckg.iribase import ID

    ex = extract_file(file)
    if fmt == "table":
        text = ex.document.text
        for f in sorted(ex.facts, key=lambda f: (f.span.start, f.kind)):
            words = " ".join(text[f.span.start : f.span.end].split())
            if len(words) > 90:
                words = words[:89] + "…"
            node = str(f.node).replace(ID, "id:")
            click.echo(f"{f.span.start}-{f.span.end}\t{f.kind}\t{f.rule}\t{node}\t{words}")
        app.log(f"{len(ex.facts)} facts; {len(ex.silent_sentences())} sentences produced none")
        return
    ds = to_dataset(extraction_quads(ex))
    click.echo(ds.serialize(format="trig" if fmt == "trig" else "nquads"), nl=False)


@click.command("eval")
@click.option("--gold", "gold_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold file(s) (NAME.gold.yaml beside NAME.txt); default: the bundled corpus's.")
@click.option("--rules-only", is_flag=True, help="Ignore curated annotations.")
@click.option("--details", is_flag=True, help="List missed and spurious facts.")
@pass_app
def evaluate(app: App, gold_files: tuple[Path, ...], rules_only: bool, details: bool) -> None:
    """Measure extraction against hand-written gold facts: precision and recall by kind.

    Example: seckg eval --gold tests/gold/security-partnerships-2020.gold.yaml --rules-only
    """
    from seckg.graph.evaluate import evaluate_gold, format_report

    report = evaluate_gold(list(gold_files) or None, use_annotations=not rules_only)
    click.echo(format_report(report, details=details))
