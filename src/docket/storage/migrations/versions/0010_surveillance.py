"""deployments of surveillance and data-control systems, internet disruptions, laws and bills

Revision ID: 0010
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.String(length=128)
D = sa.String(length=10)
DATE = sa.String(length=16)


def _index(table: str, column: str, name: str | None = None) -> None:
    op.create_index(name or f"ix_{table}_{column}", table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "deployment",
        sa.Column("id", ID, nullable=False),
        sa.Column("dataset", ID, nullable=False),
        sa.Column("system", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("jurisdiction", sa.String(length=8), nullable=True),
        sa.Column("since", DATE, nullable=True),
        sa.Column("since_lo", D, nullable=True),
        sa.Column("until", DATE, nullable=True),
        sa.Column("capabilities", sa.JSON(), nullable=False),
        sa.Column("scale", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=True),
        sa.Column("sensitivity", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("deployment", "dataset")
    op.create_table(
        "deployment_actor",
        sa.Column("deployment_id", ID, nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", ID, nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("deployment_id", "side", "seq"),
    )
    _index("deployment_actor", "organisation_id")
    op.create_table(
        "deployment_agreement",
        sa.Column("deployment_id", ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("date", DATE, nullable=True),
        sa.Column("date_lo", D, nullable=True),
        sa.Column("date_hi", D, nullable=True),
        sa.Column("amount", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("parties", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("deployment_id", "seq"),
    )
    _index("deployment_agreement", "date_lo", "ix_deployment_agreement_date")
    op.create_table(
        "disruption",
        sa.Column("id", ID, nullable=False),
        sa.Column("dataset", ID, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("date", DATE, nullable=False),
        sa.Column("date_lo", D, nullable=False),
        sa.Column("date_hi", D, nullable=False),
        sa.Column("end_date", DATE, nullable=True),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("ordered_by", ID, nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("jurisdiction", sa.String(length=8), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=True),
        sa.Column("sensitivity", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("disruption", "dataset")
    op.create_table(
        "law",
        sa.Column("id", ID, nullable=False),
        sa.Column("dataset", ID, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("title_ru", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction", sa.String(length=8), nullable=True),
        sa.Column("articles", sa.JSON(), nullable=False),
        sa.Column("amends", sa.Text(), nullable=True),
        sa.Column("rights", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=True),
        sa.Column("sensitivity", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("law", "dataset")
    op.create_table(
        "law_stage",
        sa.Column("law_id", ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("date", DATE, nullable=False),
        sa.Column("date_lo", D, nullable=False),
        sa.Column("date_hi", D, nullable=False),
        sa.Column("body", ID, nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("law_id", "seq"),
    )
    _index("law_stage", "date_lo", "ix_law_stage_date")
    op.create_table(
        "law_use",
        sa.Column("law_id", ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("case_id", ID, nullable=True),
        sa.Column("event_id", ID, nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("law_id", "seq"),
    )
    _index("law_use", "case_id")
    _index("law_use", "event_id")


def downgrade() -> None:
    for table in (
        "law_use", "law_stage", "law", "disruption", "deployment_agreement", "deployment_actor",
        "deployment",
    ):  # fmt: skip
        op.drop_table(table)
