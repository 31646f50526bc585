"""``seckg publish``: the graph as a static linked-data site."""

from __future__ import annotations

from pathlib import Path

import click

from .context import App, pass_app


@click.command("publish")
@click.argument("out_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--base-url", metavar="URL", default=None,
              help="Where the site will be served (default: the IRI base, SECKG_BASE or "
                   "https://w3id.org/seckg/); names the dumps in the VoID description.")
@click.option("--endpoint", metavar="URL", default=None,
              help="A SPARQL endpoint serving the same graph, named on the front page and in the VoID.")
@click.option("--full", is_flag=True,
              help="Render every page again (by default a page whose inputs did not change since the site "
                   "in DIR was published is carried over from it).")
@pass_app
def publish(app: App, out_dir: Path, base_url: str | None, endpoint: str | None, full: bool) -> None:
    """Write the graph as a static linked-data site to DIR.

    One HTML page per entity (label, types, relations both ways, the supporting words with a
    link to their sentence) with Turtle and JSON-LD twins, the ontology's documentation
    (pyLODE), dumps, VoID + DCAT, and a content-negotiation map for nginx (_server/) and Apache
    (.htaccess). DIR is replaced as a whole, and only if it is empty or an earlier publish made it;
    the pages whose inputs did not change since then are carried over, not rendered again.

    Example: seckg publish site/  (then: python -m http.server -d site, or nginx with _server/)
    """
    with app.progress("publishing") as progress:
        result = app.kg.publish(out_dir, base_url=base_url, endpoint=endpoint, full=full,
                                progress=progress or (lambda message, _done, _total: app.log(message)))
    app.log(f"published: {out_dir} ({result.pages} pages: {result.rendered} rendered, {result.reused} reused; "
            f"{result.files} files, "
            f"{result.bytes / 1e6:.1f} MB, {result.seconds:.1f} s)")
    for iri in result.skipped:
        app.log(f"skipped (its path cannot be a file name): <{iri}>")
