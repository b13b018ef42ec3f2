"""Clauses and quotations inside a sentence: plain offsets, no language data of their own."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from .prefilter import Folded


def clause_bounds(text: str, start: int, end: int, breaks) -> list[int]:
    """Doc offsets where a new clause starts inside the sentence [start, end). Several components
    ask for each sentence's: the list is kept with the text's Folded and shared, not to be changed."""
    memo = Folded.of(text).memo
    key = ("clause_bounds", start, end, tuple(breaks))
    found = memo.get(key)
    if found is None:
        found = memo[key] = _clause_bounds(text, start, end, key[3])
    return found


def _clause_bounds(text: str, start: int, end: int, breaks: tuple[str, ...]) -> list[int]:
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
    opening = _openers("".join(k for k in quotes if len(k) == 1))
    m = opening.search(text) if opening is not None else None
    while m is not None:
        i = m.start()
        j = text.find(quotes[m.group()], i + 1)
        # A quote runs over a few sentences at most; an unmatched mark is not a quote.
        if j > i and j - i <= 2000:
            spans.append((i, j + 1))
            m = opening.search(text, j + 1)
        else:
            m = opening.search(text, i + 1)
    return spans


@lru_cache(maxsize=None)
def _openers(marks: str) -> re.Pattern | None:
    return re.compile("[" + re.escape(marks) + "]") if marks else None

