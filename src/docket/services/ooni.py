"""OONI measurements: import files of them, and sum them up per domain, app, network and day.

An import is one transaction: every file is read, each measurement judged, and either all of
it is written or, on any problem, nothing. A file imported before (same SHA-256) is not read
again; measurements already stored (same measurement id) are counted, not written again: an
import of the same files twice creates nothing new.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from docket.domain.digital import (
    MEASUREMENT_COLUMNS,
    RAW_COLUMNS,
    BlockingPeriod,
    PeriodRule,
    Series,
    Target,
    build_targets,
    detect_periods,
    domains_matching,
    sparkline,
)
from docket.errors import NotFound, Problem, ValidationFailed
from docket.interchange.ooni import (
    Judged,
    Lines,
    OoniFile,
    file_sha256,
    judge_block,
    judge_file,
)
from docket.services.store import Store
from docket.storage import digital_queries as q

BATCH = 5_000
MAX_PROBLEMS = 1_000
CHART_BARS = 90
PARALLEL_FROM = 4 << 20  # bytes of files: below, worker processes cost more than they save
_COLUMNS = ("file_sha256", *MEASUREMENT_COLUMNS)
_RAW_COLUMNS = ("file_sha256", *RAW_COLUMNS)
Progress = Callable[[str, int, int], None]  # file, bytes read, file size


@dataclass(slots=True)
class FileReport:
    name: str
    sha256: str
    size: int = 0  # bytes
    skipped: str | None = None  # imported before (same SHA-256), under this name
    measurements: int = 0  # web_connectivity measurements judged (or then)
    new: int = 0
    raw: dict[str, int] = field(default_factory=dict)  # kept as written, per test name


@dataclass(slots=True)
class ImportReport:
    files: list[FileReport]
    seconds: float = 0.0
    agreed: int = 0
    disagreements: list[dict[str, Any]] = field(default_factory=list)  # the first 20

    @property
    def measurements(self) -> int:
        return sum(f.measurements for f in self.files)

    @property
    def new(self) -> int:
        return sum(f.new for f in self.files)

    @property
    def already(self) -> int:
        return self.measurements - self.new

    @property
    def raw(self) -> dict[str, int]:
        return dict(sum((Counter(f.raw) for f in self.files), Counter()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "measurements": self.measurements,
            "new": self.new,
            "already_stored": self.already,
            "kept_raw": self.raw,
            "agree_with_ooni": self.agreed,
            "disagreements": self.disagreements,
            "seconds": round(self.seconds, 3),
            "files": [
                {"file": f.name, "sha256": f.sha256, "measurements": f.measurements,
                 "new": f.new, "kept_raw": f.raw, "imported_before_as": f.skipped}
                for f in self.files
            ],
        }  # fmt: skip


Run = Callable[[Callable[[Any], Judged], Iterator[Any]], Iterator[Judged]]
Results = Iterator[tuple[FileReport, Judged | None]]  # None: the end of the file


class _Writer:
    """Rows waiting to be written; ids already stored, or met before in this import, are
    counted but not written again."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.rows: list[q.Row] = []
        self.raws: list[q.Row] = []
        self.report: FileReport | None = None

    def add(self, judged: Judged) -> None:
        self.rows += judged.rows
        self.raws += judged.raws
        if len(self.rows) >= BATCH or len(self.raws) >= BATCH:
            self.flush()

    def flush(self) -> None:
        new = q.insert_new(self.conn, q.MEASUREMENT, _COLUMNS, self.rows)
        q.insert_new(self.conn, q.RAW, _RAW_COLUMNS, self.raws)
        if self.report is not None:
            self.report.new += new
        self.rows, self.raws = [], []


def import_measurements(
    store: Store,
    paths: Sequence[Path],
    *,
    progress: Progress | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Read, judge and store the measurements in the files; on any problem write nothing.

    WORKERS processes judge the measurements (default: one per processor when the files are
    large, none for small ones); 0 judges them in this process.
    """
    missing = [Problem("no such file", file=str(p)) for p in paths if not p.is_file()]
    if missing:
        raise ValidationFailed(missing)
    started = time.perf_counter()
    report = ImportReport([FileReport(str(p), file_sha256(p), p.stat().st_size) for p in paths])
    problems: list[Problem] = []
    with store.write() as conn:
        known = q.known_ooni_files(conn, [f.sha256 for f in report.files])
        todo: list[tuple[int, Path, FileReport]] = []
        for index, (path, file_report) in enumerate(zip(paths, report.files, strict=True)):
            if file_report.sha256 in known:  # the same bytes were imported before: skip them
                file_report.skipped, file_report.measurements = known[file_report.sha256]
            else:
                known[file_report.sha256] = (file_report.name, 0)
                todo.append((index, path, file_report))
        if workers is None:
            large = sum(f.size for _, _, f in todo) >= PARALLEL_FROM
            workers = min(os.cpu_count() or 1, 4) if large and _can_fork() else 0
        q.prepare_bulk_write(conn)
        with _pool(workers) as run:
            _import(conn, todo, report, run, workers, problems, progress)
        if problems:
            raise ValidationFailed(problems[:MAX_PROBLEMS])
    report.seconds = time.perf_counter() - started
    return report


def _import(
    conn: Any,
    todo: list[tuple[int, Path, FileReport]],
    report: ImportReport,
    run: Run,
    workers: int,
    problems: list[Problem],
    progress: Progress | None,
) -> None:
    writer = _Writer(conn)
    # With many files, each worker reads whole files (decompressing too); otherwise this
    # process reads and the workers judge blocks of lines.
    by_file = workers > 0 and len(todo) >= 2 * workers
    for file_report, judged in _by_file(todo, run) if by_file else _by_block(todo, run, progress):
        writer.report = file_report
        if judged is not None:
            _count(judged, file_report, report, problems)
            if len(problems) >= MAX_PROBLEMS:
                return
            if not problems:  # else nothing will be written: read on to report every one
                writer.add(judged)
            continue
        if progress:
            progress(file_report.name, file_report.size, file_report.size)
        if not problems:  # the end of a file
            writer.flush()
            q.record_ooni_file(conn, _file_values(file_report))


def _by_block(
    todo: list[tuple[int, Path, FileReport]], run: Run, progress: Progress | None
) -> Results:
    for _, path, file_report in todo:
        source = OoniFile(path, sha256=file_report.sha256)
        for judged in run(judge_block, _blocks(source, progress)):
            yield file_report, judged
        yield file_report, None


def _blocks(source: OoniFile, progress: Progress | None) -> Iterator[Lines]:
    for block in source:
        if isinstance(block, Problem):  # the file is cut off: report it, read no further
            yield Lines(source.name, source.sha256, 0, [], problem=block)
            return
        if progress:
            progress(source.name, source.position, source.size)
        yield block


def _by_file(todo: list[tuple[int, Path, FileReport]], run: Run) -> Results:
    tasks = ((str(path), f.sha256) for _, path, f in todo)
    for (_, _, file_report), judged in zip(todo, run(judge_file, tasks), strict=True):
        yield file_report, judged
        yield file_report, None


def _can_fork() -> bool:
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def _pool(workers: int) -> Iterator[Run]:
    """Run tasks here, or in WORKERS processes while this one reads and writes; results come
    back in order, with a few tasks in flight."""
    if workers <= 0:
        yield lambda fn, tasks: (fn(t) for t in tasks)
        return
    # Workers are forked where the system allows it (Linux): they start at once, with the code
    # loaded. They only judge lines; they never touch the database connection they inherit.
    context = multiprocessing.get_context("fork" if _can_fork() else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:

        def run(fn: Callable[[Any], Judged], tasks: Iterator[Any]) -> Iterator[Judged]:
            pending: deque[Future[Judged]] = deque()
            for task in tasks:
                pending.append(pool.submit(fn, task))
                if len(pending) > 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

        yield run


def _count(judged: Judged, file: FileReport, report: ImportReport, problems: list[Problem]) -> None:
    file.measurements += judged.measurements
    for name, n in judged.raw_tests.items():
        file.raw[name] = file.raw.get(name, 0) + n
    report.agreed += judged.agreed
    report.disagreements += judged.disagreements[: 20 - len(report.disagreements)]
    problems += judged.problems


def _file_values(f: FileReport) -> dict[str, Any]:
    return {
        "sha256": f.sha256,
        "name": f.name,
        "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "measurements": f.measurements,
        "new": f.new,
        "raw": sum(f.raw.values()),
    }


# --- summary --------------------------------------------------------------------------------


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
