"""Laws and bills: their stages as dated events, the rights they affect, where they were used.

A law's status is never typed in: it is its latest stage (by the last day its date can mean).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docket.domain.dates import PartialDate
from docket.domain.sensitivity import Levels
from docket.domain.source import Citation, Origin


@dataclass(frozen=True, slots=True)
class LawStage:
    stage: str  # draft, first_reading, adoption, signature, entry_into_force, amendment...
    date: PartialDate
    citations: tuple[Citation, ...]
    body: str | None = None  # organisation id: the chamber, the president's office
    note: str | None = None


@dataclass(frozen=True, slots=True)
class LawUse:
    """A case or event in which the law was later applied, as a source says."""

    citations: tuple[Citation, ...]
    case_id: str | None = None
    event_id: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Law:
    id: str
    title: str  # in English, as the sources give it
    kind: str  # law, bill, code_article, draft_regulation, decree
    citations: tuple[Citation, ...]
    title_ru: str | None = None
    jurisdiction: str | None = None
    articles: tuple[str, ...] = ()  # legal article ids of the vocabulary (kz-cc-174)
    amends: str | None = None  # the law it changes, as the source names it
    stages: tuple[LawStage, ...] = ()
    rights: tuple[str, ...] = ()
    uses: tuple[LawUse, ...] = ()
    summary: str | None = None
    sensitivity: str = "internal"
    levels: Levels = ()
    origin: Origin | None = field(default=None, compare=False)

    def ordered_stages(self) -> list[LawStage]:
        return sorted(self.stages, key=lambda s: (s.date.hi, s.date.lo))

    @property
    def status(self) -> LawStage | None:
        """The latest stage, or None when none is recorded."""
        stages = self.ordered_stages()
        return stages[-1] if stages else None
