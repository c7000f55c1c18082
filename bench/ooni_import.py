"""The OONI import benchmark.

    python -m bench.ooni_import [--measurements 200000] [--seed 2022] [--keep DIR]
                                [--postgres URL] [--workers N]

Writes N fictional web_connectivity 0.5.28 measurements of the size and shape OONI Probe writes
(bench.ooni_measurements) as gzip'd JSON lines, one file per country and day as OONI publishes
them, imports them through the service into a fresh SQLite store (and a fresh PostgreSQL schema
with --postgres), and prints measurements per second with the load average and CPU seconds; a
second import of the same files shows that nothing new is created.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.ooni_measurements import measurements, write

__all__ = ["main", "measurements", "write"]


def _cpu() -> tuple[float, float]:
    """CPU seconds used by this process, and by its finished children (the worker processes)."""
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def _import(url: str, files: list[Path], data_dir: Path, workers: int | None) -> dict[str, Any]:
    from docket.config import Settings
    from docket.services.ooni import import_measurements
    from docket.services.store import open_store

    store = open_store(Settings(database_url=url, data_dir=data_dir))
    try:
        (main, workers_cpu), started = _cpu(), time.perf_counter()
        first = import_measurements(store, files, workers=workers)
        seconds = time.perf_counter() - started
        main, workers_cpu = _cpu()[0] - main, _cpu()[1] - workers_cpu
        again = import_measurements(store, files, workers=workers)
    finally:
        store.close()
    return {
        "seconds": seconds,
        "cpu": main + workers_cpu,
        "main": main,
        "workers": workers_cpu,
        "first": first,
        "again": again,
    }


def _report(label: str, run: Callable[[], dict[str, Any]], n: int) -> None:
    r = run()
    first, again = r["first"], r["again"]
    print(
        f"{label}: {n:,} measurements in {r['seconds']:.2f} s = "
        f"{n / r['seconds']:,.0f} measurements/s; {r['cpu']:.1f} CPU s in all processes "
        f"(this one {r['main']:.1f}, workers {r['workers']:.1f}) = "
        f"{n / r['cpu']:,.0f} measurements per CPU second ({first.new:,} new; Docket agrees "
        f"with OONI on {first.agreed:,}); again: {again.new} new, {again.already:,} already "
        f"stored in {again.seconds:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measurements", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--postgres", help="also import into this PostgreSQL database")
    parser.add_argument("--workers", type=int, help="worker processes (default: automatic)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp) / "ooni"
        started = time.perf_counter()
        files = sorted(out.glob("*_webconnectivity.jsonl.gz")) if args.keep else []
        verb = "reused"  # kept files: the same size and seed give the same bytes
        if not files:
            files, verb = write(out, args.measurements, seed=args.seed), "wrote"
        size = sum(f.stat().st_size for f in files)
        print(
            f"{verb} {args.measurements:,} measurements in {len(files)} files "
            f"({size / 1e6:.1f} MB gzip'd) in {time.perf_counter() - started:.1f} s"
        )
        db = Path(tmp) / "bench.sqlite"
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} processors")
        url = f"sqlite:///{db}"
        _report("SQLite", lambda: _import(url, files, Path(tmp), args.workers), args.measurements)
        if args.postgres:
            schema, pg = _fresh_schema(args.postgres)
            try:
                _report("PostgreSQL", lambda: _import(pg, files, Path(tmp), args.workers),
                        args.measurements)  # fmt: skip
            finally:
                _drop_schema(args.postgres, schema)
        print(f"load average after: {os.getloadavg()[0]:.1f}")


def _fresh_schema(url: str) -> tuple[str, str]:
    """A new schema on the server, and the URL of a store in it."""
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in url else "?"
    return schema, f"{url}{sep}options=-csearch_path%3D{schema}"


def _drop_schema(url: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


if __name__ == "__main__":
    main()
