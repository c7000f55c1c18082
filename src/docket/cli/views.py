"""Plain data (for --json) from service results. Dates keep their precision as text."""

from __future__ import annotations

from typing import Any

from docket.domain.claim import Claim
from docket.domain.event import Event
from docket.domain.recognition import Recognition
from docket.domain.source import Citation, Source
from docket.services.people import PersonRecord, PersonStatus
from docket.services.stats import Figure, Stats


def citation_view(c: Citation, sources: dict[str, Source] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"source": c.source_id, "at": c.locator}
    if sources and c.source_id in sources:
        s = sources[c.source_id]
        out.update(
            title=s.title, publisher=s.publisher, url=s.url, date=str(s.date) if s.date else None
        )
    return out


def recognition_view(r: Recognition, orgs: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "id": r.id,
        "kind": r.kind,
        "by": r.organisation_id,
        "by_name": (orgs or {}).get(r.organisation_id),
        "date": str(r.date),
        "criteria": list(r.criteria),
        "rationale": r.rationale,
        "sources": [citation_view(c) for c in r.citations],
    }


def person_status_view(p: PersonStatus) -> dict[str, Any]:
    return {
        "id": p.person_id,
        "name": p.name,
        "status": p.status,
        "status_label": p.status_label,
        "since": p.since,
        "category": p.category,
        "basis": p.basis,
        "status_event": p.event.id if p.event else None,
        "recognitions": [recognition_view(r, p.organisations) for r in p.recognitions],
        "sources": [citation_view(c) for c in p.citations()],
    }


def event_view(e: Event, record: PersonRecord | None = None) -> dict[str, Any]:
    people = record.people if record else {}
    orgs = record.organisations if record else {}
    return {
        "id": e.id,
        "kind": e.kind,
        "date": str(e.date),
        "end_date": str(e.end_date) if e.end_date else None,
        "case": e.case_id,
        "place": e.place,
        "description": e.description,
        "status": e.status,
        "parties": [
            {
                "role": p.role,
                "person": p.person_id,
                "organisation": p.organisation_id,
                "name": people.get(p.person_id or "") or orgs.get(p.organisation_id or ""),
                "involvement": p.involvement,
                "position": p.position,
            }
            for p in e.parties
        ],
        "sentence": [
            {
                "kind": s.kind,
                "term": str(s.term) if s.term else None,
                "regime": s.regime,
                "amount": s.amount,
                "start": str(s.start) if s.start else None,
                "note": s.note,
            }
            for s in e.sentence
        ],
        "sources": [citation_view(c) for c in e.citations],
    }


def person_record_view(r: PersonRecord) -> dict[str, Any]:
    p = r.person
    return {
        "id": p.id,
        "name": p.name,
        "names": [
            {"value": n.value, "kind": n.kind, "script": n.script, "lang": n.lang} for n in p.names
        ],
        "sex": p.sex,
        "born": str(p.birth_date) if p.birth_date else None,
        "occupation": p.occupation,
        "summary": p.summary,
        "as_of": r.as_of.isoformat(),
        "status": {
            "status": r.status.status,
            "since": r.status.start.isoformat(),
            "event": r.status.event_id,
            "basis": r.status.basis,
        }
        if r.status
        else None,
        "status_history": [
            {
                "status": s.status,
                "start": s.start.isoformat(),
                "end": s.end.isoformat() if s.end else None,
                "event": s.event_id,
                "basis": s.basis,
            }
            for s in r.spans
        ],
        "timeline": [event_view(e, r) for e in r.events],
        "cases": [
            {
                "id": c.case_id,
                "title": c.title,
                "number": c.case_number,
                "courts": [r.organisations.get(x, x) for x in c.court_ids],
                "charges": [
                    {"article": ch.article_id, "part": ch.part, "wording": ch.wording}
                    for ch in c.charges
                ],
                "sources": [citation_view(x) for x in c.citations],
            }
            for c in r.cases
        ],
        "recognitions": [recognition_view(x, r.organisations) for x in r.recognitions],
        "relations": [
            {
                "kind": x.kind,
                "inverse": x.inverse,
                "person": x.person_id,
                "name": r.people.get(x.person_id),
            }
            for x in r.relations
        ],
        "affiliations": [
            {
                "organisation": a.organisation_id,
                "name": r.organisations.get(a.organisation_id),
                "role": a.role,
            }
            for a in r.affiliations
        ],
        "positions": [
            {
                "title": pos.title,
                "body": pos.body,
                "start": pos.start,
                "end": pos.end,
                "observed": pos.observed,
                "sources": [citation_view(c) for c in pos.citations],
            }
            for pos in r.positions
        ],
        "sanction_recommendations": [
            {
                "by": s.organisation_id,
                "date": str(s.date),
                "regimes": list(s.regimes),
                "sources": [citation_view(c) for c in s.citations],
            }
            for s in r.sanctions
        ],
        "sources": {sid: citation_view(Citation(sid), r.sources) for sid in r.sources},
    }


def claim_view(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "metric": c.metric,
        "value": c.value,
        "qualifier": c.qualifier,
        "unit": c.unit,
        "as_of": str(c.as_of),
        "figure": c.figure(),
        "wording": c.wording,
        "stated_by": c.stated_by,
        "sources": [citation_view(x) for x in c.citations],
    }


def figure_view(f: Figure, explain: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": f.key,
        "label": f.label,
        "value": f.value,
        "unit": f.unit,
        "group": f.group,
        "phrase": f.phrase(),
        "claims": [claim_view(c) for c in f.claims],
    }
    if explain:
        out["records"] = f.records
    return out


def stats_view(s: Stats, explain: bool) -> dict[str, Any]:
    return {
        "as_of": s.as_of.isoformat(),
        "since": s.since.isoformat(),
        "figures": [figure_view(f, explain) for f in s.figures],
        "claims": [claim_view(c) for c in s.claims],
        "notes": s.notes,
    }
