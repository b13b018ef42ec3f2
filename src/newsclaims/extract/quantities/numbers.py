"""Pure resolvers for figures: number text -> value, modifier -> interval. No spaCy, no words.

Everything a language contributes (locale, scale words, vague amounts) is passed in.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from importlib.util import find_spec

from ...cache import DiskCache, code_version
from ...text import regexes

# Approximator kinds (report.Approx) and which end of the interval each one leaves open.
OPEN_HIGH = frozenset({"more_than", "at_least"})
OPEN_LOW = frozenset({"less_than", "at_most", "almost"})
# Thousands marks every locale's readers know besides their own: a space, a no-break space
# (U+00A0), a narrow no-break space (U+202F) and the Swiss apostrophes ("12 500", "11'000").
SPACE_GROUPS = " \u00a0\u202f'\u2019"
# Signs a figure may carry ("-1", "−3,5 Prozent" with U+2212, "+2").
MINUS, SIGNS = "-\u2212\u2013", "-\u2212\u2013+"


@lru_cache(maxsize=None)
def _symbols(locale: str) -> tuple[str, str]:
    """(group, decimal) symbols of a locale, from CLDR via babel (reading its locale data is a
    fiftieth of a cold start: kept in the user cache, by babel's ``__init__.py``, which names its version)."""
    group, decimal = _locale_symbols().get(locale, lambda: _babel_symbols(locale))
    return group, decimal


def _babel_symbols(locale: str) -> list[str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return [get_group_symbol(locale), get_decimal_symbol(locale)]


@lru_cache(maxsize=1)
def _locale_symbols() -> DiskCache:
    return DiskCache("locale", code_version(__file__, find_spec("babel").origin))


def decimal_mark(locale: str) -> str:
    """The locale's decimal mark ("," in German, "." in English)."""
    return _symbols(locale)[1]


@lru_cache(maxsize=None)
def _strict(locale: str) -> re.Pattern:
    """The locale's number shape: groups of three, one decimal mark."""
    g, d = (re.escape(x) for x in _symbols(locale))
    sep = rf"(?P<g>{g}|[{SPACE_GROUPS}])"
    return regexes.compile(rf"(?P<sign>[{SIGNS}])?(?:\d{{1,3}}{sep}\d{{3}}(?:(?P=g)\d{{3}})*|\d+|(?=[{d}]\d))(?:{d}\d+)?")


def parse_digits(text: str, locale: str) -> float | None:
    """Digits with the locale's separators, strictly: de "1.000" -> 1000, "1,5" -> 1.5, "1.5" -> None.

    Strict parsing rejects what a reader of that locale would not write ("1.5" in German would
    otherwise become 15); a rejected string is not a figure. For the locale's own symbols the
    answers are those of ``babel.numbers.parse_decimal(text, locale, strict=True)``, at a fraction
    of the cost. Besides, every locale reads spaces and apostrophes as thousands marks when all
    groups have three digits ("12 500", "11'000"), a sign ("-1", "−3,5") and a leading decimal
    mark (".08"). A value too large for a float (over 308 digits) is refused, not infinite.
    """
    m = _strict(locale).fullmatch(text)
    if m is None:
        return None
    g, d = _symbols(locale)
    body = text[1:] if m.group("sign") else text
    if m.group("g"):
        body = body.replace(m.group("g"), "")
    value = float(body.replace(d, "."))
    if not math.isfinite(value):
        return None
    return -value if m.group("sign") and m.group("sign") in MINUS else value


def parse_digits_either(text: str, locale: str, alt_locale: str | None, prefer_alt: bool = False) -> float | None:
    """Digits that a second convention may have written: German "12,000" is 12 by the de locale
    but 12000 by the en one.

    Only a number holding ``locale``'s decimal mark is in question. The ``alt_locale`` reading wins
    when ``locale`` rejects the text ("1,200,000" in a German report), when the decimals are all
    zeros (a count is not written "12,000" for twelve) or when the document follows that
    convention elsewhere (``prefer_alt``). Otherwise the locale's reading stands ("1,250 km" = 1.25).
    A number the locale rejects that holds only the other decimal mark takes the other reading
    ("Stärke 6.8" in a German report is 6.8; "1.000" stays 1000).
    """
    v = parse_digits(text, locale)
    if not alt_locale:
        return v
    dec = _symbols(locale)[1]
    if dec not in text:
        # "eine Stärke von 6.8" in a German report: only the other convention reads it
        return v if v is not None or _symbols(alt_locale)[1] not in text else parse_digits(text, alt_locale)
    w = parse_digits(text, alt_locale)
    if w is None or w == v:
        return v
    if v is None or prefer_alt or set(text.rsplit(dec, 1)[1]) == {"0"}:
        return w
    return v


@lru_cache(maxsize=4096)
def parse_words(text: str, lang: str, suffixes: tuple[tuple[str, float], ...] = ()) -> float | None:
    """A spelled-out number ("zwölftausend", "two hundred and fifty") -> value, or None.

    ``suffixes``: endings that add a fraction to the number before them (de "einhalb":
    "siebeneinhalb" 7.5); text2num does not read them.
    """
    from text_to_num import text2num

    low = " ".join(text.lower().replace("-", " ").split())
    for suffix, add in suffixes:
        if low.endswith(suffix) and len(low) > len(suffix):
            head = parse_words(low[: -len(suffix)], lang)
            return None if head is None else head + add
    try:
        value = float(text2num(low, lang))
    except (ValueError, KeyError, IndexError):
        return None
    return value if math.isfinite(value) else None


def longest_words(text: str, lang: str, joiners: re.Pattern,
                  suffixes: tuple[tuple[str, float], ...] = ()) -> tuple[float, int] | None:
    """The longest start of ``text`` that reads as one number, cut at ``joiners``: (value, length).

    "five and seven" is not one number, but "five" is ("between five and seven").
    """
    cuts = [m.start() for m in joiners.finditer(text)] + [len(text)]
    for cut in sorted(set(cuts), reverse=True):
        if cut == 0:
            continue
        value = parse_words(text[:cut], lang, suffixes)
        if value is not None:
            return value, cut
    return None


def interval(approx: str, a: float | None, b: float | None = None) -> tuple[float | None, float | None]:
    """(low, high) for a value and its approximator (docs/annotation.md table D).

    ``range`` takes both ends; ``vague`` takes the convention's bounds as a and b.
    """
    if approx in ("range", "vague"):
        return a, b
    if approx in OPEN_HIGH:
        return a, None
    if approx in OPEN_LOW:
        return None, a
    return a, a


def scaled(value: float | None, scale: float | None) -> float | None:
    """``value`` times ``scale``; None where the product is too large for a float."""
    if value is None:
        return None
    v = value * scale if scale else value
    return v if math.isfinite(v) else None


def share(fraction: float) -> float:
    """A fraction of something as the percentage the contract reports: 1/3 -> 33.33."""
    return round(fraction * 100, 2)


def tidy(value: float | None) -> float | int | None:
    """Whole numbers as int (1000, not 1000.0); others rounded to remove float noise."""
    if value is None or not math.isfinite(value):
        return None
    r = round(value, 6)
    return int(r) if float(r).is_integer() else r


def range_scale(a: float, b: float, scale_a: float | None, scale_b: float | None) -> tuple[float, float]:
    """Apply scales to a range: "1,5 bis 2 Millionen" scales both ends by the one given."""
    if scale_a is None and scale_b is not None:
        scale_a = scale_b
    return scaled(a, scale_a), scaled(b, scale_b)
