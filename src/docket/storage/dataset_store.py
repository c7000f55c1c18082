"""Write a whole dataset in one transaction, replacing what the same dataset loaded before."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from docket.domain.dataset import Dataset
from docket.domain.prosecution import Prosecution
from docket.domain.source import Citation
from docket.domain.status import StatusSpan
from docket.errors import Conflict
from docket.storage import rows
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


def _insert(
    conn: Connection,
    table: type[Base],
    rows_: Iterable[dict[str, Any]],
    progress: Progress | None = None,
    label: str = "",
) -> int:
    count = 0
    for batch in _batched(rows_):
        conn.execute(insert(table), batch)
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
    replace_spans(conn, spans)
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
    return ds.counts()


def replace_spans(conn: Connection, spans: Mapping[str, Sequence[StatusSpan]]) -> None:
    """Store freshly derived status spans for these people, dropping their old ones."""
    ids = list(spans)
    for start in range(0, len(ids), 500):
        conn.execute(
            delete(StatusSpanRow).where(StatusSpanRow.person_id.in_(ids[start : start + 500]))
        )
    _insert(
        conn,
        StatusSpanRow,
        (rows.span_row(pid, s) for pid, person_spans in spans.items() for s in person_spans),
    )


def dataset_fingerprint(conn: Connection, dataset_id: str) -> str | None:
    return conn.scalar(select(DatasetRow.fingerprint).where(DatasetRow.id == dataset_id))


def count_rows(conn: Connection) -> dict[str, int]:
    return {
        name: conn.scalar(select(func.count()).select_from(table)) or 0
        for name, table in _KINDS.items()
    }
