"""Reading stored figures as track Points, each placed by the track rule.

The rule (``measure.measure``) reads a figure's stored facts; its result (measure, counted class,
actor, reason) is cached in the table ``track_keys`` under ``measure.rule_version()``, a hash of
the rule's code and every language's corpus words. A read takes the cached result where the
current version has one and computes the rest: every figure after the rule or the words changed,
only the newly added ones otherwise. It then stores what it computed and drops the keys of other
versions. The cache is never needed for a right answer: where it cannot be written (a read-only
store, a lock) the read still computes every figure it lacks. Grouping (class joining, merges,
collapsing, conflicts) stays a computation over the points (``tracks``): changing it needs
neither re-analysis nor a cache.
"""

from __future__ import annotations

from sqlalchemy import and_, delete, insert, null, or_, select
from sqlalchemy.exc import DBAPIError

from . import measure
from .store import DocumentRow, EntityRow, FigureRow, Store, TrackKeyRow as Key
from .tracks import Point

# Each Point field read from the store, in the Point's field order, and its column.
_COLUMNS = {
    "figure_id": FigureRow.id, "document_id": FigureRow.document_id, "date": FigureRow.date,
    "date_from": FigureRow.date_from, "low": FigureRow.low, "high": FigureRow.high, "approx": FigureRow.approx,
    "text": FigureRow.text, "category": FigureRow.category, "source_name": FigureRow.source_name,
    "source_kind": FigureRow.source_kind, "certainty": FigureRow.certainty, "counted": FigureRow.counted,
    "unit": FigureRow.unit, "sentence": FigureRow.sentence, "start": FigureRow.start, "end": FigureRow.end,
    "published": DocumentRow.published, "title": DocumentRow.title, "path": DocumentRow.path,
    "url": DocumentRow.url, "site": DocumentRow.site, "near_duplicate_of": DocumentRow.near_duplicate_of,
    "source_relay": FigureRow.source_relay, "lang": DocumentRow.lang,
    "measure": Key.measure, "counted_class": Key.counted, "actor": Key.actor, "reason": Key.why,
}
# Shown to readers, never read by grouping, conflicts, revisions or track summaries: a read
# without ``details`` asks for NULL in their place (None on its points).
DETAILS = frozenset({"date_from", "text", "source_kind", "certainty", "unit", "sentence", "published", "title",
                     "path", "url", "site", "reason"})
# What the rule reads besides the Point's own fields (``measure.Facts``).
_FACTS = (FigureRow.counted_start, FigureRow.counted_end, FigureRow.sentence_start, FigureRow.sentence_end,
          FigureRow.source_start, FigureRow.source_end)
# Up to this many documents' entities are asked for by id; more (after a rule change), all at once.
_IDS_PER_QUERY = 500


def read(store: Store, *, details: bool = True, about: set[tuple[str, str | None]] | None = None) -> list[Point]:
    """Every non-negated figure with a value as a Point, placed by the track rule. ``about``:
    only the figures of these (measure, actor) pairs (and any the cache lacks, to place them)."""
    version = measure.rule_version()
    on_version = and_(Key.figure_id == FigureRow.id, Key.rule == version)
    stmt = (select(*(c if details or f not in DETAILS else null() for f, c in _COLUMNS.items()), Key.rule, *_FACTS)
            .join(DocumentRow, DocumentRow.id == FigureRow.document_id).outerjoin(Key, on_version)
            .where(FigureRow.negated.is_(False), or_(FigureRow.low.is_not(None), FigureRow.high.is_not(None))))
    if about is not None:
        stmt = stmt.where(or_(Key.figure_id.is_(None), *(
            and_(Key.measure == m, Key.actor == a if a is not None else Key.actor.is_(None)) for m, a in about)))
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
        copies = _copies(conn)
    points = _build(rows, copies)
    n = len(_COLUMNS)
    placed = _place(store, [(p, r[n + 1:]) for p, r in zip(points, rows) if r[n] is None])   # no key cached
    if placed:
        _store_keys(store, version, placed)
    return points


def _build(rows, copies: dict[int, list[int]]) -> list[Point]:
    """Points from rows of the ``_COLUMNS`` (then the cached key's version and the facts)."""
    n = len(_COLUMNS)
    out = []
    for r in rows:
        p = Point(*r[:n])
        if p.document_id in copies:
            p.copies = sorted(copies[p.document_id])
        out.append(p)
    return out


def _copies(conn) -> dict[int, list[int]]:
    """Each document's near-duplicates, by the document they copy."""
    out: dict[int, list[int]] = {}
    for orig, dup in conn.execute(select(DocumentRow.near_duplicate_of, DocumentRow.id)
                                  .where(DocumentRow.near_duplicate_of.is_not(None))):
        out.setdefault(orig, []).append(dup)
    return out


def _place(store: Store, todo: list[tuple[Point, tuple]]) -> list[Point]:
    """Run the track rule for points the cache had no keys for (``facts``: their ``_FACTS``)."""
    if not todo:
        return []
    coded = _coded(store, {p.document_id for p, _facts in todo})
    for p, (c0, c1, s0, s1, q0, q1) in todo:
        facts = measure.Facts(p.category, p.counted, c0, c1, p.start, p.end, s0, s1, q0, q1, p.lang)
        m = measure.measure(facts, coded.get(p.document_id, []))
        p.measure, p.counted_class, p.actor, p.reason = m.measure, m.counted, m.actor, m.why
    return [p for p, _facts in todo]


def _coded(store: Store, documents: set[int]) -> dict[int, list[measure.Coded]]:
    """The entities with a country code of ``documents``, in text order."""
    stmt = (select(EntityRow.document_id, EntityRow.start, EntityRow.end, EntityRow.code, EntityRow.text)
            .where(EntityRow.code.is_not(None)).order_by(EntityRow.document_id, EntityRow.start))
    if len(documents) <= _IDS_PER_QUERY:
        stmt = stmt.where(EntityRow.document_id.in_(sorted(documents)))
    out: dict[int, list[measure.Coded]] = {}
    with store.engine.connect() as conn:
        for doc_id, start, end, code, text in conn.execute(stmt):
            out.setdefault(doc_id, []).append(measure.Coded(start, end, code, text))
    return out


def _store_keys(store: Store, version: str, points: list[Point]) -> None:
    """Cache the rule's result of ``points`` under ``version``; drop other versions' keys."""
    rows = [{"figure_id": p.figure_id, "rule": version, "measure": p.measure, "counted": p.counted_class,
             "actor": p.actor, "why": p.reason} for p in points]
    try:
        with store.engine.begin() as conn:
            conn.execute(delete(Key).where(Key.rule != version))
            conn.execute(_insert_new(conn.dialect.name), rows)
    except DBAPIError:
        # A store this process cannot write to, a lock held too long, a figure deleted meanwhile:
        # the points are right without the cache; the next read tries again.
        pass


def _insert_new(dialect: str):
    """An insert that skips keys another reader stored meanwhile (both backends' ON CONFLICT)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as upsert
    else:
        return insert(Key)
    return upsert(Key).on_conflict_do_nothing()


def forget(store: Store) -> None:
    """Drop every cached key (the next read places every figure again, as after a rule change)."""
    with store.engine.begin() as conn:
        conn.execute(delete(Key))
