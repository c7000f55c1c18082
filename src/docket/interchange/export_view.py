"""What an export as of a day contains: the record as it stood then.

Dated records count once they certainly had happened by the day (their date's last possible
day is on or before it), the same rule as every figure Docket computes as of a day. Sources
are kept whatever their own date, as figures use them: a report published later can be the
source of an arrest before the day. People appear when something about them is left, or when
nothing about them is dated.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from docket.domain.dataset import Dataset
from docket.domain.dates import PartialDate


def _by(value: PartialDate | None, day: date) -> bool:
    return value is None or value.hi <= day


def as_of_view(ds: Dataset, day: date) -> Dataset:
    out = Dataset(ds.info)
    out.sources = list(ds.sources)
    out.organisations = list(ds.organisations)
    out.events = [e for e in ds.events if _by(e.date, day)]
    out.recognitions = [r for r in ds.recognitions if _by(r.date, day)]
    out.sanctions = [s for s in ds.sanctions if _by(s.date, day)]
    out.claims = [c for c in ds.claims if _by(c.as_of, day)]
    out.positions = list(ds.positions)
    out.occupancies = [
        o if _by(o.end, day) else replace(o, end=None)
        for o in ds.occupancies
        if _by(o.start, day) and _by(o.observed, day)
    ]
    with_events = {e.case_id for e in ds.events if e.case_id}
    kept_events = {e.case_id for e in out.events if e.case_id}
    out.cases = [c for c in ds.cases if c.id in kept_events or c.id not in with_events]
    dated = {p for e in ds.events for p in e.people()} | {r.person_id for r in ds.recognitions}
    left = {p for e in out.events for p in e.people()} | {r.person_id for r in out.recognitions}
    left |= {d.person_id for c in out.cases for d in c.defendants}
    left |= {o.person_id for o in out.occupancies} | {s.person_id for s in out.sanctions}
    people = [p for p in ds.people if p.id in left or p.id not in dated]
    kept = {p.id for p in people}
    out.people = [
        replace(
            p,
            affiliations=tuple(
                a if _by(a.end, day) else replace(a, end=None)
                for a in p.affiliations
                if _by(a.start, day)
            ),
            relations=tuple(r for r in p.relations if r.person_id in kept),
        )
        for p in people
    ]
    out.cases = [
        replace(c, defendants=tuple(d for d in c.defendants if d.person_id in kept))
        for c in out.cases
    ]
    return out
