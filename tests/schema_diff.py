"""For per-feature migration tests: what Alembic finds different between a store's schema and
the tables one feature declares, leaving out the other features' tables."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, Table

from docket.services.store import Store


def _tables_named(change: Any) -> set[str]:
    """The table names a difference Alembic reports is about (its parts may be nested)."""
    found: set[str] = set()
    for part in change if isinstance(change, list | tuple) else [change]:
        if isinstance(part, list | tuple):
            found |= _tables_named(part)
        elif isinstance(part, str):
            found.add(part)
        elif isinstance(part, Table):
            found.add(part.name)
        elif isinstance(getattr(part, "table", None), Table):
            found.add(part.table.name)
    return found


def declared(rows: list[Any]) -> MetaData:
    ours = MetaData()
    for row in rows:
        row.__table__.to_metadata(ours)
    return ours


def differences(store: Store, ours: MetaData) -> list[Any]:
    """Alembic's differences that concern the declared tables (other tables show as "remove")."""
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, ours)
    return [d for d in diff if _tables_named(d) & set(ours.tables)]
