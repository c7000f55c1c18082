"""Sealing a write: every transaction that changed the record ends with one chain entry.

`begin(conn)` notes where the trigger log stands when a write transaction starts; `seal(conn)`,
called just before it commits, hashes every row the triggers logged since, appends one audit
entry (or completes the one the writer appended, which says who and what) whose hash covers the
digest of that row list, and stores the row hashes. Changes logged before `begin` were made
outside Docket: they stay in the log, unrecorded, for `docket verify` to report.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, insert, inspect, select, text

from docket.storage import account_queries as aq
from docket.storage import integrity_rows as ir
from docket.storage.integrity_tables import IntegrityMetaRow
from docket.storage.integrity_triggers import coverage, install_triggers, missing_triggers

_START = "docket.integrity_start"
_GIVEN = "docket.integrity_given"  # {table: {key: hash}} a bulk writer computed as it wrote
_SPOT = 16  # given hashes of a table read back and compared before the rest are trusted
_KEYS: WeakKeyDictionary[Engine, dict[str, tuple[str, ...]]] = WeakKeyDictionary()
_LOCK = 4_504_051  # the audit chain's advisory lock (storage.account_queries)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def begin(conn: Connection) -> None:
    """Call first in a write transaction."""
    conn.info.pop(aq.APPENDED, None)
    conn.info.pop(_GIVEN, None)
    conn.info[_START] = ir.last_pending(conn)


def discard(conn: Connection) -> None:
    """Call when a write transaction is rolled back."""
    conn.info.pop(aq.APPENDED, None)
    conn.info.pop(_START, None)
    conn.info.pop(_GIVEN, None)


def seal(conn: Connection, *, actor: str = "docket", action: str = "write") -> int | None:
    """Record the rows this transaction changed; returns the entry's number (None: nothing
    changed). Call last before commit."""
    start = int(conn.info.pop(_START, 0))
    appended: list[int] = conn.info.pop(aq.APPENDED, [])
    given: dict[str, dict[str, bytes | None]] = conn.info.pop(_GIVEN, {})
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})
    keys = ir.pending_since(conn, start)
    for tbl, hashes in given.items():  # a bulk writer's rows, which no trigger may have logged
        keys.setdefault(tbl, set()).update(hashes)
    if not keys and not appended:
        return None
    tables = {t: len(k) for t, k in sorted(keys.items())}
    seq = _entry(conn, appended, actor=actor, action=action, after={"rows": tables})
    _record(conn, seq, _hash_tables(conn, keys, given))
    return seq


def give_hashes(conn: Connection, table: str, hashes: dict[str, bytes | None]) -> None:
    """Hashes a bulk writer made of the rows it inserted in this write transaction (by key as
    the triggers log it, hashed with `integrity_rows.row_hasher`; None: not made), so that
    sealing need not read those rows back. Only for rows the transaction leaves as inserted.
    Sealing still reads a few of them back; if one differs, it reads them all."""
    conn.info.setdefault(_GIVEN, {})[table] = hashes


def _primary_key(conn: Connection, tbl: str) -> tuple[str, ...] | None:
    """A logged table's key columns, looked up once per engine (None: the table is gone)."""
    known = _KEYS.setdefault(conn.engine, {})
    if tbl not in known:
        if not inspect(conn).has_table(tbl):
            return None
        known[tbl] = tuple(inspect(conn).get_pk_constraint(tbl).get("constrained_columns") or ())
    return known[tbl]


def _hash_tables(
    conn: Connection, keys: dict[str, set[str]], given: dict[str, dict[str, bytes | None]]
) -> Iterator[list[ir.RowHash]]:
    """The changed rows of each table in turn, sorted, hashed as they are now: one table's
    rows in memory at a time (a load of a million events changes millions of rows)."""
    for tbl in sorted(keys):
        wanted = keys.pop(tbl)
        pk = _primary_key(conn, tbl)
        known = _trusted(conn, tbl, pk, wanted, given.pop(tbl, {}))
        rest = {k for k in wanted if known.get(k) is None} if known else wanted
        found = ir.rows_by_key(conn, tbl, pk, rest) if pk is not None and rest else {}
        # None: deleted (or table gone)
        yield [(tbl, k, known.get(k) or found.get(k)) for k in sorted(wanted)]


def _trusted(
    conn: Connection,
    tbl: str,
    pk: tuple[str, ...] | None,
    wanted: set[str],
    known: dict[str, bytes | None],
) -> dict[str, bytes | None]:
    """The given hashes, if those of a sample of the rows (any, as a set gives them) match the
    rows as they are now; else none of them."""
    if pk is None or not known:
        return {}
    sample = list(islice((k for k in wanted if known.get(k) is not None), _SPOT))
    found = ir.rows_by_key(conn, tbl, pk, set(sample)) if sample else {}
    return known if sample and all(found.get(k) == known[k] for k in sample) else {}


def _entry(conn: Connection, appended: list[int], *, actor: str, action: str, after: Any) -> int:
    """The transaction's entry: the last one its writer appended, or a new one."""
    if appended:
        return max(appended)
    entry = {
        "at": now(),
        "actor": actor,
        "action": action,
        "record_type": "store",
        "record_id": "",
        "before": None,
        "after": after,
    }
    seq = aq.append_audit(conn, entry).seq
    conn.info.pop(aq.APPENDED, None)
    return seq


def _record(conn: Connection, seq: int, parts: Iterable[list[ir.RowHash]]) -> None:
    """Store the row hashes of entry `seq`, given in (table, key) order, and seal the entry
    with their number and digest."""
    digest, count = hashlib.sha256(), 0
    for part in parts:
        for line in part:
            digest.update(ir.row_line(*line))
        ir.insert_row_hashes(conn, seq, part)
        count += len(part)
    aq.seal_entry(conn, seq, rows=count, rows_digest=digest.hexdigest())


def describe(
    conn: Connection,
    *,
    action: str,
    record_type: str,
    record_id: str,
    after: Any,
    actor: str = "command line",
) -> None:
    """Say what the open write transaction does (who, what): its chain entry carries this
    instead of a bare list of tables."""
    aq.append_audit(
        conn,
        {
            "at": now(),
            "actor": actor,
            "action": action,
            "record_type": record_type,
            "record_id": record_id,
            "before": None,
            "after": after,
        },
    )


def store_id(conn: Connection) -> str | None:
    return conn.scalar(select(IntegrityMetaRow.value).where(IntegrityMetaRow.name == "store_id"))


def install(conn: Connection) -> None:
    """At every open: give the store an id, and cover every table that has no triggers yet, in
    one audit entry. A table never covered before (a new table, or a store made before the
    history existed) is adopted: a marker row (key "") that says it is covered from now on, and
    its rows as they are. A covered table whose triggers are gone only gets them back, and the
    entry says so: its rows are not adopted again, so rows written while the triggers were off
    stay reported, and an empty table cannot be filled quietly and adopted later."""
    if store_id(conn) is None:
        conn.execute(insert(IntegrityMetaRow).values(name="store_id", value=secrets.token_hex(16)))
    _KEYS.pop(conn.engine, None)  # the schema may have changed since
    cover = coverage(conn)
    missing = missing_triggers(conn, cover.tables)
    if not missing:
        return
    adopted: list[ir.RowHash] = []
    counts: dict[str, int] = {}
    restored: list[str] = []
    for tbl in missing:
        recorded = ir.is_recorded(conn, tbl)
        install_triggers(conn, tbl, cover.tables[tbl])
        if recorded:
            restored.append(tbl)
            continue
        rows = [(tbl, k, h) for k, h in ir.scan_table(conn, tbl, cover.tables[tbl])]
        adopted += [(tbl, ir.COVERED, None), *rows]
        counts[tbl] = len(rows)
    adopted.sort()
    conn.info.pop(aq.APPENDED, None)
    after = {"adopted": counts, "triggers_restored": restored}
    seq = _entry(conn, [], actor="docket", action="cover", after=after)
    _record(conn, seq, [adopted])
