"""tamper-evident history: row hashes per audit entry, the pending-change log, store id

Revision ID: 0007_integrity
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_integrity"
down_revision = "0001"
branch_labels = None
depends_on = "0004"  # the audit_entry table it extends


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    name = sa.String(64, collation="C") if pg else sa.String(64)
    key = sa.Text(collation="C") if pg else sa.Text()
    op.create_table(
        "integrity_row",
        sa.Column("tbl", name, nullable=False),
        sa.Column("pk", key, nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=True),
        sa.PrimaryKeyConstraint("tbl", "pk", "seq"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "integrity_pending",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tbl", sa.String(64), nullable=False),
        sa.Column("pk", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "integrity_meta",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.add_column("audit_entry", sa.Column("rows", sa.Integer(), nullable=True))
    op.add_column("audit_entry", sa.Column("rows_digest", sa.String(64), nullable=True))


def downgrade() -> None:
    op.drop_column("audit_entry", "rows_digest")
    op.drop_column("audit_entry", "rows")
    op.drop_table("integrity_meta")
    op.drop_table("integrity_pending")
    op.drop_table("integrity_row")
