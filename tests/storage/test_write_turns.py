"""Two writers at once: each write reads first (the history's last entry, whether an id is
taken), then changes rows. On SQLite those reads were made outside the write's transaction
until its first change, so a writer could write back what it had read before another writer
committed, and lose that writer's change. Now a write takes SQLite's write lock first.

PostgreSQL reads what is committed when each statement runs (read committed); a write there
that must not lose a concurrent change locks what it reads (the audit chain does)."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, insert, select, update

from docket.config import Settings
from docket.services.store import Store, open_store
from docket.storage.audit_tables import AuditEntryRow
from docket.storage.integrity_check import check_store
from docket.storage.tables import DatasetRow


def _dataset(name: str) -> dict[str, object]:
    return {
        "id": f"turns-{name}",
        "title": f"Fictional dataset {name}",
        "description": None,
        "jurisdiction": None,
        "fingerprint": name * 8,
        "loaded_at": "2026-01-01T00:00:00+00:00",
        "counts": {"edits": 0},
    }


def _count_edits(store: Store, *, pause: float, read: threading.Event | None) -> None:
    """One write that reads a figure, (slowly) adds one to it and writes it back."""
    with store.write() as conn:
        counts = conn.execute(
            select(DatasetRow.counts).where(DatasetRow.id == "turns-x")
        ).scalar_one()
        if read is not None:
            read.set()
        time.sleep(pause)
        done = {"edits": int(counts["edits"]) + 1}
        conn.execute(update(DatasetRow).where(DatasetRow.id == "turns-x").values(counts=done))


def test_a_writer_that_read_first_keeps_what_it_read(sqlite_settings: Settings) -> None:
    """What a write reads is in its transaction: another writer waits for it, then sees its
    change, so neither change is lost (SQLite: BEGIN IMMEDIATE before the first read)."""
    store = open_store(sqlite_settings)
    try:
        _race(store)
    finally:
        store.close()


def _race(store: Store) -> None:
    with store.write() as conn:
        conn.execute(insert(DatasetRow), [_dataset("x")])
    with store.read() as conn:
        entries_before = conn.scalar(select(func.count()).select_from(AuditEntryRow))
    read = threading.Event()
    failures: list[BaseException] = []

    def run(pause: float, signal: threading.Event | None, wait: bool) -> None:
        try:
            if wait:
                read.wait(timeout=10)
            _count_edits(store, pause=pause, read=signal)
        except BaseException as err:  # reported below, not lost in the thread
            failures.append(err)
            read.set()

    threads = [
        threading.Thread(target=run, args=(0.5, read, False)),  # reads, then takes its time
        threading.Thread(target=run, args=(0.0, None, True)),  # writes while the first waits
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not failures, failures
    with store.read() as conn:
        counts = conn.scalar(select(DatasetRow.counts).where(DatasetRow.id == "turns-x"))
        entries_after = conn.scalar(select(func.count()).select_from(AuditEntryRow))
        assert check_store(conn).ok
    assert counts == {"edits": 2}  # the second write saw the first's change: none lost
    assert entries_after == (entries_before or 0) + 2
