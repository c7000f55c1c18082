"""Aggregates behind `docket stats`: each returns counts, and on request the records counted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Set
from datetime import date
from typing import Any

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


def people_by_article(conn: Connection, day: date, statuses: Iterable[str]) -> dict[str, set[str]]:
    """article (or 'wording:...' where no article is known) -> people in these statuses."""
    q = select(ChargeRow.article_id, ChargeRow.wording, ChargeRow.person_id).where(
        ChargeRow.person_id.in_(_people_on(day, statuses))
    )
    out: dict[str, set[str]] = defaultdict(set)
    for article, wording, pid in _rows(conn, q):
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
    for name, pid in _rows(conn, q):
        out[name].add(pid)
    return dict(out)


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


def prosecutions_by(
    conn: Connection, until: date
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """(person, case, day opened) of every prosecution opened by the day, and (person, case) of
    those convicted by then; each read from its own index alone."""
    d = until.isoformat()
    opened = select(ProsecutionRow.person_id, ProsecutionRow.case_id, ProsecutionRow.opened).where(
        ProsecutionRow.opened.is_not(None), ProsecutionRow.opened <= d
    )
    convicted = select(ProsecutionRow.person_id, ProsecutionRow.case_id).where(
        ProsecutionRow.convicted.is_not(None), ProsecutionRow.convicted <= d
    )
    return (
        [(p, c, o) for p, c, o in _rows(conn, opened)],
        [(p, c) for p, c in _rows(conn, convicted)],
    )


def spans_on(conn: Connection, day: date, statuses: Iterable[str]) -> list[tuple[str, str, str]]:
    """(status, person, the event it rests on) of the status spans in these statuses that
    cover the day (one per person: a person's spans never overlap), by person."""
    q = (
        select(StatusSpanRow.status, StatusSpanRow.person_id, StatusSpanRow.event_id)
        .where(_covers(day), StatusSpanRow.status.in_(sorted(statuses)))
        .order_by(StatusSpanRow.person_id)
    )
    return _rows(conn, q)


def decisions_until(
    conn: Connection, day: date, people: Set[str]
) -> list[tuple[str, str, str, tuple[date, date], str]]:
    """(person, organisation, kind, the date's sort key, id) of the recognitions of these
    people decided by the day (as domain.status.latest_kinds takes them): the whole table read
    once (the people are most of those it names)."""
    # a record holds few distinct dates: each parsed once (None: not certainly by the day)
    order: dict[str, tuple[date, date] | None] = {}
    q = select(
        RecognitionRow.person_id,
        RecognitionRow.organisation_id,
        RecognitionRow.kind,
        RecognitionRow.date,
        RecognitionRow.id,
    ).where(RecognitionRow.date_hi <= day.isoformat())
    out = []
    for pid, org, kind, when, rid in _rows(conn, q):
        if pid not in people:
            continue
        if when not in order:
            parsed = PartialDate.parse(when)
            order[when] = parsed.sort_key() if parsed.hi <= day else None
        key = order[when]
        if key is not None:
            out.append((pid, org, kind, key, rid))
    return out


# The figures' queries give their rows by person where the store can, so that sorting each
# figure's records (services.stats) finds them sorted already, whatever the order of the store.


def articles_of(conn: Connection, people: Set[str]) -> dict[str, list[str]]:
    """As `people_by_article`, for these people (a person may be listed more than once, in
    order): every charge read once."""
    q = select(ChargeRow.article_id, ChargeRow.wording, ChargeRow.person_id).order_by(
        ChargeRow.person_id
    )
    out: dict[str, list[str]] = defaultdict(list)
    for article, wording, pid in _rows(conn, q):
        if pid in people:
            out[article or f"wording:{(wording or '?').lower()}"].append(pid)
    return dict(out)


def organisations_of(conn: Connection, people: Set[str]) -> dict[str, list[str]]:
    """As `people_by_organisation`, for these people (a person may be listed more than once,
    in order): every affiliation read once."""
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
    """As `prosecutions_by`, in one read of the table, by person and case."""
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
