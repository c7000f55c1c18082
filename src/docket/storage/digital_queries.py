"""Reads and writes for digital repression: OONI measurements and takedown records.

Measurements go in by the batch through the driver's own executemany (SQLite) or COPY
(PostgreSQL): at tens of thousands of rows a second, building SQLAlchemy parameters per row
would cost more than the database does. Counting happens in SQL, grouped by day, domain,
network and verdict; the domain code turns those counts into figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import psycopg
from sqlalchemy import Connection, Table, func, insert, or_, select

from docket.domain.digital import OoniCount
from docket.errors import StoreError
from docket.storage.digital_tables import (
    GoogleRemovalDetailRow,
    GoogleRemovalRow,
    LumenNoticeRow,
    OoniFileRow,
    OoniMeasurementRow,
    OoniRawRow,
    TakedownFileRow,
)

MEASUREMENT: Table = OoniMeasurementRow.__table__  # type: ignore[assignment]
RAW: Table = OoniRawRow.__table__  # type: ignore[assignment]
_CHUNK = 500
Row = tuple[Any, ...]


def existing_ids(conn: Connection, table: Table, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        found.update(conn.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    return found


def insert_new(conn: Connection, table: Table, columns: Sequence[str], rows: list[Row]) -> int:
    """Insert rows of values for COLUMNS, skipping those whose id is already stored (or comes
    twice); returns how many were new. One round trip per batch: the driver's executemany on
    SQLite, COPY into a scratch table on PostgreSQL."""
    if not rows:
        return 0
    names = ", ".join(table.c[name].name for name in columns)  # KeyError: a programming error
    if conn.dialect.name == "postgresql":
        scratch = f"scratch_{table.name}"
        conn.exec_driver_sql(
            f"CREATE TEMP TABLE IF NOT EXISTS {scratch} (LIKE {table.name}) ON COMMIT DROP"
        )
        raw: Any = conn.connection.dbapi_connection
        try:
            with raw.cursor() as cur, cur.copy(f"COPY {scratch} ({names}) FROM STDIN") as cp:
                for row in rows:
                    cp.write_row(row)
        except psycopg.Error as err:  # not seen by SQLAlchemy, so mapped here
            raise StoreError(f"Nothing was written: the store refused the rows ({err})") from err
        result = conn.exec_driver_sql(
            f"INSERT INTO {table.name} ({names}) SELECT {names} FROM {scratch} "  # noqa: S608
            "ON CONFLICT (id) DO NOTHING"
        )
        conn.exec_driver_sql(f"TRUNCATE {scratch}")
        return result.rowcount
    marks = ", ".join("?" for _ in columns)
    statement = f"INSERT OR IGNORE INTO {table.name} ({names}) VALUES ({marks})"  # noqa: S608
    return conn.exec_driver_sql(statement, rows).rowcount


def prepare_bulk_write(conn: Connection) -> None:
    """A larger page cache for this connection while it writes many rows (SQLite)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size=-65536")  # 64 MiB


def known_ooni_files(conn: Connection, shas: Iterable[str]) -> dict[str, tuple[str, int]]:
    """Files imported before, by SHA-256: the name they had and the measurements they gave."""
    f = OoniFileRow
    rows = conn.execute(select(f.sha256, f.name, f.measurements).where(f.sha256.in_(list(shas))))
    return {sha: (name, n) for sha, name, n in rows}


def record_ooni_file(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(OoniFileRow), [values])


def _filtered(
    query: Any,
    *,
    country: str | None,
    since: date | None,
    until: date | None,
    domains: Sequence[str] = (),
) -> Any:
    m = OoniMeasurementRow
    if country:
        query = query.where(m.country == country.upper())
    if since:
        query = query.where(m.day >= since.isoformat())
    if until:
        query = query.where(m.day <= until.isoformat())
    if domains:
        like = [m.domain == d for d in domains] + [m.domain.like(f"%.{d}") for d in domains]
        query = query.where(or_(*like))
    return query


def ooni_counts(
    conn: Connection,
    *,
    country: str | None = None,
    since: date | None = None,
    until: date | None = None,
    domains: Sequence[str] = (),
    verdict: str = "docket",
) -> list[OoniCount]:
    """Measurements per day, domain, network and verdict (Docket's, or OONI's own)."""
    m = OoniMeasurementRow
    blocking = m.blocking if verdict == "docket" else m.ooni_blocking
    query = select(m.day, m.domain, m.asn, blocking, func.count()).group_by(
        m.day, m.domain, m.asn, blocking
    )
    query = _filtered(query, country=country, since=since, until=until, domains=domains)
    return [
        OoniCount(date.fromisoformat(day), domain, asn, kind, n)
        for day, domain, asn, kind, n in conn.execute(query)
    ]


def ooni_provenance(
    conn: Connection,
    *,
    country: str | None = None,
    since: date | None = None,
    until: date | None = None,
    domains: Sequence[str] = (),
) -> dict[str, Any]:
    """The files the counted measurements come from, networks' names, and disagreements."""
    m = OoniMeasurementRow
    files = _filtered(
        select(m.file_sha256, OoniFileRow.name, func.count())
        .join(OoniFileRow, OoniFileRow.sha256 == m.file_sha256)
        .group_by(m.file_sha256, OoniFileRow.name),
        country=country,
        since=since,
        until=until,
        domains=domains,
    )
    names = _filtered(
        select(m.asn, func.max(m.network)).group_by(m.asn),
        country=country,
        since=since,
        until=until,
        domains=domains,
    )
    differ = m.blocking.is_distinct_from(m.ooni_blocking) | m.accessible.is_distinct_from(
        m.ooni_accessible
    )
    disagreements = _filtered(
        select(m.id, m.blocking, m.ooni_blocking, m.reason).where(differ).order_by(m.id),
        country=country,
        since=since,
        until=until,
        domains=domains,
    )
    return {
        "files": [
            {"file": name, "sha256": sha, "measurements": n}
            for sha, name, n in conn.execute(files.order_by(OoniFileRow.name))
        ],
        "networks": {asn: name for asn, name in conn.execute(names)},
        "disagreements": [
            {"id": i, "docket": b, "ooni": o, "reason": r}
            for i, b, o, r in conn.execute(disagreements.limit(100))
        ],
    }


def raw_counts(conn: Connection, *, country: str | None = None) -> dict[str, int]:
    """Measurements kept as written (not judged), per test name."""
    query = select(OoniRawRow.test_name, func.count()).group_by(OoniRawRow.test_name)
    if country:
        query = query.where(OoniRawRow.country == country.upper())
    return {name: n for name, n in conn.execute(query)}


# --- takedowns -----------------------------------------------------------------------------


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
