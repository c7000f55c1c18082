"""search: trigram indexes for finding words inside names and titles on PostgreSQL

Search on PostgreSQL asks for names and titles containing each word (`lower(x) LIKE '%word%'`),
which no B-tree index answers: on 100,000 people each spelling read every name (0.2 s). The
pg_trgm extension's GIN indexes answer such a LIKE from the index. The extension ships with
PostgreSQL (Debian's server packages include it) and is trusted, so the database's owner may add
it; where it cannot be added, search works as before, only slower. SQLite searches through FTS5
(0001) and gets nothing here.

Revision ID: 0012
Revises: 0001
Create Date: 2026-11-22
"""

from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0012"
down_revision = "0001"
branch_labels = None
depends_on = None

# (table, column): what storage.search_queries reads with lower(column) LIKE '%word%'
SEARCHED = (
    ("person_name", "value"),
    ("legal_case", "title"),
    ("legal_case", "case_number"),
    ("source", "title"),
    ("source", "publisher"),
    ("source", "url"),
    ("organisation", "name"),
)
_FIND = (
    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
    "WHERE e.extname = 'pg_trgm'"
)


def _extension_schema() -> str | None:
    """The schema pg_trgm is installed in, adding it (to public) where it may be added."""
    bind = op.get_bind()
    found = bind.exec_driver_sql(_FIND).scalar()
    if found is None:
        try:
            with bind.begin_nested():
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        except DBAPIError:  # not available, or the role may not add it: search stays as it was
            pass
        found = bind.exec_driver_sql(_FIND).scalar()
    return None if found is None else str(found)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = _extension_schema()
    if schema is None:
        return
    for table, column in SEARCHED:
        op.execute(
            f'CREATE INDEX IF NOT EXISTS "ix_{table}_{column}_trgm" ON "{table}" '
            f'USING gin (lower("{column}") "{schema}".gin_trgm_ops)'
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in SEARCHED:
        op.execute(f'DROP INDEX IF EXISTS "ix_{table}_{column}_trgm"')
