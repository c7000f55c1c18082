"""spreadsheet import: pairs of people for duplicate review

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duplicate_candidate",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_a", sa.String(length=128), nullable=False),
        sa.Column("person_b", sa.String(length=128), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["person_a"], ["person.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_b"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_a", "person_b", name="uq_duplicate_pair"),
    )
    with op.batch_alter_table("duplicate_candidate", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_duplicate_candidate_person_a"), ["person_a"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_duplicate_candidate_person_b"), ["person_b"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_duplicate_candidate_source"), ["source"], unique=False)


def downgrade() -> None:
    op.drop_table("duplicate_candidate")
