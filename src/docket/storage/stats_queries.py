"""Aggregates behind `docket stats`: each returns counts, and on request the records counted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Set
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, case, func, or_, select

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


def _rows(conn: Connection, q: Any) -> list[Any]:
    """The rows of a query as the database driver gives them: figures read hundreds of
    thousands of rows, and building a SQLAlchemy row for each cost more than the query."""
    compiled = q.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup or ())
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def people_by_status(
    conn: Connection, day: date, statuses: Iterable[str] | None = None
) -> dict[str, list[str]]:
    """status -> ids of the people in it on the day (in these statuses, when given)."""
    out: dict[str, list[str]] = defaultdict(list)
    q = select(StatusSpanRow.status, StatusSpanRow.person_id).where(_covers(day))
    if statuses is not None:
        q = q.where(StatusSpanRow.status.in_(sorted(statuses)))
    for status, pid in _rows(conn, q):
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
    for pid, org, kind, when, rid in _rows(conn, q):
        d = parsed.get(when)
        if d is None:
            d = parsed[when] = PartialDate.parse(when)
        out.append(Decision(pid, org, kind, d, rid))
    return out


def events_between(
    conn: Connection, kinds: Iterable[str], since: date | None, until: date
) -> list[tuple[str, str | None, str]]:
    """(event id, subject person id, the event's level) of events of these kinds certainly
    within the period."""
    cond = [EventRow.kind.in_(list(kinds)), EventRow.date_hi <= until.isoformat()]
    if since is not None:
        # date_hi >= date_lo always: the bound on date_hi adds nothing to the answer, but lets
        # the (kind, date_hi) index read only the period instead of everything before its end.
        cond += [EventRow.date_lo >= since.isoformat(), EventRow.date_hi >= since.isoformat()]
    q = (
        select(EventRow.id, EventPartyRow.person_id, EventRow.sensitivity)
        .join(EventPartyRow, EventPartyRow.event_id == EventRow.id)
        .where(*cond, EventPartyRow.role.in_(SUBJECT_ROLES))
    )
    return [(eid, pid, level) for eid, pid, level in _rows(conn, q)]


def standing_on(
    conn: Connection, day: date, statuses: Iterable[str], kinds: Iterable[str]
) -> list[str]:
    """The people in these statuses on the day whose standing decision by the day, with at least
    one organisation, is of these kinds: domain.status.latest_kinds, asked of the store. An
    organisation's standing decision on a person is its latest one certainly made by the day
    (the latest end of its date's range, then the latest start, then the greatest id)."""
    r = RecognitionRow
    # the first day the date can mean (PartialDate.lo), as ISO text: "../" dates can mean any
    lo = case(
        (r.date.startswith("../"), "0001-01-01"),
        (func.length(r.date) == 4, r.date + "-01-01"),
        (func.length(r.date) == 7, r.date + "-01"),
        else_=r.date,
    )
    # ids compared as Python compares them: by code point (PostgreSQL's own collation may not)
    rid = r.id.collate("C") if conn.dialect.name == "postgresql" else r.id
    latest = (
        select(
            r.person_id,
            r.kind,
            func.row_number()
            .over(
                partition_by=(r.person_id, r.organisation_id),
                order_by=(r.date_hi.desc(), lo.desc(), rid.desc()),
            )
            .label("n"),
        )
        .where(r.date_hi <= day.isoformat(), r.person_id.in_(_people_on(day, statuses)))
        .subquery()
    )
    q = (
        select(latest.c.person_id)
        .where(latest.c.n == 1, latest.c.kind.in_(sorted(kinds)))
        .distinct()
    )
    return [pid for (pid,) in _rows(conn, q)]


# The figures' queries give their rows by person where the store can, so that sorting each
# figure's records (services.stats) finds them sorted already, whatever the order of the store.


def articles_of(conn: Connection, people: Set[str]) -> dict[str, list[str]]:
    """article (or 'wording:...' where no article is known) -> these people charged under it
    (a person may be listed more than once, in order): every charge read once."""
    q = select(ChargeRow.article_id, ChargeRow.wording, ChargeRow.person_id).order_by(
        ChargeRow.person_id
    )
    out: dict[str, list[str]] = defaultdict(list)
    for article, wording, pid in _rows(conn, q):
        if pid in people:
            out[article or f"wording:{(wording or '?').lower()}"].append(pid)
    return dict(out)


def organisations_of(conn: Connection, people: Set[str]) -> dict[str, list[str]]:
    """organisation name -> these people affiliated with it (a person may be listed more than
    once, in order): every affiliation read once."""
    q = (
        select(OrganisationRow.name, AffiliationRow.person_id)
        .join(AffiliationRow, AffiliationRow.organisation_id == OrganisationRow.id)
        .order_by(AffiliationRow.person_id)
    )
    out: dict[str, list[str]] = defaultdict(list)
    for name, pid in _rows(conn, q):
        if pid in people:
            out[name].append(pid)
    return dict(out)


def prosecutions_until(
    conn: Connection, until: date
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """(person, case, day opened) of every prosecution opened by the day, and (person, case) of
    those convicted by then, in one read of the table, by person and case."""
    d = until.isoformat()
    q = (
        select(
            ProsecutionRow.person_id,
            ProsecutionRow.case_id,
            ProsecutionRow.opened,
            ProsecutionRow.convicted,
        )
        .where(or_(ProsecutionRow.opened <= d, ProsecutionRow.convicted <= d))
        .order_by(ProsecutionRow.person_id, ProsecutionRow.case_id)
    )
    opened: list[tuple[str, str, str]] = []
    convicted: list[tuple[str, str]] = []
    for p, c, o, v in _rows(conn, q):
        if o is not None and o <= d:
            opened.append((p, c, o))
        if v is not None and v <= d:
            convicted.append((p, c))
    return opened, convicted


def undated_prosecutions(conn: Connection) -> int:
    q = select(func.count()).select_from(ProsecutionRow).where(ProsecutionRow.opened.is_(None))
    return conn.scalar(q) or 0
