"""Storage for imports: a dataset written in chunks (so a million-row file streams), the people
and organisations an import matches against, and pairs recorded for duplicate review.

`start_import`, `insert_records` (once per chunk) and `finish_import` together do what
`dataset_store.write_dataset` does in one call, inside the caller's transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from docket.domain.dataset import Dataset, DatasetInfo
from docket.domain.event import Event
from docket.domain.prosecution import Prosecution
from docket.storage import dataset_store, people_queries
from docket.storage.dataset_store import delete_dataset
from docket.storage.review_tables import DuplicateCandidateRow
from docket.storage.tables import (
    CaseRow,
    ClaimRow,
    DatasetRow,
    EventRow,
    OccupancyRow,
    OrganisationRow,
    PersonNameRow,
    PersonRow,
    PositionRow,
    RecognitionRow,
    SanctionRow,
    SourceRow,
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def imported_at(conn: Connection, dataset_id: str) -> tuple[str, str, dict[str, Any]] | None:
    """(fingerprint, loaded_at, counts) of an earlier import of this dataset id, if any."""
    row = conn.execute(
        select(DatasetRow.fingerprint, DatasetRow.loaded_at, DatasetRow.counts).where(
            DatasetRow.id == dataset_id
        )
    ).first()
    return (row[0], row[1], dict(row[2] or {})) if row else None


def people_to_match(
    conn: Connection, *, exclude_dataset: str
) -> Iterator[tuple[str, list[str], str | None]]:
    """(person id, names, birth date) of every person not loaded by `exclude_dataset`."""
    names: dict[str, list[str]] = defaultdict(list)
    query = (
        select(PersonNameRow.person_id, PersonNameRow.value)
        .join(PersonRow, PersonRow.id == PersonNameRow.person_id)
        .where(PersonRow.dataset != exclude_dataset)
        .order_by(PersonNameRow.person_id, PersonNameRow.seq)
    )
    for pid, value in conn.execute(query):
        names[pid].append(value)
    births = select(PersonRow.id, PersonRow.birth_date).where(PersonRow.dataset != exclude_dataset)
    for pid, born in conn.execute(births):
        yield pid, names.get(pid, []), born


def organisations_by_name(conn: Connection) -> dict[str, str]:
    """Every name of every organisation, folded to lower case -> its id."""
    found: dict[str, str] = {}
    for oid, name, others in conn.execute(
        select(OrganisationRow.id, OrganisationRow.name, OrganisationRow.names)
    ):
        for value in [name, *(n.get("value", "") for n in others or ())]:
            found.setdefault(" ".join(str(value).split()).casefold(), oid)
    return found


def start_import(conn: Connection, info: DatasetInfo, *, fingerprint: str) -> None:
    """Drop what an earlier import of the same file wrote, and register this one."""
    conn.execute(delete(DuplicateCandidateRow).where(DuplicateCandidateRow.source == info.id))
    delete_dataset(conn, info.id)
    conn.execute(
        insert(DatasetRow).values(
            id=info.id,
            title=info.title,
            description=info.description,
            jurisdiction=info.jurisdiction,
            fingerprint=fingerprint,
            loaded_at=now(),
            counts={},
        )
    )


def insert_records(conn: Connection, ds: Dataset, prosecutions: Sequence[Prosecution]) -> None:
    """Insert one chunk of an import (ds.info.id is the import's dataset id)."""
    dataset_store.insert_records(conn, ds, prosecutions)


def finish_import(conn: Connection, dataset_id: str, counts: dict[str, int]) -> None:
    conn.execute(update(DatasetRow).where(DatasetRow.id == dataset_id).values(counts=counts))


def events_of_people(conn: Connection, person_ids: Sequence[str]) -> dict[str, list[Event]]:
    """Every event in which each of these people takes part, as stored now."""
    wanted = set(person_ids)
    ids = sorted({e for pid in person_ids for e in people_queries.event_ids_of_person(conn, pid)})
    found: dict[str, list[Event]] = defaultdict(list)
    for event in people_queries.events_where(conn, ids):
        for pid in {p.person_id for p in event.parties if p.person_id in wanted}:
            assert pid is not None
            found[pid].append(event)
    return found


def add_candidates(conn: Connection, pairs: Iterable[dict[str, Any]]) -> int:
    """Record pairs for review, each once (a pair already recorded keeps its status)."""
    added = 0
    for pair in pairs:
        a, b = sorted((pair["person_a"], pair["person_b"]))
        exists = conn.scalar(
            select(DuplicateCandidateRow.id).where(
                DuplicateCandidateRow.person_a == a, DuplicateCandidateRow.person_b == b
            )
        )
        if exists is None:
            conn.execute(
                insert(DuplicateCandidateRow).values(
                    {**pair, "person_a": a, "person_b": b, "created_at": now(), "status": "open"}
                )
            )
            added += 1
    return added


def candidates_from(conn: Connection, source: str) -> list[dict[str, Any]]:
    query = select(DuplicateCandidateRow).where(DuplicateCandidateRow.source == source)
    return [
        {
            "person_a": r.person_a,
            "person_b": r.person_b,
            "score": r.score,
            "evidence": r.evidence,
            "status": r.status,
        }
        for r in conn.execute(query.order_by(DuplicateCandidateRow.id))
    ]


_BY_KIND: dict[str, Any] = {
    "source": SourceRow,
    "organisation": OrganisationRow,
    "person": PersonRow,
    "position": PositionRow,
    "occupancy": OccupancyRow,
    "case": CaseRow,
    "event": EventRow,
    "recognition": RecognitionRow,
    "sanction recommendation": SanctionRow,
    "claim": ClaimRow,
}


def record_ids(ds: Dataset) -> dict[str, list[str]]:
    """The ids of a dataset's records, by kind."""
    return {
        kind: [r.id for r in getattr(ds, attr)]
        for kind, attr in (
            ("source", "sources"),
            ("organisation", "organisations"),
            ("person", "people"),
            ("position", "positions"),
            ("occupancy", "occupancies"),
            ("case", "cases"),
            ("event", "events"),
            ("recognition", "recognitions"),
            ("sanction recommendation", "sanctions"),
            ("claim", "claims"),
        )
    }


def held_elsewhere(
    conn: Connection, kind: str, ids: Sequence[str], dataset_id: str
) -> dict[str, str]:
    """Which of these ids another dataset than `dataset_id` holds: id -> that dataset."""
    table = _BY_KIND[kind]
    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        query = select(table.id, table.dataset).where(
            table.id.in_(chunk), table.dataset != dataset_id
        )
        found.update({rid: ds for rid, ds in conn.execute(query)})
    return found
