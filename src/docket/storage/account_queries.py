"""Who did what: accounts, their sessions, and the hash-chained audit trail."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from docket.errors import Conflict
from docket.storage.audit_tables import AccountRow, AuditEntryRow, SessionRow
from docket.storage.figure_queries import raw_rows

GENESIS = "0" * 64
_AUDIT_LOCK = 4_504_051  # a PostgreSQL advisory lock key: one audit writer at a time


@dataclass(frozen=True, slots=True)
class AccountData:
    id: int
    name: str
    role: str
    password_hash: str
    disabled: bool
    created_at: str
    failed_logins: int
    locked_until: str | None
    last_login: str | None


@dataclass(frozen=True, slots=True)
class SessionData:
    token_hash: str
    account: AccountData
    csrf: str
    created_at: str
    last_seen: str
    expires_at: str
    revoked: bool


@dataclass(frozen=True, slots=True)
class AuditData:
    seq: int
    at: str
    actor: str
    action: str
    record_type: str
    record_id: str
    before: Any
    after: Any
    prev_hash: str
    hash: str
    rows: int | None = None  # rows the entry's transaction changed (None: entries before 0007)
    rows_digest: str | None = None


# conn.info key: the entries appended in the open transaction (storage.integrity_seal seals them)
APPENDED = "docket.audit_appended"


def _account(row: Any) -> AccountData:
    return AccountData(
        row.id,
        row.name,
        row.role,
        row.password_hash,
        bool(row.disabled),
        row.created_at,
        row.failed_logins,
        row.locked_until,
        row.last_login,
    )


def insert_account(conn: Connection, *, name: str, role: str, password_hash: str, at: str) -> int:
    try:
        result = conn.execute(
            insert(AccountRow).values(
                name=name,
                role=role,
                password_hash=password_hash,
                disabled=False,
                created_at=at,
                failed_logins=0,
            )
        )
    except IntegrityError as err:
        raise Conflict(f"An account named '{name}' already exists.") from err
    key = result.inserted_primary_key
    return int(key[0]) if key else 0


def find_account(conn: Connection, name: str) -> AccountData | None:
    row = conn.execute(select(AccountRow).where(AccountRow.name == name)).first()
    return _account(row) if row else None


def list_accounts(conn: Connection) -> list[AccountData]:
    return [_account(r) for r in conn.execute(select(AccountRow).order_by(AccountRow.name))]


def update_account(conn: Connection, account_id: int, **values: Any) -> None:
    conn.execute(update(AccountRow).where(AccountRow.id == account_id).values(**values))


def count_admins(conn: Connection) -> int:
    q = select(func.count()).where(AccountRow.role == "admin", AccountRow.disabled.is_(False))
    return conn.scalar(q) or 0


def insert_session(
    conn: Connection, *, token_hash: str, account_id: int, csrf: str, at: str, expires_at: str
) -> None:
    conn.execute(
        insert(SessionRow).values(
            token_hash=token_hash,
            account_id=account_id,
            csrf=csrf,
            created_at=at,
            last_seen=at,
            expires_at=expires_at,
            revoked=False,
        )
    )


# Every page asks this: one statement, sent as written through the driver (building and
# compiling the two ORM queries it was cost more than the database's work).
_FIND_SESSION = (
    "SELECT s.token_hash, s.csrf, s.created_at, s.last_seen, s.expires_at, s.revoked, "
    "a.id, a.name, a.role, a.password_hash, a.disabled, a.created_at, a.failed_logins, "
    "a.locked_until, a.last_login FROM session AS s JOIN account AS a ON a.id = s.account_id "
    "WHERE s.token_hash = ?"
)


def find_session(conn: Connection, token_hash: str) -> SessionData | None:
    rows = raw_rows(conn, _FIND_SESSION, [token_hash])
    if not rows:
        return None
    token, csrf, created, seen, expires, revoked, aid, name, role, pw, off, *rest = rows[0]
    made, failed, locked, last = rest
    a = AccountData(aid, name, role, pw, bool(off), made, failed, locked, last)
    return SessionData(token, a, csrf, created, seen, expires, bool(revoked))


def touch_session(conn: Connection, token_hash: str, *, at: str, expires_at: str) -> None:
    conn.execute(
        update(SessionRow)
        .where(SessionRow.token_hash == token_hash)
        .values(last_seen=at, expires_at=expires_at)
    )


def revoke_sessions(
    conn: Connection, *, token_hash: str | None = None, account_id: int | None = None
) -> None:
    q = update(SessionRow).values(revoked=True)
    if token_hash is not None:
        q = q.where(SessionRow.token_hash == token_hash)
    if account_id is not None:
        q = q.where(SessionRow.account_id == account_id)
    conn.execute(q)


def entry_hash(entry: dict[str, Any], prev_hash: str) -> str:
    """SHA-256 over the canonical JSON of an entry (sorted keys, UTF-8) and the previous hash.

    `rows` and `rows_digest` count only when set, so entries written before them still match."""
    body = {
        k: entry[k]
        for k in sorted(entry)
        if k not in ("hash", "prev_hash")
        and not (k in ("rows", "rows_digest") and entry[k] is None)
    }
    canonical = orjson.dumps(body, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    return hashlib.sha256(canonical + prev_hash.encode()).hexdigest()


def take_writers_turn(conn: Connection) -> None:
    """On PostgreSQL, wait for the other writers of the history before reading what a change
    rests on (on SQLite the write transaction holds the database's write lock already,
    `storage.engine.begin_write`). Two editors saving the same record at once otherwise both read
    it as it was, and the second save undid the first."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _AUDIT_LOCK})


def append_audit(conn: Connection, entry: dict[str, Any]) -> AuditData:
    """Append an entry (at, actor, action, record_type, record_id, before, after) to the chain.

    Call it last in the transaction that made the change, so the entry is written with it."""
    take_writers_turn(conn)
    last = conn.execute(
        select(AuditEntryRow.seq, AuditEntryRow.hash).order_by(AuditEntryRow.seq.desc()).limit(1)
    ).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    full = {**entry, "seq": seq}
    digest = entry_hash(full, prev)
    conn.execute(insert(AuditEntryRow).values(**full, prev_hash=prev, hash=digest))
    conn.info.setdefault(APPENDED, []).append(seq)
    return AuditData(**full, prev_hash=prev, hash=digest)


def entry_body(e: AuditData) -> dict[str, Any]:
    """What an entry's hash covers."""
    return {
        "seq": e.seq,
        "at": e.at,
        "actor": e.actor,
        "action": e.action,
        "record_type": e.record_type,
        "record_id": e.record_id,
        "before": e.before,
        "after": e.after,
        "rows": e.rows,
        "rows_digest": e.rows_digest,
    }


def chain_head(conn: Connection) -> tuple[int, str]:
    """The newest entry's number and hash ((0, GENESIS) for an empty chain)."""
    last = conn.execute(
        select(AuditEntryRow.seq, AuditEntryRow.hash).order_by(AuditEntryRow.seq.desc()).limit(1)
    ).first()
    return (int(last[0]), str(last[1])) if last else (0, GENESIS)


def seal_entry(conn: Connection, seq: int, *, rows: int, rows_digest: str) -> None:
    """Attach the digest of its transaction's rows to an entry of the open transaction."""
    e = audit_entry(conn, seq)
    assert e is not None, "sealing an entry that is not there"
    sealed = dataclasses.replace(e, rows=rows, rows_digest=rows_digest)
    conn.execute(
        update(AuditEntryRow)
        .where(AuditEntryRow.seq == seq)
        .values(
            rows=rows, rows_digest=rows_digest, hash=entry_hash(entry_body(sealed), e.prev_hash)
        )
    )


def audit_from_row(row: Any) -> AuditData:
    """An audit entry from a row of audit_entry."""
    return AuditData(
        row.seq,
        row.at,
        row.actor,
        row.action,
        row.record_type,
        row.record_id,
        row.before,
        row.after,
        row.prev_hash,
        row.hash,
        row.rows,
        row.rows_digest,
    )


def audit_entries(
    conn: Connection,
    *,
    record_type: str | None = None,
    record_ids: Sequence[str] | None = None,
    before_seq: int | None = None,
    after_seq: int | None = None,
    limit: int = 50,
    newest_first: bool = True,
) -> list[AuditData]:
    q = select(AuditEntryRow)
    if after_seq is not None:
        q = q.where(AuditEntryRow.seq > after_seq)
    if record_type is not None:
        q = q.where(AuditEntryRow.record_type == record_type)
    if record_ids is not None:
        q = q.where(AuditEntryRow.record_id.in_(list(record_ids)))
    if before_seq is not None:
        q = q.where(AuditEntryRow.seq < before_seq)
    order = AuditEntryRow.seq.desc() if newest_first else AuditEntryRow.seq
    return [audit_from_row(r) for r in conn.execute(q.order_by(order).limit(limit))]


def audit_entry(conn: Connection, seq: int) -> AuditData | None:
    row = conn.execute(select(AuditEntryRow).where(AuditEntryRow.seq == seq)).first()
    return audit_from_row(row) if row else None


def change_stamps(conn: Connection) -> tuple[int, str]:
    """What changes whenever anything is written: the newest audit entry's number, and the
    datasets loaded (how many, and the newest load's time: a load writes no audit entry per
    record). One statement through the driver: the web pages ask it on every request."""
    sql = (
        "SELECT (SELECT max(seq) FROM audit_entry), count(*), max(loaded_at) FROM dataset "
        "WHERE id != 'local'"
    )
    seq, loads, newest = raw_rows(conn, sql)[0]
    return int(seq or 0), f"{loads}:{newest}"


def audit_chain(conn: Connection, *, after_seq: int = 0, batch: int = 5000) -> list[AuditData]:
    q = select(AuditEntryRow).where(AuditEntryRow.seq > after_seq).order_by(AuditEntryRow.seq)
    return [audit_from_row(r) for r in conn.execute(q.limit(batch))]
