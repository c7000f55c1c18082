"""The briefing's report context: plain data, everything a template shows, already in words.

Labels are resolved in the briefing's language when the context is built; templates only arrange
them. Every item that states a fact carries its citations; `footnotes.Footnotes` numbers them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from docket.domain.dates import PartialDate
from docket.domain.source import Citation

if TYPE_CHECKING:
    from docket.reports.digital_context import DigitalSections


@dataclass(frozen=True, slots=True)
class SourceNote:
    """A source as a footnote shows it."""

    id: str
    title: str
    publisher: str | None
    date: PartialDate | None
    url: str | None
    archived: str | None  # the archived copy's address, when one is recorded
    kind: str
    reliability: str


@dataclass(frozen=True, slots=True)
class StatedFigure:
    """A figure a source states (a claim), in the source's words."""

    id: str
    figure: str  # "at least 65"
    unit: str
    as_of: PartialDate
    period_start: PartialDate | None
    wording: str
    stated_by: str | None  # the organisation's name
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure computed from the record: "at least {value} {unit}", and what it counts."""

    key: str
    label: str
    value: int
    unit: str  # people, prosecutions or events (in words)
    group: str  # stock, cumulative or flow
    counts: str  # what exactly is counted
    level: int = 0  # 1: a breakdown of the figure above it
    stated: tuple[StatedFigure, ...] = ()


@dataclass(frozen=True, slots=True)
class Line:
    """One fact in a case summary: a text and the sources it rests on."""

    text: str
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class PrisonerEntry:
    person_id: str
    name: str
    other_names: tuple[str, ...]
    status: str  # "imprisoned since 11 October 2021"
    reported: bool  # the status rests on a source's report, not on a procedural event
    charges: tuple[Line, ...]
    dates: tuple[Line, ...]  # key procedural dates, in order
    sentences: tuple[Line, ...]  # sentences and bans
    ill_treatment: tuple[Line, ...]
    recognitions: tuple[Line, ...]
    summary: str | None
    citations: tuple[Citation, ...]  # the person's own sources and the status event's


@dataclass(frozen=True, slots=True)
class EventEntry:
    """An act in a list: when, what, to whom, and its sources."""

    id: str
    kind: str  # event kind id
    what: str  # the kind, in words
    date: PartialDate
    certain: bool  # certainly within the period (False: the date is imprecise)
    who: tuple[str, ...]  # victims or subjects, by name
    detail: str | None  # sentence, case, description
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """A list of new events since the last briefing, under one heading."""

    key: str
    title: str
    entries: tuple[EventEntry, ...]
    certain: int  # how many certainly fall within the period


@dataclass(frozen=True, slots=True)
class OfficialAct:
    event: EventEntry
    role: str  # "perpetrator (judge), decided"


@dataclass(frozen=True, slots=True)
class OfficialEntry:
    person_id: str
    name: str
    positions: tuple[Line, ...]
    acts: tuple[OfficialAct, ...]
    more: int  # acts not listed here (see the official's dossier)
    recommendations: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class ChartData:
    """The numbers behind the charts; the chart titles are in the briefing's language."""

    prosecutions_by_month: tuple[tuple[str, str, int], ...]  # (YYYY-MM, charge, count)
    statuses: tuple[tuple[str, str, int], ...]  # (status label, category, people)
    verdicts: tuple[tuple[date, float | None, str], ...]  # (day, years of prison, kind label)
    titles: dict[str, str] = field(default_factory=dict)
    axis: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Methodology:
    deprived_of_liberty: tuple[str, ...]
    persecuted: tuple[str, ...]
    recognitions: tuple[str, ...]
    extremism: tuple[str, ...]
    claim_window_days: int
    sensitivity: str
    left_out: tuple[tuple[str, int], ...]
    datasets: tuple[str, ...]
    sources_in_record: int  # the sources cited are the footnotes, counted by the templates
    undated_prosecutions: int


@dataclass(frozen=True, slots=True)
class BriefingContext:
    title: str
    country: str | None  # in words
    lang: str
    as_of: date
    since: date
    generated_at: datetime
    figures: tuple[Figure, ...]
    stated: tuple[StatedFigure, ...]  # every counting figure a source states near the date
    other_stated: tuple[StatedFigure, ...]  # other figures (percent, items, ranks...)
    prisoners: tuple[PrisonerEntry, ...]
    prosecutions: tuple[EventEntry, ...]  # prosecutions opened in the period
    sections: tuple[Section, ...]  # new since the period's start
    officials: tuple[OfficialEntry, ...]
    charts: ChartData
    methodology: Methodology
    sources: dict[str, SourceNote]
    # internet freedom, surveillance, laws (services.digital_briefing); None: nothing to show
    digital: DigitalSections | None = None
