"""On PostgreSQL, search's `lower(x) LIKE '%word%'` is answered from trigram indexes (migration
0012), not by reading every name and title."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, text

from docket.services.loading import load_dataset
from docket.services.store import Store
from docket.storage import search_queries
from tests.conftest import FICTIONAL

VISIBLE = frozenset({"public", "internal", "restricted"})


def _plan(conn: Connection, statement: str) -> str:
    return "\n".join(str(r[0]) for r in conn.execute(text("EXPLAIN " + statement)))


def test_search_reads_the_trigram_indexes(store: Store) -> None:
    load_dataset(store, FICTIONAL)
    with store.read() as conn:
        if conn.dialect.name != "postgresql":
            pytest.skip("SQLite searches through FTS5: no trigram indexes")
        made = {
            str(name)
            for (name,) in conn.execute(
                text(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                    "AND right(indexname, 5) = '_trgm'"
                )
            )
        }
        assert {"ix_person_name_value_trgm", "ix_source_title_trgm"} <= made
        # The indexes give the answers the scans gave (the planner made to prefer them).
        scanned = search_queries.person_text_search(conn, "nurlan", VISIBLE, limit=50)
        titles = search_queries.title_search(conn, "source", "report", VISIBLE, limit=50)
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        assert search_queries.person_text_search(conn, "nurlan", VISIBLE, limit=50) == scanned
        assert search_queries.title_search(conn, "source", "report", VISIBLE, limit=50) == titles
        assert "aigerim-nurlanova" in scanned and titles
        # ... and the shape of query search sends can use them: LIKE with its escape character
        plan = _plan(
            conn,
            "SELECT person_id FROM person_name WHERE lower(value) LIKE '%' || "
            "replace('nurlan', '/', '//') || '%' ESCAPE '/'",
        )
        assert "ix_person_name_value_trgm" in plan, plan
