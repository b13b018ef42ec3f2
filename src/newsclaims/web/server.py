"""How newsclaims runs uvicorn: one configuration for ``newsclaims serve`` and the test servers.

``serve_in_thread`` runs an app on a free loopback port in a thread (tests, embedding, the load
benchmark). uvicorn closes idle kept-alive connections (``timeout_keep_alive``) and bounds the size of a
request head (h11's ``max_incomplete_event_size``), but a client that sends its headers a byte at
a time keeps a connection open for ever. ``HeaderTimeout`` closes a connection whose request
head is not complete ``header_timeout_s`` after the connection opened or its last response ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .. import settings

MAX_HEAD_BYTES = 64 * 1024  # request line and headers


class HeaderTimeout(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head, counted from the
    connection's opening or the first byte of the request; idle time between requests is the
    keep-alive timeout's business."""

    header_timeout_s: float = 10.0
    _head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._head_deadline is None and self.conn.their_state is h11.IDLE:
            self._arm()
        super().data_received(data)
        self._disarm_when_head_is_in()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.conn.their_state is h11.IDLE and self.conn.trailing_data[0]:  # part of a pipelined head
            self._arm()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_deadline = self.loop.call_later(self.header_timeout_s, self._head_too_slow)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _disarm_when_head_is_in(self) -> None:
        if self.conn.their_state is not h11.IDLE:
            self._disarm()

    def _head_too_slow(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def protocol(header_timeout_s: float) -> type[HeaderTimeout]:
    return type("HeaderTimeoutProtocol", (HeaderTimeout,), {"header_timeout_s": header_timeout_s})


def config(app, *, host: str, port: int, header_timeout_s: float | None = None, keep_alive_s: int | None = None,
           **kwargs):
    """The uvicorn configuration for ``app``: header deadline, keep-alive and head size bounded."""
    import uvicorn

    header = header_timeout_s if header_timeout_s is not None else settings.get("web_header_timeout_s")
    return uvicorn.Config(
        app, host=host, port=port, http=protocol(header),
        timeout_keep_alive=keep_alive_s if keep_alive_s is not None else settings.get("web_keep_alive_s"),
        h11_max_incomplete_event_size=MAX_HEAD_BYTES, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_in_thread(app, *, host: str = "127.0.0.1", port: int | None = None, timeout: float = 30.0,
                    header_timeout_s: float | None = None):
    """Run ``app`` with uvicorn, configured as ``newsclaims serve`` runs it, in a daemon thread;
    yields the base URL; stops it on exit."""
    import uvicorn

    port = port or free_port()
    server_config = config(app, host=host, port=port, header_timeout_s=header_timeout_s, log_level="warning",
                           lifespan="on", timeout_graceful_shutdown=3, backlog=256)
    server = uvicorn.Server(server_config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on {host}:{port}")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
