"""Prosecutions: a case with its number, courts, defendants and their charges."""

from __future__ import annotations

from dataclasses import dataclass, field

from docket.domain.sensitivity import Levels
from docket.domain.source import Citation, Origin


@dataclass(frozen=True, slots=True)
class Charge:
    """An article (and part) a defendant is charged under, or only the wording a source gives."""

    article_id: str | None = None  # "kz-cc-405"
    part: str | None = None
    wording: str | None = None  # as the source writes it: "extremism", "tax evasion"


@dataclass(frozen=True, slots=True)
class Defendant:
    person_id: str
    charges: tuple[Charge, ...] = ()


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    title: str
    jurisdiction: str | None = None
    case_number: str | None = None
    court_ids: tuple[str, ...] = ()
    defendants: tuple[Defendant, ...] = ()
    summary: str | None = None
    citations: tuple[Citation, ...] = ()
    sensitivity: str = "internal"
    levels: Levels = ()  # field marks: see docket.domain.sensitivity
    origin: Origin | None = field(default=None, compare=False)
