"""The language's entity data compiled into a gazetteer (one trie regex over every surface form)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ...lang import load
from ...text.prefilter import Scanner
from ...text import regexes


SPAN_KEY = "newsclaims_entities"
# An acronym in parentheses right after its long form: "Generalstab (JCS)".
ACRONYM_PAREN = re.compile(r"\(\s*([^\W\d_][\w.&-]{1,11})\s*\)")
# The longest a run of capitalised words before "(ACR)" may be when initials are checked.
MAX_LONG_FORM_WORDS = 8
# Minimum length of a surname taken from a found person for later bare mentions.
MIN_SURNAME_LEN = 3
# spaCy NER labels (the common label schemes) -> entity kind.
NER_LABELS = {
    "PER": "person", "PERSON": "person", "ORG": "organization", "NORP": "group",
    "GPE": "place", "LOC": "place", "FAC": "place",
}


@dataclass(frozen=True)
class EntryInfo:
    """What a gazetteer entry says about every form it matches."""

    key: str
    kind: str
    name: str
    code: str | None = None
    subtype: str | None = None
    generic: bool = False


@dataclass
class Found:
    """A found entity before ids are assigned (a resolver result, free of spaCy)."""

    start: int
    end: int
    text: str
    info: EntryInfo
    form: str = "name"          # name | adj | people | capital | acronym | long | role | say | alias | ner
    role: str | None = None
    long_form: tuple[int, int] | None = None
    code: str | None = None     # resolved code (info.code or from a qualifying country)
    extra: dict = field(default_factory=dict)


def is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _capitalised(form: str) -> str:
    return form[:1].upper() + form[1:]


def trie_regex(forms) -> str:
    """One regex alternation over many literal forms, shared prefixes factored out (fast),
    longer forms preferred; a space in a form matches any run of whitespace."""
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + build(child)
                for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class Gazetteer:
    """Every surface form of every entry in a language's data, compiled once."""

    def __init__(self, code: str):
        data = load(code)
        self.code = code
        rules = data.file("entities")
        self.forms: dict[str, tuple[EntryInfo, str]] = {}
        name_suffixes = data.words("entities", "name_suffixes")
        adj_endings = data.words("entities", "adjective_endings")
        people_endings = data.words("entities", "people_endings")

        def add(form: str, info: EntryInfo, ftype: str, endings=("",)):
            form = " ".join(str(form).split())
            if not form:
                return
            variants = {form + e for e in endings} | {form}
            if ftype != "acronym" and not is_acronym(form):
                variants |= {_capitalised(v) for v in variants}
            for v in variants:
                self.forms.setdefault(v, (info, "acronym" if is_acronym(v) else ftype))

        for iso, c in data.mapping("countries", "countries").items():
            info = EntryInfo(f"country:{iso}", "country", c["name"], str(iso))
            for f in c.get("names") or []:
                add(f, info, "name", [""] + name_suffixes if not is_acronym(f) else [""])
            for f in c.get("adj") or []:
                add(f, info, "adj", adj_endings)
            for f in c.get("capitals") or []:
                add(f, info, "capital", [""] + name_suffixes)
            people = EntryInfo(f"country:{iso}", "group", c["name"], str(iso))
            for f in c.get("people") or []:
                add(f, people, "people", people_endings)
        for i, p in enumerate(data.get("countries", "places", list)):
            info = EntryInfo(f"place:{i}", "place", p["name"], p.get("code"))
            for f in p["forms"]:
                add(f, info, "name", [""] + name_suffixes)
        for section, kind in (("organizations", "organization"), ("groups", "group")):
            for i, o in enumerate(data.get("organizations", section, list)):
                info = EntryInfo(f"{section}:{i}", kind, o["name"], o.get("code"), o.get("subtype"),
                                 bool(o.get("generic", False)))
                for f in o["forms"]:
                    add(f, info, "long" if not is_acronym(f) else "acronym")
        for i, p in enumerate(data.get("entities", "persons", list)):
            info = EntryInfo(f"person:{i}", "person", p["name"])
            for f in p["forms"]:
                add(f, info, "name", [""] + name_suffixes)
        self.regex = regexes.compile(r"(?<!\w)(?:" + trie_regex(self.forms) + r")(?!\w)")
        self.patterns = data.patterns("entities", flags=0)
        self.stopwords = set(data.words("entities", "name_stopwords"))
        self.lexicon = rules.get("noun_lexicon")
        self._scanners: dict[str, Scanner] = {}

    def scanner(self, key: str) -> Scanner:
        """The pattern's Scanner: exactly its ``finditer``, tried only where it can match."""
        if key not in self._scanners:
            self._scanners[key] = Scanner(self.patterns[key])
        return self._scanners[key]

    def find(self, text: str) -> list[Found]:
        out = []
        for m in self.regex.finditer(text):
            surface = " ".join(m.group().split())
            info, ftype = self.forms[surface]
            out.append(Found(m.start(), m.end(), m.group(), info, ftype, code=info.code))
        return out


@lru_cache(maxsize=None)
def gazetteer(code: str) -> Gazetteer:
    return Gazetteer(code)
