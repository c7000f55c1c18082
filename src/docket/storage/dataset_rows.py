"""The table rows of a whole dataset, as tuples in the column order of `COLUMNS`.

A load of a million events writes some five million rows: building them as tuples straight from
the records, with each distinct date written once, costs a fraction of building a mapping per row
(storage.rows does that for single records). Columns holding JSON get their JSON text here, as
SQLAlchemy's JSON type would store it (`null` for None). Tables with a generated integer id leave
it out; the writer (storage.bulk_insert) adds it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import orjson

from docket.domain.dataset import Dataset
from docket.domain.dates import PartialDate
from docket.domain.event import SentenceComponent
from docket.domain.prosecution import Prosecution
from docket.domain.source import Citation
from docket.domain.status import StatusSpan
from docket.storage.level_tables import KINDS as LEVEL_KINDS
from docket.storage.level_tables import PARTY

Row = tuple[Any, ...]

# table -> the columns each row gives, in order (without a generated integer id)
COLUMNS: dict[str, tuple[str, ...]] = {
    "source": (
        "id", "dataset", "kind", "title", "publisher", "author", "date", "date_lo", "date_hi",
        "language", "url", "reliability", "notes", "sensitivity",
    ),
    "organisation": (
        "id", "dataset", "name", "names", "kind", "jurisdiction", "parent_id", "summary",
        "sensitivity",
    ),
    "person": (
        "id", "dataset", "name", "sex", "birth_date", "birth_lo", "birth_place", "occupation",
        "region", "summary", "sensitivity",
    ),
    "person_name": ("person_id", "value", "kind", "script", "lang", "seq"),
    "affiliation": ("person_id", "organisation_id", "role", "start", "end", "sources"),
    "relation": ("person_id", "other_id", "kind", "sources"),
    "position": ("id", "dataset", "title", "organisation_id"),
    "occupancy": ("id", "dataset", "person_id", "position_id", "start", "end", "observed"),
    "legal_case": (
        "id", "dataset", "title", "jurisdiction", "case_number", "court_ids", "summary",
        "sensitivity",
    ),
    "charge": ("case_id", "person_id", "article_id", "part", "wording", "seq"),
    "event": (
        "id", "dataset", "kind", "date", "date_lo", "date_hi", "end_date", "case_id", "place",
        "description", "sentence", "status", "sensitivity",
    ),
    "event_party": (
        "event_id", "person_id", "organisation_id", "role", "involvement", "position", "seq",
    ),
    "recognition": (
        "id", "dataset", "person_id", "kind", "organisation_id", "date", "date_hi", "criteria",
        "rationale",
    ),
    "sanction_recommendation": (
        "id", "dataset", "person_id", "organisation_id", "date", "regimes", "grounds",
    ),
    "claim": (
        "id", "dataset", "metric", "value", "qualifier", "unit", "as_of", "as_of_hi",
        "period_start", "wording", "stated_by", "jurisdiction",
    ),
    "citation": ("record_type", "record_id", "source_id", "locator", "dataset"),
    "field_level": ("dataset", "record_kind", "record_id", "field", "level"),
    "prosecution": ("person_id", "case_id", "opened", "convicted"),
    "search_text": ("record_type", "record_id", "dataset", "text"),
    "status_span": ("person_id", "status", "start", "end", "event_id", "basis"),
}  # fmt: skip


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


class _Days:
    """Each distinct partial date as (text, first day, last day) in ISO form, made once. Keyed
    by the object (the readers share one object per distinct date), kept alive with its entry."""

    def __init__(self) -> None:
        self.seen: dict[int, tuple[PartialDate, tuple[str, str, str]]] = {}

    def __call__(self, value: PartialDate) -> tuple[str, str, str]:
        found = self.seen.get(id(value))
        if found is None or found[0] is not value:
            found = self.seen[id(value)] = (
                value,
                (str(value), value.lo.isoformat(), value.hi.isoformat()),
            )
        return found[1]

    def text(self, value: PartialDate | None) -> str | None:
        return None if value is None else self(value)[0]


def _cites(citations: Sequence[Citation]) -> str:
    return _json([{"source": c.source_id, "at": c.locator} for c in citations])


def _sentence(components: Sequence[SentenceComponent], days: _Days) -> str:
    if not components:
        return "null"
    return _json(
        [
            {
                "kind": s.kind,
                "term": str(s.term) if s.term else None,
                "regime": s.regime,
                "amount": s.amount,
                "start": days.text(s.start),
                "note": s.note,
            }
            for s in components
        ]
    )


def record_tables(
    ds: Dataset, prosecutions: Sequence[Prosecution]
) -> Iterator[tuple[str, Iterator[Row]]]:
    """(table, its rows) for every table of the dataset's records, in an order that satisfies
    foreign keys."""
    d = ds.info.id
    days = _Days()
    for table, make in _TABLES:
        yield table, make(ds, d, days)
    yield "prosecution", _prosecutions(prosecutions)
    yield "search_text", _search_rows(ds)


def record_rows(ds: Dataset, prosecutions: Sequence[Prosecution]) -> Iterator[tuple[str, Row]]:
    """(table, row) for every row of `record_tables`."""
    for table, made in record_tables(ds, prosecutions):
        for row in made:
            yield table, row


def _source_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for s in ds.sources:
        lo = hi = None
        if s.date is not None:
            _, lo, hi = days(s.date)
            lo = None if s.date.on_or_before else lo
        yield (
            s.id, d, s.kind, s.title, s.publisher, s.author, days.text(s.date), lo, hi,
            s.language, s.url, s.reliability, s.notes, s.sensitivity,
        )  # fmt: skip


def _organisation_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for o in ds.organisations:
        names = _json(
            [
                {"value": n.value, "kind": n.kind, "script": n.script, "lang": n.lang}
                for n in o.names
            ]
        )
        yield (
            o.id, d, o.name, names, o.kind, o.jurisdiction, o.parent_id, o.summary, o.sensitivity,
        )  # fmt: skip


def _person_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for p in ds.people:
        born = days(p.birth_date) if p.birth_date is not None else (None, None, None)
        yield (
            p.id, d, p.name, p.sex, born[0], born[1], p.birth_place, p.occupation, p.region,
            p.summary, p.sensitivity,
        )  # fmt: skip


def _person_name_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for p in ds.people:
        for seq, n in enumerate(p.names):
            yield (p.id, n.value, n.kind, n.script, n.lang, seq)


def _affiliation_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for p in ds.people:
        for a in p.affiliations:
            yield (
                p.id, a.organisation_id, a.role, days.text(a.start), days.text(a.end),
                _cites(a.citations),
            )  # fmt: skip


def _relation_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for p in ds.people:
        for r in p.relations:
            yield (p.id, r.person_id, r.kind, _cites(r.citations))


def _position_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for pos in ds.positions:
        yield (pos.id, d, pos.title, pos.organisation_id)


def _occupancy_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for occ in ds.occupancies:
        yield (
            occ.id, d, occ.person_id, occ.position_id, days.text(occ.start), days.text(occ.end),
            days.text(occ.observed),
        )  # fmt: skip


def _legal_case_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for c in ds.cases:
        yield (
            c.id, d, c.title, c.jurisdiction, c.case_number, _json(list(c.court_ids)), c.summary,
            c.sensitivity,
        )  # fmt: skip


def _charge_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for c in ds.cases:
        for df in c.defendants:
            for seq, ch in enumerate(df.charges):
                yield (c.id, df.person_id, ch.article_id, ch.part, ch.wording, seq)


def _event_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for e in ds.events:
        text, lo, hi = days(e.date)
        yield (
            e.id, d, e.kind, text, lo, hi, days.text(e.end_date), e.case_id, e.place,
            e.description, _sentence(e.sentence, days), e.status, e.sensitivity,
        )  # fmt: skip


def _event_party_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for e in ds.events:
        for seq, party in enumerate(e.parties):
            yield (
                e.id, party.person_id, party.organisation_id, party.role, party.involvement,
                party.position, seq,
            )  # fmt: skip


def _recognition_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for rec in ds.recognitions:
        _, _, hi = days(rec.date)
        yield (
            rec.id, d, rec.person_id, rec.kind, rec.organisation_id, days.text(rec.date), hi,
            _json(list(rec.criteria)), rec.rationale,
        )  # fmt: skip


def _sanction_recommendation_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for sr in ds.sanctions:
        yield (
            sr.id, d, sr.person_id, sr.organisation_id, days.text(sr.date),
            _json(list(sr.regimes)), sr.grounds,
        )  # fmt: skip


def _claim_rows(ds: Dataset, d: str, days: _Days) -> Iterator[Row]:
    for cl in ds.claims:
        _, _, hi = days(cl.as_of)
        yield (
            cl.id, d, cl.metric, cl.value, cl.qualifier, cl.unit, days.text(cl.as_of), hi,
            days.text(cl.period_start), cl.wording, cl.stated_by, cl.jurisdiction,
        )  # fmt: skip


_TABLES: list[tuple[str, Callable[[Dataset, str, _Days], Iterator[Row]]]] = [
    ("source", _source_rows),
    ("organisation", _organisation_rows),
    ("person", _person_rows),
    ("person_name", _person_name_rows),
    ("affiliation", _affiliation_rows),
    ("relation", _relation_rows),
    ("position", _position_rows),
    ("occupancy", _occupancy_rows),
    ("legal_case", _legal_case_rows),
    ("charge", _charge_rows),
    ("event", _event_rows),
    ("event_party", _event_party_rows),
    ("recognition", _recognition_rows),
    ("sanction_recommendation", _sanction_recommendation_rows),
    ("claim", _claim_rows),
    ("citation", lambda ds, d, days: _citations(ds)),
    ("field_level", lambda ds, d, days: _levels(ds)),
]


def _prosecutions(prosecutions: Sequence[Prosecution]) -> Iterator[Row]:
    for pr in prosecutions:
        opened = pr.opened.isoformat() if pr.opened else None
        convicted = pr.convicted.isoformat() if pr.convicted else None
        yield (pr.person_id, pr.case_id, opened, convicted)


def _citations(ds: Dataset) -> Iterator[Row]:
    d = ds.info.id
    for kind, records, attribute in (
        ("source", ds.sources, "cites"),
        ("organisation", ds.organisations, "citations"),
        ("person", ds.people, "citations"),
        ("position", ds.positions, "citations"),
        ("occupancy", ds.occupancies, "citations"),
        ("case", ds.cases, "citations"),
        ("event", ds.events, "citations"),
        ("recognition", ds.recognitions, "citations"),
        ("sanction recommendation", ds.sanctions, "citations"),
        ("claim", ds.claims, "citations"),
    ):
        for record in records:
            rid = record.id
            for c in getattr(record, attribute):
                yield (kind, rid, c.source_id, c.locator, d)


def _levels(ds: Dataset) -> Iterator[Row]:
    """The field marks (as storage.level_tables.level_rows)."""
    d = ds.info.id
    for attribute, kind in LEVEL_KINDS.items():
        for record in getattr(ds, attribute):
            for fld, level in record.levels:
                yield (d, kind, record.id, fld, level)
            for seq, party in enumerate(getattr(record, "parties", ())):
                if party.sensitivity is not None:
                    yield (d, kind, record.id, f"{PARTY}{seq}", party.sensitivity)


def _search_rows(ds: Dataset) -> Iterator[Row]:
    d = ds.info.id
    for p in ds.people:
        parts = [n.value for n in p.names] + [p.occupation or "", p.summary or ""]
        yield ("person", p.id, d, " ".join(x for x in parts if x))
    for o in ds.organisations:
        yield ("organisation", o.id, d, " ".join([n.value for n in o.names] + [o.summary or ""]))
    for s in ds.sources:
        yield (
            "source",
            s.id,
            d,
            " ".join(x for x in (s.title, s.publisher or "", s.url or "") if x),
        )
    for c in ds.cases:
        text = " ".join(x for x in (c.title, c.case_number or "", c.summary or "") if x)
        yield ("case", c.id, d, text)
    for e in ds.events:
        if e.description:
            yield ("event", e.id, d, e.description)


def span_rows(spans: Mapping[str, Sequence[StatusSpan]]) -> Iterator[Row]:
    for pid, person_spans in spans.items():
        for s in person_spans:
            end = s.end.isoformat() if s.end else None
            yield (pid, s.status, s.start.isoformat(), end, s.event_id, s.basis)
