"""Digital repression as Docket counts it: OONI measurements of blocking, their verdicts, and the
days, networks and periods of blocking they add up to. Pure: no I/O.

A measurement's verdict follows OONI's vocabulary: `blocking` is how the page was blocked
(`dns`, `tcp_ip`, `http-failure`, `http-diff`), `none` when it was not, or unknown (None) when
the measurement cannot say; `accessible` is whether the page could be fetched. An *anomaly* is a
measurement with a blocking kind: evidence of possible blocking, not proof of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

BLOCKING_KINDS = ("dns", "tcp_ip", "http-failure", "http-diff")
NOT_BLOCKED = "none"

# Apps monitors ask about, by the domains they are reached through (a measurement of a
# subdomain counts for the app too). Lower-case, without "www.".
APPS: dict[str, tuple[str, ...]] = {
    "WhatsApp": ("whatsapp.com", "whatsapp.net", "wa.me"),
    "Telegram": ("telegram.org", "telegram.me", "t.me", "telesco.pe", "tdesktop.com"),
    "Facebook": ("facebook.com", "fb.com", "fb.me", "fbcdn.net", "facebook.net", "messenger.com"),
    "Instagram": ("instagram.com", "cdninstagram.com", "instagr.am"),
    "YouTube": ("youtube.com", "youtu.be", "ytimg.com", "googlevideo.com", "youtube-nocookie.com"),
}


class Verdict(NamedTuple):  # a tuple: one is made per measurement, in hot code
    """Docket's verdict on one measurement, with the comparisons it rests on."""

    blocking: str | None  # a BLOCKING_KINDS value, NOT_BLOCKED, or None when unknown
    accessible: bool | None
    reason: str  # which step decided, in words
    dns_consistency: str | None = None
    body_length_match: bool | None = None
    headers_match: bool | None = None
    status_code_match: bool | None = None
    title_match: bool | None = None
    body_proportion: float | None = None

    @property
    def anomaly(self) -> bool:
        return self.blocking in BLOCKING_KINDS


@dataclass(slots=True)  # not frozen: made once per measurement, in hot code
class Measurement:
    """What Docket keeps of one web_connectivity measurement: where and when, OONI's verdict,
    the evidence behind it (OONI's own comparison fields, as written) and Docket's verdict."""

    id: str  # OONI's measurement_uid, or a hash of the measurement when it has none
    line: int  # where it is in its file
    test_version: str
    start_time: str  # 'YYYY-MM-DD HH:MM:SS', UTC, as OONI writes it
    country: str  # probe_cc
    asn: int
    network: str | None
    input: str  # the URL tested
    domain: str
    ooni_blocking: str | None
    ooni_accessible: bool | None
    verdict: Verdict
    evidence: dict[str, object]

    @property
    def day(self) -> str:
        return self.start_time[:10]

    @property
    def agrees(self) -> bool:
        """Docket's verdict is OONI's."""
        return (self.verdict.blocking, self.verdict.accessible) == (
            self.ooni_blocking,
            self.ooni_accessible,
        )

    def values(self) -> tuple[object, ...]:
        """The measurement as a flat row, in the order of MEASUREMENT_COLUMNS."""
        v, e = self.verdict, self.evidence
        return (
            self.id, self.line, self.test_version, self.start_time, self.start_time[:10],
            self.country, self.asn, self.network, self.input, self.domain, self.ooni_blocking,
            self.ooni_accessible, v.blocking, v.accessible, v.reason, e["dns_consistency"],
            e["dns_experiment_failure"], e["http_experiment_failure"], e["control_failure"],
            e["body_length_match"], e["headers_match"], e["status_code_match"],
            e["title_match"], e["body_proportion"], e["x_blocking_flags"],
        )  # fmt: skip


MEASUREMENT_COLUMNS = (
    "id", "line", "test_version", "start_time", "day", "country", "asn", "network", "input",
    "domain", "ooni_blocking", "ooni_accessible", "blocking", "accessible", "reason",
    "dns_consistency", "dns_experiment_failure", "http_experiment_failure", "control_failure",
    "body_length_match", "headers_match", "status_code_match", "title_match", "body_proportion",
    "blocking_flags",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RawMeasurement:
    """A measurement Docket cannot judge yet (another test, an unknown version): kept as written."""

    id: str
    line: int
    test_name: str
    test_version: str
    country: str | None
    start_time: str | None
    why: str
    text: str

    def values(self) -> tuple[object, ...]:
        """The measurement as a flat row, in the order of RAW_COLUMNS."""
        return (
            self.id, self.line, self.test_name, self.test_version, self.country,
            self.start_time, self.why, self.text,
        )  # fmt: skip


RAW_COLUMNS = (
    "id", "line", "test_name", "test_version", "country", "start_time", "why", "body",
)  # fmt: skip


def blocking_value(value: object) -> str | None:
    """OONI's `blocking` as Docket stores it: a kind, 'none' for false, None for null/other."""
    if value is False:
        return NOT_BLOCKED
    if isinstance(value, str) and value in BLOCKING_KINDS:
        return value
    return None


_HOSTS: dict[str, str] = {}


def hostname(url: str) -> str:
    """The host of a URL as written (not lowercased, as OONI compares it), without port."""
    found = _HOSTS.get(url)
    if found is None:
        found = _hostname(url)
        if len(_HOSTS) < 100_000:  # the same URLs (test lists) are measured again and again
            _HOSTS[url] = found
    return found


def _hostname(url: str) -> str:
    rest = url.split("://", 1)[-1]
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rsplit("@", 1)[-1]
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host[1:]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def app_of(domain: str) -> str | None:
    """The app a domain belongs to (WhatsApp, Telegram...), or None."""
    host = domain.lower().rstrip(".")
    for app, domains in APPS.items():
        for d in domains:
            if host == d or host.endswith("." + d):
                return app
    return None


def domains_matching(name: str) -> tuple[str, ...]:
    """The domains a --domain filter means: an app's domains, or the domain itself."""
    for app, domains in APPS.items():
        if app.lower() == name.strip().lower():
            return domains
    return (name.strip().lower().removeprefix("www."),)


@dataclass(slots=True)
class Tally:
    """Measurements, anomalies and blocking kinds over a set of measurements."""

    measurements: int = 0
    anomalies: int = 0
    unknown: int = 0  # no verdict possible (e.g. the control failed)
    blocking: Counter[str] = field(default_factory=Counter)

    def add(self, blocking: str | None, n: int) -> None:
        self.measurements += n
        if blocking in BLOCKING_KINDS:
            self.anomalies += n
            self.blocking[blocking] += n
        elif blocking is None:
            self.unknown += n

    def share(self) -> float:
        return self.anomalies / self.measurements if self.measurements else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "measurements": self.measurements,
            "anomalies": self.anomalies,
            "unknown": self.unknown,
            "anomaly_share": round(self.share(), 4),
            "blocking": {k: self.blocking[k] for k in BLOCKING_KINDS if self.blocking[k]},
        }


@dataclass(frozen=True, slots=True)
class PeriodRule:
    """When consecutive days count as a period of blocking."""

    threshold: float = 0.5  # share of anomalies a day needs
    min_days: int = 2  # consecutive calendar days
    min_measurements: int = 1  # measurements a day needs to count at all


@dataclass(frozen=True, slots=True)
class BlockingPeriod:
    start: date
    end: date
    tally: Tally

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def detect_periods(days: dict[date, Tally], rule: PeriodRule) -> list[BlockingPeriod]:
    """Runs of consecutive days whose anomaly share reaches the threshold.

    A day without enough measurements ends a run: nothing is known about it.
    """
    periods: list[BlockingPeriod] = []
    run: list[date] = []

    def close() -> None:
        if len(run) >= rule.min_days:
            total = Tally()
            for d in run:
                total.measurements += days[d].measurements
                total.anomalies += days[d].anomalies
                total.unknown += days[d].unknown
                total.blocking.update(days[d].blocking)
            periods.append(BlockingPeriod(run[0], run[-1], total))
        run.clear()

    for day in sorted(days):
        t = days[day]
        hit = t.measurements >= rule.min_measurements and t.share() >= rule.threshold
        if hit and run and day - run[-1] != timedelta(days=1):
            close()
        if hit:
            run.append(day)
        else:
            close()
    close()
    return periods


_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Iterable[float | None]) -> str:
    """Shares (0..1) as a line of bars; a gap (no measurements) is a space."""
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        else:
            out.append(_BARS[min(len(_BARS) - 1, int(round(v * (len(_BARS) - 1))))])
    return "".join(out)


@dataclass(slots=True)
class Series:
    """A tally per day plus the total, for a target (domain or app) or one of its networks."""

    total: Tally = field(default_factory=Tally)
    days: dict[date, Tally] = field(default_factory=dict)

    def add(self, day: date, blocking: str | None, n: int) -> None:
        self.total.add(blocking, n)
        self.days.setdefault(day, Tally()).add(blocking, n)

    def shares(self, start: date, end: date, step: int = 1) -> list[float | None]:
        """The anomaly share of each STEP days from START to END; None where none measured."""
        out: list[float | None] = []
        day = start
        while day <= end:
            n = anomalies = 0
            for offset in range(step):
                t = self.days.get(day + timedelta(days=offset))
                if t is not None:
                    n, anomalies = n + t.measurements, anomalies + t.anomalies
            out.append(anomalies / n if n else None)
            day += timedelta(days=step)
        return out


@dataclass(slots=True)
class Target:
    """A domain, or an app with all its domains, and what was measured of it."""

    kind: str  # "domain" or "app"
    name: str
    series: Series = field(default_factory=Series)
    domains: set[str] = field(default_factory=set)
    networks: dict[int, Series] = field(default_factory=dict)


@dataclass(slots=True)
class OoniCount:
    """One aggregated row: measurements of a domain on a network on a day, by verdict."""

    day: date
    domain: str
    asn: int
    blocking: str | None
    measurements: int


def build_targets(counts: Iterable[OoniCount], *, apps: bool = True) -> list[Target]:
    """Group aggregated counts per domain, and per app when the domain belongs to one."""
    targets: dict[tuple[str, str], Target] = {}
    for c in counts:
        keys = [("domain", c.domain)]
        app = app_of(c.domain) if apps else None
        if app:
            keys.append(("app", app))
        for key in keys:
            target = targets.get(key)
            if target is None:
                target = targets[key] = Target(*key)
            target.domains.add(c.domain)
            target.series.add(c.day, c.blocking, c.measurements)
            target.networks.setdefault(c.asn, Series()).add(c.day, c.blocking, c.measurements)
    return sorted(
        targets.values(),
        key=lambda t: (t.kind != "app", -t.series.total.anomalies, t.name),
    )


# --- takedowns -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoogleRemovals:
    """A line of Google's government removal requests summary: one country, one half-year."""

    line: int
    period_start: date
    period_end: date
    country: str  # CLDR territory code
    country_name: str
    requests: int | None  # None where Google writes "<10", "?" or nothing
    complied_pct: float | None
    items: int | None
    as_written: dict[str, str]  # every cell, as Google wrote it


@dataclass(frozen=True, slots=True)
class GoogleRemovalDetail:
    """A line of Google's detailed file: a total by product and reason, country and half-year."""

    line: int
    period_start: date
    period_end: date
    country: str
    country_name: str
    product: str
    reason: str
    total: int | None
    total_as_written: str


@dataclass(frozen=True, slots=True)
class LumenNotice:
    """A notice in Lumen's database (lumendatabase.org), as its JSON gives it."""

    id: str
    type: str
    title: str | None
    date_sent: date | None
    date_received: date | None
    sender: str | None
    principal: str | None
    recipient: str | None
    jurisdictions: tuple[str, ...]
    topics: tuple[str, ...]
    action_taken: str | None
    urls: int  # URLs it names (Lumen may give them counted by host)
    body: dict[str, object]
