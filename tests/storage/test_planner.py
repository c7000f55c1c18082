"""The planner's statistics on PostgreSQL are gathered for every table that holds rows, even
when PostgreSQL's activity statistics have not counted those rows yet (a backend reports its
counts only once idle, at most once a second: right after a load they often read 0)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from docket.services.store import Store
from docket.storage import planner


@pytest.mark.postgres
@pytest.mark.parametrize("settings", ["postgres"], indirect=True)
def test_rows_not_yet_counted_are_analysed(store: Store) -> None:
    with store.engine.connect() as conn, conn.begin() as tx:
        conn.execute(
            text(
                "INSERT INTO ooni_file (sha256, name, imported_at, measurements, new, raw) "
                "VALUES (:sha, 'f.jsonl', '2026-01-01T00:00:00Z', 0, 0, 0)"
            ),
            {"sha": "0" * 64},
        )
        # this transaction's rows are counted only once it ends: the counts still say 0
        counted = conn.scalar(
            text(
                "SELECT n_live_tup FROM pg_stat_user_tables "
                "WHERE schemaname = current_schema() AND relname = 'ooni_file'"
            )
        )
        assert counted == 0
        analysed = planner.refresh_statistics(conn)
        assert "ooni_file" in analysed
        assert "ooni_measurement" not in analysed  # empty: nothing to learn yet
        tx.rollback()
