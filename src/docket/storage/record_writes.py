"""Single-record writes of the team application: put one record (with its names, parties and
citations) in place of its old version, re-point a merged person's references, and the reads
these writes need. The caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update

from docket.domain.case import Case, Charge, Defendant
from docket.domain.claim import Claim
from docket.domain.event import Event
from docket.domain.person import Name, Person
from docket.domain.prosecution import Prosecution
from docket.domain.recognition import Recognition
from docket.domain.source import Citation, Source
from docket.storage import people_queries as pq
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
    PersonNameRow,
    PersonRow,
    ProsecutionRow,
    RecognitionRow,
    RelationRow,
    SanctionRow,
    SearchTextRow,
    SourceRow,
)

LOCAL = "local"


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


_TABLES: dict[str, type[Base]] = {
    "person": PersonRow,
    "source": SourceRow,
    "event": EventRow,
    "recognition": RecognitionRow,
    "claim": ClaimRow,
    "case": CaseRow,
}


def ensure_local_dataset(conn: Connection) -> None:
    """Records made in the app belong to dataset `local`, registered like a loaded one so that
    loading another dataset takes their events into account."""
    if conn.scalar(select(DatasetRow.id).where(DatasetRow.id == LOCAL)) is None:
        conn.execute(
            insert(DatasetRow).values(
                id=LOCAL,
                title="Recorded in the team application",
                description=None,
                jurisdiction=None,
                fingerprint="",
                loaded_at=datetime.now(UTC).isoformat(timespec="seconds"),
                counts={},
            )
        )


def dataset_of(conn: Connection, kind: str, record_id: str) -> str | None:
    table = _table(_TABLES[kind])
    found = conn.scalar(select(table.c.dataset).where(table.c.id == record_id))
    return str(found) if found is not None else None


def _citations(conn: Connection, kind: str, rid: str, cites: Sequence[Citation], d: str) -> None:
    conn.execute(
        delete(CitationRow).where(CitationRow.record_type == kind, CitationRow.record_id == rid)
    )
    if cites:
        conn.execute(
            insert(CitationRow),
            [
                {
                    "record_type": kind,
                    "record_id": rid,
                    "source_id": c.source_id,
                    "locator": c.locator,
                    "dataset": d,
                }
                for c in cites
            ],
        )


def _search_text(conn: Connection, kind: str, rid: str, text: str, d: str) -> None:
    conn.execute(
        delete(SearchTextRow).where(
            SearchTextRow.record_type == kind, SearchTextRow.record_id == rid
        )
    )
    if text.strip():
        conn.execute(
            insert(SearchTextRow).values(record_type=kind, record_id=rid, dataset=d, text=text)
        )


def _upsert(conn: Connection, table: type[Base], row: dict[str, Any], exists: bool) -> None:
    t = _table(table)
    if exists:
        conn.execute(update(t).where(t.c.id == row["id"]).values(**row))
    else:
        conn.execute(insert(t).values(**row))


def person_search_text(p: Person) -> str:
    parts = [n.value for n in p.names] + [p.occupation or "", p.summary or ""]
    return " ".join(x for x in parts if x)


def put_person(conn: Connection, p: Person, *, dataset: str, exists: bool) -> None:
    _upsert(conn, PersonRow, rows.person_row(p, dataset), exists)
    for table in (PersonNameRow, AffiliationRow, RelationRow):
        conn.execute(delete(table).where(table.__table__.c.person_id == p.id))
    names = list(rows.person_name_rows(p))
    if names:
        conn.execute(insert(PersonNameRow), names)
    for a in p.affiliations:
        conn.execute(
            insert(AffiliationRow).values(
                person_id=p.id,
                organisation_id=a.organisation_id,
                role=a.role,
                start=rows.text(a.start),
                end=rows.text(a.end),
                sources=rows.citations_json(a.citations),
            )
        )
    for r in p.relations:
        conn.execute(
            insert(RelationRow).values(
                person_id=p.id,
                other_id=r.person_id,
                kind=r.kind,
                sources=rows.citations_json(r.citations),
            )
        )
    _citations(conn, "person", p.id, p.citations, dataset)
    _search_text(conn, "person", p.id, person_search_text(p), dataset)


def put_source(conn: Connection, s: Source, *, dataset: str, exists: bool) -> None:
    _upsert(conn, SourceRow, rows.source_row(s, dataset), exists)
    _citations(conn, "source", s.id, s.cites, dataset)
    text = " ".join(x for x in (s.title, s.publisher or "", s.url or "") if x)
    _search_text(conn, "source", s.id, text, dataset)


def put_event(conn: Connection, e: Event, *, dataset: str, exists: bool) -> None:
    _upsert(conn, EventRow, rows.event_row(e, dataset), exists)
    conn.execute(delete(EventPartyRow).where(EventPartyRow.event_id == e.id))
    parties = list(rows.party_rows(e))
    if parties:
        conn.execute(insert(EventPartyRow), parties)
    _citations(conn, "event", e.id, e.citations, dataset)
    _search_text(conn, "event", e.id, e.description or "", dataset)


def put_recognition(conn: Connection, r: Recognition, *, dataset: str, exists: bool) -> None:
    _upsert(conn, RecognitionRow, rows.recognition_row(r, dataset), exists)
    _citations(conn, "recognition", r.id, r.citations, dataset)


def put_claim(conn: Connection, c: Claim, *, dataset: str, exists: bool) -> None:
    _upsert(conn, ClaimRow, rows.claim_row(c, dataset), exists)
    _citations(conn, "claim", c.id, c.citations, dataset)


def source_by_id(conn: Connection, source_id: str) -> Source | None:
    found = pq.sources_by_ids(conn, [source_id]).get(source_id)
    if found is None:
        return None
    cites = pq.citations_for(conn, "source", [source_id]).get(source_id, ())
    return Source(**{**_fields(found), "cites": cites})


def _fields(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record.__slots__ if name != "origin"}


def recognition_by_id(conn: Connection, rid: str) -> Recognition | None:
    row = conn.execute(select(RecognitionRow).where(RecognitionRow.id == rid)).first()
    if row is None:
        return None
    cites = pq.citations_for(conn, "recognition", [rid]).get(rid, ())
    return rows.recognition_from_row(row, cites)


def claim_by_id(conn: Connection, cid: str) -> Claim | None:
    row = conn.execute(select(ClaimRow).where(ClaimRow.id == cid)).first()
    if row is None:
        return None
    return rows.claim_from_row(row, pq.citations_for(conn, "claim", [cid]).get(cid, ()))


def case_with_defendants(conn: Connection, case_id: str) -> Case | None:
    row = conn.execute(select(CaseRow).where(CaseRow.id == case_id)).first()
    if row is None:
        return None
    charges: dict[str, list[Charge]] = {}
    q = select(ChargeRow).where(ChargeRow.case_id == case_id).order_by(ChargeRow.seq)
    for ch in conn.execute(q):
        charges.setdefault(ch.person_id, []).append(Charge(ch.article_id, ch.part, ch.wording))
    defendants = tuple(Defendant(p, tuple(c)) for p, c in charges.items())
    return Case(row.id, row.title, row.jurisdiction, row.case_number, defendants=defendants)


def replace_prosecutions(conn: Connection, case_id: str, found: Iterable[Prosecution]) -> None:
    conn.execute(delete(ProsecutionRow).where(ProsecutionRow.case_id == case_id))
    values = [
        {
            "person_id": p.person_id,
            "case_id": p.case_id,
            "opened": p.opened.isoformat() if p.opened else None,
            "convicted": p.convicted.isoformat() if p.convicted else None,
        }
        for p in found
    ]
    if values:
        conn.execute(insert(ProsecutionRow), values)


def case_ids_of_person(conn: Connection, person_id: str) -> list[str]:
    q = select(ChargeRow.case_id).where(ChargeRow.person_id == person_id).distinct()
    return list(conn.scalars(q))


# Columns that refer to a person, by table: what a merge re-points.
_PERSON_REFS: dict[str, tuple[type[Base], str]] = {
    "event_party": (EventPartyRow, "person_id"),
    "charge": (ChargeRow, "person_id"),
    "recognition": (RecognitionRow, "person_id"),
    "sanction_recommendation": (SanctionRow, "person_id"),
    "occupancy": (OccupancyRow, "person_id"),
    "affiliation": (AffiliationRow, "person_id"),
    "relation": (RelationRow, "person_id"),
    "relation.other": (RelationRow, "other_id"),
}


def repoint_person(conn: Connection, old: str, new: str) -> dict[str, list[Any]]:
    """Make every reference to person `old` refer to `new`; returns the rows moved, by table,
    so that `restore_person_refs` can move them back."""
    moved: dict[str, list[Any]] = {}
    for name, (table, column) in _PERSON_REFS.items():
        t = _table(table)
        key = t.c.id
        ids = list(conn.scalars(select(key).where(t.c[column] == old)))
        if ids:
            conn.execute(update(t).where(key.in_(ids)).values({column: new}))
            moved[name] = ids
    t = _table(CitationRow)
    ids = list(
        conn.scalars(select(t.c.id).where(t.c.record_type == "person", t.c.record_id == old))
    )
    if ids:
        conn.execute(update(t).where(t.c.id.in_(ids)).values(record_id=new))
        moved["citation"] = ids
    return moved


def restore_person_refs(conn: Connection, moved: dict[str, list[Any]], old: str) -> None:
    for name, ids in moved.items():
        if name == "citation":
            t = _table(CitationRow)
            conn.execute(update(t).where(t.c.id.in_(ids)).values(record_id=old))
            continue
        table, column = _PERSON_REFS[name]
        t = _table(table)
        conn.execute(update(t).where(t.c.id.in_(ids)).values({column: old}))


def delete_person(conn: Connection, person_id: str) -> None:
    """Remove a person whose references have all been moved (see repoint_person)."""
    for table in (PersonNameRow, ProsecutionRow):
        conn.execute(delete(table).where(table.__table__.c.person_id == person_id))
    conn.execute(
        delete(SearchTextRow).where(
            SearchTextRow.record_type == "person", SearchTextRow.record_id == person_id
        )
    )
    conn.execute(delete(PersonRow).where(PersonRow.id == person_id))


def add_names(conn: Connection, person_id: str, names: Sequence[Name], *, start: int) -> None:
    if names:
        conn.execute(
            insert(PersonNameRow),
            [
                {
                    "person_id": person_id,
                    "value": n.value,
                    "kind": n.kind,
                    "script": n.script,
                    "lang": n.lang,
                    "seq": start + i,
                }
                for i, n in enumerate(names)
            ],
        )


def drop_names(conn: Connection, person_id: str, count: int) -> None:
    """Remove a person's last `count` names (those a merge added)."""
    if count <= 0:
        return
    q = (
        select(PersonNameRow.id)
        .where(PersonNameRow.person_id == person_id)
        .order_by(PersonNameRow.seq.desc())
        .limit(count)
    )
    ids = list(conn.scalars(q))
    conn.execute(delete(PersonNameRow).where(PersonNameRow.id.in_(ids)))


def refresh_person_search(conn: Connection, p: Person) -> None:
    d = dataset_of(conn, "person", p.id) or LOCAL
    _search_text(conn, "person", p.id, person_search_text(p), d)
