"""Field values of a plain raw record, read in one pass, for the quick readers of bulk records
(interchange.event_records, interchange.plain_records).

Each function gives what `RecordReader` gives for the same value when that value is plain, and
raises `NotPlain` when it is not (a number where text is expected, a date that does not parse...):
the caller then reads the whole record with `RecordReader`, which notes the problem with its
field. Dates, terms and citations of a source alone are made once and shared: they are frozen.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from docket.domain.dates import DateError, PartialDate, Term
from docket.domain.source import Citation
from docket.interchange.record_reader import ID

__all__ = ["ID", "NotPlain", "citations", "date", "list_of", "record_id", "term", "text", "word"]
_CACHED = 65_536  # distinct dates, terms and cited sources remembered


class NotPlain(Exception):
    """The record needs the full reader (a problem to report, or a rare shape)."""


@lru_cache(maxsize=_CACHED)
def _day(value: str) -> PartialDate | None:
    try:
        return PartialDate.parse(value)
    except DateError:
        return None


@lru_cache(maxsize=_CACHED)
def _term(value: str) -> Term | None:
    try:
        return Term.parse(value)
    except DateError:
        return None


@lru_cache(maxsize=_CACHED)
def _cite(source_id: str) -> Citation:
    return Citation(source_id)


def record_id(value: Any) -> str:
    if type(value) is not str or not ID.match(value):
        raise NotPlain
    return value


def date(value: Any) -> PartialDate | None:
    """As RecordReader.date (and sub_date)."""
    if value is None:
        return None
    day = _day(value) if type(value) is str else None
    if day is None:
        raise NotPlain
    return day


def term(value: Any) -> Term:
    found = _term(value) if type(value) is str else None
    if found is None:
        raise NotPlain
    return found


def text(value: Any) -> str | None:
    """As RecordReader.text: stripped text, None when blank."""
    if value is None:
        return None
    if type(value) is not str:
        raise NotPlain
    stripped = value.strip()
    if not stripped:
        return None
    if "\x00" in stripped:
        raise NotPlain
    return stripped


def word(value: Any) -> str | None:
    """As `str(value) if value else None`, for text only."""
    if not value:
        return None
    if type(value) is not str:
        raise NotPlain
    return value


def list_of(value: Any) -> list[Any]:
    """As RecordReader.items."""
    if value is None:
        return []
    if type(value) is not list:
        raise NotPlain
    return value


def citations(value: Any) -> tuple[Citation, ...]:
    """As RecordReader.citations."""
    out = []
    for item in list_of(value):
        if type(item) is str:
            out.append(_cite(item))
        elif type(item) is dict and item.get("source"):
            at = item.get("at")
            out.append(Citation(str(item["source"]), str(at) if at is not None else None))
        else:
            raise NotPlain
    return tuple(out)
