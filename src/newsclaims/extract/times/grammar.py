"""A language's time grammar (``lang/<code>/times.yaml``), compiled once, and the search for time expressions."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ...lang import load
from ...text.prefilter import Folded, Scanner
from .dates import Parsed, valid


FILE = "times"
EXPR_PREFIX = "expr_"
# A pattern "reject_before_<x>" vetoes a match of "expr_<x>" when it matches the text just
# before it (searched in the REJECT_WINDOW characters before the match, anchored with $).
REJECT_PREFIX = "reject_before_"
REJECT_WINDOW = 40
# A pattern "extend_before" matching the text just before a found expression (anchored with $,
# searched in EXTEND_WINDOW characters) belongs to it: "noch im Februar", "in the same period
# last year", "Seit Beginn der Kontrollen im Mai 2025" (a group "since" opens the interval).
EXTEND_WINDOW = 80
# The sentence searched for the language's ``until_past``, ``future`` and ``not_future`` cues
# around a time (up to the sentence end, at most this many characters each side).
TENSE_WINDOW = 160
SENTENCE_END = re.compile(r"[.!?]\s|\n")
# Two-digit years ("30.10.20") are read in this century.
TWO_DIGIT_YEAR_BASE = 2000
# Named groups that hold a word of one of the grammar's tables: group (the Parsed field it sets) -> table.
WORD_GROUPS = {"month": "months", "weekday": "weekdays", "offset": "offsets", "unit": "units", "rel": "relative",
               "part": "parts", "season": "seasons", "holiday": "holidays", "month_from": "months",
               "weekday_from": "weekdays", "period": "periods"}
# Named groups that make an expression a state adverb of a present count or running tally.
STATE_GROUPS = {"now", "so_far"}
# How many time texts is_state keeps the answer for (then it starts afresh).
STATE_MEMO = 5_000


@dataclass
class Found:
    start: int
    end: int
    parsed: Parsed
    # "im Jahr zuvor", "am Vortag": counts from the time named before it ("any"); "in der
    # Nacht", "am Nachmittag": the day named before it ("day"), else the publication day.
    anaphoric: str | None = None
    joined: bool = False  # "im Oktober und November": the second of a list, joined into one range


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
        # State adverbs ("derzeit", "so far"): the linker ranks them below other times.
        self.state_exprs = [rx for _, rx, _ in self.exprs if STATE_GROUPS & set(rx.groupindex)]
        self._states: dict[str, bool] = {}  # is_state by time text
        self.range_join = patterns.get("range_join")
        self.extend_before = patterns.get("extend_before")
        self.list_next = patterns.get("list_next")
        self.until_past = patterns.get("until_past")
        self.future = patterns.get("future")
        self.not_future = patterns.get("not_future")
        self.not_time = patterns.get("not_time")
        self.clause_break = patterns.get("clause_break")
        self.figure_anaphora = patterns.get("figure_anaphora")
        # The patterns searched around every found time (or over the whole text, not_time), as
        # Scanners: the same matches, tried only where their words occur (most texts hold none).
        self.aux = {name: Scanner.of(rx) for name, rx in (("not_time", self.not_time), ("extend_before", self.extend_before),
                    ("until_past", self.until_past), ("future", self.future), ("not_future", self.not_future))
                    if rx is not None}

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
        self.ordinals = fold("ordinals")
        self.periods = fold("periods")
        self.fixed = {}
        for word, value in data.mapping(FILE, "fixed").items():
            rel, unit, *part = str(value).split()
            self.fixed[self.key(word)] = (int(rel), unit, part[0] if part else None)
        self.fixed_anaphoric = {}
        for word, value in data.mapping(FILE, "fixed_anaphoric").items():
            n, unit = str(value).split()
            self.fixed_anaphoric[self.key(word)] = (int(n), unit)

    def is_state(self, text: str) -> bool:
        """Whether a found time is a state adverb alone ("derzeit", "bislang", "so far"); kept
        per time text (the linker asks about each time of a sentence for each of its figures)."""
        found = self._states.get(text)
        if found is None:
            if len(self._states) >= STATE_MEMO:
                self._states.clear()
            found = self._states[text] = any(rx.fullmatch(text) for rx in self.state_exprs)
        return found

    @staticmethod
    def key(word) -> str:
        return " ".join(str(word).lower().rstrip(".").split())

    def parse(self, m: re.Match) -> Parsed | None:
        """The match's named groups as a language-independent ``Parsed``; None when they name no time."""
        return self.parse_groups({k: v for k, v in m.groupdict().items() if v is not None})

    def parse_groups(self, g: dict[str, str]) -> Parsed | None:
        """``parse`` of a match's groups that took part in it (name -> text)."""
        p = Parsed()
        try:
            self._read_calendar(p, g)
            anaphor = self._read_counts(p, g)
        except (KeyError, ValueError):
            return None
        return self._shape(p, g, anaphor)

    def _read_calendar(self, p: Parsed, g: dict) -> None:
        """The groups that name a word of a table (KeyError: a word not in it) or digits, then the
        year, the amount and a fixed phrase ("vorgestern"), which may set unit, relation and part."""
        for group, table in WORD_GROUPS.items():
            if group in g:
                setattr(p, group, getattr(self, table)[self.key(g[group])])
        for group in ("day", "day_from"):
            if group in g:
                setattr(p, group, int(g[group]))
        if "month_num" in g:
            p.month = int(g["month_num"])
        if "year" in g:
            p.year = int(g["year"])
            if len(g["year"]) == 2:
                p.year += TWO_DIGIT_YEAR_BASE
        if "amount" in g:
            a = g["amount"]
            p.amount = int(a) if a.isdigit() else self.numbers[self.key(a)]
        if "fixed" in g:
            p.rel, p.unit, part = self.fixed[self.key(g["fixed"])]
            p.part = part or p.part

    def _read_counts(self, p: Parsed, g: dict) -> int | None:
        """Decades, year ranges, ordinals; returns the anaphor's direction ("im Jahr zuvor": -1)."""
        if "decade" in g:  # "die 1990er Jahre", "the 1990s"; two digits are the 1900s ("90er")
            first = int(g["decade"]) + (1900 if len(g["decade"]) == 2 else 0)
            p.year_from, p.year = first, first + 9
        if "year_from" in g:
            p.year_from = int(g["year_from"])
        if "ordinal" in g:
            o = g["ordinal"]
            p.ordinal = int(o) if o.isdigit() else self.ordinals[self.key(o)]
        anaphor = self.anaphoric[self.key(g["anaphor"])] if "anaphor" in g else None
        if "fixed_anaphor" in g:
            n, p.unit = self.fixed_anaphoric[self.key(g["fixed_anaphor"])]
            anaphor, p.amount = n, abs(n)
        return anaphor

    def _shape(self, p: Parsed, g: dict, anaphor: int | None) -> Parsed | None:
        """Direction, openness and the kind of expression; None when it is no valid time."""
        if "first" in g:  # "in den ersten neun Monaten": the first months of a year
            if p.unit != "month":
                return None
            p.period, p.unit = "first", None
        p.span_to = "span_to" in g
        p.event = "event" in g
        if "sameday" in g or "now" in g:  # "derzeit", "currently": the publication day
            p.offset = 0
        if "so_far" in g:  # "bislang", "so far": up to the publication day
            p.offset, p.open = 0, "until"
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
        for side in ("since", "until", "before", "after"):
            if side in g:
                p.open = side
                break
        if p.kind == "none" or not valid(p):
            return None
        return p

    def find(self, text: str) -> list[Found]:
        """Non-overlapping time expressions in ``text``, in text order."""
        candidates = []
        folded = Folded.of(text)
        for (_, rx, reject), scanner in zip(self.exprs, self.scanners):
            for m in scanner.finditer(folded):
                if m.end() <= m.start():
                    continue
                if reject is not None and reject.search(text[max(0, m.start() - REJECT_WINDOW):m.start()]):
                    continue
                g = {k: v for k, v in m.groupdict().items() if v is not None}
                parsed = self.parse_groups(g)
                if parsed is not None:
                    anaphoric = "any" if "anaphor" in g else None
                    if "fixed_anaphor" in g:  # "am Vortag": from the last day named
                        anaphoric = "day" if parsed.unit == "day" else "any"
                    elif "sameday" in g:
                        anaphoric = "day"
                    candidates.append(Found(m.start(), m.end(), parsed, anaphoric))
        if self.not_time is not None and candidates:  # "Sunday Times", "Welt am Sonntag"
            vetoes = [(m.start(), m.end()) for m in self.aux["not_time"].finditer(folded)]
            candidates = [f for f in candidates if not any(f.start < b and a < f.end for a, b in vetoes)]
        # Longest first, then leftmost; at equal spans a resolvable reading beats an event.
        candidates.sort(key=lambda f: (-(f.end - f.start), f.start, f.parsed.event))
        chosen: list[Found] = []
        spans: list[tuple[int, int]] = []  # the chosen ones', sorted: disjoint, so only neighbours can overlap
        for f in candidates:
            k = bisect.bisect_right(spans, (f.start, f.end))
            if (k == 0 or spans[k - 1][1] <= f.start) and (k == len(spans) or f.end <= spans[k][0]):
                chosen.append(f)
                spans.insert(k, (f.start, f.end))
        chosen.sort(key=lambda f: f.start)
        return self._join(text, chosen)

    def _join(self, text: str, chosen: list[Found]) -> list[Found]:
        """Merge "seit Beginn des Krieges" + "im April 2023"; take words before an expression
        that belong to it (``extend_before``)."""
        out: list[Found] = []
        folded = Folded.of(text)
        taken = [(c.start, c.end) for c in chosen]  # for _list: once, not for every month or weekday
        for f in chosen:
            prev = out[-1] if out else None
            if prev is not None and f.start < prev.end:  # already read as an item of a list
                continue
            if (prev is not None and prev.parsed.event and prev.parsed.open == "since"
                    and not f.parsed.event and f.parsed.open is None and not text[prev.end:f.start].strip()):
                out[-1] = Found(prev.start, f.end, Parsed(**{**f.parsed.__dict__, "open": "since"}), f.anaphoric)
                continue
            if self.extend_before is not None:
                lo = max(prev.end if prev else 0, f.start - EXTEND_WINDOW)
                m = self.aux["extend_before"].search(folded, lo, f.start)
                if m is not None and m.end() == f.start and m.start() < f.start:
                    opened = m.groupdict().get("since") is not None and f.parsed.open is None
                    parsed = Parsed(**{**f.parsed.__dict__, "open": "since"}) if opened else f.parsed
                    f = Found(m.start(), f.end, parsed, f.anaphoric)
            out.append(self._tense(folded, f))
            out.extend(self._list(text, f, taken))
        return out

    def _tense(self, folded: Folded, f: Found) -> Found:
        """An until-time in a sentence with a past cue looks back ("By mid-December, they had
        counted"); a time in a sentence with a future cue and no past cue looks forward ("Am
        Freitag soll die Konferenz beginnen")."""
        if f.parsed.open == "since" or (self.until_past is None and self.future is None):
            return f
        text = folded.text
        lo, hi = max(0, f.start - TENSE_WINDOW), min(len(text), f.end + TENSE_WINDOW)
        for m in SENTENCE_END.finditer(text, lo, f.start):  # the sentence starts after the last end
            lo = m.end()
        end = SENTENCE_END.search(text, f.end, hi)
        hi = end.start() if end else hi

        def cue(name):
            return name in self.aux and self.aux[name].search(folded, lo, hi) is not None

        if f.parsed.open == "until" and cue("until_past"):
            change = {"past": True}
        elif cue("future") and not cue("not_future"):
            change = {"future": True}
        else:
            return f
        return replace(f, parsed=Parsed(**{**f.parsed.__dict__, **change}))

    def _list(self, text: str, f: Found, taken: list[tuple[int, int]]) -> list[Found]:
        """"im Oktober und November": the names listed right after ``f`` (``list_next``); ``taken``:
        the spans of the expressions chosen."""
        out: list[Found] = []
        if self.list_next is None or f.parsed.open is not None or f.parsed.kind not in ("month", "weekday"):
            return out
        last = f
        while (m := self.list_next.match(text, last.end)) is not None:
            start = min(m.start(k) for k, v in m.groupdict().items() if v is not None)
            if any(a < m.end() and start < b and (a, b) != (start, m.end()) for a, b in taken):
                break
            parsed = self.parse(m)
            if parsed is None or parsed.kind != f.parsed.kind:
                break
            last = Found(start, m.end(), parsed, None, joined=True)
            out.append(last)
        return out


@lru_cache(maxsize=None)
def grammar(code: str) -> TimeGrammar:
    return TimeGrammar(code)
