"""The 0005_evidence migration creates exactly the tables `storage/evidence_tables.py`
declares, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect

from docket.services.store import Store
from docket.storage import evidence_tables as t
from tests.schema_diff import declared, differences

ROWS: list[Any] = [
    t.EvidenceRow, t.EvidenceFileRow, t.EvidenceTimestampRow, t.CustodyRow, t.SourceCheckRow,
]  # fmt: skip


def test_migration_matches_the_tables(store: Store) -> None:
    ours = declared(ROWS)
    assert set(ours.tables) <= set(inspect(store.engine).get_table_names())
    assert differences(store, ours) == []
