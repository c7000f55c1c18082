"""A dataset: every record of one load, and the checks that span records.

`check_dataset` finds every problem at once (unknown vocabulary, missing references, impossible
chronologies) so a monitor can fix a file in one pass; the service refuses to write anything
while a problem remains.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from docket.domain.case import Case
from docket.domain.claim import Claim
from docket.domain.event import Event
from docket.domain.law import Law
from docket.domain.organisation import Occupancy, Organisation, Position
from docket.domain.person import Person
from docket.domain.recognition import Recognition, SanctionRecommendation
from docket.domain.source import Citation, Origin, Source
from docket.domain.surveillance import Deployment, Disruption
from docket.domain.surveillance_check import check_deployments, check_disruptions, check_laws
from docket.domain.vocabulary import Vocabulary
from docket.errors import Problem

CUSTODY_ENTRY = frozenset({"set"})


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    id: str
    title: str
    description: str | None = None
    jurisdiction: str | None = None


@dataclass(slots=True)
class Dataset:
    info: DatasetInfo
    sources: list[Source] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    occupancies: list[Occupancy] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    recognitions: list[Recognition] = field(default_factory=list)
    sanctions: list[SanctionRecommendation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    # digital repression (docket.domain.surveillance, docket.domain.law): not in counts(),
    # which other outputs list; the loader reports them apart
    deployments: list[Deployment] = field(default_factory=list)
    disruptions: list[Disruption] = field(default_factory=list)
    laws: list[Law] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            name: len(getattr(self, name))
            for name in (
                "sources",
                "organisations",
                "people",
                "positions",
                "occupancies",
                "cases",
                "events",
                "recognitions",
                "sanctions",
                "claims",
            )
        }


ExistsFn = Callable[[str, Sequence[str]], set[str]]
"""Asks the store which of these ids of a kind ("person", "source"...) it already holds."""


class _Checker:
    def __init__(self, ds: Dataset, vocab: Vocabulary) -> None:
        self.ds = ds
        self.vocab = vocab
        self.problems: list[Problem] = []
        # references to resolve against the store: kind -> id -> first place that needs it
        self.dangling: dict[str, dict[str, Problem]] = {}
        self.ids: dict[str, set[str]] = {}

    def add(self, origin: Origin | None, record: str, fld: str | None, message: str) -> None:
        self.problems.append(
            Problem(
                message,
                file=origin.file if origin else None,
                line=origin.line if origin else None,
                record=record,
                field=fld,
            )
        )

    def term(self, name: str, value: str | None, origin: Origin | None, rid: str, fld: str) -> None:
        if value is not None and value not in self.vocab.term(name):
            allowed = ", ".join(sorted(self.vocab.term(name)))
            self.add(origin, rid, fld, f"'{value}' is not a known value (one of: {allowed})")

    def register(self, kind: str, records: Iterable[object]) -> None:
        seen: set[str] = set()
        for rec in records:
            rid: str = getattr(rec, "id")  # noqa: B009
            if rid in seen:
                self.add(getattr(rec, "origin", None), rid, "id", f"duplicate {kind} id '{rid}'")
            seen.add(rid)
        self.ids[kind] = seen

    def ref(self, kind: str, value: str | None, origin: Origin | None, rid: str, fld: str) -> None:
        if value is None or value in self.ids[kind]:
            return
        problem = Problem(
            f"refers to {kind} '{value}', which is in neither this dataset nor the store",
            file=origin.file if origin else None,
            line=origin.line if origin else None,
            record=rid,
            field=fld,
        )
        self.dangling.setdefault(kind, {}).setdefault(value, problem)

    def cites(
        self, citations: Sequence[Citation], origin: Origin | None, rid: str, *, required: bool
    ) -> None:
        if required and not citations:
            self.add(origin, rid, "sources", "cites no source; every fact needs at least one")
        for citation in citations:
            self.ref("source", citation.source_id, origin, rid, "sources")


def check_dataset(ds: Dataset, vocab: Vocabulary, exists: ExistsFn | None = None) -> list[Problem]:
    """Every problem in the dataset; `exists` resolves references to records already stored."""
    c = _Checker(ds, vocab)
    for kind, records in (
        ("source", ds.sources),
        ("organisation", ds.organisations),
        ("person", ds.people),
        ("position", ds.positions),
        ("occupancy", ds.occupancies),
        ("case", ds.cases),
        ("event", ds.events),
        ("recognition", ds.recognitions),
        ("sanction recommendation", ds.sanctions),
        ("claim", ds.claims),
        ("deployment", ds.deployments),
        ("disruption", ds.disruptions),
        ("law", ds.laws),
    ):
        c.register(kind, records)
    _check_sources(c)
    _check_people_and_bodies(c)
    _check_cases(c)
    _check_events(c)
    _check_decisions(c)
    _check_chronology(c)
    levels = set(vocab.term("sensitivity"))
    check_deployments(c, ds.deployments, level_ok=levels)
    check_disruptions(c, ds.disruptions, level_ok=levels)
    check_laws(c, ds.laws, level_ok=levels, articles=set(vocab.articles))
    if c.dangling:
        for kind, wanted in c.dangling.items():
            found = exists(kind, sorted(wanted)) if exists else set()
            c.problems.extend(p for rid, p in wanted.items() if rid not in found)
    return c.problems


def _check_sources(c: _Checker) -> None:
    for s in c.ds.sources:
        c.term("source_kinds", s.kind, s.origin, s.id, "kind")
        c.term("reliability", s.reliability, s.origin, s.id, "reliability")
        c.term("sensitivity", s.sensitivity, s.origin, s.id, "sensitivity")
        c.cites(s.cites, s.origin, s.id, required=False)
        if not s.title.strip():
            c.add(s.origin, s.id, "title", "a source needs a title")


def _check_people_and_bodies(c: _Checker) -> None:
    for o in c.ds.organisations:
        c.term("organisation_kinds", o.kind, o.origin, o.id, "kind")
        c.term("sensitivity", o.sensitivity, o.origin, o.id, "sensitivity")
        c.ref("organisation", o.parent_id, o.origin, o.id, "parent")
        c.cites(o.citations, o.origin, o.id, required=False)
    for p in c.ds.people:
        if not p.names:
            c.add(p.origin, p.id, "names", "a person needs at least one name")
        for name in p.names:
            c.term("name_kinds", name.kind, p.origin, p.id, "names.kind")
            c.term("scripts", name.script, p.origin, p.id, "names.script")
        c.term("sex", p.sex, p.origin, p.id, "sex")
        c.term("sensitivity", p.sensitivity, p.origin, p.id, "sensitivity")
        c.cites(p.citations, p.origin, p.id, required=False)
        for a in p.affiliations:
            c.ref("organisation", a.organisation_id, p.origin, p.id, "affiliations.organisation")
            c.term("affiliation_roles", a.role, p.origin, p.id, "affiliations.role")
            c.cites(a.citations, p.origin, p.id, required=False)
            if a.start and a.end and a.end.certainly_before(a.start):
                c.add(p.origin, p.id, "affiliations.end", f"ends ({a.end}) before it starts")
        for r in p.relations:
            c.ref("person", r.person_id, p.origin, p.id, "relations.person")
            c.term("relation_kinds", r.kind, p.origin, p.id, "relations.kind")
            c.cites(r.citations, p.origin, p.id, required=False)
            if r.person_id == p.id:
                c.add(p.origin, p.id, "relations.person", "a person cannot be related to themself")
    for pos in c.ds.positions:
        c.ref("organisation", pos.organisation_id, pos.origin, pos.id, "organisation")
    for occ in c.ds.occupancies:
        c.ref("person", occ.person_id, occ.origin, occ.id, "person")
        c.ref("position", occ.position_id, occ.origin, occ.id, "position")
        c.cites(occ.citations, occ.origin, occ.id, required=True)
        if occ.start and occ.end and occ.end.certainly_before(occ.start):
            c.add(occ.origin, occ.id, "end", f"ends ({occ.end}) before it starts ({occ.start})")


def _check_cases(c: _Checker) -> None:
    for case in c.ds.cases:
        c.term("sensitivity", case.sensitivity, case.origin, case.id, "sensitivity")
        c.cites(case.citations, case.origin, case.id, required=True)
        for court in case.court_ids:
            c.ref("organisation", court, case.origin, case.id, "courts")
        for d in case.defendants:
            c.ref("person", d.person_id, case.origin, case.id, "defendants.person")
            for charge in d.charges:
                if charge.article_id is None:
                    if not charge.wording:
                        c.add(
                            case.origin,
                            case.id,
                            "defendants.charges",
                            "a charge needs an article or the wording the source gives",
                        )
                    continue
                article = c.vocab.articles.get(charge.article_id)
                if article is None:
                    c.add(
                        case.origin,
                        case.id,
                        "defendants.charges.article",
                        f"unknown legal article '{charge.article_id}'",
                    )
                elif charge.part and article.parts and charge.part not in article.parts:
                    c.add(
                        case.origin,
                        case.id,
                        "defendants.charges.part",
                        f"{article.cite()} has no part {charge.part}",
                    )


def _check_events(c: _Checker) -> None:
    vocab = c.vocab
    for e in c.ds.events:
        kind = vocab.event_kinds.get(e.kind)
        if kind is None:
            c.add(e.origin, e.id, "kind", f"unknown event kind '{e.kind}'")
        elif kind.effect == "observe":
            if e.status not in vocab.statuses:
                c.add(
                    e.origin,
                    e.id,
                    "status",
                    f"a status report needs a known status, not '{e.status}'",
                )
        elif e.status is not None:
            c.add(e.origin, e.id, "status", "only a status_reported event carries a status")
        if e.end_date and e.end_date.certainly_before(e.date):
            c.add(e.origin, e.id, "end_date", f"ends ({e.end_date}) before it starts ({e.date})")
        if not e.parties:
            c.add(e.origin, e.id, "parties", "an event needs at least one person or organisation")
        c.term("sensitivity", e.sensitivity, e.origin, e.id, "sensitivity")
        c.ref("case", e.case_id, e.origin, e.id, "case")
        c.cites(e.citations, e.origin, e.id, required=True)
        for party in e.parties:
            c.term("party_roles", party.role, e.origin, e.id, "parties.role")
            c.term("involvement_degrees", party.involvement, e.origin, e.id, "parties.involvement")
            c.ref("person", party.person_id, e.origin, e.id, "parties.person")
            c.ref("organisation", party.organisation_id, e.origin, e.id, "parties.organisation")
            if (party.person_id is None) == (party.organisation_id is None):
                c.add(e.origin, e.id, "parties", "each party is either a person or an organisation")
        for comp in e.sentence:
            c.term("sentence_components", comp.kind, e.origin, e.id, "sentence.kind")


def _check_decisions(c: _Checker) -> None:
    for r in c.ds.recognitions:
        c.ref("person", r.person_id, r.origin, r.id, "person")
        c.ref("organisation", r.organisation_id, r.origin, r.id, "by")
        c.term("recognition_kinds", r.kind, r.origin, r.id, "kind")
        for criterion in r.criteria:
            c.term("recognition_criteria", criterion, r.origin, r.id, "criteria")
        c.cites(r.citations, r.origin, r.id, required=True)
    for s in c.ds.sanctions:
        c.ref("person", s.person_id, s.origin, s.id, "person")
        c.ref("organisation", s.organisation_id, s.origin, s.id, "by")
        c.cites(s.citations, s.origin, s.id, required=True)
    for cl in c.ds.claims:
        c.term("claim_qualifiers", cl.qualifier, cl.origin, cl.id, "qualifier")
        c.term("claim_units", cl.unit, cl.origin, cl.id, "unit")
        c.ref("organisation", cl.stated_by, cl.origin, cl.id, "stated_by")
        c.cites(cl.citations, cl.origin, cl.id, required=True)


def _check_chronology(c: _Checker) -> None:
    """Events before birth, and releases dated before the custody they end."""
    births = {p.id: p.birth_date for p in c.ds.people if p.birth_date}
    by_person: dict[str, list[Event]] = {}
    for e in c.ds.events:
        if e.kind not in c.vocab.event_kinds:
            continue
        for party in e.parties:
            if party.person_id is None:
                continue
            born = births.get(party.person_id)
            if born and e.date.hi < born.lo:
                c.add(
                    e.origin,
                    e.id,
                    "date",
                    f"is dated {e.date}, before {party.person_id} was born ({born})",
                )
            if party.role in ("victim", "subject"):
                by_person.setdefault(party.person_id, []).append(e)
    vocab = c.vocab
    for person_id, events in by_person.items():
        custody = [
            e
            for e in events
            if (k := vocab.event_kinds[e.kind]).effect == "set"
            and k.status is not None
            and vocab.statuses[k.status].custody
        ]
        if not custody:
            continue
        for e in events:
            kind = vocab.event_kinds[e.kind]
            if kind.group != "exit" or kind.effect != "set":
                continue
            if any(d.date.lo <= e.date.hi for d in custody):
                continue
            first = min(custody, key=lambda d: d.date.lo)
            c.add(
                e.origin,
                e.id,
                "date",
                f"{person_id}'s release on {e.date} is dated before the custody it ends "
                f"({first.kind} on {first.date}, event {first.id})",
            )
