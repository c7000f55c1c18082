"""Figures that sources state, kept as their claims beside Docket's computed figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from docket.domain.dates import PartialDate
from docket.domain.sensitivity import Levels
from docket.domain.source import Citation, Origin


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    metric: str  # political_prisoners, people_prosecuted, people_sentenced...
    value: float
    unit: str  # people, prosecutions, events, items...
    as_of: PartialDate
    wording: str  # as the source puts it
    citations: tuple[Citation, ...]
    qualifier: str = "exactly"  # exactly, at_least, over, about, at_most
    stated_by: str | None = None  # organisation id
    jurisdiction: str | None = None
    period_start: PartialDate | None = None  # for flows: "in 2020", "2011-2021"
    levels: Levels = ()  # field marks: see docket.domain.sensitivity
    origin: Origin | None = field(default=None, compare=False)

    def figure(self) -> str:
        prefix = {
            "at_least": "at least ",
            "over": "over ",
            "about": "about ",
            "at_most": "at most ",
        }
        value = int(self.value) if float(self.value).is_integer() else self.value
        return f"{prefix.get(self.qualifier, '')}{value:,}"
