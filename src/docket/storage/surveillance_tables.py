"""Tables for surveillance and data-control deployments, internet disruptions that sources
report, and laws with their stages and uses (migration 0010).

Dates are kept as written plus the days they span (`*_lo`, `*_hi`), as in the core tables.
The parts a monitor asks about across records (who supplies or runs what, agreements by date,
a law's stages) have tables of their own; the rest of a record's parts are JSON in its row.
Every row carries the dataset that loaded it; a load replaces them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from docket.storage.tables import ID, Base

D = String(10)
DATE = String(16)
LEVEL = String(16)


class DeploymentRow(Base):
    __tablename__ = "deployment"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    system: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32))
    place: Mapped[str | None] = mapped_column(Text)
    jurisdiction: Mapped[str | None] = mapped_column(String(8))
    since: Mapped[str | None] = mapped_column(DATE)
    since_lo: Mapped[str | None] = mapped_column(D)
    until: Mapped[str | None] = mapped_column(DATE)
    capabilities: Mapped[list[Any]] = mapped_column(JSON)
    scale: Mapped[list[Any]] = mapped_column(JSON)
    summary: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[Any]] = mapped_column(JSON)
    levels: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    sensitivity: Mapped[str] = mapped_column(LEVEL)


class DeploymentActorRow(Base):
    """A vendor (side 'vendor') or operator (side 'operator') of a deployment."""

    __tablename__ = "deployment_actor"
    deployment_id: Mapped[str] = mapped_column(ID, primary_key=True)
    side: Mapped[str] = mapped_column(String(16), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(32))
    organisation_id: Mapped[str | None] = mapped_column(ID, index=True)
    name: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(8))


class DeploymentAgreementRow(Base):
    __tablename__ = "deployment_agreement"
    deployment_id: Mapped[str] = mapped_column(ID, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(DATE)
    date_lo: Mapped[str | None] = mapped_column(D)
    date_hi: Mapped[str | None] = mapped_column(D)
    amount: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    parties: Mapped[list[Any]] = mapped_column(JSON)
    sources: Mapped[list[Any]] = mapped_column(JSON)
    __table_args__ = (Index("ix_deployment_agreement_date", "date_lo"),)


class DisruptionRow(Base):
    __tablename__ = "disruption"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    date: Mapped[str] = mapped_column(DATE)
    date_lo: Mapped[str] = mapped_column(D)
    date_hi: Mapped[str] = mapped_column(D)
    end_date: Mapped[str | None] = mapped_column(DATE)
    scope: Mapped[str | None] = mapped_column(Text)
    targets: Mapped[list[Any]] = mapped_column(JSON)
    ordered_by: Mapped[str | None] = mapped_column(ID)
    place: Mapped[str | None] = mapped_column(Text)
    jurisdiction: Mapped[str | None] = mapped_column(String(8))
    description: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[Any]] = mapped_column(JSON)
    levels: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    sensitivity: Mapped[str] = mapped_column(LEVEL)


class LawRow(Base):
    __tablename__ = "law"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    title: Mapped[str] = mapped_column(Text)
    title_ru: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    jurisdiction: Mapped[str | None] = mapped_column(String(8))
    articles: Mapped[list[Any]] = mapped_column(JSON)
    amends: Mapped[str | None] = mapped_column(Text)
    rights: Mapped[list[Any]] = mapped_column(JSON)
    summary: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[Any]] = mapped_column(JSON)
    levels: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    sensitivity: Mapped[str] = mapped_column(LEVEL)


class LawStageRow(Base):
    __tablename__ = "law_stage"
    law_id: Mapped[str] = mapped_column(ID, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    stage: Mapped[str] = mapped_column(String(32))
    date: Mapped[str] = mapped_column(DATE)
    date_lo: Mapped[str] = mapped_column(D)
    date_hi: Mapped[str] = mapped_column(D)
    body: Mapped[str | None] = mapped_column(ID)
    note: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[Any]] = mapped_column(JSON)
    __table_args__ = (Index("ix_law_stage_date", "date_lo"),)


class LawUseRow(Base):
    __tablename__ = "law_use"
    law_id: Mapped[str] = mapped_column(ID, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str | None] = mapped_column(ID, index=True)
    event_id: Mapped[str | None] = mapped_column(ID, index=True)
    note: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[Any]] = mapped_column(JSON)


TABLES: tuple[type[Base], ...] = (
    DeploymentRow,
    DeploymentActorRow,
    DeploymentAgreementRow,
    DisruptionRow,
    LawRow,
    LawStageRow,
    LawUseRow,
)
