"""Corpus results as rows people read: figures in words, categories and source kinds as labels,
each page in the interface's language (English); and a track's points for the timeline chart.

The corpus API returns dataclasses (``tracks.Point``, ``Conflict``, ``TrackSummary``) and
search rows as dicts; ``field`` reads either.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import get_args

from ..render import labels
from ..render.timeline import TimelinePoint
from ..report import Category

UI_LANG = "en"


def field(obj, *names, default=None):
    """The first of ``names`` that ``obj`` has, as a key or an attribute."""
    for n in names:
        if isinstance(obj, dict) and n in obj:
            return obj[n]
        if not isinstance(obj, dict) and hasattr(obj, n):
            return getattr(obj, n)
    return default


def _num(v) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _date(v) -> dt.date | None:
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v)) if v else None
    except ValueError:
        return None


def figure_row(p) -> dict:
    """One stored figure (a track point or a search row) for a table."""
    doc = field(p, "document_id")
    low, high = _num(field(p, "low")), _num(field(p, "high"))
    return {
        "date": _date(field(p, "date")), "text": field(p, "text", default="") or "",
        "value": labels.figure(low, high, field(p, "approx"), UI_LANG, field(p, "unit")),
        "sort": low if low is not None else (high if high is not None else 0),
        "category": labels.category(field(p, "category"), UI_LANG),
        "counted": field(p, "counted", default="") or "",
        "actor": field(p, "actor", default="") or "",
        "source": field(p, "source_name", default=None) or "unattributed",
        "source_kind": labels.source_kind(field(p, "source_kind"), UI_LANG),
        "certainty": field(p, "certainty", default="") or "",
        "document_id": doc if isinstance(doc, int) else None,
        "document": field(p, "title", default=None) or field(p, "site", default=None) or (f"#{doc}" if doc is not None else ""),
    }


def conflict_rows(conflicts) -> list[dict]:
    return [{"a": figure_row(field(c, "a")), "b": figure_row(field(c, "b")), "reason": field(c, "reason", default="")}
            for c in conflicts or [] if field(c, "a") is not None and field(c, "b") is not None]


def timeline_points(tl) -> list[TimelinePoint]:
    """A corpus Timeline to chart points; points in a conflict are marked."""
    conflicts = field(tl, "conflicts", default=[]) or []
    conflicted = {field(field(c, side), "figure_id") for c in conflicts for side in ("a", "b")} - {None}
    out = []
    for p in field(tl, "points", default=[]) or []:
        date = _date(field(p, "date"))
        if date is None:
            continue
        doc = field(p, "document_id")
        out.append(TimelinePoint(
            date=date, low=_num(field(p, "low")), high=_num(field(p, "high")), approx=field(p, "approx", default="") or "",
            label=str(field(p, "text", default="") or ""), source=str(field(p, "source_name", default="") or ""),
            href=f"/corpus/documents/{doc}" if isinstance(doc, int) else None, lang=UI_LANG,
            conflict=field(p, "figure_id") in conflicted))
    return out


def category_options() -> list[tuple[str, str]]:
    """(value, label) of every figure category, for the search form."""
    return [(c, labels.category(c, UI_LANG)) for c in get_args(Category)]


def track_words(name: str) -> str:
    """An automatic track's name (``category/head/actor``) in words: "killed · soldier · North Korea";
    "" for a track defined by a query (its name is the user's own)."""
    from ..corpus.entity_query import country_name
    from ..corpus.measure import GENERIC
    from ..corpus.tracks import parse_key

    parsed = parse_key(name)
    if parsed is None:
        return ""
    category, head, actor = parsed
    who = (country_name(actor) or actor) if actor else "no actor named"
    parts = [labels.category(category, UI_LANG), head, who]
    return " · ".join(p for p in parts if p != GENERIC)
