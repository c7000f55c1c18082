"""Events from raw records (YAML or JSON lines), read field by field with every problem noted.

A bulk dataset holds a million events, nearly all of them plain: text where text is expected,
dates that parse, parties and sources in their usual shapes. `read_event` reads such a record
in one pass over its mapping, with the dates, terms and citations it has met before taken from
a cache; anything else (an unknown field, a number where text is expected, a date that does not
parse, field marks...) goes to `read_event_fully`, which notes each problem with its field. Both
give the same event for the same record (tests/interchange/test_event_records.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from docket.domain.dates import DateError, PartialDate, Term
from docket.domain.event import Event, Party, SentenceComponent
from docket.domain.source import Citation, Origin
from docket.errors import Problem
from docket.interchange.field_levels import read_level, read_levels
from docket.interchange.record_reader import ID, RecordReader

EVENT_FIELDS = {
    "levels",
    "id",
    "kind",
    "date",
    "end_date",
    "case",
    "place",
    "description",
    "victims",
    "parties",
    "sentence",
    "status",
    "sources",
    "sensitivity",
}
PARTY_FIELDS = {"person", "organisation", "role", "involvement", "position", "sensitivity"}
SENTENCE_FIELDS = {"kind", "term", "regime", "amount", "start", "note"}

_PLAIN_EVENT = frozenset(EVENT_FIELDS - {"levels"})
_PLAIN_PARTY = frozenset(PARTY_FIELDS - {"sensitivity"})
_PLAIN_SENTENCE = frozenset(SENTENCE_FIELDS)
_CACHED = 65_536  # distinct dates, terms and cited sources remembered


class _NotPlain(Exception):
    """The record needs the full reader (a problem to report, or a rare shape)."""


@lru_cache(maxsize=_CACHED)
def _day(text: str) -> PartialDate | None:
    try:
        return PartialDate.parse(text)
    except DateError:
        return None


@lru_cache(maxsize=_CACHED)
def _term(text: str) -> Term | None:
    try:
        return Term.parse(text)
    except DateError:
        return None


@lru_cache(maxsize=_CACHED)
def _cite(source_id: str) -> Citation:
    return Citation(source_id)


def _date(value: Any) -> PartialDate | None:
    if value is None:
        return None
    day = _day(value) if type(value) is str else None
    if day is None:
        raise _NotPlain
    return day


def _text(value: Any) -> str | None:
    """As RecordReader.text: stripped text, None when blank."""
    if value is None:
        return None
    if type(value) is not str:
        raise _NotPlain
    text = value.strip()
    if not text:
        return None
    if "\x00" in text:
        raise _NotPlain
    return text


def _word(value: Any) -> str | None:
    """As `str(value) if value else None`, for text only."""
    if not value:
        return None
    if type(value) is not str:
        raise _NotPlain
    return value


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    if type(value) is not list:
        raise _NotPlain
    return value


def _parties(raw: dict[str, Any]) -> tuple[Party, ...]:
    parties = []
    for v in _list(raw.get("victims")):
        if type(v) is not str:
            raise _NotPlain
        parties.append(Party("victim", person_id=v))
    for p in _list(raw.get("parties")):
        if type(p) is not dict or not p.keys() <= _PLAIN_PARTY:
            raise _NotPlain
        role = _word(p.get("role"))
        if role is None:
            raise _NotPlain
        parties.append(
            Party(
                role,
                _word(p.get("person")),
                _word(p.get("organisation")),
                _word(p.get("involvement")),
                _word(p.get("position")),
            )
        )
    return tuple(parties)


def _sentence(raw: dict[str, Any]) -> tuple[SentenceComponent, ...]:
    out = []
    for s in _list(raw.get("sentence")):
        if type(s) is not dict or not s.keys() <= _PLAIN_SENTENCE:
            raise _NotPlain
        term = s.get("term")
        if term is not None:
            term = _term(term) if type(term) is str else None
            if term is None:
                raise _NotPlain
        out.append(
            SentenceComponent(
                _word(s.get("kind")) or "?",
                term,
                _word(s.get("regime")),
                _word(s.get("amount")),
                _date(s.get("start")),
                _word(s.get("note")),
            )
        )
    return tuple(out)


def _citations(value: Any) -> tuple[Citation, ...]:
    out = []
    for item in _list(value):
        if type(item) is str:
            out.append(_cite(item))
        elif type(item) is dict and item.get("source"):
            at = item.get("at")
            out.append(Citation(str(item["source"]), str(at) if at is not None else None))
        else:
            raise _NotPlain
    return tuple(out)


def _plain_event(raw: Any, origin: Origin) -> Event:
    if type(raw) is not dict or not raw.keys() <= _PLAIN_EVENT:
        raise _NotPlain
    rid = raw.get("id")
    kind = _text(raw.get("kind"))
    date = _date(raw.get("date"))
    if type(rid) is not str or not ID.match(rid) or kind is None or date is None:
        raise _NotPlain
    return Event(
        id=rid,
        kind=kind,
        date=date,
        parties=_parties(raw),
        citations=_citations(raw.get("sources")),
        end_date=_date(raw.get("end_date")),
        case_id=_text(raw.get("case")),
        place=_text(raw.get("place")),
        description=_text(raw.get("description")),
        sentence=_sentence(raw),
        status=_text(raw.get("status")),
        sensitivity=_text(raw.get("sensitivity")) or "internal",
        origin=origin,
    )


def read_event(raw: Any, origin: Origin, problems: list[Problem]) -> Event:
    """The event a raw record describes; its problems, if any, are added to `problems`."""
    try:
        return _plain_event(raw, origin)
    except _NotPlain:
        return read_event_fully(raw, origin, problems)


def read_event_fully(raw: Any, origin: Origin, problems: list[Problem]) -> Event:
    """`read_event` field by field, noting every problem."""
    r = RecordReader(raw, origin, problems, EVENT_FIELDS)
    rid = r.record_id()
    parties = [Party("victim", person_id=str(v)) for v in r.items("victims")]
    for item in r.items("parties"):
        p = r.nested(item, "parties", PARTY_FIELDS)
        if not p.get("role"):
            r.fail("parties.role", "each party needs a role")
        parties.append(
            Party(
                role=str(p.get("role") or "?"),
                person_id=str(p["person"]) if p.get("person") else None,
                organisation_id=str(p["organisation"]) if p.get("organisation") else None,
                involvement=str(p["involvement"]) if p.get("involvement") else None,
                position=str(p["position"]) if p.get("position") else None,
                sensitivity=read_level(p.get("sensitivity"), "parties.sensitivity", r.fail),
            )
        )
    sentence = []
    for item in r.items("sentence"):
        s = r.nested(item, "sentence", SENTENCE_FIELDS)
        term = None
        if s.get("term") is not None:
            try:
                term = Term.parse(str(s["term"]))
            except DateError as err:
                r.fail("sentence.term", str(err))
        sentence.append(
            SentenceComponent(
                kind=str(s.get("kind") or "?"),
                term=term,
                regime=str(s["regime"]) if s.get("regime") else None,
                amount=str(s["amount"]) if s.get("amount") else None,
                start=r.sub_date(s, "start", "sentence.start"),
                note=str(s["note"]) if s.get("note") else None,
            )
        )
    date = r.date("date", required=True)
    return Event(
        id=rid,
        kind=r.req("kind"),
        date=date or PartialDate(1900),
        parties=tuple(parties),
        citations=r.citations(),
        end_date=r.date("end_date"),
        case_id=r.text("case"),
        place=r.text("place"),
        description=r.text("description"),
        sentence=tuple(sentence),
        status=r.text("status"),
        sensitivity=r.text("sensitivity") or "internal",
        levels=read_levels(r.raw, "events", r.fail),
        origin=origin,
    )
