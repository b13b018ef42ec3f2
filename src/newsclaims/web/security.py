"""Web-facing guards: the request body limit, and unexpected failures answered without
dropping the connection. URLs are fetched by ``ingest.url.fetch`` with its
SSRF guard on (``allow_private=False``) unless the operator runs ``serve --allow-private-urls``:
a URL given to the server could otherwise reach the machine's own services, the LAN or a cloud
metadata endpoint.
"""

from __future__ import annotations

import json
import logging

from .. import settings
from ..errors import E103

# Extra bytes allowed on top of ``max_input_bytes`` for the envelope of a request body
# (multipart boundaries and headers, JSON field names).
BODY_OVERHEAD_BYTES = 65_536


def body_limit() -> int:
    """Largest request body the server reads: the input limit plus the envelope."""
    return settings.get("max_input_bytes") + BODY_OVERHEAD_BYTES


class BodyLimitMiddleware:
    """Answers 413 for bodies over ``limit`` without reading them: at once when the declared
    Content-Length is too big, else as soon as the streamed body passes the limit."""

    def __init__(self, app, limit: int | None = None):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limit if self.limit is not None else body_limit()
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await _too_large(scope, send, limit, int(declared))
        received = 0
        response_started = False

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge()
            return message

        async def tracking_send(message):
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not response_started:
                await _too_large(scope, send, limit, None)


class _BodyTooLarge(Exception):
    pass


def _error_body(scope, code: str, message: str) -> tuple[bytes, bytes]:
    if scope.get("path", "").startswith("/api/"):
        return json.dumps({"error": {"code": code, "message": message}}).encode(), b"application/json"
    from markupsafe import escape

    html = (f"<!doctype html><html lang=en><meta charset=utf-8><title>Too large · newsclaims</title>"
            f'<link rel="stylesheet" href="/static/style.css"><main id="main"><h1>That did not work</h1>'
            f'<div class="error" role="alert"><p><strong>{code}</strong>: {escape(message)}</p></div>'
            f'<p><a href="/">Back to the form</a></p></main></html>')
    return html.encode(), b"text/html; charset=utf-8"


async def _too_large(scope, send, limit: int, declared: int | None):
    size = f"{declared:,} bytes" if declared is not None else "over the limit"
    body, ctype = _error_body(scope, E103, f"request body is {size}; the limit is {limit:,} bytes "
                                           "(the operator can set NEWSCLAIMS_MAX_INPUT_BYTES)")
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class CatchAllMiddleware:
    """Answers an unexpected failure with ``respond(request, exc)`` (E500) and logs it.

    Starlette's own catch-all (an ``Exception`` handler) answers and then re-raises, and uvicorn
    closes the connection of a request whose app raised: a client's next request on the same
    kept-alive connection would fail. This middleware sits inside that one and does not re-raise.
    """

    def __init__(self, app, respond):
        self.app = app
        self.respond = respond

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watch(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            logging.getLogger("newsclaims.web").exception("unexpected failure on %s", scope.get("path"))
            if started:  # half an answer is out: only closing the connection is left
                raise
            from starlette.requests import Request

            await self.respond(Request(scope), exc)(scope, receive, send)
