"""one covering index for "who is in these statuses on a day"

The figures, the lists and the web's people list all ask which people were in some statuses on a
day. With the status first and every column the question reads in the index, the store answers
from the index alone, without reading the spans that ended long before the day one by one.
It replaces the two indexes 0001 and 0004 made for the same question.

Revision ID: 0009
Revises: 0004
Create Date: 2026-11-22
"""

from alembic import op

revision = "0009"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # IF EXISTS: stores made by early development builds may lack one of them.
    op.execute("DROP INDEX IF EXISTS ix_status_span_status_start")
    op.execute("DROP INDEX IF EXISTS ix_status_span_day")
    op.create_index("ix_status_span_on_day", "status_span", ["status", "start", "end", "person_id"])


def downgrade() -> None:
    op.drop_index("ix_status_span_on_day", table_name="status_span")
    op.create_index("ix_status_span_day", "status_span", ["start", "end", "status", "person_id"])
    op.create_index("ix_status_span_status_start", "status_span", ["status", "start"])
