"""Build a briefing's report context from the selected records (pure: no I/O but data files).

What the briefing counts as "extremism", which event kinds each "new since" list holds and how many
acts an official's entry lists are configuration (templates/briefing.yaml), shown in the
methodology note.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from docket.domain.dataset import DatasetInfo
from docket.domain.dates import PartialDate
from docket.domain.vocabulary import Vocabulary
from docket.reports.context import (
    BriefingContext,
    ChartData,
    EventEntry,
    Methodology,
    Section,
    SourceNote,
)
from docket.reports.figures import (
    COUNTING_UNITS,
    VERDICTS,
    ExtremismCharges,
    attach_claims,
    charge_key,
    charge_label,
    compute_figures,
    nearby_claims,
    stated_figure,
)
from docket.reports.index import RecordIndex, index_records
from docket.reports.scope import Scope, Selection
from docket.reports.summaries import (
    case_name,
    charge_lines,
    event_entry,
    official_entry,
    prisoner_entry,
)
from docket.reports.text import Messages, ReportError, read_yaml

_URL = re.compile(r"https?://[^\s<>\"')]+")
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'`\\]+", re.IGNORECASE)
TOP_CHARGES = 6


@dataclass(frozen=True, slots=True)
class BriefingConfig:
    extremism: ExtremismCharges
    sections: tuple[tuple[str, frozenset[str], frozenset[str]], ...]  # key, kinds, groups
    acts_listed: int
    archive_hosts: tuple[str, ...]


def load_config(folder: Path | None = None) -> BriefingConfig:
    raw = read_yaml("briefing.yaml", folder)
    try:
        extremism = raw["extremism"]
        return BriefingConfig(
            ExtremismCharges(
                frozenset(extremism.get("articles") or ()),
                tuple(w.lower() for w in extremism.get("words") or ()),
            ),
            tuple(
                (
                    str(s["key"]),
                    frozenset(s.get("kinds") or ()),
                    frozenset(s.get("groups") or ()),
                )
                for s in raw["sections"]
            ),
            int(raw["officials"]["acts_listed"]),
            tuple(raw.get("archive_hosts") or ()),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise ReportError(f"briefing.yaml is incomplete or malformed: {err!r}") from err


def archived_copy(notes: str | None, hosts: Sequence[str]) -> str | None:
    """The first address in a source's notes that points to a web archive."""
    urls: list[str] = _URL.findall(notes or "")
    for url in urls:
        host = url.split("/")[2].lower()
        if any(host == h or host.endswith("." + h) for h in hosts):
            return url.rstrip(".,;")
    return None


def web_address(url: str | None) -> str | None:
    """The address if a document may link to it: http(s) only, nothing that could end a link
    or an attribute (so `javascript:` and addresses carrying markup are never links)."""
    return url if url and _WEB_ADDRESS.fullmatch(url.strip()) else None


def source_notes(ix: RecordIndex, hosts: Sequence[str]) -> dict[str, SourceNote]:
    return {
        s.id: SourceNote(
            s.id,
            s.title,
            s.publisher,
            s.date,
            web_address(s.url),
            archived_copy(s.notes, hosts),
            s.kind,
            s.reliability,
        )
        for s in ix.sources.values()
    }


def _sections(
    ix: RecordIndex, cfg: BriefingConfig, t: Messages, since: date, as_of: date
) -> tuple[Section, ...]:
    kinds = ix.vocab.event_kinds
    wanted: dict[str, list[EventEntry]] = {key: [] for key, _, _ in cfg.sections}
    # Only the period's events are sorted: a large record holds ten times as many.
    period = [e for e in ix.events.values() if since <= e.date.hi <= as_of]
    for e in sorted(period, key=lambda e: (e.date.sort_key(), e.id)):
        for key, kind_ids, groups in cfg.sections:
            if e.kind in kind_ids or kinds[e.kind].group in groups:
                wanted[key].append(event_entry(ix, e, t, since=since))
                break
    return tuple(
        Section(key, t(f"new_{key}"), tuple(items), sum(1 for i in items if i.certain))
        for key, items in wanted.items()
    )


def _prosecutions(ix: RecordIndex, t: Messages, since: date, as_of: date) -> list[EventEntry]:
    out = []
    for p in ix.prosecutions:
        if p.opened is None or not since <= p.opened <= as_of:
            continue
        case = ix.cases[p.case_id]
        charges = charge_lines(ix, case, p.person_id, t) or [t("charges_not_recorded")]
        out.append(
            EventEntry(
                f"{p.person_id}/{p.case_id}",
                "prosecution",
                case_name(ix, case, t),
                _day(p.opened),
                True,
                (ix.name(p.person_id),),
                "; ".join(charges),
                case.citations,
            )
        )
    return sorted(out, key=lambda e: (e.date.sort_key(), e.id))


def _day(d: date) -> PartialDate:
    return PartialDate(d.year, d.month, d.day)


def _charts(ix: RecordIndex, t: Messages, since: date, as_of: date) -> ChartData:
    monthly: Counter[tuple[str, str]] = Counter()
    for p in ix.prosecutions:
        if p.opened is None or not since <= p.opened <= as_of:
            continue
        charges = [
            charge_key(c)
            for d in ix.cases[p.case_id].defendants
            if d.person_id == p.person_id
            for c in d.charges
        ]
        monthly[(p.opened.strftime("%Y-%m"), charges[0] if charges else "")] += 1
    totals: Counter[str] = Counter()
    for (_, key), n in monthly.items():
        totals[key] += n
    top = {k for k, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_CHARGES]}
    by_month: Counter[tuple[str, str]] = Counter()
    for (month, key), n in monthly.items():
        label = (
            t("charge_other")
            if key not in top
            else (charge_label(ix, key, t) if key else t("charges_not_recorded"))
        )
        by_month[(month, label)] += n
    cats = ix.vocab.categories
    statuses: Counter[str] = Counter()
    for pid in ix.spans:
        span = ix.status(pid, as_of)
        if span and (span.status in cats.deprived_of_liberty or span.status in cats.persecuted):
            statuses[span.status] += 1
    verdicts = []
    for e in ix.events.values():
        if e.kind in VERDICTS and e.date.lo >= since and e.date.hi <= as_of:
            years = [
                c.term.longest.years + c.term.longest.months / 12
                for c in e.sentence
                if c.kind == "imprisonment" and c.term
            ]
            main = e.sentence[0].kind if e.sentence else None
            label = t(f"sc_{main}") if main else t("sentence_not_recorded")
            verdicts.append((e.date.hi, max(years) if years else None, label))
    ranks = ix.vocab.statuses
    return ChartData(
        tuple(sorted((m, label, n) for (m, label), n in by_month.items())),
        tuple(
            (ix.vocab.status_label(s, t.lang), cats.category_of(s) or "", n)
            for s, n in sorted(statuses.items(), key=lambda kv: -ranks[kv[0]].rank)
        ),
        tuple(sorted(verdicts, key=lambda v: (v[0], v[1] or 0.0, v[2]))),
        {k: t(f"chart_{k}") for k in ("prosecutions", "statuses", "verdicts")},
        {k: t(f"axis_{k}") for k in ("month", "prosecutions", "people", "years", "date")},
    )


def build_briefing(
    selection: Selection,
    vocab: Vocabulary,
    t: Messages,
    *,
    as_of: date,
    since: date,
    scope: Scope,
    generated_at: datetime,
    claim_window_days: int,
    datasets: Sequence[DatasetInfo],
    config: BriefingConfig,
) -> BriefingContext:
    """The briefing as of a day: figures, lists, sections, charts, methodology."""
    ix = index_records(selection.records, vocab)
    figures = compute_figures(ix, t, as_of=as_of, since=since, extremism=config.extremism)
    claims = nearby_claims(ix, as_of=as_of, window_days=claim_window_days)
    figures = attach_claims(figures, claims, ix, t, since=since)
    stated = [(c.unit, stated_figure(c, lambda o: ix.name(None, o), t)) for c in claims]
    prisoners = sorted(
        (pid for pid in ix.spans if ix.political_prisoner(pid, as_of)),
        key=lambda pid: (ix.name(pid).lower(), pid),
    )
    officials = [
        pid
        for pid in ix.people
        if any(e.date.hi <= as_of for e in ix.acting_events.get(pid, ()))
        or any(s.date.hi <= as_of for s in ix.sanctions.get(pid, ()))
    ]
    acts = {
        pid: sum(1 for e in ix.acting_events.get(pid, ()) if e.date.hi <= as_of)
        for pid in officials
    }
    officials.sort(key=lambda pid: (-acts[pid], ix.name(pid).lower(), pid))
    country = scope.country or _single_country(datasets)
    country_name = t.country(country)
    sources = source_notes(ix, config.archive_hosts)
    title = (
        t("briefing_title_country", country=country_name) if country_name else t("briefing_title")
    )
    context = BriefingContext(
        title=title,
        country=country_name,
        lang=t.lang,
        as_of=as_of,
        since=since,
        generated_at=generated_at,
        figures=tuple(figures),
        stated=tuple(s for unit, s in stated if unit in COUNTING_UNITS),
        other_stated=tuple(s for unit, s in stated if unit not in COUNTING_UNITS),
        prisoners=tuple(prisoner_entry(ix, pid, as_of, t) for pid in prisoners),
        prosecutions=tuple(_prosecutions(ix, t, since, as_of)),
        sections=_sections(ix, config, t, since, as_of),
        officials=tuple(
            official_entry(ix, p, as_of, t, limit=config.acts_listed) for p in officials
        ),
        charts=_charts(ix, t, since, as_of),
        methodology=_methodology(ix, t, config, scope, selection, claim_window_days, datasets),
        sources=sources,
    )
    return context


def _single_country(datasets: Sequence[DatasetInfo]) -> str | None:
    found = {d.jurisdiction for d in datasets if d.jurisdiction}
    return found.pop() if len(found) == 1 else None


def _methodology(
    ix: RecordIndex,
    t: Messages,
    cfg: BriefingConfig,
    scope: Scope,
    selection: Selection,
    window: int,
    datasets: Sequence[DatasetInfo],
) -> Methodology:
    vocab = ix.vocab
    cats = vocab.categories

    def labels(statuses: frozenset[str]) -> tuple[str, ...]:
        ordered = sorted(statuses, key=lambda s: vocab.statuses[s].rank)
        return tuple(vocab.status_label(s, t.lang) for s in ordered)

    extremism = [
        charge_label(ix, a, t) for a in sorted(cfg.extremism.articles, key=_article_order)
    ] + [t("charge_wording_contains", words=w) for w in cfg.extremism.words]
    left: Mapping[str, int] = selection.left_out
    return Methodology(
        deprived_of_liberty=labels(cats.deprived_of_liberty),
        persecuted=labels(cats.persecuted),
        recognitions=tuple(t(f"rk_{k}") for k in sorted(cats.political_prisoner_recognitions)),
        extremism=tuple(extremism),
        claim_window_days=window,
        sensitivity=t(f"scope_{scope.describe()}"),
        left_out=tuple((t(f"records_{k}"), n) for k, n in sorted(left.items())),
        datasets=tuple(d.title for d in datasets),
        sources_in_record=len(ix.sources),
        undated_prosecutions=sum(1 for p in ix.prosecutions if p.opened is None),
    )


def _article_order(article_id: str) -> tuple[str, int, str]:
    code, _, number = article_id.rpartition("-")
    return (code, int(number) if number.isdigit() else 0, article_id)
