"""Counting for the fuzzers: how many inputs each one tried, printed at the end of its module.

Run `pytest tests/security/test_fuzz_*.py -s` to see the figures. A crash found by a fuzzer is kept
as an explicit regression example beside it (`@example(...)` or a plain test), and fixed in the
parser; `REGRESSIONS` counts those kept examples per fuzzer.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, inspect

TRIED: Counter[str] = Counter()
REGRESSIONS: Counter[str] = Counter()

# Deadlines are off: the first call of a parser may load vocabularies, ICU or a database.
FAST = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
MEDIUM = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def tried(fuzzer: str) -> None:
    TRIED[fuzzer] += 1


def kept(fuzzer: str, count: int) -> None:
    REGRESSIONS[fuzzer] = count


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Iterator[None]:
    """Import this fixture into a fuzz module; it prints that module's figures when it ends."""
    before = Counter(TRIED)
    yield
    for name in sorted(TRIED):
        if TRIED[name] != before[name]:
            print(
                f"\nfuzz {name}: {TRIED[name] - before[name]} inputs tried, "
                f"{REGRESSIONS[name]} crashing inputs kept as regressions"
            )


def store_snapshot(engine: Engine, *, skip: tuple[str, ...] = ()) -> str:
    """A digest of every row of every table (but those in `skip`): equal before and after a
    refused write."""
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in sorted(set(inspect(conn).get_table_names()) - set(skip)):
            quoted = conn.dialect.identifier_preparer.quote(table)
            rows = conn.exec_driver_sql(f"SELECT * FROM {quoted}").fetchall()  # noqa: S608
            digest.update(table.encode())
            for row in sorted(repr(tuple(r)) for r in rows):
                digest.update(row.encode())
    return digest.hexdigest()
