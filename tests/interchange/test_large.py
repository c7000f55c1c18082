"""A large file streams: memory grows by a few bytes per row, not by the rows' contents.

bench/import_large.py runs the same import on a million rows and prints the figures.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from pathlib import Path

from docket.interchange.mapping import parse_mapping
from docket.services.importing import import_table
from docket.services.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from import_large import MAPPING, write_csv  # noqa: E402

SMALL, LARGE = 3_000, 9_000


def peak_of(store: Store, path: Path) -> int:
    mapping = parse_mapping(MAPPING, "bench mapping", store.vocab)
    gc.collect()
    tracemalloc.start()
    try:
        report = import_table(store, path, mapping, mapping_label="m", dry_run=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.ok and report.problem_count == 0
    return peak


def test_memory_per_row_stays_small(sqlite_settings: object, tmp_path: Path) -> None:
    from docket.services.store import open_store

    store = open_store(sqlite_settings)  # type: ignore[arg-type]
    try:
        large = tmp_path / "large.csv"
        write_csv(large, LARGE, seed=7)
        small = tmp_path / "small.csv"
        small.write_bytes(b"".join(large.open("rb").readlines()[: SMALL + 1]))
        peak_of(store, large)  # fills the name caches (bounded), which both runs then share
        per_row = (peak_of(store, large) - peak_of(store, small)) / (LARGE - SMALL)
    finally:
        store.close()
    # A row read into records costs about 2 kB; streaming keeps a hash and a date per row.
    assert per_row < 400, f"{per_row:.0f} bytes per row"
