"""Every write to the campaign tables, in one place (so it can go through the audit recorder).

Callers pass an open transaction (`store.write()`); nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, update

from docket.storage.campaign_tables import (
    CampaignArticleRow,
    CampaignCaptureRow,
    CampaignMemberRow,
    CampaignReuseRow,
    CampaignRow,
    CampaignScanRow,
)

ARTICLE = CampaignArticleRow
SCAN = CampaignScanRow


def start_scan(
    conn: Connection,
    *,
    corpus: list[str],
    started_at: str,
    threshold: float,
    min_sites: int,
    engine: str,
) -> int:
    row = {
        "corpus": corpus,
        "started_at": started_at,
        "threshold": threshold,
        "min_sites": min_sites,
        "engine": engine,
        "counts": {},
        "problems": [],
    }
    return int(conn.execute(insert(SCAN).returning(SCAN.id), row).scalar_one())


def finish_scan(
    conn: Connection,
    scan_id: int,
    *,
    finished_at: str,
    counts: dict[str, Any],
    problems: list[str],
) -> None:
    conn.execute(
        update(SCAN)
        .where(SCAN.id == scan_id)
        .values(finished_at=finished_at, counts=counts, problems=problems)
    )


def insert_articles(conn: Connection, scan_id: int, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Ids of the inserted articles, in the order given."""
    if not rows:
        return []
    stmt = insert(ARTICLE).returning(ARTICLE.id, sort_by_parameter_order=True)
    found = conn.execute(stmt, [{**r, "scan_id": scan_id} for r in rows])
    return [int(i) for i in found.scalars()]


def insert_campaign(
    conn: Connection,
    scan_id: int,
    *,
    members: Sequence[int],
    sites: int,
    first_published: str | None,
    last_published: str | None,
    original_id: int,
    original_reason: str,
    summary: dict[str, Any],
) -> int:
    row = {
        "scan_id": scan_id,
        "sites": sites,
        "articles": len(members),
        "first_published": first_published,
        "last_published": last_published,
        "original_id": original_id,
        "original_reason": original_reason,
        "summary": summary,
    }
    campaign_id = int(conn.execute(insert(CampaignRow).returning(CampaignRow.id), row).scalar_one())
    conn.execute(
        insert(CampaignMemberRow),
        [{"campaign_id": campaign_id, "article_id": a} for a in members],
    )
    return campaign_id


def insert_reuse(conn: Connection, scan_id: int, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(CampaignReuseRow), [{**r, "scan_id": scan_id} for r in rows])


def insert_capture(conn: Connection, article_id: int, *, sha256: str, content: bytes) -> None:
    conn.execute(
        insert(CampaignCaptureRow),
        {"article_id": article_id, "sha256": sha256, "content": content},
    )
