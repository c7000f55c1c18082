"""Queries about people: lookup, status on a day, their events, cases and decisions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    String,
    and_,
    any_,
    bindparam,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.orm import QueryableAttribute

from docket.domain.case import Charge
from docket.domain.claim import Claim
from docket.domain.event import Event
from docket.domain.person import Affiliation, Name, Person, Relation
from docket.domain.recognition import Recognition, SanctionRecommendation
from docket.domain.source import Citation, Source
from docket.domain.status import StatusSpan
from docket.storage import rows
from docket.storage.tables import (
    AffiliationRow,
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
    RelationRow,
    SanctionRow,
    SearchTextRow,
    SourceRow,
    StatusSpanRow,
)


def _among(
    conn: Connection, column: QueryableAttribute[Any], ids: Iterable[str]
) -> ColumnElement[bool]:
    """`column IN ids`, the ids passed as one parameter however many there are (a JSON array on
    SQLite, an array on PostgreSQL): one query for 20,000 people, with nothing to compile per id."""
    values = list(ids)
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(String)))
    table = func.json_each(orjson.dumps(values).decode()).table_valued("value")
    return column.in_(select(table.c.value))


def citations_for(
    conn: Connection, kind: str, ids: Sequence[str]
) -> dict[str, tuple[Citation, ...]]:
    found: dict[str, list[Citation]] = defaultdict(list)
    q = (
        select(CitationRow.record_id, CitationRow.source_id, CitationRow.locator)
        .where(CitationRow.record_type == kind, _among(conn, CitationRow.record_id, ids))
        .order_by(CitationRow.id)
    )
    for rid, sid, loc in conn.execute(q):
        found[rid].append(Citation(sid, loc))
    return {k: tuple(v) for k, v in found.items()}


def people_by_ids(conn: Connection, ids: Sequence[str]) -> dict[str, Person]:
    out: dict[str, Person] = {}
    names: dict[str, list[Name]] = defaultdict(list)
    q = select(PersonNameRow).where(_among(conn, PersonNameRow.person_id, ids))
    for n in conn.execute(q.order_by(PersonNameRow.person_id, PersonNameRow.seq)):
        names[n.person_id].append(Name(n.value, n.kind, n.script, n.lang))
    cites = citations_for(conn, "person", ids)
    for p in conn.execute(select(PersonRow).where(_among(conn, PersonRow.id, ids))):
        out[p.id] = Person(
            id=p.id,
            names=tuple(names[p.id]),
            sex=p.sex,
            birth_date=rows.pdate(p.birth_date),
            birth_place=p.birth_place,
            occupation=p.occupation,
            region=p.region,
            summary=p.summary,
            citations=cites.get(p.id, ()),
            sensitivity=p.sensitivity,
        )
    return out


def person_links(conn: Connection, person_id: str) -> tuple[list[Affiliation], list[Relation]]:
    affs = [
        Affiliation(
            a.organisation_id,
            a.role,
            rows.pdate(a.start),
            rows.pdate(a.end),
            rows.citations_from_json(a.sources),
        )
        for a in conn.execute(select(AffiliationRow).where(AffiliationRow.person_id == person_id))
    ]
    rels = [
        Relation(r.kind, r.other_id, rows.citations_from_json(r.sources))
        for r in conn.execute(select(RelationRow).where(RelationRow.person_id == person_id))
    ]
    # relations recorded on the other person's side, unless recorded on both
    seen = {(r.person_id, r.kind) for r in rels}
    for r in conn.execute(select(RelationRow).where(RelationRow.other_id == person_id)):
        if (r.person_id, r.kind) not in seen:
            rels.append(Relation(r.kind, r.person_id, rows.citations_from_json(r.sources), True))
    return affs, rels


def find_person_ids(conn: Connection, query: str, limit: int = 10) -> list[str]:
    """Ids of people whose id is the query, or who have a name equal to it (any case)."""
    if conn.scalar(select(PersonRow.id).where(PersonRow.id == query)):
        return [query]
    q = (
        select(PersonNameRow.person_id)
        .where(func.lower(PersonNameRow.value) == query.strip().lower())
        .distinct()
        .limit(limit)
    )
    return list(conn.scalars(q))


def search(conn: Connection, query: str, limit: int = 20) -> list[tuple[str, str, str]]:
    """(record_type, record_id, text) of records whose text matches every word of the query."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in query).split() if w]
    if not words:
        return []
    if conn.dialect.name == "sqlite":
        match = " ".join('"' + w.replace('"', "") + '"*' for w in words)
        stmt = text(
            "SELECT t.record_type, t.record_id, t.text FROM search_fts f "
            "JOIN search_text t ON t.id = f.rowid WHERE search_fts MATCH :m "
            "ORDER BY rank LIMIT :n"
        )
        return [(r[0], r[1], r[2]) for r in conn.execute(stmt, {"m": match, "n": limit})]
    cond = and_(*[SearchTextRow.text.ilike(f"%{w}%") for w in words])
    q = select(SearchTextRow.record_type, SearchTextRow.record_id, SearchTextRow.text).where(cond)
    return [(r[0], r[1], r[2]) for r in conn.execute(q.limit(limit))]


def spans_of(conn: Connection, person_id: str) -> list[StatusSpan]:
    q = select(StatusSpanRow).where(StatusSpanRow.person_id == person_id)
    return [
        StatusSpan(
            s.status,
            date.fromisoformat(s.start),
            date.fromisoformat(s.end) if s.end else None,
            s.event_id,
            s.basis,
        )
        for s in conn.execute(q.order_by(StatusSpanRow.start))
    ]


def statuses_on(
    conn: Connection, day: date, statuses: Iterable[str] | None = None
) -> dict[str, tuple[str, str, str, str]]:
    """person_id -> (status, since, event_id, basis) for everyone with a status on the day."""
    d = day.isoformat()
    q = select(
        StatusSpanRow.person_id,
        StatusSpanRow.status,
        StatusSpanRow.start,
        StatusSpanRow.event_id,
        StatusSpanRow.basis,
    ).where(StatusSpanRow.start <= d, or_(StatusSpanRow.end.is_(None), StatusSpanRow.end > d))
    if statuses is not None:
        q = q.where(StatusSpanRow.status.in_(list(statuses)))
    return {pid: (st, since, ev, basis) for pid, st, since, ev, basis in conn.execute(q)}


def recognitions_of(conn: Connection, ids: Sequence[str]) -> dict[str, list[Recognition]]:
    out: dict[str, list[Recognition]] = defaultdict(list)
    rows_ = conn.execute(
        select(RecognitionRow).where(_among(conn, RecognitionRow.person_id, ids))
    ).all()
    cites = citations_for(conn, "recognition", [r.id for r in rows_])
    for r in rows_:
        out[r.person_id].append(rows.recognition_from_row(r, cites.get(r.id, ())))
    return out


def events_where(conn: Connection, event_ids: Sequence[str]) -> list[Event]:
    """Events by id, with their parties and citations, in date order."""
    events = conn.execute(select(EventRow).where(_among(conn, EventRow.id, event_ids))).all()
    parties: dict[str, list[Any]] = defaultdict(list)
    q = select(EventPartyRow).where(_among(conn, EventPartyRow.event_id, event_ids))
    for p in conn.execute(q.order_by(EventPartyRow.event_id, EventPartyRow.seq)):
        parties[p.event_id].append(p)
    cites = citations_for(conn, "event", event_ids)
    out = [rows.event_from_row(e, parties[e.id], cites.get(e.id, ())) for e in events]
    return sorted(out, key=lambda e: (e.date.sort_key(), e.id))


def event_ids_of_person(conn: Connection, person_id: str) -> list[str]:
    q = select(EventPartyRow.event_id).where(EventPartyRow.person_id == person_id).distinct()
    return list(conn.scalars(q))


def event_ids_of_people(conn: Connection, person_ids: Sequence[str]) -> set[str]:
    """Ids of the events in which any of these people take part."""
    q = select(EventPartyRow.event_id).where(_among(conn, EventPartyRow.person_id, person_ids))
    return set(conn.scalars(q.distinct()))


def event_ids_of_organisation(conn: Connection, organisation_id: str) -> list[str]:
    q = select(EventPartyRow.event_id).where(EventPartyRow.organisation_id == organisation_id)
    return list(conn.scalars(q.distinct()))


@dataclass(frozen=True, slots=True)
class CaseCharges:
    case_id: str
    title: str
    case_number: str | None
    court_ids: tuple[str, ...]
    charges: tuple[Charge, ...]
    citations: tuple[Citation, ...]


def cases_of_person(conn: Connection, person_id: str) -> list[CaseCharges]:
    charge_rows = list(
        conn.execute(
            select(ChargeRow).where(ChargeRow.person_id == person_id).order_by(ChargeRow.seq)
        )
    )
    case_ids = sorted({c.case_id for c in charge_rows})
    cites = citations_for(conn, "case", case_ids)
    out = []
    for case in conn.execute(select(CaseRow).where(CaseRow.id.in_(case_ids))):
        charges = tuple(
            Charge(c.article_id, c.part, c.wording) for c in charge_rows if c.case_id == case.id
        )
        out.append(
            CaseCharges(
                case.id,
                case.title,
                case.case_number,
                tuple(case.court_ids or ()),
                charges,
                cites.get(case.id, ()),
            )
        )
    return out


def sources_by_ids(conn: Connection, ids: Sequence[str]) -> dict[str, Source]:
    out: dict[str, Source] = {}
    for s in conn.execute(select(SourceRow).where(_among(conn, SourceRow.id, ids))):
        out[s.id] = rows.source_from_row(s)
    return out


def organisation_names(conn: Connection, ids: Sequence[str]) -> dict[str, str]:
    q = select(OrganisationRow.id, OrganisationRow.name).where(
        _among(conn, OrganisationRow.id, ids)
    )
    return {i: n for i, n in conn.execute(q)}


def person_names(conn: Connection, ids: Sequence[str]) -> dict[str, str]:
    q = select(PersonRow.id, PersonRow.name).where(_among(conn, PersonRow.id, ids))
    return {i: n for i, n in conn.execute(q)}


@dataclass(frozen=True, slots=True)
class Holding:
    """A post a person held, with the body it belongs to."""

    id: str
    title: str
    body: str
    start: str | None
    end: str | None
    observed: str | None
    citations: tuple[Citation, ...]
    body_id: str  # the organisation's id: the post is shown only where the body may be


def positions_of(conn: Connection, person_id: str) -> list[Holding]:
    q = (
        select(
            OccupancyRow.id,
            PositionRow.title,
            OrganisationRow.name,
            OccupancyRow.start,
            OccupancyRow.end,
            OccupancyRow.observed,
            OrganisationRow.id,
        )
        .join(PositionRow, PositionRow.id == OccupancyRow.position_id)
        .join(OrganisationRow, OrganisationRow.id == PositionRow.organisation_id)
        .where(OccupancyRow.person_id == person_id)
    )
    found = list(conn.execute(q))
    cites = citations_for(conn, "occupancy", [row[0] for row in found])
    return [
        Holding(oid, title, body, start, end, observed, cites.get(oid, ()), body_id)
        for oid, title, body, start, end, observed, body_id in found
    ]


def sanctions_of(conn: Connection, person_id: str) -> list[SanctionRecommendation]:
    found = list(conn.execute(select(SanctionRow).where(SanctionRow.person_id == person_id)))
    cites = citations_for(conn, "sanction recommendation", [s.id for s in found])
    return [
        SanctionRecommendation(
            s.id,
            s.person_id,
            s.organisation_id,
            rows.pdate(s.date),  # type: ignore[arg-type]
            cites.get(s.id, ()),
            tuple(s.regimes or ()),
            s.grounds,
        )
        for s in found
    ]


def claims_between(conn: Connection, lo: date, hi: date) -> list[Claim]:
    q = select(ClaimRow).where(
        ClaimRow.as_of_hi >= lo.isoformat(), ClaimRow.as_of_hi <= hi.isoformat()
    )
    found = list(conn.execute(q.order_by(ClaimRow.as_of_hi, ClaimRow.id)))
    cites = citations_for(conn, "claim", [c.id for c in found])
    return [rows.claim_from_row(c, cites.get(c.id, ())) for c in found]
