"""Surveillance and data-control deployments, and internet disruptions sources report.

A deployment is a system (SORM-2, a facial-recognition camera network, a state data platform)
that someone supplies and someone operates, with what it can do, where, since when, at what
scale, and the agreements behind it. Every part that states a fact cites its sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docket.domain.dates import PartialDate
from docket.domain.sensitivity import Levels
from docket.domain.source import Citation, Origin


@dataclass(frozen=True, slots=True)
class Actor:
    """A vendor, operator, buyer or financer: an organisation of the record where there is one,
    else the name the source gives ("Kazakh police")."""

    role: str  # vendor, developer, operator, buyer, user... (surveillance.yaml actor_roles)
    name: str | None = None
    organisation_id: str | None = None
    country: str | None = None  # ISO 3166 code of the actor's country (a vendor's, mostly)

    @property
    def ref(self) -> str:
        return self.organisation_id or self.name or "?"


@dataclass(frozen=True, slots=True)
class Scale:
    """How big a deployment is, in the source's words, with the number and unit where given."""

    wording: str
    value: float | None = None
    unit: str | None = None  # "cameras", "state services"...
    qualifier: str = "exactly"  # exactly, at_least, over, about, at_most

    def figure(self) -> str | None:
        if self.value is None:
            return None
        prefix = {
            "at_least": "at least ",
            "over": "over ",
            "about": "about ",
            "at_most": "at most ",
        }
        value = int(self.value) if float(self.value).is_integer() else self.value
        unit = f" {self.unit}" if self.unit else ""
        return f"{prefix.get(self.qualifier, '')}{value:,}{unit}"


@dataclass(frozen=True, slots=True)
class Agreement:
    """A memorandum, loan, contract or decision a deployment rests on, dated and sourced."""

    kind: str  # memorandum, decree, loan, contract... (surveillance.yaml agreement_kinds)
    title: str
    citations: tuple[Citation, ...]
    date: PartialDate | None = None
    parties: tuple[Actor, ...] = ()
    amount: str | None = None  # as the source writes it: "up to $500 mln"
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Deployment:
    id: str
    system: str  # the system as the source names it
    citations: tuple[Citation, ...]
    capabilities: tuple[str, ...] = ()
    vendors: tuple[Actor, ...] = ()  # who supplies or developed it (vendor, developer...)
    operators: tuple[Actor, ...] = ()  # who runs, bought or uses it (operator, buyer, user)
    status: str = "unknown"  # planned, in_use, ended, unknown
    place: str | None = None
    jurisdiction: str | None = None
    since: PartialDate | None = None
    until: PartialDate | None = None
    scale: tuple[Scale, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    summary: str | None = None
    sensitivity: str = "internal"
    levels: Levels = ()  # field marks: see docket.domain.sensitivity
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Disruption:
    """An internet shutdown, a blocking or throttling that a source reports (as opposed to the
    blocking OONI measurements show, which is computed)."""

    id: str
    kind: str  # shutdown, blocking, throttling
    date: PartialDate
    citations: tuple[Citation, ...]
    end_date: PartialDate | None = None
    scope: str | None = None  # "nationwide", a region, a network
    targets: tuple[str, ...] = ()  # services or sites, as the source names them
    ordered_by: str | None = None  # organisation id
    place: str | None = None
    jurisdiction: str | None = None
    description: str | None = None
    sensitivity: str = "internal"
    levels: Levels = ()
    origin: Origin | None = field(default=None, compare=False)
