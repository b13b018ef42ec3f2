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
        "relay": field(p, "source_relay", default=None) or "",
        "sentence": field(p, "sentence", default=None) or "",
        "why": field(p, "why", default="") or "",
        "source_kind": labels.source_kind(field(p, "source_kind"), UI_LANG),
        "certainty": field(p, "certainty", default="") or "",
        "document_id": doc if isinstance(doc, int) else None,
        "document": field(p, "title", default=None) or field(p, "site", default=None) or (f"#{doc}" if doc is not None else ""),
    }


def conflict_rows(conflicts) -> list[dict]:
    return [{"a": figure_row(field(c, "a")), "b": figure_row(field(c, "b")), "reason": field(c, "reason", default="")}
            for c in conflicts or [] if field(c, "a") is not None and field(c, "b") is not None]


def revision_rows(revisions) -> list[dict]:
    return [{"old": figure_row(field(r, "old")), "new": figure_row(field(r, "new")),
             "direction": field(r, "direction", default="")} for r in revisions or []]


def category_options() -> list[tuple[str, str]]:
    """(value, label) of every figure category, for the search form."""
    return [(c, labels.category(c, UI_LANG)) for c in get_args(Category)]


def track_words(name: str) -> str:
    """An automatic track's name (``category/head/actor``) in words: "killed · soldier · North Korea";
    "" for a track defined by a query (its name is the user's own)."""
    from ..corpus.entity_query import country_name
    from ..corpus.tracks import parse_key

    parsed = parse_key(name)
    if parsed is None:
        return ""
    category, counted, actor = parsed
    who = (country_name(actor) or actor) if actor else "no actor named"
    return " · ".join(p for p in (labels.category(category, UI_LANG), counted, who) if p)
