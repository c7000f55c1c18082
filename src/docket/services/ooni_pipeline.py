"""How an OONI import reads, judges and writes: in this process, or with worker processes that
judge (and make the rows ready to store) while this one writes.

With many files, each worker reads whole files (decompressing too); with few, this process
reads them a block of lines at a time and the workers judge the blocks. Results come back in
order, with a few tasks in flight, so memory stays bounded whatever the size of the import.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection

from docket.errors import Problem
from docket.interchange.ooni import MAX_PROBLEMS, Judged, judge_block, judge_file
from docket.interchange.ooni_file import Lines, OoniFile
from docket.storage import ooni_writes as w

BATCH = 5_000  # rows written at a time
WHOLE_FILES_UP_TO = 16 << 20  # bytes: a worker reads a file this large (or less) whole
Progress = Callable[[str, int, int], None]  # file, bytes read, file size
Run = Callable[[Callable[[Any], Judged], Iterator[Any]], Iterator[Judged]]
Todo = list[tuple[Path, "FileReport"]]
Results = Iterator[tuple["FileReport", Judged | None]]  # None: the end of the file

__all__ = ["MAX_PROBLEMS", "FileReport", "Progress", "Writer", "can_fork", "run"]


@dataclass(slots=True)
class FileReport:
    name: str
    sha256: str
    size: int = 0  # bytes
    skipped: str | None = None  # imported before (same SHA-256), under this name
    measurements: int = 0  # web_connectivity measurements judged (or then)
    new: int = 0
    raw: dict[str, int] = field(default_factory=dict)  # kept as written, per test name


@dataclass(slots=True)
class Done:
    """What every file gave that is not per file."""

    agreed: int = 0
    disagreements: list[dict[str, Any]] = field(default_factory=list)  # the first 20
    problems: list[Problem] = field(default_factory=list)


class Writer:
    """Rows waiting to be written. A measurement met before in this import is not written
    again (the first one counts); nor is one stored before (STORED: the table had rows)."""

    def __init__(self, conn: Connection, form: w.MeasurementRows, *, stored: bool = True) -> None:
        self.conn = conn
        self.form = form
        self.stored = stored
        self.rows: list[Any] = []
        self.keys: list[str] = []
        self.raws: list[tuple[Any, ...]] = []
        self.seen: dict[str, bytes | None] = {}  # the keys of the rows written, with hashes
        self.report: FileReport | None = None

    def add(self, judged: Judged) -> None:
        seen, keep, keys = self.seen, self.rows.append, self.keys.append
        for key, hashed, row in zip(judged.keys, judged.hashes, judged.rows, strict=True):
            if key not in seen:
                seen[key] = hashed
                keep(row)
                keys(key)
        self.raws += judged.raws
        if len(self.rows) >= BATCH or len(self.raws) >= BATCH:
            self.flush()

    def flush(self) -> None:
        rows = self.rows
        if self.stored and rows:  # leave out (and do not record) what is stored already
            ids = {orjson.loads(k)[0]: k for k in self.keys}
            stored = {ids[i] for i in w.stored_ids(self.conn, list(ids))}
            if stored:
                rows = [r for r, k in zip(rows, self.keys, strict=True) if k not in stored]
                for key in stored:
                    del self.seen[key]
        new = w.insert_measurements(self.conn, rows)
        w.insert_raw(self.conn, self.raws)
        if self.report is not None:
            self.report.new += new
        self.rows, self.keys, self.raws = [], [], []


def run(writer: Writer, todo: Todo, *, workers: int, progress: Progress | None) -> Done:
    """Read, judge and write the files; stops writing at the first problem, and reading
    after MAX_PROBLEMS."""
    done = Done()
    with _pool(workers) as run:
        by_file = (
            workers > 0
            and len(todo) >= 2 * workers
            and max(f.size for _, f in todo) <= WHOLE_FILES_UP_TO
        )
        results = (
            _by_file(todo, run, writer.form)
            if by_file
            else _by_block(todo, run, writer.form, progress)
        )
        for file_report, judged in results:
            writer.report = file_report
            if judged is not None:
                _count(judged, file_report, done)
                if len(done.problems) >= MAX_PROBLEMS:
                    break
                if not done.problems:  # else nothing will be written: read on to report all
                    writer.add(judged)
                continue
            if progress:
                progress(file_report.name, file_report.size, file_report.size)
            if not done.problems:  # the end of a file
                writer.flush()
                w.record_ooni_file(writer.conn, _file_values(file_report))
    return done


def _by_block(todo: Todo, run: Run, form: w.MeasurementRows, progress: Progress | None) -> Results:
    judge = partial(judge_block, finish=form)
    for path, file_report in todo:
        source = OoniFile(path, sha256=file_report.sha256)
        for judged in run(judge, _blocks(source, progress)):
            yield file_report, judged
        yield file_report, None


def _blocks(source: OoniFile, progress: Progress | None) -> Iterator[Lines]:
    for block in source:
        if isinstance(block, Problem):  # the file is cut off: report it, read no further
            yield Lines(source.name, source.sha256, 0, [], problem=block)
            return
        if progress:
            progress(source.name, source.position, source.size)
        yield block


def _by_file(todo: Todo, run: Run, form: w.MeasurementRows) -> Results:
    tasks = ((str(path), f.sha256) for path, f in todo)
    for (_, file_report), judged in zip(
        todo, run(partial(judge_file, finish=form), tasks), strict=True
    ):
        yield file_report, judged
        yield file_report, None


def can_fork() -> bool:
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def _pool(workers: int) -> Iterator[Run]:
    """Run tasks here, or in WORKERS processes while this one reads and writes; results come
    back in order, with a few tasks in flight."""
    if workers <= 0:
        yield lambda fn, tasks: (fn(t) for t in tasks)
        return
    # Workers are forked where the system allows it (Linux): they start at once, with the code
    # loaded. They only judge lines; they never touch the database connection they inherit.
    context = multiprocessing.get_context("fork" if can_fork() else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:

        def run(fn: Callable[[Any], Judged], tasks: Iterator[Any]) -> Iterator[Judged]:
            pending: deque[Future[Judged]] = deque()
            for task in tasks:
                pending.append(pool.submit(fn, task))
                if len(pending) > 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

        yield run


def _count(judged: Judged, file: FileReport, done: Done) -> None:
    file.measurements += judged.measurements
    for name, n in judged.raw_tests.items():
        file.raw[name] = file.raw.get(name, 0) + n
    done.agreed += judged.agreed
    done.disagreements += judged.disagreements[: 20 - len(done.disagreements)]
    done.problems += judged.problems


def _file_values(f: FileReport) -> dict[str, Any]:
    return {
        "sha256": f.sha256,
        "name": f.name,
        "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "measurements": f.measurements,
        "new": f.new,
        "raw": sum(f.raw.values()),
    }
