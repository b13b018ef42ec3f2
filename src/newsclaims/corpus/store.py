"""The corpus store: SQLAlchemy 2 models, opening (with Alembic migrations) and writing Reports.

One Report is written in one transaction (document row, then its entities, times, sources,
figures, claims and MinHash bands as bulk inserts): an interrupted run leaves no half-written
document, and the content hash makes a re-run skip what is already there.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import (
    BigInteger, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text,
    create_engine, event, func, inspect, select,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from ..errors import E401, E403, NewsclaimsError
from ..report import Report
from . import dedupe, measure

DEFAULT_DB = "~/.local/share/newsclaims/corpus.db"


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    report_id: Mapped[str] = mapped_column(String(32))
    source_kind: Mapped[str | None] = mapped_column(String(16))
    source_name: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    lang: Mapped[str] = mapped_column(String(8))
    title: Mapped[str | None] = mapped_column(Text)
    site: Mapped[str | None] = mapped_column(Text)
    near_duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"), index=True)
    similarity: Mapped[float | None] = mapped_column(Float)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)
    report_json: Mapped[str] = mapped_column(Text)


class EntityRow(Base):
    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    eid: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(String(8), index=True)


class TimeRow(Base):
    __tablename__ = "times"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    tid: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    value_start: Mapped[dt.date | None] = mapped_column(Date)
    value_end: Mapped[dt.date | None] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(8))
    resolved: Mapped[bool] = mapped_column(Boolean)


class SourceRow(Base):
    """One row per distinct source a document attributes figures or claims to."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    entity_code: Mapped[str | None] = mapped_column(String(8))


class FigureRow(Base):
    __tablename__ = "figures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    qid: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    approx: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(32), index=True)
    counted: Mapped[str | None] = mapped_column(Text)
    counted_start: Mapped[int | None] = mapped_column(Integer)
    counted_end: Mapped[int | None] = mapped_column(Integer)
    source_name: Mapped[str | None] = mapped_column(Text, index=True)
    source_kind: Mapped[str | None] = mapped_column(String(32))
    source_relay: Mapped[str | None] = mapped_column(Text)
    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    certainty: Mapped[str] = mapped_column(String(16))
    negated: Mapped[bool] = mapped_column(Boolean)
    time_text: Mapped[str | None] = mapped_column(Text)
    time_start: Mapped[dt.date | None] = mapped_column(Date)
    time_end: Mapped[dt.date | None] = mapped_column(Date)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_from: Mapped[str] = mapped_column(String(16))
    sentence_index: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str | None] = mapped_column(Text)
    sentence_start: Mapped[int | None] = mapped_column(Integer)
    sentence_end: Mapped[int | None] = mapped_column(Integer)


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    cid: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    certainty: Mapped[str] = mapped_column(String(16))
    source_name: Mapped[str | None] = mapped_column(Text)
    source_kind: Mapped[str | None] = mapped_column(String(32))
    negated: Mapped[bool] = mapped_column(Boolean)
    checkworthiness: Mapped[float] = mapped_column(Float)
    quantities: Mapped[str] = mapped_column(Text)
    entities: Mapped[str] = mapped_column(Text)


class BandRow(Base):
    """MinHash bands of a document's shingles: documents sharing a band are near-duplicate candidates."""

    __tablename__ = "doc_bands"
    __table_args__ = (Index("ix_doc_bands_band", "band"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    band: Mapped[int] = mapped_column(BigInteger)


_DOCS = DocumentRow.__table__


class TrackRow(Base):
    """A track a user defined by query; each filter is optional. ``counted`` is kept as the user
    wrote it and read through the language data when tracks are listed."""

    __tablename__ = "tracks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    category: Mapped[str | None] = mapped_column(String(32))
    entity: Mapped[str | None] = mapped_column(String(8))
    counted: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class TrackRuleRow(Base):
    """A user's correction to the automatic tracks, applied when tracks are read: ``merge``
    (the points of track ``other`` go into ``track``) or ``exclude`` (figure ``figure_id`` joins
    no track)."""

    __tablename__ = "track_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    track: Mapped[str | None] = mapped_column(String(200))
    other: Mapped[str | None] = mapped_column(String(200))
    figure_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class TrackKeyRow(Base):
    """A cache, never the truth: where the track rule (``measure.measure``) placed a figure, under
    the rule's version (``measure.rule_version()``). Any row may be dropped; a read recomputes
    what is missing for the current version (``corpus.points``)."""

    __tablename__ = "track_keys"

    figure_id: Mapped[int] = mapped_column(ForeignKey("figures.id", ondelete="CASCADE"), primary_key=True)
    rule: Mapped[str] = mapped_column(String(16), primary_key=True)
    measure: Mapped[str] = mapped_column(Text)
    counted: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text)


# ---------------------------------------------------------------------------------------------
# Opening


def resolve_url(url: str | os.PathLike | None, *, create: bool = True) -> str:
    """A SQLAlchemy URL for ``url``: None means the default file, a plain path means a SQLite file
    (its folder made when ``create``)."""
    if url is None:
        url = os.environ.get("NEWSCLAIMS_CORPUS_DB") or DEFAULT_DB
    url = str(url)
    if "://" not in url:
        path = Path(url).expanduser()
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    for plain in ("postgres://", "postgresql://"):
        if url.startswith(plain):    # SQLAlchemy 2.1 would pick psycopg 3; newsclaims depends on psycopg2
            url = "postgresql+psycopg2://" + url[len(plain):]
    return url


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


class Store:
    """An open corpus: an engine plus a session factory. Use as a context manager or call close()."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.Session = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def session(self) -> Session:
        return self.Session()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- reading helpers -------------------------------------------------------------------
    def has(self, content_hash: str) -> bool:
        with self.session() as s:
            return s.scalar(select(DocumentRow.id).where(DocumentRow.content_hash == content_hash)) is not None

    def count(self, model=None) -> int:
        from sqlalchemy import func

        model = model or DocumentRow
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(model))


def open_store(url: str | os.PathLike | None = None, *, migrate: bool = True, create: bool = True) -> Store:
    """Open (creating and migrating as needed) the corpus at ``url``; E401 when it cannot be opened.
    ``create=False`` (read-only commands): E403 when there is no corpus there yet."""
    try:
        sa_url = resolve_url(url, create=create)
    except OSError as exc:
        raise NewsclaimsError(E401, f"cannot open corpus {url}: {exc.strerror or exc}") from None
    if not create:
        _must_exist(sa_url)
    try:
        parsed = make_url(sa_url)
        kwargs = {}
        if parsed.get_backend_name() == "sqlite":
            kwargs["connect_args"] = {"timeout": 30}
        engine = create_engine(parsed, **kwargs)
        if parsed.get_backend_name() == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        if migrate:
            from .migrate import upgrade

            upgrade(engine)
        else:
            with engine.connect():
                pass
    except (ArgumentError, OperationalError, SQLAlchemyError, ImportError, OSError) as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        raise NewsclaimsError(E401, f"cannot open corpus {make_url_safe(sa_url)}: {msg}") from None
    return Store(engine)


def _must_exist(sa_url: str) -> None:
    """E403 unless the store at ``sa_url`` exists and holds a corpus (never creates one)."""
    try:
        parsed = make_url(sa_url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            found = Path(parsed.database).is_file()
        else:
            engine = create_engine(parsed)
            try:
                found = inspect(engine).has_table("documents")
            finally:
                engine.dispose()
    except (ArgumentError, SQLAlchemyError, ImportError, OSError) as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        raise NewsclaimsError(E401, f"cannot open corpus {make_url_safe(sa_url)}: {msg}") from None
    if not found:
        raise NewsclaimsError(E403, f"no corpus at {make_url_safe(sa_url)} (create one with 'newsclaims corpus add')")


def make_url_safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


# ---------------------------------------------------------------------------------------------
# Writing


@dataclass
class Added:
    """What happened to one Report: stored (new id), skipped (already there), near-duplicate of."""

    document_id: int
    new: bool
    near_duplicate_of: int | None = None
    similarity: float | None = None


@dataclass
class AddResult:
    added: int = 0
    skipped: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)


def content_hash(report: Report) -> str:
    import hashlib

    return hashlib.sha256(report.document.text.encode("utf-8")).hexdigest()


def add_report(store: Store, report: Report, *, site: str | None = None, dedupe_near: bool = True) -> Added:
    """Store one Report in one transaction; a text already stored is skipped (idempotent)."""
    # Core statements on one connection (ORM bulk inserts cost 3x more per document).
    try:
        with store.engine.begin() as conn:
            return write_report(conn, report, site=site, dedupe_near=dedupe_near)
    except IntegrityError:
        # Another process stored the same text in the meantime: that is a skip, not an error.
        with store.engine.connect() as conn:
            existing = conn.execute(select(DocumentRow.id).where(DocumentRow.content_hash == content_hash(report))).scalar()
        if existing is None:
            raise
        return Added(existing, False)


def write_report(s, report: Report, *, site: str | None = None, dedupe_near: bool = True) -> Added:
    """Write one Report on an open connection ``s``, inside the caller's transaction."""
    chash = content_hash(report)
    existing = s.execute(select(DocumentRow.id).where(DocumentRow.content_hash == chash)).scalar()
    if existing is not None:
        return Added(existing, False)
    doc = report.document
    norm = dedupe.normalise(doc.text)
    bands = dedupe.bands(norm)
    dup_of, sim = (None, None)
    if dedupe_near:
        dup_of, sim = _find_near_duplicate(s, doc.lang, norm, bands)
    row = {
        "content_hash": chash, "report_id": doc.id, "source_kind": doc.source.kind,
        "source_name": doc.source.name, "path": doc.source.path, "url": doc.source.url,
        "published": doc.published, "lang": doc.lang, "title": doc.title, "site": site or doc.site,
        "near_duplicate_of": dup_of, "similarity": sim, "added_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "report_json": report.model_dump_json(),
    }
    doc_id = s.execute(_DOCS.insert().values(**row).returning(_DOCS.c.id)).scalar_one()
    _insert_children(s, doc_id, report, bands)
    return Added(doc_id, True, dup_of, sim)


def _find_near_duplicate(s, lang: str, norm: str, bands: list[int]) -> tuple[int | None, float | None]:
    """The earliest stored document of the same story, if any: candidates share MinHash bands (the
    ``dedupe.MAX_CANDIDATES`` sharing most), confirmed by token-set similarity."""
    if not bands:
        return None, None
    shared = func.count(BandRow.id)
    cand = s.execute(
        select(BandRow.document_id, shared).join(DocumentRow, DocumentRow.id == BandRow.document_id)
        .where(BandRow.band.in_(bands), DocumentRow.lang == lang)
        .group_by(BandRow.document_id).order_by(shared.desc(), BandRow.document_id).limit(int(dedupe.MAX_CANDIDATES.value))
    ).all()
    best: tuple[int | None, float | None] = (None, None)
    for doc_id, _n in cand:
        row = s.execute(select(DocumentRow.report_json, DocumentRow.near_duplicate_of).where(DocumentRow.id == doc_id)).one()
        other = json.loads(row.report_json)["document"]["text"]
        score = dedupe.similarity(norm, dedupe.normalise(other))
        if score >= dedupe.threshold() and (best[1] is None or score > best[1]):
            # Point at the first document of the story, not at another copy.
            best = (row.near_duplicate_of or doc_id, score)
    return best


def _insert_children(s, doc_id: int, report: Report, bands: list[int]) -> None:
    """Bulk-insert everything that hangs off one document (inside the caller's transaction)."""
    rows = measure.report_rows(report)
    for model, key in ((EntityRow, "entities"), (TimeRow, "times"), (SourceRow, "sources"),
                       (FigureRow, "figures"), (ClaimRow, "claims")):
        if rows[key]:
            for r in rows[key]:
                r["document_id"] = doc_id
            s.execute(model.__table__.insert(), rows[key])
    if bands:
        s.execute(BandRow.__table__.insert(), [{"document_id": doc_id, "band": b} for b in sorted(set(bands))])
