"""Queries behind the web pages: filtered, sorted, paged lists, and what cites or concerns a record.

Every query takes `visible`, the sensitivities the reader may see, and leaves the rest out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.sql import ColumnElement

from docket.storage.folding import folded
from docket.storage.level_queries import field_hidden, party_hidden, status_shown
from docket.storage.review_tables import DuplicateCandidateRow
from docket.storage.tables import (
    AffiliationRow,
    Base,
    CaseRow,
    ChargeRow,
    CitationRow,
    ClaimRow,
    EventPartyRow,
    EventRow,
    OccupancyRow,
    OrganisationRow,
    PersonNameRow,
    PersonRow,
    PositionRow,
    RecognitionRow,
    SourceRow,
    StatusSpanRow,
)

_SENSITIVE: dict[str, type[Base]] = {
    "person": PersonRow,
    "case": CaseRow,
    "event": EventRow,
    "source": SourceRow,
    "organisation": OrganisationRow,
}


def visible_ids(
    conn: Connection, kind: str, ids: Sequence[str], visible: frozenset[str]
) -> set[str]:
    """Which of these records the reader may see (records of kinds without a sensitivity,
    such as recognitions and claims, are visible with the person or source they belong to)."""
    table = _SENSITIVE[kind].__table__
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        q = select(table.c.id).where(table.c.id.in_(chunk), table.c.sensitivity.in_(visible))
        found.update(conn.scalars(q))
    return found


def visible_among(
    conn: Connection, wanted: Mapping[str, Sequence[str]], visible: frozenset[str]
) -> dict[str, set[str]]:
    """`visible_ids` for several kinds at once: kind -> the ids the reader may see, read in one
    query when every kind has at most 500 ids (a record's page asks for a handful of each)."""
    found: dict[str, set[str]] = {kind: set() for kind in wanted}
    asked = {kind: list(ids) for kind, ids in wanted.items() if ids}
    if any(len(ids) > 500 for ids in asked.values()):
        return {kind: visible_ids(conn, kind, wanted[kind], visible) for kind in wanted}
    parts = [
        select(literal(kind).label("kind"), table.c.id).where(
            table.c.id.in_(ids), table.c.sensitivity.in_(visible)
        )
        for kind, ids in asked.items()
        for table in [_SENSITIVE[kind].__table__]
    ]
    if parts:
        for kind, rid in conn.execute(union_all(*parts)):
            found[kind].add(rid)
    return found


def _covers(day: date) -> ColumnElement[bool]:
    d = day.isoformat()
    return and_(StatusSpanRow.start <= d, or_(StatusSpanRow.end.is_(None), StatusSpanRow.end > d))


def _shown_status(person_id: Any, day: date, visible: frozenset[str]) -> ColumnElement[bool]:
    """A status the reader may know: for a reader below the editors, one resting only on
    events (and places among their parties) it may see; filters, counts and sorts by status
    use this, so none of them tells of a status the list does not show."""
    if "restricted" in visible:
        return true()
    return status_shown(person_id, day, visible)


@dataclass(frozen=True, slots=True)
class PeopleFilter:
    day: date
    statuses: frozenset[str] | None = None  # liberty status on the day (one, or a category)
    # holds one of these recognitions on the day: some organisation's latest decision about them
    recognitions: frozenset[str] | None = None
    article: str | None = None  # charged under this article
    organisation: str | None = None  # affiliated with this organisation
    region: str | None = None
    name: str | None = None  # names containing this text


@dataclass(frozen=True, slots=True)
class PersonLine:
    id: str
    name: str
    region: str | None
    born: str | None
    status: str | None
    since: str | None
    basis: str | None


SORTS = {
    "name": PersonRow.name,
    "region": PersonRow.region,
    "born": PersonRow.birth_lo,
    "status": StatusSpanRow.status,
    "since": StatusSpanRow.start,
}


def _people_query(f: PeopleFilter, visible: frozenset[str]) -> Any:
    on = and_(
        StatusSpanRow.person_id == PersonRow.id,
        _covers(f.day),
        _shown_status(PersonRow.id, f.day, visible),
    )
    q = (
        select(
            PersonRow.id,
            PersonRow.name,
            PersonRow.region,
            PersonRow.birth_date,
            StatusSpanRow.status,
            StatusSpanRow.start,
            StatusSpanRow.basis,
        )
        .select_from(PersonRow)
        .where(PersonRow.sensitivity.in_(visible))
    )
    if f.statuses is not None:
        q = q.join(StatusSpanRow, on).where(StatusSpanRow.status.in_(f.statuses))
    else:
        q = q.outerjoin(StatusSpanRow, on)
    if "restricted" not in visible:  # a person whose names are withheld is not listed by name
        q = q.where(~field_hidden("person", PersonRow.id, "names", visible))
    if f.region:
        q = q.where(PersonRow.region == f.region)
        if "restricted" not in visible:  # a withheld region selects no one
            q = q.where(~field_hidden("person", PersonRow.id, "region", visible))
    if f.name:
        q = q.where(
            exists().where(
                PersonNameRow.person_id == PersonRow.id,
                folded(PersonNameRow.value).contains(f.name.lower(), autoescape=True),
            )
        )
    if f.article:
        q = q.where(
            exists().where(ChargeRow.person_id == PersonRow.id, ChargeRow.article_id == f.article)
        )
    if f.organisation:
        q = q.where(
            exists().where(
                AffiliationRow.person_id == PersonRow.id,
                AffiliationRow.organisation_id == f.organisation,
            )
        )
    if f.recognitions:
        day = f.day.isoformat()
        later = RecognitionRow.__table__.alias("later")
        q = q.where(
            exists().where(
                RecognitionRow.person_id == PersonRow.id,
                RecognitionRow.kind.in_(f.recognitions),
                RecognitionRow.date_hi <= day,
                ~exists().where(  # withdrawn or changed later by the same organisation
                    later.c.person_id == RecognitionRow.person_id,
                    later.c.organisation_id == RecognitionRow.organisation_id,
                    later.c.date_hi <= day,
                    later.c.date_hi > RecognitionRow.date_hi,
                ),
            )
        )
    return q


def people_count(conn: Connection, f: PeopleFilter, visible: frozenset[str]) -> int:
    """The number of visible people matching the filter."""
    q = _people_query(f, visible)
    return conn.scalar(select(func.count()).select_from(q.subquery())) or 0


def people_page(
    conn: Connection,
    f: PeopleFilter,
    visible: frozenset[str],
    *,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 50,
) -> list[PersonLine]:
    """One page of the people matching the filter."""
    column: Any = SORTS.get(sort, PersonRow.name)
    withheld = {"region": "region", "born": "birth_date"}.get(sort)
    if withheld and "restricted" not in visible:  # a withheld value sorts as no value
        hidden = field_hidden("person", PersonRow.id, withheld, visible)
        column = case((hidden, None), else_=column)
    order = column.desc() if descending else column.asc()
    page = _people_query(f, visible).order_by(order, PersonRow.id).offset(offset).limit(limit)
    return [PersonLine(*row) for row in conn.execute(page)]


def regions(conn: Connection, visible: frozenset[str]) -> list[str]:
    q = select(PersonRow.region).where(
        PersonRow.region.is_not(None), PersonRow.sensitivity.in_(visible)
    )
    return sorted(r for r in conn.scalars(q.distinct()) if r)


def organisation_choices(conn: Connection, visible: frozenset[str]) -> list[tuple[str, str]]:
    q = select(OrganisationRow.id, OrganisationRow.name).where(
        OrganisationRow.sensitivity.in_(visible)
    )
    return [(i, n) for i, n in conn.execute(q.order_by(OrganisationRow.name))]


def articles_charged(conn: Connection) -> list[str]:
    q = select(ChargeRow.article_id).where(ChargeRow.article_id.is_not(None)).distinct()
    return sorted(a for a in conn.scalars(q) if a)


def status_counts(conn: Connection, day: date, visible: frozenset[str]) -> dict[str, int]:
    """status -> the number of visible people in it on the day."""
    q = (
        select(StatusSpanRow.status, func.count())
        .join(PersonRow, PersonRow.id == StatusSpanRow.person_id)
        .where(
            _covers(day),
            PersonRow.sensitivity.in_(visible),
            _shown_status(StatusSpanRow.person_id, day, visible),
        )
        .group_by(StatusSpanRow.status)
    )
    return {s: int(n) for s, n in conn.execute(q)}


def long_detentions(
    conn: Connection, day: date, started_before: date, visible: frozenset[str], limit: int = 20
) -> list[tuple[str, str, str]]:
    """(person id, name, since) of people in pre-trial detention on the day since before a date."""
    q = (
        select(PersonRow.id, PersonRow.name, StatusSpanRow.start)
        .join(StatusSpanRow, StatusSpanRow.person_id == PersonRow.id)
        .where(
            _covers(day),
            StatusSpanRow.status == "pre_trial_detention",
            StatusSpanRow.start <= started_before.isoformat(),
            PersonRow.sensitivity.in_(visible),
            _shown_status(PersonRow.id, day, visible),
        )
        .order_by(StatusSpanRow.start)
        .limit(limit)
    )
    return [(i, n, s) for i, n, s in conn.execute(q)]


def upcoming_events(
    conn: Connection, kinds: Sequence[str], lo: date, hi: date, visible: frozenset[str]
) -> list[tuple[str, str, str, str | None, str | None]]:
    """(event id, kind, date, person id, case id) of events of these kinds dated in [lo, hi];
    the person is None where the reader may not see them or their place in the event."""
    person_shown: ColumnElement[bool] = exists().where(
        PersonRow.id == EventPartyRow.person_id, PersonRow.sensitivity.in_(visible)
    )
    if "restricted" not in visible:
        person_shown = and_(
            person_shown, ~party_hidden(EventRow.id, EventPartyRow.person_id, visible)
        )
    person = case((person_shown, EventPartyRow.person_id), else_=None)
    q = (
        select(EventRow.id, EventRow.kind, EventRow.date, person, EventRow.case_id)
        .join(EventPartyRow, EventPartyRow.event_id == EventRow.id)
        .where(
            EventRow.kind.in_(list(kinds)),
            EventRow.date_lo >= lo.isoformat(),
            EventRow.date_lo <= hi.isoformat(),
            EventRow.sensitivity.in_(visible),
            EventPartyRow.role.in_(("victim", "subject")),
        )
        .order_by(EventRow.date_lo)
        .limit(20)
    )
    return [tuple(row) for row in conn.execute(q)]


def case_lines(
    conn: Connection, visible: frozenset[str], *, offset: int, limit: int
) -> tuple[int, list[tuple[str, str, str | None]]]:
    base = select(CaseRow.id, CaseRow.title, CaseRow.case_number).where(
        CaseRow.sensitivity.in_(visible)
    )
    total = conn.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = conn.execute(base.order_by(CaseRow.title, CaseRow.id).offset(offset).limit(limit))
    return total, [(i, t, n) for i, t, n in rows]


def case_row(conn: Connection, case_id: str) -> Any:
    return conn.execute(select(CaseRow).where(CaseRow.id == case_id)).first()


def charges_of_case(conn: Connection, case_id: str) -> list[Any]:
    q = select(ChargeRow).where(ChargeRow.case_id == case_id)
    return list(conn.execute(q.order_by(ChargeRow.person_id, ChargeRow.seq)))


def event_ids_of_case(conn: Connection, case_id: str) -> list[str]:
    return list(conn.scalars(select(EventRow.id).where(EventRow.case_id == case_id)))


def organisation_lines(
    conn: Connection, visible: frozenset[str], *, kind: str | None, offset: int, limit: int
) -> tuple[int, list[tuple[str, str, str]]]:
    base = select(OrganisationRow.id, OrganisationRow.name, OrganisationRow.kind).where(
        OrganisationRow.sensitivity.in_(visible)
    )
    if kind:
        base = base.where(OrganisationRow.kind == kind)
    total = conn.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = conn.execute(base.order_by(OrganisationRow.name).offset(offset).limit(limit))
    return total, [(i, n, k) for i, n, k in rows]


def organisation_row(conn: Connection, organisation_id: str) -> Any:
    return conn.execute(
        select(OrganisationRow).where(OrganisationRow.id == organisation_id)
    ).first()


def members_of(
    conn: Connection, organisation_id: str, visible: frozenset[str], limit: int = 200
) -> list[tuple[str, str, str]]:
    q = (
        select(PersonRow.id, PersonRow.name, AffiliationRow.role)
        .join(AffiliationRow, AffiliationRow.person_id == PersonRow.id)
        .where(
            AffiliationRow.organisation_id == organisation_id, PersonRow.sensitivity.in_(visible)
        )
        .order_by(PersonRow.name)
        .limit(limit)
    )
    return [(i, n, r) for i, n, r in conn.execute(q)]


def posts_in(
    conn: Connection, organisation_id: str, visible: frozenset[str]
) -> list[tuple[str, str, str, str | None, str | None, str | None]]:
    """(position title, person id, name, start, end, observed) of the posts in a body."""
    q = (
        select(
            PositionRow.title,
            PersonRow.id,
            PersonRow.name,
            OccupancyRow.start,
            OccupancyRow.end,
            OccupancyRow.observed,
        )
        .join(OccupancyRow, OccupancyRow.position_id == PositionRow.id)
        .join(PersonRow, PersonRow.id == OccupancyRow.person_id)
        .where(PositionRow.organisation_id == organisation_id, PersonRow.sensitivity.in_(visible))
        .order_by(PositionRow.title, PersonRow.name)
    )
    return [tuple(r) for r in conn.execute(q)]  # type: ignore[misc]


def official_lines(
    conn: Connection, visible: frozenset[str], *, offset: int, limit: int
) -> tuple[int, list[tuple[str, str, int]]]:
    """People who appear as perpetrators, with the number of acts; and holders of posts."""
    acts = func.count(func.distinct(EventPartyRow.event_id))
    base = (
        select(PersonRow.id, PersonRow.name, acts)
        .join(EventPartyRow, EventPartyRow.person_id == PersonRow.id)
        .join(EventRow, EventRow.id == EventPartyRow.event_id)
        .where(
            EventPartyRow.role == "perpetrator",
            PersonRow.sensitivity.in_(visible),
            EventRow.sensitivity.in_(visible),
        )
        .group_by(PersonRow.id, PersonRow.name)
    )
    holders = (
        select(PersonRow.id)
        .join(OccupancyRow, OccupancyRow.person_id == PersonRow.id)
        .where(PersonRow.sensitivity.in_(visible))
    )
    total = conn.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = [
        (i, n, int(c))
        for i, n, c in conn.execute(
            base.order_by(acts.desc(), PersonRow.name).offset(offset).limit(limit)
        )
    ]
    if offset == 0:
        listed = {r[0] for r in rows}
        extra = [i for i in conn.scalars(holders.distinct()) if i not in listed]
        names = dict(
            conn.execute(
                select(PersonRow.id, PersonRow.name).where(PersonRow.id.in_(extra[:limit]))
            ).all()
        )
        rows += [(i, names.get(i, i), 0) for i in extra[:limit]]
        total += len(extra)
    return total, rows


def acts_of(conn: Connection, person_id: str) -> list[str]:
    """Ids of events in which a person is a perpetrator."""
    q = select(EventPartyRow.event_id).where(
        EventPartyRow.person_id == person_id, EventPartyRow.role == "perpetrator"
    )
    return list(conn.scalars(q.distinct()))


def source_lines(
    conn: Connection, visible: frozenset[str], *, offset: int, limit: int
) -> tuple[int, list[tuple[str, str, str | None, str | None]]]:
    base = select(SourceRow.id, SourceRow.title, SourceRow.publisher, SourceRow.date).where(
        SourceRow.sensitivity.in_(visible)
    )
    total = conn.scalar(select(func.count()).select_from(base.subquery())) or 0
    q = base.order_by(SourceRow.date_hi.desc(), SourceRow.id).offset(offset).limit(limit)
    return total, [(i, t, p, d) for i, t, p, d in conn.execute(q)]


def citing(conn: Connection, source_id: str, limit: int = 500) -> list[tuple[str, str, str | None]]:
    """(record type, record id, locator) of every record that cites a source."""
    q = (
        select(CitationRow.record_type, CitationRow.record_id, CitationRow.locator)
        .where(CitationRow.source_id == source_id)
        .order_by(CitationRow.record_type, CitationRow.record_id)
        .limit(limit)
    )
    return [(t, i, loc) for t, i, loc in conn.execute(q)]


def titles(conn: Connection, kind: str, ids: Sequence[str]) -> dict[str, str]:
    """A readable label for records of a kind: a name or a title."""
    table, column = {
        "person": (PersonRow, PersonRow.name),
        "organisation": (OrganisationRow, OrganisationRow.name),
        "case": (CaseRow, CaseRow.title),
        "source": (SourceRow, SourceRow.title),
        "event": (EventRow, EventRow.kind),
        "recognition": (RecognitionRow, RecognitionRow.kind),
        "claim": (ClaimRow, ClaimRow.wording),
    }.get(kind, (None, None))
    if table is None or column is None:
        return {}
    out: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        q = select(table.__table__.c.id, column).where(table.__table__.c.id.in_(chunk))
        out.update({i: str(t) for i, t in conn.execute(q)})
    return out


def recognition_people(conn: Connection, ids: Sequence[str]) -> dict[str, str]:
    q = select(RecognitionRow.id, RecognitionRow.person_id).where(RecognitionRow.id.in_(list(ids)))
    return {i: p for i, p in conn.execute(q)}


def open_candidates(conn: Connection, limit: int = 500) -> list[tuple[str, str, float, str]]:
    """(person a, person b, score, the import that proposed it) of pairs still to review."""
    q = (
        select(
            DuplicateCandidateRow.person_a,
            DuplicateCandidateRow.person_b,
            DuplicateCandidateRow.score,
            DuplicateCandidateRow.source,
        )
        .where(DuplicateCandidateRow.status == "open")
        .order_by(DuplicateCandidateRow.score.desc(), DuplicateCandidateRow.id)
        .limit(limit)
    )
    return [(a, b, float(s), src) for a, b, s, src in conn.execute(q)]


def settle_candidate(conn: Connection, a: str, b: str, status: str) -> None:
    """Mark a stored pair (either order) as merged or distinct."""
    first, second = sorted((a, b))
    conn.execute(
        update(DuplicateCandidateRow)
        .where(DuplicateCandidateRow.person_a == first, DuplicateCandidateRow.person_b == second)
        .values(status=status)
    )
