"""The briefing's digital-repression sections (reports/digital_context.py) from the record:
deployments, disruptions and laws as the briefing's audience may see them, OONI's blocking
periods in the briefing's period, and the takedown statistics up to its day.

The hook of `services.briefing.prepare_briefing`: a store with none of these gets no section.
OONI measurements and transparency-report files are published data without levels: they are
shown to every audience, each figure citing the file it comes from.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from docket.domain.sensitivity import Audience
from docket.reports.context import BriefingContext, SourceNote
from docket.reports.digital_context import build_digital_sections, file_note, load_words
from docket.services import ooni_summary as ooni
from docket.services import takedowns
from docket.services.store import Store
from docket.services.surveillance import DigitalRecord, read_digital

if TYPE_CHECKING:
    from docket.services.briefing import BriefingRequest


def _here(record: DigitalRecord, country: str | None) -> DigitalRecord:
    if country is None:
        return record
    code = country.upper()

    def ok(jurisdiction: str | None) -> bool:
        return jurisdiction is None or jurisdiction.upper() == code

    record.deployments = [d for d in record.deployments if ok(d.jurisdiction)]
    record.disruptions = [d for d in record.disruptions if ok(d.jurisdiction)]
    record.laws = [law for law in record.laws if ok(law.jurisdiction)]
    return record


def _country(record: DigitalRecord, given: str | None) -> str | None:
    """The briefing's country, or the one the records are about when they name only one."""
    if given:
        return given.upper()
    named = [d.jurisdiction for d in record.deployments]
    named += [d.jurisdiction for d in record.disruptions] + [
        law.jurisdiction for law in record.laws
    ]
    found = Counter(j.upper() for j in named if j)
    return next(iter(found)) if len(found) == 1 else None


def _file_notes(
    ooni_view: dict[str, Any] | None, removals: dict[str, Any] | None
) -> list[SourceNote]:
    notes = []
    for f in (ooni_view or {}).get("sources", []):
        notes.append(file_note(f["name"], f["sha256"], "OONI measurements"))
    seen: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "sha256" in value and "file" in value and value["sha256"] not in seen:
                seen.add(value["sha256"])
                notes.append(file_note(value["file"], value["sha256"], "Imported file"))
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(removals)
    return notes


def with_digital_sections(
    store: Store, request: BriefingRequest, context: BriefingContext
) -> BriefingContext:
    """The context with the digital sections added, when there is anything to put in them."""
    audience = Audience.public if request.public_only else Audience.viewer
    record = read_digital(store, audience)
    country = _country(record, request.country)
    record = _here(record, request.country)
    summary = ooni.summarize(
        store, country=country, since=request.period_start(), until=request.as_of
    )
    ooni_view = ooni.summary_view(summary) if summary.total.total.measurements else None
    removals = takedowns.summarize(store, country=country, until=request.as_of) if country else None
    if removals and not (removals["google"] or removals["google_detailed"] or removals["lumen"]):
        removals = None
    sections = build_digital_sections(
        deployments=record.deployments,
        disruptions=record.disruptions,
        laws=record.laws,
        organisations=record.organisations,
        cases=record.cases,
        ooni=ooni_view,
        takedowns=removals,
        as_of=request.as_of,
        lang=request.lang,
        words=load_words(request.lang, request.templates),
    )
    if not sections:
        return context
    notes = {n.id: n for n in _file_notes(ooni_view, removals)}
    return replace(context, digital=sections, sources={**context.sources, **notes})
