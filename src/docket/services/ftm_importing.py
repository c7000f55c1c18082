"""Load a FollowTheMoney file (JSON lines, as `docket export ftm` writes) into the store.

It goes the way a dataset folder does (`services.loading`): read everything, check it all
with `check_dataset`, then write it in one transaction with `write_dataset`, as dataset
`ftm-<first 12 hex of the file's SHA-256>`; loading the same file again replaces it. Records
whose ids another dataset already holds are refused by name: an export goes back into a
fresh store, or into the same one only after what it came from is removed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docket.domain.dataset import DatasetInfo, check_dataset
from docket.domain.event import Event
from docket.domain.prosecution import derive_prosecutions
from docket.errors import Problem, ValidationFailed
from docket.interchange.ftm_import import looks_like_ftm, read_ftm
from docket.services.field_sealing import seal_for_store
from docket.services.importing import file_sha256
from docket.services.loading import derive_all_spans
from docket.services.store import Store
from docket.storage import import_queries as iq
from docket.storage import people_queries
from docket.storage.dataset_store import existing_ids, write_dataset


@dataclass(slots=True)
class FtmReport:
    file: str
    dataset_id: str
    dry_run: bool
    entities: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def is_ftm(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith((".ftm.json", ".ftm.jsonl", ".ftm")):
        return True
    if path.suffix.lower() not in (".json", ".jsonl"):
        return False
    with path.open("rb") as handle:
        return looks_like_ftm(handle.read(1 << 16))


def _lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from handle


def import_ftm(store: Store, path: Path, *, dry_run: bool) -> FtmReport:
    """Load (or with dry_run, only check) a FtM file; a real run with problems raises
    ValidationFailed and writes nothing."""
    started = time.perf_counter()
    sha = file_sha256(path)
    info = DatasetInfo(
        id=f"ftm-{sha[:12]}",
        title=f"FollowTheMoney import of {path.name}",
        description=f"SHA-256 {sha}",
    )
    reading = read_ftm(_lines(path), label=path.name, info=info, vocab=store.vocab)
    ds = reading.dataset
    report = FtmReport(path.name, info.id, dry_run, reading.entities, ds.counts())
    report.skipped = reading.skipped
    report.problems = list(reading.problems)
    with store.read() if dry_run else store.write() as conn:
        for kind, ids in iq.record_ids(ds).items():
            for rid, other in iq.held_elsewhere(conn, kind, ids, info.id).items():
                report.problems.append(
                    Problem(
                        f"{kind} '{rid}' is already in the store (dataset '{other}'); import "
                        "into a store without it",
                        file=path.name,
                        record=rid,
                    )
                )
        if not report.problems:
            report.problems.extend(
                check_dataset(ds, store.vocab, exists=lambda k, i: existing_ids(conn, k, i))
            )
        if report.problems and not dry_run:
            raise ValidationFailed(report.problems)
        if not dry_run:
            ids = sorted({p.person_id for e in ds.events for p in e.parties if p.person_id})
            theirs = {e for pid in ids for e in people_queries.event_ids_of_person(conn, pid)}
            extra: list[Event] = people_queries.events_where(
                conn, sorted(theirs - {e.id for e in ds.events})
            )
            spans = derive_all_spans(store, ds, extra)
            write_dataset(
                conn,
                seal_for_store(store, ds),  # restricted values sealed (PostgreSQL)
                spans,
                derive_prosecutions(ds.cases, [*ds.events, *extra]),
                fingerprint=sha,
            )
    report.seconds = time.perf_counter() - started
    return report


def ftm_view(r: FtmReport) -> dict[str, object]:
    return {
        "file": r.file,
        "dataset": r.dataset_id,
        "dry_run": r.dry_run,
        "entities": r.entities,
        "counts": r.counts,
        "not_imported": r.skipped,
        "problems": [{"where": p.where(), "message": p.message} for p in r.problems],
    }
