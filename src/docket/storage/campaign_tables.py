"""Tables for coordinated campaigns: scanned articles, campaigns, their members, reuse pairs.

A scan reads one corpus; every record it read is an article row (pages without text and repeated
captures included, with notes), so nothing read is lost. Captures of the articles that evidence
a campaign are kept whole in `campaign_capture`, with their SHA-256.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from docket.storage.tables import Base

SHA = String(64)
DAY = String(10)
STAMP = String(32)


class CampaignScanRow(Base):
    __tablename__ = "campaign_scan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    corpus: Mapped[list[str]] = mapped_column(JSON)  # the files as given
    started_at: Mapped[str] = mapped_column(STAMP)
    finished_at: Mapped[str | None] = mapped_column(STAMP)
    threshold: Mapped[float] = mapped_column(Float)
    min_sites: Mapped[int] = mapped_column(Integer)
    engine: Mapped[str] = mapped_column(String(16))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)  # records, articles, problems, ...
    problems: Mapped[list[str]] = mapped_column(JSON)  # the first problems, as messages


class CampaignArticleRow(Base):
    __tablename__ = "campaign_article"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scan_id: Mapped[int] = mapped_column(
        ForeignKey("campaign_scan.id", ondelete="CASCADE"), index=True
    )
    file: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    offset: Mapped[int] = mapped_column(BigInteger)
    member: Mapped[str | None] = mapped_column(Text)
    record: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    site: Mapped[str | None] = mapped_column(String(253), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(DAY)
    fetched: Mapped[str | None] = mapped_column(STAMP)
    language: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(SHA, index=True)
    capture_sha256: Mapped[str] = mapped_column(SHA)
    capture_size: Mapped[int] = mapped_column(BigInteger)
    tracking: Mapped[dict[str, Any]] = mapped_column(JSON)
    template: Mapped[str | None] = mapped_column(String(16))
    notes: Mapped[list[str]] = mapped_column(JSON)
    compared: Mapped[bool] = mapped_column(Boolean)  # False: too short, or a repeated capture
    duplicate_of: Mapped[int | None] = mapped_column(Integer)


class CampaignRow(Base):
    __tablename__ = "campaign"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scan_id: Mapped[int] = mapped_column(
        ForeignKey("campaign_scan.id", ondelete="CASCADE"), index=True
    )
    sites: Mapped[int] = mapped_column(Integer)
    articles: Mapped[int] = mapped_column(Integer)
    first_published: Mapped[str | None] = mapped_column(DAY)
    last_published: Mapped[str | None] = mapped_column(DAY)
    original_id: Mapped[int] = mapped_column(ForeignKey("campaign_article.id"))
    original_reason: Mapped[str] = mapped_column(Text)
    # titles, spread, shared infrastructure, people and organisations named
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)


class CampaignMemberRow(Base):
    __tablename__ = "campaign_member"
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[int] = mapped_column(
        ForeignKey("campaign_article.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CampaignReuseRow(Base):
    """A verified pair: the same text (`full`) or a lifted passage (`partial`)."""

    __tablename__ = "campaign_reuse"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scan_id: Mapped[int] = mapped_column(
        ForeignKey("campaign_scan.id", ondelete="CASCADE"), index=True
    )
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    article_a: Mapped[int] = mapped_column(ForeignKey("campaign_article.id", ondelete="CASCADE"))
    article_b: Mapped[int] = mapped_column(ForeignKey("campaign_article.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    jaccard: Mapped[float] = mapped_column(Float)  # of the word shingles, computed exactly
    shared: Mapped[dict[str, Any]] = mapped_column(JSON)  # the shared passage, as in each


class CampaignCaptureRow(Base):
    __tablename__ = "campaign_capture"
    article_id: Mapped[int] = mapped_column(
        ForeignKey("campaign_article.id", ondelete="CASCADE"), primary_key=True
    )
    sha256: Mapped[str] = mapped_column(SHA)
    content: Mapped[bytes] = mapped_column(LargeBinary)
