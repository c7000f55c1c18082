"""Field marks (docket.domain.sensitivity) of stored records, one row a mark.

A record's own level stays in its table's `sensitivity` column; this table holds the marks on
its fields (`birth_date`, `relations`, `description`...) and on the parties of an event
(`parties.<seq>`, the party's position in the event). Rows carry the dataset that loaded them,
so reloading a dataset replaces its marks with the rest of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from sqlalchemy import Connection, Index, Integer, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from docket.domain.dataset import Dataset
from docket.domain.sensitivity import make_levels
from docket.storage.tables import ID, Base

T = TypeVar("T")
PARTY = "parties."
# Dataset attribute -> the kind stored in `record_kind` (as the citation table names them)
KINDS = {
    "sources": "source",
    "organisations": "organisation",
    "people": "person",
    "cases": "case",
    "events": "event",
    "recognitions": "recognition",
    "claims": "claim",
}


class FieldLevelRow(Base):
    __tablename__ = "field_level"
    __table_args__ = (Index("ix_field_level_record", "record_kind", "record_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    record_kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(ID)
    field: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))


def level_rows(ds: Dataset) -> Iterator[dict[str, Any]]:
    """The rows of every mark in the dataset."""
    for attribute, kind in KINDS.items():
        for record in getattr(ds, attribute):
            base = {"dataset": ds.info.id, "record_kind": kind, "record_id": record.id}
            for fld, level in record.levels:
                yield {**base, "field": fld, "level": level}
            for seq, party in enumerate(getattr(record, "parties", ())):
                if party.sensitivity is not None:
                    yield {**base, "field": f"{PARTY}{seq}", "level": party.sensitivity}


def delete_levels(conn: Connection, dataset_id: str) -> None:
    conn.execute(delete(FieldLevelRow).where(FieldLevelRow.dataset == dataset_id))


def read_marks(
    conn: Connection, kind: str | None = None, ids: Sequence[str] | None = None
) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Marks by (kind, record id): every one, or those of some records of one kind."""
    q = select(
        FieldLevelRow.record_kind, FieldLevelRow.record_id, FieldLevelRow.field, FieldLevelRow.level
    )
    if kind is not None:
        q = q.where(FieldLevelRow.record_kind == kind)
    out: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    chunks = [None] if ids is None else [ids[i : i + 500] for i in range(0, len(ids), 500)]
    for chunk in chunks:
        part = q if chunk is None else q.where(FieldLevelRow.record_id.in_(chunk))
        for rkind, rid, fld, level in conn.execute(part):
            out[(rkind, rid)].append((fld, level))
    return out


def with_marks(record: T, marks: Sequence[tuple[str, str]]) -> T:
    """The record with its stored marks: field marks in `levels`, party marks on its parties."""
    fields = [(f, lv) for f, lv in marks if not f.startswith(PARTY)]
    parties = {int(f[len(PARTY) :]): lv for f, lv in marks if f.startswith(PARTY)}
    changes: dict[str, Any] = {}
    if fields:
        changes["levels"] = make_levels(fields)
    if parties:
        changes["parties"] = tuple(
            replace(p, sensitivity=parties.get(seq, p.sensitivity))
            for seq, p in enumerate(getattr(record, "parties", ()))
        )
    return replace(record, **changes) if changes else record  # type: ignore[type-var]


def attach_marks(conn: Connection, ds: Dataset) -> None:
    """Put the stored marks on every record of a dataset read from the store."""
    marks = read_marks(conn)
    if not marks:
        return
    for attribute, kind in KINDS.items():
        records = getattr(ds, attribute)
        setattr(
            ds,
            attribute,
            [with_marks(r, marks[(kind, r.id)]) if (kind, r.id) in marks else r for r in records],
        )
