"""People, their names in every script, affiliations and relations."""

from __future__ import annotations

from dataclasses import dataclass, field

from docket.domain.dates import PartialDate
from docket.domain.sensitivity import Levels
from docket.domain.source import Citation, Origin


@dataclass(frozen=True, slots=True)
class Name:
    value: str
    kind: str = "primary"  # primary, variant, transliteration, short_form...
    script: str = "latin"
    lang: str | None = None  # kk, ru, en...


@dataclass(frozen=True, slots=True)
class Affiliation:
    organisation_id: str
    role: str = "member"
    start: PartialDate | None = None
    end: PartialDate | None = None
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Relation:
    kind: str  # brother, associate, lawyer...: what `person_id` is to this person
    person_id: str
    citations: tuple[Citation, ...] = ()
    inverse: bool = False  # recorded on the other person: this person is `kind` of person_id

    def describe(self) -> str:
        return f"is {self.kind} of" if self.inverse else self.kind


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    names: tuple[Name, ...]
    sex: str = "unknown"
    birth_date: PartialDate | None = None
    birth_place: str | None = None
    occupation: str | None = None
    region: str | None = None
    summary: str | None = None
    affiliations: tuple[Affiliation, ...] = ()
    relations: tuple[Relation, ...] = ()
    citations: tuple[Citation, ...] = ()
    sensitivity: str = "internal"
    levels: Levels = ()  # field marks: see docket.domain.sensitivity
    origin: Origin | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        for name in self.names:
            if name.kind == "primary":
                return name.value
        return self.names[0].value if self.names else self.id
