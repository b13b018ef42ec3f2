"""Results worth keeping between runs, in the user's cache directory (a cold-start saving).

A :class:`DiskCache` maps string keys to JSON values in one file per name, each key hashed
with the version of the code that computes its value: a changed input (a language's edited
pattern or data file) or changed code is a new key. Missing entries are computed, and written
back when the process exits: to a temporary file renamed over the old one, so that concurrent
processes never read half a file (the last writer wins; a lost entry is computed again next
time). Each write is a new generation of the file; an entry no process of the last
:data:`KEEP_WRITES` generations used is dropped then (an old version's patterns: left, they grew
the files to tens of megabytes, all read at every start). A run that computes nothing writes
nothing, so entries that are only read live on until writes come.
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

# An entry is dropped when this many writes of its file passed without a process using it.
KEEP_WRITES = 8
# The file's layout: {"format": FORMAT, "generation": n, "entries": {key: [generation last used, value]}}
FORMAT = 2


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
        self._entries: dict | None = None  # key -> [generation last used, value]
        self._new: dict = {}  # computed here: copies made when computed (callers may change theirs)
        self._used: set[str] = set()

    def _path(self) -> Path | None:
        folder = cache_dir()
        return None if folder is None else folder / f"{self.name}.json"

    def _read(self) -> tuple[int, dict]:
        """(generation, entries) of the file; (0, {}) when it is missing, unreadable or of
        another layout (its entries are computed again)."""
        path = self._path()
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path else {}
        except (OSError, ValueError):
            return 0, {}
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("entries"), dict):
            return 0, {}
        return int(data.get("generation", 0)), data["entries"]

    def get(self, text: str, compute):
        """The value stored for ``text``, else ``compute()``, kept for the next run when JSON
        gives it back unchanged (no tuples, only string keys)."""
        key = hashlib.blake2b(f"{self.version}\0{text}".encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
        if self._entries is None:
            self._entries = self._read()[1]
        self._used.add(key)
        entry = self._entries.get(key)
        if isinstance(entry, list) and len(entry) == 2:
            return entry[1]
        found = compute()
        self._entries[key] = [0, found]
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
        generation, entries = self._read()  # again: another process may have written since
        generation += 1
        entries.update((key, [generation, value]) for key, value in self._new.items())
        for key in self._used & entries.keys():
            entries[key][0] = generation
        merged = {"format": FORMAT, "generation": generation,
                  "entries": {k: v for k, v in entries.items() if _kept(v, generation)}}
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


def _kept(entry, generation: int) -> bool:
    """An entry of the layout, used by a process in the last KEEP_WRITES writes of its file."""
    return isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], int) \
        and entry[0] > generation - KEEP_WRITES
