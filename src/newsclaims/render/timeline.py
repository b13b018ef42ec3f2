"""A track's timeline as a small server-rendered SVG, with an HTML legend beside it.

Each figure is a bar from its low to its high bound over its date, in its source's colour
(colour-blind-safe Okabe–Ito palette, one colour per source, the same source the same colour on
a page); a figure with one value is a dot, an open upper bound ("more than 1,000") a bar that
ends in an arrow at the top. Figures of one date sit side by side. Date ticks are chosen by a
small date locator so that labels never overlap, however close the points are. Labels and
sources are escaped: they come from article text.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from .labels import figure, number

PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#6b6b6b", "#000000"]
UNATTRIBUTED = "unattributed"
DODGE, DODGE_SPAN = 11, 120  # px between figures of one date; most px a date's figures take
OPEN_END = 0.2  # share of the y axis an open upper bound ("more than 1,000") is drawn over, as corpus/chart.py
WIDTH, HEIGHT = 480, 220  # small, so that the labels stay legible when a phone scales the chart down
LEFT, RIGHT, TOP, BOTTOM = 60, 46, 18, 34  # the right margin holds half a date label
LABEL_PX = {"%Y-%m-%d": 88, "%Y-%m": 64, "%Y": 44}  # room a 13 px date label needs on the x axis
# Tick steps tried in order: (days, months); the first that fits the width wins.
STEPS = [(1, 0), (2, 0), (7, 0), (14, 0), (0, 1), (0, 2), (0, 3), (0, 6), (0, 12), (0, 24), (0, 60), (0, 120)]


@dataclass
class TimelinePoint:
    """One figure on a track's timeline: when, the interval, and who said it."""

    date: dt.date
    low: float | None
    high: float | None
    label: str = ""
    source: str = ""
    href: str | None = None
    conflict: bool = False
    approx: str = ""
    lang: str | None = None


def colours(points: list[TimelinePoint]) -> dict[str, str]:
    """One colour per source, in order of first appearance."""
    out: dict[str, str] = {}
    for p in sorted(points, key=lambda p: p.date):
        out.setdefault(p.source or UNATTRIBUTED, PALETTE[len(out) % len(PALETTE)])
    return out


def _add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    return dt.date(d.year + m // 12, m % 12 + 1, 1)


def date_ticks(first: dt.date, last: dt.date, px_per_day: float) -> tuple[list[dt.date], str]:
    """Tick dates from first to last and their label format: the finest step whose ticks stand
    at least a label's width (``LABEL_PX``) apart, so that labels never overlap."""
    span = (last - first).days
    for days, months in STEPS:
        fmt = "%Y-%m-%d" if days else "%Y-%m" if months < 12 else "%Y"
        if (days or 28 * months) * px_per_day < LABEL_PX[fmt]:  # 28: the shortest month
            continue
        if days:
            return [first + dt.timedelta(days=k * days) for k in range(span // days + 1)], fmt
        start = _add_months(first, 0) if first.day == 1 else _add_months(first, 1)
        start = _add_months(start, (1 - start.month) % min(months, 12))  # quarters, half-years, years
        ticks = []
        while start <= last:
            ticks.append(start)
            start = _add_months(start, months)
        return ticks or [first], fmt
    return [first], "%Y"


def value_ticks(vmax: float) -> list[float]:
    """0 and round steps (1, 2 or 5 times a power of ten) up to vmax, at most six."""
    raw = vmax / 4
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    return [k * step for k in range(int(vmax // step) + 1)]


def _mark(p: TimelinePoint, px: float, y, colour: str, top_y: float) -> str:
    """The bar, dot or arrow of one point, with its tooltip."""
    words = figure(p.low, p.high, p.approx, p.lang)
    tip = f"{p.date.isoformat()}: {p.label} ({words})" + f" — {p.source or UNATTRIBUTED}"
    parts = [f"<title>{escape(tip)}</title>"]
    if p.low is not None and p.high is not None and p.low == p.high:
        parts.append(f'<circle cx="{px:.1f}" cy="{y(p.low):.1f}" r="5" fill="{colour}"/>')
    else:
        lo = y(p.low if p.low is not None else 0.0)
        hi = y(p.high) if p.high is not None else max(top_y + 9, lo - (y(0) - top_y) * OPEN_END)
        parts.append(f'<rect class="range" x="{px - 4:.1f}" y="{hi:.1f}" width="8" height="{max(lo - hi, 2):.1f}" '
                     f'fill="{colour}"/>')
        if p.high is None:
            parts.append(f'<path class="open" d="M{px - 7:.1f},{hi:.1f} L{px:.1f},{hi - 9:.1f} L{px + 7:.1f},{hi:.1f}Z" '
                         f'fill="{colour}"/>')
    if p.conflict:
        cy = y(p.low) if p.low is not None else top_y + 20
        parts.append(f'<circle class="ring" cx="{px:.1f}" cy="{cy:.1f}" r="10"/>')
    group = f'<g class="point{" conflict" if p.conflict else ""}">{"".join(parts)}</g>'
    return f'<a href="{escape(p.href)}">{group}</a>' if p.href else group


def _axes(d0: dt.date, d1: dt.date, x, y, vmax: float, lang: str | None) -> list[str]:
    w, h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    out = [f'<line class="axis-line" x1="{LEFT}" y1="{TOP + h}" x2="{LEFT + w}" y2="{TOP + h}"/>',
           f'<line class="axis-line" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + h}"/>']
    for v in value_ticks(vmax):
        out.append(f'<line class="grid" x1="{LEFT}" y1="{y(v):.1f}" x2="{LEFT + w}" y2="{y(v):.1f}"/>'
                   f'<text class="axis" x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{escape(number(v, lang))}</text>')
    ticks, fmt = date_ticks(d0, d1, (x(d1) - x(d0)) / (d1 - d0).days)
    for d in ticks:
        out.append(f'<line class="tick" x1="{x(d):.1f}" y1="{TOP + h}" x2="{x(d):.1f}" y2="{TOP + h + 5}"/>'
                   f'<text class="axis" x="{x(d):.1f}" y="{HEIGHT - 10}" text-anchor="middle">{escape(d.strftime(fmt))}</text>')
    return out


def legend(points: list[TimelinePoint]) -> str:
    """The sources' colours (and the conflict ring) as an HTML list."""
    items = [f'<li><span class="swatch" style="background:{c}"></span>{escape(s)}</li>' for s, c in colours(points).items()]
    if any(p.conflict for p in points):
        items.append('<li><span class="swatch ring"></span>conflict between sources</li>')
    return f'<ul class="chart-legend" aria-label="sources">{"".join(items)}</ul>'


def timeline_svg(points: list[TimelinePoint], *, title: str = "", lang: str | None = None) -> Markup:
    """The chart and its legend, as one ``<figure>``."""
    pts = [p for p in points if p.date is not None and (p.low is not None or p.high is not None)]
    head = (f'<figure class="chart"><svg class="timeline" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>{escape(title or "timeline")}</title>')
    if not pts:
        return Markup(head + f'<text x="{LEFT}" y="{TOP + 20}" class="axis">no dated figures</text></svg></figure>')
    first, last = min(p.date for p in pts), max(p.date for p in pts)
    d0, d1 = (first - dt.timedelta(days=1), last + dt.timedelta(days=1)) if first == last else (first, last)
    open_lows = [p.low for p in pts if p.high is None and p.low is not None]
    vmax = max([v * 1.15 for p in pts for v in (p.low, p.high) if v is not None]
               + [v / (1 - OPEN_END - 0.08) for v in open_lows]) or 1.0  # room for the open bars' arrows
    by_date: dict[dt.date, list[TimelinePoint]] = {}
    for p in sorted(pts, key=lambda p: (p.date, p.source)):
        by_date.setdefault(p.date, []).append(p)
    # figures of one date side by side, DODGE apart (closer when many), inside the axes
    step = {d: min(DODGE, DODGE_SPAN / len(g)) for d, g in by_date.items()}
    w, h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    pad = 12 + max(step[d] * (len(g) - 1) / 2 for d, g in by_date.items())
    x = lambda d: LEFT + pad + (d - d0).days / (d1 - d0).days * (w - 2 * pad)  # noqa: E731
    y = lambda v: TOP + h - (v / vmax) * h  # noqa: E731
    parts = [head, *_axes(d0, d1, x, y, vmax, lang)]
    colour = colours(pts)
    for d, group in by_date.items():
        for i, p in enumerate(group):
            px = x(d) + (i - (len(group) - 1) / 2) * step[d]
            parts.append(_mark(p, px, y, colour[p.source or UNATTRIBUTED], TOP))
    parts.append("</svg>")
    parts.append(legend(pts))
    parts.append("</figure>")
    return Markup("".join(parts))
