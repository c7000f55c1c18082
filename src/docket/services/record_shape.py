"""Domain records back into the dataset format (docs/data-format.md): the inverse of the readers
in interchange/records.py. Edit forms start from it, and the audit log stores records in it, so a
monitor reads a change in the same words as a dataset file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docket.domain.claim import Claim
from docket.domain.dates import PartialDate
from docket.domain.event import Event
from docket.domain.person import Person
from docket.domain.recognition import Recognition
from docket.domain.source import Citation, Source


def _date(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def citations(cites: Sequence[Citation]) -> list[dict[str, Any]]:
    return [
        {"source": c.source_id, "at": c.locator} if c.locator else {"source": c.source_id}
        for c in cites
    ]


def _clean(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if v not in (None, [], ())}


def person_raw(p: Person) -> dict[str, Any]:
    primary = p.name
    others = [n for n in p.names if not (n.kind == "primary" and n.value == primary)]
    return _clean(
        {
            "id": p.id,
            "name": primary,
            "names": [
                _clean({"value": n.value, "kind": n.kind, "script": n.script, "lang": n.lang})
                for n in others
            ],
            "sex": p.sex,
            "born": _date(p.birth_date),
            "birth_place": p.birth_place,
            "occupation": p.occupation,
            "region": p.region,
            "summary": p.summary,
            "affiliations": [
                _clean(
                    {
                        "organisation": a.organisation_id,
                        "role": a.role,
                        "start": _date(a.start),
                        "end": _date(a.end),
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
        }
    )


def source_raw(s: Source) -> dict[str, Any]:
    return _clean(
        {
            "id": s.id,
            "kind": s.kind,
            "title": s.title,
            "publisher": s.publisher,
            "author": s.author,
            "date": _date(s.date),
            "language": s.language,
            "url": s.url,
            "reliability": s.reliability,
            "notes": s.notes,
            "cites": citations(s.cites),
            "sensitivity": s.sensitivity,
        }
    )


def event_raw(e: Event) -> dict[str, Any]:
    return _clean(
        {
            "id": e.id,
            "kind": e.kind,
            "date": str(e.date),
            "end_date": _date(e.end_date),
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
                    }
                )
                for p in e.parties
            ],
            "sentence": [
                _clean(
                    {
                        "kind": c.kind,
                        "term": str(c.term) if c.term else None,
                        "regime": c.regime,
                        "amount": c.amount,
                        "start": _date(c.start),
                        "note": c.note,
                    }
                )
                for c in e.sentence
            ],
            "status": e.status,
            "sources": citations(e.citations),
            "sensitivity": e.sensitivity,
        }
    )


def recognition_raw(r: Recognition) -> dict[str, Any]:
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
        }
    )


def claim_raw(c: Claim) -> dict[str, Any]:
    value: float | int = int(c.value) if float(c.value).is_integer() else c.value
    return _clean(
        {
            "id": c.id,
            "metric": c.metric,
            "value": value,
            "qualifier": c.qualifier,
            "unit": c.unit,
            "as_of": str(c.as_of),
            "period_start": _date(c.period_start),
            "wording": c.wording,
            "stated_by": c.stated_by,
            "jurisdiction": c.jurisdiction,
            "sources": citations(c.citations),
        }
    )


def raw_of(record: Any) -> dict[str, Any]:
    """Any editable record in the dataset format."""
    if isinstance(record, Person):
        return person_raw(record)
    if isinstance(record, Source):
        return source_raw(record)
    if isinstance(record, Event):
        return event_raw(record)
    if isinstance(record, Recognition):
        return recognition_raw(record)
    if isinstance(record, Claim):
        return claim_raw(record)
    raise TypeError(f"no dataset format for {type(record).__name__}")
