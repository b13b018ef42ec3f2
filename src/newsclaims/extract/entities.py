"""Entities: countries, organisations, groups, places and persons, with canonical names.

Find, then resolve:

1. a gazetteer (``lang/<code>/countries.yaml``, ``organizations.yaml``, ``entities.yaml``) compiled
   into one case-sensitive trie regex over the text: every surface form (inflected names,
   adjective and demonym forms, metonymic capitals, acronyms, long forms) maps to an entry with
   its kind, canonical English name, ISO code, organisation subtype and generic flag;
2. persons from the language's patterns: a role word before capitalised tokens, a bare name next
   to a speech verb (German bare names pass a lexicon check: HanTa tells "Kirby" from
   "Regierung"), and later mentions of a found person's surname;
3. links: an acronym in parentheses gets the span before it as ``long_form`` (with the country
   that qualifies it: "Südkoreas Generalstab (JCS)"); an acronym known in data links to a long
   form of the same entry elsewhere in the text; an unnamed organisation takes the ISO code of the
   country right before it ("südkoreanische Geheimdienste" -> KR);
4. ``doc.ents`` from a trained NER placed before this component fill what the data missed.

Everything here is a pure function of (language data, text) except the component wrapper.
No words of any language live in this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.language import Language

from ..lang import load
from ..report import Entity, EntityNorm, Span
from . import doc_text, findings, mirror_spans

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
        self.regex = re.compile(r"(?<!\w)(?:" + trie_regex(self.forms) + r")(?!\w)")
        self.patterns = data.patterns("entities", flags=0)
        self.stopwords = set(data.words("entities", "name_stopwords"))
        self.lexicon = rules.get("noun_lexicon")

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


# ---------------------------------------------------------------------------------------------
# names: a lexicon check for bare capitalised words (languages that capitalise nouns)
# ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _hanta(model: str):
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger(model)


@lru_cache(maxsize=4096)
def _known_common_word(code: str, word: str) -> bool:
    lex = gazetteer(code).lexicon
    if not lex:
        return False
    if lex.get("tagger") == "hanta":
        tags = _hanta(lex["model"]).tag_word(word)
        if not tags:
            return False
        tag, score = tags[0][0], float(tags[0][1])
        return tag not in set(lex.get("name_tags", [])) and score > float(lex.get("known_logprob", -20.0))
    return False


def _overlaps(found: list[Found], start: int, end: int) -> Found | None:
    for f in found:
        if f.start < end and start < f.end:
            return f
    return None


def _name_tokens(text: str, start: int, end: int):
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]


def _clean_name(gz: Gazetteer, text: str, start: int, end: int, found: list[Found], *, keep: str,
                check_lexicon: bool) -> tuple[int, int] | None:
    """Trim a run of capitalised tokens to the part that can be a person's name.

    keep="head": keep tokens from the left up to the first stop word or known entity
    (after a role word); keep="tail": keep the tokens right before a speech verb.
    """
    toks = _name_tokens(text, start, end)

    role = gz.patterns["role"]

    def ok(s, e):
        word = text[s:e]
        return word not in gz.stopwords and role.fullmatch(word) is None and _overlaps(found, s, e) is None

    kept = []
    seq = toks if keep == "head" else list(reversed(toks))
    for s, e in seq:
        if not ok(s, e):
            break
        kept.append((s, e))
    if not kept:
        return None
    if keep == "tail":
        kept.reverse()
    if check_lexicon and keep == "tail":
        # a bare name before a speech verb starts with a word not known as a common word
        # ("Die Regierung sagte", "Zwei Soldaten sagten" -> nothing; "Tom Berg sagte" -> "Tom Berg")
        while kept and _known_common_word(gz.code, text[kept[0][0]:kept[0][1]]):
            kept.pop(0)
    elif check_lexicon and len(kept) == 1 and _known_common_word(gz.code, text[kept[0][0]:kept[0][1]]):
        kept = []  # "Sprecher Truppen": not a name
    if not kept:
        return None
    return kept[0][0], kept[-1][1]


def _role_in(role: re.Pattern, text: str, start: int, end: int) -> str | None:
    """The first whole-word role inside an apposition ("Kirby, ein Sprecher des Pentagons, sagte")."""
    for m in role.finditer(text, start, end):
        if (m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "-")) \
                and (m.end() >= len(text) or not text[m.end()].isalnum()):
            return m.group()
    return None


def find_persons(gz: Gazetteer, text: str, found: list[Found]) -> list[Found]:
    """Persons from roles and speech verbs (returned); a role right before a gazetteer person is
    set on that entry of ``found``."""
    new: list[Found] = []
    roles: dict[int, str] = {}
    pats = gz.patterns
    person_kind = EntryInfo("person:found", "person", "")
    for m in pats["person_role"].finditer(text):
        ns, ne = m.span("name")
        hit = _overlaps(found, ns, ns + 1)
        if hit is not None and hit.info.kind == "person" and hit.start == ns:
            roles[hit.start] = m.group("role")
            continue
        span = _clean_name(gz, text, ns, ne, found + new, keep="head", check_lexicon=True)
        if span:
            f = Found(span[0], span[1], text[span[0]:span[1]], person_kind, "role", role=m.group("role"))
            new.append(f)
    for key, keep in (("person_say_after", "tail"), ("person_apposition", "tail"), ("person_say_before", "head")):
        for m in pats[key].finditer(text):
            ns, ne = m.span("name")
            span = _clean_name(gz, text, ns, ne, found + new, keep=keep, check_lexicon=True)
            if span:
                role = _role_in(pats["role"], text, ne, m.end()) if key == "person_apposition" else None
                new.append(Found(span[0], span[1], text[span[0]:span[1]], person_kind, "say", role=role))
    # later bare mentions of a found person's surname
    surnames = {}
    for f in new:
        toks = f.text.split()
        if len(toks) > 1 and len(toks[-1]) >= MIN_SURNAME_LEN and toks[-1] not in gz.stopwords:
            surnames.setdefault(toks[-1], f)
    if surnames:
        rx = re.compile(r"(?<!\w)(?:" + trie_regex(surnames) + r")(?!\w)")
        for m in rx.finditer(text):
            if _overlaps(found + new, m.start(), m.end()) is None:
                new.append(Found(m.start(), m.end(), m.group(), person_kind, "alias",
                                 extra={"of": surnames[m.group()]}))
    for f in found:
        if f.start in roles:
            f.role = roles[f.start]
    for f in new:
        if f.form != "alias" and f.text in surnames and surnames[f.text] is not f:
            f.form, f.extra = "alias", {"of": surnames[f.text]}
        name = f.text if f.form != "alias" else f.extra["of"].text
        f.info = replace(person_kind, name=" ".join(name.split()))
    return new


# ---------------------------------------------------------------------------------------------
# links: country qualifiers, acronyms and long forms
# ---------------------------------------------------------------------------------------------

def link(gz: Gazetteer, text: str, found: list[Found]) -> list[Found]:
    """Set codes from qualifying countries, link acronyms to long forms; may add entities."""
    found = sorted(found, key=lambda f: f.start)
    gap = gz.patterns["modifier_gap"]
    qualifier: dict[int, Found] = {}
    for a, b in zip(found, found[1:]):
        if a.info.kind == "country" and b.info.kind in ("organization", "group", "person") \
                and gap.fullmatch(text, a.end, b.start):
            qualifier[id(b)] = a
            if b.info.kind == "organization" and b.code is None:
                b.code = a.code
    after, after_capital = gz.patterns["qualifier_after"], gz.patterns["qualifier_after_capital"]
    for a, b in zip(found, found[1:]):
        if a.info.kind == "organization" and a.code is None and b.info.kind == "country" \
                and not text[b.end:b.end + 1] == "-" and (  # "Nordkorea-freundlich" qualifies nothing
                    (b.form in ("name", "capital") and after.fullmatch(text, a.end, b.start))
                    or (b.form == "capital" and after_capital.fullmatch(text, a.end, b.start))):
            a.code = b.code

    def long_span(f: Found) -> tuple[int, int]:
        q = qualifier.get(id(f))
        return (q.start if q else f.start), f.end

    added: list[Found] = []
    by_start = {f.start: f for f in found}
    for m in ACRONYM_PAREN.finditer(text):
        acr_s, acr_e = m.span(1)
        acr = m.group(1)
        if not is_acronym(acr):
            continue
        before = [f for f in found if f.end <= m.start() and not text[f.end:m.start()].strip()]
        prev = before[-1] if before else None
        target = by_start.get(acr_s)
        if target is not None and target.end != acr_e:
            continue
        if prev is not None and prev.info.kind != "country":
            if target is None:
                target = Found(acr_s, acr_e, acr, prev.info, "acronym", code=prev.code)
                added.append(target)
            target.long_form = long_span(prev)
            if target.code is None:
                target.code = prev.code
        elif target is None:
            # an unknown acronym whose letters are the initials of the capitalised words before it
            words = list(re.finditer(r"\S+", text[max(0, m.start() - 200):m.start()]))
            words = words[-MAX_LONG_FORM_WORDS:]
            base = max(0, m.start() - 200)
            letters = [c for c in acr if c.isalpha()]
            caps = [w for w in words if w.group()[:1].isupper()]
            if len(caps) >= len(letters):
                run = caps[-len(letters):]
                if [w.group()[0] for w in run] == letters and all(
                        not text[base + x.end():base + y.start()].strip() for x, y in zip(run, run[1:])) \
                        and not text[base + run[-1].end():m.start()].strip():
                    ls, le = base + run[0].start(), base + run[-1].end()
                    if _overlaps(found + added, ls, le) is None:
                        info = EntryInfo(f"acronym:{acr}", "organization", " ".join(text[ls:le].split()))
                        added.append(Found(ls, le, text[ls:le], info, "long"))
                        added.append(Found(acr_s, acr_e, acr, info, "acronym", long_form=(ls, le)))
    # a later mention of an acronym linked in parentheses keeps that link
    linked: dict[str, Found] = {}
    for f in sorted(found + added, key=lambda f: f.start):
        if f.form == "acronym":
            if f.long_form is not None:
                linked.setdefault(f.text, f)
            elif f.text in linked:
                f.long_form, f.code = linked[f.text].long_form, f.code or linked[f.text].code
    # acronyms known in data: link to a long form of the same entry elsewhere in the text
    firsts: dict[str, Found] = {}
    for f in sorted(found + added, key=lambda f: f.start):
        if f.form == "long":
            firsts.setdefault(f.info.key, f)
    for f in found + added:
        if f.form == "acronym" and f.long_form is None and f.info.key in firsts:
            lf = firsts[f.info.key]
            f.long_form = long_span(lf)
            if f.code is None:
                f.code = lf.code
    return sorted(found + added, key=lambda f: f.start)


def from_ents(doc, found: list[Found]) -> list[Found]:
    """Entities from a trained NER (``doc.ents``) that the data did not find."""
    out = []
    for ent in doc.ents:
        kind = NER_LABELS.get(ent.label_)
        if kind is None or _overlaps(found + out, ent.start_char, ent.end_char) is not None:
            continue
        info = EntryInfo(f"ner:{ent.label_}", kind, " ".join(ent.text.split()))
        out.append(Found(ent.start_char, ent.end_char, ent.text, info, "ner"))
    return out


def resolve(code: str, text: str) -> list[Found]:
    """All entities in ``text`` (pure: language data + text), in text order."""
    gz = gazetteer(code)
    found = gz.find(text)
    found = sorted(found + find_persons(gz, text, found), key=lambda f: f.start)
    return link(gz, text, found)


def to_entities(text: str, found: list[Found]) -> list[Entity]:
    out = []
    for i, f in enumerate(sorted(found, key=lambda f: f.start), 1):
        long_form = None
        if f.long_form:
            s, e = f.long_form
            long_form = Span(text=text[s:e], start=s, end=e)
        out.append(Entity(
            id=f"e{i}", text=f.text, start=f.start, end=f.end, kind=f.info.kind,
            norm=EntityNorm(name=f.info.name, code=f.code),
            role=f.role if f.info.kind == "person" else None, long_form=long_form,
            subtype=f.info.subtype, generic=f.info.generic,
        ))
    return out


@Language.factory("newsclaims_entities", assigns=["doc.spans"])
def make_entities(nlp: Language, name: str):
    return EntitiesComponent(nlp.lang)


class EntitiesComponent:
    def __init__(self, lang: str):
        self.lang = lang
        gazetteer(lang)  # compile at pipeline build time

    def __call__(self, doc):
        gz = gazetteer(self.lang)
        text = doc_text(doc)
        found = gz.find(text)
        found = sorted(found + find_persons(gz, text, found), key=lambda f: f.start)
        if doc.has_annotation("ENT_IOB"):
            found = sorted(found + from_ents(doc, found), key=lambda f: f.start)
        found = link(gz, text, found)
        records = to_entities(text, found)
        findings(doc).entities = records
        mirror_spans(doc, SPAN_KEY, records)
        return doc
