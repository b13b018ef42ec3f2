"""The corpus: many Reports in one store, figures followed over time, conflicts between sources.

The stable Python API (documented in docs/corpus.md; the CLI and the web app are shells over it)::

    open_store(url=None) -> Store
    add_paths(store, paths, *, published=None, lang=None, site=None, jobs=1) -> AddResult
    add_reports(store, reports, *, site=None, dedupe=True) -> AddResult
    tracks(store) -> list[TrackSummary]
    timeline(store, name) -> Timeline
    search(store, *, entity=None, source=None, category=None, since=None, until=None, limit=None) -> list[dict]
    export(store, fmt, out=None) -> int           # csv | jsonl | parquet; rows written
    define_track(store, name, *, category=None, entity=None, counted=None) -> TrackDef
    delete_track(store, name) -> None
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

from sqlalchemy import and_, delete, exists, or_, select

from ..errors import E113, E301, E402, E901, NewsclaimsError
from ..run.dates import date_from_name  # noqa: F401 - part of the corpus API since before the run flow
from ..report import Report
from .measure import GENERIC, normalise_head
from .store import (
    AddResult, DocumentRow, EntityRow, FigureRow, Store, TrackRow, add_report, open_store, write_report,
)
from .tracks import (
    Conflict, Point, SummaryPoint, TrackDef, collapse, conflicts, count_conflicts, countable, gc_paused, group, order,
    parse_key,
)

__all__ = [
    "open_store", "add_paths", "add_reports", "tracks", "timeline", "search", "export", "define_track",
    "delete_track", "documents", "report", "Store", "AddResult", "TrackSummary", "Timeline", "Point", "Conflict", "TrackDef",
]


# ---------------------------------------------------------------------------------------------
# Adding


def add_paths(store: Store, paths: Iterable[str], *, published: dt.date | None = None, lang: str | None = None,
              site: str | None = None, on_error=None, on_added=None, jobs: int = 1, executor=None) -> AddResult:
    """Analyse and store files, folders (report files under them) and URLs, one transaction each.

    Inputs, publication date, language and worker pool are the run flow's (``newsclaims.run``,
    as ``newsclaims analyze``). Texts already stored are skipped before analysis. A bad input is
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
# Reading figures as points


_POINT_COLUMNS = (
    FigureRow.id, FigureRow.document_id, FigureRow.date, FigureRow.date_from, FigureRow.low, FigureRow.high,
    FigureRow.approx, FigureRow.text, FigureRow.category, FigureRow.head, FigureRow.generic_head, FigureRow.actor,
    FigureRow.source_name, FigureRow.source_kind, FigureRow.certainty, FigureRow.counted, FigureRow.unit,
    FigureRow.sentence, FigureRow.start, FigureRow.end, DocumentRow.published, DocumentRow.title, DocumentRow.path,
    DocumentRow.url, DocumentRow.site, DocumentRow.near_duplicate_of,
)
# What a track summary needs (grouping, collapsing, conflicts, dates): the text columns are left out.
_SUMMARY_COLUMNS = (
    FigureRow.id, FigureRow.document_id, FigureRow.date, FigureRow.low, FigureRow.high, FigureRow.approx,
    FigureRow.category, FigureRow.head, FigureRow.generic_head, FigureRow.actor, FigureRow.source_name,
    FigureRow.counted, FigureRow.start, DocumentRow.near_duplicate_of,
)


def _points(store: Store, *where, full: bool = True) -> list[Point]:
    """The figures matching ``where`` as Points (one Core select of plain tuples). ``full=False``
    gives SummaryPoints instead: no text columns, no copies; enough for track summaries."""
    stmt = select(*(_POINT_COLUMNS if full else _SUMMARY_COLUMNS)).join(
        DocumentRow, DocumentRow.id == FigureRow.document_id).where(FigureRow.negated.is_(False), *where)
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
        if not full:
            return list(map(SummaryPoint._make, rows))
        copies: dict[int, list[int]] = {}
        for orig, dup in conn.execute(select(DocumentRow.near_duplicate_of, DocumentRow.id)
                                      .where(DocumentRow.near_duplicate_of.is_not(None))):
            copies.setdefault(orig, []).append(dup)
    return [Point(*r, copies=sorted(copies.get(r[1], []))) if r[1] in copies else Point(*r) for r in rows]


def _defined(store: Store) -> list[TrackDef]:
    with store.session() as s:
        return [TrackDef(r.name, r.category, r.entity, r.head, r.counted)
                for r in s.scalars(select(TrackRow).order_by(TrackRow.name))]


def _where(d: TrackDef):
    conds = []
    if d.category:
        conds.append(FigureRow.category == d.category)
    if d.entity:
        conds.append(FigureRow.actor == d.entity.upper())
    if d.head:
        conds.append(or_(FigureRow.head == d.head, FigureRow.generic_head.is_(True)) if d.category
                     else FigureRow.head == d.head)
    return conds


# ---------------------------------------------------------------------------------------------
# Tracks


@dataclass
class TrackSummary:
    name: str
    category: str | None
    head: str | None
    actor: str | None
    defined: bool
    points: int
    sources: list[str]
    conflicts: int
    first: dt.date | None
    last: dt.date | None

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass
class Timeline:
    track: str
    definition: TrackDef | None
    points: list[Point]
    conflicts: list[Conflict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"track": self.track,
                "definition": self.definition.__dict__ if self.definition else None,
                "points": [p.as_dict() for p in self.points],
                "conflicts": [c.as_dict() for c in self.conflicts]}


def _summary(name, category, head, actor, defined, pts: list[Point]) -> TrackSummary:
    dated = [p.date for p in pts if p.date]
    return TrackSummary(name, category, head, actor, defined, len(pts), sorted({p.source for p in pts}),
                        count_conflicts(pts, category, ordered=True), min(dated) if dated else None, max(dated) if dated else None)


def tracks(store: Store) -> list[TrackSummary]:
    """User-defined tracks first (by name), then the automatic ones (category/head/actor)."""
    with gc_paused():
        return _tracks(store)


def _tracks(store: Store) -> list[TrackSummary]:
    out = []
    for d in _defined(store):
        out.append(_summary(d.name, d.category, d.head, d.entity, True, _defined_points(store, d, full=False)))
    for name, pts in group(_points(store, full=False), restate=False).items():
        cat, head, actor = parse_key(name)
        out.append(_summary(name, cat, head, actor, False, pts))
    return out


def _defined_points(store: Store, d: TrackDef, full: bool = True) -> list[Point]:
    pts = [p for p in _points(store, *_where(d), full=full) if d.matches(p)]
    return order(collapse([p for p in pts if countable(p)], restate=full))


def timeline(store: Store, name: str) -> Timeline:
    """The points of a defined track or of an automatic one (``category/head/actor``), in date
    order, with the conflicts among them. E402 for an unknown track."""
    with gc_paused():
        return _timeline(store, name)


def _timeline(store: Store, name: str) -> Timeline:
    for d in _defined(store):
        if d.name == name:
            pts = _defined_points(store, d)
            return Timeline(name, d, pts, conflicts(pts, d.category, ordered=True))
    parsed = parse_key(name)
    if parsed is not None:
        cat, head, actor = parsed
        base = (FigureRow.category == cat, FigureRow.actor.is_(None) if actor is None else FigureRow.actor == actor)
        # Only the rows of this track: its head, plus the generic heads when they join it (see group()).
        with store.engine.connect() as conn:
            named = set(conn.execute(select(FigureRow.head).distinct().where(
                *base, FigureRow.negated.is_(False), FigureRow.generic_head.is_(False))).scalars())
        generic = and_(FigureRow.head == GENERIC, FigureRow.generic_head.is_(True))   # head '-' for the index
        if head == GENERIC:       # generic heads form their own track unless exactly one named head takes them
            rows = _points(store, *base, generic) if len(named) != 1 else []
        elif head in named:
            own = and_(FigureRow.head == head, FigureRow.generic_head.is_(False))
            rows = _points(store, *base, or_(own, generic) if len(named) == 1 else own)
        else:
            rows = []
        groups = group(rows)
        if name in groups:
            pts = groups[name]
            return Timeline(name, None, pts, conflicts(pts, cat, ordered=True))
    raise NewsclaimsError(E402, f"no track named {name!r} (see 'newsclaims corpus tracks')")


def define_track(store: Store, name: str, *, category: str | None = None, entity: str | None = None,
                 counted: str | None = None) -> TrackDef:
    """Define (or redefine) a track by query; ``counted`` is normalised like a figure's counted phrase."""
    if not name or "/" in name:
        raise NewsclaimsError(E301, f"track name {name!r} must be non-empty and without '/' (reserved for automatic tracks)")
    if not (category or entity or counted):
        raise NewsclaimsError(E301, "a track needs at least one of --category, --entity, --counted")
    head = None
    if counted:
        head, generic = normalise_head(counted)
        head = None if generic else head
    entity = entity.upper() if entity else None
    with store.session() as s, s.begin():
        s.execute(delete(TrackRow).where(TrackRow.name == name))
        s.add(TrackRow(name=name, category=category, entity=entity, counted=counted, head=head,
                       created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)))
    return TrackDef(name, category, entity, head, counted)


def delete_track(store: Store, name: str) -> None:
    with store.session() as s, s.begin():
        if s.execute(delete(TrackRow).where(TrackRow.name == name)).rowcount == 0:
            raise NewsclaimsError(E402, f"no defined track named {name!r}")


# ---------------------------------------------------------------------------------------------
# Search and export


EXPORT_COLUMNS = [
    "figure_id", "document_id", "date", "date_from", "text", "low", "high", "approx", "unit", "category",
    "counted", "head", "actor", "source_name", "source_kind", "certainty", "negated", "time_text", "time_start",
    "time_end", "sentence", "start", "end", "published", "lang", "title", "site", "path", "url",
    "near_duplicate_of", "content_hash",
]


def _rows_stmt():
    return select(
        FigureRow.id.label("figure_id"), FigureRow.document_id, FigureRow.date, FigureRow.date_from, FigureRow.text,
        FigureRow.low, FigureRow.high, FigureRow.approx, FigureRow.unit, FigureRow.category, FigureRow.counted,
        FigureRow.head, FigureRow.actor, FigureRow.source_name, FigureRow.source_kind, FigureRow.certainty,
        FigureRow.negated, FigureRow.time_text, FigureRow.time_start, FigureRow.time_end, FigureRow.sentence,
        FigureRow.start, FigureRow.end, DocumentRow.published, DocumentRow.lang, DocumentRow.title,
        DocumentRow.site, DocumentRow.path, DocumentRow.url, DocumentRow.near_duplicate_of, DocumentRow.content_hash,
    ).join(DocumentRow, DocumentRow.id == FigureRow.document_id)


def search(store: Store, *, entity: str | None = None, source: str | None = None, category: str | None = None,
           since: dt.date | None = None, until: dt.date | None = None, limit: int | None = None) -> list[dict]:
    """Figures matching every given filter, in date order: ``entity`` is an ISO code (the figure's
    actor or any entity with that code in its sentence), ``source`` the source name or a whole word
    of it (case-insensitive), ``since``/``until`` bound the figure's date (inclusive)."""
    stmt = _rows_stmt()
    if entity:
        code = entity.upper()
        in_sentence = exists().where(
            EntityRow.document_id == FigureRow.document_id, EntityRow.code == code,
            EntityRow.start >= FigureRow.sentence_start, EntityRow.end <= FigureRow.sentence_end)
        stmt = stmt.where(or_(FigureRow.actor == code, in_sentence))
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
    from ..render.table import TABLE_FORMATS, write_table

    if fmt not in TABLE_FORMATS:  # before the query
        raise NewsclaimsError(E301, f"unknown export format {fmt!r} ({', '.join(TABLE_FORMATS)})")
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
