"""Tracks: figures about the same measure followed over time, and conflicts between sources.

Pure functions over ``Point`` rows (no database): grouping by measure, matching a user-defined
track, ordering a timeline, and the conflict rule documented in ``docs/corpus.md``:

two points conflict when they come from different sources, their (effective) intervals do not
overlap, and they are about the same time window: for a cumulative measure a newer, larger figure
is never a conflict, a newer figure entirely below an older one always is, and two figures of the
same date are; for any other measure the dates are at most ``conflict_window_days`` apart.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from ..settings import Setting
from .measure import GENERIC

CONFLICT_WINDOW_DAYS = Setting(
    "corpus_conflict_window_days", 7,
    "How many days apart two figures of a non-cumulative measure may be and still be about the same time window.")
ABOUT_TOLERANCE = Setting(
    "corpus_about_tolerance", 0.1,
    "Relative width given to 'about N' (N±10 %) and 'almost N' (N-10 %..N) when intervals are compared for conflicts.")
# Counts that only grow over time: a newer, larger figure updates an older one.
CUMULATIVE = frozenset({"casualties", "killed", "wounded", "missing", "captured", "civilians_displaced"})
UNATTRIBUTED = "unattributed"


@dataclass
class Point:
    figure_id: int
    document_id: int
    date: dt.date | None
    date_from: str
    low: float | None
    high: float | None
    approx: str
    text: str
    category: str
    head: str
    generic_head: bool
    actor: str | None
    source_name: str | None
    source_kind: str | None
    certainty: str
    counted: str | None = None
    unit: str | None = None
    sentence: str | None = None
    start: int = 0
    end: int = 0
    published: dt.date | None = None
    title: str | None = None
    path: str | None = None
    url: str | None = None
    site: str | None = None
    near_duplicate_of: int | None = None
    copies: list[int] = field(default_factory=list)
    restated: list[int] = field(default_factory=list)

    @property
    def source(self) -> str:
        return self.source_name or UNATTRIBUTED

    @property
    def document(self) -> str:
        return self.path or self.url or self.title or f"document {self.document_id}"

    def as_dict(self) -> dict:
        d = asdict(self)
        d["source"] = self.source
        d["document"] = self.document
        return d


@dataclass
class Conflict:
    a: Point
    b: Point
    reason: str

    def as_dict(self) -> dict:
        return {"reason": self.reason,
                "a": {"figure_id": self.a.figure_id, "date": self.a.date, "source": self.a.source, "text": self.a.text,
                      "low": self.a.low, "high": self.a.high, "document": self.a.document},
                "b": {"figure_id": self.b.figure_id, "date": self.b.date, "source": self.b.source, "text": self.b.text,
                      "low": self.b.low, "high": self.b.high, "document": self.b.document}}

    def __str__(self) -> str:
        return (f"{self.a.source} ({self.a.text}, {self.a.date}) vs {self.b.source} ({self.b.text}, {self.b.date}): "
                f"{self.reason}")


@dataclass
class TrackDef:
    """A user-defined track: every given filter must match (category, actor code, normalised head)."""

    name: str
    category: str | None = None
    entity: str | None = None
    head: str | None = None
    counted: str | None = None

    def matches(self, p: Point) -> bool:
        return ((self.category is None or p.category == self.category)
                and (self.entity is None or (p.actor or "").upper() == self.entity.upper())
                and (self.head is None or p.head == self.head or (p.generic_head and self.category is not None)))


def key(category: str, head: str, actor: str | None) -> str:
    return f"{category}/{head}/{actor or '-'}"


def parse_key(name: str) -> tuple[str, str, str | None] | None:
    parts = name.split("/")
    if len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1], (None if parts[2] == "-" else parts[2])


def countable(p: Point) -> bool:
    """Points that go into tracks: not a near-duplicate's copy, with a value."""
    return p.near_duplicate_of is None and (p.low is not None or p.high is not None)


def group(points: list[Point]) -> dict[str, list[Point]]:
    """Automatic tracks: category / counted head / actor. A generic head ('1.100 Verluste') joins
    the one track of the same category and actor when there is exactly one."""
    named: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for p in points:
        if not p.generic_head:
            named[(p.category, p.actor)].add(p.head)
    out: dict[str, list[Point]] = defaultdict(list)
    for p in points:
        if not countable(p):
            continue
        head = p.head
        if p.generic_head:
            heads = named.get((p.category, p.actor), set())
            head = next(iter(heads)) if len(heads) == 1 else GENERIC
        out[key(p.category, head, p.actor)].append(p)
    return {k: order(collapse(v)) for k, v in sorted(out.items())}


def collapse(points: list[Point]) -> list[Point]:
    """A document restating a figure counts once: points of one document in one track whose
    intervals overlap become one point, the attributed one with a counted phrase (else the first
    in the text); the others' figure ids go to its ``restated``."""
    by_doc: dict[int, list[Point]] = defaultdict(list)
    for p in points:
        by_doc[p.document_id].append(p)
    out = []
    tol = float(ABOUT_TOLERANCE.value)
    for pts in by_doc.values():
        pts = sorted(pts, key=lambda p: p.start)
        clusters: list[list[Point]] = []
        for p in pts:
            iv = interval(p, tol)
            for cl in clusters:
                if any(not _disjoint(iv, interval(q, tol)) for q in cl):
                    cl.append(p)
                    break
            else:
                clusters.append([p])
        for cl in clusters:
            keep = min(cl, key=lambda p: (p.source_name is None, p.counted is None, p.start))
            keep.restated = sorted(q.figure_id for q in cl if q is not keep)
            out.append(keep)
    return out


def order(points: list[Point]) -> list[Point]:
    """Date order (undated last), then document, then position in the text."""
    return sorted(points, key=lambda p: (p.date is None, p.date or dt.date.min, p.document_id, p.start))


def interval(p: Point, tol: float | None = None) -> tuple[float, float]:
    """The interval compared for conflicts; open ends are 0 and infinity, 'about' gets a tolerance."""
    tol = float(ABOUT_TOLERANCE.value) if tol is None else tol
    lo = p.low if p.low is not None else 0.0
    hi = p.high if p.high is not None else math.inf
    if p.approx == "about":
        lo, hi = lo * (1 - tol), (hi * (1 + tol) if hi != math.inf else hi)
    elif p.approx == "almost" and p.high is not None and p.low is None:
        lo = p.high * (1 - tol)
    return lo, hi


def _disjoint(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[1] < b[0] or b[1] < a[0]


def conflict(a: Point, b: Point, category: str, tol: float | None = None) -> str | None:
    """Why ``a`` and ``b`` cannot both be true, or None. ``a`` is the older (or same-date) point."""
    if a.source.lower() == b.source.lower() or a.date is None or b.date is None:
        return None
    ia, ib = interval(a, tol), interval(b, tol)
    if not _disjoint(ia, ib):
        return None
    if a.date > b.date:
        a, b, ia, ib = b, a, ib, ia
    if category in CUMULATIVE:
        if a.date == b.date:
            return "same date, intervals do not overlap"
        if ib[1] < ia[0]:
            return "newer figure is lower than an older one for a count that only grows"
        return None  # newer and larger: an update, not a conflict
    if (b.date - a.date).days <= int(CONFLICT_WINDOW_DAYS.value):
        return f"intervals do not overlap within {int(CONFLICT_WINDOW_DAYS.value)} days"
    return None


def conflicts(points: list[Point], category: str | None = None) -> list[Conflict]:
    """Conflicting pairs in one track. For each point, at most one conflict per other source is
    reported: the one with the nearest earlier (or same-date) point of that source. Vectorised
    (numpy) so that tracks of thousands of points stay fast."""
    import numpy as np

    pts = [p for p in order(points) if countable(p) and p.date is not None]
    if len(pts) < 2:
        return []
    tol = float(ABOUT_TOLERANCE.value)
    ivs = [interval(p, tol) for p in pts]
    lo = np.array([iv[0] for iv in ivs], dtype=float)
    hi = np.array([iv[1] for iv in ivs], dtype=float)
    day = np.array([p.date.toordinal() for p in pts], dtype=np.int64)
    names = [p.source.lower() for p in pts]
    codes = {n: k for k, n in enumerate(sorted(set(names)))}
    src = np.array([codes[n] for n in names], dtype=np.int64)
    window = int(CONFLICT_WINDOW_DAYS.value)
    out: list[Conflict] = []
    seen: set[tuple[int, int]] = set()
    for i, b in enumerate(pts):
        cat = category or b.category
        end = int(np.searchsorted(day, day[i], side="right"))
        mask = (src[:end] != src[i]) & ((hi[:end] < lo[i]) | (hi[i] < lo[:end]))
        if cat in CUMULATIVE:
            mask &= (day[:end] == day[i]) | (lo[:end] > hi[i])
        else:
            mask &= (day[i] - day[:end]) <= window
        hits = np.nonzero(mask)[0]
        if hits.size == 0:
            continue
        # the nearest (last in date order) conflicting point of each other source
        rev = hits[::-1]
        _, first = np.unique(src[rev], return_index=True)
        for j in sorted(int(rev[k]) for k in first):
            a = pts[j]
            older, newer = (a, b) if j < i else (b, a)
            pair = (older.figure_id, newer.figure_id)
            if pair in seen:
                continue
            why = conflict(older, newer, cat, tol)
            if why is not None:
                seen.add(pair)
                out.append(Conflict(older, newer, why))
    return sorted(out, key=lambda c: (c.b.date, c.a.date, c.a.figure_id, c.b.figure_id))
