"""Deployments, disruptions and laws to table rows and back (no queries here)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from docket.domain.law import Law, LawStage, LawUse
from docket.domain.sensitivity import Levels, make_levels
from docket.domain.surveillance import Actor, Agreement, Deployment, Disruption, Scale
from docket.storage.rows import citations_from_json, citations_json, pdate, text


def _levels(levels: Levels) -> dict[str, str] | None:
    return dict(levels) if levels else None


def _levels_back(raw: dict[str, Any] | None) -> Levels:
    return make_levels(raw or {})


def _actor_json(a: Actor) -> dict[str, Any]:
    return {"role": a.role, "name": a.name, "organisation": a.organisation_id, "country": a.country}


def _actor_back(raw: dict[str, Any]) -> Actor:
    return Actor(raw["role"], raw.get("name"), raw.get("organisation"), raw.get("country"))


def deployment_rows(d: Deployment, dataset: str) -> dict[str, Any]:
    return {
        "id": d.id,
        "dataset": dataset,
        "system": d.system,
        "status": d.status,
        "place": d.place,
        "jurisdiction": d.jurisdiction,
        "since": text(d.since),
        "since_lo": d.since.lo.isoformat() if d.since else None,
        "until": text(d.until),
        "capabilities": list(d.capabilities),
        "scale": [
            {"wording": s.wording, "value": s.value, "unit": s.unit, "qualifier": s.qualifier}
            for s in d.scale
        ],
        "summary": d.summary,
        "sources": citations_json(d.citations),
        "levels": _levels(d.levels),
        "sensitivity": d.sensitivity,
    }


def actor_rows(d: Deployment) -> Iterator[dict[str, Any]]:
    for side, actors in (("vendor", d.vendors), ("operator", d.operators)):
        for seq, a in enumerate(actors):
            yield {
                "deployment_id": d.id,
                "side": side,
                "seq": seq,
                "role": a.role,
                "organisation_id": a.organisation_id,
                "name": a.name,
                "country": a.country,
            }


def agreement_rows(d: Deployment) -> Iterator[dict[str, Any]]:
    for seq, ag in enumerate(d.agreements):
        yield {
            "deployment_id": d.id,
            "seq": seq,
            "kind": ag.kind,
            "title": ag.title,
            "date": text(ag.date),
            "date_lo": ag.date.lo.isoformat() if ag.date else None,
            "date_hi": ag.date.hi.isoformat() if ag.date else None,
            "amount": ag.amount,
            "description": ag.description,
            "parties": [_actor_json(p) for p in ag.parties],
            "sources": citations_json(ag.citations),
        }


def deployment_from_rows(row: Any, actors: Sequence[Any], agreements: Sequence[Any]) -> Deployment:
    by_side: dict[str, list[Actor]] = {"vendor": [], "operator": []}
    for a in sorted(actors, key=lambda r: (r.side, r.seq)):
        by_side.setdefault(a.side, []).append(Actor(a.role, a.name, a.organisation_id, a.country))
    return Deployment(
        id=row.id,
        system=row.system,
        citations=citations_from_json(row.sources),
        capabilities=tuple(row.capabilities or ()),
        vendors=tuple(by_side["vendor"]),
        operators=tuple(by_side["operator"]),
        status=row.status,
        place=row.place,
        jurisdiction=row.jurisdiction,
        since=pdate(row.since),
        until=pdate(row.until),
        scale=tuple(
            Scale(s["wording"], s.get("value"), s.get("unit"), s.get("qualifier") or "exactly")
            for s in row.scale or ()
        ),
        agreements=tuple(
            Agreement(
                kind=ag.kind,
                title=ag.title,
                citations=citations_from_json(ag.sources),
                date=pdate(ag.date),
                parties=tuple(_actor_back(p) for p in ag.parties or ()),
                amount=ag.amount,
                description=ag.description,
            )
            for ag in sorted(agreements, key=lambda r: r.seq)
        ),
        summary=row.summary,
        sensitivity=row.sensitivity,
        levels=_levels_back(row.levels),
    )


def disruption_row(d: Disruption, dataset: str) -> dict[str, Any]:
    return {
        "id": d.id,
        "dataset": dataset,
        "kind": d.kind,
        "date": str(d.date),
        "date_lo": d.date.lo.isoformat(),
        "date_hi": d.date.hi.isoformat(),
        "end_date": text(d.end_date),
        "scope": d.scope,
        "targets": list(d.targets),
        "ordered_by": d.ordered_by,
        "place": d.place,
        "jurisdiction": d.jurisdiction,
        "description": d.description,
        "sources": citations_json(d.citations),
        "levels": _levels(d.levels),
        "sensitivity": d.sensitivity,
    }


def disruption_from_row(row: Any) -> Disruption:
    date = pdate(row.date)
    assert date is not None
    return Disruption(
        id=row.id,
        kind=row.kind,
        date=date,
        citations=citations_from_json(row.sources),
        end_date=pdate(row.end_date),
        scope=row.scope,
        targets=tuple(row.targets or ()),
        ordered_by=row.ordered_by,
        place=row.place,
        jurisdiction=row.jurisdiction,
        description=row.description,
        sensitivity=row.sensitivity,
        levels=_levels_back(row.levels),
    )


def law_row(law: Law, dataset: str) -> dict[str, Any]:
    return {
        "id": law.id,
        "dataset": dataset,
        "title": law.title,
        "title_ru": law.title_ru,
        "kind": law.kind,
        "jurisdiction": law.jurisdiction,
        "articles": list(law.articles),
        "amends": law.amends,
        "rights": list(law.rights),
        "summary": law.summary,
        "sources": citations_json(law.citations),
        "levels": _levels(law.levels),
        "sensitivity": law.sensitivity,
    }


def stage_rows(law: Law) -> Iterator[dict[str, Any]]:
    for seq, s in enumerate(law.stages):
        yield {
            "law_id": law.id,
            "seq": seq,
            "stage": s.stage,
            "date": str(s.date),
            "date_lo": s.date.lo.isoformat(),
            "date_hi": s.date.hi.isoformat(),
            "body": s.body,
            "note": s.note,
            "sources": citations_json(s.citations),
        }


def use_rows(law: Law) -> Iterator[dict[str, Any]]:
    for seq, u in enumerate(law.uses):
        yield {
            "law_id": law.id,
            "seq": seq,
            "case_id": u.case_id,
            "event_id": u.event_id,
            "note": u.note,
            "sources": citations_json(u.citations),
        }


def law_from_rows(row: Any, stages: Iterable[Any], uses: Iterable[Any]) -> Law:
    return Law(
        id=row.id,
        title=row.title,
        kind=row.kind,
        citations=citations_from_json(row.sources),
        title_ru=row.title_ru,
        jurisdiction=row.jurisdiction,
        articles=tuple(row.articles or ()),
        amends=row.amends,
        stages=tuple(
            LawStage(
                stage=s.stage,
                date=pdate(s.date) or pdate("1900"),  # type: ignore[arg-type]
                citations=citations_from_json(s.sources),
                body=s.body,
                note=s.note,
            )
            for s in sorted(stages, key=lambda r: r.seq)
        ),
        rights=tuple(row.rights or ()),
        uses=tuple(
            LawUse(citations_from_json(u.sources), u.case_id, u.event_id, u.note)
            for u in sorted(uses, key=lambda r: r.seq)
        ),
        summary=row.summary,
        sensitivity=row.sensitivity,
        levels=_levels_back(row.levels),
    )
