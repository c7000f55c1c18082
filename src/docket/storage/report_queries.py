"""Read the whole record at once, as domain objects, for briefings and dossiers.

Reports recompute status from events themselves (so that records left out for sensitivity are
left out of every figure too), so they read everything in a handful of bulk queries rather than
record by record. Read-only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Connection, select

from docket.domain.case import Case, Charge, Defendant
from docket.domain.dataset import Dataset, DatasetInfo
from docket.domain.dates import PartialDate
from docket.domain.event import Event, Party, SentenceComponent
from docket.domain.organisation import Occupancy, Organisation, Position
from docket.domain.person import Affiliation, Name, Person, Relation
from docket.domain.recognition import SanctionRecommendation
from docket.domain.source import Citation
from docket.storage import rows
from docket.storage.level_tables import attach_marks
from docket.storage.tables import (
    AffiliationRow,
    CaseRow,
    ChargeRow,
    ClaimRow,
    DatasetRow,
    OccupancyRow,
    OrganisationRow,
    PersonRow,
    PositionRow,
    ProsecutionRow,
    RecognitionRow,
    RelationRow,
    SanctionRow,
    SourceRow,
)


@dataclass(slots=True)
class Snapshot:
    """Every record in the store, and the jurisdiction each belongs to ("kind:id" keys)."""

    records: Dataset
    jurisdictions: dict[str, str | None] = field(default_factory=dict)
    datasets: list[DatasetInfo] = field(default_factory=list)


def _rows(conn: Connection, sql: str) -> list[Any]:
    """Every row of a plain query, straight from the driver's cursor: a large record has
    hundreds of thousands of rows, and SQLAlchemy's row objects cost more than the query."""
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _citations(conn: Connection) -> dict[tuple[str, str], tuple[Citation, ...]]:
    """Each record's citations. Equal lists are one tuple of shared Citation objects: the
    objects are frozen, so sharing changes no value, and redaction (which remembers by identity
    what it redacted) then does the work once per list. Keys are plain tuples: cheap to hash."""
    found: dict[tuple[str, str], list[tuple[str, str | None]]] = defaultdict(list)
    for kind, rid, sid, locator in _rows(
        conn, "SELECT record_type, record_id, source_id, locator FROM citation ORDER BY id"
    ):
        found[(kind, rid)].append((sid, locator))
    one: dict[tuple[str, str | None], Citation] = {}
    lists: dict[tuple[tuple[str, str | None], ...], tuple[Citation, ...]] = {}
    out = {}
    for key, pairs in found.items():
        plain = tuple(pairs)
        shared = lists.get(plain)
        if shared is None:
            shared = lists[plain] = tuple(
                one.get(pair) or one.setdefault(pair, Citation(*pair)) for pair in plain
            )
        out[key] = shared
    return out


def _grouped(result: Iterable[Any], key: str) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for row in result:
        out[getattr(row, key)].append(row)
    return out


class _Dates:
    """PartialDate.parse, remembered: a large record repeats the same few thousand dates."""

    def __init__(self) -> None:
        self.seen: dict[str, PartialDate] = {}

    def __call__(self, text: str | None) -> PartialDate | None:
        if not text:
            return None
        found = self.seen.get(text)
        if found is None:
            found = self.seen[text] = PartialDate.parse(text)
        return found


def _first(pair: tuple[int, Any]) -> int:
    return pair[0]


def _read_events(
    conn: Connection,
    ds: Dataset,
    cites: Any,
    where: dict[str, str | None],
    home: Any,
) -> None:
    # Plain driver queries: a large record has hundreds of thousands of these rows, and the
    # ORM's per-row processing (JSON decoding of every sentence) doubles the time.
    # Equal lists of parties are one tuple of shared Party objects, as citations are.
    found: dict[str, list[tuple[int, tuple[Any, ...]]]] = defaultdict(list)
    for eid, seq, *party in _rows(
        conn,
        "SELECT event_id, seq, role, person_id, organisation_id, involvement, position "
        "FROM event_party ORDER BY id",
    ):
        found[eid].append((seq, tuple(party)))
    one: dict[tuple[Any, ...], Party] = {}
    lists: dict[tuple[tuple[Any, ...], ...], tuple[Party, ...]] = {}
    parties = {}
    for eid, numbered in found.items():
        plain = tuple(
            p for _, p in (sorted(numbered, key=_first) if len(numbered) > 1 else numbered)
        )
        shared = lists.get(plain)
        if shared is None:
            shared = lists[plain] = tuple(one.get(p) or one.setdefault(p, Party(*p)) for p in plain)
        parties[eid] = shared
    day = _Dates()
    sentences: dict[str, tuple[SentenceComponent, ...]] = {}
    for (
        eid,
        kind,
        date,
        end,
        case,
        place,
        text,
        sentence,
        status,
        sens,
        dataset,
    ) in _rows(
        conn,
        "SELECT id, kind, date, end_date, case_id, place, description, sentence, status, "
        "sensitivity, dataset FROM event ORDER BY id",
    ):
        when = day(date)
        assert when is not None  # the column is required
        components: tuple[SentenceComponent, ...] = ()
        if sentence is not None:
            key = sentence if isinstance(sentence, str) else orjson.dumps(sentence).decode()
            if key not in sentences:
                raw = orjson.loads(key) if isinstance(sentence, str) else sentence
                sentences[key] = rows.sentence_from_json(raw)
            components = sentences[key]
        ds.events.append(
            Event(
                id=eid,
                kind=kind,
                date=when,
                parties=parties.get(eid, ()),
                citations=cites.get(("event", eid), ()),
                end_date=day(end),
                case_id=case,
                place=place,
                description=text,
                sentence=components,
                status=status,
                sensitivity=sens,
            )
        )
        where[f"event:{eid}"] = home.get(dataset)


def read_snapshot(conn: Connection) -> Snapshot:
    """The whole record; reports filter it by sensitivity and jurisdiction themselves."""
    cites = _citations(conn)
    datasets = {d.id: d for d in conn.execute(select(DatasetRow))}
    home: dict[str, str | None] = {d: row.jurisdiction for d, row in datasets.items()}
    where: dict[str, str | None] = {}
    ds = Dataset(DatasetInfo("store", "Docket store"))

    def note(kind: str, rid: str, dataset: str, own: str | None = None) -> None:
        where[f"{kind}:{rid}"] = own or home.get(dataset)

    for s in conn.execute(select(SourceRow).order_by(SourceRow.id)):
        ds.sources.append(rows.source_from_row(s, cites.get(("source", s.id), ())))
        note("source", s.id, s.dataset)
    for o in conn.execute(select(OrganisationRow).order_by(OrganisationRow.id)):
        ds.organisations.append(
            Organisation(
                id=o.id,
                names=rows.names_from_json(o.names),
                kind=o.kind,
                jurisdiction=o.jurisdiction,
                parent_id=o.parent_id,
                summary=o.summary,
                citations=cites.get(("organisation", o.id), ()),
                sensitivity=o.sensitivity,
            )
        )
        note("organisation", o.id, o.dataset, o.jurisdiction)
    _read_people(conn, ds, cites, note)
    for pos in conn.execute(select(PositionRow).order_by(PositionRow.id)):
        ds.positions.append(
            Position(pos.id, pos.title, pos.organisation_id, cites.get(("position", pos.id), ()))
        )
    for occ in conn.execute(select(OccupancyRow).order_by(OccupancyRow.id)):
        ds.occupancies.append(
            Occupancy(
                occ.id,
                occ.person_id,
                occ.position_id,
                rows.pdate(occ.start),
                rows.pdate(occ.end),
                rows.pdate(occ.observed),
                cites.get(("occupancy", occ.id), ()),
            )
        )
    _read_cases(conn, ds, cites, note)
    _read_events(conn, ds, cites, where, home)
    for r in conn.execute(select(RecognitionRow).order_by(RecognitionRow.id)):
        ds.recognitions.append(rows.recognition_from_row(r, cites.get(("recognition", r.id), ())))
    for sr in conn.execute(select(SanctionRow).order_by(SanctionRow.id)):
        date = rows.pdate(sr.date)
        assert date is not None  # the column is required
        ds.sanctions.append(
            SanctionRecommendation(
                sr.id,
                sr.person_id,
                sr.organisation_id,
                date,
                cites.get(("sanction recommendation", sr.id), ()),
                tuple(sr.regimes or ()),
                sr.grounds,
            )
        )
    for c in conn.execute(select(ClaimRow).order_by(ClaimRow.id)):
        ds.claims.append(rows.claim_from_row(c, cites.get(("claim", c.id), ())))
        note("claim", c.id, c.dataset, c.jurisdiction)
    infos = [
        DatasetInfo(d.id, d.title, d.description, d.jurisdiction)
        for d in sorted(datasets.values(), key=lambda d: d.id)
    ]
    attach_marks(conn, ds)
    return Snapshot(ds, where, infos)


def _read_people(conn: Connection, ds: Dataset, cites: Any, note: Any) -> None:
    names: dict[str, list[Name]] = defaultdict(list)
    for pid, value, kind, script, lang in _rows(
        conn, "SELECT person_id, value, kind, script, lang FROM person_name ORDER BY person_id, seq"
    ):
        names[pid].append(Name(value, kind, script, lang))
    affiliations = _grouped(
        conn.execute(select(AffiliationRow).order_by(AffiliationRow.id)), "person_id"
    )
    relations = _grouped(conn.execute(select(RelationRow).order_by(RelationRow.id)), "person_id")
    for p in conn.execute(select(PersonRow).order_by(PersonRow.id)).all():
        ds.people.append(
            Person(
                id=p.id,
                names=tuple(names[p.id]),
                sex=p.sex,
                birth_date=rows.pdate(p.birth_date),
                birth_place=p.birth_place,
                occupation=p.occupation,
                region=p.region,
                summary=p.summary,
                affiliations=tuple(
                    Affiliation(
                        a.organisation_id,
                        a.role,
                        rows.pdate(a.start),
                        rows.pdate(a.end),
                        rows.citations_from_json(a.sources),
                    )
                    for a in affiliations.get(p.id, ())
                ),
                relations=tuple(
                    Relation(r.kind, r.other_id, rows.citations_from_json(r.sources))
                    for r in relations.get(p.id, ())
                ),
                citations=cites.get(("person", p.id), ()),
                sensitivity=p.sensitivity,
            )
        )
        note("person", p.id, p.dataset)


def _read_cases(conn: Connection, ds: Dataset, cites: Any, note: Any) -> None:
    charges: dict[tuple[str, str], list[Charge]] = defaultdict(list)
    order: dict[str, list[str]] = defaultdict(list)
    # Defendants with no recorded charge have a prosecution row but no charge row.
    for pid, case_id in conn.execute(
        select(ProsecutionRow.person_id, ProsecutionRow.case_id).order_by(ProsecutionRow.id)
    ):
        order[case_id].append(pid)
    for c in conn.execute(select(ChargeRow).order_by(ChargeRow.case_id, ChargeRow.id)):
        if c.person_id not in order[c.case_id]:
            order[c.case_id].append(c.person_id)
        charges[(c.case_id, c.person_id)].append(Charge(c.article_id, c.part, c.wording))
    for case in conn.execute(select(CaseRow).order_by(CaseRow.id)):
        ds.cases.append(
            Case(
                id=case.id,
                title=case.title,
                jurisdiction=case.jurisdiction,
                case_number=case.case_number,
                court_ids=tuple(case.court_ids or ()),
                defendants=tuple(
                    Defendant(pid, tuple(charges.get((case.id, pid), ())))
                    for pid in order.get(case.id, ())
                ),
                summary=case.summary,
                citations=cites.get(("case", case.id), ()),
                sensitivity=case.sensitivity,
            )
        )
        note("case", case.id, case.dataset, case.jurisdiction)
