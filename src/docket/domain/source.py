"""Sources and the citations that tie every fact to them."""

from __future__ import annotations

from dataclasses import dataclass, field

from docket.domain.dates import PartialDate
from docket.domain.sensitivity import Levels


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record was read from: for error messages and provenance, not for equality."""

    file: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    source_id: str
    locator: str | None = None  # page, paragraph, footnote


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    kind: str
    title: str
    publisher: str | None = None
    date: PartialDate | None = None
    language: str | None = None
    url: str | None = None
    reliability: str = "unknown"
    author: str | None = None
    notes: str | None = None
    cites: tuple[Citation, ...] = ()  # a source can rest on other sources (footnotes)
    sensitivity: str = "internal"
    levels: Levels = ()  # field marks: see docket.domain.sensitivity
    origin: Origin | None = field(default=None, compare=False)
