"""What the user names as inputs, and how each becomes a Document.

* ``expand``: folders become the report files under them (sorted), globs are expanded; paths,
  URLs and ``-`` (standard input) stay as given (a missing path is reported when it is read).
* ``Source``: one input, said explicitly (text, path, url, bytes or a record); ``source_of``
  makes one from a command-line item. Nothing is opened or fetched because of what a text looks like.
* ``sources``: every input a list of items holds, lazily: a JSON Lines or Parquet file of
  records (``records``) is one input per record, read in partitions.
"""

from __future__ import annotations

import glob
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

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
    the data, ``name`` the file name it came with, if any: an upload), or record (``value`` a
    raw JSON line or a Parquet row, ``name`` the record file)."""
    kind: str
    value: str | bytes | dict
    name: str | None = None

    @property
    def file_name(self) -> str | None:
        """The name a date may be read from: a path's or an upload's, never a URL's or a record file's."""
        if self.kind == "record":
            return None
        return str(self.value) if self.kind == "path" else self.name


def source_of(item: str, stdin: bytes | None = None) -> Source:
    """A command-line item: ``-`` (standard input, read by the caller), a URL, else a path."""
    if item == "-":
        return Source("stdin", stdin or b"")
    if is_url(item):
        return Source("url", item)
    return Source("path", item)


def count_inputs(items: list[str]) -> int:
    """How many inputs ``sources(items)`` yields (record files counted without parsing)."""
    from .records import count_records, is_record_file

    return sum(count_records(item) if is_record_file(item) else 1 for item in items)


def sources(items: list[str], stdin: bytes | None = None) -> Iterator[tuple[str, Source]]:
    """(item name, Source) for every input, lazily, in order; a record file gives one per record."""
    from .records import is_record_file, read_records

    for item in items:
        if is_record_file(item):
            try:
                for name, raw in read_records(item):
                    yield name, Source("record", raw, item)
            except NewsclaimsError as exc:   # the file (or its rest) is one failed input
                yield item, Source("unreadable", exc.message, exc.code)
        else:
            yield item, source_of(item, stdin)


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
    if source.kind == "unreadable":
        raise NewsclaimsError(source.name, str(source.value))
    if source.kind == "record":
        from .records import record_document

        return record_document(source.value, source.name, lang=lang)
    raise NewsclaimsError(E301, f"unknown input kind {source.kind!r}")
