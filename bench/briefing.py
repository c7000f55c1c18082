"""Briefing speed on a fictional record: 10,000 people and 100,000 events by default.

    python -m bench.briefing [--people 10000] [--events 100000] [--as-of 2025-06-30] [--keep]
                             [--repeat N] [--no-bytecode] [--cli-only]

Generates the dataset with bench/generate.py (invented people only), loads it into a fresh SQLite
file under bench/out/, then times `docket brief` to HTML and to PDF in a fresh process (imports
included), `write_briefing` in this process, and each stage once, with CPU seconds and the load
average (the machine is shared). Targets on the development machine: HTML under 10 s, PDF under
20 s. The files are written to bench/out/ with their SHA-256, so that outputs of two versions
can be compared; with --keep the store is reused.

`docket brief` runs as installed: with Docket's modules compiled to bytecode once (into
bench/out/pycache), as pip's install leaves them. An environment that sets
PYTHONDONTWRITEBYTECODE (as the development sandbox does) otherwise compiles every module again in
every run; --no-bytecode measures that. With --repeat N each command runs N times, HTML and PDF
in turn, and the lowest figures are given beside each run's (a shared machine only adds time).
--cli-only stops there (no in-process and stage timings): quicker rounds for before/after pairs.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import docket
from bench.generate import generate
from docket.config import Settings
from docket.reports.document import render_briefing
from docket.reports.text import load_messages
from docket.services.briefing import (
    BriefingRequest,
    prepare_briefing,
    read_record,
    write_briefing,
)
from docket.services.loading import load_dataset
from docket.services.store import Store, open_store

OUT = Path(__file__).resolve().parent / "out"
TARGETS = {"html": 10.0, "pdf": 20.0}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--as-of", default="2025-06-30", help="the briefing's day")
    parser.add_argument("--keep", action="store_true", help="reuse bench/out's store if present")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each CLI command")
    parser.add_argument(
        "--no-bytecode", action="store_true", help="run the CLI without compiled bytecode"
    )
    parser.add_argument(
        "--cli-only", action="store_true", help="time only the CLI runs (no in-process stages)"
    )
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
    print(f"load average before: {_load()}")
    env = _environment(bytecode=not args.no_bytecode)
    results: dict[str, list[tuple[float, float]]] = {"html": [], "pdf": []}
    for _ in range(args.repeat):
        for fmt in ("html", "pdf"):
            # End to end as a monitor runs it: `docket brief` in a fresh process, imports included.
            target = OUT / f"{name}.{fmt}"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(
                [*_docket(), "--db", str(db), "brief", "--as-of", args.as_of, "--format", fmt,
                 "-o", str(target), "--generated-at", "2025-07-01T00:00:00Z"],
                check=True, stdout=subprocess.DEVNULL, env=env,
            )  # fmt: skip
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            results[fmt].append((wall, cpu))
            written = target.read_bytes()
            digest = hashlib.sha256(written).hexdigest()[:16]
            print(
                f"CLI docket brief --format {fmt}: {wall:.2f} s wall, {cpu:.2f} s CPU "
                f"({len(written) / 1e6:.1f} MB, sha256 {digest}), "
                f"load average {_load()}"
            )
    for fmt, runs in results.items():
        print(
            f"CLI {fmt}, lowest of {len(runs)}: {min(w for w, _ in runs):.2f} s wall, "
            f"{min(c for _, c in runs):.2f} s CPU"
        )
    if not args.cli_only:
        _in_process(store, request, name)
    verdict = ", ".join(
        f"{fmt} {min(w for w, _ in runs):.1f} s / target {TARGETS[fmt]:.0f} s "
        f"({'ok' if min(w for w, _ in runs) < TARGETS[fmt] else 'SLOW'})"
        for fmt, runs in results.items()
    )
    print(f"{args.people} people, {args.events} events, CLI wall: {verdict}")
    print(f"load average after: {_load()} ({os.cpu_count()} CPUs)")
    store.close()


def _in_process(store: Store, request: BriefingRequest, name: str) -> None:
    for fmt in ("html", "pdf"):
        # The same in this process (imports done): what the service itself costs.
        wall, cpu = time.perf_counter(), time.process_time()
        write_briefing(store, request, fmt=fmt, path=OUT / f"{name}-inprocess.{fmt}")
        print(
            f"in-process write_briefing {fmt}: {time.perf_counter() - wall:.2f} s wall, "
            f"{time.process_time() - cpu:.2f} s CPU, load average {_load()}"
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


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _environment(*, bytecode: bool) -> dict[str, str]:
    """The CLI's environment: Docket's modules compiled once into bench/out/pycache (the
    environment's own bytecode setting is left as it is with bytecode=False)."""
    env = dict(os.environ)
    if not bytecode:
        return env
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    sys.pycache_prefix = env["PYTHONPYCACHEPREFIX"]
    compileall.compile_dir(docket.__path__[0], quiet=1)
    print("CLI runs with Docket's modules compiled (bench/out/pycache), as installed")
    return env


def _docket() -> list[str]:
    """The `docket` command of this environment (its console script beside the interpreter)."""
    script = Path(sys.executable).with_name("docket")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from docket.cli.app import main; main()"]


if __name__ == "__main__":
    main()
