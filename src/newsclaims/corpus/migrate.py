"""Applies the corpus store's Alembic migrations programmatically (on every open)."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine


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
    cfg = config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
