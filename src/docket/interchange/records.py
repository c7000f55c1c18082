"""Turn one raw record (a mapping read from YAML or JSON lines) into a domain object.

Each reader collects every problem in the record with its field, rather than stopping at the
first, and never guesses: an unknown field is a problem, so a typo cannot silently drop a fact.
The field reading itself is interchange.record_reader; events, the bulk of a dataset, are read
by interchange.event_records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docket.domain.case import Case, Charge, Defendant
from docket.domain.claim import Claim
from docket.domain.dates import PartialDate
from docket.domain.organisation import Occupancy, Organisation, Position
from docket.domain.person import Affiliation, Person, Relation
from docket.domain.recognition import Recognition, SanctionRecommendation
from docket.domain.source import Origin, Source
from docket.errors import Problem
from docket.interchange.event_records import read_event
from docket.interchange.field_levels import read_levels
from docket.interchange.plain_fields import NotPlain
from docket.interchange.plain_records import plain_case, plain_person, plain_recognition
from docket.interchange.record_reader import RecordReader, read_names, script_of

__all__ = [
    "READERS",
    "RecordReader",
    "read_case",
    "read_claim",
    "read_event",
    "read_occupancy",
    "read_organisation",
    "read_person",
    "read_position",
    "read_recognition",
    "read_sanction",
    "read_source",
    "script_of",
]

SOURCE_FIELDS = {
    "levels",
    "id",
    "kind",
    "title",
    "publisher",
    "date",
    "language",
    "url",
    "reliability",
    "author",
    "notes",
    "cites",
    "sensitivity",
}


def read_source(raw: Any, origin: Origin, problems: list[Problem]) -> Source:
    r = RecordReader(raw, origin, problems, SOURCE_FIELDS)
    return Source(
        id=r.record_id(),
        kind=r.req("kind"),
        title=r.req("title"),
        publisher=r.text("publisher"),
        date=r.date("date"),
        language=r.text("language"),
        url=r.text("url"),
        reliability=r.text("reliability") or "unknown",
        author=r.text("author"),
        notes=r.text("notes"),
        cites=r.citations("cites"),
        sensitivity=r.text("sensitivity") or "internal",
        levels=read_levels(r.raw, "sources", r.fail),
        origin=origin,
    )


ORG_FIELDS = {
    "levels",
    "id",
    "name",
    "names",
    "kind",
    "jurisdiction",
    "parent",
    "summary",
    "sources",
    "sensitivity",
}


def read_organisation(raw: Any, origin: Origin, problems: list[Problem]) -> Organisation:
    r = RecordReader(raw, origin, problems, ORG_FIELDS)
    rid = r.record_id()
    names = read_names(r)
    if not names:
        r.fail("name", "is required")
    return Organisation(
        id=rid,
        names=names,
        kind=r.req("kind"),
        jurisdiction=r.text("jurisdiction"),
        parent_id=r.text("parent"),
        summary=r.text("summary"),
        citations=r.citations(),
        sensitivity=r.text("sensitivity") or "internal",
        levels=read_levels(r.raw, "organisations", r.fail),
        origin=origin,
    )


PERSON_FIELDS = {
    "levels",
    "id",
    "name",
    "names",
    "sex",
    "born",
    "birth_place",
    "occupation",
    "region",
    "summary",
    "affiliations",
    "relations",
    "sources",
    "sensitivity",
}


def read_person(raw: Any, origin: Origin, problems: list[Problem]) -> Person:
    try:
        return plain_person(raw, origin)
    except NotPlain:
        return _read_person(raw, origin, problems)


def _read_person(raw: Any, origin: Origin, problems: list[Problem]) -> Person:
    r = RecordReader(raw, origin, problems, PERSON_FIELDS)
    rid = r.record_id()
    affiliations = []
    for item in r.items("affiliations"):
        a = r.nested(item, "affiliations", {"organisation", "role", "start", "end", "sources"})
        if not a.get("organisation"):
            r.fail("affiliations.organisation", "is required")
            continue
        sub = RecordReader({"sources": a.get("sources")}, origin, problems, {"sources"})
        sub.id = rid
        affiliations.append(
            Affiliation(
                str(a["organisation"]),
                str(a.get("role") or "member"),
                r.sub_date(a, "start", "affiliations.start"),
                r.sub_date(a, "end", "affiliations.end"),
                sub.citations(),
            )
        )
    relations = []
    for item in r.items("relations"):
        rel = r.nested(item, "relations", {"kind", "person", "sources"})
        if not rel.get("person") or not rel.get("kind"):
            r.fail("relations", "a relation needs a kind and a person")
            continue
        sub = RecordReader({"sources": rel.get("sources")}, origin, problems, {"sources"})
        sub.id = rid
        relations.append(Relation(str(rel["kind"]), str(rel["person"]), sub.citations()))
    names = read_names(r)
    if not names:
        r.fail("name", "is required")
    return Person(
        id=rid,
        names=names,
        sex=r.text("sex") or "unknown",
        birth_date=r.date("born"),
        birth_place=r.text("birth_place"),
        occupation=r.text("occupation"),
        region=r.text("region"),
        summary=r.text("summary"),
        affiliations=tuple(affiliations),
        relations=tuple(relations),
        citations=r.citations(),
        sensitivity=r.text("sensitivity") or "internal",
        levels=read_levels(r.raw, "people", r.fail),
        origin=origin,
    )


def read_position(raw: Any, origin: Origin, problems: list[Problem]) -> Position:
    r = RecordReader(raw, origin, problems, {"id", "title", "organisation", "sources"})
    return Position(
        id=r.record_id(),
        title=r.req("title"),
        organisation_id=r.req("organisation"),
        citations=r.citations(),
        origin=origin,
    )


def read_occupancy(raw: Any, origin: Origin, problems: list[Problem]) -> Occupancy:
    r = RecordReader(
        raw, origin, problems, {"id", "person", "position", "start", "end", "observed", "sources"}
    )
    return Occupancy(
        id=r.record_id(),
        person_id=r.req("person"),
        position_id=r.req("position"),
        start=r.date("start"),
        end=r.date("end"),
        observed=r.date("observed"),
        citations=r.citations(),
        origin=origin,
    )


CASE_FIELDS = {
    "levels",
    "id",
    "title",
    "jurisdiction",
    "number",
    "courts",
    "defendants",
    "summary",
    "sources",
    "sensitivity",
}


def read_case(raw: Any, origin: Origin, problems: list[Problem]) -> Case:
    try:
        return plain_case(raw, origin)
    except NotPlain:
        return _read_case(raw, origin, problems)


def _read_case(raw: Any, origin: Origin, problems: list[Problem]) -> Case:
    r = RecordReader(raw, origin, problems, CASE_FIELDS)
    rid = r.record_id()
    defendants = []
    for item in r.items("defendants"):
        d = r.nested(item, "defendants", {"person", "charges"})
        if not d.get("person"):
            r.fail("defendants.person", "is required")
            continue
        charges = []
        for ch in d.get("charges") or []:
            if isinstance(ch, str):
                charges.append(Charge(article_id=ch))
                continue
            c = r.nested(ch, "defendants.charges", {"article", "part", "wording"})
            part = c.get("part")
            charges.append(
                Charge(
                    article_id=str(c["article"]) if c.get("article") else None,
                    part=str(part) if part is not None else None,
                    wording=str(c["wording"]) if c.get("wording") else None,
                )
            )
        defendants.append(Defendant(str(d["person"]), tuple(charges)))
    return Case(
        id=rid,
        title=r.req("title"),
        jurisdiction=r.text("jurisdiction"),
        case_number=r.text("number"),
        court_ids=r.strings("courts"),
        defendants=tuple(defendants),
        summary=r.text("summary"),
        citations=r.citations(),
        sensitivity=r.text("sensitivity") or "internal",
        levels=read_levels(r.raw, "cases", r.fail),
        origin=origin,
    )


def read_recognition(raw: Any, origin: Origin, problems: list[Problem]) -> Recognition:
    try:
        return plain_recognition(raw, origin)
    except NotPlain:
        return _read_recognition(raw, origin, problems)


def _read_recognition(raw: Any, origin: Origin, problems: list[Problem]) -> Recognition:
    r = RecordReader(
        raw,
        origin,
        problems,
        {"id", "person", "kind", "by", "date", "criteria", "rationale", "sources", "levels"},
    )
    return Recognition(
        id=r.record_id(),
        person_id=r.req("person"),
        kind=r.req("kind"),
        organisation_id=r.req("by"),
        date=r.date("date", required=True) or PartialDate(1900),
        citations=r.citations(),
        criteria=r.strings("criteria"),
        rationale=r.text("rationale"),
        levels=read_levels(r.raw, "recognitions", r.fail),
        origin=origin,
    )


def read_sanction(raw: Any, origin: Origin, problems: list[Problem]) -> SanctionRecommendation:
    r = RecordReader(
        raw, origin, problems, {"id", "person", "by", "date", "regimes", "grounds", "sources"}
    )
    return SanctionRecommendation(
        id=r.record_id(),
        person_id=r.req("person"),
        organisation_id=r.req("by"),
        date=r.date("date", required=True) or PartialDate(1900),
        citations=r.citations(),
        regimes=r.strings("regimes"),
        grounds=r.text("grounds"),
        origin=origin,
    )


CLAIM_FIELDS = {
    "levels",
    "id",
    "metric",
    "value",
    "qualifier",
    "unit",
    "as_of",
    "period_start",
    "wording",
    "stated_by",
    "jurisdiction",
    "sources",
}


def read_claim(raw: Any, origin: Origin, problems: list[Problem]) -> Claim:
    r = RecordReader(raw, origin, problems, CLAIM_FIELDS)
    return Claim(
        id=r.record_id(),
        metric=r.req("metric"),
        value=r.number("value"),
        unit=r.req("unit"),
        as_of=r.date("as_of", required=True) or PartialDate(1900),
        wording=r.req("wording"),
        citations=r.citations(),
        qualifier=r.text("qualifier") or "exactly",
        stated_by=r.text("stated_by"),
        jurisdiction=r.text("jurisdiction"),
        period_start=r.date("period_start"),
        levels=read_levels(r.raw, "claims", r.fail),
        origin=origin,
    )


Reader = Callable[[Any, Origin, list[Problem]], Any]

READERS: dict[str, tuple[str, Reader]] = {
    # file stem -> (Dataset attribute, reader)
    "sources": ("sources", read_source),
    "organisations": ("organisations", read_organisation),
    "people": ("people", read_person),
    "positions": ("positions", read_position),
    "occupancies": ("occupancies", read_occupancy),
    "cases": ("cases", read_case),
    "events": ("events", read_event),
    "recognitions": ("recognitions", read_recognition),
    "sanctions": ("sanctions", read_sanction),
    "claims": ("claims", read_claim),
}
