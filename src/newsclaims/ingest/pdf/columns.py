"""Reading order from the page geometry alone (the content stream's order is never used).

A region's words are stacked into slabs: horizontal strips that no white line crosses (in a
layout on a baseline grid each text line is a slab; columns out of step share bigger slabs).
Going down the slabs, a band grows while a vertical white strip survives in all of them; the
strip is a gutter if it has lines of text on both sides and, on every line that reaches it, is
wider than a word space (so a headline's word space above a gutter does not cut the headline).
A band with gutters is cut into its columns, each read on its own (recursively, so that a
column with its own sub-columns works too); slabs without a gutter (a headline or standfirst
across the columns) are read as one. This is a recursive XY-cut that prefers the vertical cut.
"""

from __future__ import annotations

import math
import statistics
from operator import attrgetter

import numpy as np

from .words import Word

MIN_GUTTER = 4.5       # pt: the narrowest gap between two lines' text that may be a gutter (newspapers
                       # use 6 pt and up; a justified line may run half a point into it)
MIN_RUN = 3            # 1 pt bins: the narrowest white run looked at (a 4.5 pt gap leaves 3 whole bins)
GUTTER_EM = 0.45       # on a line on both sides of it, a gutter is at least this many ems wide
MIN_SIDE_LINES = 4     # a gutter has at least this many lines of text on each side
FLUSH = 0.75           # pt: lines that start this close to each other start flush...
FLUSH_SHARE = 0.6      # ...and this share of the lines right of a gutter do (indents aside)


def reading_order(words: list[Word]) -> list[list[Word]]:
    """The words of a region as chunks in reading order, each chunk read as one column."""
    if len(words) < 2 * MIN_SIDE_LINES:
        return [words] if words else []
    slabs = _slabs(words)
    occupied, left, may_start = _occupancy(slabs)
    chunks: list[list[Word]] = []
    span_from = 0  # slabs[span_from:i] pass no gutter: they wait to be read as one part
    i = 0
    while i < len(slabs):
        k, gutters = _band(slabs, occupied, left, i) if may_start[i] else (i, [])
        if not gutters:
            i += 1
            continue
        # a column that starts higher than its neighbour: its first lines sit on one side of the
        # gutters, just above the band, in other type than the text across the columns above
        start = i
        while start > span_from and _one_sided(slabs[start - 1], gutters) \
                and not (start - 1 > span_from and _runs_on(slabs[start - 2], slabs[start - 1])):
            start -= 1
        if start > span_from:
            chunks.extend(_lower_columns(slabs[span_from:start], occupied[span_from:start], left))
        band = [w for slab in slabs[start:k + 1] for w in slab]
        for column in _split(band, gutters):
            chunks.extend(reading_order(column))
        i = span_from = k + 1
    if span_from < len(slabs):
        chunks.extend(_lower_columns(slabs[span_from:], occupied[span_from:], left))
    return chunks


def _lower_columns(slabs: list[list[Word]], occupied: np.ndarray, left: float) -> list[list[Word]]:
    """Slabs that no band of side-by-side lines passes may still hold columns: under a headline,
    a short column beside an image sits wholly above the text of its neighbour. Such a part is
    found as the highest slab from which a white strip runs down to the end, as in an XY-cut."""
    flat = [w for slab in slabs for w in slab]
    # lines of such a column start well inside the region (a quarter of it or more; a first-line
    # indent does not): without enough of them there is nothing to look for
    if len(slabs) < 2 * MIN_SIDE_LINES or \
            np.count_nonzero(occupied.argmax(axis=1) >= occupied.shape[1] / 4) < MIN_SIDE_LINES:
        return [flat]
    below = np.logical_and.accumulate(~occupied[::-1], axis=0)[::-1]      # white from here down
    ink = np.logical_or.accumulate(occupied[::-1], axis=0)[::-1]           # ink from here down
    inside = np.logical_or.accumulate(ink, axis=1) & np.logical_or.accumulate(ink[:, ::-1], axis=1)[:, ::-1]
    counts = np.cumsum(below & inside, axis=1)
    candidates = np.flatnonzero(((counts[:, MIN_RUN:] - counts[:, :-MIN_RUN]) >= MIN_RUN).any(axis=1))
    for j in candidates[candidates <= len(slabs) - MIN_SIDE_LINES].tolist():
        part = [w for slab in slabs[j:] for w in slab]
        gutters = [left + (a + b) / 2 for a, b in _runs(below[j] | ~inside[j]) if _sides(part, left + (a + b) / 2)]
        if gutters:
            head = [w for slab in slabs[:j] for w in slab]
            return ([head] if head else []) + [c for column in _split(part, gutters) for c in reading_order(column)]
    return [flat]


def _one_sided(slab: list[Word], gutters: list[float]) -> bool:
    """All of the slab lies in one column."""
    sides = {sum(1 for g in gutters if (w.x0 + w.x1) / 2 > g) for w in slab}
    return len(sides) == 1 and not any(w.x0 < g < w.x1 for g in gutters for w in slab)


def _runs_on(above: list[Word], slab: list[Word]) -> bool:
    """Does the slab carry on the text just above it in the same type (the short last line of a
    standfirst across the columns)?"""
    last, first = min(above, key=attrgetter("y")), max(slab, key=attrgetter("y"))
    return abs(last.size - first.size) < 0.3 and last.bold == first.bold and last.y - first.y <= 1.6 * first.size


def _slabs(words: list[Word]) -> list[list[Word]]:
    """Words grouped into horizontal strips separated by white space, top to bottom."""
    slabs: list[list[Word]] = []
    floor = math.inf
    for w in sorted(words, key=attrgetter("top"), reverse=True):
        if slabs and w.top > floor:
            slabs[-1].append(w)
            if w.bottom < floor:
                floor = w.bottom
        else:
            slabs.append([w])
            floor = w.bottom
    return slabs


def _occupancy(slabs: list[list[Word]]) -> tuple[np.ndarray, float, np.ndarray]:
    """Per slab, which 1 pt wide x bins hold ink; the x of bin 0; and per slab, whether a band can
    start there: only if it has a white run of MIN_RUN bins with ink on both sides (cheap, and
    spares the search on single-column text). Built from the words' bin ranges merged into runs of
    ink, all rows in one flat sequence: a running sum or "or" along the rows of a bin matrix costs
    several times more."""
    flat = [w for s in slabs for w in s]
    x0 = np.fromiter(map(attrgetter("x0"), flat), float, len(flat))
    x1 = np.fromiter(map(attrgetter("x1"), flat), float, len(flat))
    left = math.floor(x0.min())
    width = math.ceil(x1.max()) - left + 2  # no word reaches the last 2 bins
    rows = np.repeat(np.arange(len(slabs)) * width, [len(s) for s in slabs])
    starts = (x0 - left).astype(int)
    ends = rows + np.maximum(np.ceil(x1 - left).astype(int), starts + 1)
    starts += rows
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], np.maximum.accumulate(ends[order])  # ends stay within the row
    cut = np.flatnonzero(starts[1:] > ends[:-1]) + 1   # a word clear of all before it starts a run
    run_starts, run_ends = starts[np.concatenate(([0], cut))], ends[np.concatenate((cut - 1, [len(ends) - 1]))]
    bounds = np.empty(2 * len(run_starts) + 2, np.intp)
    bounds[0], bounds[1:-1:2], bounds[2:-1:2], bounds[-1] = 0, run_starts, run_ends, len(slabs) * width
    ink = np.zeros(len(bounds) - 1, bool)
    ink[1::2] = True
    occupied = np.repeat(ink, np.diff(bounds)).reshape(len(slabs), width)
    gaps = (run_starts[1:] - run_ends[:-1] >= MIN_RUN) & (run_starts[1:] // width == run_ends[:-1] // width)
    may_start = np.zeros(len(slabs), bool)
    may_start[run_starts[1:][gaps] // width] = True
    return occupied, left, may_start


def _runs(white: np.ndarray) -> list[tuple[int, int]]:
    """Runs of at least MIN_RUN white bins inside the region (not its margins)."""
    edges = np.flatnonzero(white[1:] != white[:-1]) + 1
    if white[0]:
        edges = edges[1:]  # a run from the left margin
    if len(edges) % 2:
        edges = edges[:-1]  # a run to the right margin
    return [(a, b) for a, b in zip(edges[::2].tolist(), edges[1::2].tolist()) if b - a >= MIN_RUN]


def _wide_enough(slab: list[Word], x: float) -> bool:
    """On this slab, is the white around x wider than a word space of the type beside it?"""
    before = [w for w in slab if w.x1 <= x]
    after = [w for w in slab if w.x0 >= x]
    if not before or not after:
        return True  # the slab reaches only one side: it neither makes nor breaks the gutter
    a = max(before, key=lambda w: w.x1)
    b = min(after, key=lambda w: w.x0)
    return b.x0 - a.x1 >= max(MIN_GUTTER, GUTTER_EM * min(a.size, b.size))


def _band(slabs, occupied, left, i) -> tuple[int, list[float]]:
    """The longest band of slabs from i down with a common white run: its last slab and the xs of
    the runs that are gutters (inside the region, with enough lines on both sides)."""
    white = ~occupied[i]
    k, found = i, None
    while True:
        alive = []
        for a, b in _runs(white):
            if _wide_enough(slabs[k], left + (a + b) / 2):
                alive.append((a, b))
            else:
                white[a:b] = False
        if not alive:
            break
        found = (k, alive)
        if k + 1 == len(slabs):
            break
        k += 1
        white = white & ~occupied[k]
    if found is None:
        return i, []
    k, alive = found
    band = [w for slab in slabs[i:k + 1] for w in slab]
    return k, [left + (a + b) / 2 for a, b in alive if _sides(band, left + (a + b) / 2)]


def _sides(band: list[Word], x: float) -> bool:
    """Enough lines of text on both sides of x, and the lines on the right start flush, as a
    column does (a river of word spaces down justified text is followed by words anywhere)."""
    lefts = {round(w.y) for w in band if w.x1 <= x}
    starts: dict[int, float] = {}
    for w in band:
        if w.x0 >= x:
            line = round(w.y)
            starts[line] = min(w.x0, starts.get(line, w.x0))
    if len(lefts) < MIN_SIDE_LINES or len(starts) < MIN_SIDE_LINES:
        return False
    edge = statistics.median(starts.values())
    return sum(abs(v - edge) <= FLUSH for v in starts.values()) >= FLUSH_SHARE * len(starts)


def _split(band: list[Word], gutters: list[float]) -> list[list[Word]]:
    bounds = sorted(gutters)
    columns: list[list[Word]] = [[] for _ in range(len(bounds) + 1)]
    for w in band:
        columns[sum(1 for g in bounds if (w.x0 + w.x1) / 2 > g)].append(w)
    return [c for c in columns if c]
