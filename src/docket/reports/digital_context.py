"""The briefing's digital-repression sections: "Internet freedom" (disruptions sources report,
blocking periods OONI measurements show, takedown statistics), "Surveillance and data
sovereignty" (deployments and the agreements behind them) and "Laws" (status and dates).

Pure: built from domain records and the plain summaries the OONI and takedown services give.
Labels are resolved in the briefing's language here (templates/digital.yaml); every item that
states a fact carries its citations, so the briefing's footnotes number them with the rest.
Imported files (OONI measurements, transparency reports) are cited as sources of their own,
`file:SHA256`, whose footnote names the file and its hash.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docket.domain.dates import PartialDate
from docket.domain.law import Law
from docket.domain.source import Citation
from docket.domain.surveillance import Actor, Deployment, Disruption
from docket.domain.surveillance_terms import surveillance_terms
from docket.reports.context import SourceNote
from docket.reports.text import ReportError, read_yaml

FILE_PREFIX = "file:"


@dataclass(frozen=True, slots=True)
class Item:
    """One stated fact: its date, a text in words and the sources it rests on."""

    date: PartialDate | None
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class BlockingEntry:
    """A period of blocking that OONI measurements show for a domain or app."""

    target: str  # "Telegram (app)", "example.org"
    network: str | None  # "AS 9198 (JSC Kazakhtelecom)", None: all networks together
    start: date
    end: date
    days: int
    anomalies: int
    measurements: int
    kinds: str  # "dns 12, http-failure 3"
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class InternetSection:
    disruptions: tuple[Item, ...]
    measured: str | None  # "N measurements from D1 to D2, M anomalies", None: none imported
    measured_citations: tuple[Citation, ...]
    blocking: tuple[BlockingEntry, ...]
    takedowns: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class DeploymentEntry:
    id: str
    system: str
    status: str
    vendors: str  # "Hikvision (CN)"
    operators: str
    capabilities: str
    place: str | None
    since: PartialDate | None
    scale: str | None
    citations: tuple[Citation, ...]
    agreements: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class LawEntry:
    id: str
    title: str
    kind: str
    status: str  # the latest stage by the as-of day, in words
    status_date: PartialDate | None
    rights: str
    summary: str | None
    citations: tuple[Citation, ...]
    stages: tuple[Item, ...]
    uses: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class DigitalSections:
    words: dict[str, str]  # headings and column names in the briefing's language
    internet: InternetSection | None
    deployments: tuple[DeploymentEntry, ...]
    laws: tuple[LawEntry, ...]

    def __bool__(self) -> bool:
        return bool(self.internet or self.deployments or self.laws)


def load_words(lang: str, folder: Path | None = None) -> dict[str, str]:
    raw = read_yaml("digital.yaml", folder)
    if not isinstance(raw, dict):
        raise ReportError("digital.yaml must map each key to its texts in every language.")
    words = {}
    for key, by_lang in raw.items():
        if not isinstance(by_lang, dict) or "en" not in by_lang:
            raise ReportError(f"digital.yaml: '{key}' needs at least an 'en' text.")
        words[str(key)] = str(by_lang.get(lang) or by_lang["en"])
    return words


def _by(d: PartialDate | None, as_of: date) -> bool:
    """Whether what is dated `d` certainly happened by the as-of day (its last possible day is
    on or before it: the rule of every figure); undated parts are shown."""
    return d is None or d.hi <= as_of


class _Builder:
    def __init__(self, lang: str, organisations: Mapping[str, str], words: dict[str, str]):
        self.lang = lang
        self.orgs = organisations
        self.words = words
        self.terms = surveillance_terms()

    def label(self, name: str, value: str) -> str:
        return self.terms.label(name, value, self.lang)

    def actors(self, actors: Sequence[Actor], *, roles: bool = False) -> str:
        parts = []
        for a in actors:
            name = self.orgs.get(a.organisation_id or "") or a.name or "?"
            extra = [x for x in (a.country, self.label("actor_roles", a.role) if roles else None)]
            shown = ", ".join(x for x in extra if x)
            parts.append(f"{name} ({shown})" if shown else name)
        return "; ".join(parts)

    def deployment(self, d: Deployment, as_of: date) -> DeploymentEntry:
        agreements = []
        for a in sorted(d.agreements, key=lambda a: a.date.sort_key() if a.date else (date.max,)):
            if not _by(a.date, as_of):
                continue
            text = f"{self.label('agreement_kinds', a.kind)}: {a.title}"
            if a.amount:
                text += f" ({a.amount})"
            if a.parties:
                text += f" — {self.actors(a.parties)}"
            agreements.append(Item(a.date, text, a.citations))
        scale = "; ".join(s.figure() or s.wording for s in d.scale) or None
        return DeploymentEntry(
            id=d.id,
            system=d.system,
            status=self.label("deployment_statuses", d.status),
            vendors=self.actors(d.vendors, roles=True),
            operators=self.actors(d.operators, roles=True),
            capabilities=", ".join(self.label("capabilities", c) for c in d.capabilities),
            place=d.place,
            since=d.since,
            scale=scale,
            citations=d.citations,
            agreements=tuple(agreements),
        )

    def law(self, law: Law, as_of: date, cases: Mapping[str, str]) -> LawEntry:
        stages = [s for s in law.ordered_stages() if _by(s.date, as_of)]
        latest = stages[-1] if stages else None
        items = []
        for s in stages:
            text = self.label("law_stages", s.stage)
            if s.body and s.body in self.orgs:
                text += f" ({self.orgs[s.body]})"
            if s.note:
                text += f": {s.note}"
            items.append(Item(s.date, text, s.citations))
        uses = tuple(
            Item(None, cases.get(u.case_id or "") or u.note or u.event_id or "?", u.citations)
            for u in law.uses
        )
        return LawEntry(
            id=law.id,
            title=law.title,
            kind=self.label("law_kinds", law.kind),
            status=self.label("law_stages", latest.stage) if latest else self.words["no_stage"],
            status_date=latest.date if latest else None,
            rights=", ".join(self.label("rights", r) for r in law.rights),
            summary=law.summary,
            citations=law.citations,
            stages=tuple(items),
            uses=uses,
        )

    def disruption(self, d: Disruption) -> Item:
        text = self.label("disruption_kinds", d.kind)
        details = [x for x in (d.scope, ", ".join(d.targets), d.place) if x]
        if details:
            text += f" ({'; '.join(details)})"
        if d.ordered_by and d.ordered_by in self.orgs:
            text += f" — {self.orgs[d.ordered_by]}"
        if d.description:
            text += f": {d.description}"
        return Item(d.date, text, d.citations)


def _since_key(d: Deployment) -> tuple[date, date, str]:
    """Earliest first by the last day `since` can mean; undated last."""
    if d.since is None:
        return (date.max, date.max, d.id)
    return (*d.since.sort_key(), d.id)


def file_note(name: str, sha256: str, kind: str) -> SourceNote:
    """An imported file as a footnote: its name and SHA-256 identify it."""
    return SourceNote(
        id=f"{FILE_PREFIX}{sha256}",
        title=f"{name} (SHA-256 {sha256})",
        publisher=kind,
        date=None,
        url=None,
        archived=None,
        kind="dataset",
        reliability="confirmed",
    )


def _file_cites(files: Sequence[Mapping[str, Any]]) -> tuple[Citation, ...]:
    return tuple(Citation(f"{FILE_PREFIX}{f['sha256']}") for f in files)


def ooni_part(
    view: Mapping[str, Any] | None, words: dict[str, str]
) -> tuple[str | None, tuple[Citation, ...], tuple[BlockingEntry, ...]]:
    """The OONI summary (services.ooni.summary_view) in the briefing's words."""
    if not view or not view["total"]["measurements"]:
        return None, (), ()
    cites = _file_cites(view["sources"])
    total = view["total"]
    measured = words["ooni_measured"].format(
        n=total["measurements"],
        anomalies=total["anomalies"],
        first=view["first_day"],
        last=view["last_day"],
    )
    entries = []
    for target in view["targets"]:
        name = target["name"] + (f" ({words['app']})" if target["kind"] == "app" else "")
        for p, network in [(p, None) for p in target["periods"]] + [
            (p, n) for n in target["networks"] for p in n["periods"]
        ]:
            kinds = ", ".join(f"{k} {v}" for k, v in sorted(p.get("blocking", {}).items()))
            net = f"AS{network['asn']}" + (f" ({network['name']})" if network["name"] else "")
            entries.append(
                BlockingEntry(
                    target=name,
                    network=net if network else None,
                    start=date.fromisoformat(p["start"]),
                    end=date.fromisoformat(p["end"]),
                    days=p["days"],
                    anomalies=p["anomalies"],
                    measurements=p["measurements"],
                    kinds=kinds,
                    citations=cites,
                )
            )
    entries.sort(key=lambda b: (b.start, b.target, b.network or ""))
    return measured, cites, tuple(entries)


def takedown_items(view: Mapping[str, Any] | None, words: dict[str, str]) -> tuple[Item, ...]:
    """The takedowns summary (services.takedowns.summarize) as stated facts with their files."""
    if not view:
        return ()
    items = []
    google = view.get("google")
    if google:
        req, items_, comp = google["requests"], google["items"], google["compliance"]
        periods = [p["period"] for p in google["periods"]]
        text = words["google_requests"].format(
            qualifier=words["at_least"] if req.get("qualifier") == "at least" else "",
            requests=req["value"],
            items=items_["value"],
            first=periods[0].split("..")[0] if periods else "?",
            last=periods[-1].split("..")[1] if periods else "?",
        )
        if comp["value"] is not None:
            text += " " + words["google_complied"].format(pct=comp["value"])
        files = {f["sha256"]: f for f in (*req["sources"], *items_["sources"])}
        items.append(Item(None, text.strip(), _file_cites(list(files.values()))))
    detailed = view.get("google_detailed")
    if detailed:
        for key, label in (("by_reason", "reason"), ("by_product", "product")):
            shares = detailed[key][:5]
            if not shares:
                continue
            parts = ", ".join(
                f"{s[label]} {round(100 * s['share'])}%" for s in shares if s["share"] is not None
            )
            files = {f["sha256"]: f for s in shares for f in s["sources"]}
            items.append(
                Item(None, f"{words['by_' + label]}: {parts}", _file_cites(list(files.values())))
            )
    lumen = view.get("lumen")
    if lumen:
        text = words["lumen_notices"].format(
            notices=lumen["notices"]["value"], urls=lumen["urls"]["value"]
        )
        items.append(Item(None, text, _file_cites(lumen["notices"]["sources"])))
    return tuple(items)


def build_digital_sections(
    *,
    deployments: Sequence[Deployment],
    disruptions: Sequence[Disruption],
    laws: Sequence[Law],
    organisations: Mapping[str, str],
    cases: Mapping[str, str],
    ooni: Mapping[str, Any] | None,
    takedowns: Mapping[str, Any] | None,
    as_of: date,
    lang: str,
    words: dict[str, str],
) -> DigitalSections:
    """The three sections as of the day: what certainly happened by then, in the language."""
    b = _Builder(lang, organisations, words)
    stated = tuple(
        b.disruption(d)
        for d in sorted(disruptions, key=lambda d: (d.date.sort_key(), d.id))
        if _by(d.date, as_of)
    )
    measured, measured_cites, blocking = ooni_part(ooni, words)
    removals = takedown_items(takedowns, words)
    internet = None
    if stated or measured or removals:
        internet = InternetSection(stated, measured, measured_cites, blocking, removals)
    return DigitalSections(
        words=words,
        internet=internet,
        deployments=tuple(
            b.deployment(d, as_of)
            for d in sorted(deployments, key=_since_key)
            if _by(d.since, as_of)
        ),
        laws=tuple(
            entry for law in laws if (entry := b.law(law, as_of, cases)).stages or not law.stages
        ),
    )
