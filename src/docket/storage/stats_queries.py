"""Aggregates behind `docket stats`: each returns counts, and on request the records counted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection, and_, func, or_, select

from docket.domain.dates import PartialDate
from docket.domain.status import Decision
from docket.storage.tables import (
    AffiliationRow,
    ChargeRow,
    EventPartyRow,
    EventRow,
    OrganisationRow,
    ProsecutionRow,
    RecognitionRow,
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
    for status, pid in conn.execute(q).all():
        out[status].append(pid)
    return dict(out)


def _people_on(day: date, statuses: Iterable[str]):  # type: ignore[no-untyped-def]
    """The people in these statuses on the day, as a subquery the store answers once."""
    return select(StatusSpanRow.person_id).where(
        _covers(day), StatusSpanRow.status.in_(list(statuses))
    )


def decisions_by(conn: Connection, day: date, statuses: Iterable[str]) -> list[Decision]:
    """The recognitions decided by the day of the people in these statuses on the day,
    without their citations and criteria."""
    parsed: dict[str, PartialDate] = {}  # a record holds few distinct dates: parse each once
    q = select(
        RecognitionRow.person_id,
        RecognitionRow.organisation_id,
        RecognitionRow.kind,
        RecognitionRow.date,
        RecognitionRow.id,
    ).where(
        RecognitionRow.date_hi <= day.isoformat(),
        RecognitionRow.person_id.in_(_people_on(day, statuses)),
    )
    out = []
    for pid, org, kind, when, rid in conn.execute(q).all():
        d = parsed.get(when)
        if d is None:
            d = parsed[when] = PartialDate.parse(when)
        out.append(Decision(pid, org, kind, d, rid))
    return out


def people_by_article(conn: Connection, day: date, statuses: Iterable[str]) -> dict[str, set[str]]:
    """article (or 'wording:...' where no article is known) -> people in these statuses."""
    q = select(ChargeRow.article_id, ChargeRow.wording, ChargeRow.person_id).where(
        ChargeRow.person_id.in_(_people_on(day, statuses))
    )
    out: dict[str, set[str]] = defaultdict(set)
    for article, wording, pid in conn.execute(q).all():
        out[article or f"wording:{(wording or '?').lower()}"].add(pid)
    return dict(out)


def people_by_organisation(
    conn: Connection, day: date, statuses: Iterable[str]
) -> dict[str, set[str]]:
    """organisation name -> people in these statuses affiliated with it."""
    q = (
        select(OrganisationRow.name, AffiliationRow.person_id)
        .join(AffiliationRow, AffiliationRow.organisation_id == OrganisationRow.id)
        .where(AffiliationRow.person_id.in_(_people_on(day, statuses)))
    )
    out: dict[str, set[str]] = defaultdict(set)
    for name, pid in conn.execute(q).all():
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
    return [(eid, pid) for eid, pid in conn.execute(q).all()]


def prosecution_dates(conn: Connection, until: date) -> list[tuple[str, str, str, str | None]]:
    """(person, case, opened, convicted or None) of every prosecution opened by the day; a
    conviction after the day is left out. One read instead of one per figure."""
    d = until.isoformat()
    q = select(
        ProsecutionRow.person_id,
        ProsecutionRow.case_id,
        ProsecutionRow.opened,
        ProsecutionRow.convicted,
    ).where(ProsecutionRow.opened.is_not(None), ProsecutionRow.opened <= d)
    return [
        (p, c, o or "", v if v is not None and v <= d else None)
        for p, c, o, v in conn.execute(q).all()
    ]


def undated_prosecutions(conn: Connection) -> int:
    q = select(func.count()).select_from(ProsecutionRow).where(ProsecutionRow.opened.is_(None))
    return conn.scalar(q) or 0
