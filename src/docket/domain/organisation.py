"""Organisations, the posts in them, and who held which post when."""

from __future__ import annotations

from dataclasses import dataclass, field

from docket.domain.dates import PartialDate
from docket.domain.person import Name
from docket.domain.sensitivity import Levels
from docket.domain.source import Citation, Origin


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    names: tuple[Name, ...]
    kind: str
    jurisdiction: str | None = None
    parent_id: str | None = None
    summary: str | None = None
    citations: tuple[Citation, ...] = ()
    sensitivity: str = "internal"
    levels: Levels = ()  # field marks: see docket.domain.sensitivity
    origin: Origin | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return self.names[0].value if self.names else self.id


@dataclass(frozen=True, slots=True)
class Position:
    id: str
    title: str
    organisation_id: str
    citations: tuple[Citation, ...] = ()
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Occupancy:
    """A person in a post; `observed`: a day a source shows them in it (start/end unknown)."""

    id: str
    person_id: str
    position_id: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    observed: PartialDate | None = None
    citations: tuple[Citation, ...] = ()
    origin: Origin | None = field(default=None, compare=False)
