"""One formatter for every renderer: figures in words ("at least 12", "mehr als 1.000") and
the category, wording, source-kind and unit values as labels, in a report's language.

The words are language data (``lang/<code>/labels.yaml``); a language without the file, or no
language at all, is shown in English.
"""

from __future__ import annotations

import math
from functools import lru_cache

from ..errors import E202, NewsclaimsError

FALLBACK = "en"
_SECTIONS = ("figure", "approx", "categories", "source_kinds", "units")


@lru_cache(maxsize=None)
def _labels(lang: str | None) -> dict:
    from ..lang import load, supported

    code = lang if lang in supported() else FALLBACK
    data = load(code)
    try:
        out = {s: data.mapping("labels", s) for s in _SECTIONS}
        out["thousands"], out["decimal"] = str(data.get("labels", "thousands")), str(data.get("labels", "decimal"))
    except NewsclaimsError:
        if code == FALLBACK:
            raise
        return _labels(FALLBACK)
    missing = {"from", "to", "between", "none"} - set(out["figure"])
    if missing:
        raise NewsclaimsError(E202, f"language '{code}': labels.yaml figure lacks {', '.join(sorted(missing))}")
    return out


def number(v: float | None, lang: str | None = None) -> str:
    """A bound for people: thousands separated, at most two decimals, no ".0"; "–" for none."""
    if v is None:
        return "–"
    v = float(v)
    if not math.isfinite(v):
        return "∞" if v > 0 else "-∞"
    text = f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")
    lab = _labels(lang)
    return text.translate(str.maketrans({",": lab["thousands"], ".": lab["decimal"]}))


def figure(low: float | None, high: float | None, approx: str | None, lang: str | None = None,
           unit: str | None = None) -> str:
    """A figure's interval in words: "about 300", "between 10 and 20", "mehr als 1.000"."""
    words = _labels(lang)["figure"]
    template = words.get(approx or "")
    if template is None or not _fits(template, low, high):
        if low is not None and high is not None:
            template = words["exact"] if low == high else words["between"]
        else:
            template = words["from"] if low is not None else words["to"] if high is not None else words["none"]
    text = template.format(low=number(low, lang), high=number(high, lang))
    if unit and (low is not None or high is not None):
        text += " " + unit_label(unit, lang)
    return text


def _fits(template: str, low: float | None, high: float | None) -> bool:
    """The wording names exactly the bounds the figure has (one value counts as a low bound)."""
    used = {b for b in ("low", "high") if "{%s}" % b in template}
    have = {b for b, v in (("low", low), ("high", high)) if v is not None}
    return used == have or (used == {"low"} and have == {"low", "high"} and low == high)


def interval(q, lang: str | None = None) -> str:
    """A Quantity (or anything with low, high, approx, unit) in words."""
    return figure(q.low, q.high, q.approx, lang, getattr(q, "unit", None))


def _label(section: str, value: str | None, lang: str | None) -> str:
    if not value:
        return ""
    return str(_labels(lang)[section].get(value) or value.replace("_", " "))


def category(value: str | None, lang: str | None = None) -> str:
    return _label("categories", value, lang)


def approx(value: str | None, lang: str | None = None) -> str:
    return _label("approx", value, lang)


def source_kind(value: str | None, lang: str | None = None) -> str:
    return _label("source_kinds", value, lang)


def unit_label(value: str | None, lang: str | None = None) -> str:
    return _label("units", value, lang)


def language_name(code: str | None, ui_lang: str = FALLBACK) -> str:
    """A language code as its name in the interface's language ("de" -> "German")."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(ui_lang).languages.get(code or "", code or "") or "unknown"
    except (ValueError, UnknownLocaleError):
        return code or "unknown"
