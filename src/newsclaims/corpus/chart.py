"""The timeline chart, one for the CLI (``--chart`` PNG/SVG) and the web view (inline SVG).

matplotlib with the Agg backend (no display needed). Each point's interval is a bar over its
date, each source in its own colour with a legend; open intervals ("more than 1,000") end in an
arrow, points in a conflict are ringed in red, a revision is a dotted line from the revised
figure to the new one. Undated points are not placed (the caption counts them). Date labels come
from matplotlib's concise date locator and formatter, which choose ticks that do not overlap.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..errors import E301, NewsclaimsError
from .tracks import UNATTRIBUTED, interval

OPEN_END = 0.2   # share of the y axis an open interval ("more than N") is drawn over
SIZE = (9, 4.8)  # inches


def _mpl():
    import matplotlib

    matplotlib.use("Agg", force=True)
    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "newsclaims"})
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    return plt, mdates


def _plain(label: str) -> str:
    """Article text as a matplotlib label: '$' would start mathtext."""
    return label.replace("$", r"\$")


def _span(p, top: float) -> tuple[float, float]:
    """The interval the conflict rule compares ('about N' widened), an open upper end drawn a
    fifth of the axis long (it ends in an arrow)."""
    lo, hi = interval(p)
    return lo, (hi if hi != math.inf else min(top, lo + top * OPEN_END))


def _colours(plt, sources: list[str]) -> dict:
    """A colour per source; red is kept for conflicts, grey for unattributed figures."""
    palette = [c for i, c in enumerate(plt.get_cmap("tab20").colors) if i not in (6, 7, 14, 15)]
    named = [s for s in sources if s != UNATTRIBUTED]
    out = {s: palette[(2 * i) % len(palette) if i < len(palette) // 2 else (2 * i + 1) % len(palette)]
           for i, s in enumerate(named)}
    out[UNATTRIBUTED] = (0.6, 0.6, 0.6)
    return out


def figure(timeline, href=None):
    """The chart of a Timeline as a matplotlib Figure. ``href(point)`` gives each bar a link."""
    plt, mdates = _mpl()
    pts = [p for p in timeline.points if p.date is not None]
    finite = [v for p in pts for v in interval(p) if v != math.inf]
    top = max(finite) * 1.25 if finite else 1.0
    sources = sorted({p.source for p in pts}, key=str.lower)
    colour = _colours(plt, sources)
    in_conflict = {c.a.figure_id for c in timeline.conflicts} | {c.b.figure_id for c in timeline.conflicts}

    fig, ax = plt.subplots(figsize=SIZE, dpi=100)
    for p in pts:
        lo, hi = _span(p, top)
        c = colour[p.source]
        (bar,) = ax.plot([p.date, p.date], [lo, hi], color=c, linewidth=6, alpha=0.8, solid_capstyle="butt")
        bar.set_gid(f"point-{p.figure_id}")
        if href is not None:
            bar.set_url(href(p))
        if math.isclose(lo, hi):
            ax.plot([p.date], [lo], "o", color=c, markersize=7)
        if p.high is None:
            ax.annotate("", xy=(p.date, hi + top * 0.04), xytext=(p.date, hi - top * 0.01),
                        arrowprops={"arrowstyle": "->", "color": c, "lw": 2})
        if p.figure_id in in_conflict:
            ax.plot([p.date], [(lo + hi) / 2], "o", markersize=18, markerfacecolor="none", markeredgecolor="red",
                    markeredgewidth=2)
    for r in getattr(timeline, "revisions", []):
        ax.plot([r.old.date, r.new.date], [sum(_span(r.old, top)) / 2, sum(_span(r.new, top)) / 2], ":", color="grey")
    for s in sources:
        ax.plot([], [], color=colour[s], linewidth=6, label=_plain(s))
    if in_conflict:
        ax.plot([], [], "o", markerfacecolor="none", markeredgecolor="red", markeredgewidth=2, label="conflict")
    if getattr(timeline, "revisions", []):
        ax.plot([], [], ":", color="grey", label="revision")
    ax.set_title(_plain(timeline.track))
    undated = len(getattr(timeline, "undated", []))
    if undated:
        ax.set_xlabel(f"{undated} undated point{'s' if undated > 1 else ''} not shown")
    ax.set_ylim(0, top)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(True, axis="y", alpha=0.3)
    if sources:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, borderaxespad=0)
    if not pts:
        ax.text(0.5, 0.5, "no dated figures", transform=ax.transAxes, ha="center")
    fig.tight_layout()
    return fig


def draw(timeline, out: str | Path) -> Path:
    """Write the chart to a .png or .svg file."""
    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise NewsclaimsError(E301, f"chart file {out}: use .png or .svg")
    plt, _ = _mpl()
    fig = figure(timeline)
    fig.savefig(out, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(fig)
    return out


_PREAMBLE = re.compile(r"\A.*?(?=<svg\b)", re.S)
_POINT = re.compile(r'<g id="point-(\d+)">')


def svg(timeline, href=None) -> str:
    """The chart as inline SVG for a web page: class ``timeline`` on the root, each bar a
    ``<g class="point">`` (``point conflict`` when in a conflict) with a tooltip and a link."""
    plt, _ = _mpl()
    fig = figure(timeline, href)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    text = _PREAMBLE.sub("", buf.getvalue(), count=1)
    text = re.sub(r'<svg\b([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 class="timeline" role="img" width="100%"',
                  text, count=1)
    conflicted = {c.a.figure_id for c in timeline.conflicts} | {c.b.figure_id for c in timeline.conflicts}
    tips = {p.figure_id: p for p in timeline.points}

    def point(m):
        fid = int(m.group(1))
        p = tips[fid]
        cls = "point conflict" if fid in conflicted else "point"
        tip = f"{p.date.isoformat()}: {p.text} — {p.source}"
        return f'<g class={quoteattr(cls)} id="point-{fid}"><title>{escape(tip)}</title>'

    return _POINT.sub(point, text)
