"""Reads of the evidence tables: items with their files and timestamps, custody logs, the
addresses sources cite, the newest capture and live check of each, and captured-text search."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Connection, func, select
from sqlalchemy import text as sql_text

from docket.domain.evidence import (
    PAYLOAD,
    CustodyEntry,
    EvidenceFile,
    EvidenceItem,
    Timestamp,
)
from docket.storage.evidence_tables import (
    CustodyRow,
    EvidenceFileRow,
    EvidenceRow,
    EvidenceTimestampRow,
    SourceCheckRow,
)
from docket.storage.evidence_writes import SEARCH_KIND
from docket.storage.tables import SearchTextRow, SourceRow


def _items(conn: Connection, rows: Sequence[EvidenceRow]) -> list[EvidenceItem]:
    ids = [r.id for r in rows]
    files: dict[str, list[EvidenceFile]] = defaultdict(list)
    stamps: dict[str, list[Timestamp]] = defaultdict(list)
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        q = select(EvidenceFileRow).where(EvidenceFileRow.evidence_id.in_(chunk))
        for f in conn.execute(q.order_by(EvidenceFileRow.id)):
            files[f.evidence_id].append(
                EvidenceFile(f.role, f.sha256, f.size, f.media_type, f.name)
            )
        q2 = select(EvidenceTimestampRow).where(EvidenceTimestampRow.evidence_id.in_(chunk))
        for t in conn.execute(q2.order_by(EvidenceTimestampRow.id)):
            stamps[t.evidence_id].append(
                Timestamp(t.kind, t.authority, t.digest_sha256, t.time, bytes(t.token), t.roots_pem)
            )
    return [
        EvidenceItem(
            id=r.id,
            method=r.method,
            url=r.url,
            final_url=r.final_url,
            http_status=r.http_status,
            captured_at=r.captured_at,
            captured_by=r.captured_by,
            media_type=r.media_type,
            title=r.title,
            text=r.text,
            source_id=r.source_id,
            truncated=bool(r.truncated),
            note=r.note,
            files=tuple(files[r.id]),
            timestamps=tuple(stamps[r.id]),
        )
        for r in rows
    ]


def find_item(conn: Connection, evidence_id: str) -> EvidenceItem | None:
    rows = list(conn.execute(select(EvidenceRow).where(EvidenceRow.id == evidence_id)))
    found = _items(conn, rows)  # type: ignore[arg-type]
    return found[0] if found else None


def list_items(
    conn: Connection, *, source_id: str | None = None, ids: Sequence[str] | None = None
) -> list[EvidenceItem]:
    q = select(EvidenceRow).order_by(EvidenceRow.captured_at, EvidenceRow.id)
    if source_id is not None:
        q = q.where(EvidenceRow.source_id == source_id)
    if ids is not None:
        q = q.where(EvidenceRow.id.in_(list(ids)))
    return _items(conn, list(conn.execute(q)))  # type: ignore[arg-type]


def custody_log(conn: Connection, evidence_id: str) -> list[CustodyEntry]:
    q = select(CustodyRow).where(CustodyRow.evidence_id == evidence_id).order_by(CustodyRow.seq)
    return [
        CustodyEntry(
            r.evidence_id,
            r.seq,
            r.at,
            r.action,
            r.actor,
            json.loads(r.details),
            r.prev_hash,
            r.entry_hash,
        )
        for r in conn.execute(q)
    ]


def linked_sources(conn: Connection, ids: Sequence[str]) -> dict[str, str | None]:
    """evidence id -> the source it is linked to (None for evidence linked to none): what
    decides who may see an item found by search."""
    q = select(EvidenceRow.id, EvidenceRow.source_id).where(EvidenceRow.id.in_(list(ids)))
    return {str(i): (str(s) if s else None) for i, s in conn.execute(q)}


def cited_urls(conn: Connection) -> dict[str, list[str]]:
    """Every web address a source gives -> the ids of the sources that give it."""
    q = select(SourceRow.url, SourceRow.id).where(SourceRow.url.is_not(None)).order_by(SourceRow.id)
    out: dict[str, list[str]] = defaultdict(list)
    for url, sid in conn.execute(q):
        url = str(url).strip()
        if url.startswith(("http://", "https://")):
            out[url].append(str(sid))
    return dict(out)


def source_url(conn: Connection, source_id: str) -> tuple[bool, str | None]:
    """(the source exists, its address)."""
    row = conn.execute(select(SourceRow.url).where(SourceRow.id == source_id)).first()
    return (row is not None, str(row[0]) if row and row[0] else None)


def captured_urls(conn: Connection) -> set[str]:
    q = select(EvidenceRow.url).where(EvidenceRow.url.is_not(None)).distinct()
    return {str(u) for u in conn.scalars(q)}


def newest_capture(conn: Connection, url: str) -> tuple[str, str] | None:
    """(evidence id, text) of the newest capture of an address that answered 2xx."""
    q = (
        select(EvidenceRow.id, EvidenceRow.text)
        .where(EvidenceRow.url == url, EvidenceRow.http_status.between(200, 299))
        .order_by(EvidenceRow.captured_at.desc(), EvidenceRow.id.desc())
        .limit(1)
    )
    row = conn.execute(q).first()
    return (str(row[0]), str(row[1])) if row else None


def newest_checks(conn: Connection) -> dict[str, tuple[str, str]]:
    """address -> (state, checked_at) of its newest live check (the last one recorded)."""
    newest = select(func.max(SourceCheckRow.id).label("id")).group_by(SourceCheckRow.url).subquery()
    q = select(SourceCheckRow.url, SourceCheckRow.state, SourceCheckRow.checked_at).join(
        newest, newest.c.id == SourceCheckRow.id
    )
    return {str(u): (str(s), str(a)) for u, s, a in conn.execute(q)}


def archived_payloads(conn: Connection, urls: Sequence[str]) -> dict[str, str]:
    """address -> SHA-256 of the page as the newest good capture of it stored it."""
    out: dict[str, str] = {}
    for url in urls:
        q = (
            select(EvidenceFileRow.sha256)
            .join(EvidenceRow, EvidenceRow.id == EvidenceFileRow.evidence_id)
            .where(
                EvidenceRow.url == url,
                EvidenceRow.http_status.between(200, 299),
                EvidenceFileRow.role == PAYLOAD,
            )
            .order_by(EvidenceRow.captured_at.desc())
            .limit(1)
        )
        sha = conn.scalar(q)
        if sha:
            out[url] = str(sha)
    return out


def _words(text: str) -> list[str]:
    return [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w][:6]


def sources_matching(
    conn: Connection, text: str, visible: frozenset[str], *, limit: int
) -> dict[str, str]:
    """source id -> title of visible sources whose captured pages hold every word of the text."""
    words = _words(text)
    if not words:
        return {}
    if conn.dialect.name == "sqlite":
        match = " ".join('"' + w.replace('"', "") + '"*' for w in words)
        stmt = sql_text(
            "SELECT t.record_id FROM search_fts f JOIN search_text t ON t.id = f.rowid "
            "WHERE search_fts MATCH :m AND t.record_type = :k ORDER BY rank LIMIT :n"
        )
        ids = list(conn.scalars(stmt, {"m": match, "k": SEARCH_KIND, "n": limit * 3}))
    else:
        cond = [
            SearchTextRow.text.ilike("%" + w.replace("%", "").replace("_", "") + "%") for w in words
        ]
        q = select(SearchTextRow.record_id).where(SearchTextRow.record_type == SEARCH_KIND, *cond)
        ids = list(conn.scalars(q.limit(limit * 3)))
    return sources_of_captures(conn, ids, visible, limit=limit)


def sources_of_captures(
    conn: Connection, ids: Sequence[str], visible: frozenset[str], *, limit: int
) -> dict[str, str]:
    """source id -> title of the visible sources these captured pages were taken for."""
    if not ids:
        return {}
    q2 = (
        select(SourceRow.id, SourceRow.title)
        .join(EvidenceRow, EvidenceRow.source_id == SourceRow.id)
        .where(EvidenceRow.id.in_(ids), SourceRow.sensitivity.in_(visible))
        .distinct()
        .limit(limit)
    )
    return {str(i): str(t) for i, t in conn.execute(q2)}
