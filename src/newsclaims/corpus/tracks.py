"""Tracks: figures about the same measure followed over time, conflicts between sources and
revisions within one.

Pure functions over ``Point`` rows (no database): grouping by measure (after ``measure.measure``
has said which measure, class and actor each figure is about), the user's merges and exclusions,
matching a user-defined track, ordering a timeline, revisions, and the conflict rule documented in
``docs/corpus.md``:

two points conflict when they are about the same known actor, come from different named sources
(unattributed figures are no source), their (effective) intervals do not overlap, and they are
about the same time window: for a cumulative measure a newer, larger figure
is never a conflict, a newer figure entirely below an older one always is, and two figures of the
same date are; for any other measure the dates are at most ``conflict_window_days`` apart.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from operator import attrgetter

from ..settings import Setting
from .measure import NONE

CONFLICT_WINDOW_DAYS = Setting(
    "corpus_conflict_window_days", 7,
    "How many days apart two figures of a non-cumulative measure may be and still be about the same time window.")
ABOUT_TOLERANCE = Setting(
    "corpus_about_tolerance", 0.1,
    "Relative width given to 'about N' (N±10 %) and 'almost N' (N-10 %..N) when intervals are compared for conflicts.")
# Counts that only grow over time: a newer, larger figure updates an older one.
CUMULATIVE = frozenset({"casualties", "killed", "wounded", "missing", "captured", "civilians_displaced"})
UNATTRIBUTED = "unattributed"


@dataclass(slots=True)
class Point:
    """One stored figure as a track reads it: its stored facts, then where the track rule put it
    (``measure``, ``counted_class``, ``actor``, ``track``) and why (``why``)."""

    figure_id: int
    document_id: int
    date: dt.date | None
    date_from: str
    low: float | None
    high: float | None
    approx: str
    text: str
    category: str
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
    source_relay: str | None = None
    lang: str = ""
    measure: str = ""
    counted_class: str | None = None
    actor: str | None = None
    reason: str = ""
    why: str = ""
    track: str | None = None
    copies: list[int] = field(default_factory=list)
    restated: list[int] = field(default_factory=list)
    revises: int | None = None

    def __post_init__(self):
        self.measure = self.measure or self.category

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
    """Two sources that cannot both be right: ``a`` the older (or same-date) point."""

    a: Point
    b: Point
    reason: str

    def as_dict(self) -> dict:
        return {"reason": self.reason, "a": _side(self.a), "b": _side(self.b)}

    def __str__(self) -> str:
        return (f"{self.a.source} ({self.a.text}, {self.a.date}) vs {self.b.source} ({self.b.text}, {self.b.date}): "
                f"{self.reason}")


@dataclass
class Revision:
    """A source replacing its own earlier estimate: ``new`` (later) revises ``old``."""

    old: Point
    new: Point
    direction: str      # 'up' or 'down'

    def as_dict(self) -> dict:
        return {"direction": self.direction, "old": _side(self.old), "new": _side(self.new)}

    def __str__(self) -> str:
        return f"{self.new.source} revised {self.direction}: {self.old.text} ({self.old.date}) -> {self.new.text} ({self.new.date})"


def _side(p: Point) -> dict:
    return {"figure_id": p.figure_id, "date": p.date, "source": p.source, "relay": p.source_relay, "text": p.text,
            "low": p.low, "high": p.high, "sentence": p.sentence, "document_id": p.document_id,
            "document": p.document, "url": p.url}


@dataclass
class TrackDef:
    """A user-defined track: every given filter must match (measure, actor code, what is counted:
    ``counted`` as the user wrote it, read through the language data)."""

    name: str
    category: str | None = None
    entity: str | None = None
    counted: str | None = None
    counted_class: str | None = None

    def matches(self, p: Point) -> bool:
        return ((self.category is None or p.measure == self.category)
                and (self.entity is None or (p.actor or "").upper() == self.entity.upper())
                and (self.counted_class is None or p.counted_class == self.counted_class
                     or (p.counted_class is None and self.category is not None)))


@dataclass
class Rules:
    """A user's corrections, applied when tracks are read: ``merged`` maps a track to the track
    that takes its points; ``excluded`` figures join no track."""

    merged: dict[str, str] = field(default_factory=dict)
    excluded: set[int] = field(default_factory=set)

    def target(self, name: str) -> str:
        seen = {name}
        while name in self.merged and self.merged[name] not in seen:
            name = self.merged[name]
            seen.add(name)
        return name


def key(measure: str, counted: str | None, actor: str | None) -> str:
    return f"{measure}/{counted or NONE}/{actor or NONE}"


def parse_key(name: str) -> tuple[str, str | None, str | None] | None:
    """(measure, counted class, actor) of an automatic track's name; None for any other name."""
    parts = name.split("/")
    if len(parts) != 3:
        return None
    measure, counted, actor = parts
    return measure, None if counted == NONE else counted, None if actor == NONE else actor


def countable(p: Point) -> bool:
    """Points that go into tracks: not a near-duplicate's copy, with a value."""
    return p.near_duplicate_of is None and (p.low is not None or p.high is not None)


def group(points: list[Point], rules: Rules | None = None) -> dict[str, list[Point]]:
    """Automatic tracks: measure / counted class / actor. A figure that names no class
    ('1.100 Verluste', '3.000 Nordkoreaner') joins the one class its measure and actor have,
    when there is exactly one; then the user's merges. Sets each point's ``track`` and ``why``
    (from its ``reason``; a point read without it gets only the grouping's own notes)."""
    rules = rules or Rules()
    named: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for p in points:
        if p.counted_class is not None:
            named[(p.measure, p.actor)].add(p.counted_class)
    out: dict[str, list[Point]] = defaultdict(list)
    targets: dict[str, str] = {}        # each automatic key's track after the merges, worked out once
    for p in points:
        if not countable(p) or p.figure_id in rules.excluded:
            continue
        cls, notes = p.counted_class, [p.reason or ""]
        if cls is None:
            classes = named.get((p.measure, p.actor), ())
            if len(classes) == 1:
                cls = next(iter(classes))
                notes.append(f"joins the only class of {p.measure}/{p.actor or NONE}: {cls}")
        auto = key(p.measure, cls, p.actor)
        if auto not in targets:
            targets[auto] = rules.target(auto)
        p.track = targets[auto]
        if p.track != auto:
            notes.append(f"track {auto} merged into {p.track} by the user")
        p.why = "; ".join(notes)
        out[p.track].append(p)
    return {k: order(collapse(out[k])) for k in sorted(out)}


def collapse(points: list[Point]) -> list[Point]:
    """A document restating a figure counts once: points of one document in one track whose
    intervals overlap become one point, the attributed one with a counted phrase (else the first
    in the text); the others' figure ids go to its ``restated``."""
    by_doc: dict[int, list[Point]] = {}
    for p in points:
        by_doc.setdefault(p.document_id, []).append(p)
    out = []
    tol = float(ABOUT_TOLERANCE.value)
    for pts in by_doc.values():
        if len(pts) == 1:                     # the common case: one figure of the track in a document
            pts[0].restated = []
            out.append(pts[0])
            continue
        pts = sorted(pts, key=_by_start)
        clusters: list[tuple[list[Point], list[tuple[float, float]]]] = []
        for p in pts:
            lo, hi = interval(p, tol)
            for members, ivs in clusters:
                if any(not (hi < qlo or qhi < lo) for qlo, qhi in ivs):     # overlaps a member
                    members.append(p)
                    ivs.append((lo, hi))
                    break
            else:
                clusters.append(([p], [(lo, hi)]))
        for members, _ivs in clusters:
            if len(members) == 1:
                keep = members[0]
                keep.restated = []
            else:
                keep = min(members, key=_keep_rank)
                keep.restated = sorted(q.figure_id for q in members if q is not keep)
            out.append(keep)
    return out


def _keep_rank(p: Point) -> tuple:
    return (p.source_name is None, p.counted is None, p.start)


_by_start = attrgetter("start")
_by_date = attrgetter("date", "document_id", "start")
_by_document = attrgetter("document_id", "start")


def order(points: list[Point]) -> list[Point]:
    """Date order (undated last), then document, then position in the text."""
    dated = sorted((p for p in points if p.date is not None), key=_by_date)
    undated = [p for p in points if p.date is None]
    if undated:
        dated.extend(sorted(undated, key=_by_document))
    return dated


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
    """Why ``a`` and ``b`` cannot both be true, or None. ``a`` is the older (or same-date) point.
    Both must be attributed and about the same known actor."""
    if None in (a.source_name, b.source_name, a.actor, b.actor, a.date, b.date) or a.actor != b.actor:
        return None
    if a.source.lower() == b.source.lower():
        return None
    ia, ib = interval(a, tol), interval(b, tol)
    if not _disjoint(ia, ib):
        return None
    if a.date > b.date:
        a, b, ia, ib = b, a, ib, ia
    if category in CUMULATIVE:
        if a.date == b.date:
            return _reasons()[1]
        if ib[1] < ia[0]:
            return _reasons()[2]
        return None  # newer and larger: an update, not a conflict
    if (b.date - a.date).days <= int(CONFLICT_WINDOW_DAYS.value):
        return _reasons()[0]
    return None


def _reasons() -> tuple[str, str, str]:
    """The reasons a conflict is given, by the codes ``conflict_pairs`` returns."""
    return (f"intervals do not overlap within {int(CONFLICT_WINDOW_DAYS.value)} days",
            "same date, intervals do not overlap",
            "newer figure is lower than an older one for a count that only grows")


def conflicts(points: list[Point], category: str | None = None, *, ordered: bool = False) -> list[Conflict]:
    """Conflicting pairs in one track, sorted by the newer point's date. Only attributed points
    about a known actor take part, each actor's apart (an unattributed figure is no source; a
    figure about no known actor, or about another actor, is not the same measure). For each
    point, at most one conflict per other source is reported: the one with that source's nearest
    (latest in date order) earlier or same-date point it conflicts with. Without ``category``
    each point's own measure decides the rule. ``O(n log n)``: see ``conflict_pairs``.
    ``ordered``: the points are a track as ``group`` (or ``collapse`` + ``order``) returns it:
    countable and in order."""
    pts = _dated_prefix(points) if ordered else _conflict_points(points)
    by_actor: dict[str, list[Point]] = defaultdict(list)
    for p in pts:
        if p.source_name is not None and p.actor is not None:
            by_actor[p.actor].append(p)
    found = [c for group_ in by_actor.values() for c in _conflicts_among(group_, category)]
    return sorted(found, key=lambda c: (c.b.date, c.a.date, c.a.figure_id, c.b.figure_id))


def _conflicts_among(pts: list[Point], category: str | None) -> list[Conflict]:
    older, newer, why = conflict_pairs(pts, category)
    reasons = _reasons()
    return [Conflict(pts[a], pts[b], reasons[r]) for a, b, r in zip(older.tolist(), newer.tolist(), why.tolist())]


def revisions(points: list[Point], measure: str | None = None) -> list[Revision]:
    """A source replacing its own estimate: a later point of the same source about the same known
    actor whose interval does not overlap that source's previous one. For a count that only grows, a larger later figure is
    the count growing, not a revision; a smaller one is. Sets each reviser's ``revises``."""
    last: dict[str, Point] = {}
    out = []
    tol = float(ABOUT_TOLERANCE.value)
    for p in _conflict_points(points):
        p.revises = None
        if p.source_name is None or p.actor is None:
            continue
        prev = last.get((p.source.lower(), p.actor))
        last[(p.source.lower(), p.actor)] = p
        if prev is None or prev.date == p.date:
            continue
        (plo, phi), (lo, hi) = interval(prev, tol), interval(p, tol)
        if not _disjoint((plo, phi), (lo, hi)):
            continue
        up = lo > phi
        if up and (measure or p.measure) in CUMULATIVE:
            continue
        p.revises = prev.figure_id
        out.append(Revision(prev, p, "up" if up else "down"))
    return out


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while many small objects are built at once (points of a
    whole store): its passes over the growing heap otherwise cost as much as the building."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _dated_prefix(points: list[Point]) -> list[Point]:
    n = len(points)
    while n and points[n - 1].date is None:      # order() puts the undated last
        n -= 1
    return points[:n]


def _conflict_points(points: list[Point]) -> list[Point]:
    return order([p for p in points if p.date is not None and countable(p)])


def intervals(pts: list[Point], tol: float | None = None):
    """``interval`` of every point as two float arrays (lo, hi), vectorised."""
    import numpy as np

    tol = float(ABOUT_TOLERANCE.value) if tol is None else tol
    low = np.array([p.low for p in pts], dtype=float)        # None -> nan
    high = np.array([p.high for p in pts], dtype=float)
    approx = [p.approx for p in pts]
    about = np.array([a == "about" for a in approx], dtype=bool)
    almost = np.array([a == "almost" for a in approx], dtype=bool) & np.isnan(low) & ~np.isnan(high)
    lo = np.where(np.isnan(low), 0.0, low)
    hi = np.where(np.isnan(high), np.inf, high)
    lo = np.where(about, lo * (1 - tol), lo)
    hi = np.where(about & (hi != np.inf), hi * (1 + tol), hi)
    lo = np.where(almost, hi * (1 - tol), lo)
    return lo, hi


def conflict_pairs(pts: list[Point], category: str | None = None):
    """The conflicts among ``pts`` (countable, dated, in ``order``) as three int arrays: older
    index, newer index, reason (0 window, 1 same date, 2 newer lower), unique pairs.

    The rule of ``conflict`` for every point ``i`` (newer) against the points ``j`` of each other
    source up to ``i``'s date, keeping for each source the last ``j`` in order that conflicts:

    * cumulative: ``j`` entirely above ``i`` (``lo[j] > hi[i]``) anywhere before, or on the same
      date with intervals that do not overlap;
    * other measures: intervals do not overlap and ``day[i] - day[j] <= window``.

    Per source, "the last ``j`` in an index range with ``lo[j] > y``" (resp. ``hi[j] < x``) is a
    binary search over suffix lengths with range maxima (minima) from a sparse table, vectorised
    over all query points: ``O(n log n)`` per source instead of the all-pairs scan."""
    import numpy as np

    empty = np.zeros(0, dtype=np.int64)
    n = len(pts)
    if n < 2:
        return empty, empty, empty
    tol = float(ABOUT_TOLERANCE.value)
    window = int(CONFLICT_WINDOW_DAYS.value)
    lo, hi = intervals(pts, tol)
    day = np.fromiter((p.date.toordinal() for p in pts), dtype=np.int64, count=n)
    names = [p.source.lower() for p in pts]
    codes = {nm: k for k, nm in enumerate(sorted(set(names)))}
    if len(codes) < 2:
        return empty, empty, empty
    src = np.fromiter((codes[nm] for nm in names), dtype=np.int64, count=n)
    if category:
        cum = np.full(n, category in CUMULATIVE)
    else:
        cum = np.fromiter((p.measure in CUMULATIVE for p in pts), dtype=bool, count=n)
    found_j, found_i = [], []
    for s in range(len(codes)):
        members = np.nonzero(src == s)[0]
        q = np.nonzero(src != s)[0]
        ds = day[members]
        mx = _SparseTable(lo[members], np.maximum)
        mn = _SparseTable(hi[members], np.minimum)
        r = np.searchsorted(ds, day[q], side="right")          # s's points up to i's date
        qc = cum[q]
        # cumulative: lo[j] > hi[i] anywhere up to i's date; other: within the window
        left_w = np.searchsorted(ds, day[q] - window, side="left")
        left_same = np.searchsorted(ds, day[q], side="left")
        above = mx.last_beyond(np.where(qc, 0, left_w), r, hi[q], greater=True)
        below = mn.last_beyond(np.where(qc, left_same, left_w), r, lo[q], greater=False)
        j = np.maximum(above, below)
        hit = j >= 0
        found_j.append(members[j[hit]])
        found_i.append(q[hit])
    js, is_ = np.concatenate(found_j), np.concatenate(found_i)
    if js.size == 0:
        return empty, empty, empty
    return _unique_pairs(np, js, is_, cum, day)


def _unique_pairs(np, js, is_, cum, day):
    """(older, newer, reason code) once per pair. A same-date pair can be found from both ends;
    like a scan in order, the first finder (the smaller query index) decides the rule when the two
    points' measures differ."""
    older, newer = np.minimum(js, is_), np.maximum(js, is_)
    sel = np.lexsort((is_, newer, older))
    older, newer, is_ = older[sel], newer[sel], is_[sel]
    first = np.ones(older.size, dtype=bool)
    first[1:] = (older[1:] != older[:-1]) | (newer[1:] != newer[:-1])
    older, newer, is_ = older[first], newer[first], is_[first]
    why = np.where(cum[is_], np.where(day[older] == day[newer], 1, 2), 0)
    return older, newer, why


class _SparseTable:
    """Range maxima (or minima) of an array in O(1) after O(m log m) preparation."""

    def __init__(self, values, op):
        import numpy as np

        self.op = op
        self.levels = [values]
        k = 1
        while 2 * k <= len(values):
            prev = self.levels[-1]
            self.levels.append(op(prev[:-k], prev[k:]))
            k *= 2
        self.np = np

    def query(self, a, b):
        """op over values[a:b] for arrays of a < b."""
        np = self.np
        lvl = np.frexp((b - a).astype(float))[1].astype(np.int64) - 1    # floor(log2(b - a))
        out = np.empty(a.size, dtype=float)
        for k in np.unique(lvl).tolist():
            m = lvl == k
            table = self.levels[k]
            out[m] = self.op(table[a[m]], table[b[m] - (1 << k)])
        return out

    def last_beyond(self, left, right, bound, greater: bool):
        """For each query, the largest index j in [left, right) with values[j] > bound
        (``greater``) or values[j] < bound, else -1."""
        np = self.np

        def beyond(v, y):
            return v > y if greater else v < y

        res = np.full(left.size, -1, dtype=np.int64)
        idx = np.nonzero(right > left)[0]
        if idx.size == 0:
            return res
        has = beyond(self.query(left[idx], right[idx]), bound[idx])
        idx = idx[has]
        if idx.size == 0:
            return res
        r, y = right[idx], bound[idx]
        # the smallest suffix length k in [1, right - left] whose range [r - k, r) holds a value beyond y
        lo_k, hi_k = np.ones(idx.size, dtype=np.int64), r - left[idx]
        t = np.nonzero(lo_k < hi_k)[0]
        while t.size:
            mid = (lo_k[t] + hi_k[t]) // 2
            cond = beyond(self.query(r[t] - mid, r[t]), y[t])
            hi_k[t] = np.where(cond, mid, hi_k[t])
            lo_k[t] = np.where(cond, lo_k[t], mid + 1)
            t = t[lo_k[t] < hi_k[t]]
        res[idx] = r - lo_k
        return res
