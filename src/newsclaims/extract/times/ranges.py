"""Resolving found expressions into intervals; joining "von 2014 bis 2022" into one range."""

from __future__ import annotations

import datetime as dt

from ...report import TimeValue
from .dates import Parsed, resolve
from .grammar import Found, TimeGrammar


def resolve_ranges(text: str, found: list[Found], g: TimeGrammar, ref: dt.date | None):
    """Resolve each expression; join "von 2014 bis 2022" into one range."""
    out = []  # (start, end, value, precision, resolved, relative)
    anchor = None  # the last resolved date, for "im Jahr zuvor", "a year later"
    anchor_day = None  # the last resolved single day, for "in der Nacht", "am Nachmittag"
    i = 0
    while i < len(found):
        f = found[i]
        base = anchor if f.anaphoric == "any" else anchor_day if f.anaphoric == "day" else None
        start, end, precision, ok = resolve(f.parsed, base or ref)
        if ok:
            anchor = start or end
            if precision == "day" and start is not None and start == end:
                anchor_day = start
        relative = f.parsed.relative
        j = i
        while j + 1 < len(found) and found[j + 1].joined:
            j += 1
        if j > i:  # "im Oktober und November": one range from the first to the last named
            n_start, n_end, n_prec, n_ok = resolve(found[j].parsed, ref)
            if ok and n_ok and start is not None and n_end is not None and n_end >= start:
                out.append((f.start, found[j].end, TimeValue(start=start, end=n_end),
                            precision if precision == n_prec else "open", True, relative))
            else:
                value = TimeValue(start=start, end=end) if ok else None
                out.append((f.start, found[j].end, value, precision, ok, relative))
            i = j + 1
            continue
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
