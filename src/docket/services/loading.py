"""Load a dataset directory into the store: check everything, then write it in one go."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from docket.domain.dataset import Dataset, check_dataset
from docket.domain.event import Event
from docket.domain.prosecution import derive_prosecutions
from docket.domain.redaction import settle_levels
from docket.domain.status import SUBJECT_ROLES, StatusSpan, derive_spans
from docket.errors import NotFound, StoreError, ValidationFailed
from docket.interchange.dataset_files import read_dataset
from docket.services import planner
from docket.services.field_sealing import seal_for_store
from docket.services.store import Store
from docket.storage import integrity_seal, people_queries, surveillance_queries
from docket.storage.dataset_store import (
    Progress,
    existing_ids,
    fold_log,
    other_datasets,
    write_dataset,
)


@dataclass(frozen=True, slots=True)
class LoadReport:
    dataset_id: str
    title: str
    counts: dict[str, int]
    seconds: float
    problems: int = 0


def fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.iterdir()):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def derive_all_spans(store: Store, ds: Dataset, extra: list[Event]) -> dict[str, list[StatusSpan]]:
    by_person: dict[str, list[Event]] = defaultdict(list)
    for e in (*ds.events, *extra):
        for p in e.parties:
            if p.person_id and p.role in SUBJECT_ROLES:
                by_person[p.person_id].append(e)
    spans = {pid: derive_spans(events, store.vocab) for pid, events in by_person.items()}
    for person in ds.people:  # people with no events get no spans, but lose stale ones
        spans.setdefault(person.id, [])
    return spans


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A load builds millions of objects that all live until it ends, and none in cycles; the
    cyclic garbage collector would walk them over and over (some 15% of a load's CPU time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_dataset(store: Store, directory: Path, *, progress: Progress | None = None) -> LoadReport:
    """Check and load a dataset; on any problem raise ValidationFailed and write nothing."""
    with _collector_paused():
        return _load(store, directory, progress)


def _load(store: Store, directory: Path, progress: Progress | None) -> LoadReport:
    started = time.perf_counter()
    ds = settle_levels(read_dataset(directory))
    with store.write() as conn:
        problems = check_dataset(
            ds, store.vocab, exists=lambda kind, ids: existing_ids(conn, kind, ids)
        )
        if problems:
            raise ValidationFailed(problems)
        ds = seal_for_store(store, ds)  # restricted values sealed on an encrypting PostgreSQL store
        extra: list[Event] = []
        if other_datasets(conn, ds.info.id):
            # People in this dataset may have events loaded by another one.
            ids = {p.person_id for e in ds.events for p in e.parties if p.person_id}
            theirs = people_queries.event_ids_of_people(conn, sorted(ids))
            mine = {e.id for e in ds.events}
            extra = people_queries.events_where(conn, sorted(theirs - mine))
        spans = derive_all_spans(store, ds, extra)
        prosecutions = derive_prosecutions(ds.cases, [*ds.events, *extra])
        counts = write_dataset(
            conn, ds, spans, prosecutions, fingerprint=fingerprint(directory), progress=progress
        )
        counts = {**counts, **surveillance_queries.write_surveillance(conn, ds)}
        describe = {"title": ds.info.title, "counts": counts}
        integrity_seal.describe(
            conn, action="load", record_type="dataset", record_id=ds.info.id, after=describe
        )
    with store.read() as conn:
        fold_log(conn)
    # A load can change a table's size a thousandfold: the planner's statistics follow at once
    # rather than when the web application next starts (or autovacuum comes by).
    with contextlib.suppress(StoreError):
        planner.refresh_statistics(store)
    return LoadReport(ds.info.id, ds.info.title, counts, time.perf_counter() - started)


def demo_directory(explicit: Path | None = None) -> Path:
    """The demo dataset: the given folder, or datasets/kazakhstan-2021 of this checkout."""
    if explicit is not None:
        return explicit
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "datasets" / "kazakhstan-2021"
        if (candidate / "dataset.yaml").exists():
            return candidate
    raise NotFound(
        "The demo dataset (datasets/kazakhstan-2021) was not found next to this installation; "
        "run Docket from its source folder or give the folder with --path."
    )
