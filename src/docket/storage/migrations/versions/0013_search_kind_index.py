"""search: the searched text indexed by the kind of record it belongs to

On PostgreSQL, searching the text of captured pages (`evidence` records in `search_text`) read
every record's text and matched the words against it before looking at its kind: 0.1 s alone,
0.6-1.3 s under 20 concurrent searches, on a record of 100,000 people with no captured page.
With the kind indexed, the store reads only the captured pages' text. SQLite searches through
FTS5 and gains little, but the schema stays the same on both.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-22
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_search_text_record_type", "search_text", ["record_type"])


def downgrade() -> None:
    op.drop_index("ix_search_text_record_type", table_name="search_text")
