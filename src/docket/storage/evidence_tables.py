"""Tables for evidence: items, their files, trusted timestamps, custody logs and live checks.

Evidence files themselves live under the data folder, named by their SHA-256; these rows say
what they are. Rows are only ever added: an item, its files and its timestamps are written once
when it is captured or imported, and its custody log only grows. Every write goes through
storage.evidence_writes.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from docket.storage.tables import Base

SHA = String(64)
STAMP = String(32)
EVIDENCE_ID = String(64)


class EvidenceRow(Base):
    __tablename__ = "evidence"
    id: Mapped[str] = mapped_column(EVIDENCE_ID, primary_key=True)
    method: Mapped[str] = mapped_column(String(16))  # captured | imported
    source_id: Mapped[str | None] = mapped_column(String(128), index=True)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    final_url: Mapped[str | None] = mapped_column(Text)
    http_status: Mapped[int | None] = mapped_column(Integer)
    captured_at: Mapped[str] = mapped_column(STAMP)
    captured_by: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    truncated: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)


class EvidenceFileRow(Base):
    __tablename__ = "evidence_file"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    evidence_id: Mapped[str] = mapped_column(ForeignKey("evidence.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(SHA, index=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)


class EvidenceTimestampRow(Base):
    __tablename__ = "evidence_timestamp"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    evidence_id: Mapped[str] = mapped_column(ForeignKey("evidence.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    authority: Mapped[str] = mapped_column(Text)
    digest_sha256: Mapped[str] = mapped_column(SHA)
    time: Mapped[str | None] = mapped_column(STAMP)
    token: Mapped[bytes] = mapped_column(LargeBinary)
    roots_pem: Mapped[str] = mapped_column(Text)


class CustodyRow(Base):
    __tablename__ = "evidence_custody"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    evidence_id: Mapped[str] = mapped_column(ForeignKey("evidence.id"))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(STAMP)
    action: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(Text)
    details: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(SHA)
    entry_hash: Mapped[str] = mapped_column(SHA)
    __table_args__ = (Index("ux_evidence_custody_seq", "evidence_id", "seq", unique=True),)


class SourceCheckRow(Base):
    """One live check of a cited address: the newest per address says whether it still opens."""

    __tablename__ = "source_check"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(Text)
    checked_at: Mapped[str] = mapped_column(STAMP)
    state: Mapped[str] = mapped_column(String(16))
    http_status: Mapped[int | None] = mapped_column(Integer)
    final_url: Mapped[str | None] = mapped_column(Text)
    text_sha256: Mapped[str | None] = mapped_column(SHA)
    evidence_id: Mapped[str | None] = mapped_column(EVIDENCE_ID)
    detail: Mapped[str] = mapped_column(Text)
    __table_args__ = (Index("ix_source_check_url_at", "url", "checked_at"),)
