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

import numpy as np

from .words import Word

MIN_GUTTER = 5.0       # pt: the narrowest white strip that may be a gutter (newspapers use 6 pt and up;
                       # a river of word spaces down justified text is rarely this wide)
GUTTER_EM = 0.45       # on a line on both sides of it, a gutter is at least this many ems wide
MIN_SIDE_LINES = 4     # a gutter has at least this many lines of text on each side


def reading_order(words: list[Word]) -> list[list[Word]]:
    """The words of a region as chunks in reading order, each chunk read as one column."""
    if len(words) < 2 * MIN_SIDE_LINES:
        return [words] if words else []
    slabs = _slabs(words)
    occupied, left = _occupancy(slabs)
    chunks: list[list[Word]] = []
    spanning: list[Word] = []
    i = 0
    while i < len(slabs):
        k, gutters = _band(slabs, occupied, left, i)
        if not gutters:
            spanning.extend(slabs[i])
            i += 1
            continue
        if spanning:
            chunks.append(spanning)
            spanning = []
        band = [w for slab in slabs[i:k + 1] for w in slab]
        for column in _split(band, gutters):
            chunks.extend(reading_order(column))
        i = k + 1
    if spanning:
        chunks.append(spanning)
    return chunks


def _slabs(words: list[Word]) -> list[list[Word]]:
    """Words grouped into horizontal strips separated by white space, top to bottom."""
    slabs: list[list[Word]] = []
    floor = math.inf
    for w in sorted(words, key=lambda w: -w.top):
        if slabs and w.top > floor:
            slabs[-1].append(w)
            floor = min(floor, w.bottom)
        else:
            slabs.append([w])
            floor = w.bottom
    return slabs


def _occupancy(slabs: list[list[Word]]) -> tuple[np.ndarray, float]:
    """Per slab, which 1 pt wide x bins hold ink; and the x of bin 0."""
    left = math.floor(min(w.x0 for slab in slabs for w in slab))
    width = math.ceil(max(w.x1 for slab in slabs for w in slab)) - left + 2
    rows = np.repeat(np.arange(len(slabs)), [len(s) for s in slabs])
    starts = np.fromiter((int(w.x0 - left) for s in slabs for w in s), int, len(rows))
    ends = np.fromiter((math.ceil(w.x1 - left) for s in slabs for w in s), int, len(rows))
    diff = np.zeros((len(slabs), width + 1), np.int32)
    np.add.at(diff, (rows, starts), 1)
    np.add.at(diff, (rows, np.maximum(ends, starts + 1)), -1)
    return diff.cumsum(axis=1)[:, :width] > 0, left


def _runs(white: np.ndarray, lo: int, hi: int) -> list[tuple[int, int]]:
    """Runs of white bins at least MIN_GUTTER wide strictly between lo and hi."""
    inner = white[lo + 1:hi]
    if not inner.any():
        return []
    edges = np.flatnonzero(np.diff(np.concatenate(([0], inner.astype(np.int8), [0]))))
    return [(lo + 1 + a, lo + 1 + b) for a, b in zip(edges[::2], edges[1::2]) if b - a >= MIN_GUTTER]


def _wide_enough(slab: list[Word], x: float) -> bool:
    """On this slab, is the white around x wider than a word space of the type beside it?"""
    before = [w for w in slab if w.x1 <= x]
    after = [w for w in slab if w.x0 >= x]
    if not before or not after:
        return True  # the slab reaches only one side: it neither makes nor breaks the gutter
    a = max(before, key=lambda w: w.x1)
    b = min(after, key=lambda w: w.x0)
    return b.x0 - a.x1 >= GUTTER_EM * min(a.size, b.size)


def _band(slabs, occupied, left, i) -> tuple[int, list[float]]:
    """The longest band of slabs from i down with a common gutter: its last slab and gutter xs."""
    white, ink = ~occupied[i], occupied[i].copy()
    k, found = i, None
    while True:
        alive = []
        for a, b in _runs(white, *_extent(ink)):
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
        white, ink = white & ~occupied[k], ink | occupied[k]
    if found is None:
        return i, []
    k, alive = found
    band = [w for slab in slabs[i:k + 1] for w in slab]
    return k, [left + (a + b) / 2 for a, b in alive if _sides(band, left + (a + b) / 2)]


def _extent(ink: np.ndarray) -> tuple[int, int]:
    cols = np.flatnonzero(ink)
    return (int(cols[0]), int(cols[-1])) if len(cols) else (0, 0)


def _sides(band: list[Word], x: float) -> bool:
    """Enough lines of text on both sides of x."""
    lefts = {round(w.y) for w in band if w.x1 <= x}
    rights = {round(w.y) for w in band if w.x0 >= x}
    return len(lefts) >= MIN_SIDE_LINES and len(rights) >= MIN_SIDE_LINES


def _split(band: list[Word], gutters: list[float]) -> list[list[Word]]:
    bounds = sorted(gutters)
    columns: list[list[Word]] = [[] for _ in range(len(bounds) + 1)]
    for w in band:
        columns[sum(1 for g in bounds if (w.x0 + w.x1) / 2 > g)].append(w)
    return [c for c in columns if c]
