"""People, cases and recognitions from plain raw records, in one pass over each mapping.

The quick readers of interchange.records: each gives what its full reader gives for a plain
record, and raises `NotPlain` for anything else, which the full reader then reads field by field,
noting every problem (tests/interchange/test_plain_records.py checks both agree).
"""

from __future__ import annotations

from typing import Any

from docket.domain.case import Case, Charge, Defendant
from docket.domain.person import Affiliation, Name, Person, Relation
from docket.domain.recognition import Recognition
from docket.domain.source import Origin
from docket.interchange import plain_fields as pf
from docket.interchange.plain_fields import NotPlain
from docket.interchange.record_reader import script_of

PERSON_KEYS = frozenset(
    {"id", "name", "names", "sex", "born", "birth_place", "occupation", "region", "summary",
     "affiliations", "relations", "sources", "sensitivity"}
)  # fmt: skip
CASE_KEYS = frozenset(
    {"id", "title", "jurisdiction", "number", "courts", "defendants", "summary", "sources",
     "sensitivity"}
)  # fmt: skip
RECOGNITION_KEYS = frozenset(
    {"id", "person", "kind", "by", "date", "criteria", "rationale", "sources"}
)
_AFFILIATION = frozenset({"organisation", "role", "start", "end", "sources"})
_RELATION = frozenset({"kind", "person", "sources"})
_NAME = frozenset({"value", "kind", "script", "lang"})
_DEFENDANT = frozenset({"person", "charges"})
_CHARGE = frozenset({"article", "part", "wording"})


def _mapping(value: Any, keys: frozenset[str]) -> dict[str, Any]:
    if type(value) is not dict or not value.keys() <= keys:
        raise NotPlain
    return value


def _names(raw: dict[str, Any]) -> tuple[Name, ...]:
    names: list[Name] = []
    primary = pf.text(raw.get("name"))
    if primary:
        names.append(Name(primary, "primary", script_of(primary), None))
    for item in pf.list_of(raw.get("names")):
        if type(item) is str:
            names.append(Name(item.strip(), "variant", script_of(item), None))
            continue
        n = _mapping(item, _NAME)
        value = n.get("value")
        if type(value) is not str or not value.strip():
            raise NotPlain
        value = value.strip()
        kind = pf.word(n.get("kind")) or "variant"
        names.append(Name(value, kind, pf.word(n.get("script")) or script_of(value), n.get("lang")))
    if not names:
        raise NotPlain
    if all(n.kind != "primary" for n in names):
        first = names[0]
        names[0] = Name(first.value, "primary", first.script, first.lang)
    return tuple(names)


def plain_person(raw: Any, origin: Origin) -> Person:
    raw = _mapping(raw, PERSON_KEYS)
    affiliations = []
    for item in pf.list_of(raw.get("affiliations")):
        a = _mapping(item, _AFFILIATION)
        organisation = pf.word(a.get("organisation"))
        if organisation is None:
            raise NotPlain
        affiliations.append(
            Affiliation(
                organisation,
                pf.word(a.get("role")) or "member",
                pf.date(a.get("start")),
                pf.date(a.get("end")),
                pf.citations(a.get("sources")),
            )
        )
    relations = []
    for item in pf.list_of(raw.get("relations")):
        rel = _mapping(item, _RELATION)
        kind, person = pf.word(rel.get("kind")), pf.word(rel.get("person"))
        if kind is None or person is None:
            raise NotPlain
        relations.append(Relation(kind, person, pf.citations(rel.get("sources"))))
    return Person(
        id=pf.record_id(raw.get("id")),
        names=_names(raw),
        sex=pf.text(raw.get("sex")) or "unknown",
        birth_date=pf.date(raw.get("born")),
        birth_place=pf.text(raw.get("birth_place")),
        occupation=pf.text(raw.get("occupation")),
        region=pf.text(raw.get("region")),
        summary=pf.text(raw.get("summary")),
        affiliations=tuple(affiliations),
        relations=tuple(relations),
        citations=pf.citations(raw.get("sources")),
        sensitivity=pf.text(raw.get("sensitivity")) or "internal",
        origin=origin,
    )


def _charge(item: Any) -> Charge:
    if type(item) is str:
        return Charge(article_id=item)
    c = _mapping(item, _CHARGE)
    part = c.get("part")
    return Charge(
        article_id=pf.word(c.get("article")),
        part=str(part) if part is not None else None,
        wording=pf.word(c.get("wording")),
    )


def plain_case(raw: Any, origin: Origin) -> Case:
    raw = _mapping(raw, CASE_KEYS)
    defendants = []
    for item in pf.list_of(raw.get("defendants")):
        d = _mapping(item, _DEFENDANT)
        person = pf.word(d.get("person"))
        if person is None:
            raise NotPlain
        charges = tuple(_charge(ch) for ch in pf.list_of(d.get("charges") or None))
        defendants.append(Defendant(person, charges))
    title = pf.text(raw.get("title"))
    if title is None:
        raise NotPlain
    return Case(
        id=pf.record_id(raw.get("id")),
        title=title,
        jurisdiction=pf.text(raw.get("jurisdiction")),
        case_number=pf.text(raw.get("number")),
        court_ids=_strings(raw.get("courts")),
        defendants=tuple(defendants),
        summary=pf.text(raw.get("summary")),
        citations=pf.citations(raw.get("sources")),
        sensitivity=pf.text(raw.get("sensitivity")) or "internal",
        origin=origin,
    )


def _strings(value: Any) -> tuple[str, ...]:
    """As RecordReader.strings, for text only."""
    items = pf.list_of(value)
    if not all(type(v) is str for v in items):
        raise NotPlain
    return tuple(items)


def plain_recognition(raw: Any, origin: Origin) -> Recognition:
    raw = _mapping(raw, RECOGNITION_KEYS)
    person, kind, by = pf.text(raw.get("person")), pf.text(raw.get("kind")), pf.text(raw.get("by"))
    date = pf.date(raw.get("date"))
    if person is None or kind is None or by is None or date is None:
        raise NotPlain
    return Recognition(
        id=pf.record_id(raw.get("id")),
        person_id=person,
        kind=kind,
        organisation_id=by,
        date=date,
        citations=pf.citations(raw.get("sources")),
        criteria=_strings(raw.get("criteria")),
        rationale=pf.text(raw.get("rationale")),
        origin=origin,
    )
