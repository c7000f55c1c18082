"""Docket's core figures on SQLite and PostgreSQL: load rate, and latency of as-of queries.

    python -m bench.core                                  # 100,000 people, 1,000,000 events
    python -m bench.core --people 10000 --events 100000   # a quick run
    python -m bench.core --data DIR                       # a dataset made by bench.generate

For each store: load the dataset through the real service (`load_dataset`) into a fresh store
(a temporary SQLite file; a new database on the PostgreSQL server of --pg-url or
DOCKET_TEST_POSTGRES_URL, dropped afterwards); then time `compute_stats` and
`list_people(political_prisoners=True)` for a few as-of days (one warm-up run, then the median
and maximum of --runs runs); then run the real CLI once (`docket stats --as-of DAY --json`) to
show what starting a process adds. Prints a table of the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

import orjson
from sqlalchemy import create_engine, make_url, text

from bench.generate import generate
from docket.config import Settings, sqlite_url
from docket.domain.sensitivity import Audience
from docket.services import redacting
from docket.services.loading import load_dataset
from docket.services.people import PersonStatus, list_people
from docket.services.stats import Stats, compute_stats
from docket.services.store import Store, open_store

T = TypeVar("T")
PG_ENV = "DOCKET_TEST_POSTGRES_URL"
DAYS = ("2016-06-30", "2021-10-26", "2025-06-30")
TARGET_EVENTS_PER_S = 50_000  # load on SQLite
TARGET_STATS_S = 1.0  # as-of stats


@dataclass(slots=True)
class Result:
    """The figures of one store."""

    store: str
    version: str
    schema_s: float = 0.0
    load_s: float = 0.0
    load_cpu_s: float = 0.0  # CPU time of this process only (not the PostgreSQL server's)
    records: int = 0
    events: int = 0
    reload_s: float | None = None
    # day -> (median s, maximum s, median CPU s of this process, the count found)
    stats: dict[str, tuple[float, float, float, int]] = field(default_factory=dict)
    people: dict[str, tuple[float, float, float, int]] = field(default_factory=dict)
    cli_s: float = 0.0
    cli_start_s: float = 0.0


def timed(fn: Callable[[], T], runs: int) -> tuple[float, float, float, T]:
    """Median and maximum seconds of `runs` runs after one warm-up, the median CPU seconds of
    this process, and the last result."""
    result = fn()
    times, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return statistics.median(times), max(times), statistics.median(cpu), result


def docket_command() -> list[str]:
    """The installed `docket` script of this environment, else the module."""
    script = Path(sys.executable).with_name("docket")
    return [str(script)] if script.exists() else [sys.executable, "-m", "docket.cli.app"]


def run_cli(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [*docket_command(), *args], env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"docket {' '.join(args)} failed:\n{done.stderr}")
    return seconds


def measure(
    name: str, version: str, settings: Settings, data: Path, args: argparse.Namespace
) -> Result:
    result = Result(name, version)
    started = time.perf_counter()
    store: Store = open_store(settings)
    result.schema_s = time.perf_counter() - started
    try:
        if getattr(args, "reuse", False):
            print(f"[{name}] reusing the store loaded before (no load measured)", flush=True)
        else:
            print(f"[{name}] loading {data} ...", flush=True)
            started, cpu = time.perf_counter(), time.process_time()
            report = load_dataset(store, data)
            result.load_s = time.perf_counter() - started
            result.load_cpu_s = time.process_time() - cpu
            result.records = sum(report.counts.values())
            result.events = report.counts["events"]
            print(f"[{name}] loaded in {result.load_s:.1f} s", flush=True)
        if args.reload:
            result.reload_s = load_dataset(store, data).seconds
        for day_text in args.days:
            day = date.fromisoformat(day_text)

            def stats(day: date = day) -> Stats:
                return compute_stats(store, as_of=day)

            def prisoners(day: date = day) -> list[PersonStatus]:
                return list_people(store, as_of=day, political_prisoners=True)

            def audience_stats(day: date = day) -> Stats:
                return redacting.stats_for(
                    store, compute_stats(store, as_of=day), Audience(args.audience)
                )

            med, top, cpu, figures = timed(audience_stats if args.audience else stats, args.runs)
            figure = figures.figure("stock.political_prisoners")
            result.stats[day_text] = (med, top, cpu, figure.value if figure else 0)
            med, top, cpu, found = timed(prisoners, args.runs)
            result.people[day_text] = (med, top, cpu, len(found))
            print(f"[{name}] {day_text}: stats {result.stats[day_text][0]:.3f} s, list {med:.3f} s")
    finally:
        store.close()
    env = dict(os.environ)
    cli_args = ["stats", "--as-of", args.days[-1], "--json"]
    if args.audience:
        cli_args += ["--audience", args.audience]
    if settings.is_sqlite:
        cli_args = ["--db", settings.database_url.removeprefix("sqlite:///"), *cli_args]
        env.pop("DOCKET_DATABASE_URL", None)
    else:
        env["DOCKET_DATABASE_URL"] = settings.database_url
    result.cli_start_s = run_cli(["--help"], env)
    result.cli_s = run_cli(cli_args, env)
    return result


def run_sqlite(data: Path, args: argparse.Namespace) -> Result:
    if args.store is not None:  # a store kept for the next run: loaded once, then reused
        args.reuse = args.store.exists()
        settings = Settings(database_url=sqlite_url(args.store), data_dir=args.store.parent)
        return measure("SQLite", sqlite3.sqlite_version, settings, data, args)
    with tempfile.TemporaryDirectory(prefix="docket-bench-") as tmp:
        settings = Settings(database_url=sqlite_url(Path(tmp) / "bench.sqlite"), data_dir=Path(tmp))
        return measure("SQLite", sqlite3.sqlite_version, settings, data, args)


@contextmanager
def fresh_database(url: str) -> Iterator[str]:
    """A new, empty database on the server of `url`, dropped afterwards."""
    base = make_url(url)
    if base.drivername == "postgresql":
        base = base.set(drivername="postgresql+psycopg")
    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run_postgres(url: str, data: Path, args: argparse.Namespace) -> Result:
    with fresh_database(url) as db_url, tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(db_url)
        with engine.connect() as conn:
            version = str(conn.execute(text("SHOW server_version")).scalar())
        engine.dispose()
        settings = Settings(database_url=db_url, data_dir=Path(tmp))
        return measure("PostgreSQL", version.split()[0], settings, data, args)


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s" if seconds else "-"


def latency(figures: tuple[float, float, float, int]) -> str:
    med, top, cpu, _ = figures
    return f"{med:.2f} / {top:.2f} (CPU {cpu:.2f})"


def table(results: list[Result], args: argparse.Namespace, header: list[str]) -> str:
    rows: list[tuple[str, ...]] = [("", *(f"{r.store} {r.version}" for r in results))]
    rows.append(("schema (migrations), s", *(f"{r.schema_s:.2f}" for r in results)))
    rows.append(("load, s", *(f"{r.load_s:.1f}" for r in results)))
    rows.append(("load: CPU of this process, s", *(f"{r.load_cpu_s:.1f}" for r in results)))
    rows.append(("load: records/s", *(rate(r.records, r.load_s) for r in results)))
    rows.append(("load: events/s", *(rate(r.events, r.load_s) for r in results)))
    if args.reload:
        rows.append(("reload (replace), s", *(f"{r.reload_s or 0:.1f}" for r in results)))
    for day in args.days:
        rows.append(
            (
                f"stats --as-of {day}: median / max s",
                *(latency(r.stats[day]) for r in results),
            )
        )
    for day in args.days:
        rows.append(
            (
                f"political prisoners list {day}: median / max s",
                *(latency(r.people[day]) for r in results),
            )
        )
    for day in args.days:
        rows.append((f"  political prisoners on {day}", *(f"{r.stats[day][3]:,}" for r in results)))
    rows.append(("CLI: docket --help, s", *(f"{r.cli_start_s:.2f}" for r in results)))
    rows.append(
        (
            f"CLI: docket stats --as-of {args.days[-1]} --json, s",
            *(f"{r.cli_s:.2f}" for r in results),
        )
    )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [*header, ""]
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def verdicts(results: list[Result]) -> list[str]:
    out = []
    for r in results:
        if r.store == "SQLite" and r.load_s:
            speed = r.events / r.load_s if r.load_s else 0
            met = "met" if speed >= TARGET_EVENTS_PER_S else "MISSED"
            out.append(f"target: SQLite load >= {TARGET_EVENTS_PER_S:,} events/s: {met}")
        worst = max((s[0] for s in r.stats.values()), default=0)
        met = "met" if worst < TARGET_STATS_S else "MISSED"
        out.append(f"target: {r.store} as-of stats < {TARGET_STATS_S:.0f} s (median): {met}")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000, help="people to generate")
    parser.add_argument("--events", type=int, default=1_000_000, help="events to generate")
    parser.add_argument("--seed", type=int, default=2021, help="generator seed")
    parser.add_argument("--data", type=Path, help="use this dataset instead of generating one")
    parser.add_argument("--pg-url", default=os.environ.get(PG_ENV), help=f"default ${PG_ENV}")
    parser.add_argument("--no-sqlite", action="store_true", help="skip SQLite")
    parser.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (default 5)")
    parser.add_argument("--days", nargs="+", default=list(DAYS), help="as-of days to query")
    parser.add_argument("--reload", action="store_true", help="also time loading it again")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--store",
        type=Path,
        help="SQLite: load into this file and keep it; if it exists, measure it without loading",
    )
    parser.add_argument(
        "--audience",
        choices=[a.value for a in Audience],
        help="time the figures as the command line makes them for this audience "
        "(compute_stats, then stats_for); default: compute_stats alone",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="docket-bench-data-") as tmp:
        data: Path = args.data
        header = [
            f"Docket core benchmark, {date.today()}: {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
            "load average at start {:.1f}".format(os.getloadavg()[0])
        ]
        reusing = args.store is not None and args.store.exists() and args.no_postgres
        if data is None and reusing and args.reload:
            raise SystemExit("--reload needs --data: the kept store's dataset is not kept")
        if data is None and reusing:  # the kept store is measured as it is: nothing to load
            data = args.store
            header.append(f"dataset: the one loaded into {args.store} before")
        elif data is None:
            data = Path(tmp) / "dataset"
            started = time.perf_counter()
            counts = generate(data, people=args.people, events=args.events, seed=args.seed)
            seconds = time.perf_counter() - started
            header.append(
                f"dataset: generated in {seconds:.1f} s, seed {args.seed}: "
                + ", ".join(f"{v:,} {k}" for k, v in counts.items())
            )
        else:
            header.append(f"dataset: {data}")
        print(header[-1], flush=True)
        results = []
        if not args.no_sqlite:
            results.append(run_sqlite(data, args))
        if args.no_postgres:
            pass
        elif not args.pg_url:
            print(f"PostgreSQL skipped: give --pg-url or set {PG_ENV} (postgresql://user@host/db).")
        else:
            results.append(run_postgres(args.pg_url, data, args))
    if not results:
        raise SystemExit("Nothing was measured.")
    header.append(f"load average at end {os.getloadavg()[0]:.1f}")
    print()
    print(table(results, args, header))
    print()
    print("\n".join(verdicts(results)))
    if args.json:
        payload = {"header": header, "results": [asdict(r) for r in results]}
        args.json.write_bytes(orjson.dumps(payload, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main()
