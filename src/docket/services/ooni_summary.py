"""OONI measurements summed up per domain, app and network, day by day, with the periods of
blocking they show: what `docket ooni summary` prints and the briefing's "Internet freedom"
section shows. Counting is done in SQL (storage.ooni_queries); the figures in docket.domain."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from docket.domain.digital import (
    BlockingPeriod,
    PeriodRule,
    Series,
    Target,
    build_targets,
    detect_periods,
    domains_matching,
    sparkline,
)
from docket.errors import NotFound
from docket.services.store import Store
from docket.storage import ooni_queries as q

CHART_BARS = 90


@dataclass(slots=True)
class TargetSummary:
    target: Target
    periods: list[BlockingPeriod]
    network_periods: dict[int, list[BlockingPeriod]]


@dataclass(slots=True)
class OoniSummary:
    filters: dict[str, Any]
    rule: PeriodRule
    total: Series
    first: date | None
    last: date | None
    targets: list[TargetSummary]
    networks: dict[int, str | None]
    files: list[dict[str, Any]]
    disagreements: list[dict[str, Any]]
    kept_raw: dict[str, int]

    @property
    def chart_step(self) -> int:
        """Days per bar, so that a chart has at most CHART_BARS bars."""
        if self.first is None or self.last is None:
            return 1
        return -(-((self.last - self.first).days + 1) // CHART_BARS)

    def chart(self, series: Series) -> str:
        """A line of bars: the anomaly share of each day (or run of days) over the whole range;
        a space where nothing was measured."""
        if self.first is None or self.last is None:
            return ""
        return sparkline(series.shares(self.first, self.last, self.chart_step))


def summarize(
    store: Store,
    *,
    country: str | None = None,
    since: date | None = None,
    until: date | None = None,
    domain: str | None = None,
    rule: PeriodRule | None = None,
    verdict: str = "docket",
) -> OoniSummary:
    """Measurements, anomalies and blocking kinds per domain, app and network, day by day,
    with the periods of blocking they show. `verdict` is 'docket' (default) or 'ooni'."""
    rule = rule or PeriodRule()
    domains = domains_matching(domain) if domain else ()
    with store.read() as conn:
        counts = q.ooni_counts(
            conn, country=country, since=since, until=until, domains=domains, verdict=verdict
        )
        extra = q.ooni_provenance(conn, country=country, since=since, until=until, domains=domains)
        raw = q.raw_counts(conn, country=country)
    if domain and not counts:
        raise NotFound(
            f"No measurement of '{domain}' matches"
            + (f" in {country.upper()}" if country else "")
            + "; check the domain (or app name) and the dates."
        )
    total = Series()
    for c in counts:
        total.add(c.day, c.blocking, c.measurements)
    targets = [
        TargetSummary(
            t,
            detect_periods(t.series.days, rule),
            {asn: p for asn, s in t.networks.items() if (p := detect_periods(s.days, rule))},
        )
        for t in build_targets(counts)
    ]
    return OoniSummary(
        filters={
            "country": country.upper() if country else None,
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
            "domain": domain,
            "verdict": verdict,
        },
        rule=rule,
        total=total,
        first=min(total.days) if total.days else None,
        last=max(total.days) if total.days else None,
        targets=targets,
        networks=extra["networks"],
        files=extra["files"],
        disagreements=extra["disagreements"],
        kept_raw=raw,
    )


def _period(p: BlockingPeriod) -> dict[str, Any]:
    return {"start": p.start.isoformat(), "end": p.end.isoformat(), "days": p.days,
            **p.tally.as_dict()}  # fmt: skip


def _days(series: Series) -> list[dict[str, Any]]:
    return [{"day": d.isoformat(), **series.days[d].as_dict()} for d in sorted(series.days)]


def summary_view(s: OoniSummary) -> dict[str, Any]:
    """The summary as plain data (for --json and the web)."""
    return {
        "filters": s.filters,
        "period_rule": asdict(s.rule),
        "first_day": s.first.isoformat() if s.first else None,
        "last_day": s.last.isoformat() if s.last else None,
        "total": s.total.total.as_dict(),
        "days": _days(s.total),
        "targets": [
            {
                "kind": t.target.kind,
                "name": t.target.name,
                "domains": sorted(t.target.domains),
                **t.target.series.total.as_dict(),
                "days": _days(t.target.series),
                "periods": [_period(p) for p in t.periods],
                "networks": [
                    {
                        "asn": asn,
                        "name": s.networks.get(asn),
                        **series.total.as_dict(),
                        "days": _days(series),
                        "periods": [_period(p) for p in t.network_periods.get(asn, [])],
                    }
                    for asn, series in sorted(t.target.networks.items())
                ],
            }
            for t in s.targets
        ],
        "sources": s.files,
        "disagreements_with_ooni": s.disagreements,
        "kept_raw_not_counted": s.kept_raw,
    }
