"""Migration 0006 creates exactly the tables `storage/campaign_tables.py` declares."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, inspect

from docket.services.store import Store
from docket.storage import campaign_tables as t

ROWS: list[Any] = [t.CampaignScanRow, t.CampaignArticleRow, t.CampaignRow, t.CampaignMemberRow,
                   t.CampaignReuseRow, t.CampaignCaptureRow]  # fmt: skip


def _ours(change: Any, names: set[str]) -> bool:
    """A difference about our tables (other features' tables are not declared here)."""
    if isinstance(change, tuple) and change[0] in ("remove_table", "remove_index"):
        return bool(change[1].name in names or getattr(change[1], "table", None) is not None
                    and change[1].table.name in names)  # fmt: skip
    return True


def test_migration_matches_the_tables(store: Store) -> None:
    ours = MetaData()
    for row in ROWS:
        row.__table__.to_metadata(ours)
    names = {row.__tablename__ for row in ROWS}
    with store.engine.connect() as conn:
        assert names <= set(inspect(conn).get_table_names())
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = [
            d
            for d in compare_metadata(context, ours)
            if not (isinstance(d, tuple) and d[0] == "remove_table")  # other features' tables
            and not (
                isinstance(d, tuple) and d[0] == "remove_index" and d[1].table.name not in names
            )
        ]
    assert diff == []
