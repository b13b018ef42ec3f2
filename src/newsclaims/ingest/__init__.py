"""Inputs to Documents: text, PDF, HTML, URL. ``load`` picks the reader by content."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from .. import settings
from ..errors import E101, E105, E103, NewsclaimsError
from ..report import SourceInfo
from .document import Document
from .text import decode, from_text

__all__ = ["Document", "load", "load_bytes", "from_text"]

_URL = re.compile(r"^https?://", re.IGNORECASE)
_PATHLIKE = re.compile(r"^[^\n]{1,4096}$")


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
    """A path, a URL, raw bytes or the text itself to a Document."""
    if isinstance(source, bytes):
        return load_bytes(source, SourceInfo(kind="text"), lang=lang)
    if isinstance(source, str) and _URL.match(source.strip()) and "\n" not in source.strip():
        from .url import fetch

        data, content_kind, final_url = fetch(source.strip())
        return load_bytes(data, SourceInfo(kind="url", url=final_url, name=final_url), lang=lang, kind=content_kind)
    if isinstance(source, os.PathLike) or (_PATHLIKE.match(source) and _looks_like_path(source)):
        return load_bytes(read_file(Path(source)), SourceInfo(kind="text", path=str(source), name=Path(source).name), lang=lang)
    text = source
    src = SourceInfo(kind="text", sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    return from_text(text, src, lang=lang)


def _looks_like_path(s: str) -> bool:
    if os.path.exists(s):
        return True
    # A short one-line string ending in a file suffix is a path that is missing, not text.
    if re.search(r"\.(txt|pdf|html?|md|text)$", s, re.IGNORECASE) and " " not in s.strip():
        raise NewsclaimsError(E101, f"no such file: {s}")
    return False


def read_file(path: Path) -> bytes:
    if not path.exists():
        raise NewsclaimsError(E101, f"no such file: {path}")
    if path.is_dir():
        raise NewsclaimsError(E105, f"{path} is a directory, not a file")
    limit = settings.get("max_input_bytes")
    try:
        size = path.stat().st_size
        if size > limit:
            raise NewsclaimsError(E103, f"{path} is {size:,} bytes, over the limit of {limit:,} (set NEWSCLAIMS_MAX_INPUT_BYTES)")
        return path.read_bytes()
    except PermissionError:
        raise NewsclaimsError(E105, f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise NewsclaimsError(E105, f"cannot read {path}: {exc.strerror or exc}") from None
