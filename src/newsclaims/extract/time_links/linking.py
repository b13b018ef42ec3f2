"""Linking each figure to the time expression that governs it (see the package docstring)."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ...report import Ref, TimeExpr
from ...text.prefilter import Gated
from ..times import grammar


# Characters before a time searched for a benchmark cue.
BENCHMARK_WINDOW = 40
# The benchmark patterns of ``times.yaml``, in the order _Linker keeps them.
BENCHMARK_PATTERNS = ("benchmark_before", "benchmark_since_before", "benchmark_lead")
# A bracket of a few letters: a name's abbreviation ("(AMS)", "(dpa)").
ABBREVIATION = re.compile(r"\([^()\d]{1,15}\)")


def _distance(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    if a_end <= b_start:
        return b_start - a_end
    if b_end <= a_start:
        return a_start - b_end
    return 0


def _nearest(times: list[TimeExpr], start: int, end: int) -> TimeExpr | None:
    if not times:
        return None
    # Ties go to the expression before the figure.
    return min(times, key=lambda t: (_distance(t.start, t.end, start, end), t.start > start))


def _bracket(text: str, start: int, lo: int, hi: int) -> int | None:
    """Start of the innermost open round bracket around ``start`` within ``[lo, hi)``, or None:
    read back from ``start`` one bracket at a time (``rfind`` skips the text between)."""
    depth = 0
    i = start
    while True:
        opening = text.rfind("(", lo, i)
        if opening < 0:  # only closing brackets are left: none opens around start
            return None
        closing = text.rfind(")", opening + 1, i)
        if closing >= 0:
            depth += 1
            i = closing
        elif depth == 0:
            return opening
        else:
            depth -= 1
            i = opening


@lru_cache(maxsize=None)
def benchmark_patterns(code: str) -> tuple[Gated | None, Gated | None, Gated | None]:
    """A language's benchmark patterns (before a time, before a since-time, leading into it),
    searched in the 40 characters before each time: gated, as most of those hold none of a
    pattern's required words."""
    g = grammar(code)
    return tuple(None if rx is None else Gated(rx) for rx in map(g.patterns.get, BENCHMARK_PATTERNS))


def _ref(t: TimeExpr) -> Ref:
    return Ref(id=t.id, text=t.text, start=t.start, end=t.end)


def link_times(text: str, lang: str, found) -> None:
    """Set ``time`` on every quantity in ``found`` (a Findings) that has none yet."""
    if not found.quantities or not found.times:
        return
    linker = _Linker(text, grammar(lang), found)
    prev = None
    for q in found.quantities:
        if q.time is None:
            chosen = linker.time_for(q)
            if chosen is not None:
                q.time = _ref(chosen)
            elif prev is not None and prev.time is not None and linker.restates(prev, q):
                q.time = prev.time  # "323.702 Personen arbeitslos (251.396)": the bracket's figure is of then too
        prev = q


class _Linker:
    def __init__(self, text: str, g, found):
        self.text, self.g, self.found, self.sentences = text, g, found, found.sentences
        self.benchmark, self.benchmark_since, self.benchmark_lead = benchmark_patterns(g.code)
        self.comparison_clause = g.patterns.get("comparison_clause")
        self.comparison_between = g.patterns.get("comparison_between")
        self.signed_change = g.patterns.get("signed_change")
        self.times_by_sentence: dict[int, list[TimeExpr]] = {}
        for t in found.times:
            if not self.is_benchmark(t):
                self.times_by_sentence.setdefault(found.sentence_at(t.start), []).append(t)
        self.figures_by_sentence: dict[int, list] = {}
        for q in found.quantities:
            self.figures_by_sentence.setdefault(self.sentence_of(q), []).append(q)
        self.cuts_cache: dict[int, list[int]] = {}

    def sentence_of(self, q) -> int:
        return self.found.sentence_at(q.start) if self.sentences else 0

    def is_benchmark(self, t: TimeExpr) -> bool:
        before = self.text[max(0, t.start - BENCHMARK_WINDOW):t.start]
        if self.benchmark is not None and self.benchmark.search(before):
            return True
        first = t.text.split(None, 1)[0] if t.text.strip() else ""
        if self.benchmark_lead is not None and self.benchmark_lead.search(before + first):
            return True
        is_since = t.value is not None and t.value.end is None and t.value.start is not None
        return bool(is_since and self.benchmark_since is not None and self.benchmark_since.search(before))

    def clause_cuts(self, si: int) -> list[int]:
        if si not in self.cuts_cache:
            s = self.sentences[si]
            breaks = self.g.clause_break
            cuts = [] if breaks is None else [s.start + m.start() for m in breaks.finditer(self.text[s.start:s.end])]
            # a short bracket without digits is a name's abbreviation ("beim Arbeitsamt (AA)"), no clause
            names = [(m.start(), m.end()) for m in ABBREVIATION.finditer(self.text, s.start, s.end)]
            self.cuts_cache[si] = [c for c in cuts if not any(a <= c < b for a, b in names)] if names else cuts
        return self.cuts_cache[si]

    def restates(self, prev, q) -> bool:
        """Whether ``q`` stands in a bracket of its own right after the figure ``prev`` of its
        sentence ("arbeitslos (251.396)"), a bracket that names no change ("(-0,8 Prozent)")."""
        si = self.sentence_of(q)
        if not self.sentences or self.sentence_of(prev) != si:
            return False
        s = self.sentences[si]
        q_br = _bracket(self.text, q.start, s.start, s.end)
        return (q_br is not None and prev.end <= q_br
                and not (self.signed_change is not None and self.signed_change.search(self.text, q_br, q.end)))

    def time_for(self, q) -> TimeExpr | None:
        si = self.sentence_of(q)
        own = [t for t in self.times_by_sentence.get(si, []) if not (t.start < q.end and q.start < t.end)]
        if own and self.sentences:
            s = self.sentences[si]
            q_br = _bracket(self.text, q.start, s.start, s.end)
            if q_br is not None and self.signed_change is not None and self.signed_change.search(self.text, q_br, q.end):
                return None
            own = [t for t in own if (b := _bracket(self.text, t.start, s.start, s.end)) is None or b == q_br]
        if own:
            return self.in_sentence(q, si, own)
        if self.sentences and self.g.figure_anaphora is not None and si + 1 < len(self.sentences):
            nxt = self.sentences[si + 1]
            if (self.times_by_sentence.get(si + 1) and not self.figures_by_sentence.get(si + 1)
                    and self.g.figure_anaphora.search(nxt.text)):
                return self.times_by_sentence[si + 1][0]
        return None

    def in_sentence(self, q, si: int, own: list[TimeExpr]) -> TimeExpr | None:
        """The nearest time of the figure's clause, else of a clause without a figure of its own."""
        text, cuts = self.text, self.clause_cuts(si)
        clause = bisect.bisect_right(cuts, q.start)
        same = [t for t in own if bisect.bisect_right(cuts, t.start) == clause]
        # A later clause with a figure of its own keeps its time to itself.
        busy = {c for o in self.figures_by_sentence.get(si, []) if o is not q
                and (c := bisect.bisect_right(cuts, o.start)) > clause}
        if self.comparison_clause is not None:
            # A figure in a clause that starts as a comparison ("far below the 600",
            # "down from around 60%") is a benchmark value: only its own clause's time.
            lo = cuts[clause - 1] if clause > 0 else self.sentences[si].start
            if self.comparison_clause.match(text[lo:q.start].lstrip(",;:()–- \t\n")):
                busy |= {c for c in range(len(cuts) + 1) if c != clause}
        if self.comparison_between is not None:
            # "up 40% from 17,800 in the same period last year": a time after a comparison
            # with another number belongs to that number.
            base = {t.id for t in same if t.start >= q.end and self.comparison_between.search(text, q.end, t.start)}
            same = [t for t in same if t.id not in base]
            own = [t for t in own if t.id not in base]
        # A state adverb ("derzeit", "so far") governs only its own clause (or the clause it
        # opens alone: "To date, 300 ..."), and only when that clause names no other time
        # ("Seit Kriegsbeginn sind bislang 29 ...": the since-time).
        state = [t for t in own if self.g.is_state(t.text) and (t in same or self.leads(t, clause, cuts, si))]
        free = [t for t in own if bisect.bisect_right(cuts, t.start) not in busy and not self.g.is_state(t.text)]
        strong = [t for t in same if t not in state]
        return _nearest(strong, q.start, q.end) or _nearest(state, q.start, q.end) or _nearest(free, q.start, q.end)

    def leads(self, t: TimeExpr, clause: int, cuts: list[int], si: int) -> bool:
        """Whether ``t`` alone makes up the clause right before ``clause`` ("To date, ...")."""
        if clause < 1 or bisect.bisect_right(cuts, t.start) != clause - 1:
            return False
        lo = cuts[clause - 2] if clause >= 2 else self.sentences[si].start
        return self.text[lo:cuts[clause - 1]].strip(",;:()–- \t\n") == t.text
