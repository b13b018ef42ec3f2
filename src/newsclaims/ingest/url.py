"""Fetching a URL: httpx with a timeout, a size limit, a user agent and bounded redirects.

Every failure (timeout, refused connection, HTTP error status, a body over the limit, too many
redirects) is one E110 line. The kind of the content comes from its Content-Type.

With ``allow_private=False`` (a server fetching URLs its users give it) the fetch is guarded
against SSRF: before any connection the host is resolved and *every* address it resolves to is
checked (loopback, private, link-local, reserved ... are refused); the connection then goes to the
checked address itself (the Host header and TLS server name keep the host name), so a second DNS
answer cannot swap in another address; each redirect hop is checked the same way.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit, urlunsplit

from .. import settings
from ..errors import E110, NewsclaimsError

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
CONTENT_KINDS = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "text",
}
ACCEPT = "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.5"


def user_agent() -> str:
    from .. import __version__

    return f"newsclaims/{__version__} (+offline news analysis)"


def content_kind(content_type: str | None) -> str | None:
    """pdf, html or text from a Content-Type header; None leaves it to sniffing the bytes."""
    if not content_type:
        return None
    return CONTENT_KINDS.get(content_type.split(";")[0].strip().lower())


def refused_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address may not be fetched from, or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return refused_reason(mapped)
    for reason, flag in (("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
                         ("private", ip.is_private), ("unspecified", ip.is_unspecified),
                         ("multicast", ip.is_multicast), ("reserved", ip.is_reserved)):
        if flag:
            return reason
    return None if ip.is_global else "not public"


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
                    E110, f"{url}: refused address {addr} ({reason}; "
                    "the operator can allow this with --allow-private-urls)")
    return host, port, addresses


def fetch(url: str, *, allow_private: bool = True) -> tuple[bytes, str | None, str]:
    """GET ``url``: (body, kind or None, final URL after redirects)."""
    import httpx

    limit = min(settings.get("url_max_bytes"), settings.get("max_input_bytes"))
    timeout = settings.get("url_timeout_s")
    max_redirects = settings.get("url_max_redirects")
    current = url
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
            for _ in range(max_redirects + 1):
                host, port, addresses = check_url(current, allow_private=allow_private)
                parts = urlsplit(current)
                addr = addresses[0]
                netloc = f"[{addr}]" if ":" in addr else addr
                pinned = urlunsplit((parts.scheme, f"{netloc}:{port}", parts.path or "/", parts.query, ""))
                default_port = DEFAULT_PORTS[parts.scheme.lower()] == port
                headers = {"Host": host if default_port else f"{host}:{port}", "User-Agent": user_agent(),
                           "Accept": ACCEPT}
                extensions = {"sni_hostname": host} if parts.scheme.lower() == "https" else {}
                with client.stream("GET", pinned, headers=headers, extensions=extensions) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise NewsclaimsError(E110, f"{current}: redirect without a location")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise NewsclaimsError(E110, f"{current}: HTTP {response.status_code} {response.reason_phrase}".rstrip())
                    declared = response.headers.get("Content-Length")
                    if declared and declared.isdigit() and int(declared) > limit:
                        raise NewsclaimsError(E110, f"{current}: response is {int(declared):,} bytes, over the limit of {limit:,}")
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise NewsclaimsError(E110, f"{current}: response is over the limit of {limit:,} bytes")
                        chunks.append(chunk)
                    return b"".join(chunks), content_kind(response.headers.get("Content-Type")), current
    except httpx.TimeoutException:
        raise NewsclaimsError(E110, f"{current}: no answer within {timeout:g} s (timeout)") from None
    except httpx.InvalidURL as exc:
        raise NewsclaimsError(E110, f"{current}: invalid URL ({exc})") from None
    except httpx.HTTPError as exc:
        raise NewsclaimsError(E110, f"{current}: {type(exc).__name__}: {exc}".rstrip(": ")) from None
    raise NewsclaimsError(E110, f"{url}: more than {max_redirects} redirects")
