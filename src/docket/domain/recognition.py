"""Decisions that a person is a political prisoner, and recommendations for sanctions."""

from __future__ import annotations

from dataclasses import dataclass, field

from docket.domain.dates import PartialDate
from docket.domain.sensitivity import Levels
from docket.domain.source import Citation, Origin


@dataclass(frozen=True, slots=True)
class Recognition:
    id: str
    person_id: str
    kind: str  # political_prisoner, politically_persecuted, former_political_prisoner...
    organisation_id: str  # who recognised
    date: PartialDate
    citations: tuple[Citation, ...]
    criteria: tuple[str, ...] = ()
    rationale: str | None = None
    levels: Levels = ()  # field marks: see docket.domain.sensitivity
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class SanctionRecommendation:
    """A source's call to sanction an official."""

    id: str
    person_id: str
    organisation_id: str  # who recommends
    date: PartialDate
    citations: tuple[Citation, ...]
    regimes: tuple[str, ...] = ()  # eu-ghrsr, us-global-magnitsky, uk, ca...
    grounds: str | None = None
    origin: Origin | None = field(default=None, compare=False)
