"""``seckg serve``: the graph over HTTP: a read-only SPARQL endpoint (Oxigraph's server behind
seckg's screen), the stored queries and linked-data pages for the graph's IRIs."""

from __future__ import annotations

import click

from .context import App, pass_app


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind (loopback by default; the server has no authentication). Another address"
                   " (0.0.0.0) publishes the whole store to the network, SPARQL included: full texts whose"
                   " licence does not allow redistribution too (pages and /data/ leave them out).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Seconds a query may run; then it is stopped (its engine is killed and replaced) and the"
                   " client gets 503.")
@click.option("--max-rows", default=10000, show_default=True, type=click.IntRange(min=1),
              help="Rows (or triples) per answer of a stored query or an HTML table; longer answers are cut,"
                   " with an X-SPARQL-MaxRows header.")
@click.option("--engines", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Oxigraph server processes kept ready; each runs one query at a time.")
@click.option("--max-engines", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Queries run at once (more engines are started while all are busy); more wait (at most 32"
                   " for 10 s), then 503 with Retry-After.")
@click.option("--max-memory", default=2048, show_default=True, type=click.IntRange(min=256), metavar="MB",
              help="Address space each engine may use (RLIMIT_AS); a query past it stops its engine (503).")
@click.option("--cors/--no-cors", default=False, show_default=True,
              help="Let pages of any origin query the endpoint (Access-Control-Allow-Origin: *, preflight"
                   " answered; read-only, no credentials). Off by default: only pages this server serves"
                   " can read its answers.")
@pass_app
def serve(app: App, host: str, port: int, timeout: float, max_rows: int, engines: int, max_engines: int,
          max_memory: int, cors: bool) -> None:
    """Serve the graph over HTTP: a read-only SPARQL endpoint and linked-data pages.

    Example: seckg serve --port 8000  (then: curl --get --data-urlencode 'query=ASK { ?s ?p ?o }'
    http://127.0.0.1:8000/sparql)

    Routes: / (a page to write and run queries), /sparql (SPARQL 1.1 Protocol, GET and POST, every
    result and RDF format, HTML for a browser; without a query, the service description; SERVICE
    and updates refused; FROM and default-graph-uri choose graphs of this store), /queries and
    /queries/NAME?PARAM=VALUE (the stored queries), /id/KIND/SLUG (303 to
    /data/KIND/SLUG.ttl|.nt|.jsonld or /page/KIND/SLUG by Accept), /ontology (documentation or RDF
    by Accept). Queries run on Oxigraph's server, started and watched by seckg, over the store
    opened read-only; a new build or ingest is picked up without a restart. Stop with Ctrl-C.

    Licences: pages and /data/ documents leave out the full text of a document whose licence
    does not allow redistribution (its quotes stay, as citations); /sparql answers from the store
    as built, texts included: it is for the local user. To put the graph online, use seckg
    publish, not --host 0.0.0.0.
    """
    from seckg.web.server import make_server

    try:
        server = make_server(app.data_dir, host, port, timeout, max_rows, quiet=app.quiet, engines=engines,
                             max_engines=max_engines, max_memory=max_memory << 20, cors=cors)
    except OSError as e:
        raise click.ClickException(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    bound_host, bound_port = server.server_address[:2]
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    click.echo(f"seckg: serving {app.data_dir} at http://{shown}:{bound_port}/ (query page) and"
               f" http://{shown}:{bound_port}/sparql (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        click.echo("seckg: stopped", err=True)
