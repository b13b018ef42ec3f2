"""Which sentences a pattern can match in, from its required strings (``text.prefilter``)."""

from __future__ import annotations

import bisect

from .prefilter import Folded, Scanner


def sentences_with_required(scanner: Scanner, whole: Folded, sentences: list[tuple[int, int]]) -> set[int] | None:
    """Indices of the (start, end) sentences that hold one of the pattern's required strings
    whole. Every match holds one inside its own span (lookarounds require nothing), so a pattern
    run on one sentence (on the slice, or with pos/endpos) matches nowhere else. None: every
    sentence (no required strings known, or offsets into the folded text are not the text's)."""
    if scanner.pre.strings is None or not whole.aligned:
        return None
    starts = [a for a, _ in sentences]
    found: set[int] = set()
    for s in scanner.pre.strings:
        if whole.present(s):
            for i in whole.occurrences(s, False):
                k = bisect.bisect_right(starts, i) - 1
                if k >= 0 and i + len(s) <= sentences[k][1]:
                    found.add(k)
    return found
