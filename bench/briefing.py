"""Briefing speed on a fictional record: 10,000 people and 100,000 events by default.

    python -m bench.briefing [--people 10000] [--events 100000] [--as-of 2025-06-30] [--keep]

Generates the dataset with bench/generate.py (invented people only), loads it into a fresh SQLite
file under bench/out/, then times `docket brief` to HTML and to PDF end to end (reading the
record, selecting, computing, rendering, writing), and each stage once. Targets on the
development machine: HTML under 10 s, PDF under 20 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from bench.generate import generate
from docket.config import Settings
from docket.reports.document import render_briefing
from docket.reports.text import load_messages
from docket.services.briefing import BriefingRequest, prepare_briefing, read_record
from docket.services.loading import load_dataset
from docket.services.store import open_store

OUT = Path(__file__).resolve().parent / "out"
TARGETS = {"html": 10.0, "pdf": 20.0}


def run_cli(argv: list[str]) -> None:
    from docket.cli.app import app
    from docket.cli.reports import register

    if not any(c.name == "brief" for c in app.registered_commands):
        register(app)
    app(argv, prog_name="docket")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--cli"]:
        run_cli(argv[1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--as-of", default="2025-06-30", help="the briefing's day")
    parser.add_argument("--keep", action="store_true", help="reuse bench/out's store if present")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    name = f"briefing-{args.people}-{args.events}"
    db = OUT / f"{name}.sqlite"
    store = open_store(Settings.from_env().with_db_path(db))
    if not (args.keep and db.exists() and db.stat().st_size > 1_000_000):
        data = OUT / name
        started = time.perf_counter()
        counts = generate(data, people=args.people, events=args.events)
        load_dataset(store, data)
        print(f"generated and loaded {counts} in {time.perf_counter() - started:.1f} s")
    request = BriefingRequest(
        as_of=date.fromisoformat(args.as_of), generated_at=datetime(2025, 7, 1, tzinfo=UTC)
    )
    results = {}
    # `docket`, with the report commands registered whether or not cli/app.py does it yet.
    docket = [sys.executable, "-m", "bench.briefing", "--cli"]
    for fmt in ("html", "pdf"):
        # End to end as a monitor runs it: a fresh process, imports included.
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(
            [*docket, "--db", str(db), "brief", "--as-of", args.as_of, "--format", fmt,
             "-o", str(OUT / f"{name}.{fmt}"), "--generated-at", "2025-07-01T00:00:00Z"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        results[fmt] = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        size = (OUT / f"{name}.{fmt}").stat().st_size
        print(
            f"docket brief --format {fmt}: {results[fmt]:.2f} s end to end, "
            f"{cpu:.2f} s CPU ({size / 1e6:.1f} MB)"
        )
    cpu = time.process_time()
    snapshot = read_record(store)
    read = time.process_time() - cpu
    cpu = time.process_time()
    context = prepare_briefing(store, request, snapshot)
    built = time.process_time() - cpu
    print(
        f"stages (CPU): read the record {read:.2f} s; select and compute {built:.2f} s; "
        f"{len(context.prisoners)} political prisoners, "
        f"{sum(len(s.entries) for s in context.sections)} new events listed, "
        f"{len(context.officials)} officials"
    )
    t = load_messages("en")
    for fmt in ("html", "pdf"):
        cpu = time.process_time()
        render_briefing(context, fmt, OUT / f"{name}-render.{fmt}", t=t)
        print(f"stages (CPU): render {fmt} {time.process_time() - cpu:.2f} s")
    verdict = ", ".join(
        f"{fmt} {results[fmt]:.1f} s / target {TARGETS[fmt]:.0f} s "
        f"({'ok' if results[fmt] < TARGETS[fmt] else 'SLOW'})"
        for fmt in results
    )
    print(f"{args.people} people, {args.events} events: {verdict}")
    print(f"load average while measuring: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    store.close()


if __name__ == "__main__":
    main()
