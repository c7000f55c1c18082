"""Tables of the team application: accounts, their sessions, and the audit trail of every write.

The audit trail is a hash chain: each entry's `hash` is SHA-256 over a canonical JSON of the
entry (with the digest of the rows its transaction changed) and the previous entry's hash, so an
edited or deleted entry breaks every later hash (see docs/integrity.md).
Session tokens are stored only as their SHA-256: a copy of the database does not let anyone in.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from docket.storage.tables import ID, Base

STAMP = String(32)  # an ISO timestamp in UTC, to the second


class AccountRow(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(STAMP)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[str | None] = mapped_column(STAMP)
    last_login: Mapped[str | None] = mapped_column(STAMP)


class SessionRow(Base):
    __tablename__ = "session"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(STAMP)
    last_seen: Mapped[str] = mapped_column(STAMP)
    expires_at: Mapped[str] = mapped_column(STAMP)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntryRow(Base):
    __tablename__ = "audit_entry"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(STAMP)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    record_type: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[str] = mapped_column(ID)
    before: Mapped[Any | None] = mapped_column(JSON)
    after: Mapped[Any | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # The rows the entry's transaction changed (storage.integrity_tables.IntegrityRowRow): their
    # number and the SHA-256 of their list, both covered by `hash` (added by migration 0007).
    rows: Mapped[int | None] = mapped_column(Integer)
    rows_digest: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (Index("ix_audit_entry_record", "record_type", "record_id"),)
