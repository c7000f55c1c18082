"""Engines for the embedded store (SQLite, or SQLCipher when encrypted) and team mode
(PostgreSQL), and schema upgrades."""

from __future__ import annotations

import ast
import re
import sqlite3
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError

from docket.config import Settings
from docket.errors import StoreError
from docket.storage.folding import register_fold
from docket.storage.keys import key_file_path

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_MAGIC = b"SQLite format 3\x00"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Sorts and temporary indexes stay in memory, never in plaintext temporary files.
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()
    register_fold(dbapi_connection)


def begin_write(conn: Connection) -> None:
    """Open the write transaction now; on SQLite with the write lock (BEGIN IMMEDIATE).

    Python's sqlite3 opens a transaction only before a statement that changes rows. What a write
    read before that (the history's last entry, whether an id is taken) was read outside it, and
    when another writer committed meanwhile, SQLite refused the first change at once ("database
    is locked") instead of waiting; a trigger or index dropped before it was committed at once,
    and survived a load then refused or killed. Taking the lock first makes writers wait their
    turn (busy_timeout) and keeps everything in one transaction. PostgreSQL's transaction holds
    it all already."""
    if conn.dialect.name == "sqlite" and not conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def sqlite_path(settings: Settings) -> Path | None:
    """The SQLite file of the store; None for PostgreSQL or an in-memory store."""
    if not settings.is_sqlite:
        return None
    path = settings.database_url.removeprefix("sqlite:///")
    return None if path in ("", ":memory:") else Path(path)


def is_encrypted_store(settings: Settings) -> bool:
    """The store is (or must be) encrypted: its key file exists or the settings demand it."""
    path = sqlite_path(settings)
    return settings.is_sqlite and (
        settings.encrypted or (path is not None and key_file_path(path).exists())
    )


def make_engine(settings: Settings, *, data_key: bytes | None = None) -> Engine:
    """An engine for the configured store; creates the SQLite file's folder if needed.

    With `data_key` the SQLite file is opened (or created) encrypted with SQLCipher. Without it,
    an encrypted store is refused: Docket never opens one as plaintext, nor creates a plaintext
    store where an encrypted one is configured.
    """
    url = settings.database_url
    if settings.is_sqlite:
        path = sqlite_path(settings)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        if data_key is not None:
            return _encrypted_engine(settings, path, data_key)
        if is_encrypted_store(settings):
            raise StoreError(
                "This store is encrypted (or configured to be): it opens only with its passphrase."
            )
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        if not _has_fts5():
            raise StoreError("This Python's SQLite has no FTS5 full-text search; Docket needs it.")
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True)


def _encrypted_engine(settings: Settings, path: Path | None, data_key: bytes) -> Engine:
    import sqlcipher3  # type: ignore[import-untyped]

    if path is None:
        raise StoreError("An encrypted store needs a file, not an in-memory database.")
    if starts_plaintext(path):
        raise StoreError(
            "The store file is not encrypted, but this store is configured as encrypted: "
            "refusing to open it. Restore it from an encrypted backup or move it away."
        )

    def connect() -> Any:
        return connect_file(path, data_key)

    engine = create_engine(settings.database_url, module=sqlcipher3, creator=connect)
    event.listen(engine, "connect", _sqlite_pragmas)
    if not _has_fts5(sqlcipher3):
        raise StoreError("This SQLCipher build has no FTS5 full-text search; Docket needs it.")
    return engine


def connect_file(path: Path, data_key: bytes | None) -> Any:
    """A driver connection to a SQLite file, keyed when `data_key` is given (SQLCipher)."""
    if data_key is None:
        return sqlite3.connect(str(path), check_same_thread=False)
    import sqlcipher3

    con = sqlcipher3.connect(str(path), check_same_thread=False)
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        # The raw-key form: the key is used as is, with no key derivation on every connection.
        con.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        con.close()
        raise StoreError(
            "The store's key does not open the store file: the file is damaged or belongs "
            "to another key file."
        ) from None
    return con


def integrity_problems(path: Path, data_key: bytes | None) -> list[str]:
    """What SQLite's integrity check finds wrong in the file (empty when it is sound)."""
    con = connect_file(path, data_key)
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    found = [str(r[0]) for r in rows if r[0] != "ok"]
    return found + [f"row {r[1]} of {r[0]} points to a missing {r[2]}" for r in fk]


def starts_plaintext(path: Path) -> bool:
    """The file is a plaintext SQLite database (an encrypted one has no readable header)."""
    try:
        with path.open("rb") as f:
            return f.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except FileNotFoundError:
        return False


def _has_fts5(module: Any = sqlite3) -> bool:
    con = module.connect(":memory:")
    try:
        con.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        return True
    except module.OperationalError:
        return False
    finally:
        con.close()


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "docket.storage:migrations")
    return config


_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


@cache
def migration_heads() -> frozenset[str]:
    """The newest revision of every branch, read from the migration files' `revision` and
    `down_revision` lines without loading Alembic (which costs most of a command's start-up)."""
    revisions, parents = _revisions()
    return frozenset(revisions - parents)


@cache
def _revisions() -> tuple[frozenset[str], frozenset[str]]:
    """Every revision the migration files name, and those that are another's parent."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (Path(__file__).parent / "migrations" / "versions").glob("*.py"):
        found = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        revisions.add(ast.literal_eval(found["revision"]))
        down = ast.literal_eval(found.get("down_revision", "None"))
        parents.update((down,) if isinstance(down, str) else down or ())
    return frozenset(revisions), frozenset(parents)


def _current_revisions(engine: Engine) -> frozenset[str] | None:
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
            return frozenset(rows)
    except DBAPIError:
        return None  # a new store: no schema yet


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates it in an empty store). A store whose
    schema is already at every head is left alone without starting Alembic."""
    current = _current_revisions(engine)
    if current == migration_heads():
        return
    unknown = sorted((current or frozenset()) - _revisions()[0])
    if unknown:
        raise StoreError(
            "This store was made or last upgraded by a newer version of Docket (its schema "
            f"revision {', '.join(unknown)} is unknown to this one). Nothing was changed: open "
            "it with that version or a newer one."
        )
    from alembic import command

    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "heads")
    except OperationalError as err:
        raise StoreError(f"Cannot open or upgrade the store: {err.orig}") from err
