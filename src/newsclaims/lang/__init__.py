"""Language data: per-language YAML files read at run time, validated, compiled once.

A language is a folder ``lang/<code>/`` of YAML files, one per concern (``quantities.yaml``,
``times.yaml`` ...). Each file is a mapping of keys to one of three kinds of entry:

* word lists   ``reporting_verbs: [sagte, erklärte]``
* maps         ``scales: {Mio.: 1e6}``
* regex fragments, under a ``patterns:`` key, that refer to each other and to the
  file's word lists as ``{name}`` (Recognizers-Text's references). A referenced word list
  becomes an escaped alternation, longest first.

Engines ask for a file and key; a missing or mistyped entry raises E202 naming the
language, the file and the key. Adding a language is adding a folder: no engine changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

import yaml

from ..errors import E201, E202, NewsclaimsError

# libyaml's loader parses the language files ten times faster than the pure-Python one.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_REF = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@lru_cache(maxsize=1)
def supported() -> list[str]:
    root = resources.files(__name__)
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")
                  and any(f.name.endswith(".yaml") for f in p.iterdir()))


def alternation(words) -> str:
    """An escaped regex alternation of words, longest first so that the regex prefers them."""
    uniq = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in uniq) + ")"


class LanguageData:
    def __init__(self, code: str):
        self.code = code
        self._files: dict[str, dict] = {}
        self._compiled: dict[tuple[str, str, int], Patterns] = {}

    def file(self, name: str) -> dict:
        if name not in self._files:
            res = resources.files(__name__).joinpath(self.code, f"{name}.yaml")
            if not res.is_file():
                raise NewsclaimsError(E202, f"language '{self.code}': missing data file {name}.yaml")
            try:
                data = yaml.load(res.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
            except yaml.YAMLError as exc:
                raise NewsclaimsError(E202, f"language '{self.code}': {name}.yaml is not valid YAML ({exc.__class__.__name__})") from None
            if not isinstance(data, dict):
                raise NewsclaimsError(E202, f"language '{self.code}': {name}.yaml must be a mapping")
            self._files[name] = data
        return self._files[name]

    def get(self, name: str, key: str, kind: type | tuple[type, ...] | None = None):
        data = self.file(name)
        if key not in data:
            raise NewsclaimsError(E202, f"language '{self.code}': {name}.yaml lacks key '{key}'")
        value = data[key]
        if kind is not None and not isinstance(value, kind):
            want = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise NewsclaimsError(E202, f"language '{self.code}': {name}.yaml key '{key}' must be a {want}")
        return value

    def words(self, name: str, key: str) -> list[str]:
        value = self.get(name, key, (list, dict))
        return [str(w) for w in value]

    def mapping(self, name: str, key: str) -> dict:
        return self.get(name, key, dict)

    def patterns(self, name: str, key: str = "patterns", flags: int = re.IGNORECASE) -> "Patterns":
        """Compile the regex fragments under ``key``, resolving ``{name}`` references."""
        cache_key = (name, key, flags)
        if cache_key in self._compiled:
            return self._compiled[cache_key]
        data = self.file(name)
        fragments = self.get(name, key, dict)
        expanded: dict[str, str] = {}

        def expand(ref: str, stack: tuple[str, ...]) -> str:
            if ref in expanded:
                return expanded[ref]
            if ref in stack:
                raise NewsclaimsError(E202, f"language '{self.code}': {name}.yaml pattern '{ref}' refers to itself")
            if ref in fragments:
                src = str(fragments[ref])
                out = _REF.sub(lambda m: "(?:" + expand(m.group(1), stack + (ref,)) + ")", src)
            elif ref in data and isinstance(data[ref], (list, dict)):
                out = alternation(str(w) for w in data[ref])
            else:
                raise NewsclaimsError(E202, f"language '{self.code}': {name}.yaml pattern '{stack[-1] if stack else ref}' refers to unknown '{ref}'")
            expanded[ref] = out
            return out

        sources = {frag: expand(frag, ()) for frag in fragments}
        compiled = self._compiled[cache_key] = Patterns(sources, flags, f"language '{self.code}': {name}.yaml")
        return compiled


class Patterns(Mapping):
    """Regex fragments of one data file, each compiled on first use: helper fragments that are
    only referred to by others are never compiled on their own (compiling is most of a cold start)."""

    def __init__(self, sources: dict[str, str], flags: int, where: str):
        self._sources, self._flags, self._where = sources, flags, where
        self._compiled: dict[str, re.Pattern] = {}

    def __getitem__(self, frag: str) -> re.Pattern:
        if frag not in self._compiled:
            try:
                self._compiled[frag] = re.compile(self._sources[frag], self._flags)
            except re.error as exc:
                raise NewsclaimsError(E202, f"{self._where} pattern '{frag}' is not a valid regex ({exc})") from None
        return self._compiled[frag]

    def __iter__(self):
        return iter(self._sources)

    def __len__(self):
        return len(self._sources)


@lru_cache(maxsize=None)
def load(code: str) -> LanguageData:
    if code not in supported():
        raise NewsclaimsError(E201, f"unsupported language '{code}' (supported: {', '.join(supported())})")
    return LanguageData(code)
