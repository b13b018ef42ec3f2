"""Web-facing guards: the SSRF check and guarded URL fetch, and the request body limit.

SSRF: a URL given to the server is fetched by the server, so it could reach the machine's own
services (``http://127.0.0.1:5432``), the LAN (``10.x``, ``192.168.x``) or a cloud metadata
endpoint (``169.254.169.254``). Before any connection the host is resolved and *every* address
it resolves to is checked; one refused address refuses the URL. The connection then goes to the
checked address itself (the Host header and TLS server name keep the original host name), so a
second DNS answer cannot swap in another address (DNS rebinding). Each redirect is checked the
same way. The operator can allow private addresses with ``newsclaims serve --allow-private-urls``.
"""

from __future__ import annotations

import ipaddress
import json
import socket
from urllib.parse import urljoin, urlsplit, urlunsplit

from .. import settings
from ..errors import E103, E110, NewsclaimsError

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
# Extra bytes allowed on top of ``max_input_bytes`` for the envelope of a request body
# (multipart boundaries and headers, JSON field names).
BODY_OVERHEAD_BYTES = 65_536


def refused_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address may not be fetched from, or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return refused_reason(mapped)
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_private:
        return "private"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_multicast:
        return "multicast"
    if ip.is_reserved:
        return "reserved"
    if not ip.is_global:
        return "not public"
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise NewsclaimsError(E110, f"cannot resolve host {host!r}: {exc}") from None
    return list(dict.fromkeys(info[4][0] for info in infos))


def check_url(url: str, *, allow_private: bool = False) -> tuple[str, int, list[str]]:
    """Check scheme and every resolved address; returns (host, port, addresses)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise NewsclaimsError(E110, f"only http and https URLs can be fetched, not {parts.scheme or 'no scheme'!r}")
    host = parts.hostname
    if not host:
        raise NewsclaimsError(E110, f"URL has no host: {url}")
    if parts.username or parts.password:
        raise NewsclaimsError(E110, "URLs with credentials are not fetched")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme.lower()]
    except ValueError:
        raise NewsclaimsError(E110, f"bad port in URL: {url}") from None
    addresses = resolve(host, port)
    if not addresses:
        raise NewsclaimsError(E110, f"host {host!r} has no address")
    if not allow_private:
        for addr in addresses:
            reason = refused_reason(ipaddress.ip_address(addr.split("%")[0]))
            if reason:
                raise NewsclaimsError(
                    E110, f"refused to fetch {host}: it resolves to the {reason} address {addr} "
                    "(the operator can allow this with --allow-private-urls)")
    return host, port, addresses


def _content_kind(content_type: str, url: str) -> str:
    ct = content_type.split(";")[0].strip().lower()
    if ct == "application/pdf" or urlsplit(url).path.lower().endswith(".pdf"):
        return "pdf"
    if ct in ("text/html", "application/xhtml+xml"):
        return "html"
    return "text"


def fetch_url(url: str, *, allow_private: bool = False, timeout: float | None = None,
              max_bytes: int | None = None, max_redirects: int | None = None) -> tuple[bytes, str, str]:
    """Fetch ``url`` with the SSRF guard on every hop; returns (body, kind, final URL).

    kind is pdf, html or text, from the Content-Type. Bodies over ``max_bytes`` are refused
    while streaming, before they are read in full.
    """
    import httpx

    timeout = settings.get("url_timeout_s") if timeout is None else timeout
    max_bytes = min(settings.get("url_max_bytes"), settings.get("max_input_bytes")) if max_bytes is None else max_bytes
    max_redirects = settings.get("url_max_redirects") if max_redirects is None else max_redirects
    current = url
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _ in range(max_redirects + 1):
            host, port, addresses = check_url(current, allow_private=allow_private)
            parts = urlsplit(current)
            addr = addresses[0]
            netloc = f"[{addr}]" if ":" in addr else addr
            pinned = urlunsplit((parts.scheme, f"{netloc}:{port}", parts.path or "/", parts.query, ""))
            default = DEFAULT_PORTS[parts.scheme.lower()] == port
            headers = {"Host": host if default else f"{host}:{port}", "User-Agent": "newsclaims",
                       "Accept": "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.5"}
            extensions = {"sni_hostname": host} if parts.scheme.lower() == "https" else {}
            try:
                with client.stream("GET", pinned, headers=headers, extensions=extensions) as resp:
                    if resp.is_redirect:
                        location = resp.headers.get("location")
                        if not location:
                            raise NewsclaimsError(E110, f"redirect without a location from {current}")
                        current = urljoin(current, location)
                        continue
                    if resp.status_code >= 400:
                        raise NewsclaimsError(E110, f"{current} answered HTTP {resp.status_code}")
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise NewsclaimsError(E103, f"{current} is {int(declared):,} bytes, over the limit of {max_bytes:,}")
                    chunks, size = [], 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise NewsclaimsError(E103, f"{current} is over the limit of {max_bytes:,} bytes")
                        chunks.append(chunk)
                    return b"".join(chunks), _content_kind(resp.headers.get("content-type", ""), current), current
            except httpx.HTTPError as exc:
                raise NewsclaimsError(E110, f"fetching {current} failed: {type(exc).__name__}: {exc}") from None
    raise NewsclaimsError(E110, f"more than {max_redirects} redirects from {url}")


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
