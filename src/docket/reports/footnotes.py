"""Footnotes: each source numbered once, in order of first citation.

The order is the order of the report context's fields (which is the order the shipped templates
show them in): a template that moves a section keeps the numbers, which stay correct, just not
ascending down the page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from docket.domain.source import Citation
from docket.reports.context import SourceNote


@dataclass(frozen=True, slots=True)
class Footnote:
    number: int
    source: SourceNote
    locators: tuple[str, ...]  # the places cited (page, paragraph, footnote of the source)


@dataclass(slots=True)
class Footnotes:
    numbers: dict[str, int] = field(default_factory=dict)
    locators: dict[str, list[str]] = field(default_factory=dict)
    notes: list[Footnote] = field(default_factory=list)

    def add(self, citations: Iterable[Citation]) -> None:
        for c in citations:
            if c.source_id not in self.numbers:
                self.numbers[c.source_id] = len(self.numbers) + 1
                self.locators[c.source_id] = []
            places = self.locators[c.source_id]
            if c.locator and c.locator not in places:
                places.append(c.locator)

    def refs(self, citations: Iterable[Citation]) -> list[int]:
        """The footnote numbers of these citations, ascending, each once."""
        return sorted({self.numbers[c.source_id] for c in citations if c.source_id in self.numbers})

    def finish(self, sources: Mapping[str, SourceNote]) -> None:
        for sid, number in self.numbers.items():
            source = sources.get(sid) or SourceNote(sid, sid, None, None, None, None, "", "")
            self.notes.append(Footnote(number, source, tuple(self.locators[sid])))


_FIELDS: dict[type, tuple[str, ...]] = {}
_LEAVES = (str, int, float, bool, type(None), date, dict)


def _walk(value: Any, found: Footnotes) -> None:
    if isinstance(value, _LEAVES):
        return
    if isinstance(value, Citation):
        found.add((value,))
    elif isinstance(value, tuple | list):
        for item in value:
            if not isinstance(item, _LEAVES):
                _walk(item, found)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type | SourceNote):
        names = _FIELDS.get(type(value))
        if names is None:
            names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
        for name in names:
            _walk(getattr(value, name), found)


def number_footnotes(context: Any, sources: Mapping[str, SourceNote]) -> Footnotes:
    """Walk a report context in field order and number every cited source."""
    found = Footnotes()
    _walk(context, found)
    found.finish(sources)
    return found
