"""The 0005_evidence migration creates exactly the tables `storage/evidence_tables.py`
declares, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, Table, inspect

from docket.services.store import Store
from docket.storage import evidence_tables as t

ROWS: list[Any] = [
    t.EvidenceRow, t.EvidenceFileRow, t.EvidenceTimestampRow, t.CustodyRow, t.SourceCheckRow,
]  # fmt: skip


def _tables_named(change: Any) -> set[str]:
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
    assert set(ours.tables) <= set(inspect(store.engine).get_table_names())
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, ours)
    mine = [d for d in diff if _tables_named(d) & set(ours.tables)]
    assert mine == []
