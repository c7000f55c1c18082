"""Read deployments, disruptions and laws from a dataset's `deployments.yaml` / `.jsonl`,
`disruptions.*` and `laws.*` (see docs/data-format.md). Like every reader, each problem is
noted with its file, line, record and field, and an unknown field is a problem."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from docket.domain.dates import DateError, PartialDate
from docket.domain.law import Law, LawStage, LawUse
from docket.domain.source import Citation, Origin
from docket.domain.surveillance import Actor, Agreement, Deployment, Disruption, Scale
from docket.errors import Problem
from docket.interchange.field_levels import read_levels
from docket.interchange.records import RecordReader

ACTOR_FIELDS = {"organisation", "name", "country", "role"}
SCALE_FIELDS = {"wording", "value", "unit", "qualifier"}
AGREEMENT_FIELDS = {"kind", "title", "date", "parties", "amount", "description", "sources"}
DEPLOYMENT_FIELDS = {
    "levels", "id", "system", "status", "capabilities", "vendors", "operators", "place",
    "jurisdiction", "since", "until", "scale", "agreements", "summary", "sources", "sensitivity",
}  # fmt: skip
DISRUPTION_FIELDS = {
    "levels", "id", "kind", "date", "end_date", "scope", "targets", "ordered_by", "place",
    "jurisdiction", "description", "sources", "sensitivity",
}  # fmt: skip
STAGE_FIELDS = {"stage", "date", "body", "note", "sources"}
USE_FIELDS = {"case", "event", "note", "sources"}
LAW_FIELDS = {
    "levels", "id", "title", "title_ru", "kind", "jurisdiction", "articles", "amends", "stages",
    "rights", "uses", "summary", "sources", "sensitivity",
}  # fmt: skip


def _opt(item: Mapping[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _cites(r: RecordReader, item: Mapping[str, Any], fld: str) -> tuple[Citation, ...]:
    """The citations of a part of a record (a stage, an agreement), problems under `fld`."""
    value = item.get("sources")
    if value is None:
        return ()
    if not isinstance(value, list):
        r.fail(f"{fld}.sources", "must be a list")
        return ()
    out = []
    for c in value:
        if isinstance(c, str):
            out.append(Citation(c))
        elif isinstance(c, Mapping) and c.get("source"):
            at = c.get("at")
            out.append(Citation(str(c["source"]), str(at) if at is not None else None))
        else:
            r.fail(f"{fld}.sources", f"{c!r}: cite a source id, or {{source: ID, at: LOCATOR}}")
    return tuple(out)


def _date(r: RecordReader, item: Mapping[str, Any], key: str, fld: str) -> PartialDate | None:
    value = item.get(key)
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except DateError as err:
        r.fail(fld, str(err))
        return None


def _actors(r: RecordReader, key: str, default_role: str) -> tuple[Actor, ...]:
    out = []
    for item in r.items(key):
        a = r.nested(item, key, ACTOR_FIELDS)
        if not a:
            continue
        country = _opt(a, "country")
        out.append(
            Actor(
                role=_opt(a, "role") or default_role,
                name=_opt(a, "name"),
                organisation_id=_opt(a, "organisation"),
                country=country.upper() if country and len(country) == 2 else country,
            )
        )
    return tuple(out)


def _scale(r: RecordReader) -> tuple[Scale, ...]:
    raw = r.raw.get("scale")
    items = [raw] if isinstance(raw, Mapping) else r.items("scale")
    out = []
    for item in items:
        s = r.nested(item, "scale", SCALE_FIELDS)
        wording = _opt(s, "wording")
        if not s:
            continue
        if not wording:
            r.fail("scale.wording", "give the source's words for the scale")
            continue
        value = s.get("value")
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            r.fail("scale.value", f"must be a number, not {value!r}")
            value = None
        out.append(
            Scale(
                wording=wording,
                value=float(value) if value is not None else None,
                unit=_opt(s, "unit"),
                qualifier=_opt(s, "qualifier") or "exactly",
            )
        )
    return tuple(out)


def _agreements(r: RecordReader) -> tuple[Agreement, ...]:
    out = []
    for item in r.items("agreements"):
        a = r.nested(item, "agreements", AGREEMENT_FIELDS)
        if not a:
            continue
        title = _opt(a, "title")
        if not title or not a.get("kind"):
            r.fail("agreements", "an agreement needs a kind and a title")
        parties = []
        for p in a.get("parties") or []:
            pa = r.nested(p, "agreements.parties", ACTOR_FIELDS)
            if pa:
                parties.append(
                    Actor(
                        role=_opt(pa, "role") or "buyer",
                        name=_opt(pa, "name"),
                        organisation_id=_opt(pa, "organisation"),
                        country=_opt(pa, "country"),
                    )
                )
        out.append(
            Agreement(
                kind=_opt(a, "kind") or "?",
                title=title or "?",
                citations=_cites(r, a, "agreements"),
                date=_date(r, a, "date", "agreements.date"),
                parties=tuple(parties),
                amount=_opt(a, "amount"),
                description=_opt(a, "description"),
            )
        )
    return tuple(out)


def read_deployment(raw: Any, origin: Origin, problems: list[Problem]) -> Deployment:
    r = RecordReader(raw, origin, problems, DEPLOYMENT_FIELDS)
    return Deployment(
        id=r.record_id(),
        system=r.req("system"),
        citations=r.citations(),
        capabilities=r.strings("capabilities"),
        vendors=_actors(r, "vendors", "vendor"),
        operators=_actors(r, "operators", "operator"),
        status=r.text("status") or "unknown",
        place=r.text("place"),
        jurisdiction=r.text("jurisdiction"),
        since=r.date("since"),
        until=r.date("until"),
        scale=_scale(r),
        agreements=_agreements(r),
        summary=r.text("summary"),
        sensitivity=r.text("sensitivity") or "internal",
        levels=read_levels(r.raw, "deployments", r.fail),
        origin=origin,
    )


def read_disruption(raw: Any, origin: Origin, problems: list[Problem]) -> Disruption:
    r = RecordReader(raw, origin, problems, DISRUPTION_FIELDS)
    return Disruption(
        id=r.record_id(),
        kind=r.req("kind"),
        date=r.date("date", required=True) or PartialDate(1900),
        citations=r.citations(),
        end_date=r.date("end_date"),
        scope=r.text("scope"),
        targets=r.strings("targets"),
        ordered_by=r.text("ordered_by"),
        place=r.text("place"),
        jurisdiction=r.text("jurisdiction"),
        description=r.text("description"),
        sensitivity=r.text("sensitivity") or "internal",
        levels=read_levels(r.raw, "disruptions", r.fail),
        origin=origin,
    )


def _stages(r: RecordReader) -> tuple[LawStage, ...]:
    out = []
    for item in r.items("stages"):
        s = r.nested(item, "stages", STAGE_FIELDS)
        if not s:
            continue
        if not s.get("stage"):
            r.fail("stages.stage", "each stage needs its kind (draft, first_reading...)")
        date = _date(r, s, "date", "stages.date")
        if date is None and s.get("date") is None:
            r.fail("stages.date", "each stage needs a date (../2021-11-01 for 'by then')")
        out.append(
            LawStage(
                stage=_opt(s, "stage") or "?",
                date=date or PartialDate(1900),
                citations=_cites(r, s, "stages"),
                body=_opt(s, "body"),
                note=_opt(s, "note"),
            )
        )
    return tuple(out)


def _uses(r: RecordReader) -> tuple[LawUse, ...]:
    out = []
    for item in r.items("uses"):
        u = r.nested(item, "uses", USE_FIELDS)
        if u:
            out.append(
                LawUse(
                    citations=_cites(r, u, "uses"),
                    case_id=_opt(u, "case"),
                    event_id=_opt(u, "event"),
                    note=_opt(u, "note"),
                )
            )
    return tuple(out)


def read_law(raw: Any, origin: Origin, problems: list[Problem]) -> Law:
    r = RecordReader(raw, origin, problems, LAW_FIELDS)
    return Law(
        id=r.record_id(),
        title=r.req("title"),
        kind=r.req("kind"),
        citations=r.citations(),
        title_ru=r.text("title_ru"),
        jurisdiction=r.text("jurisdiction"),
        articles=r.strings("articles"),
        amends=r.text("amends"),
        stages=_stages(r),
        rights=r.strings("rights"),
        uses=_uses(r),
        summary=r.text("summary"),
        sensitivity=r.text("sensitivity") or "internal",
        levels=read_levels(r.raw, "laws", r.fail),
        origin=origin,
    )


Reader = Callable[[Any, Origin, list[Problem]], Any]

SURVEILLANCE_READERS: dict[str, tuple[str, Reader]] = {
    # file stem -> (Dataset attribute, reader)
    "deployments": ("deployments", read_deployment),
    "disruptions": ("disruptions", read_disruption),
    "laws": ("laws", read_law),
}
