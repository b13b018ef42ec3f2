"""Applies the corpus store's Alembic migrations programmatically (on every open).

Two processes that open a new store at once must not both create its tables: the upgrade runs
under a lock (a lock file beside a SQLite database, an advisory lock on PostgreSQL) and checks
the revision again once it holds it."""

from __future__ import annotations

import contextlib
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine

# Any fixed 64-bit key: the advisory lock that serialises migrations of one PostgreSQL database.
_PG_LOCK_KEY = 0x6E657773636C6D73  # "newsclms"


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("newsclaims.corpus").joinpath("migrations")))
    return cfg


def head() -> str:
    return ScriptDirectory.from_config(config()).get_current_head()


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the store up to the newest revision (a no-op when it is there already)."""
    if current(engine) == head():
        return
    with _migration_lock(engine):
        if current(engine) == head():  # another process migrated while this one waited
            return
        cfg = config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


@contextlib.contextmanager
def _migration_lock(engine: Engine):
    backend, database = engine.url.get_backend_name(), engine.url.database
    if backend == "sqlite" and database not in (None, "", ":memory:"):
        from filelock import FileLock

        with FileLock(f"{database}.migrate.lock", timeout=120):
            yield
    elif backend == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                conn.commit()
    else:
        yield
