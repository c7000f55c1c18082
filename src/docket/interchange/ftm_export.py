"""Docket records as FollowTheMoney entities (one JSON object a line), checked by FtM itself.

| Docket | FollowTheMoney |
| --- | --- |
| source | Document (title, publisher, author, publishedAt, language, sourceUrl, notes) |
| citation | Documentation (document -> entity, summary: the locator) |
| organisation | Organization, or PublicBody for courts, prosecutors, police, ministries... |
| person | Person (name, alias, weakAlias, previousName, gender, birthDate, profession...) |
| affiliation, relation | Membership; Family or Associate |
| position, occupancy | Position; Occupancy |
| case, defendant, court | CourtCase; CourtCaseParty (role defendant with the charges, or court) |
| event | Event (involved: every party); UnknownLink per party with its role |
| recognition | Event (organizer: who recognised; involved: the person) |
| sanction recommendation | Risk (program: the regimes; reason: the grounds) |

What FtM has no property for is kept as `keywords` in Docket's words ("docket:event=verdict",
"docket:status=held"), so an export reads back into Docket whole. Claims (figures sources
state) have no FtM schema and are not exported; the notes say how many. Sensitivity is not
exported: filter with --public first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from followthemoney import EntityProxy, model

from docket.domain.dataset import Dataset
from docket.domain.dates import PartialDate
from docket.domain.person import Name
from docket.domain.source import Citation
from docket.domain.vocabulary import Vocabulary
from docket.interchange.ftm_ids import FtmValueLost, check_entity, entity_id, link_id, put
from docket.interchange.ftm_text import TAG, charge_line, sentence_line

STATE_BODIES = frozenset(
    {
        "court",
        "prosecutor_office",
        "security_service",
        "police",
        "ministry",
        "government_body",
        "parliament",
        "penitentiary",
    }
)
FAMILY = frozenset({"brother", "sister", "parent", "child", "spouse", "relative"})
ALIAS_KINDS = {"short_form": "weakAlias", "pseudonym": "weakAlias", "maiden": "previousName"}


@dataclass(slots=True)
class FtmExport:
    entities: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Writer:
    def __init__(self, ds: Dataset, vocab: Vocabulary) -> None:
        self.ds = ds
        self.vocab = vocab
        self.out = FtmExport()
        self.names = {p.id: p.name for p in ds.people}
        self.org_names = {o.id: o.name for o in ds.organisations}

    def make(self, schema: str, eid: str) -> EntityProxy:
        proxy = model.make_entity(schema)
        proxy.id = eid
        return proxy

    def put(self, proxy: EntityProxy, prop: str, value: str | None, *, what: str) -> None:
        """Add a value; one FtM cannot hold is left out with a note, never silently."""
        try:
            put(proxy, prop, value, what=what)
        except FtmValueLost as lost:
            self.out.notes.append(f"left out: {lost}")

    def emit(self, proxy: EntityProxy) -> None:
        check_entity(proxy)
        self.out.entities.append(proxy.to_dict())

    def date(self, proxy: EntityProxy, prop: str, value: PartialDate | None, what: str) -> None:
        if value is None:
            return
        if value.on_or_before:
            self.out.notes.append(f"left out: {what}: 'on or before' {value} has no FtM form")
            return
        self.put(proxy, prop, str(value), what=what)

    def cite(self, owner: str, citations: tuple[Citation, ...], role: str = "source") -> None:
        for n, c in enumerate(citations):
            doc = self.make("Documentation", link_id("documentation", owner, str(n)))
            self.put(doc, "document", entity_id("source", c.source_id), what=owner)
            self.put(doc, "entity", owner, what=owner)
            self.put(doc, "role", role, what=owner)
            self.put(doc, "summary", c.locator, what=owner)
            self.emit(doc)

    def link(self, subject: str, obj: str, role: str, n: int, **extra: str | None) -> None:
        link = self.make("UnknownLink", link_id("link", subject, obj, role, str(n)))
        self.put(link, "subject", subject, what=obj)
        self.put(link, "object", obj, what=obj)
        self.put(link, "role", role, what=obj)
        for prop, value in extra.items():
            self.put(link, prop, value, what=obj)
        self.emit(link)

    def names_of(self, proxy: EntityProxy, names: tuple[Name, ...], what: str) -> None:
        primary_done = False
        for name in names:
            if name.kind == "primary" and not primary_done:
                self.put(proxy, "name", name.value, what=what)
                primary_done = True
            else:
                self.put(proxy, ALIAS_KINDS.get(name.kind, "alias"), name.value, what=what)

    def sources(self) -> None:
        for s in self.ds.sources:
            eid = entity_id("source", s.id)
            doc = self.make("Document", eid)
            for prop, value in (
                ("fileName", s.title),
                ("title", s.title),
                ("publisher", s.publisher),
                ("author", s.author),
                ("sourceUrl", s.url),
                ("notes", s.notes),
                ("language", s.language),
                ("keywords", f"{TAG}kind={s.kind}"),
                ("keywords", f"{TAG}reliability={s.reliability}"),
            ):
                self.put(doc, prop, value, what=f"source {s.id}")
            self.date(doc, "publishedAt", s.date, f"source {s.id}")
            self.emit(doc)
            self.cite(eid, s.cites, role="cites")

    def organisations(self) -> None:
        for o in self.ds.organisations:
            eid = entity_id("organisation", o.id)
            org = self.make("PublicBody" if o.kind in STATE_BODIES else "Organization", eid)
            what = f"organisation {o.id}"
            self.names_of(org, o.names, what)
            self.put(org, "classification", o.kind, what=what)
            self.put(org, "jurisdiction", o.jurisdiction, what=what)
            self.put(org, "summary", o.summary, what=what)
            if o.parent_id:
                self.put(org, "parent", entity_id("organisation", o.parent_id), what=what)
            self.emit(org)
            self.cite(eid, o.citations)

    def people(self) -> None:
        for p in self.ds.people:
            eid = entity_id("person", p.id)
            what = f"person {p.id}"
            person = self.make("Person", eid)
            self.names_of(person, p.names, what)
            if p.sex != "unknown":
                self.put(person, "gender", p.sex, what=what)
            self.date(person, "birthDate", p.birth_date, what)
            self.put(person, "birthPlace", p.birth_place, what=what)
            self.put(person, "profession", p.occupation, what=what)
            self.put(person, "address", p.region, what=what)
            self.put(person, "summary", p.summary, what=what)
            self.emit(person)
            self.cite(eid, p.citations)
            for n, a in enumerate(p.affiliations):
                member = self.make("Membership", link_id("membership", eid, str(n)))
                self.put(member, "member", eid, what=what)
                self.put(
                    member, "organization", entity_id("organisation", a.organisation_id), what=what
                )
                self.put(member, "role", a.role, what=what)
                self.date(member, "startDate", a.start, what)
                self.date(member, "endDate", a.end, what)
                self.emit(member)
                self.cite(str(member.id), a.citations)
            for n, r in enumerate(x for x in p.relations if not x.inverse):
                family = r.kind in FAMILY
                rel = self.make(
                    "Family" if family else "Associate", link_id("relation", eid, str(n))
                )
                self.put(rel, "person", eid, what=what)
                self.put(
                    rel,
                    "relative" if family else "associate",
                    entity_id("person", r.person_id),
                    what=what,
                )
                self.put(rel, "relationship", r.kind, what=what)
                self.emit(rel)
                self.cite(str(rel.id), r.citations)

    def posts(self) -> None:
        for pos in self.ds.positions:
            eid = entity_id("position", pos.id)
            post = self.make("Position", eid)
            self.put(post, "name", pos.title, what=f"position {pos.id}")
            self.put(
                post,
                "organization",
                entity_id("organisation", pos.organisation_id),
                what=f"position {pos.id}",
            )
            self.emit(post)
            self.cite(eid, pos.citations)
        for occ in self.ds.occupancies:
            eid = entity_id("occupancy", occ.id)
            what = f"occupancy {occ.id}"
            held = self.make("Occupancy", eid)
            self.put(held, "holder", entity_id("person", occ.person_id), what=what)
            self.put(held, "post", entity_id("position", occ.position_id), what=what)
            self.date(held, "startDate", occ.start, what)
            self.date(held, "endDate", occ.end, what)
            self.date(held, "date", occ.observed, what)
            self.emit(held)
            self.cite(eid, occ.citations)

    def cases(self) -> None:
        for case in self.ds.cases:
            eid = entity_id("case", case.id)
            what = f"case {case.id}"
            cc = self.make("CourtCase", eid)
            self.put(cc, "name", case.title, what=what)
            self.put(cc, "caseNumber", case.case_number, what=what)
            self.put(cc, "country", case.jurisdiction, what=what)
            self.put(cc, "summary", case.summary, what=what)
            for court in case.court_ids:
                self.put(cc, "court", self.org_names.get(court, court), what=what)
            self.emit(cc)
            self.cite(eid, case.citations)
            for n, court in enumerate(case.court_ids):
                party = self.make("CourtCaseParty", link_id("party", eid, "court", str(n)))
                self.put(party, "case", eid, what=what)
                self.put(party, "party", entity_id("organisation", court), what=what)
                self.put(party, "role", "court", what=what)
                self.emit(party)
            for n, d in enumerate(case.defendants):
                party = self.make("CourtCaseParty", link_id("party", eid, "defendant", str(n)))
                self.put(party, "case", eid, what=what)
                self.put(party, "party", entity_id("person", d.person_id), what=what)
                self.put(party, "role", "defendant", what=what)
                self.put(
                    party, "description", "\n".join(charge_line(c) for c in d.charges), what=what
                )
                self.emit(party)

    def events(self) -> None:
        for e in self.ds.events:
            eid = entity_id("event", e.id)
            what = f"event {e.id}"
            ev = self.make("Event", eid)
            label = (
                self.vocab.event_kinds[e.kind].label.en
                if e.kind in self.vocab.event_kinds
                else e.kind
            )
            who = ", ".join(self.names.get(p, p) for p in e.people()) or ", ".join(
                self.org_names.get(p.ref, p.ref) for p in e.parties
            )
            self.put(ev, "name", f"{label}: {who}" if who else label, what=what)
            self.event_dates(ev, e.date, e.end_date, what)
            self.put(ev, "location", e.place, what=what)
            self.put(ev, "description", e.description, what=what)
            self.put(ev, "summary", "\n".join(sentence_line(s) for s in e.sentence), what=what)
            self.put(ev, "keywords", f"{TAG}event={e.kind}", what=what)
            if e.status:
                self.put(ev, "keywords", f"{TAG}status={e.status}", what=what)
            for p in e.parties:
                kind = "person" if p.person_id else "organisation"
                self.put(ev, "involved", entity_id(kind, p.ref), what=what)
            self.emit(ev)
            self.cite(eid, e.citations)
            for n, p in enumerate(e.parties):
                kind = "person" if p.person_id else "organisation"
                self.link(
                    entity_id(kind, p.ref),
                    eid,
                    p.role,
                    n,
                    status=p.involvement,
                    description=p.position,
                )
            if e.case_id:
                self.link(entity_id("case", e.case_id), eid, "case", 0)

    def event_dates(
        self, ev: EntityProxy, day: PartialDate, end: PartialDate | None, what: str
    ) -> None:
        if day.on_or_before and end is None:
            self.put(ev, "endDate", str(day).removeprefix("../"), what=what)
            self.put(ev, "keywords", f"{TAG}on-or-before", what=what)
        elif end is None:
            self.date(ev, "date", day, what)
        else:
            self.date(ev, "startDate", day, what)
            self.date(ev, "endDate", end, what)

    def decisions(self) -> None:
        for r in self.ds.recognitions:
            eid = entity_id("recognition", r.id)
            what = f"recognition {r.id}"
            ev = self.make("Event", eid)
            label = r.kind.replace("_", " ")
            self.put(ev, "name", f"{self.names.get(r.person_id, r.person_id)}: {label}", what=what)
            self.date(ev, "date", r.date, what)
            self.put(ev, "involved", entity_id("person", r.person_id), what=what)
            self.put(ev, "organizer", entity_id("organisation", r.organisation_id), what=what)
            self.put(ev, "summary", r.rationale, what=what)
            self.put(ev, "keywords", f"{TAG}recognition={r.kind}", what=what)
            for criterion in r.criteria:
                self.put(ev, "keywords", f"{TAG}criterion={criterion}", what=what)
            self.emit(ev)
            self.cite(eid, r.citations)
        for s in self.ds.sanctions:
            eid = entity_id("sanction", s.id)
            what = f"sanction recommendation {s.id}"
            risk = self.make("Risk", eid)
            self.put(risk, "entity", entity_id("person", s.person_id), what=what)
            self.put(risk, "authority", self.org_names.get(s.organisation_id), what=what)
            self.put(risk, "status", "recommended", what=what)
            self.put(risk, "reason", s.grounds, what=what)
            self.date(risk, "date", s.date, what)
            for regime in s.regimes:
                self.put(risk, "program", regime, what=what)
            self.emit(risk)
            self.cite(eid, s.citations)
            self.link(entity_id("organisation", s.organisation_id), eid, "recommended by", 0)


def to_ftm(ds: Dataset, vocab: Vocabulary) -> FtmExport:
    """Every record of `ds` as FtM entity dicts, each validated; FtmValueLost if any value
    cannot be carried (the message names the record)."""
    writer = _Writer(ds, vocab)
    writer.sources()
    writer.organisations()
    writer.people()
    writer.posts()
    writer.cases()
    writer.events()
    writer.decisions()
    if ds.claims:
        writer.out.notes.append(
            f"{len(ds.claims)} claim(s) (figures sources state) have no FollowTheMoney form "
            "and are not in this export; use json for them"
        )
    return writer.out


def iter_lines(export: FtmExport) -> Iterator[bytes]:
    for entity in export.entities:
        yield orjson.dumps(entity) + b"\n"
