"""Links between mentions: acronyms to long forms, countries qualifying organisations."""

from __future__ import annotations

import re

from .gazetteer import ACRONYM_PAREN, EntryInfo, Found, Gazetteer, MAX_LONG_FORM_WORDS, is_acronym
from .persons import overlapping


def link(gz: Gazetteer, text: str, found: list[Found]) -> list[Found]:
    """Set codes from qualifying countries, link acronyms to long forms; may add entities."""
    found = sorted(found, key=lambda f: f.start)
    qualifier = _qualify(gz, text, found)

    def long_span(f: Found) -> tuple[int, int]:
        q = qualifier.get(id(f))
        return (q.start if q else f.start), f.end

    added = _link_parenthesised(text, found, long_span)
    everything = sorted(found + added, key=lambda f: f.start)
    # a later mention of an acronym linked in parentheses keeps that link
    linked: dict[str, Found] = {}
    for f in everything:
        if f.form == "acronym":
            if f.long_form is not None:
                linked.setdefault(f.text, f)
            elif f.text in linked:
                f.long_form, f.code = linked[f.text].long_form, f.code or linked[f.text].code
    # acronyms known in data: link to a long form of the same entry elsewhere in the text
    firsts: dict[str, Found] = {}
    for f in everything:
        if f.form == "long":
            firsts.setdefault(f.info.key, f)
    for f in found + added:
        if f.form == "acronym" and f.long_form is None and f.info.key in firsts:
            lf = firsts[f.info.key]
            f.long_form = long_span(lf)
            if f.code is None:
                f.code = lf.code
    return sorted(found + added, key=lambda f: f.start)


def _qualify(gz: Gazetteer, text: str, found: list[Found]) -> dict[int, Found]:
    """Countries qualifying the entity next to them ("südkoreanische Geheimdienste" -> KR);
    returns the qualifier of each qualified entity (by id)."""
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
    return qualifier


def _link_parenthesised(text: str, found: list[Found], long_span) -> list[Found]:
    """An acronym in parentheses gets the span before it as long form; returns the entities added."""
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
            added += _spelled_out(text, m, found + added)
    return added


def _spelled_out(text: str, m, known: list[Found]) -> list[Found]:
    """An unknown acronym whose letters are the initials of the capitalised words before it."""
    acr_s, acr_e = m.span(1)
    acr = m.group(1)
    base = max(0, m.start() - 200)
    words = list(re.finditer(r"\S+", text[base:m.start()]))[-MAX_LONG_FORM_WORDS:]
    letters = [c for c in acr if c.isalpha()]
    caps = [w for w in words if w.group()[:1].isupper()]
    if len(caps) < len(letters):
        return []
    run = caps[-len(letters):]
    if [w.group()[0] for w in run] != letters or any(
            text[base + x.end():base + y.start()].strip() for x, y in zip(run, run[1:])) \
            or text[base + run[-1].end():m.start()].strip():
        return []
    ls, le = base + run[0].start(), base + run[-1].end()
    if overlapping(known, ls, le) is not None:
        return []
    info = EntryInfo(f"acronym:{acr}", "organization", " ".join(text[ls:le].split()))
    return [Found(ls, le, text[ls:le], info, "long"), Found(acr_s, acr_e, acr, info, "acronym", long_form=(ls, le))]
