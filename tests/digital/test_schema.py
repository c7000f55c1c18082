"""The 0003 migration creates exactly the tables `storage/digital_tables.py` declares."""

from __future__ import annotations

from typing import Any

from docket.services.store import Store
from docket.storage import digital_tables as t
from tests.schema_diff import declared, differences

ROWS: list[Any] = [
    t.OoniFileRow, t.OoniMeasurementRow, t.OoniRawRow, t.TakedownFileRow, t.GoogleRemovalRow,
    t.GoogleRemovalDetailRow, t.LumenNoticeRow,
]  # fmt: skip


def test_migration_matches_the_tables(store: Store) -> None:
    ours = declared(ROWS)
    assert differences(store, ours) == []
