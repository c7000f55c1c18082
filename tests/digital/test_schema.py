"""The 0003 migration creates exactly the tables `storage/digital_tables.py` declares."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, Table

from docket.services.store import Store
from docket.storage import digital_tables as t

ROWS: list[Any] = [
    t.OoniFileRow, t.OoniMeasurementRow, t.OoniRawRow, t.TakedownFileRow, t.GoogleRemovalRow,
    t.GoogleRemovalDetailRow, t.LumenNoticeRow,
]  # fmt: skip


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


def test_migration_matches_the_tables(store: Store) -> None:
    ours = MetaData()
    for row in ROWS:
        row.__table__.to_metadata(ours)
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, ours)
    # Other tables (other features' migrations) show as "remove": only ours matter here.
    mine = [d for d in diff if _tables_named(d) & set(ours.tables)]
    assert mine == []
