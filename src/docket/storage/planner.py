"""The query planner's statistics: how many rows the tables hold and how their values spread.

SQLite keeps none until ANALYZE runs, and without them it may walk a large index (all the status
spans of a status) where a small one (the people of a region) would do: a filtered list of
people on 100,000 people took 0.46 s instead of 0.34 s. PostgreSQL's autovacuum gathers its own,
but only a while after a bulk load (more than ten minutes after a million events, on a busy
server); until then its plans are guesses too.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

# Rows examined per index: enough for the planner to tell a selective index from a broad one,
# cheap on any size of store (about 0.2 s on a million events).
SAMPLE_ROWS = 1000

# Whether a table holds rows is asked of the table itself: the activity statistics' row counts
# (n_live_tup) come from each backend once it is idle, at most once a second, and right after a
# load they often still say 0.
_NEVER_ANALYSED = text(
    "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
    "AND last_analyze IS NULL AND last_autoanalyze IS NULL ORDER BY relname"
)


def refresh_statistics(conn: Connection) -> list[str]:
    """Gather the planner's statistics: on SQLite a sampled ANALYZE of every table; on
    PostgreSQL an ANALYZE of the tables of the store's schema that hold rows and were never
    analysed (autovacuum keeps them fresh afterwards). Returns the tables analysed."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA analysis_limit={SAMPLE_ROWS}")
        conn.exec_driver_sql("ANALYZE")
        return ["*"]
    quote = conn.dialect.identifier_preparer.quote
    tables = never_analysed(conn)
    for name in tables:
        conn.exec_driver_sql(f"ANALYZE {quote(name)}")
    return tables


def never_analysed(conn: Connection) -> list[str]:
    """PostgreSQL: the tables of the store's schema that hold rows and were never analysed."""
    quote = conn.dialect.identifier_preparer.quote
    return [
        name
        for name in map(str, conn.scalars(_NEVER_ANALYSED))
        if conn.exec_driver_sql(f"SELECT 1 FROM {quote(name)} LIMIT 1").first() is not None  # noqa: S608
    ]
