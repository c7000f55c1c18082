"""The migrations build exactly the tables the code declares, on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

import docket.storage
from docket.services.store import Store
from docket.storage.tables import Base


def _declare_every_table() -> None:
    """Import every storage module, so each feature's tables are registered on Base."""
    for module in pkgutil.iter_modules(docket.storage.__path__):
        if module.name != "migrations":
            importlib.import_module(f"docket.storage.{module.name}")


def test_migrated_schema_matches_the_declared_tables(store: Store) -> None:
    _declare_every_table()
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        diff = [
            d
            for d in compare_metadata(context, Base.metadata)
            if not (d[0] == "remove_table" and d[1].name == "alembic_version")
        ]
    # FTS5 tables on SQLite are made by hand in the first migration and are not declared.
    diff = [d for d in diff if "search_fts" not in repr(d)]
    # Trigram indexes on PostgreSQL (0012) index an expression with an operator class of an
    # extension that may be absent: made by hand, not declared.
    diff = [d for d in diff if not (d[0] == "remove_index" and d[1].name.endswith("_trgm"))]
    assert diff == []


def test_heads_read_from_the_files_are_alembics_heads() -> None:
    from alembic.script import ScriptDirectory

    from docket.storage.engine import alembic_config, migration_heads

    assert migration_heads() == frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_an_older_store_is_upgraded_when_opened(tmp_path: Path) -> None:
    """Opening skips Alembic only when the store is at every head: a store left at an older
    revision is brought up to date."""
    from docket.config import Settings
    from docket.services.store import open_store
    from docket.storage.engine import migration_heads

    settings = Settings.from_env({"DOCKET_DATA_DIR": str(tmp_path)})
    store = open_store(settings)
    with store.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_status_span_on_day"))
        # As a store made before 0009: 0004 is implied by 0007_integrity, which depends on it.
        conn.execute(text("DELETE FROM alembic_version WHERE version_num = '0009'"))
    store.engine.dispose()
    reopened = open_store(settings)
    with reopened.engine.connect() as conn:
        versions = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
        indexes = {i["name"] for i in inspect(conn).get_indexes("status_span")}
    assert versions == migration_heads()
    assert "ix_status_span_on_day" in indexes


def test_a_store_from_a_newer_docket_is_refused_unchanged(tmp_path: Path) -> None:
    """A store upgraded by a newer Docket (a revision these files do not know) is refused with
    a plain message, not an Alembic traceback, and left as it was."""
    import pytest

    from docket.config import Settings
    from docket.errors import StoreError
    from docket.services.store import open_store

    settings = Settings.from_env({"DOCKET_DATA_DIR": str(tmp_path)})
    store = open_store(settings)
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE alembic_version SET version_num = '9999' WHERE version_num = '0009'")
        )
    store.engine.dispose()
    with pytest.raises(StoreError, match="newer version of Docket.*9999"):
        open_store(settings)
    with store.engine.connect() as conn:
        versions = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    assert "9999" in versions and "0009" not in versions
