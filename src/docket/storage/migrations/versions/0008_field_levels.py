"""sensitivity: levels on single fields of records (field marks)

Revision ID: 0008_field_levels
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_field_levels"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "field_level",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("dataset", sa.String(length=128), nullable=False),
        sa.Column("record_kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("field_level", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_field_level_dataset"), ["dataset"], unique=False)
        batch_op.create_index("ix_field_level_record", ["record_kind", "record_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("field_level", schema=None) as batch_op:
        batch_op.drop_index("ix_field_level_record")
        batch_op.drop_index(batch_op.f("ix_field_level_dataset"))
    op.drop_table("field_level")
