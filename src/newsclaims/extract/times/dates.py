"""Pure date resolvers: a parsed time expression + a reference date -> an interval.

No words of any language live here: the times component maps words to the
language-independent fields of :class:`Parsed` (month numbers, weekday numbers,
day offsets, units, directions, parts) using ``lang/<code>/times.yaml``.

Every rule that picks a year or a week is a named constant or documented below and in
``docs/times.md``. Intervals are inclusive at both ends (``start <= day <= end``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dateutil import relativedelta as rd
from dateutil.easter import easter

# A day date written without a year ("am 3. Mai", "May 3") takes the year that puts it in
# the window (reference - (365 - DAY_FORWARD_WINDOW) days, reference + DAY_FORWARD_WINDOW days]:
# reports mostly look back, but a date up to a month ahead is an announcement.
DAY_FORWARD_WINDOW = 31

# Meteorological seasons: first month and length in months. Winter Y runs Dec Y .. Feb Y+1.
SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "winter": (12, 3)}

# Parts of a period: "Anfang/Mitte/Ende Dezember", "early/mid/late 2024".
# Month: days 1-10, 11-20, 21-end. Year: Jan-Apr, May-Aug, Sep-Dec. Week: Mon-Tue, Wed-Thu, Fri-Sun.
# Other periods (seasons): thirds by days. "before"/"after" cut the period at the reference date
# ("earlier this month": period start .. the day before the reference; "later this month":
# the day after the reference .. period end).
MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
WEEK_PARTS = {"early": (0, 1), "mid": (2, 3), "late": (4, 6)}

UNITS = ("day", "week", "month", "year")
# "in den vergangenen Tagen", "in the coming weeks": a rolling span of this many units.
VAGUE_AMOUNT = 3
# "am Wochenende", "last weekend": Saturday..Sunday, precision day (a two-day span).
WEEKEND = (5, 6)


@dataclass
class Parsed:
    """The language-independent reading of one time expression."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None  # 0 = Monday
    offset: int | None = None  # days from the reference ("gestern" = -1)
    amount: int | None = None  # "vor drei Tagen": 3
    unit: str | None = None  # day | week | month | year
    rel: int | None = None  # -1 last, 0 this, +1 next
    direction: int | None = None  # -1 ago, +1 ahead, 0 the last n units (rolling), 2 the next n units
    holiday: str | None = None  # "MM-DD" or "easter+N" / "easter-N"
    part: str | None = None  # early | mid | late | before | after
    season: str | None = None
    open: str | None = None  # since | until | before | after (the named period excluded)
    day_from: int | None = None  # "vom 3. bis 5. Mai": the first day of a range inside one month
    period: str | None = None  # quarter | half | first (the first `amount` months of a year)
    ordinal: int | None = None  # which quarter or half
    span_to: bool = False  # "in the 12 months to March": `amount` units ending with the named period
    event: bool = False  # "seit Beginn des Krieges", "in einer einzigen Nacht": a time with no date
    year_from: int | None = None  # "zwischen 2014 und 2022": the first year of a range
    past: bool = False  # "By mid-December, they had counted ...": an until-time that looks back
    future: bool = False  # "Am Freitag soll ... beginnen": the sentence is about the future
    month_from: int | None = None  # "from May to September": the first month of a range
    weekday_from: int | None = None  # "zwischen Montag und Mittwoch": the first day of a range

    @property
    def kind(self) -> str:
        if self.event:
            return "event"
        if self.span_to and self.month is not None and self.unit:
            return "span_to"
        if self.day is not None and self.month is not None:
            return "date"
        for name in ("holiday", "weekday", "offset", "season", "period", "month"):   # kinds named by their field
            if getattr(self, name) is not None:
                return name
        if self.direction is not None and self.unit:
            return "shift"
        if self.unit:
            return "relative"
        return "year" if self.year is not None else "none"

    @property
    def relative(self) -> bool:
        """True when the expression needs a reference date to be resolved."""
        return self.year is None and self.kind not in ("year", "event")


class Unresolvable(ValueError):
    """The expression names no real date (31 February, month 13)."""


# "11-01+TH(4)": the 4th Thursday on or after 1 November (Thanksgiving); "05-31+MO(-1)": the
# last Monday on or before 31 May (dateutil's relativedelta weekday arithmetic).
NTH_WEEKDAY = re.compile(r"(\d\d)-(\d\d)\+(MO|TU|WE|TH|FR|SA|SU)\(([+-]?[1-5])\)")


def holiday_date(rule: str, year: int) -> dt.date:
    """``"12-25"`` -> 25 December; ``"easter+1"`` -> Easter Monday; ``"11-01+TH(4)"`` ->
    Thanksgiving of ``year``."""
    if rule.startswith("easter"):
        return easter(year) + dt.timedelta(days=int(rule[6:] or 0))
    if (m := NTH_WEEKDAY.fullmatch(rule)) is not None:
        weekday = getattr(rd, m.group(3))(int(m.group(4)))
        return _date(year, int(m.group(1)), int(m.group(2))) + rd.relativedelta(weekday=weekday)
    month, day = (int(x) for x in rule.split("-"))
    return _date(year, month, day)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_interval(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), _month_end(year, month)


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + n
    return idx // 12, idx % 12 + 1


def _week_interval(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _season_interval(season: str, year: int) -> tuple[dt.date, dt.date]:
    first, length = SEASONS[season]
    ey, em = _add_months(year, first, length - 1)
    return dt.date(year, first, 1), _month_end(ey, em)


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Unresolvable(f"no such date {year}-{month}-{day}") from None


def valid(p: Parsed) -> bool:
    """Whether the fields can name a real date at all (checked before resolving)."""
    if p.month is not None and not 1 <= p.month <= 12:
        return False
    if p.day is not None:
        if not 1 <= p.day <= 31:
            return False
        if p.month is not None and p.day > calendar.monthrange(p.year or 2000, p.month)[1]:
            return False
    if p.year is not None and not 1000 <= p.year <= 2999:
        return False
    if p.day_from is not None and not (p.day is not None and 1 <= p.day_from < p.day) and p.month_from is None:
        return False
    if p.month_from is not None:  # "from May 2024 to March 2025": the years may be the same
        if p.year_from is not None and p.year is not None and p.year_from > p.year:
            return False
    elif p.year_from is not None and not (p.year is not None and 1000 <= p.year_from < p.year):
        return False
    if p.period == "quarter" and not (p.ordinal is not None and 1 <= p.ordinal <= 4):
        return False
    if p.period == "half" and not (p.ordinal is not None and 1 <= p.ordinal <= 2):
        return False
    if p.period == "week" and not (p.month is not None and p.ordinal in (1, 2, 3, 4, 5, -1)):
        return False
    if p.period == "first" and not (p.amount is not None and 1 <= p.amount <= 12):
        return False
    return True


def _apply_part(part: str | None, unit: str, start: dt.date, end: dt.date, ref: dt.date | None):
    if part is None:
        return start, end
    if part == "to_date":  # "so far this year": period start .. the reference
        return start, min(end, ref) if ref is not None else end
    if part in ("before", "after"):
        if ref is None:
            return start, end
        if part == "before":
            return start, max(start, min(end, ref - dt.timedelta(days=1)))
        return min(end, max(start, ref + dt.timedelta(days=1))), end
    if unit == "month":
        a, b = MONTH_PARTS[part]
        return start.replace(day=a), min(end, start.replace(day=min(b, end.day)))
    if unit == "year":
        a, b = YEAR_PARTS[part]
        return dt.date(start.year, a, 1), _month_end(start.year, b)
    if unit == "week":
        a, b = WEEK_PARTS[part]
        return start + dt.timedelta(days=a), start + dt.timedelta(days=b)
    days = (end - start).days + 1
    third = days // 3
    if part == "early":
        return start, start + dt.timedelta(days=third - 1)
    if part == "mid":
        return start + dt.timedelta(days=third), end - dt.timedelta(days=third)
    return end - dt.timedelta(days=third - 1), end


def _pick_month_year(month: int, ref: dt.date, forward: bool, strict: bool = False) -> int:
    """Year of the most recent ``month`` that began on or before ``ref`` (strict: that ended
    before it); forward: the first that has not ended before ``ref`` (strict: that begins after it)."""
    if forward:
        return ref.year if month > ref.month or (month == ref.month and not strict) else ref.year + 1
    return ref.year if month < ref.month or (month == ref.month and not strict) else ref.year - 1


def _pick_day_year(month: int, day: int, ref: dt.date, forward: bool) -> int:
    lo = ref - dt.timedelta(days=365 - DAY_FORWARD_WINDOW)
    hi = ref + dt.timedelta(days=DAY_FORWARD_WINDOW)
    if forward:  # "bis zum 3. Mai": the first such day on or after the reference
        for y in (ref.year, ref.year + 1):
            try:
                if dt.date(y, month, day) >= ref:
                    return y
            except ValueError:
                continue
        return ref.year + 1
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            if lo < dt.date(y, month, day) <= hi:
                return y
        except ValueError:  # 29 February
            continue
    return ref.year


def _pick_season_year(season: str, ref: dt.date, forward: bool, strict: bool = False) -> int:
    """The most recent season that began on or before ``ref`` (strict: that ended before it);
    forward: the first that has not ended before ``ref`` (strict: that begins after it)."""
    for y in ((ref.year - 1, ref.year, ref.year + 1) if forward else (ref.year, ref.year - 1, ref.year - 2)):
        start, end = _season_interval(season, y)
        if forward and ((start > ref) if strict else (end >= ref)):
            return y
        if not forward and ((end < ref) if strict else (start <= ref)):
            return y
    return ref.year


def interval(p: Parsed, ref: dt.date | None) -> tuple[dt.date, dt.date, str]:
    """The closed interval and precision the expression names (before since/until).

    Raises :class:`Unresolvable` when it needs a reference date and has none, or names no date.
    """
    kind = p.kind  # a property worked out from the fields: read once
    if kind == "event":
        raise Unresolvable("a time named by an event, not by a date")
    if ref is None and kind != "year" and p.year is None:  # p.relative
        raise Unresolvable("relative expression without a reference date")
    resolver = _INTERVAL_BY_KIND.get(kind)
    if resolver is None:
        raise Unresolvable("nothing to resolve")
    # an until-time ("bis März") looks forward unless the sentence is in the past; so does a
    # time in a sentence about the future ("Am Freitag soll ..."): the first such period that
    # has not ended before the reference
    return resolver(p, ref, (p.open == "until" or p.future) and not p.past)


def _interval_of_date(p: Parsed, ref: dt.date | None, forward: bool) -> tuple[dt.date, dt.date, str]:
    year = p.year if p.year is not None else _pick_day_year(p.month, p.day, ref, forward)
    d = _date(year, p.month, p.day)
    if p.day_from is not None:  # "vom 3. bis 5. Mai"; "from May 28 to June 3" (month_from)
        first = p.month_from or p.month
        start = _date(year - (first > p.month), first, p.day_from)
        if start > d:
            raise Unresolvable("a range that ends before it starts")
        return start, d, "day"
    return d, d, "day"


def _interval_of_span_to(p: Parsed, ref: dt.date | None, forward: bool) -> tuple[dt.date, dt.date, str]:
    """"in the 12 months to March": n units ending with that month"""
    year = p.year if p.year is not None else _pick_month_year(p.month, ref, forward)
    _, end = _month_interval(year, p.month)
    n = p.amount if p.amount is not None else 1
    if p.unit in ("month", "year"):
        sy, sm = _add_months(year, p.month, -(n * (12 if p.unit == "year" else 1) - 1))
        return dt.date(sy, sm, 1), end, p.unit
    days = n * (7 if p.unit == "week" else 1)
    return end - dt.timedelta(days=days - 1), end, p.unit if p.unit in UNITS else "day"


def _interval_of_period(p: Parsed, ref: dt.date | None, forward: bool) -> tuple[dt.date, dt.date, str]:
    """Quarters, halves, "the first nine months": of a year; weeks of a month"""
    if p.period == "week":  # "in der letzten Woche im Juli": seven days of it
        year = p.year if p.year is not None else _pick_month_year(p.month, ref, forward)
        first_day, last_day = _month_interval(year, p.month)
        start = last_day - dt.timedelta(days=6) if p.ordinal < 0 else first_day + dt.timedelta(weeks=p.ordinal - 1)
        return start, min(last_day, start + dt.timedelta(days=6)), "week"
    if p.period == "quarter":
        first, last = 3 * p.ordinal - 2, 3 * p.ordinal
    elif p.period == "half":
        first, last = 6 * p.ordinal - 5, 6 * p.ordinal
    else:
        first, last = 1, p.amount
    if p.year is not None:
        year = p.year
    elif p.rel is not None:
        year = ref.year + p.rel
    elif forward:  # the first such period that has not ended before the reference
        year = ref.year if last >= ref.month else ref.year + 1
    else:  # the most recent such period that began on or before the reference
        year = ref.year if first <= ref.month else ref.year - 1
    return dt.date(year, first, 1), _month_end(year, last), "month"


def _interval_of_holiday(p: Parsed, ref: dt.date | None, forward: bool) -> tuple[dt.date, dt.date, str]:
    if p.year is not None:
        d = holiday_date(p.holiday, p.year)
    else:
        lo = ref - dt.timedelta(days=365 - DAY_FORWARD_WINDOW)
        hi = ref + dt.timedelta(days=DAY_FORWARD_WINDOW)
        years = (ref.year, ref.year + 1) if forward else (ref.year - 1, ref.year, ref.year + 1)
        cands = [holiday_date(p.holiday, y) for y in years]
        d = next((c for c in cands if (c >= ref if forward else lo < c <= hi)), cands[-1])
    return d, d, "day"


def _interval_of_weekday(p: Parsed, ref: dt.date | None, forward: bool) -> tuple[dt.date, dt.date, str]:
    if p.weekday_from is not None:
        return _weekday_range(p, ref, forward)
    if p.unit == "week":  # "Mittwoch nächster Woche": that day of the week named
        d = _week_interval(ref + dt.timedelta(weeks=p.rel or 0))[0] + dt.timedelta(days=p.weekday)
        return d, d, "day"
    if p.rel is not None and p.rel > 0:  # "nächsten Montag": strictly after the reference
        back = -((p.weekday - ref.weekday()) % 7 or 7)
    elif p.rel is not None and p.rel < 0:  # "vergangenen Montag": strictly before
        back = (ref.weekday() - p.weekday) % 7 or 7
    elif forward:  # "bis Freitag", "am Freitag soll ...": the first one on or after the reference
        back = -((p.weekday - ref.weekday()) % 7)
    else:  # "am Montag": the most recent one on or before the reference (the day itself counts)
        back = (ref.weekday() - p.weekday) % 7
    d = ref - dt.timedelta(days=back)
    return d, d, "day"


def _interval_of_offset(p: Parsed, ref: dt.date | None, forward: bool) -> tuple[dt.date, dt.date, str]:
    d = ref + dt.timedelta(days=p.offset)
    return d, d, "day"


def _weekday_range(p: Parsed, ref: dt.date, forward: bool) -> tuple[dt.date, dt.date, str]:
    """"zwischen Montag und Mittwoch": in the past the last such span ending on or before the
    reference; in the future the first starting on or after it."""
    if forward:
        start = ref + dt.timedelta(days=(p.weekday_from - ref.weekday()) % 7)
        return start, start + dt.timedelta(days=(p.weekday - p.weekday_from) % 7), "day"
    end = ref - dt.timedelta(days=(ref.weekday() - p.weekday) % 7)
    return end - dt.timedelta(days=(p.weekday - p.weekday_from) % 7), end, "day"


def _month_range(p: Parsed, ref: dt.date | None, forward: bool) -> tuple[dt.date, dt.date, str]:
    """"from May to September", "between March and May 2024": the end month is chosen as a
    month alone (or the start, looking forward); the other lies within the 12 months next to it."""
    if p.year_from is not None or (forward and p.year is None):
        year = p.year_from if p.year_from is not None else _pick_month_year(p.month_from, ref, True)
        end_year = p.year if p.year is not None else year + (p.month < p.month_from)
    else:
        end_year = p.year if p.year is not None else _pick_month_year(p.month, ref, False)
        year = end_year - (p.month < p.month_from)
    start, end = dt.date(year, p.month_from, 1), _month_end(end_year, p.month)
    if end < start:
        raise Unresolvable("a range that ends before it starts")
    return start, end, "month"


def _interval_of_month(p: Parsed, ref: dt.date | None, forward: bool) -> tuple[dt.date, dt.date, str]:
    if p.month_from is not None:
        return _month_range(p, ref, forward)
    if p.year is not None:
        year = p.year
    elif p.rel is not None:  # "last March": the most recent that ended; "next March": the first to begin
        year = ref.year + p.rel if p.rel == 0 else _pick_month_year(p.month, ref, p.rel > 0, strict=True)
    else:
        year = _pick_month_year(p.month, ref, forward)
    start, end = _month_interval(year, p.month)
    start, end = _apply_part(p.part, "month", start, end, ref)
    return start, end, "month"


def _interval_of_season(p: Parsed, ref: dt.date | None, forward: bool) -> tuple[dt.date, dt.date, str]:
    if p.year is not None:
        year = p.year
    elif p.rel:  # "im vergangenen Sommer": the last one that ended before; "next summer"
        year = _pick_season_year(p.season, ref, p.rel > 0, strict=True)
    else:
        year = _pick_season_year(p.season, ref, forward)
    start, end = _season_interval(p.season, year)
    start, end = _apply_part(p.part, "season", start, end, ref)
    return start, end, "season"


def _interval_of_year(p: Parsed, ref: dt.date | None, forward: bool) -> tuple[dt.date, dt.date, str]:
    start, end = dt.date(p.year_from or p.year, 1, 1), dt.date(p.year, 12, 31)
    start, end = _apply_part(p.part, "year", start, end, ref)
    return start, end, "year"


def _interval_of_shift(p: Parsed, ref: dt.date | None, forward: bool) -> tuple[dt.date, dt.date, str]:
    n = p.amount if p.amount is not None else VAGUE_AMOUNT
    if p.unit == "hour":  # "in the past 24 hours": whole days; "vor drei Stunden": today
        n = -(-n // 24) if p.direction in (0, 2) else n // 24
        p = Parsed(**{**p.__dict__, "unit": "day"})
    if p.direction == 2:  # "in den kommenden Tagen": rolling, starting at the reference
        if p.unit == "day":
            return ref, ref + dt.timedelta(days=n), "day"
        if p.unit == "week":
            return ref, ref + dt.timedelta(weeks=n), "week"
        y, m = _add_months(ref.year, ref.month, n if p.unit == "month" else 12 * n)
        return ref, dt.date(y, m, min(ref.day, calendar.monthrange(y, m)[1])), p.unit
    if p.direction == 0:  # "in den vergangenen drei Wochen": rolling, ending at the reference
        if p.unit == "day":
            return ref - dt.timedelta(days=n), ref, "day"
        if p.unit == "week":
            return ref - dt.timedelta(weeks=n), ref, "week"
        y, m = _add_months(ref.year, ref.month, -n)
        if p.unit == "year":
            y, m = ref.year - n, ref.month
        day = min(ref.day, calendar.monthrange(y, m)[1])
        return dt.date(y, m, day), ref, p.unit
    sign = -1 if (p.direction or -1) < 0 else 1
    if p.unit == "quarter":  # "im Vorjahresquartal": four quarters back
        return (*_quarter_interval(ref, sign * n), "month")
    if p.unit == "century":
        n, p = 100 * n, Parsed(**{**p.__dict__, "unit": "year"})
    if p.unit == "day":
        d = ref + dt.timedelta(days=sign * n)
        return d, d, "day"
    if p.unit == "week":
        s, e = _week_interval(ref + dt.timedelta(weeks=sign * n))
        return s, e, "week"
    if p.unit == "month":
        s, e = _month_interval(*_add_months(ref.year, ref.month, sign * n))
        return s, e, "month"
    y = ref.year + sign * n
    return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"


def _quarter_interval(ref: dt.date, n: int) -> tuple[dt.date, dt.date]:
    """The quarter ``n`` quarters from the one holding ``ref``."""
    y, m = _add_months(ref.year, 3 * ((ref.month - 1) // 3) + 1, 3 * n)
    return dt.date(y, m, 1), _month_end(*_add_months(y, m, 2))


def _interval_of_relative(p: Parsed, ref: dt.date | None, forward: bool) -> tuple[dt.date, dt.date, str]:
    rel = p.rel or 0
    if p.unit == "month" and p.day is not None:  # "nächsten Monat vom 4. bis zum 23."
        y, m = _add_months(ref.year, ref.month, rel)
        return _date(y, m, p.day_from or p.day), _date(y, m, p.day), "day"
    if p.unit == "quarter":  # "in diesem Quartal", "last quarter"
        start, end = _quarter_interval(ref, rel)
        return (*_apply_part(p.part, p.unit, start, end, ref), "month")
    if p.unit == "weekend":
        saturday = ref - dt.timedelta(days=(ref.weekday() - WEEKEND[0]) % 7)
        if rel < 0 and ref.weekday() in WEEKEND:
            saturday -= dt.timedelta(days=7)
        elif rel > 0 or ((p.rel == 0 or p.future) and ref.weekday() < WEEKEND[0]):
            # "dieses Wochenende" on a weekday, or a weekend in a future sentence: the coming one
            saturday += dt.timedelta(days=7)
        return saturday, saturday + dt.timedelta(days=WEEKEND[1] - WEEKEND[0]), "day"
    if p.unit == "day":
        d = ref + dt.timedelta(days=rel)
        return d, d, "day"
    if p.unit == "century":  # "this century": 2000-2099
        first = (ref.year // 100 + rel) * 100
        return dt.date(first, 1, 1), dt.date(first + 99, 12, 31), "year"
    if p.unit == "week":
        start, end = _week_interval(ref + dt.timedelta(weeks=rel))
    elif p.unit == "month":
        start, end = _month_interval(*_add_months(ref.year, ref.month, rel))
    else:
        start, end = dt.date(ref.year + rel, 1, 1), dt.date(ref.year + rel, 12, 31)
    start, end = _apply_part(p.part, p.unit, start, end, ref)
    return start, end, p.unit


_INTERVAL_BY_KIND = {
    "date": _interval_of_date,
    "span_to": _interval_of_span_to,
    "period": _interval_of_period,
    "holiday": _interval_of_holiday,
    "weekday": _interval_of_weekday,
    "offset": _interval_of_offset,
    "month": _interval_of_month,
    "season": _interval_of_season,
    "year": _interval_of_year,
    "shift": _interval_of_shift,
    "relative": _interval_of_relative,
}


def precision_of(p: Parsed) -> str:
    """The precision an expression has even when it cannot be resolved."""
    if p.open:
        return "open"
    kind = p.kind
    if kind in ("date", "weekday", "offset", "holiday"):
        return "day"
    if kind in ("month", "season", "year"):
        return kind
    if kind == "period":
        return "month"
    if p.unit == "quarter":
        return "month"
    return p.unit if p.unit in UNITS else "day"


def resolve(p: Parsed, ref: dt.date | None) -> tuple[dt.date | None, dt.date | None, str, bool]:
    """``(start, end, precision, resolved)``; since/until leave one end open (precision ``open``).

    "seit Dezember" -> (1 Dec, None, open); "bis Dezember" -> (None, 31 Dec, open).
    Unresolvable expressions give ``(None, None, precision, False)``.
    """
    try:
        start, end, precision = interval(p, ref)
    except Unresolvable:
        return None, None, precision_of(p), False
    if p.open == "since":
        return start, None, "open", True
    if p.open == "until":
        return None, end, "open", True
    if p.open == "before":  # "vor 2000": up to the day before the named period
        return None, start - dt.timedelta(days=1), "open", True
    if p.open == "after":  # "after Feb 2018": from the day after it, no end
        return end + dt.timedelta(days=1), None, "open", True
    return start, end, precision, True
