"""Domain records to table rows and back. No queries here: just the shape of the data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from docket.domain.case import Case
from docket.domain.claim import Claim
from docket.domain.dates import PartialDate, Term
from docket.domain.event import Event, Party, SentenceComponent
from docket.domain.organisation import Occupancy, Organisation, Position
from docket.domain.person import Name, Person
from docket.domain.recognition import Recognition, SanctionRecommendation
from docket.domain.source import Citation, Source
from docket.domain.status import StatusSpan


def text(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def pdate(value: str | None) -> PartialDate | None:
    return PartialDate.parse(value) if value else None


def citations_json(citations: Sequence[Citation]) -> list[dict[str, str | None]]:
    return [{"source": c.source_id, "at": c.locator} for c in citations]


def citations_from_json(raw: Iterable[dict[str, Any]] | None) -> tuple[Citation, ...]:
    return tuple(Citation(r["source"], r.get("at")) for r in raw or ())


def source_row(s: Source, dataset: str) -> dict[str, Any]:
    return {
        "id": s.id,
        "dataset": dataset,
        "kind": s.kind,
        "title": s.title,
        "publisher": s.publisher,
        "author": s.author,
        "date": text(s.date),
        "date_lo": s.date.lo.isoformat() if s.date and not s.date.on_or_before else None,
        "date_hi": s.date.hi.isoformat() if s.date else None,
        "language": s.language,
        "url": s.url,
        "reliability": s.reliability,
        "notes": s.notes,
        "sensitivity": s.sensitivity,
    }


def source_from_row(row: Any, cites: tuple[Citation, ...] = ()) -> Source:
    return Source(
        id=row.id,
        kind=row.kind,
        title=row.title,
        publisher=row.publisher,
        date=pdate(row.date),
        language=row.language,
        url=row.url,
        reliability=row.reliability,
        author=row.author,
        notes=row.notes,
        cites=cites,
        sensitivity=row.sensitivity,
    )


def names_json(names: Sequence[Name]) -> list[dict[str, Any]]:
    return [{"value": n.value, "kind": n.kind, "script": n.script, "lang": n.lang} for n in names]


def names_from_json(raw: Iterable[dict[str, Any]]) -> tuple[Name, ...]:
    return tuple(Name(r["value"], r["kind"], r["script"], r.get("lang")) for r in raw)


def organisation_row(o: Organisation, dataset: str) -> dict[str, Any]:
    return {
        "id": o.id,
        "dataset": dataset,
        "name": o.name,
        "names": names_json(o.names),
        "kind": o.kind,
        "jurisdiction": o.jurisdiction,
        "parent_id": o.parent_id,
        "summary": o.summary,
        "sensitivity": o.sensitivity,
    }


def person_row(p: Person, dataset: str) -> dict[str, Any]:
    return {
        "id": p.id,
        "dataset": dataset,
        "name": p.name,
        "sex": p.sex,
        "birth_date": text(p.birth_date),
        "birth_lo": p.birth_date.lo.isoformat() if p.birth_date else None,
        "birth_place": p.birth_place,
        "occupation": p.occupation,
        "region": p.region,
        "summary": p.summary,
        "sensitivity": p.sensitivity,
    }


def person_name_rows(p: Person) -> Iterator[dict[str, Any]]:
    for seq, n in enumerate(p.names):
        yield {
            "person_id": p.id,
            "value": n.value,
            "kind": n.kind,
            "script": n.script,
            "lang": n.lang,
            "seq": seq,
        }


def position_row(p: Position, dataset: str) -> dict[str, Any]:
    return {"id": p.id, "dataset": dataset, "title": p.title, "organisation_id": p.organisation_id}


def occupancy_row(o: Occupancy, dataset: str) -> dict[str, Any]:
    return {
        "id": o.id,
        "dataset": dataset,
        "person_id": o.person_id,
        "position_id": o.position_id,
        "start": text(o.start),
        "end": text(o.end),
        "observed": text(o.observed),
    }


def case_row(c: Case, dataset: str) -> dict[str, Any]:
    return {
        "id": c.id,
        "dataset": dataset,
        "title": c.title,
        "jurisdiction": c.jurisdiction,
        "case_number": c.case_number,
        "court_ids": list(c.court_ids),
        "summary": c.summary,
        "sensitivity": c.sensitivity,
    }


def sentence_json(components: Sequence[SentenceComponent]) -> list[dict[str, Any]] | None:
    if not components:
        return None
    return [
        {
            "kind": s.kind,
            "term": str(s.term) if s.term else None,
            "regime": s.regime,
            "amount": s.amount,
            "start": text(s.start),
            "note": s.note,
        }
        for s in components
    ]


def sentence_from_json(raw: Iterable[dict[str, Any]] | None) -> tuple[SentenceComponent, ...]:
    return tuple(
        SentenceComponent(
            r["kind"],
            Term.parse(r["term"]) if r.get("term") else None,
            r.get("regime"),
            r.get("amount"),
            pdate(r.get("start")),
            r.get("note"),
        )
        for r in raw or ()
    )


def event_row(e: Event, dataset: str) -> dict[str, Any]:
    return {
        "id": e.id,
        "dataset": dataset,
        "kind": e.kind,
        "date": str(e.date),
        "date_lo": e.date.lo.isoformat(),
        "date_hi": e.date.hi.isoformat(),
        "end_date": text(e.end_date),
        "case_id": e.case_id,
        "place": e.place,
        "description": e.description,
        "sentence": sentence_json(e.sentence),
        "status": e.status,
        "sensitivity": e.sensitivity,
    }


def party_rows(e: Event) -> Iterator[dict[str, Any]]:
    for seq, p in enumerate(e.parties):
        yield {
            "event_id": e.id,
            "person_id": p.person_id,
            "organisation_id": p.organisation_id,
            "role": p.role,
            "involvement": p.involvement,
            "position": p.position,
            "seq": seq,
        }


def event_from_row(row: Any, parties: Iterable[Any], cites: tuple[Citation, ...]) -> Event:
    return Event(
        id=row.id,
        kind=row.kind,
        date=PartialDate.parse(row.date),
        parties=tuple(
            Party(p.role, p.person_id, p.organisation_id, p.involvement, p.position)
            for p in parties
        ),
        citations=cites,
        end_date=pdate(row.end_date),
        case_id=row.case_id,
        place=row.place,
        description=row.description,
        sentence=sentence_from_json(row.sentence),
        status=row.status,
        sensitivity=row.sensitivity,
    )


def recognition_row(r: Recognition, dataset: str) -> dict[str, Any]:
    return {
        "id": r.id,
        "dataset": dataset,
        "person_id": r.person_id,
        "kind": r.kind,
        "organisation_id": r.organisation_id,
        "date": str(r.date),
        "date_hi": r.date.hi.isoformat(),
        "criteria": list(r.criteria),
        "rationale": r.rationale,
    }


def recognition_from_row(row: Any, cites: tuple[Citation, ...]) -> Recognition:
    return Recognition(
        row.id,
        row.person_id,
        row.kind,
        row.organisation_id,
        PartialDate.parse(row.date),
        cites,
        tuple(row.criteria or ()),
        row.rationale,
    )


def sanction_row(s: SanctionRecommendation, dataset: str) -> dict[str, Any]:
    return {
        "id": s.id,
        "dataset": dataset,
        "person_id": s.person_id,
        "organisation_id": s.organisation_id,
        "date": str(s.date),
        "regimes": list(s.regimes),
        "grounds": s.grounds,
    }


def claim_row(c: Claim, dataset: str) -> dict[str, Any]:
    return {
        "id": c.id,
        "dataset": dataset,
        "metric": c.metric,
        "value": c.value,
        "qualifier": c.qualifier,
        "unit": c.unit,
        "as_of": str(c.as_of),
        "as_of_hi": c.as_of.hi.isoformat(),
        "period_start": text(c.period_start),
        "wording": c.wording,
        "stated_by": c.stated_by,
        "jurisdiction": c.jurisdiction,
    }


def claim_from_row(row: Any, cites: tuple[Citation, ...]) -> Claim:
    return Claim(
        id=row.id,
        metric=row.metric,
        value=row.value,
        unit=row.unit,
        as_of=PartialDate.parse(row.as_of),
        wording=row.wording,
        citations=cites,
        qualifier=row.qualifier,
        stated_by=row.stated_by,
        jurisdiction=row.jurisdiction,
        period_start=pdate(row.period_start),
    )


def span_row(person_id: str, s: StatusSpan) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "status": s.status,
        "start": s.start.isoformat(),
        "end": s.end.isoformat() if s.end else None,
        "event_id": s.event_id,
        "basis": s.basis,
    }
