"""Which sentences a pattern can match in, from its required strings (``text.prefilter``)."""

from __future__ import annotations

import bisect

from .prefilter import Folded, Scanner


def sentences_with_required(scanner: Scanner, whole: Folded, sentences: list[tuple[int, int]]) -> set[int] | None:
    """Indices of the (start, end) sentences that hold one of the pattern's required strings
    whole. Every match holds one inside its own span (lookarounds require nothing), so a pattern
    run on one sentence (on the slice, or with pos/endpos) matches nowhere else. None: every
    sentence (no required strings known, or a text offset not known for every folded one).
    Where a character folds longer ("ß": "ss", in most German reports) a string's text span is
    shorter than the string: a sentence it starts in is taken."""
    if scanner.pre.strings is None or not whole.anchorable:
        return None
    found: set[int] = set()
    present = _present(scanner, whole)
    if not present:
        return found
    starts = [a for a, _ in sentences]
    for s in present:
        reach = len(s) if whole.aligned else 1
        for i in whole.occurrences(s, False):
            k = bisect.bisect_right(starts, i) - 1
            if k >= 0 and i + reach <= sentences[k][1]:
                found.add(k)
    return found


# Per scanner: (the text pass's strings it was split by, its required strings the pass looks for,
# the others). A frame pattern requires up to a few dozen strings (reporting verbs), asked about
# sixty times a report: the pass's answers are taken in one set intersection.
_SPLIT: dict = {}


def _present(scanner: Scanner, whole: Folded):
    """The scanner's required strings that occur in the text (as ``whole.present`` tells each)."""
    known = whole._known
    split = _SPLIT.get(scanner)
    if split is None or split[0] is not known:
        strings = scanner.pre.strings
        split = _SPLIT[scanner] = (known, frozenset(s for s in strings if s in known),
                                   tuple(s for s in strings if s not in known))
    present = whole._found.keys() & split[1]
    if split[2]:
        present.update(s for s in split[2] if whole.present(s))
    return present
