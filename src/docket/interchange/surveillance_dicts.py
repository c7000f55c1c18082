"""Deployments, disruptions and laws back into the dataset format (the inverse of
`surveillance_records`): what `docket export json` writes, and what `docket load` reads back
equal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docket.domain.dates import PartialDate
from docket.domain.law import Law
from docket.domain.surveillance import Actor, Deployment, Disruption
from docket.interchange.field_levels import levels_dict
from docket.interchange.record_dicts import citations


def _clean(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if v is not None and v != [] and v != ()}


def _date(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def _actors(actors: Sequence[Actor]) -> list[dict[str, Any]]:
    return [
        _clean({"organisation": a.organisation_id, "name": a.name, "country": a.country,
                "role": a.role})
        for a in actors
    ]  # fmt: skip


def deployment_dict(d: Deployment) -> dict[str, Any]:
    return _clean(
        {
            "id": d.id,
            "system": d.system,
            "status": d.status,
            "capabilities": list(d.capabilities),
            "vendors": _actors(d.vendors),
            "operators": _actors(d.operators),
            "place": d.place,
            "jurisdiction": d.jurisdiction,
            "since": _date(d.since),
            "until": _date(d.until),
            "scale": [
                _clean(
                    {
                        "wording": s.wording,
                        "value": s.value,
                        "unit": s.unit,
                        "qualifier": s.qualifier,
                    }
                )
                for s in d.scale
            ],  # fmt: skip
            "agreements": [
                _clean(
                    {
                        "kind": a.kind,
                        "title": a.title,
                        "date": _date(a.date),
                        "parties": _actors(a.parties),
                        "amount": a.amount,
                        "description": a.description,
                        "sources": citations(a.citations),
                    }
                )
                for a in d.agreements
            ],
            "summary": d.summary,
            "sources": citations(d.citations),
            "sensitivity": d.sensitivity,
            "levels": levels_dict(d.levels, "deployments"),
        }
    )


def disruption_dict(d: Disruption) -> dict[str, Any]:
    return _clean(
        {
            "id": d.id,
            "kind": d.kind,
            "date": str(d.date),
            "end_date": _date(d.end_date),
            "scope": d.scope,
            "targets": list(d.targets),
            "ordered_by": d.ordered_by,
            "place": d.place,
            "jurisdiction": d.jurisdiction,
            "description": d.description,
            "sources": citations(d.citations),
            "sensitivity": d.sensitivity,
            "levels": levels_dict(d.levels, "disruptions"),
        }
    )


def law_dict(law: Law) -> dict[str, Any]:
    return _clean(
        {
            "id": law.id,
            "title": law.title,
            "title_ru": law.title_ru,
            "kind": law.kind,
            "jurisdiction": law.jurisdiction,
            "articles": list(law.articles),
            "amends": law.amends,
            "stages": [
                _clean(
                    {
                        "stage": s.stage,
                        "date": str(s.date),
                        "body": s.body,
                        "note": s.note,
                        "sources": citations(s.citations),
                    }
                )
                for s in law.stages
            ],  # fmt: skip
            "rights": list(law.rights),
            "uses": [
                _clean(
                    {
                        "case": u.case_id,
                        "event": u.event_id,
                        "note": u.note,
                        "sources": citations(u.citations),
                    }
                )
                for u in law.uses
            ],  # fmt: skip
            "summary": law.summary,
            "sources": citations(law.citations),
            "sensitivity": law.sensitivity,
            "levels": levels_dict(law.levels, "laws"),
        }
    )
