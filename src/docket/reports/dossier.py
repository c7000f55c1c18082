"""A sanctions dossier on one official: the report context, built from the selected records.

Names in every script, identifiers where recorded, posts with dates, each act linked to the
official with its evidence and corroboration, caveats that weigh against the case, the
recommendations and a draft legal characterisation (templates/legal.yaml).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from docket.domain.event import Event
from docket.reports.briefing import source_notes
from docket.reports.context import Line, SourceNote
from docket.reports.index import RecordIndex
from docket.reports.summaries import event_entry, period_text, role_text
from docket.reports.text import Messages, ReportError, read_yaml

WEAK_RELIABILITY = frozenset({"doubtful", "unknown"})


@dataclass(frozen=True, slots=True)
class Evidence:
    source_id: str
    locator: str | None
    reliability: str
    kind: str


@dataclass(frozen=True, slots=True)
class Act:
    event_id: str
    kind: str
    what: str
    date: str  # the date in words, with its precision
    date_value: str  # the date as recorded (2021, 2021-06, ../2021-02-11)
    victims: tuple[str, ...]
    case: str | None
    role: str  # role, capacity and degree of involvement, in words
    involvement: tuple[str, ...]  # degree-of-involvement ids
    detail: str | None
    evidence: tuple[Evidence, ...]
    corroboration: int  # independent sources: different publishers, chains counted once
    eu_ground: str | None
    us_ground: str | None
    citations: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Legal:
    eu_regime: str
    eu_listing: str
    eu_fields: str
    eu_grounds: tuple[str, ...]
    eu_involvement: tuple[str, ...]
    us_regime: str
    us_listing: str
    us_fields: str
    us_grounds: tuple[str, ...]
    us_involvement: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DossierContext:
    title: str
    lang: str
    as_of: date
    generated_at: datetime
    version: str
    person_id: str
    name: str
    person_citations: tuple[Any, ...]
    names: tuple[tuple[str, str, str, str], ...]  # value, kind, script, language
    identifiers: tuple[tuple[str, str], ...]  # (what, value)
    summary: str | None
    positions: tuple[Line, ...]
    capacities: tuple[str, ...]  # posts the acts show them acting in
    acts: tuple[Act, ...]
    recommendations: tuple[Line, ...]
    regimes: tuple[str, ...]
    caveats: tuple[Line, ...]
    legal: Legal
    sources: dict[str, SourceNote]


def load_legal(folder: Path | None) -> dict[str, Any]:
    raw = read_yaml("legal.yaml", folder)
    if not isinstance(raw, dict) or not {"eu", "us"} <= set(raw):
        raise ReportError("legal.yaml needs an 'eu' and a 'us' section.")
    return raw


def corroboration(ix: RecordIndex, source_ids: list[str]) -> int:
    """Independent origins: cited sources that rest on no other cited source, one per publisher.

    A briefing that footnotes a resolution also cited for the act adds nothing to it; two reports
    by the same publisher count once.
    """
    cited = set(source_ids)
    origins = set()
    for sid in source_ids:
        source = ix.sources.get(sid)
        if source is None:
            continue
        if any(c.source_id in cited and c.source_id != sid for c in source.cites):
            continue
        origins.add((source.publisher or f"#{sid}").strip().lower())
    return max(len(origins), 1 if source_ids else 0)


def _act(ix: RecordIndex, e: Event, pid: str, t: Messages, legal: dict[str, Any]) -> Act:
    entry = event_entry(ix, e, t)
    involvement = tuple(
        p.involvement or "unknown" for p in e.parties if p.person_id == pid and p.role != "victim"
    )
    case = ix.cases.get(e.case_id or "")
    case_text = None
    if case is not None:
        number = case.case_number
        case_text = case.title + (f", {t('case_number', number=number)}" if number else "")
    sources = list(dict.fromkeys(c.source_id for c in e.citations))
    evidence = tuple(
        Evidence(
            c.source_id,
            c.locator,
            ix.sources[c.source_id].reliability if c.source_id in ix.sources else "unknown",
            ix.sources[c.source_id].kind if c.source_id in ix.sources else "",
        )
        for c in e.citations
    )
    return Act(
        event_id=e.id,
        kind=e.kind,
        what=entry.what,
        date=t.pdate(e.date),
        date_value=str(e.date),
        victims=entry.who,
        case=case_text,
        role=role_text(ix, e, pid, t),
        involvement=involvement,
        detail=entry.detail if e.sentence or e.status else e.description,
        evidence=evidence,
        corroboration=corroboration(ix, sources),
        eu_ground=legal["eu"]["grounds"].get(e.kind),
        us_ground=legal["us"]["grounds"].get(e.kind),
        citations=e.citations,
    )


def _caveats(acts: list[Act], t: Messages) -> list[Line]:
    out = []
    for a in acts:
        reasons = []
        if any(i in ("unknown", "failed_to_prevent") for i in a.involvement):
            reasons.append(t("caveat_involvement"))
        if a.corroboration < 2:
            reasons.append(t("caveat_single_source"))
        if a.evidence and all(ev.reliability in WEAK_RELIABILITY for ev in a.evidence):
            reasons.append(t("caveat_reliability"))
        if a.date_value.startswith("../"):
            reasons.append(t("caveat_date"))
        if reasons:
            who = f" ({', '.join(a.victims)})" if a.victims else ""
            out.append(Line(f"{a.date}, {a.what}{who}: {'; '.join(reasons)}.", a.citations))
    return out


def build_dossier(
    ix: RecordIndex,
    person_id: str,
    t: Messages,
    *,
    as_of: date,
    generated_at: datetime,
    legal: dict[str, Any],
    archive_hosts: tuple[str, ...],
    software: str,
) -> DossierContext:
    person = ix.people[person_id]
    acts_events = [e for e in ix.acting_events.get(person_id, ()) if e.date.hi <= as_of]
    acts = [_act(ix, e, person_id, t, legal) for e in acts_events]
    capacities: set[str] = set()
    for e in acts_events:
        capacities.update(p.position for p in e.parties if p.person_id == person_id and p.position)
    identifiers = [
        (t(key), value)
        for key, value in (
            ("id_born", t.pdate(person.birth_date) if person.birth_date else None),
            ("id_birth_place", person.birth_place),
            ("id_sex", t(f"sex_{person.sex}") if person.sex != "unknown" else None),
            ("id_occupation", person.occupation),
            ("id_region", person.region),
            ("id_docket", person.id),
        )
        if value
    ]
    recommendations: list[Line] = []
    regimes: list[str] = []
    for s in ix.sanctions.get(person_id, ()):
        if s.date.hi > as_of:
            continue
        text = t("recommended_by", by=ix.name(None, s.organisation_id), date=t.pdate(s.date))
        if s.grounds:
            text += f": {s.grounds}"
        recommendations.append(Line(text, s.citations))
        regimes += list(s.regimes)
    positions = []
    for o in ix.occupancies.get(person_id, ()):
        post = ix.positions.get(o.position_id)
        if post is not None:
            body = ix.name(None, post.organisation_id)
            positions.append(Line(f"{post.title}, {body} ({period_text(o, t)})", o.citations))
    eu, us = legal["eu"], legal["us"]
    involved = sorted({i for a in acts for i in a.involvement})
    context = DossierContext(
        title=t("dossier_title", name=person.name),
        lang=t.lang,
        as_of=as_of,
        generated_at=generated_at,
        version="",
        person_id=person_id,
        name=person.name,
        person_citations=person.citations,
        names=tuple((n.value, n.kind, n.script, n.lang or "") for n in person.names),
        identifiers=tuple(identifiers),
        summary=person.summary,
        positions=tuple(positions),
        capacities=tuple(sorted(capacities)),
        acts=tuple(acts),
        recommendations=tuple(recommendations),
        regimes=tuple(dict.fromkeys(regimes)),
        caveats=tuple(_caveats(acts, t)),
        legal=Legal(
            _words(eu["regime"]),
            _words(eu["listing"]),
            _words(eu["fields"]),
            tuple(sorted({a.eu_ground for a in acts if a.eu_ground})),
            tuple(dict.fromkeys(eu["involvement"].get(i, i) for i in involved)),
            _words(us["regime"]),
            _words(us["listing"]),
            _words(us["fields"]),
            tuple(sorted({a.us_ground for a in acts if a.us_ground})),
            tuple(dict.fromkeys(us["involvement"].get(i, i) for i in involved)),
        ),
        sources=source_notes(ix, archive_hosts),
    )
    return replace(context, version=dossier_version(context, software))


def _words(text: str) -> str:
    return " ".join(str(text).split())


def dossier_version(context: DossierContext, software: str) -> str:
    """Docket's version and a digest of the dossier's facts: it changes when the evidence does."""
    facts = asdict(context)
    for key in ("generated_at", "version", "sources"):
        facts.pop(key, None)
    used = {c["source_id"] for a in facts["acts"] for c in a["citations"]}
    facts["sources"] = {k: asdict(v) for k, v in sorted(context.sources.items()) if k in used}
    blob = json.dumps(facts, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")
    return f"{software}+{hashlib.sha256(blob).hexdigest()[:12]}"
