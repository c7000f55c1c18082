"""Work waiting for a person's review: pairs of records that may be one person.

An import that finds a row whose name is close to someone already in Docket, but not close
enough to be sure, creates a new person and records the pair here; nothing is ever merged
automatically. `docket people duplicates` lists the open pairs and `merge` settles them.
A pair is stored once, with the smaller id as `person_a`, whichever import proposed it again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from docket.storage.tables import ID, Base

REVIEW_STATUSES = ("open", "merged", "distinct")


class DuplicateCandidateRow(Base):
    __tablename__ = "duplicate_candidate"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_a: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    person_b: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float)
    # why: names compared, their alignment and rules, birth dates, the file and row
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(ID, index=True)  # the import (dataset id) that proposed it
    created_at: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, merged, distinct
    __table_args__ = (UniqueConstraint("person_a", "person_b", name="uq_duplicate_pair"),)
