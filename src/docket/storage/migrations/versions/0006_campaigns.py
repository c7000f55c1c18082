"""coordinated campaigns: scanned articles, campaigns, members, reuse pairs, captures

Revision ID: 0006
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0001"
branch_labels = None
depends_on = None


def _fk(column: str, table: str, cascade: bool = True) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], ondelete="CASCADE" if cascade else None
    )


def upgrade() -> None:
    op.create_table(
        "campaign_scan",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("corpus", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("finished_at", sa.String(length=32), nullable=True),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("min_sites", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(length=16), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "campaign_article",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("member", sa.Text(), nullable=True),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("site", sa.String(length=253), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("fetched", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("capture_sha256", sa.String(length=64), nullable=False),
        sa.Column("capture_size", sa.BigInteger(), nullable=False),
        sa.Column("tracking", sa.JSON(), nullable=False),
        sa.Column("template", sa.String(length=16), nullable=True),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("compared", sa.Boolean(), nullable=False),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        _fk("scan_id", "campaign_scan"),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("scan_id", "url", "site", "text_sha256"):
        op.create_index(f"ix_campaign_article_{column}", "campaign_article", [column])
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("sites", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("first_published", sa.String(length=10), nullable=True),
        sa.Column("last_published", sa.String(length=10), nullable=True),
        sa.Column("original_id", sa.Integer(), nullable=False),
        sa.Column("original_reason", sa.Text(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        _fk("scan_id", "campaign_scan"),
        _fk("original_id", "campaign_article", cascade=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_campaign_scan_id", "campaign", ["scan_id"])
    op.create_table(
        "campaign_member",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        _fk("campaign_id", "campaign"),
        _fk("article_id", "campaign_article"),
        sa.PrimaryKeyConstraint("campaign_id", "article_id"),
    )
    op.create_index("ix_campaign_member_article_id", "campaign_member", ["article_id"])
    op.create_table(
        "campaign_reuse",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("article_a", sa.Integer(), nullable=False),
        sa.Column("article_b", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("jaccard", sa.Float(), nullable=False),
        sa.Column("shared", sa.JSON(), nullable=False),
        _fk("scan_id", "campaign_scan"),
        _fk("campaign_id", "campaign"),
        _fk("article_a", "campaign_article"),
        _fk("article_b", "campaign_article"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_campaign_reuse_scan_id", "campaign_reuse", ["scan_id"])
    op.create_index("ix_campaign_reuse_campaign_id", "campaign_reuse", ["campaign_id"])
    op.create_table(
        "campaign_capture",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _fk("article_id", "campaign_article"),
        sa.PrimaryKeyConstraint("article_id"),
    )


def downgrade() -> None:
    for table in (
        "campaign_capture",
        "campaign_reuse",
        "campaign_member",
        "campaign",
        "campaign_article",
        "campaign_scan",
    ):
        op.drop_table(table)
