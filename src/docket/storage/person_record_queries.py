"""One person's whole record read in a few queries: the events with their parties, the cases
with their charges, and the citations of everything the record holds in one query each, the
records found by the person's id inside each query rather than by a list read before.

A person's page is the most read page of the team application; read table by table (and the
citations of each kind apart) it took about 30 queries, each costing more in building and
running the statement than the database's own work. The statements here are built once per
process and take the person's id as a parameter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import orjson
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    Select,
    String,
    any_,
    bindparam,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import QueryableAttribute

from docket.domain.case import Charge
from docket.domain.event import Event
from docket.domain.person import Affiliation, Name, Person, Relation
from docket.domain.recognition import Recognition, SanctionRecommendation
from docket.domain.source import Citation
from docket.domain.status import StatusSpan
from docket.storage import rows
from docket.storage.people_queries import CaseCharges, Holding
from docket.storage.tables import (
    AffiliationRow,
    CaseRow,
    ChargeRow,
    CitationRow,
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
    StatusSpanRow,
)

_PID = "pid"


@dataclass(slots=True)
class PersonParts:
    """What the store holds about one person, as `services.people.PersonRecord` is made of."""

    person: Person
    spans: list[StatusSpan]
    events: list[Event]  # in no particular order
    cases: list[CaseCharges]
    recognitions: list[Recognition]
    affiliations: list[Affiliation]
    relations: list[Relation]
    positions: list[Holding]
    sanctions: list[SanctionRecommendation]


def _pid() -> Any:
    return bindparam(_PID, type_=String)


def _event_ids() -> Select[Any]:
    return select(EventPartyRow.event_id).where(EventPartyRow.person_id == _pid())


@cache
def _statements() -> dict[str, Any]:
    """The record's statements, built once (their compiled forms are cached by the engine)."""
    pid = _pid()
    cited = {
        "event": _event_ids(),
        "case": select(ChargeRow.case_id).where(ChargeRow.person_id == pid),
        "recognition": select(RecognitionRow.id).where(RecognitionRow.person_id == pid),
        "occupancy": select(OccupancyRow.id).where(OccupancyRow.person_id == pid),
        "sanction recommendation": select(SanctionRow.id).where(SanctionRow.person_id == pid),
    }
    columns = (
        CitationRow.id,
        CitationRow.record_type,
        CitationRow.record_id,
        CitationRow.source_id,
        CitationRow.locator,
    )
    citations = union_all(
        select(*columns).where(CitationRow.record_type == "person", CitationRow.record_id == pid),
        *(
            select(*columns).where(CitationRow.record_type == kind, CitationRow.record_id.in_(ids))
            for kind, ids in cited.items()
        ),
    )
    return {
        "person": select(PersonRow).where(PersonRow.id == pid),
        "names": select(PersonNameRow)
        .where(PersonNameRow.person_id == pid)
        .order_by(PersonNameRow.seq),
        "spans": select(StatusSpanRow)
        .where(StatusSpanRow.person_id == pid)
        .order_by(StatusSpanRow.start),
        "events": select(EventRow).where(EventRow.id.in_(_event_ids())),
        "parties": select(EventPartyRow)
        .where(EventPartyRow.event_id.in_(_event_ids()))
        .order_by(EventPartyRow.event_id, EventPartyRow.seq),
        "charges": select(ChargeRow).where(ChargeRow.person_id == pid).order_by(ChargeRow.seq),
        "cases": select(CaseRow)
        .where(CaseRow.id.in_(select(ChargeRow.case_id).where(ChargeRow.person_id == pid)))
        .order_by(CaseRow.id),
        "recognitions": select(RecognitionRow).where(RecognitionRow.person_id == pid),
        "affiliations": select(AffiliationRow).where(AffiliationRow.person_id == pid),
        "relations": select(RelationRow).where(RelationRow.person_id == pid),
        "relations_to": select(RelationRow).where(RelationRow.other_id == pid),
        "positions": select(
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
        .where(OccupancyRow.person_id == pid),
        "sanctions": select(SanctionRow).where(SanctionRow.person_id == pid),
        "citations": citations,
    }


def person_parts(conn: Connection, person_id: str) -> PersonParts | None:
    """The person's record as stored (None when there is no such person): 15 queries."""
    stmt = _statements()
    given = {_PID: person_id}
    row = conn.execute(stmt["person"], given).first()
    if row is None:
        return None
    cites = _citations(conn, stmt["citations"], given)
    names = tuple(
        Name(n.value, n.kind, n.script, n.lang) for n in conn.execute(stmt["names"], given)
    )
    person = Person(
        id=row.id,
        names=names,
        sex=row.sex,
        birth_date=rows.pdate(row.birth_date),
        birth_place=row.birth_place,
        occupation=row.occupation,
        region=row.region,
        summary=row.summary,
        citations=cites["person"].get(row.id, ()),
        sensitivity=row.sensitivity,
    )
    spans = [
        StatusSpan(
            s.status,
            date.fromisoformat(s.start),
            date.fromisoformat(s.end) if s.end else None,
            s.event_id,
            s.basis,
        )
        for s in conn.execute(stmt["spans"], given)
    ]
    parties: dict[str, list[Any]] = defaultdict(list)
    for p in conn.execute(stmt["parties"], given):
        parties[p.event_id].append(p)
    events = [
        rows.event_from_row(e, parties[e.id], cites["event"].get(e.id, ()))
        for e in conn.execute(stmt["events"], given)
    ]
    charges = list(conn.execute(stmt["charges"], given))
    cases = [
        CaseCharges(
            case.id,
            case.title,
            case.case_number,
            tuple(case.court_ids or ()),
            tuple(Charge(c.article_id, c.part, c.wording) for c in charges if c.case_id == case.id),
            cites["case"].get(case.id, ()),
        )
        for case in conn.execute(stmt["cases"], given)
    ]
    recognitions = [
        rows.recognition_from_row(r, cites["recognition"].get(r.id, ()))
        for r in conn.execute(stmt["recognitions"], given)
    ]
    affiliations = [
        Affiliation(
            a.organisation_id,
            a.role,
            rows.pdate(a.start),
            rows.pdate(a.end),
            rows.citations_from_json(a.sources),
        )
        for a in conn.execute(stmt["affiliations"], given)
    ]
    relations = [
        Relation(r.kind, r.other_id, rows.citations_from_json(r.sources))
        for r in conn.execute(stmt["relations"], given)
    ]
    # relations recorded on the other person's side, unless recorded on both
    seen = {(r.person_id, r.kind) for r in relations}
    for r in conn.execute(stmt["relations_to"], given):
        if (r.person_id, r.kind) not in seen:
            relations.append(
                Relation(r.kind, r.person_id, rows.citations_from_json(r.sources), True)
            )
    positions = [
        Holding(oid, title, body, start, end, observed, cites["occupancy"].get(oid, ()), org)
        for oid, title, body, start, end, observed, org in conn.execute(stmt["positions"], given)
    ]
    sanctions = [
        SanctionRecommendation(
            s.id,
            s.person_id,
            s.organisation_id,
            rows.pdate(s.date),  # type: ignore[arg-type]
            cites["sanction recommendation"].get(s.id, ()),
            tuple(s.regimes or ()),
            s.grounds,
        )
        for s in conn.execute(stmt["sanctions"], given)
    ]
    return PersonParts(
        person, spans, events, cases, recognitions, affiliations, relations, positions, sanctions
    )


def _citations(
    conn: Connection, stmt: Any, given: dict[str, str]
) -> defaultdict[str, dict[str, tuple[Citation, ...]]]:
    """kind -> record id -> its citations, in the order they were stored."""
    found: defaultdict[str, defaultdict[str, list[Citation]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for _, kind, rid, sid, locator in sorted(conn.execute(stmt, given), key=lambda r: r[0]):
        found[kind][rid].append(Citation(sid, locator))
    out: defaultdict[str, dict[str, tuple[Citation, ...]]] = defaultdict(dict)
    for kind, by_record in found.items():
        out[kind] = {rid: tuple(cites) for rid, cites in by_record.items()}
    return out


def names_of(
    conn: Connection, people: Sequence[str], organisations: Sequence[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The names of these people and organisations, in one query."""
    if not people and not organisations:
        return {}, {}
    stmt = _names_of(conn.dialect.name)
    if conn.dialect.name == "postgresql":
        given: dict[str, Any] = {"people": list(people), "orgs": list(organisations)}
    else:
        given = {"people": orjson.dumps(list(people)).decode(),
                 "orgs": orjson.dumps(list(organisations)).decode()}  # fmt: skip
    found: tuple[dict[str, str], dict[str, str]] = ({}, {})
    for is_person, rid, name in conn.execute(stmt, given):
        found[0 if is_person else 1][rid] = name
    return found


@cache
def _names_of(dialect: str) -> Any:
    def among(column: QueryableAttribute[Any], name: str) -> ColumnElement[bool]:
        if dialect == "postgresql":
            return column == any_(bindparam(name, type_=ARRAY(String)))
        values = func.json_each(bindparam(name, type_=String)).table_valued("value")
        return column.in_(select(values.c.value))

    return union_all(
        select(literal(True), PersonRow.id, PersonRow.name).where(among(PersonRow.id, "people")),
        select(literal(False), OrganisationRow.id, OrganisationRow.name).where(
            among(OrganisationRow.id, "orgs")
        ),
    )
