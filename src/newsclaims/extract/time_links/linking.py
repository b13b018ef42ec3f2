"""Linking each figure to the time expression that governs it (see the package docstring)."""

from __future__ import annotations

import bisect

from ...report import Ref, TimeExpr
from ..times import grammar


# Characters before a time searched for a benchmark cue.
BENCHMARK_WINDOW = 40


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
    """Start of the innermost open round bracket around ``start`` within ``[lo, hi)``, or None."""
    depth = 0
    for i in range(start - 1, lo - 1, -1):
        ch = text[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                return i
            depth -= 1
    return None


def _ref(t: TimeExpr) -> Ref:
    return Ref(id=t.id, text=t.text, start=t.start, end=t.end)


def link_times(text: str, lang: str, found) -> None:
    """Set ``time`` on every quantity in ``found`` (a Findings) that has none yet."""
    if not found.quantities or not found.times:
        return
    g = grammar(lang)
    sentences = found.sentences
    benchmark = g.patterns.get("benchmark_before")
    benchmark_since = g.patterns.get("benchmark_since_before")
    comparison_clause = g.patterns.get("comparison_clause")
    benchmark_lead = g.patterns.get("benchmark_lead")
    comparison_between = g.patterns.get("comparison_between")

    def is_benchmark(t: TimeExpr) -> bool:
        before = text[max(0, t.start - BENCHMARK_WINDOW):t.start]
        if benchmark is not None and benchmark.search(before):
            return True
        first = t.text.split(None, 1)[0] if t.text.strip() else ""
        if benchmark_lead is not None and benchmark_lead.search(before + first):
            return True
        is_since = t.value is not None and t.value.end is None and t.value.start is not None
        return bool(is_since and benchmark_since is not None and benchmark_since.search(before))

    by_sentence: dict[int, list[TimeExpr]] = {}
    for t in found.times:
        if not is_benchmark(t):
            by_sentence.setdefault(found.sentence_at(t.start), []).append(t)
    figures_by_sentence: dict[int, list] = {}
    for q in found.quantities:
        figures_by_sentence.setdefault(found.sentence_at(q.start) if sentences else 0, []).append(q)

    def clause_cuts(si: int) -> list[int]:
        s = sentences[si]
        if g.clause_break is None:
            return []
        return [s.start + m.start() for m in g.clause_break.finditer(text[s.start:s.end])]

    cuts_cache: dict[int, list[int]] = {}
    for q in found.quantities:
        if q.time is not None:
            continue
        si = found.sentence_at(q.start) if sentences else 0
        own = [t for t in by_sentence.get(si, []) if not (t.start < q.end and q.start < t.end)]
        if own and sentences:
            s = sentences[si]
            q_br = _bracket(text, q.start, s.start, s.end)
            own = [t for t in own if (b := _bracket(text, t.start, s.start, s.end)) is None or b == q_br]
        chosen = None
        if own:
            if si not in cuts_cache:
                cuts_cache[si] = clause_cuts(si)
            cuts = cuts_cache[si]
            clause = bisect.bisect_right(cuts, q.start)
            same = [t for t in own if bisect.bisect_right(cuts, t.start) == clause]
            # A later clause with a figure of its own keeps its time to itself.
            busy = {c for o in figures_by_sentence.get(si, []) if o is not q
                    and (c := bisect.bisect_right(cuts, o.start)) > clause}
            if comparison_clause is not None:
                # A figure in a clause that starts as a comparison ("far below the 600",
                # "down from around 60%") is a benchmark value: only its own clause's time.
                lo = cuts[clause - 1] if clause > 0 else sentences[si].start
                if comparison_clause.match(text[lo:q.start].lstrip(",;:()–- \t\n")):
                    busy |= {c for c in range(len(cuts) + 1) if c != clause}
            if comparison_between is not None:
                # "up 40% from 17,800 in the same period last year": a time after a comparison
                # with another number belongs to that number.
                base = {t.id for t in same if t.start >= q.end and comparison_between.search(text, q.end, t.start)}
                same = [t for t in same if t.id not in base]
                own = [t for t in own if t.id not in base]
            free = [t for t in own if bisect.bisect_right(cuts, t.start) not in busy]
            chosen = _nearest(same, q.start, q.end) or _nearest(free, q.start, q.end)
        elif sentences and g.figure_anaphora is not None and si + 1 < len(sentences):
            nxt = sentences[si + 1]
            if (by_sentence.get(si + 1) and not figures_by_sentence.get(si + 1)
                    and g.figure_anaphora.search(nxt.text)):
                chosen = by_sentence[si + 1][0]
        if chosen is not None:
            q.time = _ref(chosen)
