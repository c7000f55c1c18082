"""Engines for the embedded store (SQLite) and team mode (PostgreSQL), and schema upgrades."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import OperationalError

from docket.config import Settings
from docket.errors import StoreError


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(settings: Settings) -> Engine:
    """An engine for the configured store; creates the SQLite file's folder if needed."""
    url = settings.database_url
    if settings.is_sqlite:
        path = Path(url.removeprefix("sqlite:///"))
        if str(path) not in ("", ":memory:"):
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        if not _has_fts5():
            raise StoreError("This Python's SQLite has no FTS5 full-text search; Docket needs it.")
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True)


def _has_fts5() -> bool:
    con = sqlite3.connect(":memory:")
    try:
        con.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        con.close()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "docket.storage:migrations")
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates it in an empty store)."""
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "heads")
    except OperationalError as err:
        raise StoreError(f"Cannot open or upgrade the store: {err.orig}") from err


def is_initialised(engine: Engine) -> bool:
    return inspect(engine).has_table("alembic_version")
