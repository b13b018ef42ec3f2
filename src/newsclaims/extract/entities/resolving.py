"""All entities of a text (gazetteer, persons, links, NER) as ``report.Entity`` records."""

from __future__ import annotations

from ...report import Entity, EntityNorm, Span
from .gazetteer import EntryInfo, Found, NER_LABELS, gazetteer
from .linking import link
from .persons import overlapping, find_persons


def from_ents(doc, found: list[Found]) -> list[Found]:
    """Entities from a trained NER (``doc.ents``) that the data did not find."""
    out = []
    for ent in doc.ents:
        kind = NER_LABELS.get(ent.label_)
        if kind is None or overlapping(found + out, ent.start_char, ent.end_char) is not None:
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
