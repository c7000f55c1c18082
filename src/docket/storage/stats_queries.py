"""Aggregates behind `docket stats`: each returns counts, and on request the records counted."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
from sqlalchemy import Connection, Text, and_, case, cast, func, or_, select

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


# The figures' queries give their ids sorted where the store can, so that sorting each figure's
# records (services.stats) finds them sorted already, and grouped by the store, each group's
# ids as one JSON array: reading a row and appending its id to a list in Python cost more than
# the store's grouping.


def _by_code_point(conn: Connection, column: Any) -> Any:
    """The column ordered as Python orders text (PostgreSQL's own collation may differ)."""
    return column.collate("C") if conn.dialect.name == "postgresql" else column


def _id_array(conn: Connection, column: Any) -> Any:
    """The ids of a group as a JSON array, in the order of the rows it is made from."""
    if conn.dialect.name == "postgresql":
        return cast(func.json_agg(column), Text)
    return func.json_group_array(column)


def _groups(conn: Connection, q: Any) -> list[tuple[Any, ...]]:
    """The rows of a grouping query whose last column is an `_id_array`, that array read."""
    return [(*row[:-1], orjson.loads(row[-1])) for row in _rows(conn, q)]


def people_by_status(conn: Connection, day: date, statuses: Iterable[str]) -> dict[str, list[str]]:
    """status -> ids of the people in it on the day, sorted, for these statuses: from the
    statuses' index alone."""
    on_day = (
        select(StatusSpanRow.status, StatusSpanRow.person_id)
        .where(_covers(day), StatusSpanRow.status.in_(sorted(statuses)))
        .order_by(StatusSpanRow.status, _by_code_point(conn, StatusSpanRow.person_id))
        .subquery()
    )
    q = select(on_day.c.status, _id_array(conn, on_day.c.person_id)).group_by(on_day.c.status)
    return {status: ids for status, ids in _groups(conn, q)}


def articles_of(conn: Connection, people: Set[str]) -> dict[str, list[str]]:
    """article (or 'wording:...' where no article is known) -> these people charged under it
    (a person may be listed more than once): every charge read once."""
    # grouped without sorting each group's people first: sorting them in the store cost more
    # than sorting the groups kept (services.stats)
    wording = case((ChargeRow.article_id.is_(None), ChargeRow.wording))
    q = select(ChargeRow.article_id, wording, _id_array(conn, ChargeRow.person_id))
    q = q.group_by(ChargeRow.article_id, wording)
    out: dict[str, list[str]] = {}
    for article, worded, ids in _groups(conn, q):
        # wordings are told apart as Python lower-cases them, not as the store would
        key = article or f"wording:{(worded or '?').lower()}"
        out.setdefault(key, []).extend(p for p in ids if p in people)
    return {key: ids for key, ids in out.items() if ids}


def organisations_of(conn: Connection, people: Set[str]) -> dict[str, list[str]]:
    """organisation name -> these people affiliated with it (a person may be listed more than
    once): every affiliation read once."""
    members = (
        select(OrganisationRow.name, AffiliationRow.person_id)
        .join(AffiliationRow, AffiliationRow.organisation_id == OrganisationRow.id)
        .order_by(OrganisationRow.name, _by_code_point(conn, AffiliationRow.person_id))
        .subquery()
    )
    q = select(members.c.name, _id_array(conn, members.c.person_id)).group_by(members.c.name)
    out = {name: [p for p in ids if p in people] for name, ids in _groups(conn, q)}
    return {name: ids for name, ids in out.items() if ids}


@dataclass(slots=True)
class Prosecutions:
    """The prosecutions (person x case, one row each) opened or convicted by a day, column by
    column, sorted by record ("person/case"): whether each was opened, and convicted, by then."""

    keys: list[str]
    people: list[str]
    cases: list[str]
    opened: list[bool]
    convicted: list[bool]


def prosecutions_until(
    conn: Connection, until: date, *, since: date
) -> tuple[Prosecutions, list[str]]:
    """The prosecutions opened or convicted by the day, in one read of the table given as one
    JSON array per column, and the records of those opened since `since` (from their index)."""
    d = until.isoformat()
    p = ProsecutionRow
    key = (p.person_id + "/" + p.case_id).label("record")
    # SQLite answered "opened or convicted by the day" from both dates' indexes, then fetched
    # each row: slower than reading the whole (narrow) table, which most rows match anyway
    opened = _unindexed(conn, p.opened) <= d
    convicted = _unindexed(conn, p.convicted) <= d
    each = (
        select(
            key,
            p.person_id.label("person"),
            p.case_id.label("case"),
            opened.label("opened"),
            convicted.label("convicted"),
        )
        .where(or_(opened, convicted))
        .order_by(_by_code_point(conn, key))
        .subquery()
    )
    q = select(*(_id_array(conn, column) for column in each.c))
    row = _rows(conn, q)[0]
    keys, people, cases, was_opened, was_convicted = (
        orjson.loads(column) if column is not None else [] for column in row
    )
    recent = _rows(
        conn,
        select(key)
        .where(p.opened >= since.isoformat(), p.opened <= d)
        .order_by(_by_code_point(conn, key)),
    )
    found = Prosecutions(
        keys, people, cases, [bool(o) for o in was_opened], [bool(v) for v in was_convicted]
    )
    return found, [k for (k,) in recent]


def _unindexed(conn: Connection, column: Any) -> Any:
    """The column as SQLite reads it from the row, not from an index (`column || ''`: the same
    value, NULL staying NULL)."""
    return column.op("||")("") if conn.dialect.name == "sqlite" else column


def undated_prosecutions(conn: Connection) -> int:
    q = select(func.count()).select_from(ProsecutionRow).where(ProsecutionRow.opened.is_(None))
    return conn.scalar(q) or 0
