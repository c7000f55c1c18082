"""The query planner's statistics: how many rows the tables hold and how their values spread.

SQLite keeps none until ANALYZE runs, and without them it may walk a large index (all the status
spans of a status) where a small one (the people of a region) would do: a filtered list of
people on 100,000 people took 0.46 s instead of 0.34 s.
"""

from __future__ import annotations

from sqlalchemy import Connection

# Rows examined per index: enough for the planner to tell a selective index from a broad one,
# cheap on any size of store (about 0.2 s on a million events).
SAMPLE_ROWS = 1000


def refresh_statistics(conn: Connection) -> None:
    """Gather the planner's statistics again (SQLite: a sampled ANALYZE). PostgreSQL keeps its
    own up to date (autovacuum); there this does nothing."""
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql(f"PRAGMA analysis_limit={SAMPLE_ROWS}")
    conn.exec_driver_sql("ANALYZE")
