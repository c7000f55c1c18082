"""Writing OONI measurements in bulk: rows in the form each store takes, with their row hashes.

At tens of thousands of measurements a second, what Python does per row decides the speed, so
rows are made ready where the measurements are judged (in worker processes for large imports):
a tuple for SQLite's executemany (booleans as 0 and 1, as SQLite keeps them), a line of COPY text
for PostgreSQL. Each row also gets its key and its hash as the tamper-evident history records
them (storage.integrity_rows), so that sealing the import need not read a million rows back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import orjson
import psycopg
from sqlalchemy import Boolean, Connection, Table, insert, inspect, select

from docket.domain.digital import MEASUREMENT_COLUMNS, RAW_COLUMNS
from docket.errors import StoreError
from docket.storage import integrity_rows as ir
from docket.storage.bulk_insert import (
    drop_secondary_indexes,
    suspend_insert_trigger,
)
from docket.storage.digital_tables import OoniFileRow, OoniMeasurementRow, OoniRawRow
from docket.storage.engine import begin_write
from docket.storage.integrity_triggers import install_triggers

MEASUREMENT: Table = OoniMeasurementRow.__table__  # type: ignore[assignment]
RAW: Table = OoniRawRow.__table__  # type: ignore[assignment]
COLUMNS = ("file_sha256", *MEASUREMENT_COLUMNS)  # the order of a row's values
RAW_ROW_COLUMNS = ("file_sha256", *RAW_COLUMNS)
_ID = COLUMNS.index("id")
_BOOLEANS = tuple(i for i, c in enumerate(COLUMNS) if isinstance(MEASUREMENT.c[c].type, Boolean))
# Printable ASCII but '"' and '\': such an id is its own JSON text, the same in every store's
# JSON (the key the history logs). Other ids are keyed and hashed by the store, as before.
_PLAIN_ID = re.compile(r"[ !#-\[\]-~]+")
_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
Row = Any  # a tuple or list of values (SQLite), or a line of COPY text (PostgreSQL)


@cache
def _hasher() -> Any:
    return ir.row_hasher(MEASUREMENT.name, COLUMNS)


@dataclass(frozen=True, slots=True)
class MeasurementRows:
    """Makes a measurement's values (in the order of COLUMNS) into the row this store takes,
    with its key and its hash as the history records them. Made once per import, from the table
    as the store has it; sent to the worker processes."""

    dialect: str
    hashed: bool  # the table has exactly COLUMNS: a row's hash can be made from its values

    def __call__(self, values: tuple[Any, ...]) -> tuple[Row, str, bytes | None]:
        id_ = values[_ID]
        plain = _PLAIN_ID.fullmatch(id_) is not None
        key = f'["{id_}"]' if plain else orjson.dumps([id_]).decode()
        if self.dialect == "postgresql":
            hashed = _hasher()(values) if plain and self.hashed else None
            return _copy_line(values), key, hashed
        as_int = list(values)
        for i in _BOOLEANS:
            if as_int[i] is not None:
                as_int[i] = int(as_int[i])
        row = tuple(as_int)
        return row, key, _hasher()(row) if plain and self.hashed else None


def _copy_line(values: Sequence[Any]) -> str:
    """Values as a line of PostgreSQL's COPY text format."""
    out = []
    for v in values:
        if type(v) is str:
            out.append(v.translate(_COPY_ESCAPES) if _COPY_SPECIAL.search(v) else v)
        elif v is None:
            out.append("\\N")
        elif type(v) is bool:
            out.append("t" if v else "f")
        else:
            out.append(repr(v))  # int, float: repr is exact
    return "\t".join(out) + "\n"


def measurement_rows(conn: Connection) -> MeasurementRows:
    """The row form of this store; rows are hashed only if the table has exactly the columns
    written (a column added later would be missing from the hash)."""
    names = {c["name"] for c in inspect(conn).get_columns(MEASUREMENT.name)}
    return MeasurementRows(conn.dialect.name, names == set(COLUMNS))


def insert_measurements(conn: Connection, rows: list[Row]) -> int:
    """Insert rows made by `MeasurementRows`, skipping ids already stored; returns how many were
    new. Ids must not repeat within the rows (the caller keeps the first)."""
    if not rows:
        return 0
    names = ", ".join(COLUMNS)
    if conn.dialect.name == "postgresql":
        lines = "".join(rows)
        try:  # straight into the table: the caller left out the ids it found stored
            with conn.begin_nested():
                return _copy(conn, MEASUREMENT.name, names, lambda cp: cp.write(lines))
        except psycopg.errors.UniqueViolation:  # stored meanwhile, by another import
            return _copy_new(conn, MEASUREMENT, names, lambda cp: cp.write(lines))
    marks = ", ".join("?" for _ in COLUMNS)
    statement = f"INSERT OR IGNORE INTO {MEASUREMENT.name} ({names}) VALUES ({marks})"  # noqa: S608
    return conn.exec_driver_sql(statement, rows).rowcount


def insert_raw(conn: Connection, rows: list[tuple[Any, ...]]) -> int:
    """Insert measurements kept as written (values in the order of RAW_ROW_COLUMNS), skipping
    ids already stored or repeated; returns how many were new."""
    if not rows:
        return 0
    names = ", ".join(RAW_ROW_COLUMNS)
    if conn.dialect.name == "postgresql":

        def write(cp: Any) -> None:
            for row in rows:
                cp.write_row(row)

        return _copy_new(conn, RAW, names, write)
    marks = ", ".join("?" for _ in RAW_ROW_COLUMNS)
    statement = f"INSERT OR IGNORE INTO {RAW.name} ({names}) VALUES ({marks})"  # noqa: S608
    return conn.exec_driver_sql(statement, rows).rowcount


def _copy(conn: Connection, table: str, names: str, write: Any) -> int:
    raw: Any = conn.connection.dbapi_connection
    try:
        with raw.cursor() as cur:
            with cur.copy(f"COPY {table} ({names}) FROM STDIN") as cp:
                write(cp)
            return int(cur.rowcount)
    except psycopg.errors.UniqueViolation:
        raise
    except psycopg.Error as err:  # not seen by SQLAlchemy, so mapped here
        raise StoreError(f"Nothing was written: the store refused the rows ({err})") from err


def _copy_new(conn: Connection, table: Table, names: str, write: Any) -> int:
    """COPY into a scratch table, then insert the rows whose id is not stored yet."""
    scratch = f"scratch_{table.name}"
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {scratch} (LIKE {table.name}) ON COMMIT DROP"
    )
    _copy(conn, scratch, names, write)
    result = conn.exec_driver_sql(
        f"INSERT INTO {table.name} ({names}) SELECT {names} FROM {scratch} "  # noqa: S608
        "ON CONFLICT (id) DO NOTHING"
    )
    conn.exec_driver_sql(f"TRUNCATE {scratch}")
    return result.rowcount


def prepare_bulk_write(conn: Connection) -> None:
    """A larger page cache for this connection while it writes many rows (SQLite)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size=-65536")  # 64 MiB


@dataclass(frozen=True, slots=True)
class BulkLoad:
    """How the measurements table was set up for an import, to be put back by `end_bulk_load`
    in the same transaction (a rollback puts it back too: both stores' DDL is transactional)."""

    stored: bool  # the table had rows before: a measurement may be stored already
    trigger: bool  # the history's insert trigger is suspended
    indexes: tuple[str, ...] = ()  # the statements that make the dropped indexes again


def begin_bulk_load(conn: Connection, form: MeasurementRows, *, large: bool) -> BulkLoad:
    """For a large import into an empty table, drop its secondary indexes (made again once, at
    the end: sorting once costs less than updating them row by row). On SQLite also suspend the
    history's insert trigger when every row is hashed as it is made (the hashes go to the
    sealing instead, storage.integrity_seal.give_hashes)."""
    table = MEASUREMENT.name
    begin_write(conn)  # first: what is stored is then read in the import's transaction
    stored = conn.execute(select(MEASUREMENT.c.id).limit(1)).first() is not None
    indexes = tuple(drop_secondary_indexes(conn, table)) if large and not stored else ()
    trigger = conn.dialect.name == "sqlite" and form.hashed
    if trigger:
        suspend_insert_trigger(conn, table)
    return BulkLoad(stored, trigger, indexes)


def end_bulk_load(conn: Connection, load: BulkLoad) -> None:
    """Make the dropped indexes and put the insert trigger back, before the transaction ends."""
    for statement in load.indexes:
        conn.exec_driver_sql(statement)
    if load.trigger:
        install_triggers(conn, MEASUREMENT.name, ("id",))


def stored_ids(conn: Connection, ids: list[str]) -> set[str]:
    """Which of these measurement ids are stored."""
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        found.update(conn.scalars(select(MEASUREMENT.c.id).where(MEASUREMENT.c.id.in_(part))))
    return found


def known_ooni_files(conn: Connection, shas: Iterable[str]) -> dict[str, tuple[str, int]]:
    """Files imported before, by SHA-256: the name they had and the measurements they gave."""
    f = OoniFileRow
    rows = conn.execute(select(f.sha256, f.name, f.measurements).where(f.sha256.in_(list(shas))))
    return {sha: (name, n) for sha, name, n in rows}


def record_ooni_file(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(OoniFileRow), [values])
