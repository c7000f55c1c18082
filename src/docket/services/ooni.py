"""OONI measurements: import files of them, and sum them up per domain, app, network and day.

An import is one transaction: every file is read, each measurement judged, and either all of
it is written or, on any problem, nothing. A file imported before (same SHA-256) is not read
again; measurements already stored (same measurement id) are counted, not written again: an
import of the same files twice creates nothing new. How the files are read and written, in
worker processes for large imports, is in services.ooni_pipeline; the summary is in
services.ooni_summary (its names are re-exported here, where other features look for them).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docket.errors import Problem, ValidationFailed
from docket.interchange.ooni import without_gc
from docket.interchange.ooni_file import file_sha256
from docket.services import ooni_pipeline as pipeline
from docket.services.ooni_pipeline import MAX_PROBLEMS, FileReport, Progress
from docket.services.ooni_summary import (
    CHART_BARS,
    OoniSummary,
    TargetSummary,
    summarize,
    summary_view,
)
from docket.services.store import Store
from docket.storage import integrity_seal
from docket.storage import ooni_writes as w

__all__ = [
    "CHART_BARS",
    "FileReport",
    "ImportReport",
    "OoniSummary",
    "Progress",
    "TargetSummary",
    "import_measurements",
    "summarize",
    "summary_view",
]
PARALLEL_FROM = 4 << 20  # bytes of files: below, worker processes cost more than they save


@dataclass(slots=True)
class ImportReport:
    files: list[FileReport]
    seconds: float = 0.0
    agreed: int = 0
    disagreements: list[dict[str, Any]] = field(default_factory=list)  # the first 20

    @property
    def measurements(self) -> int:
        return sum(f.measurements for f in self.files)

    @property
    def new(self) -> int:
        return sum(f.new for f in self.files)

    @property
    def judged(self) -> int:
        """Measurements Docket judged in this import (files imported before are not read)."""
        return sum(f.measurements for f in self.files if not f.skipped)

    @property
    def already(self) -> int:
        return self.measurements - self.new

    @property
    def raw(self) -> dict[str, int]:
        return dict(sum((Counter(f.raw) for f in self.files), Counter()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "measurements": self.measurements,
            "new": self.new,
            "already_stored": self.already,
            "kept_raw": self.raw,
            "judged": self.judged,
            "agree_with_ooni": self.agreed,
            "disagreements": self.disagreements,
            "seconds": round(self.seconds, 3),
            "files": [
                {"file": f.name, "sha256": f.sha256, "measurements": f.measurements,
                 "new": f.new, "kept_raw": f.raw, "imported_before_as": f.skipped}
                for f in self.files
            ],
        }  # fmt: skip


def import_measurements(
    store: Store,
    paths: Sequence[Path],
    *,
    progress: Progress | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Read, judge and store the measurements in the files; on any problem write nothing.

    WORKERS processes judge the measurements (default: one per processor when the files are
    large, none for small ones); 0 judges them in this process.
    """
    missing = [Problem("no such file", file=str(p)) for p in paths if not p.is_file()]
    if missing:
        raise ValidationFailed(missing)
    started = time.perf_counter()
    report = ImportReport([FileReport(str(p), file_sha256(p), p.stat().st_size) for p in paths])
    with without_gc(), store.write() as conn:  # the workers, forked inside, inherit it
        known = w.known_ooni_files(conn, [f.sha256 for f in report.files])
        todo: list[tuple[Path, FileReport]] = []
        for path, file_report in zip(paths, report.files, strict=True):
            if file_report.sha256 in known:  # the same bytes were imported before: skip them
                file_report.skipped, file_report.measurements = known[file_report.sha256]
            else:
                known[file_report.sha256] = (file_report.name, 0)
                todo.append((path, file_report))
        large = sum(f.size for _, f in todo) >= PARALLEL_FROM
        if workers is None:
            workers = min(os.cpu_count() or 1, 4) if large and pipeline.can_fork() else 0
        w.prepare_bulk_write(conn)
        form = w.measurement_rows(conn)
        load = w.begin_bulk_load(conn, form, large=large)
        writer = pipeline.Writer(conn, form, stored=load.stored)
        done = pipeline.run(writer, todo, workers=workers, progress=progress)
        report.agreed, report.disagreements = done.agreed, done.disagreements
        if done.problems:  # the rollback also puts back what begin_bulk_load changed
            raise ValidationFailed(done.problems[:MAX_PROBLEMS])
        w.end_bulk_load(conn, load)
        # The rows' hashes, made as they were judged: sealing need not read them back.
        integrity_seal.give_hashes(conn, w.MEASUREMENT.name, writer.seen)
    report.seconds = time.perf_counter() - started
    return report
