"""The corpus: many Reports in one store, figures followed over time, conflicts between sources.

The stable Python API (documented in docs/corpus.md; the CLI and the web app are shells over it)::

    open_store(url=None) -> Store
    add_paths(store, paths, *, published=None, lang=None, site=None, jobs=1) -> AddResult
    add_reports(store, reports, *, site=None, dedupe=True) -> AddResult
    tracks(store) -> list[TrackSummary]
    timeline(store, name) -> Timeline
    timelines(store) -> dict[str, Timeline]      # every track's, from one read
    search(store, *, entity=None, source=None, category=None, since=None, until=None, limit=None) -> list[dict]
    export(store, fmt, out=None) -> int           # csv | jsonl | parquet; rows written
    define_track(store, name, *, category=None, entity=None, counted=None) -> TrackDef
    delete_track(store, name) -> None
    merge_tracks(store, into, other) -> None     # stored user rules, applied when tracks are read
    exclude_figure(store, figure_id) -> None
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from dataclasses import dataclass, field
from typing import Iterable, get_args

from sqlalchemy import delete, exists, or_, select

from ..errors import E113, E301, E402, E901, NewsclaimsError
from ..run.dates import date_from_name  # noqa: F401 - part of the corpus API since before the run flow
from ..report import Category, Report
from . import measure, points
from .entity_query import resolve as resolve_entity
from .store import (
    AddResult, DocumentRow, EntityRow, FigureRow, Store, TrackRow, TrackRuleRow, add_report, open_store, write_report,
)
from .tracks import (
    Conflict, Point, Revision, Rules, TrackDef, collapse, conflicts, countable, gc_paused, group, order, parse_key,
    revisions,
)

__all__ = [
    "open_store", "add_paths", "add_reports", "tracks", "timeline", "timelines", "search", "export", "define_track",
    "delete_track", "merge_tracks", "exclude_figure", "documents", "report", "Store", "AddResult", "TrackSummary",
    "Timeline", "Point", "Conflict", "Revision", "TrackDef",
]


# ---------------------------------------------------------------------------------------------
# Adding


def add_paths(store: Store, paths: Iterable[str], *, published: dt.date | None = None, lang: str | None = None,
              site: str | None = None, on_error=None, on_added=None, jobs: int = 1, executor=None) -> AddResult:
    """Analyse and store files, folders (report files under them) and URLs, one transaction each.

    Inputs, publication date (explicit, the input's own, the file name, the dateline; never a
    guessed one), language and worker pool are the run flow's (``newsclaims.run``, as
    ``newsclaims analyze``). Texts already stored are skipped before analysis. A bad input is
    recorded in ``result.failed`` (and passed to ``on_error(item, exc)``); the others go on.
    ``jobs`` > 1 analyses in that many worker processes (0: the automatic rule); this process
    still writes every document, in input order, one transaction each, so the store ends up
    exactly as with ``jobs=1``. ``executor`` (e.g. ``run.dask.DaskExecutor``) analyses
    elsewhere instead; the writes stay here, in input order, so the store is the same.
    """
    import sys

    from ..run import Options, expand, run

    result = AddResult()
    items = expand([str(p) for p in paths])
    if not items:
        _failed(result, on_error, "", NewsclaimsError(E113, "no report files found in the given paths"))
        return result
    stdin = sys.stdin.buffer.read() if "-" in items else None
    url = store.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        jobs = 1                                  # workers cannot see an in-memory store
    if jobs != 1:
        store.engine.dispose()                    # no open connection is carried into forked workers
    options = Options(lang=lang, published=published,
                      skip=_Stored(url.render_as_string(hide_password=False), store))
    for outcome in run(items, options, jobs=jobs, stdin=stdin, executor=executor):
        if outcome.error:
            _failed(result, on_error, outcome.item, NewsclaimsError(*outcome.error))
        elif outcome.skipped:
            result.skipped += 1
        else:
            _store_one(store, result, outcome.item, outcome.value, site, on_error, on_added)
    return result


def _store_one(store: Store, result: AddResult, item: str, report: Report, site, on_error, on_added) -> None:
    try:
        added = add_report(store, report, site=site)
    except NewsclaimsError as exc:
        _failed(result, on_error, item, exc)
        return
    except Exception as exc:  # noqa: BLE001 - one document that cannot be written must not stop the batch
        _failed(result, on_error, item, NewsclaimsError(E901, f"internal error: {type(exc).__name__}: {exc}"))
        return
    _count(result, added)
    if on_added and added.new:
        on_added(item, added)


def _failed(result: AddResult, on_error, item: str, exc: NewsclaimsError) -> None:
    result.failed.append((item, str(exc)))
    if on_error:
        on_error(item, exc)


_WORKER_STORES: dict[str, Store] = {}


class _Stored:
    """The run flow's skip check: is this text already stored? In a worker process (where it
    arrives pickled, without the parent's store) it opens one read connection per store; where
    the store cannot be opened (a cluster worker on another machine) it says no and the writer's
    own hash check skips the text instead."""

    def __init__(self, url: str, store: Store | None = None):
        self.url, self.store = url, store

    def __getstate__(self):
        return {"url": self.url, "store": None}

    def __call__(self, document) -> bool:
        import hashlib

        store = self.store
        if store is None:
            if self.url not in _WORKER_STORES:
                try:
                    _WORKER_STORES[self.url] = open_store(self.url, migrate=False, create=False)
                except NewsclaimsError:
                    _WORKER_STORES[self.url] = None
            store = _WORKER_STORES[self.url]
        if store is None:
            return False
        return store.has(hashlib.sha256(document.text.encode("utf-8")).hexdigest())


def add_reports(store: Store, reports: Iterable[Report], *, site: str | None = None, dedupe: bool = True,
                batch_size: int = 1) -> AddResult:
    """Store Reports you already have, with bulk inserts per document.

    One transaction per document by default; ``batch_size=N`` commits every N documents (faster
    for bulk loads; an interruption then loses the whole open batch, never half a document).
    ``dedupe=False`` skips the near-duplicate lookup (exact duplicates are still skipped)."""
    result = AddResult()
    if batch_size <= 1:
        for report in reports:
            _count(result, add_report(store, report, site=site, dedupe_near=dedupe))
        return result
    batch: list[Report] = []

    def flush():
        with store.engine.begin() as conn:
            done = [write_report(conn, r, site=site, dedupe_near=dedupe) for r in batch]
        for added in done:
            _count(result, added)
        batch.clear()

    for report in reports:
        batch.append(report)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return result


def _count(result: AddResult, added) -> None:
    if not added.new:
        result.skipped += 1
        return
    result.added += 1
    result.documents.append(added.document_id)
    if added.near_duplicate_of is not None:
        result.duplicates += 1


# ---------------------------------------------------------------------------------------------
# Tracks


def _defined(store: Store) -> list[TrackDef]:
    with store.session() as s:
        return [TrackDef(r.name, r.category, r.entity, r.counted, measure.counted_of(r.counted) if r.counted else None)
                for r in s.scalars(select(TrackRow).order_by(TrackRow.name))]


def _rules(store: Store) -> Rules:
    rules = Rules()
    with store.session() as s:
        for r in s.scalars(select(TrackRuleRow).order_by(TrackRuleRow.id)):
            if r.kind == "merge":
                rules.merged[r.other] = r.track
            elif r.kind == "exclude":
                rules.excluded.add(r.figure_id)
    return rules


@dataclass
class TrackSummary:
    """One track: the attributed sources (origins; relays in ``relays``), how many points no
    source was given for, how many have no date (listed apart, never placed on the time axis)."""

    name: str
    measure: str | None
    counted: str | None
    actor: str | None
    defined: bool
    points: int
    sources: list[str]
    relays: dict[str, list[str]]
    unattributed: int
    undated: int
    conflicts: int
    revisions: int
    first: dt.date | None
    last: dt.date | None

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass
class Timeline:
    """A track's dated points in date order, its undated points apart, conflicts and revisions."""

    track: str
    definition: TrackDef | None
    points: list[Point]
    undated: list[Point] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"track": self.track,
                "definition": self.definition.__dict__ if self.definition else None,
                "points": [p.as_dict() for p in self.points],
                "undated": [p.as_dict() for p in self.undated],
                "conflicts": [c.as_dict() for c in self.conflicts],
                "revisions": [r.as_dict() for r in self.revisions]}


def _timeline(name: str, d: TrackDef | None, pts: list[Point], measure_: str | None) -> Timeline:
    dated = [p for p in pts if p.date is not None]
    return Timeline(name, d, dated, [p for p in pts if p.date is None],
                    conflicts(dated, measure_, ordered=True), revisions(dated, measure_))


def _summary(tl: Timeline, parts: tuple) -> TrackSummary:
    pts = tl.points + tl.undated
    named = [p for p in pts if p.source_name]
    relays: dict[str, set[str]] = {}
    for p in named:
        if p.source_relay:
            relays.setdefault(p.source_name, set()).add(p.source_relay)
    dated = [p.date for p in tl.points]
    return TrackSummary(tl.track, *parts, len(pts), sorted({p.source_name for p in named}, key=str.lower),
                        {k: sorted(v) for k, v in sorted(relays.items())}, len(pts) - len(named), len(tl.undated),
                        len(tl.conflicts), len(tl.revisions), min(dated, default=None), max(dated, default=None))


def _defined_timeline(d: TrackDef, pts: list[Point], rules: Rules) -> Timeline:
    """A defined track's timeline from grouped points. Its points are copies: collapsing and
    revisions set fields on a point (``restated``, ``revises``) that must stay those of its
    automatic track."""
    mine = [copy(p) for p in pts if countable(p) and p.figure_id not in rules.excluded and d.matches(p)]
    return _timeline(d.name, d, order(collapse(mine)), d.category)


def _all(store: Store, *, details: bool = True) -> tuple[list[tuple[Timeline, tuple]], dict[str, Timeline]]:
    """Every track's timeline: the defined ones (with their summary parts) and the automatic ones.
    Without ``details`` the points lack what only readers are shown (``points.DETAILS``)."""
    pts = points.read(store, details=details)
    rules = _rules(store)
    auto = group(pts, rules)        # sets each point's track and why
    defined = [(_defined_timeline(d, pts, rules), (d.category, d.counted_class, d.entity, True)) for d in _defined(store)]
    return defined, {name: _timeline(name, None, v, parse_key(name)[0]) for name, v in auto.items()}


def tracks(store: Store) -> list[TrackSummary]:
    """User-defined tracks first (by name), then the automatic ones (measure/counted/actor)."""
    with gc_paused():
        defined, auto = _all(store, details=False)
    out = [_summary(tl, parts) for tl, parts in defined]
    for name, tl in auto.items():
        out.append(_summary(tl, (*parse_key(name), False)))
    return out


def timelines(store: Store) -> dict[str, Timeline]:
    """Every track's timeline, by name (defined tracks first), from one read of the store."""
    with gc_paused():
        defined, auto = _all(store)
    return {tl.track: tl for tl, _parts in defined} | auto


def timeline(store: Store, name: str) -> Timeline:
    """The points of a defined track or of an automatic one (``measure/counted/actor``), dated ones
    in date order and undated ones apart, with conflicts and revisions. E402 for an unknown track.
    An automatic track reads only the figures of the (measure, actor) pairs whose tracks end in
    it (its own and those merged into it): the class a figure joins depends on those alone."""
    parts = parse_key(name)
    with gc_paused():
        rules = _rules(store)
        if parts is None:           # a defined track's name (automatic names hold two '/')
            d = next((d for d in _defined(store) if d.name == name), None)
            pts = points.read(store) if d else []
            group(pts, rules)       # each point's track and why, as in the listing
            found = _defined_timeline(d, pts, rules) if d else None
        else:
            into = {name} | {k for k in rules.merged if rules.target(k) == name}
            about = {(m, a) for m, _c, a in filter(None, map(parse_key, into))}
            pts = group(points.read(store, about=about), rules).get(name)
            found = _timeline(name, None, pts, parts[0]) if pts else None
    if found is None:
        raise NewsclaimsError(E402, f"no track named {name!r} (see 'newsclaims corpus tracks')")
    return found


def define_track(store: Store, name: str, *, category: str | None = None, entity: str | None = None,
                 counted: str | None = None) -> TrackDef:
    """Define (or redefine) a track by query; ``counted`` is read like a figure's counted phrase."""
    if not name or "/" in name:
        raise NewsclaimsError(E301, f"track name {name!r} must be non-empty and without '/' (reserved for automatic tracks)")
    if not (category or entity or counted):
        raise NewsclaimsError(E301, "a track needs at least one of --category, --entity, --counted")
    cls = measure.counted_of(counted) if counted else None
    if counted and cls is None:
        raise NewsclaimsError(E301, f"--counted {counted!r}: the language data knows no such counted word")
    entity = entity.upper() if entity else None
    with store.session() as s, s.begin():
        s.execute(delete(TrackRow).where(TrackRow.name == name))
        s.add(TrackRow(name=name, category=category, entity=entity, counted=counted, created_at=_now()))
    return TrackDef(name, category, entity, counted, cls)


def delete_track(store: Store, name: str) -> None:
    with store.session() as s, s.begin():
        if s.execute(delete(TrackRow).where(TrackRow.name == name)).rowcount == 0:
            raise NewsclaimsError(E402, f"no defined track named {name!r}")


def merge_tracks(store: Store, into: str, other: str) -> None:
    """Show the points of automatic track ``other`` under ``into`` from now on (a stored rule).
    Both must be listed now: a track merged away is not, so merges never form a cycle."""
    names = {t.name for t in tracks(store) if not t.defined}
    for n in (into, other):
        if n not in names:
            raise NewsclaimsError(E402, f"no automatic track named {n!r} (see 'newsclaims corpus tracks')")
    if into == other:
        raise NewsclaimsError(E301, "a track cannot be merged into itself")
    with store.session() as s, s.begin():
        s.add(TrackRuleRow(kind="merge", track=into, other=other, created_at=_now()))


def exclude_figure(store: Store, figure_id: int) -> None:
    """Keep figure ``figure_id`` out of every track from now on (a stored rule)."""
    with store.session() as s, s.begin():
        if s.get(FigureRow, figure_id) is None:
            raise NewsclaimsError(E402, f"no figure {figure_id} in the corpus")
        s.add(TrackRuleRow(kind="exclude", figure_id=figure_id, created_at=_now()))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# ---------------------------------------------------------------------------------------------
# Search and export


EXPORT_COLUMNS = [
    "figure_id", "document_id", "date", "date_from", "text", "low", "high", "approx", "unit", "category",
    "counted", "source_name", "source_kind", "source_relay", "certainty", "negated", "time_text", "time_start",
    "time_end", "sentence", "start", "end", "published", "lang", "title", "site", "path", "url",
    "near_duplicate_of", "content_hash",
]


def _rows_stmt():
    return select(
        FigureRow.id.label("figure_id"), FigureRow.document_id, FigureRow.date, FigureRow.date_from, FigureRow.text,
        FigureRow.low, FigureRow.high, FigureRow.approx, FigureRow.unit, FigureRow.category, FigureRow.counted,
        FigureRow.source_name, FigureRow.source_kind, FigureRow.source_relay, FigureRow.certainty,
        FigureRow.negated, FigureRow.time_text, FigureRow.time_start, FigureRow.time_end, FigureRow.sentence,
        FigureRow.start, FigureRow.end, DocumentRow.published, DocumentRow.lang, DocumentRow.title,
        DocumentRow.site, DocumentRow.path, DocumentRow.url, DocumentRow.near_duplicate_of, DocumentRow.content_hash,
    ).join(DocumentRow, DocumentRow.id == FigureRow.document_id)


def _check_term(what: str, value: str | None) -> None:
    """A search term the database can take whole: no NUL (it would end the LIKE pattern early),
    no lone surrogate (not encodable as UTF-8)."""
    if value is None:
        return
    if "\x00" in value:
        raise NewsclaimsError(E301, f"{what}: the search term contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise NewsclaimsError(E301, f"{what}: the search term is not valid Unicode (a lone surrogate)") from None


def search(store: Store, *, entity: str | None = None, source: str | None = None, category: str | None = None,
           since: dt.date | None = None, until: dt.date | None = None, limit: int | None = None) -> list[dict]:
    """Figures matching every given filter, in date order: ``entity`` is an ISO code or a country's
    name, adjective or demonym in any supported language (an entity with that code in the figure's
    sentence, where the entity a figure is about always is; E301 when no country matches),
    ``source`` the source name or a whole word of it (case-insensitive), ``since``/``until`` bound
    the figure's date (inclusive)."""
    for what, value in (("entity", entity), ("source", source), ("category", category)):
        _check_term(what, value)
    if category and category not in get_args(Category):
        raise NewsclaimsError(E301, f"unknown category {category[:40]!r}; one of {', '.join(get_args(Category))}")
    stmt = _rows_stmt()
    if entity:
        code, _name = resolve_entity(entity)
        in_sentence = exists().where(
            EntityRow.document_id == FigureRow.document_id, EntityRow.code == code,
            EntityRow.start >= FigureRow.sentence_start, EntityRow.end <= FigureRow.sentence_end)
        stmt = stmt.where(in_sentence)
    if source:
        src = source.replace("\\", "").replace("%", "").replace("_", "")
        name = FigureRow.source_name
        stmt = stmt.where(or_(name.ilike(src), name.ilike(f"{src} %"), name.ilike(f"% {src}"), name.ilike(f"% {src} %"),
                              name.ilike(f"%({src})%")))
    if category:
        stmt = stmt.where(FigureRow.category == category)
    if since:
        stmt = stmt.where(FigureRow.date >= since)
    if until:
        stmt = stmt.where(FigureRow.date <= until)
    stmt = stmt.order_by(FigureRow.date, FigureRow.document_id, FigureRow.start)
    if limit:
        stmt = stmt.limit(limit)
    with store.session() as s:
        return [dict(r._mapping) for r in s.execute(stmt)]


def export(store: Store, fmt: str, out=None) -> int:
    """Every figure with its document, one row each: ``csv`` / ``jsonl`` to a path or a text stream
    (``out``), ``parquet`` to a path (written by ``render.table``). Returns the number of rows."""
    from ..render.table import table_renderer, write_table

    table_renderer(fmt)  # an unknown format fails before the query
    with store.session() as s:
        rows = [dict(r._mapping) for r in s.execute(_rows_stmt().order_by(FigureRow.document_id, FigureRow.start))]
    return write_table(rows, EXPORT_COLUMNS, fmt, out)


def documents(store: Store) -> list[dict]:
    """Stored documents (without their Report JSON), in insertion order."""
    cols = [c for c in DocumentRow.__table__.c if c.name != "report_json"]
    with store.session() as s:
        return [dict(r._mapping) for r in s.execute(select(*cols).order_by(DocumentRow.id))]


def report(store: Store, document_id: int) -> Report:
    """The full Report stored for a document; E402 when there is none."""
    with store.session() as s:
        raw = s.scalar(select(DocumentRow.report_json).where(DocumentRow.id == document_id))
    if raw is None:
        raise NewsclaimsError(E402, f"no document {document_id} in the corpus")
    return Report.model_validate_json(raw)
