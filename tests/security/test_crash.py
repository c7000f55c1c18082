"""Crash safety: SIGKILL a `docket load` / `docket demo` at random points; the store must open,
pass SQLite's integrity check, and hold the whole load or none of it, table by table.

Each command runs in a real child process (forked by tests/security/crash_worker.py, which has
imported Docket once) and is killed at a random point: three in four when the WAL reaches a
random size up to the largest an uninterrupted run reached (so while the store is written), the
rest after a random delay. After each kill `docket verify` must pass too. DOCKET_CRASH_KILLS=N
sets the kills per scenario (default: 35 during a generated import, 15 during the demo load on
an encrypted store).
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pytest
from bench.generate import generate

from docket.config import Settings
from docket.services import integrity, store_keys
from docket.services.store import open_store
from docket.storage.engine import connect_file, integrity_problems
from docket.storage.keys import Argon2Params, key_file_path
from tests.conftest import DEMO, ROOT

PASSPHRASE = "crash-test-passphrase-42"
FAST = Argon2Params(time_cost=1, memory_cost=8 * 1024, parallelism=1)


class Worker:
    """The fork server: runs one docket command per child and reports how each ended."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.security.crash_worker"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def _read(self) -> dict[str, int]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "the crash worker stopped"
        return dict(orjson.loads(line))

    def start(self, argv: list[str], env: dict[str, str]) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(orjson.dumps({"argv": argv, "env": env}).decode() + "\n")
        self.proc.stdin.flush()
        return self._read()["pid"]

    def finish(self) -> dict[str, int]:
        return self._read()

    def run(self, argv: list[str], env: dict[str, str], wal: Path) -> tuple[int, float]:
        """Run to the end; returns the largest size the WAL reached and the time taken."""
        started = time.perf_counter()
        pid = self.start(argv, env)
        largest = 0
        while _alive(pid):
            largest = max(largest, _size(wal))
            time.sleep(0.001)
        ended = self.finish()
        assert ended["code"] == 0, "the uninterrupted run failed"
        return largest, time.perf_counter() - started

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _alive(pid: int) -> bool:
    # The child is the worker's, not ours: a zombie still "exists", so read its state.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    w = Worker()
    yield w
    w.close()


def kills() -> tuple[int, int]:
    n = os.environ.get("DOCKET_CRASH_KILLS")
    return (int(n), int(n)) if n else (35, 15)


def table_rows(path: Path, data_key: bytes | None) -> dict[str, int]:
    con = connect_file(path, data_key)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        ]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608
    finally:
        con.close()


@dataclass
class Tally:
    kills: int = 0
    none: int = 0
    whole: int = 0
    wal_left: int = 0
    finished_first: int = 0
    verified: int = 0
    delays: list[float] = field(default_factory=list)

    def line(self, what: str) -> str:
        return (
            f"{what}: {self.kills} SIGKILLs survived (at {min(self.delays):.2f}-"
            f"{max(self.delays):.2f} s): {self.none} held none of the load, {self.whole} all of "
            f"it, {self.wal_left} left a WAL to recover; {self.finished_first} runs ended "
            f"before their kill and were not counted; {self.verified} verified"
        )


def crash_runs(
    worker: Worker,
    *,
    template: Path,
    argv: list[str],
    env: dict[str, str],
    data_key: bytes | None,
    count: int,
    seed: int,
) -> Tally:
    """Copy the template store, start the command on the copy, SIGKILL it after a random delay
    and check the copy; repeat until `count` processes were killed mid-run."""
    work = template.parent / "trial"
    db = work / template.name

    def fresh() -> None:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        shutil.copy(template, db)
        if key_file_path(template).exists():
            shutil.copy(key_file_path(template), key_file_path(db))

    before = table_rows(template, data_key)
    fresh()
    wal = Path(str(db) + "-wal")
    largest_wal, full_seconds = worker.run(["--db", str(db), *argv], env, wal)
    after = table_rows(db, data_key)
    assert after != before and largest_wal > 0
    rng = random.Random(seed)
    tally = Tally()
    while tally.kills < count:
        fresh()
        # Three kill points in four fall while the store is written: when the WAL reaches a
        # random size between empty and the largest an uninterrupted run reached; the rest at a
        # random time in the run.
        by_size = rng.random() < 0.75
        threshold = rng.randint(1, largest_wal)
        deadline = rng.uniform(0.0, full_seconds * 0.8)
        started = time.perf_counter()
        pid = worker.start(["--db", str(db), *argv], env)
        while _alive(pid):
            if (by_size and _size(wal) >= threshold) or (
                not by_size and time.perf_counter() - started >= deadline
            ):
                break
            time.sleep(0.001)
        delay = time.perf_counter() - started
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        ended = worker.finish()
        if ended["signal"] != signal.SIGKILL:
            assert ended["code"] == 0
            tally.finished_first += 1
            continue
        tally.kills += 1
        tally.delays.append(delay)
        if wal.exists() and wal.stat().st_size > 0:
            tally.wal_left += 1
        # The file is sound (its WAL recovered) and holds all of the load or none of it...
        problems = integrity_problems(db, data_key)
        assert problems == [], f"kill after {delay:.3f} s: {problems}"
        rows = table_rows(db, data_key)
        assert rows in (before, after), f"kill after {delay:.3f} s left a partial load"
        if rows == before:
            tally.none += 1
        else:
            tally.whole += 1
        # ...and Docket opens it, and `docket verify` finds the record matching its history.
        store = open_store(
            Settings(database_url=f"sqlite:///{db}", data_dir=work), data_key=data_key
        )
        try:
            result = integrity.verify(store)
        finally:
            store.close()
        assert result.ok, f"kill after {delay:.3f} s: {result.all_findings()[:3]}"
        tally.verified += 1
    shutil.rmtree(work, ignore_errors=True)
    return tally


def test_sigkill_during_a_large_import_leaves_all_or_nothing(
    worker: Worker, tmp_path: Path
) -> None:
    dataset = tmp_path / "dataset"
    counts = generate(dataset, people=100, events=800, seed=11)
    template = tmp_path / "template" / "docket.sqlite"
    template.parent.mkdir()
    open_store(Settings(database_url=f"sqlite:///{template}", data_dir=template.parent)).close()
    tally = crash_runs(
        worker,
        template=template,
        argv=["load", str(dataset)],
        env={},
        data_key=None,
        count=kills()[0],
        seed=2021,
    )
    print("\n" + tally.line(f"import of {counts['people']} people, {counts['events']} events"))
    assert tally.kills >= kills()[0]
    assert tally.none > 0  # some kills landed before the commit, not only after


def test_sigkill_during_the_demo_load_on_an_encrypted_store(worker: Worker, tmp_path: Path) -> None:
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE, "utf-8")
    template = tmp_path / "template" / "docket.sqlite"
    settings = Settings(
        database_url=f"sqlite:///{template}", data_dir=template.parent, passphrase_file=secret
    )
    created = store_keys.create_key(settings, PASSPHRASE, recovery=False, params=FAST)
    open_store(settings, data_key=created.data_key).close()
    tally = crash_runs(
        worker,
        template=template,
        argv=["demo", "--path", str(DEMO)],
        env={"DOCKET_PASSPHRASE_FILE": str(secret)},
        data_key=created.data_key,
        count=kills()[1],
        seed=1986,
    )
    print("\n" + tally.line("demo load (encrypted store)"))
    assert tally.kills >= kills()[1]
    assert tally.none > 0
