"""Writing many rows at once, straight through the driver, inside the caller's transaction.

SQLAlchemy's per-row parameter handling costs more than the store's own work on a large load, so
rows (tuples, storage.dataset_rows) go to the driver in large batches: `executemany` on SQLite,
COPY on PostgreSQL.

A load on SQLite (`sealed=True`) also does the history's work in one pass (docs/integrity.md).
Rather than a trigger logging each inserted row and sealing reading it back to hash it, the
writer gives each row its id itself, hashes the row as it sends it, and hands the hashes to the
seal (storage.integrity_seal.give_hashes). The insert triggers of those tables are dropped for
the insert and put back before the transaction ends, so the store never commits without them;
update and delete triggers stay. Nothing else writes in the transaction meanwhile (SQLite has one
writer), and sealing reads some of the rows back to compare with the given hashes. A table
whose columns are not all written here keeps its trigger and is read back as usual.

On an empty table and a large load, the table's secondary indexes are dropped and made again
after the insert, in the same transaction: sorting once is cheaper than updating the indexes
row by row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

import orjson
from sqlalchemy import Connection, Table, text
from sqlalchemy.exc import DBAPIError

from docket.storage import integrity_rows as ir
from docket.storage import integrity_seal
from docket.storage.dataset_rows import COLUMNS, Row
from docket.storage.engine import begin_write
from docket.storage.integrity_triggers import install_triggers, trigger_names
from docket.storage.tables import Base

BATCH = 20_000
BIG = 50_000  # rows in a table above which an empty table's indexes are made after the insert
Progress = Callable[[str, int], None]


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _generated_id(table: Table) -> str | None:
    """The integer key the store generates, if the table has one."""
    pk = list(table.primary_key.columns)
    if len(pk) == 1 and pk[0].autoincrement is True:
        return pk[0].name
    return None


class BulkWriter:
    """Writes rows table by table. Use as a context manager: on leaving, the triggers it
    suspended are back and the row hashes it made are given to the seal."""

    def __init__(self, conn: Connection, *, sealed: bool = False, big: int | None = None) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self.sealed = sealed and self.sqlite
        self.big = big  # expected rows of the largest tables; None: never drop indexes
        self.counts: dict[str, int] = {}
        # the row hashes given to the seal, by table and key: one sealed writer per transaction
        self.given: dict[str, dict[str, bytes | None]] = {}
        self._suspended: dict[str, tuple[str, ...]] = {}

    def __enter__(self) -> BulkWriter:
        begin_write(self.conn)  # a no-op in store.write(), which has begun already
        return self

    def __exit__(self, *exc: object) -> None:
        for name, pk in self._suspended.items():
            install_triggers(self.conn, name, pk)
        self._suspended.clear()

    def write(
        self, tables: Iterable[tuple[str, Iterable[Row]]], progress: Progress | None = None
    ) -> None:
        """Insert the rows of each (table, rows) in turn."""
        for name, rows in tables:
            self.write_table(name, rows, progress)

    def write_table(self, name: str, rows: Iterable[Row], progress: Progress | None = None) -> int:
        table = _table(name)
        columns = COLUMNS[name]
        generated = _generated_id(table)
        rows = iter(rows)
        first = list(islice(rows, BATCH))
        if not first:
            return 0
        count = 0
        if not self.sqlite:
            for batch in _batches(first, rows):
                _copy(self.conn, table, columns, batch)
                count += self._advance(name, len(batch), progress)
            return count
        next_id = 0
        if generated is not None:
            top = self.conn.exec_driver_sql(f'SELECT max("{generated}") FROM "{name}"').scalar()  # noqa: S608
            next_id = int(top or 0) + 1
            columns = (generated, *columns)
        hash_row = self._hasher(name, table, columns)
        rebuild = self._defer_indexes(name)
        marks = ", ".join("?" * len(columns))
        listed = ", ".join(f'"{c}"' for c in columns)
        statement = f'INSERT INTO "{name}" ({listed}) VALUES ({marks})'  # noqa: S608
        hashes = self.given.setdefault(name, {}) if hash_row else None
        for batch in _batches(first, rows):
            if generated is not None:
                batch = [(i, *row) for i, row in enumerate(batch, next_id)]
                next_id += len(batch)
            self.conn.exec_driver_sql(statement, batch)
            if hashes is not None and hash_row is not None:
                hashes.update(
                    zip(_keys(batch, generated is not None), map(hash_row, batch), strict=True)
                )
            count += self._advance(name, len(batch), progress)
        for statement in rebuild:
            self.conn.exec_driver_sql(statement)
        if hashes is not None:
            integrity_seal.give_hashes(self.conn, name, hashes)
        return count

    def _advance(self, name: str, n: int, progress: Progress | None) -> int:
        self.counts[name] = self.counts.get(name, 0) + n
        if progress is not None:
            progress(name, n)
        return n

    def _hasher(
        self, name: str, table: Table, columns: tuple[str, ...]
    ) -> Callable[[Row], bytes] | None:
        """The row hash of this table, with its insert trigger suspended; None when the rows
        are not hashed here (not a sealed SQLite load, or columns this writer does not fill)."""
        if not self.sealed:
            return None
        stored = [r[1] for r in self.conn.exec_driver_sql(f'PRAGMA table_info("{name}")')]
        key = [c.name for c in table.primary_key.columns]
        if sorted(stored) != sorted(columns) or len(key) != 1:
            return None
        if name not in self._suspended:
            suspend_insert_trigger(self.conn, name)
            self._suspended[name] = tuple(key)
        return ir.row_hasher(name, columns)

    def _defer_indexes(self, name: str) -> list[str]:
        """Drop the table's secondary indexes when it is empty and the load is big; returns
        the statements that make them again."""
        if self.big is None or self.big < BIG:
            return []
        probe = f'SELECT 1 FROM "{name}" LIMIT 1'  # noqa: S608 (a name of this schema)
        if self.conn.exec_driver_sql(probe).first() is not None:
            return []
        return drop_secondary_indexes(self.conn, name)


def drop_secondary_indexes(conn: Connection, table: str) -> list[str]:
    """Drop the table's indexes other than its unique ones (which keep the data right); returns
    the statements that make them again, to run before the transaction ends."""
    if conn.dialect.name == "sqlite":
        query = (
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
        )
    else:
        query = (
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :t "
            "AND schemaname = current_schema() AND indexdef NOT LIKE 'CREATE UNIQUE%'"
        )
    found = conn.execute(text(query), {"t": table}).all()
    for index, _ in found:
        conn.exec_driver_sql(f'DROP INDEX "{index}"')
    return [sql for _, sql in found]


def suspend_insert_trigger(conn: Connection, table: str) -> None:
    """Drop the history's insert trigger of a SQLite table; the caller logs or hashes the rows
    it inserts and puts the trigger back (integrity_triggers.install_triggers) before the
    transaction ends."""
    conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{trigger_names(table, "sqlite")[0]}"')


def _keys(batch: list[Row], numbered: bool) -> list[str]:
    """The keys of the rows as the store writes them (json_array of the key column, first)."""
    if numbered:
        return [f"[{row[0]}]" for row in batch]
    dumps = orjson.dumps
    return [dumps(row[:1]).decode() for row in batch]


def _batches(first: list[Row], rest: Iterator[Row]) -> Iterator[list[Row]]:
    batch = first
    while batch:
        yield batch
        batch = list(islice(rest, BATCH))


def _copy(conn: Connection, table: Table, columns: tuple[str, ...], batch: list[Row]) -> None:
    """PostgreSQL: the rows by COPY (its statement triggers log them in one go)."""
    from psycopg import Error, sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    driver: Any = conn.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in batch:
                copy.write_row(row)
    except Error as err:  # the same exception SQLAlchemy would raise, for the same handling
        raise DBAPIError.instance(f"COPY {table.name}", None, err, Error) from err
