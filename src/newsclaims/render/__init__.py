"""Renderers: a Report (or many) to json, jsonl, text, csv, html."""


def number(v: float | None, open_mark: str = "–") -> str:
    """A figure's bound for people: thousands separated, no ".0"; an open bound as ``open_mark``."""
    if v is None:
        return open_mark
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"


def interval(q, open_mark: str = "–") -> str:
    return f"[{number(q.low, open_mark)}, {number(q.high, open_mark)}]"
