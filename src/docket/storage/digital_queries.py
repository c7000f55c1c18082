"""Reads and writes for takedown records (Google's statistics, Lumen's notices).

OONI measurements have their own modules: storage.ooni_writes and storage.ooni_queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select

from docket.storage.digital_tables import (
    GoogleRemovalDetailRow,
    GoogleRemovalRow,
    LumenNoticeRow,
    TakedownFileRow,
)

_CHUNK = 500


def existing_ids(conn: Connection, table: Table, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        found.update(conn.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    return found


def known_takedown_file(conn: Connection, sha256: str) -> str | None:
    return conn.scalar(select(TakedownFileRow.name).where(TakedownFileRow.sha256 == sha256))


def record_takedown_file(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(TakedownFileRow), [values])


def insert_google(conn: Connection, detailed: bool, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(GoogleRemovalDetailRow if detailed else GoogleRemovalRow), rows)


def existing_lumen(conn: Connection, ids: Sequence[str]) -> set[str]:
    return existing_ids(conn, LumenNoticeRow.__table__, ids)  # type: ignore[arg-type]


def insert_lumen(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(LumenNoticeRow), rows)


def _with_file(query: Any, table: Any) -> Any:
    return query.add_columns(TakedownFileRow.name, TakedownFileRow.imported_at).join(
        TakedownFileRow, TakedownFileRow.sha256 == table.file_sha256
    )


def google_rows(
    conn: Connection, *, detailed: bool, country: str, since: date | None, until: date | None
) -> list[dict[str, Any]]:
    """Google's lines for a country whose six-month period lies within [since, until]."""
    table: Any = GoogleRemovalDetailRow if detailed else GoogleRemovalRow
    query = _with_file(select(table), table).where(table.country == country.upper())
    if since:
        query = query.where(table.period_start >= since.isoformat())
    if until:
        query = query.where(table.period_end <= until.isoformat())
    query = query.order_by(table.period_end, TakedownFileRow.imported_at, table.line)
    return [dict(r._mapping) for r in conn.execute(query)]


def lumen_rows(
    conn: Connection, *, country: str, since: date | None, until: date | None
) -> list[dict[str, Any]]:
    """Lumen notices naming the country among their jurisdictions, sent within the period."""
    n = LumenNoticeRow
    query = _with_file(select(n), n).where(n.countries.like(f"%,{country.upper()},%"))
    sent = func.coalesce(n.date_sent, n.date_received)
    if since:
        query = query.where(sent >= since.isoformat())
    if until:
        query = query.where(sent <= until.isoformat())
    return [dict(r._mapping) for r in conn.execute(query.order_by(sent, n.id))]
