"""Helpers of the tamper tests: a store holding the fictional dataset plus web-style edits, and
raw SQL run behind Docket's back, as someone with the database file or server would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from docket.services import accounts, editing, loading, takedowns
from docket.services.store import Store
from tests.conftest import FICTIONAL

DIGITAL = Path(__file__).resolve().parent.parent / "digital" / "fixtures"
ENTRIES = 6  # the chain entries after `fill`: the store covered at its first open, then five


def fill(store: Store) -> None:
    """The fictional dataset, an edit and an added source (entries 2-4), an account (5) and
    takedown statistics (6): rows in records, links, derived tables, accounts and imports."""
    loading.load_dataset(store, FICTIONAL)
    editing.save(
        store, "person", {"occupation": "teacher"}, actor="alice", record_id="aigerim-nurlanova"
    )
    editing.save(
        store,
        "source",
        {"id": "src-new", "kind": "report", "title": "A new report", "reliability": "confirmed"},
        actor="bob",
    )
    accounts.add_user(store, "carol", role="editor", password="a long enough passphrase")
    files = ["google-government-removal-requests.csv", "lumen-notices.json"]
    takedowns.import_takedowns(store, [DIGITAL / f for f in files])


def raw(store: Store, sql: str, params: dict[str, Any] | None = None) -> None:
    """Run SQL on a connection of its own, outside Docket's write path."""
    engine = create_engine(store.engine.url)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params or {})
    finally:
        engine.dispose()


def scalar(store: Store, sql: str) -> Any:
    with store.read() as conn:
        return conn.execute(text(sql)).scalar()


def careful(store: Store, *statements: str) -> None:
    """Raw SQL by someone who also empties the trigger log, so only the hashes can tell."""
    engine = create_engine(store.engine.url)
    try:
        with engine.begin() as conn:
            for sql in statements:
                conn.execute(text(sql))
            conn.execute(text("DELETE FROM integrity_pending"))
    finally:
        engine.dispose()


def findings(store: Store, **kwargs: Any) -> list[Any]:
    from docket.services import integrity

    return integrity.verify(store, **kwargs).all_findings()


def rewrite_chain(store: Store) -> None:
    """What someone with write access and Docket's code can do: rehash every recorded row from
    the tables as they are now, and recompute every row digest and entry hash after it."""
    from docket.storage import account_queries as aq
    from docket.storage import integrity_rows as ir
    from docket.storage.integrity_triggers import coverage

    engine = create_engine(store.engine.url)
    try:
        with engine.begin() as conn:
            cover = coverage(conn)
            latest: dict[tuple[str, str], int] = {}
            for tbl, pk, seq, _ in ir.stream_row_hashes(conn):
                latest[(tbl, pk)] = seq
            for tbl, pk in cover.tables.items():
                for key, hashed in ir.scan_table(conn, tbl, pk):
                    seq = latest.get((tbl, key))
                    if seq is not None:
                        conn.execute(
                            text(
                                "UPDATE integrity_row SET hash = :h "
                                "WHERE tbl = :t AND pk = :k AND seq = :s"
                            ),
                            {"h": hashed, "t": tbl, "k": key, "s": seq},
                        )
            rows: dict[int, list[Any]] = {}
            for tbl, pk, seq, hashed in ir.stream_row_hashes(conn):
                rows.setdefault(seq, []).append((tbl, pk, hashed))
            prev = aq.GENESIS
            for e in aq.audit_chain(conn, batch=100000):
                digest = ir.rows_digest(rows.get(e.seq, [])) if e.rows is not None else None
                body = {**aq.entry_body(e), "rows_digest": digest}
                conn.execute(
                    text(
                        "UPDATE audit_entry SET rows_digest = :d, prev_hash = :p, hash = :h "
                        "WHERE seq = :s"
                    ),
                    {"d": digest, "p": prev, "h": aq.entry_hash(body, prev), "s": e.seq},
                )
                prev = aq.entry_hash(body, prev)
    finally:
        engine.dispose()


def snapshot(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table: a backup taken now."""
    from sqlalchemy import MetaData

    meta = MetaData()
    with store.read() as conn:
        _reflect_raw(conn, meta)
        return {
            t.name: [dict(r._mapping) for r in conn.execute(t.select())]
            for t in meta.sorted_tables
            if t.name != "alembic_version" and not t.name.startswith("search_fts")
        }


def restore(store: Store, backup: dict[str, list[dict[str, Any]]]) -> None:
    """Put a backup back in place of everything (as restoring an older copy would)."""
    from sqlalchemy import MetaData

    engine = create_engine(store.engine.url)
    meta = MetaData()
    try:
        with engine.begin() as conn:
            _reflect_raw(conn, meta)
            tables = [t for t in meta.sorted_tables if t.name in backup]
            for t in reversed(tables):
                conn.execute(t.delete())
            for t in tables:
                if backup[t.name]:
                    conn.execute(t.insert(), backup[t.name])
            conn.execute(text("DELETE FROM integrity_pending"))
    finally:
        engine.dispose()


def _reflect_raw(conn: Any, meta: Any) -> None:
    """Tables whose values pass unconverted on SQLite (JSON text stays as stored), as a copy of
    the file would keep them; PostgreSQL's driver converts JSON both ways by itself."""
    from sqlalchemy.types import NullType

    meta.reflect(conn)
    if conn.dialect.name == "sqlite":
        for t in meta.tables.values():
            for c in t.columns:
                c.type = NullType()
