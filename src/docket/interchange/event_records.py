"""Events from raw records (YAML or JSON lines), read field by field with every problem noted.

A bulk dataset holds a million events, nearly all of them plain: text where text is expected,
dates that parse, parties and sources in their usual shapes. `read_event` reads such a record
in one pass over its mapping, with the dates, terms and citations it has met before taken from
a cache; anything else (an unknown field, a number where text is expected, a date that does not
parse, field marks...) goes to `read_event_fully`, which notes each problem with its field. Both
give the same event for the same record (tests/interchange/test_event_records.py).
"""

from __future__ import annotations

from typing import Any

from docket.domain.dates import DateError, PartialDate, Term
from docket.domain.event import Event, Party, SentenceComponent
from docket.domain.source import Origin
from docket.errors import Problem
from docket.interchange import plain_fields as pf
from docket.interchange.field_levels import read_level, read_levels
from docket.interchange.plain_fields import NotPlain
from docket.interchange.record_reader import RecordReader

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


def _parties(raw: dict[str, Any]) -> tuple[Party, ...]:
    parties = []
    for v in pf.list_of(raw.get("victims")):
        if type(v) is not str:
            raise NotPlain
        parties.append(Party("victim", person_id=v))
    for p in pf.list_of(raw.get("parties")):
        if type(p) is not dict or not p.keys() <= _PLAIN_PARTY:
            raise NotPlain
        role = pf.word(p.get("role"))
        if role is None:
            raise NotPlain
        parties.append(
            Party(
                role,
                pf.word(p.get("person")),
                pf.word(p.get("organisation")),
                pf.word(p.get("involvement")),
                pf.word(p.get("position")),
            )
        )
    return tuple(parties)


def _sentence(raw: dict[str, Any]) -> tuple[SentenceComponent, ...]:
    out = []
    for s in pf.list_of(raw.get("sentence")):
        if type(s) is not dict or not s.keys() <= _PLAIN_SENTENCE:
            raise NotPlain
        term = s.get("term")
        out.append(
            SentenceComponent(
                pf.word(s.get("kind")) or "?",
                None if term is None else pf.term(term),
                pf.word(s.get("regime")),
                pf.word(s.get("amount")),
                pf.date(s.get("start")),
                pf.word(s.get("note")),
            )
        )
    return tuple(out)


def _plain_event(raw: Any, origin: Origin) -> Event:
    if type(raw) is not dict or not raw.keys() <= _PLAIN_EVENT:
        raise NotPlain
    rid = pf.record_id(raw.get("id"))
    kind = pf.text(raw.get("kind"))
    date = pf.date(raw.get("date"))
    if kind is None or date is None:
        raise NotPlain
    return Event(
        id=rid,
        kind=kind,
        date=date,
        parties=_parties(raw),
        citations=pf.citations(raw.get("sources")),
        end_date=pf.date(raw.get("end_date")),
        case_id=pf.text(raw.get("case")),
        place=pf.text(raw.get("place")),
        description=pf.text(raw.get("description")),
        sentence=_sentence(raw),
        status=pf.text(raw.get("status")),
        sensitivity=pf.text(raw.get("sensitivity")) or "internal",
        origin=origin,
    )


def read_event(raw: Any, origin: Origin, problems: list[Problem]) -> Event:
    """The event a raw record describes; its problems, if any, are added to `problems`."""
    try:
        return _plain_event(raw, origin)
    except NotPlain:
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
