"""Resolving found expressions into intervals; joining "von 2014 bis 2022" into one range."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

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
        j = i
        while j + 1 < len(found) and found[j + 1].joined:
            j += 1
        parsed = _listed_year(f.parsed, found[j].parsed)
        base = anchor if f.anaphoric == "any" else anchor_day if f.anaphoric == "day" else None
        start, end, precision, ok = resolve(parsed, base or ref)
        if ok:
            anchor = start or end
            if precision == "day" and start is not None and start == end:
                anchor_day = start
        relative = parsed.relative
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
            # The end of the range counts forward from its own start, not from publication
            # ("vom 1. März bis 5. April": the April after that March).
            own = ok and start is not None and nxt.parsed.year is None and nxt.parsed.kind in ("date", "month", "holiday")
            n_start, n_end, _, n_ok = resolve(nxt.parsed, start if own else ref)
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


def _listed_year(first: Parsed, last: Parsed) -> Parsed:
    """"im Januar und Februar 2024": the year written on the last name of a list holds for the first."""
    if first.year is not None or last.year is None or first.month is None or last.month is None:
        return first
    return replace(first, year=last.year - (first.month > last.month))
