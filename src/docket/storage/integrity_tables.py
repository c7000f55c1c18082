"""Tables of the tamper-evident history (see docs/integrity.md).

`integrity_row` holds, for every chain entry, the rows its transaction changed: table, primary
key (canonical JSON) and the SHA-256 of the row after the change (null once deleted). Replaying it
in order gives the expected hash of every row of the record, which `docket verify` compares with
the tables. `integrity_pending` is filled by SQL triggers on every covered table during a write
transaction and emptied when Docket seals it; rows left in it were written outside Docket.
Keys compare byte by byte ("C" collation on PostgreSQL) so both stores order them alike.
"""

from __future__ import annotations

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from docket.storage.tables import Base

NAME = String(64).with_variant(String(64, collation="C"), "postgresql")
KEY = Text().with_variant(Text(collation="C"), "postgresql")


class IntegrityRowRow(Base):
    __tablename__ = "integrity_row"
    tbl: Mapped[str] = mapped_column(NAME, primary_key=True)
    pk: Mapped[str] = mapped_column(KEY, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hash: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    __table_args__ = {"sqlite_with_rowid": False}


class IntegrityPendingRow(Base):
    __tablename__ = "integrity_pending"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tbl: Mapped[str] = mapped_column(String(64))
    pk: Mapped[str] = mapped_column(Text)


class IntegrityMetaRow(Base):
    """The store's random id (named in every checkpoint)."""

    __tablename__ = "integrity_meta"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
