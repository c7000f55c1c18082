"""A person's liberty status on any day, derived from dated events; never typed in.

Rules, in the order they apply:
- Events are taken in the order of the last day they can mean (`PartialDate.hi`), and take effect
  on that day: "detained in June 2021" counts from 30 June 2021. A figure as of a day therefore
  counts only what certainly happened by then. Events on the same day follow the procedural order
  of event_kinds.yaml (a verdict before its appeal, a detention before the release).
- `set` events (detention, release, death...) set the status; `mark` events (charged, wanted...)
  only raise it (see statuses.yaml); a verdict's status follows from its sentence components; a
  `status_reported` observation sets the status the source reports, until a later event.
- A sentence with a known term ends on its start (or the verdict's date) plus the longest term
  the source gives; the status then becomes `term_ended` unless a later event says otherwise.
- Nothing changes after a death.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from docket.domain.dates import PartialDate
from docket.domain.event import Event, SentenceComponent
from docket.domain.recognition import Recognition
from docket.domain.vocabulary import Vocabulary

SUBJECT_ROLES = frozenset({"victim", "subject"})

# Sentence components in the order that decides the status a verdict gives.
_VERDICT_STATUS = (
    ("imprisonment", "imprisoned"),
    ("compulsory_psychiatric_treatment", "psychiatric_detention"),
    ("restriction_of_liberty", "restricted_liberty"),
    ("suspended_sentence", "suspended_sentence"),
    ("fine", "convicted_at_liberty"),
    ("community_work", "convicted_at_liberty"),
    ("activity_ban", "convicted_at_liberty"),
    ("position_ban", "convicted_at_liberty"),
)
_TERMED = {"imprisoned", "psychiatric_detention", "restricted_liberty", "suspended_sentence"}


@dataclass(frozen=True, slots=True)
class StatusSpan:
    status: str
    start: date
    end: date | None  # exclusive; None while it lasts
    event_id: str  # the event that began it
    basis: str  # "event", "observation" or "term"

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def verdict_status(components: Sequence[SentenceComponent]) -> str | None:
    """The status a sentence puts a person in (None when it names no component)."""
    kinds = {c.kind for c in components}
    for kind, status in _VERDICT_STATUS:
        if kind in kinds:
            return status
    return None


def _term_end(event: Event, status: str) -> date | None:
    if status not in _TERMED:
        return None
    wanted = {s: k for k, s in _VERDICT_STATUS}[status]
    for component in event.sentence:
        if component.kind == wanted and component.term is not None:
            start = (component.start or event.date).hi
            return component.term.longest.add_to(start)
    return None


def subject_events(events: Iterable[Event], person_id: str) -> list[Event]:
    return [
        e
        for e in events
        if any(p.person_id == person_id and p.role in SUBJECT_ROLES for p in e.parties)
    ]


def derive_spans(events: Iterable[Event], vocab: Vocabulary) -> list[StatusSpan]:
    """Status spans for one person from the events in which they are victim or subject."""
    kinds = vocab.event_kinds
    ordered = sorted(events, key=lambda e: (e.date.hi, e.date.lo, kinds[e.kind].order))
    spans: list[StatusSpan] = []
    current: str | None = None
    start: date | None = None
    began_by = ""
    basis = "event"
    pending_end: date | None = None

    def switch(status: str, day: date, event_id: str, how: str) -> None:
        nonlocal current, start, began_by, basis
        if status == current:
            return
        if current is not None and start is not None:
            if day <= start:  # same day: the later event wins, the earlier span vanishes
                day = start
            if day > start:
                spans.append(StatusSpan(current, start, day, began_by, basis))
        current, start, began_by, basis = status, day, event_id, how

    for event in ordered:
        if current == "dead":
            break
        day = event.date.hi
        if pending_end is not None and pending_end <= day:
            switch("term_ended", pending_end, began_by, "term")
            pending_end = None
        kind = vocab.event_kinds[event.kind]
        new: str | None = None
        how = "event"
        if kind.effect == "set":
            new = kind.status
            pending_end = None
        elif kind.effect == "mark":
            assert kind.status is not None
            if current is None or vocab.statuses[kind.status].rank > vocab.statuses[current].rank:
                new = kind.status
        elif kind.effect == "verdict":
            new = verdict_status(event.sentence)
            if new is not None:
                pending_end = _term_end(event, new)
        elif kind.effect == "observe":
            new, how = event.status, "observation"
            pending_end = None
        if new is not None:
            switch(new, day, event.id, how)
    if pending_end is not None and current != "dead":
        switch("term_ended", pending_end, began_by, "term")
    if current is not None and start is not None:
        spans.append(StatusSpan(current, start, None, began_by, basis))
    return spans


def status_on(spans: Iterable[StatusSpan], day: date) -> StatusSpan | None:
    for span in spans:
        if span.covers(day):
            return span
    return None


def recognitions_on(recognitions: Iterable[Recognition], day: date) -> list[Recognition]:
    """Each organisation's latest decision about a person, as of the day (decisions of the same
    date are taken in the order of their ids, so the answer never depends on storage order)."""
    latest: dict[str, Recognition] = {}
    for rec in sorted(recognitions, key=lambda r: (r.date.sort_key(), r.id)):
        if rec.date.hi <= day:
            latest[rec.organisation_id] = rec
    return list(latest.values())


@dataclass(frozen=True, slots=True)
class Decision:
    """The parts of a recognition that say whether it stands on a day: who decided what, when."""

    person_id: str
    organisation_id: str
    kind: str
    date: PartialDate
    id: str


def standing_kinds(decisions: Iterable[Decision], day: date) -> dict[str, set[str]]:
    """person -> the kinds of each organisation's latest decision as of the day: the rule of
    `recognitions_on`, over many people at once."""
    return latest_kinds(
        (d.person_id, d.organisation_id, d.kind, d.date.sort_key(), d.id)
        for d in decisions
        if d.date.hi <= day
    )


def latest_kinds(
    decisions: Iterable[tuple[str, str, str, tuple[date, date], str]],
) -> dict[str, set[str]]:
    """`standing_kinds` of decisions already decided by the day, given as (person,
    organisation, kind, the date's `sort_key()`, id): no object per decision."""
    latest: dict[tuple[str, str], tuple[tuple[tuple[date, date], str], str]] = {}
    for person_id, organisation_id, kind, order, rid in decisions:
        pair = (person_id, organisation_id)
        found = latest.get(pair)
        if found is None or (order, rid) > found[0]:  # ties: the same decision
            latest[pair] = ((order, rid), kind)
    out: dict[str, set[str]] = {}
    for (person_id, _), (_, kind) in latest.items():
        out.setdefault(person_id, set()).add(kind)
    return out


def is_political_prisoner(
    spans: Sequence[StatusSpan],
    recognitions: Iterable[Recognition],
    day: date,
    vocab: Vocabulary,
) -> bool:
    """Deprived of liberty on the day, and recognised as such by at least one organisation."""
    span = status_on(spans, day)
    if span is None or span.status not in vocab.categories.deprived_of_liberty:
        return False
    kinds = vocab.categories.political_prisoner_recognitions
    return any(r.kind in kinds for r in recognitions_on(recognitions, day))
