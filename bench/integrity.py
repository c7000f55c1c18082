"""What the tamper-evident history costs: a large load with and without it, and `docket verify`.

    .venv/bin/python -m bench.integrity --data DIR          # a dataset folder (bench.generate)
    .venv/bin/python -m bench.integrity --people 10000 --events 100000
    .venv/bin/python -m bench.integrity --people 2000 --events 20000 --pg-url postgresql://...

For each run a fresh SQLite store is made (with --pg-url, a fresh PostgreSQL database). The
baseline run drops the change-log triggers and turns the sealing off before loading, so it is the
load as it was before the history existed; the other run is the real thing. Then `verify`
recomputes the chain and every row. Prints the wall and CPU times, the time spent sealing
(hashing the changed rows at commit), the sizes of the store files, the entries and rows checked,
and the load average (the machine may be shared).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from bench.core import fresh_database
from bench.generate import generate
from docket.config import Settings, sqlite_url
from docket.services import integrity
from docket.services.loading import load_dataset
from docket.services.store import Store, open_store
from docket.storage import integrity_seal
from docket.storage.integrity_triggers import coverage, trigger_names


@contextmanager
def _timed(into: dict[str, float], name: str) -> Iterator[None]:
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    into[name] = time.perf_counter() - wall
    into[name + " CPU"] = time.process_time() - cpu


def _store(folder: Path, name: str, url: str | None) -> Store:
    database = url or sqlite_url(folder / f"{name}.sqlite")
    return open_store(Settings(database_url=database, data_dir=folder))


def _without_history(store: Store) -> None:
    with store.engine.begin() as conn:
        dialect = conn.dialect.name
        for table in coverage(conn).tables:
            for trigger in trigger_names(table, dialect):
                on = f' ON "{table}"' if dialect == "postgresql" else ""
                conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{trigger}"{on}')


def _size(folder: Path, name: str) -> float:
    return sum(p.stat().st_size for p in folder.glob(f"{name}.sqlite*")) / 1e6


def run(data: Path, folder: Path, pg_url: str | None = None) -> dict[str, Any]:
    if pg_url:
        with fresh_database(pg_url) as one, fresh_database(pg_url) as two:
            return _run(data, folder, one, two)
    return _run(data, folder, None, None)


def _run(data: Path, folder: Path, one: str | None, two: str | None) -> dict[str, Any]:
    figures: dict[str, Any] = {"load average before": os.getloadavg()}
    original = integrity_seal.seal
    baseline = _store(folder, "baseline", one)
    _without_history(baseline)
    integrity_seal.seal = lambda conn, **_: None  # type: ignore[assignment]
    try:
        with _timed(figures, "load without history, s"):
            load_dataset(baseline, data)
    finally:
        integrity_seal.seal = original
        baseline.close()
    sealing: dict[str, float] = {}

    def timed_seal(conn: Connection, **kw: Any) -> int | None:
        with _timed(sealing, "seal"):
            return original(conn, **kw)

    store = _store(folder, "history", two)
    integrity_seal.seal = timed_seal  # type: ignore[assignment]
    try:
        with _timed(figures, "load with history, s"):
            load_dataset(store, data)
    finally:
        integrity_seal.seal = original
    figures["of which sealing, s"] = sealing.get("seal", 0.0)
    with _timed(figures, "verify, s"):
        result = integrity.verify(store)
    store.close()
    figures["verify ok"] = result.ok
    figures["chain entries checked"] = result.check.entries
    figures["rows checked"] = result.check.rows
    figures["tables checked"] = result.check.tables
    if one is None:
        figures["store without history, MB"] = _size(folder, "baseline")
        figures["store with history, MB"] = _size(folder, "history")
    base, full = figures["load without history, s"], figures["load with history, s"]
    figures["load overhead"] = f"{(full / base - 1) * 100:.0f}%"
    figures["load average after"] = os.getloadavg()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a dataset folder (default: generate one)")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--pg-url", help="measure PostgreSQL on this server instead of SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docket-integrity-") as tmp:
        folder = Path(tmp)
        data = args.data
        if data is None:
            data = folder / "data"
            generate(data, people=args.people, events=args.events, seed=args.seed)
        print(f"CPUs: {os.cpu_count()}; dataset: {data.name}")
        for name, value in run(data, folder, args.pg_url).items():
            if isinstance(value, float):
                value = f"{value:.1f}"
            elif isinstance(value, tuple):
                value = " ".join(f"{v:.2f}" for v in value)
            print(f"{name}: {value}")


if __name__ == "__main__":
    main()
