"""Which tables hold the record, and the SQL triggers that log every change to them.

Every table of the store is covered unless it is listed below: a table another feature adds is
covered the next time the store is opened, with no change here. The triggers (SQLite and
PostgreSQL) write the table and primary key of each inserted, updated or deleted row into
`integrity_pending`; Docket hashes those rows when it commits (storage.integrity_seal).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, inspect

# Tables that are not the record, and why (docs/integrity.md repeats this list):
EXCLUDED = frozenset(
    {
        "audit_entry",  # the chain itself: checked by recomputing it
        "integrity_row",  # the row hashes of the chain: checked against the entries' digests
        "integrity_pending",  # the trigger log, empty between transactions
        "integrity_meta",  # the store id, checked against checkpoints
        "alembic_version",  # the schema version, written by migrations
        "session",  # web sessions: change on every request, hold no part of the record
        "login_attempt",  # login throttling (security): counters, not the record
        "web_session",  # revocable server-side sessions (security), as `session`
    }
)
# Columns that change on their own and are not the record: login throttling on accounts.
VOLATILE = {"account": frozenset({"failed_logins", "locked_until", "last_login"})}
PREFIX = "integrity_"
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION integrity_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE c text; k jsonb; r jsonb;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    r := to_jsonb(OLD); k := '[]'::jsonb;
    FOREACH c IN ARRAY TG_ARGV LOOP k := k || jsonb_build_array(r -> c); END LOOP;
    INSERT INTO integrity_pending (tbl, pk) VALUES (TG_TABLE_NAME, k::text);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    r := to_jsonb(NEW); k := '[]'::jsonb;
    FOREACH c IN ARRAY TG_ARGV LOOP k := k || jsonb_build_array(r -> c); END LOOP;
    INSERT INTO integrity_pending (tbl, pk) VALUES (TG_TABLE_NAME, k::text);
  END IF;
  RETURN NULL;
END $$
"""


# (`%%`: the driver reads `%` as a placeholder mark, even with no parameters)
PG_STATEMENT_FUNCTION = """
CREATE OR REPLACE FUNCTION integrity_log_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE k text;
BEGIN
  SELECT 'jsonb_build_array(' || string_agg(format('%%I', c), ', ') || ')::text' INTO k
    FROM unnest(TG_ARGV) AS c;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE format('INSERT INTO integrity_pending (tbl, pk) SELECT %%L, %%s FROM old_rows',
                   TG_TABLE_NAME, k);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    EXECUTE format('INSERT INTO integrity_pending (tbl, pk) SELECT %%L, %%s FROM new_rows',
                   TG_TABLE_NAME, k);
  END IF;
  RETURN NULL;
END $$
"""


@dataclass(frozen=True, slots=True)
class Coverage:
    tables: dict[str, tuple[str, ...]]  # covered table -> its primary key columns
    keyless: tuple[str, ...]  # tables without a primary key: not covered, reported by verify


def _virtual(conn: Connection) -> set[str]:
    """SQLite full-text indexes and their shadow tables: indexes of covered tables."""
    if conn.dialect.name != "sqlite":
        return set()
    names = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
    ).scalars()
    virtual = set(names)
    tables = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").scalars()
    return virtual | {t for t in tables if any(t.startswith(v + "_") for v in virtual)}


def coverage(conn: Connection) -> Coverage:
    """The tables that hold the record, with their primary keys."""
    inspector = inspect(conn)
    skip = EXCLUDED | _virtual(conn)
    tables: dict[str, tuple[str, ...]] = {}
    keyless: list[str] = []
    for name in sorted(inspector.get_table_names()):
        if name in skip or name.startswith(("sqlite_", PREFIX)):
            continue
        pk = tuple(inspector.get_pk_constraint(name).get("constrained_columns") or ())
        if pk:
            tables[name] = pk
        else:
            keyless.append(name)
    return Coverage(tables, tuple(keyless))


def _names(conn: Connection) -> set[str]:
    if conn.dialect.name == "sqlite":
        q = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        q = (
            "SELECT trigger_name FROM information_schema.triggers "
            "WHERE trigger_schema = current_schema()"
        )
    return set(conn.exec_driver_sql(q).scalars())


def trigger_names(table: str, dialect: str) -> tuple[str, ...]:
    base = f"{PREFIX}{table}"
    return (f"{base}_i", f"{base}_u", f"{base}_d")


def missing_triggers(conn: Connection, tables: dict[str, tuple[str, ...]]) -> list[str]:
    """The covered tables whose triggers are not all there."""
    have = _names(conn)
    dialect = conn.dialect.name
    return [t for t in tables if not set(trigger_names(t, dialect)) <= have]


def _watched(conn: Connection, table: str) -> str:
    """`UPDATE OF` the columns that are part of the record, when some are volatile."""
    volatile = VOLATILE.get(table)
    if not volatile:
        return "UPDATE"
    columns = [c["name"] for c in inspect(conn).get_columns(table) if c["name"] not in volatile]
    return "UPDATE OF " + ", ".join(f'"{c}"' for c in columns)


def install_triggers(conn: Connection, table: str, pk: tuple[str, ...]) -> None:
    """Create the logging triggers of a table (again, if some were dropped)."""
    update = _watched(conn, table)
    names = trigger_names(table, conn.dialect.name)
    if conn.dialect.name == "postgresql":
        _install_pg(conn, table, pk, names, update)
        return
    literal = "'" + table.replace("'", "''") + "'"

    def key(side: str) -> str:
        return "json_array(" + ", ".join(f'{side}."{c}"' for c in pk) + ")"

    changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in pk)
    log = "INSERT INTO integrity_pending (tbl, pk)"
    # Table and column names come from the store's own catalogue, quoted; no value is spliced.
    statements = {
        names[0]: f'AFTER INSERT ON "{table}" BEGIN {log} VALUES ({literal}, {key("NEW")}); END',  # noqa: S608
        names[1]: (
            f'AFTER {update} ON "{table}" BEGIN {log} VALUES ({literal}, {key("NEW")}); '
            f"{log} SELECT {literal}, {key('OLD')} WHERE {changed}; END"
        ),
        names[2]: f'AFTER DELETE ON "{table}" BEGIN {log} VALUES ({literal}, {key("OLD")}); END',
    }
    for name, body in statements.items():
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE TRIGGER "{name}" {body}')


def _install_pg(
    conn: Connection, table: str, pk: tuple[str, ...], names: tuple[str, ...], update: str
) -> None:
    """Statement triggers reading the transition tables: one INSERT ... SELECT per statement, so
    a COPY of a million rows logs them in one go. An `UPDATE OF` columns cannot have transition
    tables: such a table logs its updates row by row."""
    conn.exec_driver_sql(PG_FUNCTION)
    conn.exec_driver_sql(PG_STATEMENT_FUNCTION)
    args = ", ".join("'" + c.replace("'", "''") + "'" for c in pk)
    for name in (f"{PREFIX}{table}", *names):  # the first: a single row trigger, as once made
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
    each = f"EXECUTE FUNCTION integrity_log_rows({args})"
    conn.exec_driver_sql(
        f'CREATE TRIGGER "{names[0]}" AFTER INSERT ON "{table}" '
        f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT {each}"
    )
    if update == "UPDATE":
        conn.exec_driver_sql(
            f'CREATE TRIGGER "{names[1]}" AFTER UPDATE ON "{table}" '
            f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT {each}"
        )
    else:
        conn.exec_driver_sql(
            f'CREATE TRIGGER "{names[1]}" AFTER {update} ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION integrity_log({args})"
        )
    conn.exec_driver_sql(
        f'CREATE TRIGGER "{names[2]}" AFTER DELETE ON "{table}" '
        f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT {each}"
    )


def ensure_triggers(conn: Connection) -> list[str]:
    """Install the triggers missing on covered tables; returns those tables."""
    cover = coverage(conn)
    missing = missing_triggers(conn, cover.tables)
    for table in missing:
        install_triggers(conn, table, cover.tables[table])
    return missing
