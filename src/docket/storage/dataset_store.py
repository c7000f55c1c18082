"""Write a whole dataset in one transaction, replacing what the same dataset loaded before."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence, Set
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from docket.domain.dataset import Dataset
from docket.domain.prosecution import Prosecution
from docket.domain.status import StatusSpan
from docket.errors import Conflict
from docket.storage.bulk_insert import BulkWriter, Progress
from docket.storage.dataset_rows import record_tables, span_rows
from docket.storage.level_tables import FieldLevelRow
from docket.storage.tables import (
    AffiliationRow,
    Base,
    CaseRow,
    ChargeRow,
    CitationRow,
    ClaimRow,
    DatasetRow,
    EventPartyRow,
    EventRow,
    OccupancyRow,
    OrganisationRow,
    PersonNameRow,
    PersonRow,
    PositionRow,
    ProsecutionRow,
    RecognitionRow,
    RelationRow,
    SanctionRow,
    SearchTextRow,
    SourceRow,
    StatusSpanRow,
)

__all__ = ["Progress"]  # and the functions below
# What a load's progress counts, by table.
_SHOWN = {"person": "people", "event": "events"}

# Tables keyed by id, in an order that satisfies foreign keys when inserting.
_KINDS: dict[str, type[Base]] = {
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


def existing_ids(conn: Connection, kind: str, ids: Sequence[str]) -> set[str]:
    table = _KINDS[kind].__table__
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        found.update(conn.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    return found


def other_datasets(conn: Connection, dataset_id: str) -> list[str]:
    return list(conn.scalars(select(DatasetRow.id).where(DatasetRow.id != dataset_id)))


def delete_dataset(conn: Connection, dataset_id: str) -> None:
    """Remove every record a dataset loaded (children first)."""
    people = select(PersonRow.id).where(PersonRow.dataset == dataset_id)
    events = select(EventRow.id).where(EventRow.dataset == dataset_id)
    cases = select(CaseRow.id).where(CaseRow.dataset == dataset_id)
    statements = [
        delete(SearchTextRow).where(SearchTextRow.dataset == dataset_id),
        delete(FieldLevelRow).where(FieldLevelRow.dataset == dataset_id),
        delete(StatusSpanRow).where(StatusSpanRow.person_id.in_(people)),
        delete(CitationRow).where(CitationRow.dataset == dataset_id),
        delete(EventPartyRow).where(EventPartyRow.event_id.in_(events)),
        delete(ChargeRow).where(ChargeRow.case_id.in_(cases)),
        delete(ProsecutionRow).where(ProsecutionRow.case_id.in_(cases)),
        delete(EventRow).where(EventRow.dataset == dataset_id),
        delete(RecognitionRow).where(RecognitionRow.dataset == dataset_id),
        delete(SanctionRow).where(SanctionRow.dataset == dataset_id),
        delete(ClaimRow).where(ClaimRow.dataset == dataset_id),
        delete(OccupancyRow).where(OccupancyRow.dataset == dataset_id),
        delete(PositionRow).where(PositionRow.dataset == dataset_id),
        delete(AffiliationRow).where(AffiliationRow.person_id.in_(people)),
        delete(RelationRow).where(RelationRow.person_id.in_(people)),
        delete(PersonNameRow).where(PersonNameRow.person_id.in_(people)),
        delete(CaseRow).where(CaseRow.dataset == dataset_id),
        delete(PersonRow).where(PersonRow.dataset == dataset_id),
        delete(OrganisationRow).where(OrganisationRow.dataset == dataset_id),
        delete(SourceRow).where(SourceRow.dataset == dataset_id),
        delete(DatasetRow).where(DatasetRow.id == dataset_id),
    ]
    try:
        for statement in statements:
            conn.execute(statement)
    except IntegrityError as err:
        raise Conflict(
            f"Records of dataset '{dataset_id}' are referred to by another dataset; "
            "load or remove that one first."
        ) from err


@contextmanager
def _page_cache(conn: Connection, kib: int) -> Iterator[None]:
    """On SQLite, a larger page cache while writing many rows: the indexes of a large load do not
    fit in the default 2 MB, and each insert would read and evict pages again."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
    conn.exec_driver_sql(f"PRAGMA cache_size = {-abs(kib)}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {before}")


def write_dataset(
    conn: Connection,
    ds: Dataset,
    spans: Mapping[str, Sequence[StatusSpan]],
    prosecutions: Sequence[Prosecution],
    *,
    fingerprint: str,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Replace the dataset's records with these; the caller owns the transaction, which must
    be a `Store.write()` (on SQLite the rows are hashed for the history as they are written:
    storage.bulk_insert)."""
    d = ds.info.id
    with (
        _page_cache(conn, 256 * 1024),
        BulkWriter(conn, sealed=True, big=len(ds.events)) as writer,
    ):
        delete_dataset(conn, d)
        conn.execute(
            insert(DatasetRow),
            [
                {
                    "id": d,
                    "title": ds.info.title,
                    "description": ds.info.description,
                    "jurisdiction": ds.info.jurisdiction,
                    "fingerprint": fingerprint,
                    "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "counts": ds.counts(),
                }
            ],
        )
        writer.write(record_tables(ds, prosecutions), _shown(progress))
        replace_spans(conn, spans, cleared={p.id for p in ds.people}, writer=writer)
    return ds.counts()


def _shown(progress: Progress | None) -> Progress | None:
    if progress is None:
        return None

    def advance(table: str, n: int) -> None:
        if table in _SHOWN:
            progress(_SHOWN[table], n)

    return advance


def insert_records(
    conn: Connection,
    ds: Dataset,
    prosecutions: Sequence[Prosecution],
    *,
    progress: Progress | None = None,
) -> None:
    """Insert every record of `ds` (and the prosecutions derived from it) under its dataset id;
    status spans are the caller's (see `replace_spans`). The caller owns the transaction."""
    with BulkWriter(conn) as writer:
        writer.write(record_tables(ds, prosecutions), _shown(progress))


def replace_spans(
    conn: Connection,
    spans: Mapping[str, Sequence[StatusSpan]],
    *,
    cleared: Set[str] = frozenset(),
    writer: BulkWriter | None = None,
) -> None:
    """Store freshly derived status spans for these people, dropping their old ones
    (`cleared`: people known to have none left, whose spans need no delete)."""
    ids = [pid for pid in spans if pid not in cleared]
    for start in range(0, len(ids), 500):
        conn.execute(
            delete(StatusSpanRow).where(StatusSpanRow.person_id.in_(ids[start : start + 500]))
        )
    if writer is not None:
        writer.write_table("status_span", span_rows(spans))
        return
    with BulkWriter(conn) as own:
        own.write_table("status_span", span_rows(spans))


def fold_log(conn: Connection) -> None:
    """On SQLite, copy the write-ahead log into the database file and empty it. Call it outside
    a transaction after a large load: until the next write, a reader looks every page up in the
    log first, and after a million events the log is as big as the database."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def dataset_fingerprint(conn: Connection, dataset_id: str) -> str | None:
    return conn.scalar(select(DatasetRow.fingerprint).where(DatasetRow.id == dataset_id))


def count_rows(conn: Connection) -> dict[str, int]:
    return {
        name: conn.scalar(select(func.count()).select_from(table)) or 0
        for name, table in _KINDS.items()
    }
