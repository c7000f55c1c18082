"""Who is where on a day: lists of people by liberty status, and one person's whole record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection

from docket.domain.event import Event
from docket.domain.person import Affiliation, Person, Relation
from docket.domain.recognition import Recognition, SanctionRecommendation
from docket.domain.source import Citation, Source
from docket.domain.status import StatusSpan, recognitions_on, standing_kinds, status_on
from docket.errors import Conflict, NotFound, Problem, ValidationFailed
from docket.services.store import Store
from docket.storage import people_queries as q
from docket.storage import person_record_queries as record_queries
from docket.storage import stats_queries


@dataclass(frozen=True, slots=True)
class PersonStatus:
    person_id: str
    name: str
    status: str
    status_label: str
    since: str
    category: str | None
    basis: str  # event, observation or term
    event: Event | None
    recognitions: tuple[Recognition, ...]
    organisations: dict[str, str] = field(default_factory=dict)  # names of who recognised

    def citations(self) -> list[Citation]:
        cites = list(self.event.citations) if self.event else []
        for r in self.recognitions:
            cites.extend(r.citations)
        return cites


def list_people(
    store: Store,
    *,
    as_of: date,
    political_prisoners: bool = False,
    status: str | None = None,
    category: str | None = None,
) -> list[PersonStatus]:
    """People and their status on the day, optionally only political prisoners or one status."""
    vocab = store.vocab
    if status is not None and status not in vocab.statuses:
        known = ", ".join(vocab.statuses)
        raise ValidationFailed(
            [Problem(f"unknown status '{status}' (known: {known})", field="--status")]
        )
    wanted: set[str] | None = None
    if political_prisoners or category == "deprived_of_liberty":
        wanted = set(vocab.categories.deprived_of_liberty)
    elif category == "persecuted":
        wanted = set(vocab.categories.persecuted)
    if status is not None:
        wanted = {status} if wanted is None else wanted & {status}
    with store.read() as conn:
        current = q.statuses_on(conn, as_of, wanted)
        ids = sorted(current)
        if political_prisoners:
            # Decide who is recognised from the bare decisions, then read whole recognitions
            # (with their citations) of those people only.
            kinds = vocab.categories.political_prisoner_recognitions
            decisions = stats_queries.decisions_by(conn, as_of, sorted(wanted or ()))
            standing = standing_kinds(decisions, as_of)
            ids = [pid for pid in ids if not standing.get(pid, set()).isdisjoint(kinds)]
        recs = q.recognitions_of(conn, ids)
        names = q.person_names(conn, ids)
        events = {e.id: e for e in q.events_where(conn, sorted({current[i][2] for i in ids}))}
        orgs = q.organisation_names(
            conn, sorted({r.organisation_id for pid in ids for r in recs.get(pid, [])})
        )
    out = []
    for pid in ids:
        st, since, event_id, basis = current[pid]
        valid = recognitions_on(recs.get(pid, []), as_of)
        if political_prisoners:
            valid = [r for r in valid if r.kind in vocab.categories.political_prisoner_recognitions]
        out.append(
            PersonStatus(
                pid,
                names.get(pid, pid),
                st,
                vocab.status_label(st),
                since,
                vocab.categories.category_of(st),
                basis,
                events.get(event_id),
                tuple(valid),
                {r.organisation_id: orgs.get(r.organisation_id, r.organisation_id) for r in valid},
            )
        )
    return sorted(out, key=lambda p: p.name.lower())


@dataclass(slots=True)
class PersonRecord:
    person: Person
    as_of: date
    spans: list[StatusSpan]
    status: StatusSpan | None
    events: list[Event]
    cases: list[q.CaseCharges]
    recognitions: list[Recognition]
    affiliations: list[Affiliation]
    relations: list[Relation]
    positions: list[q.Holding]
    sanctions: list[SanctionRecommendation]
    people: dict[str, str] = field(default_factory=dict)  # id -> name of everyone mentioned
    organisations: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)

    def name_of(self, person_id: str | None, organisation_id: str | None) -> str:
        if person_id:
            return self.people.get(person_id, person_id)
        return self.organisations.get(organisation_id or "", organisation_id or "?")

    def all_citations(self) -> list[Citation]:
        cites: list[Citation] = list(self.person.citations)
        for e in self.events:
            cites.extend(e.citations)
        for c in self.cases:
            cites.extend(c.citations)
        for r in self.recognitions:
            cites.extend(r.citations)
        for p in self.positions:
            cites.extend(p.citations)
        for s in self.sanctions:
            cites.extend(s.citations)
        for rel in self.relations:
            cites.extend(rel.citations)
        for a in self.affiliations:
            cites.extend(a.citations)
        return cites


def resolve_person(store: Store, query: str) -> str:
    """A person's id from an id or a name as written; NotFound or Conflict with candidates."""
    with store.read() as conn:
        return _resolve(conn, query)


def _resolve(conn: Connection, query: str) -> str:
    ids = q.find_person_ids(conn, query)
    if not ids:
        hits = [r for r in q.search(conn, query, limit=10) if r[0] == "person"]
        ids = list(dict.fromkeys(r[1] for r in hits))
    names = q.person_names(conn, ids) if len(ids) > 1 else {}
    if not ids:
        raise NotFound(f"No person matches '{query}'. Try `docket search {query}`.")
    if len(ids) > 1:
        listing = "; ".join(f"{names.get(i, i)} ({i})" for i in ids[:10])
        raise Conflict(f"'{query}' matches several people: {listing}. Give the id instead.")
    return ids[0]


def get_person_record(store: Store, query: str, *, as_of: date) -> PersonRecord:
    """A person's whole record as stored, found by id or name (see `resolve_person`)."""
    kinds = store.vocab.event_kinds
    with store.read() as conn:
        pid = _resolve(conn, query)
        parts = record_queries.person_parts(conn, pid)
        if parts is None:
            raise NotFound(f"No person with id '{pid}'.")
        events = sorted(parts.events, key=lambda e: (*e.date.sort_key(), kinds[e.kind].order, e.id))
        record = PersonRecord(
            person=parts.person,
            as_of=as_of,
            spans=parts.spans,
            status=status_on(parts.spans, as_of),
            events=events,
            cases=parts.cases,
            recognitions=parts.recognitions,
            affiliations=parts.affiliations,
            relations=parts.relations,
            positions=parts.positions,
            sanctions=parts.sanctions,
        )
        people_ids = {p.person_id for e in events for p in e.parties if p.person_id}
        people_ids |= {r.person_id for r in record.relations}
        org_ids = {p.organisation_id for e in events for p in e.parties if p.organisation_id}
        org_ids |= {a.organisation_id for a in record.affiliations}
        org_ids |= {r.organisation_id for r in record.recognitions}
        org_ids |= {s.organisation_id for s in record.sanctions}
        org_ids |= {c for case in record.cases for c in case.court_ids}
        record.people, record.organisations = record_queries.names_of(
            conn, sorted(people_ids), sorted(org_ids)
        )
        cited = sorted({c.source_id for c in record.all_citations()})
        record.sources = q.sources_by_ids(conn, cited) if cited else {}
    return record


def search_records(store: Store, text: str, *, limit: int = 20) -> list[tuple[str, str, str]]:
    with store.read() as conn:
        return q.search(conn, text, limit=limit)


def number_sources(citations: Sequence[Citation]) -> dict[str, int]:
    """Footnote numbers: each source once, in order of first citation."""
    numbers: dict[str, int] = {}
    for c in citations:
        numbers.setdefault(c.source_id, len(numbers) + 1)
    return numbers
