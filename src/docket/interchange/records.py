"""Turn one raw record (a mapping read from YAML or JSON lines) into a domain object.

Each reader collects every problem in the record with its field, rather than stopping at the
first, and never guesses: an unknown field is a problem, so a typo cannot silently drop a fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from docket.domain.case import Case, Charge, Defendant
from docket.domain.claim import Claim
from docket.domain.dates import DateError, PartialDate, Term
from docket.domain.event import Event, Party, SentenceComponent
from docket.domain.organisation import Occupancy, Organisation, Position
from docket.domain.person import Affiliation, Name, Person, Relation
from docket.domain.recognition import Recognition, SanctionRecommendation
from docket.domain.source import Citation, Origin, Source
from docket.errors import Problem
from docket.interchange.field_levels import read_level, read_levels

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_ID = re.compile(r"^[a-z0-9][a-z0-9._:-]{0,127}$")


def script_of(text: str) -> str:
    return "cyrillic" if _CYRILLIC.search(text) else "latin" if text.isascii() else "other"


class RecordReader:
    """Reads fields of one record, noting problems against its origin."""

    def __init__(
        self, raw: Any, origin: Origin, problems: list[Problem], allowed: set[str]
    ) -> None:
        self.origin = origin
        self.problems = problems
        self.raw: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        self.id = str(self.raw.get("id") or "?")
        if not isinstance(raw, Mapping):
            self.fail(None, "each record must be a mapping of field: value")
            return
        for key in raw:
            if key not in allowed:
                self.fail(str(key), f"unknown field '{key}' (known: {', '.join(sorted(allowed))})")

    def fail(self, fld: str | None, message: str) -> None:
        self.problems.append(
            Problem(
                message, file=self.origin.file, line=self.origin.line, record=self.id, field=fld
            )
        )

    def record_id(self) -> str:
        value = self.raw.get("id")
        if value is None:
            self.fail("id", "every record needs an id")
            return "?"
        text = str(value)
        if not _ID.match(text):
            self.fail("id", f"'{text}' is not a usable id: lower-case letters, digits, - . _ :")
        return text

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(key, "is required")
            return None
        if isinstance(value, (dict, list)):
            self.fail(key, "must be text")
            return None
        text = str(value)
        if "\x00" in text:
            self.fail(key, "contains a NUL byte")
            return None
        return text.strip()

    def req(self, key: str) -> str:
        return self.text(key, required=True) or ""

    def date(self, key: str, *, required: bool = False) -> PartialDate | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.fail(key, "is required")
            return None
        try:
            return PartialDate.parse(value)
        except DateError as err:
            self.fail(key, str(err))
            return None

    def number(self, key: str) -> float:
        value = self.raw.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, f"must be a number, not {value!r}")
            return 0.0
        return float(value)

    def items(self, key: str) -> list[Any]:
        value = self.raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, "must be a list")
            return []
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        return tuple(str(v) for v in self.items(key))

    def citations(self, key: str = "sources") -> tuple[Citation, ...]:
        out: list[Citation] = []
        for item in self.items(key):
            if isinstance(item, str):
                out.append(Citation(item))
            elif isinstance(item, Mapping) and item.get("source"):
                at = item.get("at")
                out.append(Citation(str(item["source"]), str(at) if at is not None else None))
            else:
                self.fail(key, f"{item!r}: cite a source id, or {{source: ID, at: LOCATOR}}")
        return tuple(out)

    def nested(self, item: Any, key: str, allowed: set[str]) -> Mapping[str, Any]:
        if not isinstance(item, Mapping):
            self.fail(key, f"{item!r} must be a mapping")
            return {}
        for k in item:
            if k not in allowed:
                self.fail(f"{key}.{k}", f"unknown field '{k}'")
        return item

    def sub_date(self, item: Mapping[str, Any], key: str, fld: str) -> PartialDate | None:
        value = item.get(key)
        if value is None:
            return None
        try:
            return PartialDate.parse(value)
        except DateError as err:
            self.fail(fld, str(err))
            return None


def _names(r: RecordReader, default_lang: str | None = None) -> tuple[Name, ...]:
    names: list[Name] = []
    primary = r.text("name")
    if primary:
        names.append(Name(primary, "primary", script_of(primary), None))
    for item in r.items("names"):
        if isinstance(item, str):
            names.append(Name(item.strip(), "variant", script_of(item), None))
            continue
        raw = r.nested(item, "names", {"value", "kind", "script", "lang"})
        value = str(raw.get("value") or "").strip()
        if not value:
            r.fail("names.value", "a name needs a value")
            continue
        names.append(
            Name(
                value,
                str(raw.get("kind") or "variant"),
                str(raw.get("script") or script_of(value)),
                raw.get("lang"),
            )
        )
    if names and all(n.kind != "primary" for n in names):
        first = names[0]
        names[0] = Name(first.value, "primary", first.script, first.lang)
    return tuple(names)


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
    names = _names(r)
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
    names = _names(r)
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


def read_event(raw: Any, origin: Origin, problems: list[Problem]) -> Event:
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


def read_recognition(raw: Any, origin: Origin, problems: list[Problem]) -> Recognition:
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
