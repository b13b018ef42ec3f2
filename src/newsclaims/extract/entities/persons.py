"""Persons from the language's patterns: role words, speech verbs, later surname mentions."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ...text.prefilter import Folded, Scanner, match_width
from ...text.tagger import hanta
from .gazetteer import EntryInfo, Found, Gazetteer, MIN_SURNAME_LEN, gazetteer, trie_regex


@lru_cache(maxsize=4096)
def _known_common_word(code: str, word: str) -> bool:
    lex = gazetteer(code).lexicon
    if not lex:
        return False
    if lex.get("tagger") == "hanta":
        tags = hanta(lex["model"]).tag_word(word)
        if not tags:
            return False
        tag, score = tags[0][0], float(tags[0][1])
        return tag not in set(lex.get("name_tags", [])) and score > float(lex.get("known_logprob", -20.0))
    return False


# The entity patterns find_persons runs on every text.
PERSON_PATTERNS = ("person_role", "person_say_after", "person_apposition", "person_say_before", "role")
# What may stand in person_role's source before its role group for a match to begin with a match
# of ``role``: an opening flag group and look-behinds, which consume nothing.
_ZERO_WIDTH_LEAD = re.compile(r"(?:\(\?-i:)?(?:\(\?<!\[[^\]]*\]\))*")


@lru_cache(maxsize=None)
def role_led(code: str) -> tuple[Scanner, tuple[int, int]] | None:
    """The ``role`` pattern's Scanner (its required strings) and the bound on its match length,
    where every match of ``person_role`` begins with a match of ``role``; else None.

    person_role has no leading strings when a role may open with any word ("Vize-"), so its
    Scanner runs the regex at every offset of the text (most of the person patterns' time). A
    match holds a role at its start, and a role one of role's required strings within its
    length: the regex need only be tried in the stretch before each of those strings."""
    gz = gazetteer(code)
    if gz.scanner("person_role").leading is not None:  # tried only at its leading strings already
        return None
    pats = gz.patterns
    src, role = pats.source("person_role"), pats.source("role")
    at = src.find("(?P<role>(?:" + role + ")")
    width = match_width(role, pats.flags)
    if at < 0 or not _ZERO_WIDTH_LEAD.fullmatch(src[:at]) or width is None:
        return None
    scanner = Scanner.of(pats["role"])
    return (scanner, width) if scanner.pre.strings else None


def person_role_matches(gz: Gazetteer, folded: Folded):
    """Exactly ``person_role``'s finditer over the text, tried only near the role words."""
    led = role_led(gz.code)
    if led is None or not folded.anchorable:
        yield from gz.scanner("person_role").finditer(folded)
        return
    scanner, (chars, runs) = led
    width = chars + runs * folded.ws_run
    text, match = folded.text, gz.patterns["person_role"].match
    p = 0  # the next offset to try: no match starts between the stretches, none inside a match
    for q in folded.starts(scanner.pre.strings, False):
        p = max(p, q - width + 1)
        while p <= q:
            m = match(text, p)
            if m is None:
                p += 1
            else:  # never empty: it holds a role
                yield m
                p = m.end()


def overlapping(found: list[Found], start: int, end: int) -> Found | None:
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
        return word not in gz.stopwords and role.fullmatch(word) is None and overlapping(found, s, e) is None

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
    folded = Folded.of(text)
    for m in person_role_matches(gz, folded):
        ns, ne = m.span("name")
        hit = overlapping(found, ns, ns + 1)
        if hit is not None and hit.info.kind == "person" and hit.start == ns:
            roles[hit.start] = m.group("role")
            continue
        span = _clean_name(gz, text, ns, ne, found + new, keep="head", check_lexicon=True)
        if span:
            f = Found(span[0], span[1], text[span[0]:span[1]], person_kind, "role", role=m.group("role"))
            new.append(f)
    for key, keep in (("person_say_after", "tail"), ("person_apposition", "tail"), ("person_say_before", "head")):
        for m in gz.scanner(key).finditer(folded):
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
            if overlapping(found + new, m.start(), m.end()) is None:
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
