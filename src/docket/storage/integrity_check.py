"""Checking the store against its history: the chain, the row lists, then every covered table.

The chain is recomputed in order (each entry's hash and link); the recorded row hashes are read
once, in (table, key, entry) order, which both rebuilds each entry's row-list digest and gives the
expected hash of every row (the last one recorded); each covered table is then read and hashed
and compared with it. Memory grows with the largest table, not with the whole store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from docket.storage import account_queries as aq
from docket.storage import integrity_rows as ir
from docket.storage.audit_tables import AuditEntryRow
from docket.storage.integrity_triggers import coverage, missing_triggers

SHOWN_PER_TABLE = 20  # mismatching rows named per table; the rest are counted


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # entry-missing, entry-altered, link-broken, rows-altered, rows-orphaned,
    #            row-edited, row-deleted, row-inserted, table-gone, outside-write, triggers-gone
    message: str
    seq: int | None = None
    table: str | None = None
    key: str | None = None


@dataclass(slots=True)
class Check:
    entries: int = 0  # chain entries recomputed
    rows: int = 0  # rows of the record hashed and compared
    tables: int = 0  # tables compared
    head_seq: int = 0
    head_hash: str = aq.GENESIS
    findings: list[Finding] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)  # tables without a primary key
    hidden: int = 0  # mismatching rows counted but not named

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass(slots=True)
class _Entry:
    rows: int | None
    digest: str | None


def _entries(conn: Connection) -> Iterator[Any]:
    after = 0
    while True:
        q = select(AuditEntryRow).where(AuditEntryRow.seq > after).order_by(AuditEntryRow.seq)
        batch = conn.execute(q.limit(5000)).all()
        if not batch:
            return
        yield from batch
        after = batch[-1].seq


def check_chain(conn: Connection, check: Check) -> dict[int, _Entry]:
    """Recompute the chain; note the first entry that does not match."""
    prev, expected, out = aq.GENESIS, 1, {}
    for row in _entries(conn):
        e = aq.audit_from_row(row)
        out[e.seq] = _Entry(e.rows, e.rows_digest)
        if e.seq != expected:
            missing = f"{expected}" if e.seq == expected + 1 else f"{expected}-{e.seq - 1}"
            check.findings.append(
                Finding("entry-missing", f"Audit entry {missing} is missing (deleted).", expected)
            )
            break
        if e.prev_hash != prev:
            message = (
                f"Audit entry {e.seq} does not link to the entry before it (moved or replaced)."
            )
            check.findings.append(Finding("link-broken", message, e.seq))
            break
        if aq.entry_hash(aq.entry_body(e), prev) != e.hash:
            message = f"Audit entry {e.seq} was altered: its content does not match its hash."
            check.findings.append(Finding("entry-altered", message, e.seq))
            break
        prev, expected = e.hash, expected + 1
        check.entries, check.head_seq, check.head_hash = e.seq, e.seq, e.hash
    return out


class _Digests:
    """Rebuilds each entry's row-list digest from rows arriving in (table, key) order."""

    def __init__(self) -> None:
        self.hashers: dict[int, Any] = {}
        self.counts: dict[int, int] = {}

    def add(self, tbl: str, pk: str, seq: int, hashed: bytes | None) -> None:
        hasher = self.hashers.get(seq)
        if hasher is None:
            hasher = self.hashers[seq] = hashlib.sha256()
        hasher.update(ir.row_line(tbl, pk, hashed))
        self.counts[seq] = self.counts.get(seq, 0) + 1

    def compare(self, entries: dict[int, _Entry], check: Check) -> None:
        for seq in sorted(set(self.hashers) | {s for s, e in entries.items() if e.rows}):
            entry = entries.get(seq)
            found = self.hashers.get(seq)
            digest = found.hexdigest() if found else ir.rows_digest([])
            if entry is None or entry.digest is None:
                message = (
                    f"Row hashes are recorded for audit entry {seq}, which the chain does not hold."
                )
                check.findings.append(Finding("rows-orphaned", message, seq))
                return
            if digest != entry.digest or self.counts.get(seq, 0) != entry.rows:
                message = f"The rows recorded for audit entry {seq} were altered."
                check.findings.append(Finding("rows-altered", message, seq))
                return


def _expected_by_table(
    conn: Connection, digests: _Digests
) -> Iterator[tuple[str, dict[str, tuple[bytes, int]]]]:
    """(table, {key: (hash, entry)}) for every table the chain recorded, feeding the digests."""
    current: str | None = None
    expected: dict[str, tuple[bytes, int]] = {}
    last: tuple[str, int, bytes | None] | None = None
    for tbl, pk, seq, hashed in ir.stream_row_hashes(conn):
        digests.add(tbl, pk, seq, hashed)
        if tbl != current:
            if last is not None and last[2] is not None:
                expected[last[0]] = (last[2], last[1])
            last = None
            if current is not None:
                yield current, expected
            current, expected = tbl, {}
        if last is not None and last[0] != pk and last[2] is not None:
            expected[last[0]] = (last[2], last[1])
        last = (pk, seq, hashed)
    if current is not None:
        if last is not None and last[2] is not None:
            expected[last[0]] = (last[2], last[1])
        yield current, expected


def _compare(
    conn: Connection,
    tbl: str,
    pk: tuple[str, ...],
    expected: dict[str, tuple[bytes, int]],
    check: Check,
) -> None:
    check.tables += 1
    shown = 0

    def note(kind: str, message: str, key: str, seq: int | None) -> None:
        nonlocal shown
        if shown < SHOWN_PER_TABLE:
            check.findings.append(Finding(kind, message, seq, tbl, key))
            shown += 1
        else:
            check.hidden += 1

    for key, hashed in ir.scan_table(conn, tbl, pk):
        check.rows += 1
        known = expected.pop(key, None)
        if known is None:
            note("row-inserted", f"Row {key} of {tbl} was added outside Docket.", key, None)
        elif known[0] != hashed:
            message = (
                f"Row {key} of {tbl} was changed outside Docket "
                f"(last recorded by entry {known[1]})."
            )
            note("row-edited", message, key, known[1])
    for key, (_, seq) in sorted(expected.items()):
        message = f"Row {key} of {tbl} was deleted outside Docket (last recorded by entry {seq})."
        note("row-deleted", message, key, seq)


def check_store(conn: Connection) -> Check:
    """Everything `docket verify` checks, without checkpoints."""
    check = Check()
    entries = check_chain(conn, check)
    cover = coverage(conn)
    check.uncovered = list(cover.keyless)
    digests = _Digests()
    seen: set[str] = set()
    for tbl, expected in _expected_by_table(conn, digests):
        seen.add(tbl)
        if tbl in cover.tables:
            _compare(conn, tbl, cover.tables[tbl], expected, check)
        elif expected:
            message = f"The table {tbl} is gone, with {len(expected)} recorded rows."
            check.findings.append(Finding("table-gone", message, table=tbl))
    for tbl in sorted(set(cover.tables) - seen):
        _compare(conn, tbl, cover.tables[tbl], {}, check)
    digests.compare(entries, check)
    pending = ir.count_pending(conn)
    if pending:
        message = f"{pending} row changes were made outside Docket (logged, never recorded)."
        check.findings.append(Finding("outside-write", message))
    for tbl in missing_triggers(conn, cover.tables):
        message = f"The change log of table {tbl} was removed (its triggers are gone)."
        check.findings.append(Finding("triggers-gone", message, table=tbl))
    check.findings.sort(key=_order)
    return check


_RANK = ["entry-missing", "link-broken", "entry-altered", "rows-orphaned", "rows-altered"]


def _order(f: Finding) -> tuple[int, int, str, str]:
    rank = _RANK.index(f.kind) if f.kind in _RANK else len(_RANK)
    return (rank, f.seq or 0 if rank < len(_RANK) else 0, f.table or "", f.key or "")
