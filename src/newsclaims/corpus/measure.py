"""From a Report to store rows: the measure of each figure (category / counted head / actor) and
its effective date. Pure functions; the words that name counted heads live in
``lang/<code>/corpus.yaml``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from ..lang import load as load_language, supported
from ..report import Entity, Quantity, Report

GENERIC = "-"   # the head of a figure whose counted phrase repeats the category ("1.100 Verluste")
_WORD = re.compile(r"[^\W\d_][\w\-]*", re.UNICODE)


@lru_cache(maxsize=None)
def _heads(code: str) -> tuple[dict[str, str], frozenset[str]]:
    data = load_language(code)
    heads = {str(k).lower(): str(v) for k, v in data.mapping("corpus", "counted_heads").items()}
    generic = frozenset(w.lower() for w in data.words("corpus", "generic_heads"))
    return heads, generic


@lru_cache(maxsize=None)
def _languages(lang: str | None) -> tuple[str, ...]:
    langs = supported()
    return tuple(([lang] if lang in langs else []) + [c for c in langs if c != lang])


def normalise_head(counted: str | None, lang: str | None = None) -> tuple[str, bool]:
    """(head, generic) for a counted phrase: the first word the language data knows as a head
    (the figure's language first, then the others), else the last word lower-cased.
    ``generic`` is True when the phrase only repeats the category (head ``-``)."""
    if not counted:
        return GENERIC, True
    words = [w.lower() for w in _WORD.findall(counted)]
    if not words:
        return GENERIC, True
    for code in _languages(lang):
        heads, generic = _heads(code)
        for w in words:
            if w in heads:
                return heads[w], False
        for w in words:
            if w in generic:
                return GENERIC, True
    return words[-1], False


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def actor(q: Quantity, entities: list[Entity], sentence: tuple[int, int] | None) -> str | None:
    """ISO code of the entity a figure is about: inside the counted phrase, else the nearest
    before the figure in its sentence, else the nearest after it; never the source's mention."""
    coded = [e for e in entities if e.norm.code]
    if q.source is not None:
        coded = [e for e in coded if e.id != q.source.entity and not _overlaps(e.start, e.end, q.source.start, q.source.end)]
    if q.counted is not None:
        inside = [e for e in coded if _overlaps(e.start, e.end, q.counted.start, q.counted.end)]
        if inside:
            return inside[0].norm.code
    if sentence is None:
        return None
    s0, s1 = sentence
    same = [e for e in coded if e.start >= s0 and e.end <= s1 and not _overlaps(e.start, e.end, q.start, q.end)]
    before = [e for e in same if e.end <= q.start]
    if before:
        return max(before, key=lambda e: e.end).norm.code
    after = [e for e in same if e.start >= q.end]
    if after:
        return min(after, key=lambda e: e.start).norm.code
    return None


def report_rows(report: Report) -> dict[str, list[dict]]:
    """Row dicts for every child table of one document (no document_id yet)."""
    doc = report.document
    sentences = {s.index: s for s in doc.sentences}
    times = {t.id: t for t in report.times}
    entities_by_id = {e.id: e for e in report.entities}
    out: dict[str, list[dict]] = {"entities": [], "times": [], "sources": [], "figures": [], "claims": []}
    for e in report.entities:
        out["entities"].append({"eid": e.id, "text": e.text, "start": e.start, "end": e.end, "kind": e.kind,
                                "name": e.norm.name, "code": e.norm.code})
    for t in report.times:
        out["times"].append({"tid": t.id, "text": t.text, "start": t.start, "end": t.end,
                             "value_start": t.value.start if t.value else None,
                             "value_end": t.value.end if t.value else None,
                             "precision": t.precision, "resolved": t.resolved})
    seen_sources = set()

    def source(att):
        if att is None:
            return
        key = (att.name, att.kind)
        if key in seen_sources:
            return
        seen_sources.add(key)
        ent = entities_by_id.get(att.entity) if att.entity else None
        out["sources"].append({"name": att.name, "kind": att.kind, "text": att.text, "start": att.start,
                               "end": att.end, "entity_code": ent.norm.code if ent else None})

    for q in report.quantities:
        sent = sentences.get(q.sentence)
        head, generic = normalise_head(q.counted.text if q.counted else None, doc.lang)
        t = times.get(q.time.id) if q.time else None
        tval = t.value if t is not None and t.value is not None else None
        tdate = (tval.end or tval.start) if tval else None
        date, date_from = (tdate, "time") if tdate else ((doc.published, "published") if doc.published else (None, "none"))
        source(q.source)
        out["figures"].append({
            "qid": q.id, "text": q.text, "start": q.start, "end": q.end, "low": q.low, "high": q.high,
            "approx": q.approx, "unit": q.unit, "category": q.category,
            "counted": q.counted.text if q.counted else None,
            "counted_start": q.counted.start if q.counted else None,
            "counted_end": q.counted.end if q.counted else None,
            "head": head, "generic_head": generic,
            "actor": actor(q, report.entities, (sent.start, sent.end) if sent else None),
            "source_name": q.source.name if q.source else None,
            "source_kind": q.source.kind if q.source else None,
            "certainty": q.certainty, "negated": q.negated,
            "time_text": q.time.text if q.time else None,
            "time_start": tval.start if tval else None, "time_end": tval.end if tval else None,
            "date": date, "date_from": date_from,
            "sentence_index": q.sentence, "sentence": sent.text if sent else None,
            "sentence_start": sent.start if sent else None, "sentence_end": sent.end if sent else None,
        })
    for c in report.claims:
        source(c.source)
        out["claims"].append({
            "cid": c.id, "text": c.text, "start": c.start, "end": c.end, "role": c.role, "certainty": c.certainty,
            "source_name": c.source.name if c.source else None, "source_kind": c.source.kind if c.source else None,
            "negated": c.negated, "checkworthiness": c.checkworthiness,
            "quantities": json.dumps(c.quantities), "entities": json.dumps(c.entities),
        })
    return out
