"""Read the whole record at once, as domain objects, for briefings and dossiers.

Reports recompute status from events themselves (so that records left out for sensitivity are
left out of every figure too), so they read everything in a handful of bulk queries rather than
record by record. Read-only.
"""

from __future__ import annotations

from collections import defaultdict
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
from docket.domain.recognition import Recognition, SanctionRecommendation
from docket.domain.source import Citation
from docket.storage import rows
from docket.storage.level_tables import attach_marks
from docket.storage.tables import (
    ClaimRow,
    DatasetRow,
    OccupancyRow,
    OrganisationRow,
    PositionRow,
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
    for row in _rows(
        conn,
        "SELECT event_id, seq, role, person_id, organisation_id, involvement, position "
        "FROM event_party ORDER BY id",
    ):
        found[row[0]].append((row[1], tuple(row[2:])))
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
    dates = day.seen  # asked directly below: a hundred thousand events, two dates each
    sentences: dict[str, tuple[SentenceComponent, ...]] = {}
    events = ds.events
    for eid, kind, date, end, case, place, text, sentence, status, sens, dataset in _rows(
        conn,
        "SELECT id, kind, date, end_date, case_id, place, description, sentence, status, "
        "sensitivity, dataset FROM event ORDER BY id",
    ):
        when = dates.get(date) or day(date)
        assert when is not None  # the column is required
        components: tuple[SentenceComponent, ...] = ()
        if sentence is not None:
            key = sentence if isinstance(sentence, str) else orjson.dumps(sentence).decode()
            found_sentence = sentences.get(key)
            if found_sentence is None:
                raw = orjson.loads(key) if isinstance(sentence, str) else sentence
                found_sentence = sentences[key] = rows.sentence_from_json(raw)
            components = found_sentence
        # Positional: the fields in Event's order (id, kind, date, parties, citations, end_date,
        # case_id, place, description, sentence, status, sensitivity).
        events.append(
            Event(
                eid,
                kind,
                when,
                parties.get(eid, ()),
                cites.get(("event", eid), ()),
                None if end is None else (dates.get(end) or day(end)),
                case,
                place,
                text,
                components,
                status,
                sens,
            )
        )
        where["event:" + eid] = home.get(dataset)


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
    day = _Dates()
    for rid, pid, kind, org, when, criteria, rationale in _rows(
        conn,
        "SELECT id, person_id, kind, organisation_id, date, criteria, rationale "
        "FROM recognition ORDER BY id",
    ):
        ds.recognitions.append(
            Recognition(
                rid,
                pid,
                kind,
                org,
                day(when) or PartialDate.parse(when),  # the column is required
                cites.get(("recognition", rid), ()),
                tuple(_json(criteria) or ()),
                rationale,
            )
        )
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


def _json(value: Any) -> Any:
    """A JSON column read through the driver's cursor: text on SQLite, decoded on PostgreSQL."""
    return orjson.loads(value) if isinstance(value, (str, bytes)) else value


def _read_people(conn: Connection, ds: Dataset, cites: Any, note: Any) -> None:
    # Plain driver queries, as for events: the ORM's per-row processing cost more than the rest.
    day = _Dates()
    names: dict[str, list[Name]] = defaultdict(list)
    for pid, value, kind, script, lang in _rows(
        conn, "SELECT person_id, value, kind, script, lang FROM person_name ORDER BY person_id, seq"
    ):
        names[pid].append(Name(value, kind, script, lang))
    affiliations: dict[str, list[Affiliation]] = defaultdict(list)
    for pid, org, role, start, end, sources in _rows(
        conn,
        'SELECT person_id, organisation_id, role, start, "end", sources FROM affiliation '
        "ORDER BY id",
    ):
        affiliations[pid].append(
            Affiliation(org, role, day(start), day(end), rows.citations_from_json(_json(sources)))
        )
    relations: dict[str, list[Relation]] = defaultdict(list)
    for pid, other, kind, sources in _rows(
        conn, "SELECT person_id, other_id, kind, sources FROM relation ORDER BY id"
    ):
        relations[pid].append(Relation(kind, other, rows.citations_from_json(_json(sources))))
    for pid, sex, birth, place, occupation, region, summary, sens, dataset in _rows(
        conn,
        "SELECT id, sex, birth_date, birth_place, occupation, region, summary, sensitivity, "
        "dataset FROM person ORDER BY id",
    ):
        ds.people.append(
            Person(
                id=pid,
                names=tuple(names.get(pid, ())),
                sex=sex,
                birth_date=day(birth),
                birth_place=place,
                occupation=occupation,
                region=region,
                summary=summary,
                affiliations=tuple(affiliations.get(pid, ())),
                relations=tuple(relations.get(pid, ())),
                citations=cites.get(("person", pid), ()),
                sensitivity=sens,
            )
        )
        note("person", pid, dataset)


def _read_cases(conn: Connection, ds: Dataset, cites: Any, note: Any) -> None:
    charges: dict[tuple[str, str], list[Charge]] = defaultdict(list)
    order: dict[str, list[str]] = defaultdict(list)
    # Defendants with no recorded charge have a prosecution row but no charge row.
    for pid, case_id in _rows(conn, "SELECT person_id, case_id FROM prosecution ORDER BY id"):
        order[case_id].append(pid)
    for case_id, pid, article, part, wording in _rows(
        conn,
        "SELECT case_id, person_id, article_id, part, wording FROM charge ORDER BY case_id, id",
    ):
        if pid not in order[case_id]:
            order[case_id].append(pid)
        charges[(case_id, pid)].append(Charge(article, part, wording))
    for cid, title, jurisdiction, number, courts, summary, sens, dataset in _rows(
        conn,
        "SELECT id, title, jurisdiction, case_number, court_ids, summary, sensitivity, dataset "
        "FROM legal_case ORDER BY id",
    ):
        ds.cases.append(
            Case(
                id=cid,
                title=title,
                jurisdiction=jurisdiction,
                case_number=number,
                court_ids=tuple(_json(courts) or ()),
                defendants=tuple(
                    Defendant(pid, tuple(charges.get((cid, pid), ()))) for pid in order.get(cid, ())
                ),
                summary=summary,
                citations=cites.get(("case", cid), ()),
                sensitivity=sens,
            )
        )
        note("case", cid, dataset, jurisdiction)
