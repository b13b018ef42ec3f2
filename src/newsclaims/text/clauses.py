"""Clauses and quotations inside a sentence: plain offsets, no language data of their own."""

from __future__ import annotations

import bisect

def clause_bounds(text: str, start: int, end: int, breaks) -> list[int]:
    """Doc offsets where a new clause starts inside the sentence [start, end)."""
    sent = text[start:end]
    cuts = set()
    for b in breaks:
        i = sent.find(b)
        while i >= 0:
            cuts.add(start + i + len(b))
            i = sent.find(b, i + 1)
    return sorted(cuts)


def clause_of(pos: int, bounds: list[int]) -> int:
    """Index of the clause holding ``pos`` (``bounds`` sorted, as clause_bounds gives them)."""
    return bisect.bisect_right(bounds, pos)


def quote_spans(text: str, quotes: dict[str, str]) -> list[tuple[int, int]]:
    """Quoted passages [open, close] (the marks included), outermost, in order."""
    spans = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in quotes:
            close = quotes[ch]
            j = text.find(close, i + 1)
            # A quote runs over a few sentences at most; an unmatched mark is not a quote.
            if j > i and j - i <= 2000:
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return spans

