"""Inputs to Documents: text, PDF, HTML, URL. ``load`` picks the reader by content."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from .. import settings
from ..errors import E101, E105, E103, NewsclaimsError
from ..report import SourceInfo
from .document import Document
from .text import decode, from_text

__all__ = ["Document", "load", "load_bytes", "load_path", "load_url", "from_text"]


def _sniff(data: bytes, name: str) -> str:
    head = data[:2048].lstrip().lower()
    if data[:5] == b"%PDF-" or name.lower().endswith(".pdf"):
        return "pdf"
    if name.lower().endswith((".html", ".htm")) or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def load_bytes(data: bytes, source: SourceInfo, *, lang: str | None = None, kind: str | None = None) -> Document:
    """Bytes of a report to a Document; ``kind`` is pdf, html or text (sniffed when None)."""
    source.sha256 = source.sha256 or hashlib.sha256(data).hexdigest()
    kind = kind or _sniff(data, source.path or source.url or "")
    if kind == "pdf":
        from .pdf import from_pdf

        source.kind = "pdf" if source.kind != "url" else source.kind
        return from_pdf(data, source, lang=lang)
    if kind == "html":
        from .html import from_html

        source.kind = "html" if source.kind != "url" else source.kind
        return from_html(data, source, lang=lang)
    text, warnings = decode(data)
    return from_text(text, source, lang=lang, warnings=warnings)


def load(source: str | os.PathLike | bytes, *, lang: str | None = None) -> Document:
    """The text itself (``str``), a file (``os.PathLike``) or raw bytes to a Document.

    A string is always text: never opened as a path or fetched because of how it looks
    (use ``load_path`` / ``load_url`` for those)."""
    if isinstance(source, bytes):
        return load_bytes(source, SourceInfo(kind="text"), lang=lang)
    if isinstance(source, os.PathLike):
        return load_path(Path(source), lang=lang)
    src = SourceInfo(kind="text", sha256=hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest())
    return from_text(source, src, lang=lang)


def load_path(path: Path, *, lang: str | None = None) -> Document:
    return load_bytes(read_file(path), SourceInfo(kind="text", path=str(path), name=path.name), lang=lang)


def load_url(url: str, *, lang: str | None = None, allow_private: bool = True) -> Document:
    from .url import fetch

    data, content_kind, final_url = fetch(url.strip(), allow_private=allow_private)
    return load_bytes(data, SourceInfo(kind="url", url=final_url, name=final_url), lang=lang, kind=content_kind)


def read_file(path: Path) -> bytes:
    if not path.exists():
        raise NewsclaimsError(E101, f"no such file: {path}")
    if path.is_dir():
        raise NewsclaimsError(E105, f"{path} is a directory, not a file")
    limit = settings.get("max_input_bytes")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise NewsclaimsError(E105, f"{path} is not a regular file (a FIFO, device or socket)")
        size = info.st_size
        if size > limit:
            raise NewsclaimsError(E103, f"{path} is {size:,} bytes, over the limit of {limit:,} (set NEWSCLAIMS_MAX_INPUT_BYTES)")
        return path.read_bytes()
    except PermissionError:
        raise NewsclaimsError(E105, f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise NewsclaimsError(E105, f"cannot read {path}: {exc.strerror or exc}") from None
