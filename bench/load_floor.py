"""The floor of the load's writing on SQLite: what it costs SQLite alone to write the rows a
load writes, with no Python per row.

    python -m bench.core --store /tmp/m1.sqlite --no-postgres        # load 100k people / 1M events
    python -m bench.load_floor /tmp/m1.sqlite

Every table of a loaded store is copied into a new, empty store made by Docket's own schema
(`INSERT INTO ... SELECT`, inside SQLite, one transaction), as the bulk load writes them
(`storage.bulk_insert`): the history's insert triggers dropped, secondary indexes made after the
insert, unique keys kept. Nothing is parsed, checked, hashed or built in Python, so no loader of
this schema can write faster; the figure printed is the most events per second a load could
reach from writing alone, beside the issue's target of 50,000. It is given with and without the
history's row hashes (`integrity_row`).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from pathlib import Path

TARGET = 50_000


def _empty_store(path: Path) -> None:
    from docket.config import Settings
    from docket.services.store import open_store

    open_store(Settings(database_url=f"sqlite:///{path}", data_dir=path.parent)).close()


Written = tuple[float, str, int]  # seconds, table, rows


def _copy(source: Path, target: Path, *, skip: set[str]) -> tuple[float, float, list[Written]]:
    con = sqlite3.connect(target, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("ATTACH ? AS old", (str(source),))
    master = "SELECT name, sql FROM main.sqlite_master WHERE type = ? AND sql IS NOT NULL"
    for name, _ in con.execute(master, ("trigger",)).fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    secondary = [
        (n, sql)
        for n, sql in con.execute(master, ("index",)).fetchall()
        if not sql.upper().startswith("CREATE UNIQUE")
    ]
    tables = [
        n
        for (n,) in con.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%fts%' "
            "AND name != 'alembic_version'"
        )
        if n not in skip
    ]
    per: list[Written] = []
    started, cpu = time.perf_counter(), time.process_time()
    con.execute("BEGIN")
    for name, _ in secondary:
        con.execute(f'DROP INDEX main."{name}"')
    for table in tables:
        columns = ", ".join(f'"{c[1]}"' for c in con.execute(f'PRAGMA main.table_info("{table}")'))
        at = time.perf_counter()
        # names from the store's own schema, not from input
        into, read = f'main."{table}" ({columns})', f'{columns} FROM old."{table}"'
        cur = con.execute(f"INSERT OR IGNORE INTO {into} SELECT {read}")  # noqa: S608
        per.append((time.perf_counter() - at, table, cur.rowcount))
    at = time.perf_counter()
    for _, sql in secondary:
        con.execute(sql)
    per.append((time.perf_counter() - at, f"({len(secondary)} secondary indexes made)", 0))
    con.execute("COMMIT")
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    con.close()
    return wall, cpu, per


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path, help="a SQLite store a dataset was loaded into")
    args = parser.parse_args(argv)
    with sqlite3.connect(args.store) as con:
        events = con.execute("SELECT count(*) FROM event").fetchone()[0]
    if not events:
        raise SystemExit(f"{args.store} holds no events: load a dataset into it first")
    print(
        f"Load floor, {os.cpu_count()} CPUs, SQLite {sqlite3.sqlite_version}, load average "
        f"{os.getloadavg()[0]:.1f}; {events:,} events in {args.store}"
    )
    for label, skip in (("with the history", set()), ("without the history", {"integrity_row"})):
        with tempfile.TemporaryDirectory(prefix="docket-floor-") as tmp:
            target = Path(tmp) / "empty.sqlite"
            _empty_store(target)
            wall, cpu, per = _copy(args.store, target, skip=skip)
        rows = sum(n for _, _, n in per)
        print(f"\n{label}: {rows:,} rows written in {wall:.1f} s (CPU {cpu:.1f} s)")
        for seconds, table, n in sorted(per, reverse=True)[:6]:
            print(f"  {table:34s} {n:>11,} rows {seconds:6.1f} s")
        ceiling = events / wall
        verdict = "below" if ceiling < TARGET else "above"
        print(f"  at most {ceiling:,.0f} events/s from writing alone: {verdict} {TARGET:,}/s")


if __name__ == "__main__":
    main()
