"""A dossier as FollowTheMoney entities, for sanctions tooling: one JSON entity per line.

Person (every name: `name`, transliterations as `alias`, short forms as `weakAlias`), PublicBody
and Position for each post, Occupancy for each time the official held it, Event for each act
(the official `involved`), and Risk for each recommendation to sanction (with the draft legal
characterisation). Every value is checked against the schema: a value FtM would drop when
cleaning is an error, never lost silently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any, cast

import orjson
from followthemoney import model

from docket.domain.dates import PartialDate
from docket.domain.organisation import Occupancy
from docket.reports.dossier import DossierContext
from docket.reports.index import RecordIndex
from docket.reports.text import ReportError

PREFIX = "docket"
NAME_PROPERTY = {"primary": "name", "short_form": "weakAlias", "pseudonym": "alias"}


def _id(*parts: str) -> str:
    return f"{PREFIX}-" + "-".join(parts)


def _date(value: PartialDate | None) -> str | None:
    """An FtM date keeps its precision; 'on or before D' has no FtM form and is given as D."""
    if value is None:
        return None
    return str(value).removeprefix("../")


class _Entities:
    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}

    def add(self, schema: str, eid: str, **props: Iterable[str | None] | str | None) -> str:
        properties: dict[str, list[str]] = {}
        for key, value in props.items():
            values = [value] if isinstance(value, str) or value is None else list(value)
            kept = [v for v in dict.fromkeys(values) if v]
            if kept:
                properties[key] = kept
        self.items[eid] = {"id": eid, "schema": schema, "properties": properties}
        return eid

    def checked(self) -> list[dict[str, Any]]:
        out = []
        for eid in sorted(self.items):
            data = self.items[eid]
            raw = model.get_proxy(data, cleaned=False)
            clean = model.get_proxy(data)
            for prop, values in raw.properties.items():
                lost = set(values) - set(clean.get(prop))
                if lost:
                    raise ReportError(
                        f"FtM would drop {prop}={sorted(lost)} of {data['schema']} {eid}."
                    )
            error = raw.schema.validate(cast(Any, data))
            if error:
                raise ReportError(f"{data['schema']} {eid} is not valid FtM: {error}")
            out.append(clean.to_dict())
        return out


def _urls(ix: RecordIndex, source_ids: Iterable[str]) -> list[str | None]:
    return [ix.sources[sid].url for sid in source_ids if sid in ix.sources]


def _occupancy_status(o: Occupancy) -> str:
    return "ended" if o.end else ("current" if o.observed and not o.start else "unknown")


def dossier_entities(ix: RecordIndex, dossier: DossierContext) -> list[dict[str, Any]]:
    """The dossier's FtM entities, sorted by id, every value kept."""
    ents = _Entities()
    person = ix.people[dossier.person_id]
    pid = _id("person", person.id)
    names: dict[str, list[str]] = {"name": [person.name], "alias": [], "weakAlias": []}
    for n in person.names:
        names[NAME_PROPERTY.get(n.kind, "alias")].append(n.value)
    names["alias"] = [n for n in names["alias"] if n not in names["name"]]
    urls = _urls(ix, (c.source_id for c in person.citations))
    countries: list[str | None] = []
    posts: list[str | None] = []
    for o in ix.occupancies.get(person.id, ()):
        post = ix.positions.get(o.position_id)
        if post is None:
            continue
        body = ix.organisations.get(post.organisation_id)
        country = (body.jurisdiction or "").lower() if body else None
        countries.append(country)
        posts.append(post.title)
        body_id = ents.add(
            "PublicBody",
            _id("org", post.organisation_id),
            name=ix.name(None, post.organisation_id),
            country=country,
        )
        position_id = ents.add(
            "Position",
            _id("position", post.id),
            name=post.title,
            organization=body_id,
            country=country,
        )
        source_urls = _urls(ix, (c.source_id for c in o.citations))
        ents.add(
            "Occupancy",
            _id("occupancy", o.id),
            holder=pid,
            post=position_id,
            startDate=_date(o.start),
            endDate=_date(o.end),
            date=_date(o.observed),
            status=_occupancy_status(o),
            sourceUrl=source_urls,
        )
    ents.add(
        "Person",
        pid,
        name=names["name"],
        alias=names["alias"],
        weakAlias=names["weakAlias"],
        birthDate=_date(person.birth_date),
        birthPlace=person.birth_place,
        gender=person.sex if person.sex in ("male", "female") else None,
        position=posts + list(dossier.capacities),
        country=countries,
        notes=person.summary,
        sourceUrl=urls,
    )
    for act in dossier.acts:
        event = ix.events[act.event_id]
        before = event.date.on_or_before
        ents.add(
            "Event",
            _id("event", act.event_id),
            name=f"{act.what}: {', '.join(act.victims)}",
            date=None if before else _date(event.date),
            endDate=_date(event.date) if before else None,
            involved=[pid],
            summary=act.detail,
            description=f"{act.role}. {act.date}.",
            sourceUrl=_urls(ix, (e.source_id for e in act.evidence)),
        )
    legal = dossier.legal
    for s in ix.sanctions.get(person.id, ()):
        if s.date.hi > dossier.as_of:
            continue
        ents.add(
            "Risk",
            _id("risk", s.id),
            entity=pid,
            status="recommended",
            authority=ix.name(None, s.organisation_id),
            publisher=ix.name(None, s.organisation_id),
            program=list(s.regimes) or [legal.eu_regime, legal.us_regime],
            reason=s.grounds,
            listingDate=_date(s.date),
            summary="; ".join([*legal.eu_grounds, *legal.us_grounds]) or None,
            description=" ".join([legal.eu_listing, legal.us_listing]),
            sourceUrl=_urls(ix, (c.source_id for c in s.citations)),
        )
    return ents.checked()


def entities_json(entities: list[dict[str, Any]]) -> bytes:
    """JSON lines, one entity each, keys sorted: the same dossier gives the same bytes."""
    return b"".join(orjson.dumps(e, option=orjson.OPT_SORT_KEYS) + b"\n" for e in entities)


def digest(entities: list[dict[str, Any]]) -> str:
    return hashlib.sha256(entities_json(entities)).hexdigest()
