"""FollowTheMoney entities (JSON lines) back into Docket records: the inverse of ftm_export.

Entities that `docket export ftm` wrote come back whole, as far as FtM could hold them: ids,
names (the kinds collapse to FtM's name, alias, weakAlias and previousName), dates with their
precision, citations with their locators, parties with their roles, charges, sentences. From
files made elsewhere, people, organisations and documents are read; other entities need the
`docket:` keywords an export writes and are otherwise listed as not imported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from followthemoney import EntityProxy, model
from followthemoney.exc import FollowTheMoneyException
from rigour.langs import iso_639_alpha2

from docket.domain.case import Case, Defendant
from docket.domain.dataset import Dataset, DatasetInfo
from docket.domain.dates import DateError, PartialDate
from docket.domain.event import Event, Party
from docket.domain.organisation import Occupancy, Organisation, Position
from docket.domain.person import Affiliation, Name, Person, Relation
from docket.domain.recognition import Recognition, SanctionRecommendation
from docket.domain.source import Citation, Origin, Source
from docket.domain.vocabulary import Vocabulary
from docket.errors import Problem
from docket.interchange.ftm_export import ALIAS_KINDS
from docket.interchange.ftm_ids import record_id
from docket.interchange.ftm_text import parse_charge, parse_sentence, tags_of
from docket.interchange.records import script_of

_ID = re.compile(r"[^a-z0-9._:-]")


@dataclass(slots=True)
class FtmReading:
    dataset: Dataset
    entities: int = 0
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _sex(gender: str | None) -> str:
    return gender if gender in ("male", "female") else "unknown"


class _Reader:
    def __init__(self, label: str, info: DatasetInfo, vocab: Vocabulary) -> None:
        self.label = label
        self.vocab = vocab
        self.out = FtmReading(Dataset(info))
        self.entities: dict[str, tuple[int, EntityProxy]] = {}
        self.by_schema: dict[str, list[str]] = defaultdict(list)
        self.citations: dict[str, list[Citation]] = defaultdict(list)
        self.links: dict[str, list[EntityProxy]] = defaultdict(list)  # object id -> links
        self.parties: dict[str, list[EntityProxy]] = defaultdict(list)  # case id -> parties

    def problem(self, line: int, message: str, record: str | None = None) -> None:
        self.out.problems.append(Problem(message, file=self.label, line=line, record=record))

    def add(self, line: int, raw: bytes) -> None:
        if not raw.strip():
            return
        try:
            data = orjson.loads(raw)
            shape = _shape_problem(data)
            if shape:
                self.problem(line, f"is not a FollowTheMoney entity: {shape}")
                return
            proxy = model.get_proxy(data)
        except (orjson.JSONDecodeError, FollowTheMoneyException, TypeError, KeyError) as err:
            self.problem(line, f"is not a FollowTheMoney entity: {err}")
            return
        if not proxy.id:
            self.problem(line, "the entity has no id")
            return
        self.out.entities += 1
        self.entities[proxy.id] = (line, proxy)
        self.by_schema[proxy.schema.name].append(proxy.id)

    def rid(self, eid: str | None, kind: str) -> str:
        if not eid:
            return "?"
        decoded = record_id(eid)
        if decoded is not None and decoded[0] == kind:
            return decoded[1]
        return _ID.sub("-", eid.lower())[:128]

    def date(self, line: int, proxy: EntityProxy, prop: str) -> PartialDate | None:
        value = proxy.first(prop, quiet=True)
        if not value:
            return None
        try:
            return PartialDate.parse(value[:10])
        except DateError as err:
            self.problem(line, f"{prop}: {err}", proxy.id)
            return None

    def each(self, *schemata: str) -> Iterable[tuple[int, EntityProxy, Origin]]:
        for schema in schemata:
            for eid in self.by_schema.get(schema, ()):
                line, proxy = self.entities[eid]
                yield line, proxy, Origin(self.label, line)

    def cites(self, eid: str | None) -> tuple[Citation, ...]:
        return tuple(self.citations.get(eid or "", ()))

    def index_links(self) -> None:
        for _, doc, _ in self.each("Documentation"):
            cited = self.rid(doc.first("document"), "source")
            self.citations[doc.first("entity") or ""].append(Citation(cited, doc.first("summary")))
        for _, link, _ in self.each("UnknownLink"):
            self.links[link.first("object") or ""].append(link)
        for _, party, _ in self.each("CourtCaseParty"):
            self.parties[party.first("case") or ""].append(party)

    def read(self) -> FtmReading:
        self.index_links()
        self.sources()
        self.organisations()
        self.people()
        self.posts()
        self.cases()
        self.events()
        self.sanctions()
        used = {
            "Document", "Documentation", "Organization", "PublicBody", "Company", "Person",
            "Membership", "Family", "Associate", "Position", "Occupancy", "CourtCase",
            "CourtCaseParty", "Event", "UnknownLink", "Risk",
        }  # fmt: skip
        for schema, ids in sorted(self.by_schema.items()):
            if schema not in used:
                self.out.skipped.append(f"{len(ids)} {schema} entities (no Docket record kind)")
        return self.out

    def names(self, proxy: EntityProxy) -> tuple[Name, ...]:
        names: list[Name] = []
        kinds = {"alias": "variant", **{v: k for k, v in ALIAS_KINDS.items()}}
        for prop in ("name", "alias", "weakAlias", "previousName"):
            for value in proxy.get(prop, quiet=True):
                kind = "primary" if prop == "name" and not names else kinds.get(prop, "variant")
                names.append(Name(value, kind, script_of(value)))
        return tuple(names)

    def sources(self) -> None:
        for line, doc, origin in self.each("Document", "Pages", "Article"):
            tags = tags_of(doc)
            language = doc.first("language", quiet=True)
            self.out.dataset.sources.append(
                Source(
                    id=self.rid(doc.id, "source"),
                    kind=(tags.get("kind") or ["document"])[0],
                    title=doc.first("title") or doc.first("name") or doc.first("fileName") or "?",
                    publisher=doc.first("publisher"),
                    author=doc.first("author"),
                    date=self.date(line, doc, "publishedAt"),
                    language=(iso_639_alpha2(language) or language) if language else None,
                    url=doc.first("sourceUrl"),
                    reliability=(tags.get("reliability") or ["unknown"])[0],
                    notes=doc.first("notes"),
                    cites=self.cites(doc.id),
                    origin=origin,
                )
            )

    def organisations(self) -> None:
        kinds = self.vocab.term("organisation_kinds")
        for _, org, origin in self.each("Organization", "PublicBody", "Company"):
            kind = org.first("classification")
            if kind not in kinds:
                kind = {"PublicBody": "government_body", "Company": "company"}.get(
                    org.schema.name, "other"
                )
            jurisdiction = org.first("jurisdiction") or org.first("country")
            parent = org.first("parent", quiet=True)
            self.out.dataset.organisations.append(
                Organisation(
                    id=self.rid(org.id, "organisation"),
                    names=self.names(org),
                    kind=kind or "other",
                    jurisdiction=jurisdiction.upper() if jurisdiction else None,
                    parent_id=self.rid(parent, "organisation") if parent else None,
                    summary=org.first("summary"),
                    citations=self.cites(org.id),
                    origin=origin,
                )
            )

    def people(self) -> None:
        affiliations: dict[str, list[Affiliation]] = defaultdict(list)
        for line, m, _ in self.each("Membership"):
            affiliations[m.first("member") or ""].append(
                Affiliation(
                    self.rid(m.first("organization"), "organisation"),
                    m.first("role") or "member",
                    self.date(line, m, "startDate"),
                    self.date(line, m, "endDate"),
                    self.cites(m.id),
                )
            )
        relations: dict[str, list[Relation]] = defaultdict(list)
        for _, r, _ in self.each("Family", "Associate"):
            other = r.first("relative") if r.schema.name == "Family" else r.first("associate")
            relations[r.first("person") or ""].append(
                Relation(
                    r.first("relationship") or ("relative" if other else "associate"),
                    self.rid(other, "person"),
                    self.cites(r.id),
                )
            )
        for line, p, origin in self.each("Person"):
            assert p.id is not None
            self.out.dataset.people.append(
                Person(
                    id=self.rid(p.id, "person"),
                    names=self.names(p),
                    sex=_sex(p.first("gender")),
                    birth_date=self.date(line, p, "birthDate"),
                    birth_place=p.first("birthPlace"),
                    occupation=p.first("profession"),
                    region=p.first("address"),
                    summary=p.first("summary"),
                    affiliations=tuple(affiliations.get(p.id, ())),
                    relations=tuple(relations.get(p.id, ())),
                    citations=self.cites(p.id),
                    origin=origin,
                )
            )

    def posts(self) -> None:
        for _, pos, origin in self.each("Position"):
            self.out.dataset.positions.append(
                Position(
                    self.rid(pos.id, "position"),
                    pos.first("name") or "?",
                    self.rid(pos.first("organization"), "organisation"),
                    self.cites(pos.id),
                    origin,
                )
            )
        for line, occ, origin in self.each("Occupancy"):
            self.out.dataset.occupancies.append(
                Occupancy(
                    self.rid(occ.id, "occupancy"),
                    self.rid(occ.first("holder"), "person"),
                    self.rid(occ.first("post"), "position"),
                    self.date(line, occ, "startDate"),
                    self.date(line, occ, "endDate"),
                    self.date(line, occ, "date"),
                    self.cites(occ.id),
                    origin,
                )
            )

    def cases(self) -> None:
        for _, cc, origin in self.each("CourtCase"):
            courts: list[str] = []
            defendants: list[Defendant] = []
            for party in self.parties.get(cc.id or "", ()):
                if party.first("role") == "court":
                    courts.append(self.rid(party.first("party"), "organisation"))
                else:
                    text = party.first("description") or ""
                    charges = tuple(parse_charge(x) for x in text.splitlines() if x.strip())
                    defendants.append(Defendant(self.rid(party.first("party"), "person"), charges))
            country = cc.first("country")
            self.out.dataset.cases.append(
                Case(
                    id=self.rid(cc.id, "case"),
                    title=cc.first("name") or "?",
                    jurisdiction=country.upper() if country else None,
                    case_number=cc.first("caseNumber"),
                    court_ids=tuple(courts),
                    defendants=tuple(defendants),
                    summary=cc.first("summary"),
                    citations=self.cites(cc.id),
                    origin=origin,
                )
            )

    def events(self) -> None:
        for line, ev, origin in self.each("Event"):
            tags = tags_of(ev)
            if "recognition" in tags:
                self.recognition(line, ev, tags, origin)
                continue
            if "event" not in tags:
                self.out.skipped.append(f"Event {ev.id}: no Docket event kind (docket:event=...)")
                continue
            self.event(line, ev, tags, origin)

    def event(self, line: int, ev: EntityProxy, tags: dict[str, list[str]], origin: Origin) -> None:
        parties: list[Party] = []
        case_id = None
        for link in self.links.get(ev.id or "", ()):
            subject = link.first("subject") or ""
            decoded = record_id(subject)
            if link.first("role") == "case":
                case_id = self.rid(subject, "case")
            elif decoded is not None and decoded[0] == "organisation":
                parties.append(
                    Party(
                        link.first("role") or "subject",
                        None,
                        decoded[1],
                        link.first("status"),
                        link.first("description"),
                    )
                )
            else:
                parties.append(
                    Party(
                        link.first("role") or "subject",
                        self.rid(subject, "person"),
                        None,
                        link.first("status"),
                        link.first("description"),
                    )
                )
        start = self.date(line, ev, "date") or self.date(line, ev, "startDate")
        end = self.date(line, ev, "endDate")
        if start is None and end is not None and "on-or-before" in tags:
            start, end = PartialDate(end.year, end.month, end.day, on_or_before=True), None
        if start is None:
            self.problem(line, "an event needs a date", ev.id)
            return
        try:
            sentence = tuple(
                parse_sentence(x) for x in (ev.first("summary") or "").splitlines() if x.strip()
            )
        except DateError as err:
            self.problem(line, f"sentence: {err}", ev.id)
            sentence = ()
        self.out.dataset.events.append(
            Event(
                id=self.rid(ev.id, "event"),
                kind=tags["event"][0],
                date=start,
                parties=tuple(parties),
                citations=self.cites(ev.id),
                end_date=end,
                case_id=case_id,
                place=ev.first("location"),
                description=ev.first("description"),
                sentence=sentence,
                status=tags["status"][0] if tags.get("status") else None,
                origin=origin,
            )
        )

    def recognition(
        self, line: int, ev: EntityProxy, tags: dict[str, list[str]], origin: Origin
    ) -> None:
        day = self.date(line, ev, "date")
        if day is None:
            self.problem(line, "a recognition needs a date", ev.id)
            return
        self.out.dataset.recognitions.append(
            Recognition(
                id=self.rid(ev.id, "recognition"),
                person_id=self.rid(ev.first("involved"), "person"),
                kind=tags["recognition"][0],
                organisation_id=self.rid(ev.first("organizer"), "organisation"),
                date=day,
                citations=self.cites(ev.id),
                criteria=tuple(tags.get("criterion", ())),
                rationale=ev.first("summary"),
                origin=origin,
            )
        )

    def sanctions(self) -> None:
        for line, risk, origin in self.each("Risk"):
            by = [
                x for x in self.links.get(risk.id or "", ()) if x.first("role") == "recommended by"
            ]
            day = self.date(line, risk, "date") or self.date(line, risk, "listingDate")
            if day is None or not by:
                self.problem(
                    line, "a sanction recommendation needs a date and who recommends", risk.id
                )
                continue
            self.out.dataset.sanctions.append(
                SanctionRecommendation(
                    id=self.rid(risk.id, "sanction"),
                    person_id=self.rid(risk.first("entity"), "person"),
                    organisation_id=self.rid(by[0].first("subject"), "organisation"),
                    date=day,
                    citations=self.cites(risk.id),
                    regimes=tuple(risk.get("program")),
                    grounds=risk.first("reason"),
                    origin=origin,
                )
            )


def _shape_problem(data: Any) -> str | None:
    """What keeps a decoded line from being an entity, before followthemoney trips over it."""
    if not isinstance(data, dict):
        return "a JSON object is expected"
    if not isinstance(data.get("schema"), str):
        return "its schema must be a name"
    props = data.get("properties", {})
    if not isinstance(props, dict):
        return "its properties must be an object"
    for key, values in props.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return f"property '{key}' must be a list of texts"
    return None


def read_ftm(
    lines: Iterable[bytes], *, label: str, info: DatasetInfo, vocab: Vocabulary
) -> FtmReading:
    """Every entity of a FtM JSON-lines file as Docket records, with what was not imported."""
    reader = _Reader(label, info, vocab)
    for number, raw in enumerate(lines, start=1):
        reader.add(number, raw)
    return reader.read()


def looks_like_ftm(head: bytes) -> bool:
    """Whether a file starting with these bytes is FtM JSON lines."""
    first = head.lstrip().split(b"\n", 1)[0]
    try:
        data: Any = orjson.loads(first)
    except orjson.JSONDecodeError:
        return False
    return isinstance(data, dict) and "schema" in data and "id" in data
