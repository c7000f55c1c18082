"""The selected records, indexed the ways reports look them up, with status derived from events.

Status is derived here from the events the report may show (not read from the store), so that an
event left out for its sensitivity changes no figure either.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from docket.domain.case import Case
from docket.domain.dataset import Dataset
from docket.domain.event import Event
from docket.domain.organisation import Occupancy, Organisation, Position
from docket.domain.person import Person
from docket.domain.prosecution import Prosecution, derive_prosecutions
from docket.domain.recognition import Recognition, SanctionRecommendation
from docket.domain.source import Source
from docket.domain.status import (
    SUBJECT_ROLES,
    StatusSpan,
    derive_spans,
    is_political_prisoner,
    status_on,
)
from docket.domain.vocabulary import Vocabulary


@dataclass(slots=True)
class RecordIndex:
    records: Dataset
    vocab: Vocabulary
    people: dict[str, Person] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)
    cases_of: dict[str, list[Case]] = field(default_factory=dict)  # defendant -> cases
    subject_events: dict[str, list[Event]] = field(default_factory=dict)  # person -> events
    acting_events: dict[str, list[Event]] = field(default_factory=dict)  # person -> as non-victim
    spans: dict[str, list[StatusSpan]] = field(default_factory=dict)
    recognitions: dict[str, list[Recognition]] = field(default_factory=dict)
    sanctions: dict[str, list[SanctionRecommendation]] = field(default_factory=dict)
    occupancies: dict[str, list[Occupancy]] = field(default_factory=dict)
    prosecutions: list[Prosecution] = field(default_factory=list)
    events: dict[str, Event] = field(default_factory=dict)

    def name(self, person_id: str | None = None, organisation_id: str | None = None) -> str:
        if person_id:
            person = self.people.get(person_id)
            return person.name if person else person_id
        org = self.organisations.get(organisation_id or "")
        return org.name if org else (organisation_id or "?")

    def status(self, person_id: str, day: date) -> StatusSpan | None:
        return status_on(self.spans.get(person_id, ()), day)

    def political_prisoner(self, person_id: str, day: date) -> bool:
        return is_political_prisoner(
            self.spans.get(person_id, []), self.recognitions.get(person_id, []), day, self.vocab
        )


def index_records(records: Dataset, vocab: Vocabulary) -> RecordIndex:
    ix = RecordIndex(records, vocab)
    ix.people = {p.id: p for p in records.people}
    ix.organisations = {o.id: o for o in records.organisations}
    ix.sources = {s.id: s for s in records.sources}
    ix.cases = {c.id: c for c in records.cases}
    ix.positions = {p.id: p for p in records.positions}
    cases_of: dict[str, list[Case]] = defaultdict(list)
    for case in records.cases:
        for d in case.defendants:
            cases_of[d.person_id].append(case)
    ix.cases_of = dict(cases_of)
    order = {kind: k.order for kind, k in vocab.event_kinds.items()}
    subject: dict[str, list[Event]] = defaultdict(list)
    acting: dict[str, list[Event]] = defaultdict(list)
    ordered = sorted(records.events, key=lambda e: (e.date.hi, e.date.lo, order[e.kind], e.id))
    for e in ordered:
        ix.events[e.id] = e
        seen: set[str] = set()
        for p in e.parties:
            if p.person_id is None or p.person_id in seen:
                continue
            seen.add(p.person_id)
            if p.role in SUBJECT_ROLES:
                subject[p.person_id].append(e)
            else:
                acting[p.person_id].append(e)
    ix.subject_events = dict(subject)
    ix.acting_events = dict(acting)
    ix.spans = {pid: derive_spans(events, vocab) for pid, events in subject.items()}
    by_person: dict[str, list[Recognition]] = defaultdict(list)
    for r in records.recognitions:
        by_person[r.person_id].append(r)
    ix.recognitions = dict(by_person)
    sanctions: dict[str, list[SanctionRecommendation]] = defaultdict(list)
    for s in sorted(records.sanctions, key=lambda s: (s.date.sort_key(), s.id)):
        sanctions[s.person_id].append(s)
    ix.sanctions = dict(sanctions)
    occupancies: dict[str, list[Occupancy]] = defaultdict(list)
    for o in records.occupancies:
        occupancies[o.person_id].append(o)
    ix.occupancies = dict(occupancies)
    ix.prosecutions = derive_prosecutions(records.cases, ordered)
    return ix
