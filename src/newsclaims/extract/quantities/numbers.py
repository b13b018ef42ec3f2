"""Pure resolvers for figures: number text -> value, modifier -> interval. No spaCy, no words.

Everything a language contributes (locale, scale words, vague amounts) is passed in.
"""

from __future__ import annotations

from functools import lru_cache

import re

from babel.numbers import get_decimal_symbol, get_group_symbol

# Approximator kinds (report.Approx) and which end of the interval each one leaves open.
OPEN_HIGH = frozenset({"more_than", "at_least"})
OPEN_LOW = frozenset({"less_than", "at_most", "almost"})


@lru_cache(maxsize=None)
def _symbols(locale: str) -> tuple[str, str]:
    """(group, decimal) symbols of a locale, from CLDR via babel."""
    return get_group_symbol(locale), get_decimal_symbol(locale)


@lru_cache(maxsize=None)
def _strict(locale: str) -> re.Pattern:
    """The locale's number shape: groups of three, one decimal mark."""
    g, d = (re.escape(x) for x in _symbols(locale))
    return re.compile(rf"(?:\d{{1,3}}(?:{g}\d{{3}})+|\d+)(?:{d}\d+)?")


def parse_digits(text: str, locale: str) -> float | None:
    """Digits with the locale's separators, strictly: de "1.000" -> 1000, "1,5" -> 1.5, "1.5" -> None.

    Strict parsing rejects what a reader of that locale would not write ("1.5" in German would
    otherwise become 15); a rejected string is not a figure. Same answers as
    ``babel.numbers.parse_decimal(text, locale, strict=True)``, at a fraction of the cost.
    """
    if _strict(locale).fullmatch(text) is None:
        return None
    g, d = _symbols(locale)
    return float(text.replace(g, "").replace(d, "."))


def parse_digits_either(text: str, locale: str, alt_locale: str | None, prefer_alt: bool = False) -> float | None:
    """Digits that a second convention may have written: German "12,000" is 12 by the de locale
    but 12000 by the en one.

    Only a number holding ``locale``'s decimal mark is in question. The ``alt_locale`` reading wins
    when ``locale`` rejects the text ("1,200,000" in a German report), when the decimals are all
    zeros (a count is not written "12,000" for twelve) or when the document follows that
    convention elsewhere (``prefer_alt``). Otherwise the locale's reading stands ("1,250 km" = 1.25).
    """
    v = parse_digits(text, locale)
    if not alt_locale:
        return v
    dec = _symbols(locale)[1]
    if dec not in text:
        return v
    w = parse_digits(text, alt_locale)
    if w is None or w == v:
        return v
    if v is None or prefer_alt or set(text.rsplit(dec, 1)[1]) == {"0"}:
        return w
    return v


@lru_cache(maxsize=4096)
def parse_words(text: str, lang: str) -> float | None:
    """A spelled-out number ("zwölftausend", "two hundred and fifty") -> value, or None."""
    from text_to_num import text2num

    try:
        return float(text2num(text.lower(), lang))
    except (ValueError, KeyError, IndexError):
        return None


def interval(approx: str, a: float | None, b: float | None = None) -> tuple[float | None, float | None]:
    """(low, high) for a value and its approximator (ANNOTATION.md table D).

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
    if value is None:
        return None
    return value * scale if scale else value


def tidy(value: float | None) -> float | int | None:
    """Whole numbers as int (1000, not 1000.0); others rounded to remove float noise."""
    if value is None:
        return None
    r = round(value, 6)
    return int(r) if float(r).is_integer() else r


def range_scale(a: float, b: float, scale_a: float | None, scale_b: float | None) -> tuple[float, float]:
    """Apply scales to a range: "1,5 bis 2 Millionen" scales both ends by the one given."""
    if scale_a is None and scale_b is not None:
        scale_a = scale_b
    return scaled(a, scale_a), scaled(b, scale_b)
