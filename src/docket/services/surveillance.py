"""Deployments, disruptions and laws as an audience may see them (CLI, web, briefing).

Each record goes through the redaction layer (its level and field marks); then what it refers
to is checked against the same audience: a vendor or operator that is a hidden organisation is
left out, as are citations of hidden sources, stages and agreements left without a source, and
uses in hidden cases or events. A record left citing no source is not shown at all.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from docket.domain.dates import PartialDate
from docket.domain.law import Law
from docket.domain.redaction import redact
from docket.domain.sensitivity import Audience
from docket.domain.source import Citation
from docket.domain.surveillance import Actor, Deployment, Disruption
from docket.errors import NotFound
from docket.interchange.surveillance_dicts import deployment_dict, disruption_dict, law_dict
from docket.services.field_sealing import open_for
from docket.services.store import Store
from docket.storage import surveillance_queries as q


@dataclass(slots=True)
class DigitalRecord:
    """Records for one audience, with the names of what they refer to."""

    deployments: list[Deployment] = field(default_factory=list)
    disruptions: list[Disruption] = field(default_factory=list)
    laws: list[Law] = field(default_factory=list)
    organisations: dict[str, str] = field(default_factory=dict)  # id -> name
    cases: dict[str, str] = field(default_factory=dict)  # id -> title
    events: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> kind, date
    sources: dict[str, str] = field(default_factory=dict)  # id -> title

    def __bool__(self) -> bool:
        return bool(self.deployments or self.disruptions or self.laws)


class _Refs:
    def __init__(self, record: DigitalRecord) -> None:
        self.r = record

    def cites(self, citations: Sequence[Citation]) -> tuple[Citation, ...]:
        return tuple(c for c in citations if c.source_id in self.r.sources)

    def actors(self, actors: Sequence[Actor]) -> tuple[Actor, ...]:
        return tuple(
            a
            for a in actors
            if a.organisation_id is None or a.organisation_id in self.r.organisations
        )

    def deployment(self, d: Deployment) -> Deployment | None:
        citations = self.cites(d.citations)
        if not citations:
            return None
        agreements = tuple(
            replace(a, citations=c, parties=self.actors(a.parties))
            for a in d.agreements
            if (c := self.cites(a.citations))
        )
        return replace(
            d,
            citations=citations,
            vendors=self.actors(d.vendors),
            operators=self.actors(d.operators),
            agreements=agreements,
        )

    def disruption(self, d: Disruption) -> Disruption | None:
        citations = self.cites(d.citations)
        if not citations:
            return None
        ordered_by = d.ordered_by if d.ordered_by in self.r.organisations else None
        return replace(d, citations=citations, ordered_by=ordered_by)

    def law(self, law: Law) -> Law | None:
        citations = self.cites(law.citations)
        if not citations:
            return None
        stages = tuple(
            replace(s, citations=c, body=s.body if s.body in self.r.organisations else None)
            for s in law.stages
            if (c := self.cites(s.citations))
        )
        uses = tuple(
            replace(u, citations=c)
            for u in law.uses
            if (c := self.cites(u.citations))
            and (u.case_id is None or u.case_id in self.r.cases)
            and (u.event_id is None or u.event_id in self.r.events)
        )
        return replace(law, citations=citations, stages=stages, uses=uses)


def _citations(records: Sequence[Any]) -> set[str]:
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, Citation):
            found.add(value.source_id)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    for r in records:
        walk(r)
    return found


def read_digital(
    store: Store,
    audience: Audience,
    *,
    deployments: Collection[str] | None = None,
    disruptions: Collection[str] | None = None,
    laws: Collection[str] | None = None,
) -> DigitalRecord:
    """Every deployment, disruption and law the audience may see (or those with these ids);
    sealed values opened when the audience may read restricted ones (services.field_sealing)."""
    levels = audience.sensitivities
    with store.read() as conn:
        found_d = q.list_deployments(conn, levels=levels, ids=deployments)
        found_x = q.list_disruptions(conn, levels=levels, ids=disruptions)
        found_l = q.list_laws(conn, levels=levels, ids=laws)
        shown_d = [x for d in found_d if (x := redact(d, audience)) is not None]
        shown_x = [y for d in found_x if (y := redact(d, audience)) is not None]
        shown_l = [z for d in found_l if (z := redact(d, audience)) is not None]
        everything = [*shown_d, *shown_x, *shown_l]
        named = [a.organisation_id for d in shown_d for a in (*d.vendors, *d.operators)]
        named += [p.organisation_id for d in shown_d for a in d.agreements for p in a.parties]
        named += [d.ordered_by for d in shown_x] + [s.body for law in shown_l for s in law.stages]
        orgs = {o for o in named if o is not None}
        record = DigitalRecord(
            organisations={
                k: v["name"] for k, v in q.labels(conn, "organisation", orgs, levels).items()
            },
            cases={
                k: v["title"]
                for k, v in q.labels(
                    conn,
                    "case",
                    {u.case_id for law in shown_l for u in law.uses if u.case_id},
                    levels,
                ).items()
            },
            events=q.labels(
                conn,
                "event",
                {u.event_id for law in shown_l for u in law.uses if u.event_id},
                levels,
            ),
            sources={
                k: v["title"]
                for k, v in q.labels(conn, "source", _citations(everything), levels).items()
            },
        )
    refs = _Refs(record)
    record.deployments = [x for d in shown_d if (x := refs.deployment(d)) is not None]
    record.disruptions = [y for d in shown_x if (y := refs.disruption(d)) is not None]
    record.laws = [z for law in shown_l if (z := refs.law(law)) is not None]
    # on a store that seals restricted values: opened for an editor, as stored for the others
    # (who are shown no restricted value, so never need the key)
    return open_for(store, record, audience)


def get_deployment(store: Store, deployment_id: str, audience: Audience) -> DigitalRecord:
    record = read_digital(store, audience, deployments=[deployment_id], disruptions=[], laws=[])
    if not record.deployments:
        raise NotFound(f"No deployment '{deployment_id}' (see `docket deployments list`).")
    return record


def get_law(store: Store, law_id: str, audience: Audience) -> DigitalRecord:
    record = read_digital(store, audience, deployments=[], disruptions=[], laws=[law_id])
    if not record.laws:
        raise NotFound(f"No law or bill '{law_id}' (see `docket laws list`).")
    return record


def _by(d: PartialDate | None, day: date) -> bool:
    return d is None or d.hi <= day


def export_dicts(store: Store, audience: Audience, *, as_of: date) -> dict[str, list[Any]]:
    """Deployments, disruptions and laws for `docket export json`, in the dataset format, as
    of the day (as the export's events: only what certainly happened by then) and for the
    audience."""
    record = read_digital(store, audience)
    deployments = [
        replace(d, agreements=tuple(a for a in d.agreements if _by(a.date, as_of)))
        for d in record.deployments
        if _by(d.since, as_of)
    ]
    laws = [
        replace(law, stages=tuple(s for s in law.stages if _by(s.date, as_of)))
        for law in record.laws
        if not law.stages or any(_by(s.date, as_of) for s in law.stages)
    ]
    return {
        "deployments": [deployment_dict(d) for d in deployments],
        "disruptions": [disruption_dict(d) for d in record.disruptions if _by(d.date, as_of)],
        "laws": [law_dict(law) for law in laws],
    }
