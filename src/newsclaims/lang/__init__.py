"""Language data: per-language YAML files read at run time, validated, compiled once.

A language is a folder ``<code>/`` of YAML files, one per concern (``quantities.yaml``,
``times.yaml`` ...) plus ``language.yaml`` (its name). Each file is a mapping of keys to one of
three kinds of entry:

* word lists   ``reporting_verbs: [sagte, erklärte]``
* maps         ``scales: {Mio.: 1e6}``
* regex fragments, under a ``patterns:`` key, that refer to each other and to the
  file's word lists as ``{name}`` (Recognizers-Text's references). A referenced word list
  becomes an escaped alternation, longest first.

Each file is checked against its model in ``schema.py`` when first read: a bad file or key
raises E202 naming the language, the file and the key. The folders are found in the package
and in the directories of ``NEWSCLAIMS_LANG_PATH`` (``os.pathsep``-separated, searched first):
adding a language is adding a folder, no engine changes. ``languages()`` is the one registry.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from ..errors import E201, E202, NewsclaimsError
from ..text import regexes

PATH_ENV = "NEWSCLAIMS_LANG_PATH"
INFO_FILE = "language"
REFERENCE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")  # {name} in a pattern


@lru_cache(maxsize=1)
def _loader():
    """libyaml's loader (it parses the language files ten times faster than the pure-Python
    one), imported on the first file read: checked files come from the user cache."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        """YAML 1.1 without its traps: only true/false are booleans (the country code NO, the words
        on/off/yes/no/y/n stay strings), only plain decimals and 0x are integers (010 is no octal
        8, 1:30 no sexagesimal 90), and dates stay strings."""

    drop = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"}
    Loader.yaml_implicit_resolvers = {first: [(tag, rx) for tag, rx in resolvers if tag not in drop]
                                      for first, resolvers in Loader.yaml_implicit_resolvers.items()}
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+)$"),
                                 list("-+0123456789"))
    return yaml, Loader


def read_yaml(text: str):
    """Parse a language data file (raises yaml.YAMLError)."""
    yaml, loader = _loader()
    return yaml.load(text, Loader=loader)


@dataclass(frozen=True)
class Language:
    """A language folder; its language.yaml is read (and checked) when first asked."""
    code: str
    folder: Traversable

    @property
    def name(self) -> str:
        return _load(self.code, self.folder).file(INFO_FILE)["name"]

    @property
    def spacy(self) -> str | None:
        """spaCy's language class, where spaCy has none for the code."""
        return _load(self.code, self.folder).file(INFO_FILE)["spacy"]


def _folders(search: str) -> list[Traversable]:
    extra = [Path(p) for p in search.split(os.pathsep) if p]
    return [*extra, resources.files(__name__)]


@lru_cache(maxsize=8)
def _registry(search: str) -> dict[str, Language]:
    found: dict[str, Language] = {}
    for root in _folders(search):
        if not root.is_dir():
            continue
        for folder in sorted(root.iterdir(), key=lambda p: p.name):
            if folder.name not in found and folder.joinpath(f"{INFO_FILE}.yaml").is_file():
                found[folder.name] = Language(folder.name, folder)
    return dict(sorted(found.items()))


def languages() -> dict[str, Language]:
    """Every language with a data folder, by code: the one list the CLI, web app and tests ask."""
    return _registry(os.environ.get(PATH_ENV, ""))


def supported() -> list[str]:
    return list(languages())


def alternation(words) -> str:
    """An escaped regex alternation of words, longest first so that the regex prefers them."""
    uniq = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in uniq) + ")"


class LanguageData:
    def __init__(self, code: str, folder: Traversable):
        self.code = code
        self.folder = folder
        self._files: dict[str, dict] = {}
        self._compiled: dict[tuple[str, str, int], Patterns] = {}

    def _error(self, message: str) -> NewsclaimsError:
        return NewsclaimsError(E202, f"language '{self.code}': {message}")

    def file(self, name: str) -> dict:
        """The file's keys, checked against its schema once; optional keys it lacks hold their default.
        A file whose keys are all optional may be left out."""
        if name not in self._files:
            res = self.folder.joinpath(f"{name}.yaml")
            text = res.read_text(encoding="utf-8") if res.is_file() else None
            self._files[name] = _checked_files().get(f"{name}\0{text}", lambda: self._check(name, text))
        return self._files[name]

    def _check(self, name: str, text: str | None) -> dict:
        """What ``file`` returns, from the file's text (None: there is no such file)."""
        from .schema import is_optional, validate  # pydantic models built on the first file read only

        if text is not None:
            data = self._read(name, text)
        elif is_optional(name):
            data = {}
        else:
            raise self._error(f"missing data file {name}.yaml")
        return validate(name, data, self._error)

    def _read(self, name: str, text: str) -> dict:
        try:
            data = read_yaml(text) or {}
        except _loader()[0].YAMLError as exc:
            raise self._error(f"{name}.yaml is not valid YAML ({exc.__class__.__name__})") from None
        if not isinstance(data, dict):
            raise self._error(f"{name}.yaml must be a mapping")
        return data

    def get(self, name: str, key: str, kind: type | tuple[type, ...] | None = None):
        """A key's value; None for an optional key the language has nothing to say about."""
        data = self.file(name)
        if key not in data:
            raise self._error(f"{name}.yaml lacks key '{key}'")
        value = data[key]
        if value is not None and kind is not None and not isinstance(value, kind):
            want = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self._error(f"{name}.yaml key '{key}' must be a {want}")
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
                raise self._error(f"{name}.yaml pattern '{ref}' refers to itself")
            if ref in fragments:
                src = str(fragments[ref])
                out = REFERENCE.sub(lambda m: "(?:" + expand(m.group(1), stack + (ref,)) + ")", src)
            elif ref in data and isinstance(data[ref], (list, dict)):
                out = alternation(str(w) for w in data[ref])
            else:
                raise self._error(f"{name}.yaml pattern '{stack[-1] if stack else ref}' refers to unknown '{ref}'")
            expanded[ref] = out
            return out

        sources = {frag: expand(frag, ()) for frag in fragments}
        compiled = self._compiled[cache_key] = Patterns(sources, flags, f"language '{self.code}': {name}.yaml")
        return compiled


class Patterns(Mapping):
    """Regex fragments of one data file, each compiled on first use: helper fragments that are
    only referred to by others are never compiled on their own (compiling is most of a cold start)."""

    def __init__(self, sources: dict[str, str], flags: int, where: str):
        self._sources, self.flags, self._where = sources, flags, where
        self._compiled: dict[str, re.Pattern] = {}

    def source(self, frag: str) -> str:
        """The fragment's regex with its references resolved (not compiled)."""
        return self._sources[frag]

    def __getitem__(self, frag: str) -> re.Pattern:
        if frag not in self._compiled:
            try:
                self._compiled[frag] = regexes.compile(self._sources[frag], self.flags)
            except re.error as exc:
                raise NewsclaimsError(E202, f"{self._where} pattern '{frag}' is not a valid regex ({exc})") from None
        return self._compiled[frag]

    def __iter__(self):
        return iter(self._sources)

    def __len__(self):
        return len(self._sources)


def load(code: str) -> LanguageData:
    found = languages().get(code)
    if found is None:
        raise NewsclaimsError(E201, f"unsupported language '{code}' (supported: {', '.join(supported())})")
    return _load(code, found.folder)


@lru_cache(maxsize=1)
def _checked_files():
    """Checked data files kept between runs (parsing and checking them is a tenth of a cold
    start), by their text and the code that reads and checks them; only what JSON keeps exactly."""
    from ..cache import DiskCache, code_version

    return DiskCache("langdata", code_version(__file__, str(Path(__file__).with_name("schema.py"))))


@lru_cache(maxsize=None)
def _load(code: str, folder: Traversable) -> LanguageData:
    return LanguageData(code, folder)
