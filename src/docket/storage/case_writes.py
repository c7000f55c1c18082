"""Writing one case (its number, courts, defendants and charges, citations) in place of its old
version, and reading one back whole. The caller owns the transaction."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from docket.domain.case import Case
from docket.storage import people_queries as pq
from docket.storage import record_writes as w
from docket.storage import rows
from docket.storage.tables import CaseRow, ChargeRow


def put_case(conn: Connection, c: Case, *, dataset: str, exists: bool) -> None:
    w._upsert(conn, CaseRow, rows.case_row(c, dataset), exists)
    conn.execute(delete(ChargeRow).where(ChargeRow.case_id == c.id))
    charges = [
        {
            "case_id": c.id,
            "person_id": d.person_id,
            "article_id": ch.article_id,
            "part": ch.part,
            "wording": ch.wording,
            "seq": seq,
        }
        for d in c.defendants
        for seq, ch in enumerate(d.charges)
    ]
    if charges:
        conn.execute(insert(ChargeRow), charges)
    w._citations(conn, "case", c.id, c.citations, dataset)
    text = " ".join(x for x in (c.title, c.case_number or "", c.summary or "") if x)
    w._search_text(conn, "case", c.id, text, dataset)


def case_by_id(conn: Connection, case_id: str) -> Case | None:
    """The stored case with its courts, summary, citations and defendants in charge order."""
    row = conn.execute(select(CaseRow).where(CaseRow.id == case_id)).first()
    if row is None:
        return None
    slim = w.case_with_defendants(conn, case_id)
    cites = pq.citations_for(conn, "case", [case_id]).get(case_id, ())
    return Case(
        row.id,
        row.title,
        row.jurisdiction,
        row.case_number,
        court_ids=tuple(row.court_ids or ()),
        defendants=slim.defendants if slim else (),
        summary=row.summary,
        citations=tuple(cites),
        sensitivity=row.sensitivity,
    )
