"""``seckg serve``: the graph over HTTP: a read-only SPARQL endpoint, the stored queries and
linked-data pages for the graph's IRIs."""

from __future__ import annotations

import click

from .context import App, pass_app


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind (loopback by default; the server has no authentication).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Seconds a query may run before the client gets 503.")
@click.option("--max-rows", default=10000, show_default=True, type=click.IntRange(min=1),
              help="Rows (or triples) per answer; longer answers are cut, with an X-SPARQL-MaxRows header.")
@pass_app
def serve(app: App, host: str, port: int, timeout: float, max_rows: int) -> None:
    """Serve the graph over HTTP: a read-only SPARQL endpoint and linked-data pages.

    Example: seckg serve --port 8000  (then: curl 'http://127.0.0.1:8000/sparql?query=ASK{?s ?p ?o}')

    Routes: / (a page to write and run queries), /sparql (SPARQL 1.1 Protocol, GET and POST;
    SERVICE, FROM and updates refused), /queries and /queries/NAME?PARAM=VALUE (the stored
    queries), /id/KIND/SLUG (303 to /data/KIND/SLUG.ttl|.nt|.jsonld or /page/KIND/SLUG by
    Accept), /ontology (documentation or RDF by Accept). The store is opened read-only.
    Stop with Ctrl-C.
    """
    from seckg.queries.engine import StoreTarget
    from seckg.queries.server import make_server

    target = StoreTarget.embedded(app.data_dir)
    try:
        server = make_server(target, host, port, timeout, max_rows, quiet=app.quiet)
    except OSError as e:
        raise click.ClickException(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    bound_host, bound_port = server.server_address[:2]
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    click.echo(f"seckg: serving {app.data_dir} at http://{shown}:{bound_port}/ (query page) and"
               f" http://{shown}:{bound_port}/sparql (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("seckg: stopped", err=True)
    finally:
        server.server_close()
