"""Aggregates behind `docket stats`: each returns counts, and on request the records counted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection, and_, func, or_, select

from docket.storage.tables import (
    AffiliationRow,
    ChargeRow,
    EventPartyRow,
    EventRow,
    OrganisationRow,
    ProsecutionRow,
    StatusSpanRow,
)

SUBJECT_ROLES = ("victim", "subject")


def _covers(day: date):  # type: ignore[no-untyped-def]
    d = day.isoformat()
    return and_(StatusSpanRow.start <= d, or_(StatusSpanRow.end.is_(None), StatusSpanRow.end > d))


def people_by_status(conn: Connection, day: date) -> dict[str, list[str]]:
    """status -> ids of the people in it on the day."""
    out: dict[str, list[str]] = defaultdict(list)
    q = select(StatusSpanRow.status, StatusSpanRow.person_id).where(_covers(day))
    for status, pid in conn.execute(q):
        out[status].append(pid)
    return dict(out)


def people_by_article(conn: Connection, day: date, statuses: Iterable[str]) -> dict[str, set[str]]:
    """article (or 'wording:...' where no article is known) -> people in these statuses."""
    q = (
        select(ChargeRow.article_id, ChargeRow.wording, ChargeRow.person_id)
        .join(StatusSpanRow, StatusSpanRow.person_id == ChargeRow.person_id)
        .where(_covers(day), StatusSpanRow.status.in_(list(statuses)))
    )
    out: dict[str, set[str]] = defaultdict(set)
    for article, wording, pid in conn.execute(q):
        out[article or f"wording:{(wording or '?').lower()}"].add(pid)
    return dict(out)


def people_by_organisation(
    conn: Connection, day: date, statuses: Iterable[str]
) -> dict[str, set[str]]:
    """organisation name -> people in these statuses affiliated with it."""
    q = (
        select(OrganisationRow.name, AffiliationRow.person_id)
        .join(AffiliationRow, AffiliationRow.organisation_id == OrganisationRow.id)
        .join(StatusSpanRow, StatusSpanRow.person_id == AffiliationRow.person_id)
        .where(_covers(day), StatusSpanRow.status.in_(list(statuses)))
    )
    out: dict[str, set[str]] = defaultdict(set)
    for name, pid in conn.execute(q):
        out[name].add(pid)
    return dict(out)


def events_between(
    conn: Connection, kinds: Iterable[str], since: date | None, until: date
) -> list[tuple[str, str | None]]:
    """(event id, subject person id) of events of these kinds certainly within the period."""
    cond = [EventRow.kind.in_(list(kinds)), EventRow.date_hi <= until.isoformat()]
    if since is not None:
        # date_hi >= date_lo always: the bound on date_hi adds nothing to the answer, but lets
        # the (kind, date_hi) index read only the period instead of everything before its end.
        cond += [EventRow.date_lo >= since.isoformat(), EventRow.date_hi >= since.isoformat()]
    q = (
        select(EventRow.id, EventPartyRow.person_id)
        .join(EventPartyRow, EventPartyRow.event_id == EventRow.id)
        .where(*cond, EventPartyRow.role.in_(SUBJECT_ROLES))
    )
    return [(eid, pid) for eid, pid in conn.execute(q)]


def prosecutions_between(
    conn: Connection, since: date | None, until: date, *, column: str = "opened"
) -> list[tuple[str, str]]:
    """(person, case) prosecutions opened (or convicted) within the period."""
    col = ProsecutionRow.opened if column == "opened" else ProsecutionRow.convicted
    cond = [col.is_not(None), col <= until.isoformat()]
    if since is not None:
        cond.append(col >= since.isoformat())
    q = select(ProsecutionRow.person_id, ProsecutionRow.case_id).where(*cond)
    return [(p, c) for p, c in conn.execute(q)]


def undated_prosecutions(conn: Connection) -> int:
    q = select(func.count()).select_from(ProsecutionRow).where(ProsecutionRow.opened.is_(None))
    return conn.scalar(q) or 0
