"""Every write to the evidence tables (and the captured text's search row), in one place.

Evidence rows are added, never changed: an item with its files and timestamps once, custody
entries one after another (each chained to the one before), live checks as they are made.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select

from docket.domain.evidence import CheckResult, CustodyEntry, EvidenceItem, chain_hash
from docket.errors import Conflict
from docket.storage.evidence_tables import (
    CustodyRow,
    EvidenceFileRow,
    EvidenceRow,
    EvidenceTimestampRow,
    SourceCheckRow,
)
from docket.storage.tables import SearchTextRow

SEARCH_KIND = "evidence"
SEARCH_DATASET = "evidence"  # captured text belongs to no dataset; loading one leaves it alone


def insert_item(conn: Connection, item: EvidenceItem) -> None:
    """Add an evidence item with its files, timestamps and searchable text."""
    if conn.scalar(select(EvidenceRow.id).where(EvidenceRow.id == item.id)) is not None:
        raise Conflict(f"Evidence {item.id} is already stored (the same file, hash for hash).")
    conn.execute(
        insert(EvidenceRow).values(
            id=item.id,
            method=item.method,
            source_id=item.source_id,
            url=item.url,
            final_url=item.final_url,
            http_status=item.http_status,
            captured_at=item.captured_at,
            captured_by=item.captured_by,
            media_type=item.media_type,
            title=item.title,
            text=item.text,
            truncated=item.truncated,
            note=item.note,
        )
    )
    if item.files:
        conn.execute(
            insert(EvidenceFileRow),
            [
                {
                    "evidence_id": item.id,
                    "role": f.role,
                    "sha256": f.sha256,
                    "size": f.size,
                    "media_type": f.media_type,
                    "name": f.name,
                }
                for f in item.files
            ],
        )
    for t in item.timestamps:
        conn.execute(
            insert(EvidenceTimestampRow).values(
                evidence_id=item.id,
                kind=t.kind,
                authority=t.authority,
                digest_sha256=t.digest_sha256,
                time=t.time,
                token=t.token,
                roots_pem=t.roots_pem,
            )
        )
    searchable = " ".join(x for x in (item.title, item.url, item.text) if x)
    if searchable.strip():
        conn.execute(
            insert(SearchTextRow).values(
                record_type=SEARCH_KIND,
                record_id=item.id,
                dataset=SEARCH_DATASET,
                text=searchable,
            )
        )


def append_custody(
    conn: Connection,
    evidence_id: str,
    *,
    at: str,
    action: str,
    actor: str,
    details: dict[str, Any],
) -> CustodyEntry:
    """Add a line to an item's custody log, chained to the line before it."""
    last = conn.execute(
        select(CustodyRow.seq, CustodyRow.entry_hash)
        .where(CustodyRow.evidence_id == evidence_id)
        .order_by(CustodyRow.seq.desc())
        .limit(1)
    ).first()
    seq, prev = (int(last[0]) + 1, str(last[1])) if last else (1, "")
    # Round-trip through JSON so the hash covers exactly what is stored and read back.
    clean = json.loads(json.dumps(details, sort_keys=True, ensure_ascii=False))
    entry = CustodyEntry(evidence_id, seq, at, action, actor, clean, prev)
    entry_hash = chain_hash(entry)
    conn.execute(
        insert(CustodyRow).values(
            evidence_id=evidence_id,
            seq=seq,
            at=at,
            action=action,
            actor=actor,
            details=json.dumps(clean, sort_keys=True, ensure_ascii=False),
            prev_hash=prev,
            entry_hash=entry_hash,
        )
    )
    return CustodyEntry(evidence_id, seq, at, action, actor, clean, prev, entry_hash)


def add_check(conn: Connection, result: CheckResult) -> None:
    conn.execute(
        insert(SourceCheckRow).values(
            url=result.url,
            checked_at=result.checked_at,
            state=result.state,
            http_status=result.http_status,
            final_url=result.final_url,
            text_sha256=result.text_sha256,
            evidence_id=result.evidence_id,
            detail=result.detail,
        )
    )
