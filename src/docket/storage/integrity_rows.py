"""Row hashes: the SHA-256 of a row as the store gives it back, and the chain's row lists.

A row's hash covers its table, its column names and their values (sorted by column name, as
canonical JSON), read with no type conversion; its key is the JSON text the store itself makes
of its primary key, so the hash Docket records when it commits is the
hash `docket verify` computes later from the same row. Volatile columns are left out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import Connection, column, delete, func, literal_column, select, text
from sqlalchemy import tuple_ as tuple_of

from docket.storage.integrity_tables import IntegrityPendingRow, IntegrityRowRow
from docket.storage.integrity_triggers import VOLATILE

RowHash = tuple[str, str, bytes | None]  # table, key, hash (None: deleted)
COVERED = ""  # the key of a table's marker row: the table is covered from that entry on
_BATCH = 500
_SCAN_ABOVE = 2000  # more keys than this: read the whole table rather than by key


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    raise TypeError(f"cannot hash a value of type {type(value).__name__}")


def _dumps(value: Any) -> bytes:
    return orjson.dumps(value, default=_plain, option=orjson.OPT_SORT_KEYS)


def key_sql(dialect: str, pk: Sequence[str]) -> str:
    """The SQL that writes a row's key as JSON text, the same text the triggers log: the key
    is made by the store itself, identical in the trigger log, the row hashes and the scan."""
    cols = ", ".join('"' + c.replace('"', '""') + '"' for c in pk)
    return f"jsonb_build_array({cols})::text" if dialect == "postgresql" else f"json_array({cols})"


def row_hasher(
    name: str, names: Sequence[str], *, offset: int = 0
) -> Callable[[Sequence[Any]], bytes]:
    """The hash of a row of table NAME whose values, from position OFFSET on, are those of the
    columns NAMES, as the store gives them back. A bulk writer may hash the rows it writes with
    it (storage.integrity_seal.give_hashes): `docket verify` hashes the rows it reads the same
    way."""
    skip = VOLATILE.get(name, frozenset())
    order = sorted((n, i + offset) for i, n in enumerate(names) if n not in skip)
    header = _dumps([name, [n for n, _ in order]])
    # itemgetter picks the values in C, as a tuple (one value alone: not in a tuple)
    pick = itemgetter(*(i for _, i in order)) if len(order) > 1 else None
    first = order[0][1] if order else 0
    sha256 = hashlib.sha256

    def hashed(row: Sequence[Any]) -> bytes:
        values = pick(row) if pick is not None else (row[first],) if order else ()
        return sha256(header + _dumps(values)).digest()

    return hashed


def hashed_rows(name: str, result: Any) -> Iterator[tuple[str, bytes]]:
    """(key, hash) of each row of a result of `SELECT <key>, *` (the key first)."""
    hashed = row_hasher(name, list(result.keys())[1:], offset=1)
    for row in result:
        yield row[0], hashed(row)


class _Raw:
    """A driver cursor's rows with their column names: no per-row work by SQLAlchemy."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def keys(self) -> list[str]:
        return [d[0] for d in self.cursor.description]

    def __iter__(self) -> Iterator[Sequence[Any]]:
        while batch := self.cursor.fetchmany(5000):
            yield from batch


def _select(conn: Connection, name: str, pk: Sequence[str]) -> str:
    quoted = name.replace('"', '""')
    return f'SELECT {key_sql(conn.dialect.name, pk)}, * FROM "{quoted}"'  # noqa: S608


def scan_table(conn: Connection, name: str, pk: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    """Every row of a table, hashed (read through the driver, in batches)."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(_select(conn, name, pk))  # a name from the store's catalogue
        yield from hashed_rows(name, _Raw(cursor))
    finally:
        cursor.close()


def rows_by_key(conn: Connection, name: str, pk: Sequence[str], keys: set[str]) -> dict[str, bytes]:
    """The hashes of the rows with these keys that exist."""
    if len(keys) > _SCAN_ABOVE:
        return {k: h for k, h in scan_table(conn, name, pk) if k in keys}
    found: dict[str, bytes] = {}
    ordered = sorted(keys)
    cols: list[Any] = [column(c) for c in pk]
    base = text(_select(conn, name, pk)).columns()
    for start in range(0, len(ordered), _BATCH):
        values = [orjson.loads(k) for k in ordered[start : start + _BATCH]]
        if len(cols) == 1:
            where = cols[0].in_([v[0] for v in values])
        else:
            where = tuple_of(*cols).in_([tuple(v) for v in values])
        q: Any = select(literal_column("*")).select_from(base.subquery("t")).where(where)
        found.update((k, h) for k, h in hashed_rows(name, conn.execute(q)) if k in keys)
    return found


def pending_since(conn: Connection, after_id: int) -> dict[str, set[str]]:
    """The keys the triggers logged after `after_id`, by table, and removes them from the log."""
    p = IntegrityPendingRow
    raw: dict[str, set[str]] = {}
    rows = conn.execute(select(p.tbl, p.pk).where(p.id > after_id))
    for tbl, pk in rows:
        raw.setdefault(tbl, set()).add(pk)
    if raw:
        conn.execute(delete(p).where(p.id > after_id))
    return raw


def last_pending(conn: Connection) -> int:
    return int(conn.scalar(select(func.max(IntegrityPendingRow.id))) or 0)


def count_pending(conn: Connection) -> int:
    return int(conn.scalar(select(func.count()).select_from(IntegrityPendingRow)) or 0)


def rows_digest(changes: Iterable[RowHash]) -> str:
    """SHA-256 of an entry's row list in (table, key) order (code point order, as the store
    sorts them byte by byte)."""
    digest = hashlib.sha256()
    for line in sorted(changes):  # (table, key) pairs are unique: the hash never decides
        digest.update(row_line(*line))
    return digest.hexdigest()


def row_line(tbl: str, pk: str, hashed: bytes | None) -> bytes:
    return f"{tbl}\t{pk}\t{hashed.hex() if hashed else '-'}\n".encode()


def insert_row_hashes(conn: Connection, seq: int, changes: Sequence[RowHash]) -> None:
    """Through the driver (COPY on PostgreSQL, executemany on SQLite): SQLAlchemy's per-row
    handling would cost more than the store's own work."""
    if conn.dialect.name == "postgresql":
        raw: Any = conn.connection.dbapi_connection
        with (
            raw.cursor() as cur,
            cur.copy("COPY integrity_row (tbl, pk, seq, hash) FROM STDIN") as cp,
        ):
            for t, k, h in changes:
                cp.write_row((t, k, seq, h))
        return
    statement = "INSERT INTO integrity_row (tbl, pk, seq, hash) VALUES (?, ?, ?, ?)"
    for start in range(0, len(changes), 5000):
        conn.exec_driver_sql(
            statement, [(t, k, seq, h) for t, k, h in changes[start : start + 5000]]
        )


def stream_row_hashes(conn: Connection) -> Iterator[tuple[str, str, int, bytes | None]]:
    """Every recorded row hash in (table, key, entry) order."""
    r = IntegrityRowRow
    q = select(r.tbl, r.pk, r.seq, r.hash).order_by(r.tbl, r.pk, r.seq)
    for tbl, pk, seq, hashed in conn.execute(q.execution_options(stream_results=True)):
        yield tbl, pk, int(seq), bytes(hashed) if hashed is not None else None


def is_recorded(conn: Connection, tbl: str) -> bool:
    """Whether the chain has ever recorded a row of this table."""
    r = IntegrityRowRow
    return conn.scalar(select(r.seq).where(r.tbl == tbl).limit(1)) is not None
