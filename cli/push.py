"""``seckg push``: write the built graph to a SPARQL 1.1 store through the Graph Store Protocol."""

from __future__ import annotations

import click

from .context import App, pass_app


@click.command("push")
@click.argument("url", metavar="URL")
@click.option("--replace/--merge", default=True, show_default=True,
              help="--replace: PUT each graph (the server's copy of it is replaced); --merge: POST (added to it).")
@click.option("--default-graph", metavar="IRI|server", default=None,
              help="Where the dataset's default graph (documents, evidence, provenance) goes: a named graph"
                   " (default: https://w3id.org/seckg/graph/default, so that the named graphs together are the"
                   " whole dataset on any server) or 'server' (the server's default graph).")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Seconds each request may take.")
@pass_app
def push(app: App, url: str, replace: bool, default_graph: str | None, timeout: float) -> None:
    """Write the built graph to a SPARQL 1.1 Graph Store Protocol endpoint, one graph at a time.

    Example: seckg push http://localhost:7878/store   (Oxigraph; Fuseki: .../DATASET/data;
    Virtuoso: .../sparql-graph-crud-auth with SECKG_ENDPOINT_AUTH=digest)

    Named graphs are kept. Credentials come from the environment only: SECKG_ENDPOINT_TOKEN
    (Bearer) or SECKG_ENDPOINT_USER and SECKG_ENDPOINT_PASSWORD (Basic; Digest with
    SECKG_ENDPOINT_AUTH=digest). TLS certificates are verified, always: trust a private CA with
    SECKG_ENDPOINT_CA=ca.pem. --merge sends a graph's blank-node structures only when the server
    lacks them. Graphs of the server that the built graph does not hold are left as they are.
    """
    from seckg.graph.store import open_store
    from seckg.queries.remote import DEFAULT_GRAPH, credentials_from_env, push_dataset

    store = open_store(app.data_dir, read_only=True)
    target_graph = None if default_graph == "server" else (default_graph or DEFAULT_GRAPH)
    result = push_dataset(store.quads_for_pattern(None, None, None), url, replace=replace, timeout=timeout,
                          credentials=credentials_from_env(), default_graph=target_graph)
    kept = f"; {result.kept} blank-node structures the server held already were not sent again" \
        if result.kept else ""
    app.log(f"pushed: {result.quads} quads in {result.graphs} graphs to {url}"
            f" ({'replaced' if replace else 'merged'}{kept})")
