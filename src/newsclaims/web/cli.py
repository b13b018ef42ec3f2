"""``newsclaims serve``: the web view and HTTP API on this machine."""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. The default serves this machine only; give 0.0.0.0 to serve the network.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--db", "corpus", default=None, help="Corpus store (path or SQLAlchemy URL); default: NEWSCLAIMS_CORPUS_DB or the user's store.")
@click.option("--allow-private-urls", is_flag=True, default=False,
              help="Let URL analysis fetch loopback, private and link-local addresses (refused by default: SSRF).")
@click.option("--timeout", "request_timeout_s", type=float, default=None,
              help="Longest time one analysis may take, in seconds (default: NEWSCLAIMS_WEB_REQUEST_TIMEOUT_S or 60).")
@click.option("--max-concurrent", "max_concurrent", type=int, default=None,
              help="Analyses run at the same time (default: NEWSCLAIMS_WEB_MAX_CONCURRENT or 8).")
@click.option("--header-timeout", "header_timeout_s", type=click.FloatRange(min=0.1), default=None,
              help="Close a connection that has not sent a whole request head within this many seconds "
                   "(default: NEWSCLAIMS_WEB_HEADER_TIMEOUT_S or 10).")
@click.option("--keep-alive", "keep_alive_s", type=click.IntRange(min=1), default=None,
              help="Close an idle kept-alive connection after this many seconds (default: NEWSCLAIMS_WEB_KEEP_ALIVE_S or 5).")
def serve(host, port, corpus, allow_private_urls, request_timeout_s, max_concurrent, header_timeout_s, keep_alive_s):
    """Serve the web view and the HTTP API (OpenAPI description at /openapi.json, API page at /docs)."""
    import uvicorn

    from . import server
    from .app import create_app

    app = create_app(allow_private_urls=allow_private_urls, corpus=corpus,
                     request_timeout_s=request_timeout_s, max_concurrent=max_concurrent)
    click.echo(f"newsclaims: serving on http://{host}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.Server(server.config(app, host=host, port=port, header_timeout_s=header_timeout_s,
                                 keep_alive_s=keep_alive_s, log_level="warning", timeout_graceful_shutdown=5)).run()
