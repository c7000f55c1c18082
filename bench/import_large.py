"""Import a large generated spreadsheet and print the rate and the memory it took.

    .venv/bin/python bench/import_large.py [--rows 1000000] [--dry-run] [--db PATH]

Writes a CSV of fictional people (name in Cyrillic and Latin, sex, birth year, region, an
article, a status word and its date) to a temporary folder, imports it into a fresh SQLite
store (or the PostgreSQL at DOCKET_DATABASE_URL) with a mapping, and prints rows per second
and the process's peak resident memory. Memory should not grow with the number of rows beyond
a few ids per row: the file is streamed and written in chunks.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from docket.config import Settings
from docket.interchange.mapping import parse_mapping
from docket.services.importing import import_table
from docket.services.store import open_store

GIVEN = ["Айгерим", "Болат", "Дана", "Ерлан", "Марат", "Жанна", "Асхат", "Гульмира", "Нурлан"]
SYLLABLES = ["ка", "ра", "бе", "то", "су", "ны", "ма", "жа", "ла", "ге", "ду", "ки", "сы", "па"]
LATIN = str.maketrans(
    "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЫЭЮЯабвгдежзийклмнопрстуфхцчшыьэюя",
    "ABVGDEJZIIKLMNOPRSTUFHCCSYEUAabvgdejziiklmnoprstufhccsy'eua",
)
STATUSES = ["СИЗО", "в колонии", "под домашним арестом", "освобожден", "задержан"]
MAPPING = """
columns:
  ФИО: name
  Латиница: other_name
  Пол: sex
  Год рождения: born
  Регион: region
  Статья: charges
  Статус: status
  Дата: status_date
"""


def _stem(n: int) -> str:
    """A surname stem of its own for row n: n written in syllables."""
    out = ""
    for _ in range(6):
        n, digit = divmod(n, len(SYLLABLES))
        out += SYLLABLES[digit]
    return out.capitalize()


def write_csv(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("ФИО;Латиница;Пол;Год рождения;Регион;Статья;Статус;Дата\n")
        for n in range(rows):
            given = rng.choice(GIVEN)
            female = given in ("Айгерим", "Дана", "Жанна", "Гульмира")
            stem = _stem(n)
            name = f"{given} {stem}{'ова' if female else 'ов'}"  # one stem a row: no namesakes
            sex = "ж" if female else "м"
            day = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2018, 2022)}"
            handle.write(
                f"{name};{name.translate(LATIN)};{sex};{rng.randint(1950, 2000)};Алматы;"
                f"ст. 405 ч. {rng.randint(1, 2)};{rng.choice(STATUSES)};{day}\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20211101)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--db", type=Path, help="SQLite file (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sheet = folder / "large.csv"
        started = time.perf_counter()
        write_csv(sheet, args.rows, args.seed)
        size = sheet.stat().st_size
        print(f"wrote {args.rows:,} rows ({size / 1e6:.0f} MB) in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        settings = Settings.from_env()
        if "DOCKET_DATABASE_URL" not in os.environ:
            settings = settings.with_db_path(args.db or folder / "bench.sqlite")
        store = open_store(settings)
        mapping = parse_mapping(MAPPING, "bench mapping", store.vocab)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started, cpu = time.perf_counter(), time.process_time()
        report = import_table(
            store, sheet, mapping, mapping_label="bench mapping", dry_run=args.dry_run
        )
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        store.close()
    print(f"store: {settings.describe_store() if args.db else 'temporary'}")
    print(f"{'dry run' if args.dry_run else 'import'}: {report.rows:,} rows in {seconds:.1f} s, "
          f"{report.rows / seconds:,.0f} rows/s; problems: {report.problem_count}")  # fmt: skip
    print(
        f"CPU time of this process: {cpu:.1f} s, {report.rows / cpu:,.0f} rows per CPU second "
        "(the wall time includes waiting for the database and for other processes)"
    )
    print(f"created: {dict(report.created)}")
    print(f"peak resident memory: {peak / 1024:.0f} MB (before the import: {before / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
