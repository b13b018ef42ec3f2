"""A timeline chart: each figure's interval as a bar over its date, coloured by source.

matplotlib with the Agg backend (no display needed); PNG or SVG by the file suffix. Open
intervals ("more than 1,000") end in an arrow; points in a conflict are ringed in red.
"""

from __future__ import annotations

import math
from pathlib import Path

from ..errors import E301, NewsclaimsError


OPEN_END = 0.2   # share of the y axis an open interval ("more than N") is drawn over


def draw(timeline, out: str | Path) -> Path:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise NewsclaimsError(E301, f"chart file {out}: use .png or .svg")
    pts = [p for p in timeline.points if p.date is not None]
    finite = [v for p in pts for v in (p.low, p.high) if v is not None]
    top = max(finite) * 1.25 if finite else 1.0
    sources = sorted({p.source for p in pts})
    cmap = plt.get_cmap("tab10")
    colour = {s: cmap(i % 10) for i, s in enumerate(sources)}
    in_conflict = {c.a.figure_id for c in timeline.conflicts} | {c.b.figure_id for c in timeline.conflicts}

    fig, ax = plt.subplots(figsize=(9, 4.8), dpi=100)
    for p in pts:
        lo = p.low if p.low is not None else 0.0
        # an open upper end is drawn a fifth of the axis long, ending in an arrow
        hi = p.high if p.high is not None else min(top, lo + top * OPEN_END)
        c = colour[p.source]
        ax.vlines(p.date, lo, hi, colors=[c], linewidth=6, alpha=0.75)
        if p.low is not None and p.high is not None and math.isclose(lo, hi):
            ax.plot([p.date], [lo], "o", color=c, markersize=7)
        if p.high is None:
            ax.annotate("", xy=(p.date, hi + top * 0.04), xytext=(p.date, hi - top * 0.01),
                        arrowprops={"arrowstyle": "->", "color": c, "lw": 2})
        if p.figure_id in in_conflict:
            mid = (lo + hi) / 2
            ax.plot([p.date], [mid], "o", markersize=18, markerfacecolor="none", markeredgecolor="red", markeredgewidth=2)
    for s in sources:
        ax.plot([], [], color=colour[s], linewidth=6, label=s)
    if in_conflict:
        ax.plot([], [], "o", markerfacecolor="none", markeredgecolor="red", markeredgewidth=2, label="conflict")
    ax.set_title(timeline.track)
    ax.set_ylim(0, top)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    fig.autofmt_xdate()
    ax.grid(True, axis="y", alpha=0.3)
    if sources:
        ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(out, format=fmt)
    plt.close(fig)
    return out
