"""The queries of the redaction layer (services.redacting, services.page_redaction): what it
reads from the store to decide what an audience may see, beyond the records themselves."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, String, cast, exists, literal, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement

from docket.storage.level_tables import PARTY, FieldLevelRow
from docket.storage.stats_queries import SUBJECT_ROLES
from docket.storage.tables import (
    CaseRow,
    ChargeRow,
    ClaimRow,
    EventPartyRow,
    EventRow,
    OrganisationRow,
    PersonRow,
    ProsecutionRow,
    RecognitionRow,
    SanctionRow,
    StatusSpanRow,
)

# The records a decision, a claim or a sanction recommendation names, by the kind named:
# (kind of the reference, its table, [(kind named, column)]).
_NAMED: dict[str, tuple[Any, tuple[tuple[str, Any], ...]]] = {
    "claim": (ClaimRow, (("organisation", ClaimRow.stated_by),)),
    "recognition": (RecognitionRow, (("organisation", RecognitionRow.organisation_id),)),
    "sanction recommendation": (
        SanctionRow,
        (("person", SanctionRow.person_id), ("organisation", SanctionRow.organisation_id)),
    ),
}
NAMING_KINDS = tuple(_NAMED)


def organisation_names(conn: Connection, visible: Collection[str]) -> list[str]:
    """The names of the organisations at these levels."""
    orgs = select(OrganisationRow.name).where(OrganisationRow.sensitivity.in_(visible))
    return list(conn.scalars(orgs))


def charge_wordings(conn: Connection, visible: Collection[str]) -> list[tuple[str, str]]:
    """(case id, wording) of every worded charge whose case and defendant are at these levels."""
    charges = (
        select(ChargeRow.case_id, ChargeRow.wording)
        .join(CaseRow, CaseRow.id == ChargeRow.case_id)
        .join(PersonRow, PersonRow.id == ChargeRow.person_id)
        .where(
            ChargeRow.wording.is_not(None),
            CaseRow.sensitivity.in_(visible),
            PersonRow.sensitivity.in_(visible),
        )
    )
    return [(row.case_id, str(row.wording)) for row in conn.execute(charges)]


def person_regions(conn: Connection, visible: Collection[str]) -> list[tuple[str, str | None]]:
    """(person id, region) of the people at these levels who have a region."""
    q = select(PersonRow.id, PersonRow.region).where(
        PersonRow.region.is_not(None), PersonRow.sensitivity.in_(visible)
    )
    return [(pid, region) for pid, region in conn.execute(q)]


def named_records(
    conn: Connection, kind: str, ids: Sequence[str]
) -> list[tuple[str, dict[str, str | None]]]:
    """For references of a kind that names other records (a claim its organisation, a sanction
    recommendation its person and organisation): per kind named, the record each of these ids
    names (None when it names none)."""
    table, named = _NAMED[kind]
    out = []
    for other, column in named:
        found = conn.execute(select(table.id, column).where(table.id.in_(ids)))
        out.append((other, {rid: value for rid, value in found}))
    return out


# (person, event, the event's level): a fact about a person and the event it rests on.
Fact = tuple[str, str, str]


def status_events_on(
    conn: Connection, day: date, person_ids: Sequence[str] | None = None
) -> list[Fact]:
    """The events the status spans covering the day rest on, of everyone (or of these
    people)."""
    d = day.isoformat()
    q = (
        select(StatusSpanRow.person_id, StatusSpanRow.event_id, EventRow.sensitivity)
        .join(EventRow, EventRow.id == StatusSpanRow.event_id)
        .where(StatusSpanRow.start <= d, or_(StatusSpanRow.end.is_(None), StatusSpanRow.end > d))
    )
    if person_ids is None:
        return [(p, e, lv) for p, e, lv in conn.execute(q)]
    out: list[Fact] = []
    for chunk in _chunks(person_ids):
        out += [
            (p, e, lv) for p, e, lv in conn.execute(q.where(StatusSpanRow.person_id.in_(chunk)))
        ]
    return out


def party_hidden(event_id: Any, person_id: Any, visible: Collection[str]) -> ColumnElement[bool]:
    """True where the person's place among the event's parties is marked at a level outside
    these (a restricted witness in a public event)."""
    party = aliased(EventPartyRow)
    mark = aliased(FieldLevelRow)
    return exists().where(
        party.event_id == event_id,
        party.person_id == person_id,
        mark.record_kind == "event",
        mark.record_id == party.event_id,
        mark.field == literal(PARTY) + cast(party.seq, String),
        mark.level.not_in(sorted(visible)),
    )


def field_hidden(
    kind: str, record_id: Any, field: str, visible: Collection[str]
) -> ColumnElement[bool]:
    """True where the record's field is marked at a level outside these."""
    mark = aliased(FieldLevelRow)
    return exists().where(
        mark.record_kind == kind,
        mark.record_id == record_id,
        mark.field == field,
        mark.level.not_in(sorted(visible)),
    )


def status_shown(person_id: Any, day: date, visible: Collection[str]) -> ColumnElement[bool]:
    """True where a person's status on the day rests only on events at these levels, naming
    them in a place at these levels: the same rule as services.figure_bases.status_unseen,
    as a condition a query can filter, count and sort by."""
    d = day.isoformat()
    span = aliased(StatusSpanRow)
    event = aliased(EventRow)
    hidden = exists().where(
        span.person_id == person_id,
        span.start <= d,
        or_(span.end.is_(None), span.end > d),
        event.id == span.event_id,
        or_(
            event.sensitivity.not_in(sorted(visible)),
            party_hidden(span.event_id, span.person_id, visible),
        ),
    )
    return ~hidden


def subject_events(conn: Connection, kinds: Collection[str], until: date) -> list[Fact]:
    """Events of these kinds certainly by the day, with the people they are about (victims)."""
    q = (
        select(EventPartyRow.person_id, EventRow.id, EventRow.sensitivity)
        .join(EventRow, EventRow.id == EventPartyRow.event_id)
        .where(
            EventPartyRow.person_id.is_not(None),
            EventPartyRow.role.in_(SUBJECT_ROLES),
            EventRow.kind.in_(sorted(kinds)),
            EventRow.date_hi <= until.isoformat(),
        )
    )
    return [(str(p), e, lv) for p, e, lv in conn.execute(q)]


def prosecution_cases(conn: Connection, until: date) -> list[tuple[str, str, str, bool]]:
    """(person, case, the case's level, convicted by the day) of every prosecution opened by
    the day."""
    d = until.isoformat()
    q = (
        select(
            ProsecutionRow.person_id,
            ProsecutionRow.case_id,
            CaseRow.sensitivity,
            ProsecutionRow.convicted,
        )
        .join(CaseRow, CaseRow.id == ProsecutionRow.case_id)
        .where(ProsecutionRow.opened.is_not(None), ProsecutionRow.opened <= d)
    )
    return [(p, c, lv, v is not None and v <= d) for p, c, lv, v in conn.execute(q)]


def party_places(conn: Connection, event_ids: Sequence[str]) -> dict[tuple[str, str], list[int]]:
    """Where each person stands among the parties of these events: (event, person) -> seqs."""
    out: dict[tuple[str, str], list[int]] = defaultdict(list)
    for chunk in _chunks(event_ids):
        q = select(EventPartyRow.event_id, EventPartyRow.person_id, EventPartyRow.seq).where(
            EventPartyRow.event_id.in_(chunk), EventPartyRow.person_id.is_not(None)
        )
        for eid, pid, seq in conn.execute(q):
            out[(eid, str(pid))].append(seq)
    return dict(out)


def _chunks(ids: Sequence[str], size: int = 500) -> list[Sequence[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
