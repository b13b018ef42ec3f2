"""What the user names as inputs, and how each becomes a Document.

* ``expand``: folders become the report files under them (sorted), globs are expanded; paths,
  URLs and ``-`` (standard input) stay as given (a missing path is reported when it is read).
* ``Source``: one input, said explicitly (text, path, url or bytes); ``source_of`` makes one from
  a command-line item. Nothing is opened or fetched because of what a text looks like.
"""

from __future__ import annotations

import glob
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import E301, NewsclaimsError
from ..ingest import Document, load_bytes, load_path, load_url
from ..report import SourceInfo

SUFFIXES = (".txt", ".text", ".md", ".pdf", ".html", ".htm")
_GLOB_CHARS = set("*?[")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_url(item: str) -> bool:
    return item.strip().lower().startswith(("http://", "https://"))


def expand(inputs: list[str]) -> list[str]:
    """Folders to the report files under them (sorted), globs expanded, the rest as given."""
    out = []
    for item in inputs:
        p = Path(item)
        if item != "-" and not is_url(item) and p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in SUFFIXES)
        elif item != "-" and not is_url(item) and not p.exists() and _GLOB_CHARS & set(item):
            matches = sorted(m for m in glob.glob(item, recursive=True) if Path(m).is_file())
            out.extend(matches or [item])
        else:
            out.append(item)
    return out


def shown(item: str) -> str:
    """An input name or message safe on one line: control characters (a newline in a file
    name) written as escapes."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), item)


@dataclass(frozen=True)
class Source:
    """One input. ``kind``: text (``value`` is the text), path, url, stdin or bytes (``value`` is
    the data, ``name`` the file name it came with, if any: an upload)."""
    kind: str
    value: str | bytes
    name: str | None = None

    @property
    def file_name(self) -> str | None:
        """The name a date may be read from: a path's or an upload's, never a URL's."""
        return str(self.value) if self.kind == "path" else self.name


def source_of(item: str, stdin: bytes | None = None) -> Source:
    """A command-line item: ``-`` (standard input, read by the caller), a URL, else a path."""
    if item == "-":
        return Source("stdin", stdin or b"")
    if is_url(item):
        return Source("url", item)
    return Source("path", item)


def load(source: Source, *, lang: str | None = None, allow_private_urls: bool = True) -> Document:
    """The Document for ``source``; E1xx errors for what cannot be read."""
    from ..ingest import load as load_text

    if source.kind == "path":
        return load_path(Path(source.value), lang=lang)
    if source.kind == "url":
        return load_url(str(source.value), lang=lang, allow_private=allow_private_urls)
    if source.kind in ("bytes", "stdin"):
        info = SourceInfo(kind="stdin", name="-") if source.kind == "stdin" else SourceInfo(kind="text", name=source.name)
        return load_bytes(bytes(source.value), info, lang=lang)
    if source.kind == "text":
        return load_text(str(source.value), lang=lang)
    raise NewsclaimsError(E301, f"unknown input kind {source.kind!r}")
