"""What a report's dateline gives: its publication date ("Seoul, 13. Januar 2025 (dpa) –"), the
agency credited with the copy ("Kiew (AFP) –", "(dpa)" closing the text) and the tag of a
press-release service ("Wiesbaden (ots)"): the text is its issuer's own release.

The patterns are language data (``lang/<code>/dateline.yaml``), the month names those of
``times.yaml``. A dateline without a year gives no date: the year is never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ..errors import E202, NewsclaimsError
from ..lang import alternation, load

HEAD_CHARS = 600   # a dateline opens the report, after at most a headline and a standfirst
TAIL_CHARS = 80    # a closing credit ("dpa/jp/est") is the report's last line


@lru_cache(maxsize=None)
def _rule(lang: str) -> tuple[re.Pattern | None, dict[str, int]]:
    data = load(lang)
    months = {str(k).lower(): int(v) for k, v in data.mapping("times", "months").items()}
    raw = data.file("dateline").get("dateline")
    if not raw:
        return None, months
    try:
        pattern = re.compile(raw.replace("{months}", alternation(data.mapping("times", "months"))),
                             re.IGNORECASE | re.MULTILINE)
    except re.error as exc:
        raise NewsclaimsError(E202, f"language '{lang}': dateline.yaml dateline is not a valid regex ({exc})") from None
    return pattern, months


def dateline_date(text: str, lang: str) -> dt.date | None:
    """The date in the dateline opening ``text`` (language ``lang``), or None."""
    pattern, months = _rule(lang)
    if pattern is None:  # the language says nothing about datelines
        return None
    m = pattern.search(text[:HEAD_CHARS])
    if m is None:
        return None
    g = m.groupdict()
    if not g.get("year"):
        return None
    month = months.get(g["month"].lower()) if g.get("month") else int(g.get("month_num") or 0)
    day = int(g.get("day") or g.get("day2") or 0)
    try:
        return dt.date(int(g["year"]), month or 0, day)
    except ValueError:
        return None


@lru_cache(maxsize=None)
def _credit_rule(lang: str) -> re.Pattern | None:
    data = load(lang).file("dateline")
    raw = data.get("credit")
    if not raw:
        return None
    words = [str(w) for w in data.get("agencies") or []]
    agencies = alternation(words) if words else "(?!)"
    try:
        return re.compile(raw.replace("{agencies}", agencies), re.MULTILINE)
    except re.error as exc:
        raise NewsclaimsError(E202, f"language '{lang}': dateline.yaml credit is not a valid regex ({exc})") from None


def credit(text: str, lang: str) -> tuple[int, int] | None:
    """The span of the agency named in the credit line opening or closing ``text``, or None."""
    pattern = _credit_rule(lang)
    if pattern is None:
        return None
    m = pattern.search(text, 0, HEAD_CHARS)
    if m is None:
        tail = max(0, len(text) - TAIL_CHARS)
        m = next((x for x in pattern.finditer(text, tail) if x.start() >= HEAD_CHARS), None)
    return m.span("credit") if m else None


@lru_cache(maxsize=None)
def _release_rule(lang: str) -> re.Pattern | None:
    raw = load(lang).file("dateline").get("release")
    if not raw:
        return None
    try:
        return re.compile(raw, re.MULTILINE)
    except re.error as exc:
        raise NewsclaimsError(E202, f"language '{lang}': dateline.yaml release is not a valid regex ({exc})") from None


def release(text: str, lang: str) -> tuple[int, int] | None:
    """The span of a press-release service's tag opening ``text`` ("Wiesbaden (ots)"), or None."""
    pattern = _release_rule(lang)
    m = pattern.search(text, 0, HEAD_CHARS) if pattern is not None else None
    return m.span() if m else None
