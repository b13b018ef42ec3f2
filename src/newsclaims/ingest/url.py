"""Fetching a URL: httpx with a timeout, a size limit, a user agent and bounded redirects.

Every failure (timeout, refused connection, HTTP error status, a body over the limit, too many
redirects) is one E110 line. The kind of the content comes from its Content-Type.
"""

from __future__ import annotations

from .. import settings
from ..errors import E110, NewsclaimsError

CONTENT_KINDS = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "text",
}


def user_agent() -> str:
    from .. import __version__

    return f"newsclaims/{__version__} (+offline news analysis)"


def content_kind(content_type: str | None) -> str | None:
    """pdf, html or text from a Content-Type header; None leaves it to sniffing the bytes."""
    if not content_type:
        return None
    return CONTENT_KINDS.get(content_type.split(";")[0].strip().lower())


def _refuse_private(request) -> None:
    """A request hook (called for every hop of a redirect chain): no loopback, private,
    link-local or reserved addresses. For servers that fetch URLs their users give them."""
    import ipaddress
    import socket

    host = request.url.host
    try:
        infos = socket.getaddrinfo(host, request.url.port or 0, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise NewsclaimsError(E110, f"{request.url}: cannot resolve {host} ({exc.strerror or exc})") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            raise NewsclaimsError(E110, f"{request.url}: refused address {address} (not a public address)")


def fetch(url: str, *, allow_private: bool = True) -> tuple[bytes, str | None, str]:
    """GET ``url``: (body, kind or None, final URL after redirects).

    ``allow_private=False`` refuses hosts that resolve to loopback, private, link-local or
    reserved addresses, on every redirect too (a web server fetching its users' URLs wants this).
    """
    import httpx

    limit = min(settings.get("url_max_bytes"), settings.get("max_input_bytes"))
    timeout = settings.get("url_timeout_s")
    hooks = {} if allow_private else {"request": [_refuse_private]}
    try:
        with httpx.Client(follow_redirects=True, max_redirects=settings.get("url_max_redirects"),
                          timeout=timeout, headers={"User-Agent": user_agent()}, event_hooks=hooks) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise NewsclaimsError(E110, f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip())
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise NewsclaimsError(E110, f"{url}: response is {int(declared):,} bytes, over the limit of {limit:,}")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise NewsclaimsError(E110, f"{url}: response is over the limit of {limit:,} bytes")
                    chunks.append(chunk)
                return b"".join(chunks), content_kind(response.headers.get("Content-Type")), str(response.url)
    except httpx.TimeoutException:
        raise NewsclaimsError(E110, f"{url}: no answer within {timeout:g} s (timeout)") from None
    except httpx.TooManyRedirects:
        raise NewsclaimsError(E110, f"{url}: more than {settings.get('url_max_redirects')} redirects") from None
    except httpx.InvalidURL as exc:
        raise NewsclaimsError(E110, f"{url}: invalid URL ({exc})") from None
    except httpx.HTTPError as exc:
        raise NewsclaimsError(E110, f"{url}: {type(exc).__name__}: {exc}".rstrip(": ")) from None
