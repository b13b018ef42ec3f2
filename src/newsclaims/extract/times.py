"""Time expressions: find them with the language's patterns, resolve them against the
publication date (``extract/dates.py``), write ``findings(doc).times``.

Find, then resolve: every pattern named ``expr_*`` in ``lang/<code>/times.yaml`` is tried;
overlapping matches keep the longest (then the leftmost). The named groups of a match are
turned into a language-independent :class:`~newsclaims.extract.dates.Parsed` through the
file's maps, and the pure resolver gives the interval. The engine holds no words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language

from ..lang import load
from ..report import TimeExpr, TimeValue
from . import doc_text, findings, mirror_spans
from .dates import Parsed, resolve, valid
from .prefilter import Folded, Scanner

FILE = "times"
EXPR_PREFIX = "expr_"
# A pattern "reject_before_<x>" vetoes a match of "expr_<x>" when it matches the text just
# before it (searched in the REJECT_WINDOW characters before the match, anchored with $).
REJECT_PREFIX = "reject_before_"
REJECT_WINDOW = 40
NO_DATE_WARNING = "no publication date: relative times left unresolved"
# Two-digit years ("30.10.20") are read in this century.
TWO_DIGIT_YEAR_BASE = 2000


@dataclass
class Found:
    start: int
    end: int
    parsed: Parsed
    anaphoric: bool = False  # "im Jahr zuvor": counts from the time named before it


class TimeGrammar:
    """One language's time patterns and word maps, compiled once."""

    def __init__(self, code: str):
        data = load(code)
        self.code = code
        patterns = data.patterns(FILE)
        self.patterns = patterns
        self.exprs = [(name, rx, patterns.get(REJECT_PREFIX + name[len(EXPR_PREFIX):]))
                      for name, rx in patterns.items() if name.startswith(EXPR_PREFIX)]
        # Each pattern tried only where one of its first words occurs (the same matches, fast).
        self.scanners = [Scanner(rx) for _, rx, _ in self.exprs]
        self.range_join = patterns.get("range_join")
        self.clause_break = patterns.get("clause_break")
        self.figure_anaphora = patterns.get("figure_anaphora")

        def fold(key):
            return {self.key(k): v for k, v in data.mapping(FILE, key).items()}

        self.months = fold("months")
        self.weekdays = fold("weekdays")
        self.offsets = {**fold("day_offsets"), **fold("day_offsets_cased")}
        self.relative = fold("relative")
        self.units = fold("units")
        self.parts = fold("parts")
        self.seasons = fold("seasons")
        self.numbers = fold("number_words")
        self.holidays = {k: str(v) for k, v in fold("holidays").items()}
        self.anaphoric = fold("anaphoric")
        self.fixed = {}
        for word, value in data.mapping(FILE, "fixed").items():
            rel, unit = str(value).split()
            self.fixed[self.key(word)] = (int(rel), unit)

    @staticmethod
    def key(word) -> str:
        return " ".join(str(word).lower().rstrip(".").split())

    def parse(self, m: re.Match) -> Parsed | None:
        g = {k: v for k, v in m.groupdict().items() if v is not None}
        p = Parsed()
        try:
            if "day" in g:
                p.day = int(g["day"])
            if "month" in g:
                p.month = self.months[self.key(g["month"])]
            if "month_num" in g:
                p.month = int(g["month_num"])
            if "year" in g:
                p.year = int(g["year"])
                if len(g["year"]) == 2:
                    p.year += TWO_DIGIT_YEAR_BASE
            if "weekday" in g:
                p.weekday = self.weekdays[self.key(g["weekday"])]
            if "offset" in g:
                p.offset = self.offsets[self.key(g["offset"])]
            if "amount" in g:
                a = g["amount"]
                p.amount = int(a) if a.isdigit() else self.numbers[self.key(a)]
            if "unit" in g:
                p.unit = self.units[self.key(g["unit"])]
            if "rel" in g:
                p.rel = self.relative[self.key(g["rel"])]
            if "part" in g:
                p.part = self.parts[self.key(g["part"])]
            if "season" in g:
                p.season = self.seasons[self.key(g["season"])]
            if "fixed" in g:
                p.rel, p.unit = self.fixed[self.key(g["fixed"])]
            if "holiday" in g:
                p.holiday = self.holidays[self.key(g["holiday"])]
            anaphor = self.anaphoric[self.key(g["anaphor"])] if "anaphor" in g else None
        except (KeyError, ValueError):
            return None
        if anaphor is not None:
            p.direction = -1 if anaphor < 0 else 1
            p.amount = p.amount or 1
        elif "ago" in g:
            p.direction = -1
        elif "ahead" in g:
            p.direction = 1
        elif "rolling" in g:
            p.direction = 0
        elif "rolling_ahead" in g:
            p.direction = 2
        if "since" in g:
            p.open = "since"
        elif "until" in g:
            p.open = "until"
        if p.kind == "none" or not valid(p):
            return None
        return p

    def find(self, text: str) -> list[Found]:
        """Non-overlapping time expressions in ``text``, in text order."""
        candidates = []
        folded = Folded(text)
        for (_, rx, reject), scanner in zip(self.exprs, self.scanners):
            for m in scanner.finditer(folded):
                if m.end() <= m.start():
                    continue
                if reject is not None and reject.search(text[max(0, m.start() - REJECT_WINDOW):m.start()]):
                    continue
                parsed = self.parse(m)
                if parsed is not None:
                    candidates.append(Found(m.start(), m.end(), parsed, m.groupdict().get("anaphor") is not None))
        candidates.sort(key=lambda f: (-(f.end - f.start), f.start))
        chosen: list[Found] = []
        for f in candidates:
            if all(f.end <= c.start or f.start >= c.end for c in chosen):
                chosen.append(f)
        chosen.sort(key=lambda f: f.start)
        return chosen


@lru_cache(maxsize=None)
def grammar(code: str) -> TimeGrammar:
    return TimeGrammar(code)


def _ranges(text: str, found: list[Found], g: TimeGrammar, ref: dt.date | None):
    """Resolve each expression; join "von 2014 bis 2022" into one range."""
    out = []  # (start, end, value, precision, resolved, relative)
    anchor = None  # the last resolved date, for "im Jahr zuvor", "a year later"
    i = 0
    while i < len(found):
        f = found[i]
        start, end, precision, ok = resolve(f.parsed, anchor if (f.anaphoric and anchor) else ref)
        if ok:
            anchor = start or end
        relative = f.parsed.relative
        if (i + 1 < len(found) and g.range_join is not None and f.parsed.open is None
                and found[i + 1].parsed.open == "until"
                and g.range_join.search(text[f.end:found[i + 1].start])):
            nxt = found[i + 1]
            n_start, n_end, _, n_ok = resolve(nxt.parsed, ref)
            # The end of the range counts forward from its own start, not from publication.
            if ok and n_ok and start is not None and n_end is not None and n_end >= start:
                n_prec = resolve(Parsed(**{**nxt.parsed.__dict__, "open": None}), ref)[2]
                prec = precision if precision == n_prec else "open"
                out.append((f.start, nxt.end, TimeValue(start=start, end=n_end), prec, True,
                            relative or nxt.parsed.relative))
                i += 2
                continue
        value = TimeValue(start=start, end=end) if ok else None
        out.append((f.start, f.end, value, precision, ok, relative))
        i += 1
    return out


def extract_times(text: str, lang: str, ref: dt.date | None) -> tuple[list[TimeExpr], bool]:
    """Time expressions of ``text``; the flag says a relative one was left unresolved."""
    g = grammar(lang)
    times = []
    unresolved_relative = False
    for start, end, value, precision, ok, relative in _ranges(text, g.find(text), g, ref):
        if not ok and relative and ref is None:
            unresolved_relative = True
        times.append(TimeExpr(id=f"t{len(times) + 1}", text=text[start:end], start=start, end=end,
                              value=value, precision=precision, resolved=ok))
    return times, unresolved_relative


@Language.factory("newsclaims_times", assigns=["doc.spans"])
def make_times(nlp: Language, name: str):
    lang = nlp.lang
    grammar(lang)  # compile at pipeline build time

    def times_component(doc):
        found = findings(doc)
        times, unresolved = extract_times(doc_text(doc), lang, found.published)
        found.times = times
        if unresolved and NO_DATE_WARNING not in found.warnings:
            found.warnings.append(NO_DATE_WARNING)
        mirror_spans(doc, "newsclaims_times", times, label=lambda t: t.precision)
        return doc

    return times_component
