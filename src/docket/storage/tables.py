"""Tables. Dates are stored as text as given (`date`) plus the days they span (`date_lo`,
`date_hi`, ISO 'YYYY-MM-DD', which sort and compare correctly on SQLite and PostgreSQL).

Every record carries the dataset that loaded it, so a dataset can be reloaded in place.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

D = String(10)  # an ISO day
ID = String(128)


class Base(DeclarativeBase):
    pass


class DatasetRow(Base):
    __tablename__ = "dataset"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    jurisdiction: Mapped[str | None] = mapped_column(String(8))
    fingerprint: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[str] = mapped_column(String(32))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)


class SourceRow(Base):
    __tablename__ = "source"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(16))
    date_lo: Mapped[str | None] = mapped_column(D)
    date_hi: Mapped[str | None] = mapped_column(D)
    language: Mapped[str | None] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(Text)
    reliability: Mapped[str] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)
    sensitivity: Mapped[str] = mapped_column(String(16))


class OrganisationRow(Base):
    __tablename__ = "organisation"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    name: Mapped[str] = mapped_column(Text)
    names: Mapped[list[Any]] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(String(32))
    jurisdiction: Mapped[str | None] = mapped_column(String(8))
    parent_id: Mapped[str | None] = mapped_column(ID)
    summary: Mapped[str | None] = mapped_column(Text)
    sensitivity: Mapped[str] = mapped_column(String(16))


class PersonRow(Base):
    __tablename__ = "person"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    name: Mapped[str] = mapped_column(Text, index=True)
    sex: Mapped[str] = mapped_column(String(16))
    birth_date: Mapped[str | None] = mapped_column(String(16))
    birth_lo: Mapped[str | None] = mapped_column(D)
    birth_place: Mapped[str | None] = mapped_column(Text)
    occupation: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    sensitivity: Mapped[str] = mapped_column(String(16))
    __table_args__ = (Index("ix_person_region", "region"),)  # made by migration 0004


class PersonNameRow(Base):
    __tablename__ = "person_name"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    script: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str | None] = mapped_column(String(8))
    seq: Mapped[int] = mapped_column(Integer)


class AffiliationRow(Base):
    __tablename__ = "affiliation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    start: Mapped[str | None] = mapped_column(String(16))
    end: Mapped[str | None] = mapped_column(String(16))
    sources: Mapped[list[Any]] = mapped_column(JSON)


class RelationRow(Base):
    __tablename__ = "relation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    other_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    sources: Mapped[list[Any]] = mapped_column(JSON)


class PositionRow(Base):
    __tablename__ = "position"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    title: Mapped[str] = mapped_column(Text)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)


class OccupancyRow(Base):
    __tablename__ = "occupancy"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    position_id: Mapped[str] = mapped_column(ForeignKey("position.id"), index=True)
    start: Mapped[str | None] = mapped_column(String(16))
    end: Mapped[str | None] = mapped_column(String(16))
    observed: Mapped[str | None] = mapped_column(String(16))


class CaseRow(Base):
    __tablename__ = "legal_case"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    title: Mapped[str] = mapped_column(Text)
    jurisdiction: Mapped[str | None] = mapped_column(String(8))
    case_number: Mapped[str | None] = mapped_column(Text)
    court_ids: Mapped[list[Any]] = mapped_column(JSON)
    summary: Mapped[str | None] = mapped_column(Text)
    sensitivity: Mapped[str] = mapped_column(String(16))


class ChargeRow(Base):
    __tablename__ = "charge"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(
        ForeignKey("legal_case.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    article_id: Mapped[str | None] = mapped_column(String(32), index=True)
    part: Mapped[str | None] = mapped_column(String(8))
    wording: Mapped[str | None] = mapped_column(Text)
    seq: Mapped[int] = mapped_column(Integer)


class EventRow(Base):
    __tablename__ = "event"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    kind: Mapped[str] = mapped_column(String(48))
    date: Mapped[str] = mapped_column(String(16))
    date_lo: Mapped[str] = mapped_column(D)
    date_hi: Mapped[str] = mapped_column(D)
    end_date: Mapped[str | None] = mapped_column(String(16))
    case_id: Mapped[str | None] = mapped_column(ForeignKey("legal_case.id"), index=True)
    place: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    sentence: Mapped[list[Any] | None] = mapped_column(JSON)
    status: Mapped[str | None] = mapped_column(String(32))
    sensitivity: Mapped[str] = mapped_column(String(16))
    __table_args__ = (Index("ix_event_kind_hi", "kind", "date_hi"),)


class EventPartyRow(Base):
    __tablename__ = "event_party"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    involvement: Mapped[str | None] = mapped_column(String(48))
    position: Mapped[str | None] = mapped_column(Text)
    seq: Mapped[int] = mapped_column(Integer)


class RecognitionRow(Base):
    __tablename__ = "recognition"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"))
    date: Mapped[str] = mapped_column(String(16))
    date_hi: Mapped[str] = mapped_column(D)
    criteria: Mapped[list[Any]] = mapped_column(JSON)
    rationale: Mapped[str | None] = mapped_column(Text)


class SanctionRow(Base):
    __tablename__ = "sanction_recommendation"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"))
    date: Mapped[str] = mapped_column(String(16))
    regimes: Mapped[list[Any]] = mapped_column(JSON)
    grounds: Mapped[str | None] = mapped_column(Text)


class ClaimRow(Base):
    __tablename__ = "claim"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    metric: Mapped[str] = mapped_column(String(64), index=True)
    value: Mapped[float]
    qualifier: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(16))
    as_of: Mapped[str] = mapped_column(String(16))
    as_of_hi: Mapped[str] = mapped_column(D)
    period_start: Mapped[str | None] = mapped_column(String(16))
    wording: Mapped[str] = mapped_column(Text)
    stated_by: Mapped[str | None] = mapped_column(ForeignKey("organisation.id"))
    jurisdiction: Mapped[str | None] = mapped_column(String(8))


class CitationRow(Base):
    """Links any record to a source it rests on, with a locator (page, footnote)."""

    __tablename__ = "citation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_type: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[str] = mapped_column(ID)
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"), index=True)
    locator: Mapped[str | None] = mapped_column(Text)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    __table_args__ = (Index("ix_citation_record", "record_type", "record_id"),)


class StatusSpanRow(Base):
    """Derived from events by docket.domain.status; rebuilt whenever a person's events change."""

    __tablename__ = "status_span"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(32))
    start: Mapped[str] = mapped_column(D)
    end: Mapped[str | None] = mapped_column(D)
    event_id: Mapped[str] = mapped_column(ID)
    basis: Mapped[str] = mapped_column(String(16))
    # "Who is in these statuses on the day" (figures, lists, the web's people list) is answered
    # from this index alone (migration 0009): most spans start before any recent day, and
    # reading their rows one by one is slow. Without a status, reading the whole index is
    # still cheaper than the table.
    __table_args__ = (Index("ix_status_span_on_day", "status", "start", "end", "person_id"),)


class SearchTextRow(Base):
    """Text to search per record; on SQLite mirrored into the FTS5 table `search_fts`."""

    __tablename__ = "search_text"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # indexed (0013): PostgreSQL's search of captured pages' text asks for one kind of record,
    # and without it matched the words against every record's text first
    record_type: Mapped[str] = mapped_column(String(24), index=True)
    record_id: Mapped[str] = mapped_column(ID, index=True)
    dataset: Mapped[str] = mapped_column(ID, index=True)
    text: Mapped[str] = mapped_column(Text)


class ProsecutionRow(Base):
    """Derived: one row per defendant and case, dated by the case's events."""

    __tablename__ = "prosecution"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[str] = mapped_column(
        ForeignKey("legal_case.id", ondelete="CASCADE"), index=True
    )
    opened: Mapped[str | None] = mapped_column(D)
    convicted: Mapped[str | None] = mapped_column(D)
    # Prosecutions opened (or convicted) by a day are most of them: answered from the index.
    __table_args__ = (
        Index("ix_prosecution_opened_who", "opened", "person_id", "case_id"),
        Index("ix_prosecution_convicted_who", "convicted", "person_id", "case_id"),
    )
