"""The track rule: which measure of which actor a stored figure is about, and why.

Computed when tracks are read, from the figure's stored facts (category, counted phrase and its
span, sentence span, source mention, the document's language and coded entities): changing the
rule or the words in ``lang/<code>/corpus.yaml`` needs no re-analysis. The store caches the
rule's result per figure under ``rule_version()`` (``corpus.points``). Also ``report_rows``, the
write path from a Report to those stored facts.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import E202, NewsclaimsError
from ..lang import load as load_language, supported
from ..report import Report

NONE = "-"   # no counted class ('1.100 Verluste'), no actor
# Categories the extractor leaves open: a word that names a measure ('Gefallene') decides there.
OPEN_CATEGORIES = frozenset({"people_other", "other"})
# Categories that count people: a word the language data does not know names no class of its
# own there ('3.000 Nordkoreanern'); elsewhere (weapons, money) it is the class ('Haubitzen').
PEOPLE = frozenset({"casualties", "killed", "wounded", "missing", "captured", "troops", "civilians_displaced",
                    "people_other"})
_WORD = re.compile(r"[^\W\d_][\w\-]*", re.UNICODE)


@dataclass(frozen=True)
class Words:
    """One language's corpus words (``corpus.yaml``)."""

    endings: tuple[str, ...]
    compounds: bool
    counted: dict[str, str]
    measures: dict[str, str]

    def match(self, word: str) -> tuple[str, str, str] | None:
        """(kind, value, stem) of the longest stem ``word`` is an inflected (or, with compounds,
        compounded) form of; kind is 'counted' or 'measure'."""
        best = None
        for kind, table in (("counted", self.counted), ("measure", self.measures)):
            for stem, value in table.items():
                if best is not None and len(stem) <= len(best[2]):
                    continue
                if self._forms(word, stem):
                    best = (kind, value, stem)
        return best

    def _forms(self, word: str, stem: str) -> bool:
        for ending in self.endings:
            if ending and not word.endswith(ending):
                continue
            base = word[:len(word) - len(ending)] if ending else word
            if base == stem or (self.compounds and len(stem) >= 3 and base.endswith(stem)):
                return True
        return False


@lru_cache(maxsize=None)
def words(code: str) -> Words:
    data = load_language(code)
    raw = data.file("corpus")
    try:
        endings = tuple(str(e) for e in raw["endings"])
        counted = {str(k).lower(): str(v) for k, v in raw["counted"].items()}
        measures = {str(k).lower(): str(v) for k, v in raw["measures"].items()}
        return Words(tuple(sorted(endings, key=len, reverse=True)), bool(raw.get("compounds", False)), counted, measures)
    except (KeyError, AttributeError, TypeError) as exc:
        raise NewsclaimsError(E202, f"language '{code}': corpus.yaml needs endings, counted and measures ({exc})") from None


@lru_cache(maxsize=65536)
def _match(code: str, word: str) -> tuple[str, str, str] | None:
    return words(code).match(word)


@dataclass(frozen=True)
class Facts:
    """What the rule reads of one stored figure."""

    category: str
    counted: str | None
    counted_start: int | None
    counted_end: int | None
    start: int
    end: int
    sentence_start: int | None
    sentence_end: int | None
    source_start: int | None
    source_end: int | None
    lang: str


@dataclass(frozen=True)
class Coded:
    """A stored entity with a country code: (start, end, code, text)."""

    start: int
    end: int
    code: str
    text: str


@dataclass(frozen=True)
class Measure:
    """Where a figure goes: measure (killed, casualties, troops ...), counted class or None, actor
    code or None, and a reason a reader can check."""

    measure: str
    counted: str | None
    actor: str | None
    why: str


@lru_cache(maxsize=None)
def _languages(lang: str) -> tuple[str, ...]:
    langs = supported()
    return tuple(([lang] if lang in langs else []) + [c for c in langs if c != lang])


@lru_cache(maxsize=65536)
def _words(counted: str, lang: str) -> tuple[tuple[str, int, int, tuple[str, str, str] | None], ...]:
    """Each word of a counted phrase: (word as written, start, end, what the language data says
    of it), the figure's language first, then the others. Counted phrases repeat: cached."""
    out = []
    for m in _WORD.finditer(counted):
        word = m.group().lower()
        hit = next((h for code in _languages(lang) if (h := _match(code, word))), None)
        out.append((m.group(), m.start(), m.end(), hit))
    return tuple(out)


def counted_class(f: Facts, entities: list[Coded]) -> tuple[str | None, str | None, str]:
    """(class, measure word's measure, reason) from the counted phrase: the first word the
    language data knows (the figure's language first, then the others)."""
    if not f.counted:
        return None, None, "nothing counted named"
    found_class = found_measure = None
    notes = []
    unknown = []
    offset = f.counted_start or 0
    for word, start, end, hit in _words(f.counted, f.lang):
        if hit is None:
            if not any(e.start < offset + end and offset + start < e.end for e in entities):   # not a demonym
                unknown.append(word.lower())
            continue
        kind, value, stem = hit
        if kind == "counted" and found_class is None:
            found_class = value
            notes.append(f"'{word}' counts {value} (stem '{stem}')")
        elif kind == "measure" and found_measure is None:
            found_measure = value
            notes.append(f"'{word}' names {value} (stem '{stem}')")
    if found_class is None and unknown and f.category not in PEOPLE:
        found_class = unknown[-1]
        notes.append(f"'{unknown[-1]}' is what is counted")
    if not notes:
        notes.append(f"'{f.counted}' names no class")
    return found_class, found_measure, "; ".join(notes)


def actor(f: Facts, entities: list[Coded]) -> tuple[str | None, str]:
    """Code of the entity a figure is about, and where it was found: inside the counted phrase,
    else the nearest before the figure in its sentence, else the nearest after it; never the
    source's own mention."""
    def clear_of_source(e: Coded) -> bool:
        return f.source_start is None or not (e.start < f.source_end and f.source_start < e.end)

    coded = [e for e in entities if clear_of_source(e)]
    if f.counted_start is not None:
        inside = [e for e in coded if e.start < f.counted_end and f.counted_start < e.end]
        if inside:
            return inside[0].code, f"actor {inside[0].code} from '{inside[0].text}' in the counted phrase"
    if f.sentence_start is None:
        return None, "no actor"
    same = [e for e in coded if e.start >= f.sentence_start and e.end <= f.sentence_end
            and not (e.start < f.end and f.start < e.end)]
    before = [e for e in same if e.end <= f.start]
    if before:
        e = max(before, key=lambda e: e.end)
        return e.code, f"actor {e.code} from '{e.text}' before the figure"
    after = [e for e in same if e.start >= f.end]
    if after:
        e = min(after, key=lambda e: e.start)
        return e.code, f"actor {e.code} from '{e.text}' after the figure"
    return None, "no actor in the sentence"


def measure(f: Facts, entities: list[Coded]) -> Measure:
    """The track rule for one figure (``entities``: its document's coded entities)."""
    cls, named, why_counted = counted_class(f, entities)
    if named and f.category in OPEN_CATEGORIES:
        what, why_measure = named, f"measure {named} from the counted word (category {f.category})"
    else:
        what, why_measure = f.category, f"measure {f.category} (category)"
    code, why_actor = actor(f, entities)
    return Measure(what, cls, code, f"{why_measure}; {why_counted}; {why_actor}")


def rule_version() -> str:
    """The version of the track rule: a hash of this module's code, the languages and each one's
    corpus words. Keys cached under another version are recomputed."""
    return _rule_version(tuple(supported()))


@lru_cache(maxsize=8)
def _rule_version(langs: tuple[str, ...]) -> str:
    h = hashlib.sha256(Path(__file__).read_bytes())
    for code in langs:
        h.update(f"\0{code}\0".encode())
        h.update(json.dumps(load_language(code).file("corpus"), sort_keys=True, default=str).encode())
    return h.hexdigest()[:16]


def counted_of(text: str, lang: str | None = None) -> str | None:
    """The counted class a user's ``--counted`` words name (for defined tracks), or None."""
    f = Facts("other", text, 0, len(text), 0, 0, None, None, None, None, lang or "")
    cls, _named, _why = counted_class(f, [])
    return cls if cls in _known_classes() else None


@lru_cache(maxsize=1)
def _known_classes() -> frozenset[str]:
    return frozenset(v for code in supported() for v in words(code).counted.values())


# ---------------------------------------------------------------------------------------------
# Writing: a Report's rows


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
        if att is None or (att.name, att.kind) in seen_sources:
            return
        seen_sources.add((att.name, att.kind))
        ent = entities_by_id.get(att.entity) if att.entity else None
        out["sources"].append({"name": att.name, "kind": att.kind, "text": att.text, "start": att.start,
                               "end": att.end, "entity_code": ent.norm.code if ent else None})

    for q in report.quantities:
        source(q.source)
        out["figures"].append(_figure_row(q, sentences.get(q.sentence), times.get(q.time.id) if q.time else None,
                                          doc.published))
    for c in report.claims:
        source(c.source)
        out["claims"].append({
            "cid": c.id, "text": c.text, "start": c.start, "end": c.end, "role": c.role, "certainty": c.certainty,
            "source_name": c.source.name if c.source else None, "source_kind": c.source.kind if c.source else None,
            "negated": c.negated, "checkworthiness": c.checkworthiness,
            "quantities": json.dumps(c.quantities), "entities": json.dumps(c.entities),
        })
    return out


def _figure_row(q, sent, t, published) -> dict:
    """One figure's stored facts. Its date: its own time's end (or start) when that resolved,
    else the publication date, else none."""
    tval = t.value if t is not None and t.value is not None else None
    tdate = (tval.end or tval.start) if tval else None
    date, date_from = (tdate, "time") if tdate else ((published, "published") if published else (None, "none"))
    src = q.source
    return {
        "qid": q.id, "text": q.text, "start": q.start, "end": q.end, "low": q.low, "high": q.high,
        "approx": q.approx, "unit": q.unit, "category": q.category,
        "counted": q.counted.text if q.counted else None,
        "counted_start": q.counted.start if q.counted else None,
        "counted_end": q.counted.end if q.counted else None,
        "source_name": src.name if src else None, "source_kind": src.kind if src else None,
        "source_relay": src.relay.text if src and src.relay else None,
        "source_start": src.start if src else None, "source_end": src.end if src else None,
        "certainty": q.certainty, "negated": q.negated,
        "time_text": q.time.text if q.time else None,
        "time_start": tval.start if tval else None, "time_end": tval.end if tval else None,
        "date": date, "date_from": date_from,
        "sentence_index": q.sentence, "sentence": sent.text if sent else None,
        "sentence_start": sent.start if sent else None, "sentence_end": sent.end if sent else None,
    }
