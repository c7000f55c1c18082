"""digital repression: OONI measurements, takedown statistics and notices

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def _file_table(name: str, *columns: sa.Column) -> None:  # type: ignore[type-arg]
    op.create_table(
        name,
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("sha256"),
    )


def _index(table: str, *columns: str, name: str | None = None) -> None:
    op.create_index(name or f"ix_{table}_{columns[0]}", table, list(columns), unique=False)


def upgrade() -> None:
    _file_table(
        "ooni_file",
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.Column("measurements", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("raw", sa.Integer(), nullable=False),
    )
    op.create_table(
        "ooni_measurement",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("test_version", sa.String(length=16), nullable=False),
        sa.Column("start_time", sa.String(length=19), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("asn", sa.Integer(), nullable=False),
        sa.Column("network", sa.Text(), nullable=True),
        sa.Column("input", sa.Text(), nullable=False),
        sa.Column("domain", sa.Text(), nullable=False),
        sa.Column("ooni_blocking", sa.String(length=16), nullable=True),
        sa.Column("ooni_accessible", sa.Boolean(), nullable=True),
        sa.Column("blocking", sa.String(length=16), nullable=True),
        sa.Column("accessible", sa.Boolean(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("dns_consistency", sa.String(length=16), nullable=True),
        sa.Column("dns_experiment_failure", sa.Text(), nullable=True),
        sa.Column("http_experiment_failure", sa.Text(), nullable=True),
        sa.Column("control_failure", sa.Text(), nullable=True),
        sa.Column("body_length_match", sa.Boolean(), nullable=True),
        sa.Column("headers_match", sa.Boolean(), nullable=True),
        sa.Column("status_code_match", sa.Boolean(), nullable=True),
        sa.Column("title_match", sa.Boolean(), nullable=True),
        sa.Column("body_proportion", sa.Float(), nullable=True),
        sa.Column("blocking_flags", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ooni_measurement", "country", "day", name="ix_ooni_measurement_country_day")
    op.create_table(
        "ooni_raw",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("test_name", sa.Text(), nullable=False),
        sa.Column("test_version", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("start_time", sa.String(length=19), nullable=True),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("ooni_raw", "file_sha256")
    _file_table(
        "takedown_file",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("layout", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
    )

    def period() -> list[sa.Column]:  # type: ignore[type-arg]
        return [
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("file_sha256", sa.String(length=64), nullable=False),
            sa.Column("line", sa.Integer(), nullable=False),
            sa.Column("period_start", sa.String(length=10), nullable=False),
            sa.Column("period_end", sa.String(length=10), nullable=False),
            sa.Column("country", sa.String(length=8), nullable=False),
            sa.Column("country_name", sa.Text(), nullable=False),
        ]

    op.create_table(
        "google_removal",
        *period(),
        sa.Column("requests", sa.Integer(), nullable=True),
        sa.Column("complied_pct", sa.Float(), nullable=True),
        sa.Column("items", sa.Integer(), nullable=True),
        sa.Column("as_written", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("google_removal", "file_sha256")
    _index("google_removal", "country")
    op.create_table(
        "google_removal_detail",
        *period(),
        sa.Column("product", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("total_as_written", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("google_removal_detail", "file_sha256")
    _index("google_removal_detail", "country")
    op.create_table(
        "lumen_notice",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("date_sent", sa.String(length=10), nullable=True),
        sa.Column("date_received", sa.String(length=10), nullable=True),
        sa.Column("sender", sa.Text(), nullable=True),
        sa.Column("principal", sa.Text(), nullable=True),
        sa.Column("recipient", sa.Text(), nullable=True),
        sa.Column("countries", sa.Text(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("action_taken", sa.Text(), nullable=True),
        sa.Column("urls", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("lumen_notice", "file_sha256")


def downgrade() -> None:
    for table in (
        "lumen_notice",
        "google_removal_detail",
        "google_removal",
        "takedown_file",
        "ooni_raw",
        "ooni_measurement",
        "ooni_file",
    ):
        op.drop_table(table)
