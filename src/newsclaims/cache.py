"""Results worth keeping between runs, in the user's cache directory (a cold-start saving).

A :class:`DiskCache` maps string keys to JSON values in one file per name, each key hashed
with the version of the code that computes its value: a changed input (a language's edited
pattern or data file) or changed code is a new key, and old keys are dropped once the file
holds more than :data:`MAX_ENTRIES` (then only the entries the process used are written).
Missing entries are computed, and written back when the process exits: to a temporary file
renamed over the old one, so that concurrent processes never read half a file (the last
writer wins; a lost entry is computed again next time).
Without a writable cache directory (or with ``NEWSCLAIMS_CACHE_DIR=off``) it computes everything.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import tempfile
from pathlib import Path

from . import settings

MAX_ENTRIES = 5_000


def cache_dir() -> Path | None:
    configured = str(settings.get("cache_dir")).strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsclaims"


def code_version(*files: str) -> str:
    """A short hash of source files: the values they compute change when they do."""
    h = hashlib.blake2b(digest_size=8)
    for f in files:
        h.update(Path(f).read_bytes())
    return h.hexdigest()


class DiskCache:
    def __init__(self, name: str, version: str):
        self.name, self.version = name, version
        self._entries: dict | None = None
        self._new: dict = {}  # computed here: copies made when computed (callers may change theirs)
        self._used: set[str] = set()

    def _path(self) -> Path | None:
        folder = cache_dir()
        return None if folder is None else folder / f"{self.name}.json"

    def _read(self) -> dict:
        path = self._path()
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path else {}
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, text: str, compute):
        """The value stored for ``text``, else ``compute()``, kept for the next run when JSON
        gives it back unchanged (no tuples, only string keys)."""
        key = hashlib.blake2b(f"{self.version}\0{text}".encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
        if self._entries is None:
            self._entries = self._read()
        self._used.add(key)
        found = self._entries.get(key)
        if found is None:
            found = self._entries[key] = compute()
            copy = json.loads(json.dumps(found, ensure_ascii=False))
            if copy == found:
                if not self._new:
                    atexit.register(self.save)
                self._new[key] = copy
        return found

    def save(self) -> None:
        path = self._path()
        if path is None or not self._new:
            return
        merged = {**self._read(), **self._new}
        if len(merged) > MAX_ENTRIES:
            merged = {k: v for k, v in merged.items() if k in self._used}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        except OSError:
            return  # a read-only home: compute again next time
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(merged, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            return
        self._new = {}
