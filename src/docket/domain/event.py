"""Dated acts: detentions, verdicts, releases, deaths, bans... with who took part and how."""

from __future__ import annotations

from dataclasses import dataclass, field

from docket.domain.dates import PartialDate, Term
from docket.domain.sensitivity import Levels
from docket.domain.source import Citation, Origin


@dataclass(frozen=True, slots=True)
class Party:
    """A person or organisation in an event, in a role (victim, perpetrator...)."""

    role: str
    person_id: str | None = None
    organisation_id: str | None = None
    involvement: str | None = None  # degree of involvement, for perpetrators
    position: str | None = None  # the capacity they acted in: judge, investigator...
    sensitivity: str | None = None  # a level of its own (a witness's identity); None: the event's

    @property
    def ref(self) -> str:
        return self.person_id or self.organisation_id or "?"


@dataclass(frozen=True, slots=True)
class SentenceComponent:
    kind: str  # imprisonment, restriction_of_liberty, activity_ban...
    term: Term | None = None
    regime: str | None = None
    amount: str | None = None
    start: PartialDate | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    kind: str
    date: PartialDate
    parties: tuple[Party, ...]
    citations: tuple[Citation, ...]
    end_date: PartialDate | None = None
    case_id: str | None = None
    place: str | None = None
    description: str | None = None
    sentence: tuple[SentenceComponent, ...] = ()
    status: str | None = None  # for status_reported: the status the source reports
    sensitivity: str = "internal"
    levels: Levels = ()  # field marks: see docket.domain.sensitivity
    origin: Origin | None = field(default=None, compare=False)

    def people(self, role: str | None = None) -> list[str]:
        return [
            p.person_id for p in self.parties if p.person_id and (role is None or p.role == role)
        ]
