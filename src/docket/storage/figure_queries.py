"""Whole-store reads behind the figures for an audience (services.stats_audience).

The figures of a large record count most people and prosecutions in it; asking the store about
them id by id (500 at a time) cost seconds. These read what an audience may see of a whole
table in one statement each, through the driver, or look many ids up in one statement, in key
order (so the store reads its index pages in order, not at random).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

import orjson
from sqlalchemy import Connection

from docket.storage.level_tables import PARTY

# The tables of records with a level, by the kind their marks name.
_TABLES = {"person": "person", "case": "legal_case", "event": "event"}


def raw_rows(conn: Connection, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    """The rows of a statement written with `?` placeholders, through the driver (psycopg
    takes `%s`: no statement here holds a literal `%` or `?`)."""
    if conn.dialect.name != "sqlite":
        sql = sql.replace("?", "%s")
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, tuple(params))
        return [tuple(row) for row in cursor.fetchall()]
    finally:
        cursor.close()


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def ids_hidden(conn: Connection, kind: str, visible: Collection[str]) -> set[str]:
    """The ids of every record of a kind (person, case) at no level of these (or at none)."""
    levels = sorted(visible)
    sql = (
        f"SELECT id FROM {_TABLES[kind]} WHERE sensitivity IS NULL "  # noqa: S608
        f"OR sensitivity NOT IN ({_marks(len(levels))})"
    )
    return {rid for (rid,) in raw_rows(conn, sql, levels)}


def levels_of(conn: Connection, kind: str, ids: Collection[str]) -> dict[str, str]:
    """The level of each of these records that exists, looked up in key order."""
    ordered = sorted(set(ids))
    if not ordered:
        return {}
    table = _TABLES[kind]
    if conn.dialect.name == "sqlite":
        sql = (
            f"SELECT t.id, t.sensitivity FROM json_each(?) AS j "  # noqa: S608
            f"JOIN {table} AS t ON t.id = j.value"
        )
        param: Any = orjson.dumps(ordered).decode()
    else:
        sql = f"SELECT id, sensitivity FROM {table} WHERE id = ANY(?)"  # noqa: S608
        param = ordered
    return {rid: level for rid, level in raw_rows(conn, sql, [param])}


def status_facts(
    conn: Connection, day: date, statuses: Collection[str]
) -> list[tuple[str, str, str | None]]:
    """(person, event, the event's level; None: not in the store) of the status spans in these
    statuses covering the day."""
    chosen = sorted(statuses)
    # SQLite: every span read in table order costs less than finding those of the day in the
    # statuses' index and then each one's row (it holds no event) at random
    spans = "status_span AS s NOT INDEXED" if conn.dialect.name == "sqlite" else "status_span AS s"
    sql = (
        f"SELECT s.person_id, s.event_id, e.sensitivity FROM {spans} "  # noqa: S608
        "LEFT JOIN event AS e ON e.id = s.event_id "
        f"WHERE s.status IN ({_marks(len(chosen))}) "
        'AND s.start <= ? AND (s."end" IS NULL OR s."end" > ?)'
    )
    d = day.isoformat()
    return [(p, e, level) for p, e, level in raw_rows(conn, sql, [*chosen, d, d])]


def field_marks(conn: Connection, kind: str, field: str) -> dict[str, str]:
    """record id -> the level of its mark on this field (records with such a mark)."""
    sql = "SELECT record_id, level FROM field_level WHERE record_kind = ? AND field = ?"
    out: dict[str, str] = {}
    for rid, level in raw_rows(conn, sql, [kind, field]):
        out.setdefault(rid, level)  # as services.redacting: the first mark read decides
    return out


def party_marks(conn: Connection) -> dict[str, dict[str, str]]:
    """event id -> its marks ({field: level}) for every event with a mark on a party."""
    sql = (
        "SELECT m.record_id, m.field, m.level FROM field_level AS m "
        "WHERE m.record_kind = 'event' AND m.record_id IN (SELECT p.record_id "
        "FROM field_level AS p WHERE p.record_kind = 'event' AND substr(p.field, 1, ?) = ?)"
    )
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for rid, fld, level in raw_rows(conn, sql, [len(PARTY), PARTY]):
        out[rid][fld] = level
    return dict(out)


def named_at_levels(conn: Connection, visible: Collection[str]) -> list[str]:
    """The names of the organisations at these levels."""
    levels = sorted(visible)
    sql = f"SELECT name FROM organisation WHERE sensitivity IN ({_marks(len(levels))})"  # noqa: S608
    return [name for (name,) in raw_rows(conn, sql, levels)]


def worded_charges(conn: Connection, visible: Collection[str]) -> list[tuple[str, str]]:
    """(case id, wording) of every worded charge whose case and defendant are at these levels
    (as storage.level_queries.charge_wordings)."""
    levels = sorted(visible)
    marks = _marks(len(levels))
    # each worded charge read once, its case and defendant looked up by key (joined, SQLite
    # read every person first and then their charges)
    sql = (
        "SELECT ch.case_id, ch.wording FROM charge AS ch WHERE ch.wording IS NOT NULL "  # noqa: S608
        "AND EXISTS (SELECT 1 FROM legal_case AS c WHERE c.id = ch.case_id "
        f"AND c.sensitivity IN ({marks})) "
        "AND EXISTS (SELECT 1 FROM person AS p WHERE p.id = ch.person_id "
        f"AND p.sensitivity IN ({marks}))"
    )
    return [(cid, str(wording)) for cid, wording in raw_rows(conn, sql, [*levels, *levels])]
