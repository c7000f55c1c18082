"""Domain records back to the dataset format (docs/data-format.md): the inverse of records.py.

`dataset_dict` gives a whole dataset as one JSON-ready mapping keyed like the dataset's files
(`people`, `events`...), with the same field names, so `docket export json` reads like the
files a monitor writes, and each list can be read back with the readers in records.py.
Empty fields are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docket.domain.case import Case, Charge
from docket.domain.claim import Claim
from docket.domain.dataset import Dataset
from docket.domain.dates import PartialDate
from docket.domain.event import Event
from docket.domain.organisation import Occupancy, Organisation, Position
from docket.domain.person import Name, Person
from docket.domain.recognition import Recognition, SanctionRecommendation
from docket.domain.source import Citation, Source
from docket.interchange.field_levels import levels_dict


def _d(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def _clean(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if v is not None and v != [] and v != ()}


def citations(cites: Sequence[Citation]) -> list[Any]:
    return [{"source": c.source_id, "at": c.locator} if c.locator else c.source_id for c in cites]


def _names(names: Sequence[Name], primary: str) -> list[dict[str, Any]]:
    skipped = False
    out = []
    for n in names:
        if not skipped and n.kind == "primary" and n.value == primary:
            skipped = True
            continue
        out.append(_clean({"value": n.value, "kind": n.kind, "script": n.script, "lang": n.lang}))
    return out


def source_dict(s: Source) -> dict[str, Any]:
    return _clean(
        {
            "id": s.id,
            "kind": s.kind,
            "title": s.title,
            "publisher": s.publisher,
            "author": s.author,
            "date": _d(s.date),
            "language": s.language,
            "url": s.url,
            "reliability": s.reliability,
            "notes": s.notes,
            "cites": citations(s.cites),
            "sensitivity": s.sensitivity,
            "levels": levels_dict(s.levels, "sources"),
        }
    )


def organisation_dict(o: Organisation) -> dict[str, Any]:
    return _clean(
        {
            "id": o.id,
            "name": o.name,
            "names": _names(o.names, o.name),
            "kind": o.kind,
            "jurisdiction": o.jurisdiction,
            "parent": o.parent_id,
            "summary": o.summary,
            "sources": citations(o.citations),
            "sensitivity": o.sensitivity,
            "levels": levels_dict(o.levels, "organisations"),
        }
    )


def person_dict(p: Person) -> dict[str, Any]:
    return _clean(
        {
            "id": p.id,
            "name": p.name,
            "names": _names(p.names, p.name),
            "sex": p.sex,
            "born": _d(p.birth_date),
            "birth_place": p.birth_place,
            "occupation": p.occupation,
            "region": p.region,
            "summary": p.summary,
            "affiliations": [
                _clean(
                    {
                        "organisation": a.organisation_id,
                        "role": a.role,
                        "start": _d(a.start),
                        "end": _d(a.end),
                        "sources": citations(a.citations),
                    }
                )
                for a in p.affiliations
            ],
            "relations": [
                _clean({"kind": r.kind, "person": r.person_id, "sources": citations(r.citations)})
                for r in p.relations
                if not r.inverse
            ],
            "sources": citations(p.citations),
            "sensitivity": p.sensitivity,
            "levels": levels_dict(p.levels, "people"),
        }
    )


def position_dict(p: Position) -> dict[str, Any]:
    return _clean(
        {
            "id": p.id,
            "title": p.title,
            "organisation": p.organisation_id,
            "sources": citations(p.citations),
        }
    )


def occupancy_dict(o: Occupancy) -> dict[str, Any]:
    return _clean(
        {
            "id": o.id,
            "person": o.person_id,
            "position": o.position_id,
            "start": _d(o.start),
            "end": _d(o.end),
            "observed": _d(o.observed),
            "sources": citations(o.citations),
        }
    )


def _charge(c: Charge) -> Any:
    return _clean({"article": c.article_id, "part": c.part, "wording": c.wording})


def case_dict(c: Case) -> dict[str, Any]:
    return _clean(
        {
            "id": c.id,
            "title": c.title,
            "jurisdiction": c.jurisdiction,
            "number": c.case_number,
            "courts": list(c.court_ids),
            "defendants": [
                _clean({"person": d.person_id, "charges": [_charge(ch) for ch in d.charges]})
                for d in c.defendants
            ],
            "summary": c.summary,
            "sources": citations(c.citations),
            "sensitivity": c.sensitivity,
            "levels": levels_dict(c.levels, "cases"),
        }
    )


def event_dict(e: Event) -> dict[str, Any]:
    return _clean(
        {
            "id": e.id,
            "kind": e.kind,
            "date": str(e.date),
            "end_date": _d(e.end_date),
            "case": e.case_id,
            "place": e.place,
            "description": e.description,
            "parties": [
                _clean(
                    {
                        "person": p.person_id,
                        "organisation": p.organisation_id,
                        "role": p.role,
                        "involvement": p.involvement,
                        "position": p.position,
                        "sensitivity": p.sensitivity,
                    }
                )
                for p in e.parties
            ],
            "sentence": [
                _clean(
                    {
                        "kind": s.kind,
                        "term": str(s.term) if s.term else None,
                        "regime": s.regime,
                        "amount": s.amount,
                        "start": _d(s.start),
                        "note": s.note,
                    }
                )
                for s in e.sentence
            ],
            "status": e.status,
            "sources": citations(e.citations),
            "sensitivity": e.sensitivity,
            "levels": levels_dict(e.levels, "events"),
        }
    )


def recognition_dict(r: Recognition) -> dict[str, Any]:
    return _clean(
        {
            "id": r.id,
            "person": r.person_id,
            "kind": r.kind,
            "by": r.organisation_id,
            "date": str(r.date),
            "criteria": list(r.criteria),
            "rationale": r.rationale,
            "sources": citations(r.citations),
            "levels": levels_dict(r.levels, "recognitions"),
        }
    )


def sanction_dict(s: SanctionRecommendation) -> dict[str, Any]:
    return _clean(
        {
            "id": s.id,
            "person": s.person_id,
            "by": s.organisation_id,
            "date": str(s.date),
            "regimes": list(s.regimes),
            "grounds": s.grounds,
            "sources": citations(s.citations),
        }
    )


def claim_dict(c: Claim) -> dict[str, Any]:
    value = int(c.value) if float(c.value).is_integer() else c.value
    return _clean(
        {
            "id": c.id,
            "metric": c.metric,
            "value": value,
            "qualifier": c.qualifier,
            "unit": c.unit,
            "as_of": str(c.as_of),
            "period_start": _d(c.period_start),
            "wording": c.wording,
            "stated_by": c.stated_by,
            "jurisdiction": c.jurisdiction,
            "sources": citations(c.citations),
            "levels": levels_dict(c.levels, "claims"),
        }
    )


def dataset_dict(ds: Dataset) -> dict[str, Any]:
    """The whole dataset, keyed by record file name (people, events...), as plain data."""
    info = ds.info
    return {
        "dataset": _clean(
            {
                "id": info.id,
                "title": info.title,
                "description": info.description,
                "jurisdiction": info.jurisdiction,
            }
        ),
        "sources": [source_dict(s) for s in ds.sources],
        "organisations": [organisation_dict(o) for o in ds.organisations],
        "people": [person_dict(p) for p in ds.people],
        "positions": [position_dict(p) for p in ds.positions],
        "occupancies": [occupancy_dict(o) for o in ds.occupancies],
        "cases": [case_dict(c) for c in ds.cases],
        "events": [event_dict(e) for e in ds.events],
        "recognitions": [recognition_dict(r) for r in ds.recognitions],
        "sanctions": [sanction_dict(s) for s in ds.sanctions],
        "claims": [claim_dict(c) for c in ds.claims],
    }
