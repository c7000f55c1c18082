"""Write a whole dataset in one transaction, replacing what the same dataset loaded before."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import JSON, Connection, Table, delete, func, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from docket.domain.dataset import Dataset
from docket.domain.prosecution import Prosecution
from docket.domain.source import Citation
from docket.domain.status import StatusSpan
from docket.errors import Conflict
from docket.storage import rows
from docket.storage.level_tables import FieldLevelRow, level_rows
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

BATCH = 20_000
Progress = Callable[[str, int], None]

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


def _batched(rows_: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows_:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@cache
def _layout(table: Table) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The columns a row gives (all but generated ids), and which of them hold JSON."""
    columns = tuple(
        c.name for c in table.columns if not (c.primary_key and c.autoincrement is True)
    )
    json_at = tuple(i for i, name in enumerate(columns) if isinstance(table.c[name].type, JSON))
    return columns, json_at


def _as_tuples(table: Table, batch: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    columns, json_at = _layout(table)
    get = itemgetter(*columns)
    if not json_at:
        return [get(row) for row in batch]
    out = []
    for row in batch:
        values = list(get(row))
        for i in json_at:
            values[i] = orjson.dumps(values[i]).decode()  # None is stored as JSON null
        out.append(tuple(values))
    return out


def _write_batch(conn: Connection, table: Table, batch: list[tuple[Any, ...]]) -> None:
    """Send rows straight to the driver: SQLAlchemy's per-row parameter handling costs more
    than SQLite's own work on a large load. PostgreSQL gets them by COPY."""
    columns, _ = _layout(table)
    if conn.dialect.name != "postgresql":
        compiled = insert(table).compile(dialect=conn.dialect, column_keys=list(columns))
        assert tuple(compiled.positiontup or ()) == columns, "expected positional parameters"
        conn.exec_driver_sql(str(compiled), batch)
        return
    from psycopg import Error, sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    driver = conn.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
            for row in batch:
                copy.write_row(row)
    except Error as err:  # the same exception SQLAlchemy would raise, for the same handling
        raise DBAPIError.instance(f"COPY {table.name}", None, err, Error) from err


def _insert(
    conn: Connection,
    table: type[Base],
    rows_: Iterable[dict[str, Any]],
    progress: Progress | None = None,
    label: str = "",
) -> int:
    count = 0
    target: Table = table.__table__  # type: ignore[assignment]
    for batch in _batched(rows_):
        _write_batch(conn, target, _as_tuples(target, batch))
        count += len(batch)
        if progress:
            progress(label, len(batch))
    return count


def _citations(ds: Dataset) -> Iterator[dict[str, Any]]:
    dataset = ds.info.id

    def rows_for(kind: str, rid: str, cites: Sequence[Citation]) -> Iterator[dict[str, Any]]:
        for c in cites:
            yield {
                "record_type": kind,
                "record_id": rid,
                "source_id": c.source_id,
                "locator": c.locator,
                "dataset": dataset,
            }

    for s in ds.sources:
        yield from rows_for("source", s.id, s.cites)
    for o in ds.organisations:
        yield from rows_for("organisation", o.id, o.citations)
    for p in ds.people:
        yield from rows_for("person", p.id, p.citations)
    for pos in ds.positions:
        yield from rows_for("position", pos.id, pos.citations)
    for occ in ds.occupancies:
        yield from rows_for("occupancy", occ.id, occ.citations)
    for case in ds.cases:
        yield from rows_for("case", case.id, case.citations)
    for e in ds.events:
        yield from rows_for("event", e.id, e.citations)
    for r in ds.recognitions:
        yield from rows_for("recognition", r.id, r.citations)
    for sr in ds.sanctions:
        yield from rows_for("sanction recommendation", sr.id, sr.citations)
    for cl in ds.claims:
        yield from rows_for("claim", cl.id, cl.citations)


def _search_rows(ds: Dataset) -> Iterator[dict[str, Any]]:
    dataset = ds.info.id
    for p in ds.people:
        parts = [n.value for n in p.names] + [p.occupation or "", p.summary or ""]
        yield {
            "record_type": "person",
            "record_id": p.id,
            "dataset": dataset,
            "text": " ".join(x for x in parts if x),
        }
    for o in ds.organisations:
        yield {
            "record_type": "organisation",
            "record_id": o.id,
            "dataset": dataset,
            "text": " ".join([n.value for n in o.names] + [o.summary or ""]),
        }
    for s in ds.sources:
        yield {
            "record_type": "source",
            "record_id": s.id,
            "dataset": dataset,
            "text": " ".join(x for x in (s.title, s.publisher or "", s.url or "") if x),
        }
    for c in ds.cases:
        yield {
            "record_type": "case",
            "record_id": c.id,
            "dataset": dataset,
            "text": " ".join(x for x in (c.title, c.case_number or "", c.summary or "") if x),
        }
    for e in ds.events:
        if e.description:
            yield {
                "record_type": "event",
                "record_id": e.id,
                "dataset": dataset,
                "text": e.description,
            }


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
    """Replace the dataset's records with these; the caller owns the transaction."""
    with _page_cache(conn, 256 * 1024):
        return _write_dataset(conn, ds, spans, prosecutions, fingerprint, progress)


def _write_dataset(
    conn: Connection,
    ds: Dataset,
    spans: Mapping[str, Sequence[StatusSpan]],
    prosecutions: Sequence[Prosecution],
    fingerprint: str,
    progress: Progress | None,
) -> dict[str, int]:
    d = ds.info.id
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
    insert_records(conn, ds, prosecutions, progress=progress)
    replace_spans(conn, spans, cleared={p.id for p in ds.people})
    return ds.counts()


def insert_records(
    conn: Connection,
    ds: Dataset,
    prosecutions: Sequence[Prosecution],
    *,
    progress: Progress | None = None,
) -> None:
    """Insert every record of `ds` (and the prosecutions derived from it) under its dataset id;
    status spans are the caller's (see `replace_spans`). The caller owns the transaction."""
    d = ds.info.id
    _insert(conn, SourceRow, (rows.source_row(s, d) for s in ds.sources))
    _insert(conn, OrganisationRow, (rows.organisation_row(o, d) for o in ds.organisations))
    _insert(conn, PersonRow, (rows.person_row(p, d) for p in ds.people), progress, "people")
    _insert(conn, PersonNameRow, (r for p in ds.people for r in rows.person_name_rows(p)))
    _insert(
        conn,
        AffiliationRow,
        (
            {
                "person_id": p.id,
                "organisation_id": a.organisation_id,
                "role": a.role,
                "start": rows.text(a.start),
                "end": rows.text(a.end),
                "sources": rows.citations_json(a.citations),
            }
            for p in ds.people
            for a in p.affiliations
        ),
    )
    _insert(
        conn,
        RelationRow,
        (
            {
                "person_id": p.id,
                "other_id": r.person_id,
                "kind": r.kind,
                "sources": rows.citations_json(r.citations),
            }
            for p in ds.people
            for r in p.relations
        ),
    )
    _insert(conn, PositionRow, (rows.position_row(p, d) for p in ds.positions))
    _insert(conn, OccupancyRow, (rows.occupancy_row(o, d) for o in ds.occupancies))
    _insert(conn, CaseRow, (rows.case_row(c, d) for c in ds.cases))
    _insert(
        conn,
        ChargeRow,
        (
            {
                "case_id": c.id,
                "person_id": df.person_id,
                "article_id": ch.article_id,
                "part": ch.part,
                "wording": ch.wording,
                "seq": seq,
            }
            for c in ds.cases
            for df in c.defendants
            for seq, ch in enumerate(df.charges)
        ),
    )
    _insert(conn, EventRow, (rows.event_row(e, d) for e in ds.events), progress, "events")
    _insert(conn, EventPartyRow, (r for e in ds.events for r in rows.party_rows(e)))
    _insert(conn, RecognitionRow, (rows.recognition_row(r, d) for r in ds.recognitions))
    _insert(conn, SanctionRow, (rows.sanction_row(s, d) for s in ds.sanctions))
    _insert(conn, ClaimRow, (rows.claim_row(c, d) for c in ds.claims))
    _insert(conn, CitationRow, _citations(ds))
    _insert(conn, FieldLevelRow, level_rows(ds))
    _insert(
        conn,
        ProsecutionRow,
        (
            {
                "person_id": p.person_id,
                "case_id": p.case_id,
                "opened": p.opened.isoformat() if p.opened else None,
                "convicted": p.convicted.isoformat() if p.convicted else None,
            }
            for p in prosecutions
        ),
    )
    _insert(conn, SearchTextRow, _search_rows(ds))


def replace_spans(
    conn: Connection,
    spans: Mapping[str, Sequence[StatusSpan]],
    *,
    cleared: Set[str] = frozenset(),
) -> None:
    """Store freshly derived status spans for these people, dropping their old ones
    (`cleared`: people known to have none left, whose spans need no delete)."""
    ids = [pid for pid in spans if pid not in cleared]
    for start in range(0, len(ids), 500):
        conn.execute(
            delete(StatusSpanRow).where(StatusSpanRow.person_id.in_(ids[start : start + 500]))
        )
    _insert(
        conn,
        StatusSpanRow,
        (rows.span_row(pid, s) for pid, person_spans in spans.items() for s in person_spans),
    )


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
