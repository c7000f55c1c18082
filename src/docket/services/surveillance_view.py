"""Deployments, disruptions and laws as plain data for `--json` and the web: ids kept, every
vocabulary value beside its words, dates as written, every fact with its sources."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docket.domain.dates import PartialDate
from docket.domain.law import Law
from docket.domain.sensitivity import Audience
from docket.domain.source import Citation
from docket.domain.surveillance import Actor, Deployment, Disruption
from docket.domain.surveillance_terms import surveillance_terms
from docket.services import ooni, takedowns
from docket.services.store import Store
from docket.services.surveillance import DigitalRecord, read_digital


def _date(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def _sources(citations: Sequence[Citation], record: DigitalRecord) -> list[dict[str, Any]]:
    return [
        {"source": c.source_id, "at": c.locator, "title": record.sources.get(c.source_id)}
        for c in citations
    ]


def _actor(a: Actor, record: DigitalRecord, lang: str) -> dict[str, Any]:
    terms = surveillance_terms()
    return {
        "role": a.role,
        "role_label": terms.label("actor_roles", a.role, lang),
        "organisation": a.organisation_id,
        "name": record.organisations.get(a.organisation_id or "") or a.name,
        "country": a.country,
    }


def deployment_view(d: Deployment, record: DigitalRecord, lang: str = "en") -> dict[str, Any]:
    terms = surveillance_terms()
    return {
        "id": d.id,
        "system": d.system,
        "status": d.status,
        "status_label": terms.label("deployment_statuses", d.status, lang),
        "capabilities": [
            {"id": c, "label": terms.label("capabilities", c, lang)} for c in d.capabilities
        ],
        "vendors": [_actor(a, record, lang) for a in d.vendors],
        "operators": [_actor(a, record, lang) for a in d.operators],
        "place": d.place,
        "jurisdiction": d.jurisdiction,
        "since": _date(d.since),
        "until": _date(d.until),
        "scale": [
            {
                "wording": s.wording,
                "value": s.value,
                "unit": s.unit,
                "qualifier": s.qualifier,
                "figure": s.figure(),
            }
            for s in d.scale
        ],  # fmt: skip
        "agreements": [
            {
                "kind": a.kind,
                "kind_label": terms.label("agreement_kinds", a.kind, lang),
                "title": a.title,
                "date": _date(a.date),
                "amount": a.amount,
                "parties": [_actor(p, record, lang) for p in a.parties],
                "description": a.description,
                "sources": _sources(a.citations, record),
            }
            for a in d.agreements
        ],
        "summary": d.summary,
        "sensitivity": d.sensitivity,
        "sources": _sources(d.citations, record),
    }


def disruption_view(d: Disruption, record: DigitalRecord, lang: str = "en") -> dict[str, Any]:
    terms = surveillance_terms()
    return {
        "id": d.id,
        "kind": d.kind,
        "kind_label": terms.label("disruption_kinds", d.kind, lang),
        "date": str(d.date),
        "end_date": _date(d.end_date),
        "scope": d.scope,
        "targets": list(d.targets),
        "ordered_by": d.ordered_by,
        "ordered_by_name": record.organisations.get(d.ordered_by or ""),
        "place": d.place,
        "jurisdiction": d.jurisdiction,
        "description": d.description,
        "sensitivity": d.sensitivity,
        "sources": _sources(d.citations, record),
    }


def law_view(law: Law, record: DigitalRecord, lang: str = "en") -> dict[str, Any]:
    terms = surveillance_terms()
    status = law.status
    return {
        "id": law.id,
        "title": law.title,
        "title_ru": law.title_ru,
        "kind": law.kind,
        "kind_label": terms.label("law_kinds", law.kind, lang),
        "jurisdiction": law.jurisdiction,
        "articles": list(law.articles),
        "amends": law.amends,
        "status": status.stage if status else None,
        "status_label": terms.label("law_stages", status.stage, lang) if status else None,
        "status_date": str(status.date) if status else None,
        "stages": [
            {
                "stage": s.stage,
                "label": terms.label("law_stages", s.stage, lang),
                "date": str(s.date),
                "body": s.body,
                "body_name": record.organisations.get(s.body or ""),
                "note": s.note,
                "sources": _sources(s.citations, record),
            }
            for s in law.ordered_stages()
        ],
        "rights": [{"id": r, "label": terms.label("rights", r, lang)} for r in law.rights],
        "uses": [
            {
                "case": u.case_id,
                "case_title": record.cases.get(u.case_id or ""),
                "event": u.event_id,
                "note": u.note,
                "sources": _sources(u.citations, record),
            }
            for u in law.uses
        ],
        "summary": law.summary,
        "sensitivity": law.sensitivity,
        "sources": _sources(law.citations, record),
    }


def internet_page(
    store: Store, audience: Audience, *, country: str | None, lang: str = "en"
) -> dict[str, Any]:
    """Disruptions sources report, the OONI summary and the takedown statistics, for a page.
    Without a country, the one the disruptions are about when they name only one."""
    record = read_digital(store, audience, deployments=[], laws=[])
    if country is None:
        named = {d.jurisdiction.upper() for d in record.disruptions if d.jurisdiction}
        country = next(iter(named)) if len(named) == 1 else None
    summary = ooni.summarize(store, country=country)
    removals = takedowns.summarize(store, country=country) if country else None
    if removals and not (removals["google"] or removals["google_detailed"] or removals["lumen"]):
        removals = None
    return {
        "country": country.upper() if country else None,
        "disruptions": [disruption_view(d, record, lang) for d in record.disruptions],
        "ooni": ooni.summary_view(summary) if summary.total.total.measurements else None,
        "takedowns": removals,
    }
