"""The team's data key of a PostgreSQL store that seals restricted fields, kept only wrapped.

One row: the key file (storage.keys.KeyFile, the same format as an encrypted SQLite store's
`.key` file) holding the data key wrapped under the passphrase (Argon2id) and, optionally, under
a recovery key. The row is part of the record: the integrity chain covers it, so a wrapped key
swapped behind Docket's back shows in `docket verify`.
"""

from __future__ import annotations

from sqlalchemy import Connection, Integer, Text, insert, inspect, select, update
from sqlalchemy.orm import Mapped, mapped_column

from docket.storage.keys import KeyFile
from docket.storage.tables import Base


class FieldKeyRow(Base):
    __tablename__ = "field_key"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    wrapped: Mapped[str] = mapped_column(Text)


def read_field_key(conn: Connection) -> KeyFile | None:
    """The wrapped data key, None when the store seals nothing."""
    if not inspect(conn).has_table(FieldKeyRow.__tablename__):
        return None
    raw = conn.scalar(select(FieldKeyRow.wrapped).where(FieldKeyRow.id == 1))
    if raw is None:
        return None
    return KeyFile.from_bytes(raw.encode("utf-8"), where="(in the database)")


def write_field_key(conn: Connection, key_file: KeyFile) -> None:
    """Store the wrapped key (first time) or replace it (a new passphrase)."""
    body = key_file.to_bytes().decode("utf-8")
    if read_field_key(conn) is None:
        conn.execute(insert(FieldKeyRow).values(id=1, wrapped=body))
    else:
        conn.execute(update(FieldKeyRow).where(FieldKeyRow.id == 1).values(wrapped=body))
