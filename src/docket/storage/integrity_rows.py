"""Row hashes: the SHA-256 of a row as the store gives it back, and the chain's row lists.

A row's hash covers its table, its column names and their values (sorted by column name, as
canonical JSON), read with no type conversion, so the hash Docket records when it commits is the
hash `docket verify` computes later from the same row. Volatile columns are left out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import Connection, column, delete, func, insert, literal_column, select, table
from sqlalchemy import tuple_ as tuple_of

from docket.storage.integrity_tables import IntegrityPendingRow, IntegrityRowRow
from docket.storage.integrity_triggers import VOLATILE

RowHash = tuple[str, str, bytes | None]  # table, key, hash (None: deleted)
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


def canonical_key(values: Sequence[Any]) -> str:
    """A primary key as canonical JSON text: ["p-1"], [42], ["a", 3]."""
    return _dumps(list(values)).decode()


def hashed_rows(
    name: str, pk: Sequence[str], result: Any, keep: set[str] | None = None
) -> Iterator[tuple[str, bytes]]:
    """(key, hash) of each row of a result of `SELECT *`; `keep`: only rows with these keys."""
    names = list(result.keys())
    skip = VOLATILE.get(name, frozenset())
    order = sorted((n, i) for i, n in enumerate(names) if n not in skip)
    header = _dumps([name, [n for n, _ in order]])
    positions = [i for _, i in order]
    key_at = [names.index(c) for c in pk]
    for row in result:
        key = canonical_key([row[i] for i in key_at])
        if keep is not None and key not in keep:
            continue
        body = _dumps([row[i] for i in positions])
        yield key, hashlib.sha256(header + body).digest()


def _select_all(name: str) -> Any:
    return select(literal_column("*")).select_from(table(name))


def scan_table(conn: Connection, name: str, pk: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    """Every row of a table, hashed."""
    result = conn.execute(_select_all(name).execution_options(stream_results=True))
    yield from hashed_rows(name, pk, result)


def rows_by_key(conn: Connection, name: str, pk: Sequence[str], keys: set[str]) -> dict[str, bytes]:
    """The hashes of the rows with these keys that exist."""
    if len(keys) > _SCAN_ABOVE:
        return dict(hashed_rows(name, pk, conn.execute(_select_all(name)), keys))
    found: dict[str, bytes] = {}
    ordered = sorted(keys)
    cols: list[Any] = [column(c) for c in pk]
    for start in range(0, len(ordered), _BATCH):
        values = [orjson.loads(k) for k in ordered[start : start + _BATCH]]
        if len(cols) == 1:
            where = cols[0].in_([v[0] for v in values])
        else:
            where = tuple_of(*cols).in_([tuple(v) for v in values])
        found.update(hashed_rows(name, pk, conn.execute(_select_all(name).where(where))))
    return found


def pending_since(conn: Connection, after_id: int) -> dict[str, set[str]]:
    """The keys the triggers logged after `after_id`, by table (keys made canonical), and
    removes them from the log."""
    p = IntegrityPendingRow
    out: dict[str, set[str]] = {}
    rows = conn.execute(select(p.tbl, p.pk).where(p.id > after_id).distinct())
    for tbl, pk in rows:
        out.setdefault(tbl, set()).add(canonical_key(orjson.loads(pk)))
    if out:
        conn.execute(delete(p).where(p.id > after_id))
    return out


def last_pending(conn: Connection) -> int:
    return int(conn.scalar(select(func.max(IntegrityPendingRow.id))) or 0)


def count_pending(conn: Connection) -> int:
    return int(conn.scalar(select(func.count()).select_from(IntegrityPendingRow)) or 0)


def rows_digest(changes: Iterable[RowHash]) -> str:
    """SHA-256 of an entry's row list in (table, key) order (code point order, as the store
    sorts them byte by byte)."""
    digest = hashlib.sha256()
    for line in sorted(changes, key=lambda c: (c[0], c[1])):
        digest.update(row_line(*line))
    return digest.hexdigest()


def row_line(tbl: str, pk: str, hashed: bytes | None) -> bytes:
    return f"{tbl}\t{pk}\t{hashed.hex() if hashed else '-'}\n".encode()


def insert_row_hashes(conn: Connection, seq: int, changes: Sequence[RowHash]) -> None:
    for start in range(0, len(changes), 5000):
        conn.execute(
            insert(IntegrityRowRow),
            [
                {"tbl": t, "pk": k, "seq": seq, "hash": h}
                for t, k, h in changes[start : start + 5000]
            ],
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
