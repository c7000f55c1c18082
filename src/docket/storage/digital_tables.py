"""Tables for digital repression: OONI measurements and takedown statistics and notices.

Every row names the file it came from by the file's SHA-256 (`*_file` tables hold the name and
when it was imported), so every figure can say where it comes from. Measurements are keyed by
their measurement id: importing a file again creates nothing new.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from docket.storage.tables import Base

SHA = String(64)
DAY = String(10)
STAMP = String(32)


class OoniFileRow(Base):
    __tablename__ = "ooni_file"
    sha256: Mapped[str] = mapped_column(SHA, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[str] = mapped_column(STAMP)
    measurements: Mapped[int] = mapped_column(Integer)  # web_connectivity lines judged
    new: Mapped[int] = mapped_column(Integer)  # of which not stored before
    raw: Mapped[int] = mapped_column(Integer)  # lines kept as written (other tests, versions)


class OoniMeasurementRow(Base):
    """One web_connectivity measurement: OONI's verdict, its evidence, and Docket's verdict."""

    __tablename__ = "ooni_measurement"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    file_sha256: Mapped[str] = mapped_column(SHA)
    line: Mapped[int] = mapped_column(Integer)
    test_version: Mapped[str] = mapped_column(String(16))
    start_time: Mapped[str] = mapped_column(String(19))  # UTC, 'YYYY-MM-DD HH:MM:SS'
    day: Mapped[str] = mapped_column(DAY)
    country: Mapped[str] = mapped_column(String(2))
    asn: Mapped[int] = mapped_column(Integer)
    network: Mapped[str | None] = mapped_column(Text)
    input: Mapped[str] = mapped_column(Text)
    domain: Mapped[str] = mapped_column(Text)
    ooni_blocking: Mapped[str | None] = mapped_column(String(16))
    ooni_accessible: Mapped[bool | None] = mapped_column(Boolean)
    blocking: Mapped[str | None] = mapped_column(String(16))  # Docket's verdict
    accessible: Mapped[bool | None] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)  # which step decided Docket's verdict
    dns_consistency: Mapped[str | None] = mapped_column(String(16))
    dns_experiment_failure: Mapped[str | None] = mapped_column(Text)
    http_experiment_failure: Mapped[str | None] = mapped_column(Text)
    control_failure: Mapped[str | None] = mapped_column(Text)
    body_length_match: Mapped[bool | None] = mapped_column(Boolean)
    headers_match: Mapped[bool | None] = mapped_column(Boolean)
    status_code_match: Mapped[bool | None] = mapped_column(Boolean)
    title_match: Mapped[bool | None] = mapped_column(Boolean)
    body_proportion: Mapped[float | None] = mapped_column(Float)
    blocking_flags: Mapped[int | None] = mapped_column(Integer)  # OONI's x_blocking_flags

    # Summaries read a country's days; more indexes would slow imports more than they help.
    __table_args__ = (Index("ix_ooni_measurement_country_day", "country", "day"),)


class OoniRawRow(Base):
    """A measurement Docket does not judge yet (another test or version), kept as written."""

    __tablename__ = "ooni_raw"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    file_sha256: Mapped[str] = mapped_column(SHA, index=True)
    line: Mapped[int] = mapped_column(Integer)
    test_name: Mapped[str] = mapped_column(Text)
    test_version: Mapped[str] = mapped_column(String(32))
    country: Mapped[str | None] = mapped_column(String(2))
    start_time: Mapped[str | None] = mapped_column(String(19))
    why: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


class TakedownFileRow(Base):
    __tablename__ = "takedown_file"
    sha256: Mapped[str] = mapped_column(SHA, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))  # google-summary, google-detailed, lumen
    layout: Mapped[str] = mapped_column(String(64))  # which release's header it has
    imported_at: Mapped[str] = mapped_column(STAMP)
    records: Mapped[int] = mapped_column(Integer)


class GoogleRemovalRow(Base):
    """A line of Google's summary: requests, compliance and items for a country and period."""

    __tablename__ = "google_removal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    file_sha256: Mapped[str] = mapped_column(SHA, index=True)
    line: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[str] = mapped_column(DAY)
    period_end: Mapped[str] = mapped_column(DAY)
    country: Mapped[str] = mapped_column(String(8), index=True)  # CLDR territory code
    country_name: Mapped[str] = mapped_column(Text)
    requests: Mapped[int | None] = mapped_column(Integer)
    complied_pct: Mapped[float | None] = mapped_column(Float)
    items: Mapped[int | None] = mapped_column(Integer)
    as_written: Mapped[dict[str, Any]] = mapped_column(JSON)  # every cell, as Google wrote it


class GoogleRemovalDetailRow(Base):
    """A line of Google's detailed file: a total by product and reason, country and period."""

    __tablename__ = "google_removal_detail"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    file_sha256: Mapped[str] = mapped_column(SHA, index=True)
    line: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[str] = mapped_column(DAY)
    period_end: Mapped[str] = mapped_column(DAY)
    country: Mapped[str] = mapped_column(String(8), index=True)
    country_name: Mapped[str] = mapped_column(Text)
    product: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    total: Mapped[int | None] = mapped_column(Integer)
    total_as_written: Mapped[str] = mapped_column(Text)


class LumenNoticeRow(Base):
    """A notice in Lumen's database, as its JSON gives it."""

    __tablename__ = "lumen_notice"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # Lumen's notice id
    file_sha256: Mapped[str] = mapped_column(SHA, index=True)
    type: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    date_sent: Mapped[str | None] = mapped_column(DAY)
    date_received: Mapped[str | None] = mapped_column(DAY)
    sender: Mapped[str | None] = mapped_column(Text)
    principal: Mapped[str | None] = mapped_column(Text)
    recipient: Mapped[str | None] = mapped_column(Text)
    countries: Mapped[str] = mapped_column(Text)  # ",KZ,RU,": the notice's jurisdictions
    topics: Mapped[list[Any]] = mapped_column(JSON)
    action_taken: Mapped[str | None] = mapped_column(Text)
    urls: Mapped[int] = mapped_column(Integer)  # URLs (or URLs counted by host) it names
    body: Mapped[dict[str, Any]] = mapped_column(JSON)  # the notice as Lumen gave it
