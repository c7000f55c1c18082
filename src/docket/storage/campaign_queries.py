"""Reading campaigns, their articles, reuse evidence and captures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, RowMapping, or_, select

from docket.storage.campaign_tables import (
    CampaignArticleRow,
    CampaignCaptureRow,
    CampaignMemberRow,
    CampaignReuseRow,
    CampaignRow,
    CampaignScanRow,
)

ARTICLE = CampaignArticleRow.__table__
CAMPAIGN = CampaignRow.__table__
MEMBER = CampaignMemberRow.__table__
REUSE = CampaignReuseRow.__table__
SCAN = CampaignScanRow.__table__


def list_campaigns(conn: Connection, *, scan_id: int | None = None) -> list[RowMapping]:
    q = select(CAMPAIGN).order_by(CAMPAIGN.c.id)
    if scan_id is not None:
        q = q.where(CAMPAIGN.c.scan_id == scan_id)
    return list(conn.execute(q).mappings())


def find_campaign(conn: Connection, campaign_id: int) -> RowMapping | None:
    return conn.execute(select(CAMPAIGN).where(CAMPAIGN.c.id == campaign_id)).mappings().first()


def find_scan(conn: Connection, scan_id: int) -> RowMapping | None:
    return conn.execute(select(SCAN).where(SCAN.c.id == scan_id)).mappings().first()


def campaign_articles(conn: Connection, campaign_id: int) -> list[RowMapping]:
    """The member articles, oldest first (undated last)."""
    q = (
        select(ARTICLE)
        .join(MEMBER, MEMBER.c.article_id == ARTICLE.c.id)
        .where(MEMBER.c.campaign_id == campaign_id)
        .order_by(ARTICLE.c.published.is_(None), ARTICLE.c.published, ARTICLE.c.id)
    )
    return list(conn.execute(q).mappings())


def articles(conn: Connection, ids: Sequence[int]) -> dict[int, RowMapping]:
    found: dict[int, RowMapping] = {}
    for start in range(0, len(ids), 500):
        q = select(ARTICLE).where(ARTICLE.c.id.in_(list(ids[start : start + 500])))
        found.update({int(r["id"]): r for r in conn.execute(q).mappings()})
    return found


def campaign_reuse(conn: Connection, campaign_id: int) -> list[RowMapping]:
    q = (
        select(REUSE)
        .where(REUSE.c.campaign_id == campaign_id)
        .order_by(REUSE.c.kind, REUSE.c.jaccard.desc())
    )
    return list(conn.execute(q).mappings())


def partial_reuse_of(conn: Connection, article_ids: Sequence[int]) -> list[RowMapping]:
    ids = list(article_ids)
    q = select(REUSE).where(
        REUSE.c.kind == "partial",
        or_(REUSE.c.article_a.in_(ids), REUSE.c.article_b.in_(ids)),
    )
    return list(conn.execute(q).mappings())


def capture(conn: Connection, article_id: int) -> tuple[str, bytes] | None:
    table = CampaignCaptureRow.__table__
    row = conn.execute(
        select(table.c.sha256, table.c.content).where(table.c.article_id == article_id)
    ).first()
    return (str(row[0]), bytes(row[1])) if row else None


def scan_counts(conn: Connection, scan_id: int) -> dict[str, Any]:
    row = find_scan(conn, scan_id)
    return dict(row["counts"]) if row else {}


def organisation_names(conn: Connection) -> list[tuple[str, str, list[str]]]:
    """(id, name, other names) of every organisation: to find them named in articles."""
    from docket.storage.tables import OrganisationRow

    q = select(OrganisationRow.id, OrganisationRow.name, OrganisationRow.names)
    out = []
    for oid, name, names in conn.execute(q):
        others = [n if isinstance(n, str) else str(n.get("value", "")) for n in names or []]
        out.append((str(oid), str(name), [o for o in others if o]))
    return out
