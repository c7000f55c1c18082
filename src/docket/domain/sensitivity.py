"""Sensitivity levels, field marks and the audiences outputs are made for.

A record has a level (`public`, `internal` by default, or `restricted`); some of its fields can
carry their own level, a *mark* (a witness's part in an event, a person's birth date or
relatives, medical details in a description...). A mark can only make a field stricter than its
record: a field of a restricted person is restricted whatever its mark says.

An output is made for an audience: the public (the public site, public exports and briefings),
a viewer (internal records, never restricted ones) or an editor (everything; admins read as
editors). `docket.domain.redaction` decides, field by field, what leaves for each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum

LEVELS = ("public", "internal", "restricted")
DEFAULT_LEVEL = "internal"
_RANK = {level: rank for rank, level in enumerate(LEVELS)}

# Field marks of one record: (field, level) pairs sorted by field, so records stay hashable
# and compare equal whatever order the marks were written in.
Levels = tuple[tuple[str, str], ...]


def is_level(value: object) -> bool:
    return isinstance(value, str) and value in _RANK


def stricter(*levels: str | None) -> str:
    """The strictest of the levels given (None counts as public); unknown text is restricted,
    so a corrupted level can never make anything more public."""
    out = "public"
    for level in levels:
        if level is None:
            continue
        if level not in _RANK:
            return "restricted"
        if _RANK[level] > _RANK[out]:
            out = level
    return out


def make_levels(marks: Mapping[str, str] | Iterable[tuple[str, str]]) -> Levels:
    pairs = marks.items() if isinstance(marks, Mapping) else marks
    return tuple(sorted((str(k), str(v)) for k, v in pairs))


def mark_of(levels: Levels, name: str) -> str | None:
    for key, level in levels:
        if key == name:
            return level
    return None


class Audience(Enum):
    """Who an output is for. Ordered: each sees what the ones before it see."""

    public = "public"
    viewer = "viewer"
    editor = "editor"

    @property
    def rank(self) -> int:
        return ("public", "viewer", "editor").index(self.value)

    def sees(self, level: str | None) -> bool:
        """Whether this audience may read something at `level` (unknown text: never)."""
        if level is None:
            return True
        rank = _RANK.get(level)
        return rank is not None and rank <= self.rank

    @property
    def sensitivities(self) -> frozenset[str]:
        return frozenset(level for level in LEVELS if self.sees(level))

    @classmethod
    def reading(cls, visible: Iterable[str]) -> Audience:
        """The audience that reads exactly these sensitivities (the web's roles give sets)."""
        given = set(visible)
        if "restricted" in given:
            return cls.editor
        return cls.viewer if "internal" in given else cls.public

    @classmethod
    def parse(cls, value: str) -> Audience:
        """An audience by name; `admin` reads as an editor. ValueError for anything else."""
        text = value.strip().lower()
        if text == "admin":
            return cls.editor
        try:
            return cls(text)
        except ValueError:
            raise ValueError(f"'{value}' is not an audience: public, viewer or editor") from None
