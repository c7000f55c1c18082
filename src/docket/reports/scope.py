"""Which records a report may show: by sensitivity, and by country.

By default every report is made for a viewer and leaves out what is `restricted`; with
`public_only` it is made for the public and keeps only what is `public`. Fields go through the one
redaction layer first (`docket.domain.redaction`): a field marked above the audience is
withheld. A record that names a person or source left out is left out with it (an
event about a withheld person would reveal them), and so is a record whose every source was left
out (every fact in a report needs a source it can show). Everything left out is counted, so the
methodology note can say how much.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from docket.domain.dataset import Dataset
from docket.domain.redaction import redact_dataset
from docket.domain.sensitivity import Audience
from docket.domain.source import Citation

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Scope:
    public_only: bool = False
    country: str | None = None  # ISO code; None: every country
    audience: Audience | None = None  # None: the public with `public_only`, else a viewer

    @property
    def reader(self) -> Audience:
        if self.public_only:
            return Audience.public
        return self.audience or Audience.viewer

    def allows(self, sensitivity: str) -> bool:
        return self.reader.sees(sensitivity)

    def describe(self) -> str:
        return "public" if self.reader is Audience.public else "not_restricted"


@dataclass(slots=True)
class Selection:
    records: Dataset
    left_out: Counter[str] = field(default_factory=Counter)


def select_records(
    records: Dataset, jurisdictions: Mapping[str, str | None], scope: Scope
) -> Selection:
    """The records the scope allows, each field redacted for its audience; citations to
    withheld sources are dropped."""
    given, records = records, redact_dataset(records, scope.reader)
    out = Dataset(records.info)
    left: Counter[str] = Counter(
        {k: n - len(getattr(records, k)) for k, n in given.counts().items() if k != "positions"}
    )
    country = scope.country.upper() if scope.country else None
    visible = scope.reader.sensitivities

    def allows(level: str | None) -> bool:  # Scope.allows, asked once per record
        return level is None or level in visible

    def here(kind: str, rid: str) -> bool:
        if country is None:
            return True
        where = jurisdictions.get(f"{kind}:{rid}")
        return where is None or where.upper() == country

    sources = {s.id for s in records.sources if allows(s.sensitivity)}
    out.sources = [s for s in records.sources if s.id in sources]
    left["sources"] += len(records.sources) - len(out.sources)

    def cites(citations: Sequence[Citation]) -> tuple[Citation, ...]:
        return tuple(c for c in citations if c.source_id in sources)

    out.sources = [replace(s, cites=cites(s.cites)) for s in out.sources]
    out.people = [
        p if (c := cites(p.citations)) == p.citations else replace(p, citations=c)
        for p in records.people
        if allows(p.sensitivity) and here("person", p.id)
    ]
    people = {p.id for p in out.people}
    left["people"] += len(records.people) - len(out.people)
    out.organisations = [
        replace(o, citations=cites(o.citations))
        for o in records.organisations
        if allows(o.sensitivity)
    ]
    orgs = {o.id for o in out.organisations}
    left["organisations"] += len(records.organisations) - len(out.organisations)
    out.people = [
        p
        if all(r.person_id in people and cites(r.citations) == r.citations for r in p.relations)
        and all(
            a.organisation_id in orgs and cites(a.citations) == a.citations for a in p.affiliations
        )
        else replace(
            p,
            relations=tuple(
                replace(r, citations=cites(r.citations))
                for r in p.relations
                if r.person_id in people
            ),
            affiliations=tuple(
                replace(a, citations=cites(a.citations))
                for a in p.affiliations
                if a.organisation_id in orgs
            ),
        )
        for p in out.people
    ]

    def kept(kind: str, items: Sequence[T], ok: list[T]) -> list[T]:
        left[kind] += len(items) - len(ok)
        return ok

    cases = []
    for case in records.cases:
        if not (allows(case.sensitivity) and here("case", case.id)):
            continue
        citations = cites(case.citations)
        if not citations:
            continue
        defendants = tuple(d for d in case.defendants if d.person_id in people)
        cases.append(replace(case, citations=citations, defendants=defendants))
    out.cases = kept("cases", records.cases, cases)
    case_ids = {c.id for c in out.cases}
    # Most records pass: check parties and sources only when something was left out.
    # Against the records as given: redaction may have left some out already.
    gone_people = {p.id for p in given.people} - people
    gone_orgs = {o.id for o in given.organisations} - orgs
    gone_cases = {c.id for c in given.cases} - case_ids
    gone_sources = len(sources) < len(given.sources)
    events = []
    for e in records.events:
        if not allows(e.sensitivity) or (country and not here("event", e.id)):
            continue
        if gone_cases and e.case_id in gone_cases:
            continue
        if (gone_people or gone_orgs) and any(
            p.person_id in gone_people or p.organisation_id in gone_orgs for p in e.parties
        ):
            continue
        if gone_sources:
            citations = cites(e.citations)
            if not citations:
                continue
            if citations != e.citations:
                e = replace(e, citations=citations)
        elif not e.citations:
            continue
        events.append(e)
    out.events = kept("events", records.events, events)
    out.recognitions = kept(
        "recognitions",
        records.recognitions,
        [
            replace(r, citations=cites(r.citations))
            for r in records.recognitions
            if r.person_id in people and r.organisation_id in orgs and cites(r.citations)
        ],
    )
    out.sanctions = kept(
        "sanctions",
        records.sanctions,
        [
            replace(s, citations=cites(s.citations))
            for s in records.sanctions
            if s.person_id in people and s.organisation_id in orgs and cites(s.citations)
        ],
    )
    out.claims = kept(
        "claims",
        records.claims,
        [
            replace(c, citations=cites(c.citations))
            for c in records.claims
            if here("claim", c.id)
            and (c.stated_by is None or c.stated_by in orgs)
            and cites(c.citations)
        ],
    )
    out.positions = [
        replace(p, citations=cites(p.citations))
        for p in records.positions
        if p.organisation_id in orgs
    ]
    positions = {p.id for p in out.positions}
    out.occupancies = kept(
        "occupancies",
        records.occupancies,
        [
            replace(o, citations=cites(o.citations))
            for o in records.occupancies
            if o.person_id in people and o.position_id in positions and cites(o.citations)
        ],
    )
    return Selection(out, Counter({k: v for k, v in left.items() if v}))
