"""Reads of OONI measurements for the summary: counts in SQL, grouped by day, domain, network
and verdict, and where they come from; the domain code turns those counts into figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, or_, select

from docket.domain.digital import OoniCount
from docket.storage.digital_tables import OoniFileRow, OoniMeasurementRow, OoniRawRow


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
