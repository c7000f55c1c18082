"""The redaction layer (`docket.domain.redaction`) for what web pages read straight from the
store: events of a page, one record, which fields of a record leave, lines of a list of people,
the choices of its filters, and the records citing a source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Connection

from docket.domain.event import Event
from docket.domain.redaction import redact
from docket.domain.sensitivity import Audience, mark_of
from docket.interchange.field_levels import MARKABLE
from docket.services.figure_bases import status_unseen
from docket.services.redacting import AudienceView
from docket.storage import browse_queries as bq
from docket.storage import level_queries
from docket.storage.account_queries import AuditData
from docket.storage.browse_queries import PersonLine
from docket.storage.level_tables import PARTY, read_marks, with_marks

T = TypeVar("T")
S = TypeVar("S")


def events_in(conn: Connection, events: Sequence[Event], audience: Audience) -> list[Event]:
    """Events as the audience may see them (withheld parties and fields left out)."""
    view = AudienceView(conn, audience)
    return [e for e in map(view.event, events) if e is not None]


def record_in(conn: Connection, kind: str, record: T, audience: Audience) -> T | None:
    """One record read from the store, with its marks, as the audience may see it."""
    marks = read_marks(conn, kind, [getattr(record, "id", "")])
    return redact(with_marks(record, marks.get((kind, getattr(record, "id", "")), ())), audience)


def fields_shown(
    conn: Connection, kind: str, rid: str, names: Sequence[str], audience: Audience
) -> dict[str, bool]:
    """Whether each named field of a stored record leaves for the audience, by its mark."""
    marks = tuple(read_marks(conn, kind, [rid]).get((kind, rid), ()))
    return {n: audience.sees(mark_of(marks, n)) for n in names}


def people_lines_in(
    conn: Connection, lines: list[PersonLine], audience: Audience, *, day: date | None = None
) -> list[PersonLine]:
    """Lines of a list of people with the region and birth date the audience may not see
    blanked, and (given the day) the status of a person whose status on the day rests on an
    event the audience may not see."""
    marks = read_marks(conn, "person", [line.id for line in lines])
    ids = [line.id for line in lines]
    unseen = status_unseen(conn, ids, day, audience) if day is not None else set()
    out = []
    for line in lines:
        own = tuple(marks.get(("person", line.id), ()))
        region_ok = audience.sees(mark_of(own, "region"))
        born_ok = audience.sees(mark_of(own, "birth_date"))
        status_ok = line.id not in unseen
        if region_ok and born_ok and status_ok:
            out.append(line)
        else:
            out.append(
                replace(
                    line,
                    region=line.region if region_ok else None,
                    born=line.born if born_ok else None,
                    status=line.status if status_ok else None,
                    since=line.since if status_ok else None,
                    basis=line.basis if status_ok else None,
                )
            )
    return out


def regions_in(conn: Connection, audience: Audience) -> list[str]:
    """The regions of the people the audience may see, by regions it may see."""
    withheld = {
        rid
        for (kind, rid), marks in read_marks(conn, "person").items()
        if not audience.sees(mark_of(tuple(marks), "region"))
    }
    regions = level_queries.person_regions(conn, audience.sensitivities)
    return sorted({region for pid, region in regions if region and pid not in withheld})


# The field a record's label is read from (browse_queries.titles), for kinds whose records have
# no level of their own and so are not settled by their marks when loaded.
_LABELS = {"claim": "wording", "recognition": "kind"}


def labels_withheld(
    conn: Connection, refs: Sequence[tuple[str, str]], audience: Audience
) -> set[tuple[str, str]]:
    """Of these (kind, id) references, those the audience may not see: their label is withheld,
    or they name an organisation or person it may not see (decisions, claims and sanction
    recommendations have no level of their own)."""
    out: set[tuple[str, str]] = set()
    for kind, fld in _LABELS.items():
        ids = [rid for k, rid in refs if k == kind]
        if not ids:
            continue
        marks = read_marks(conn, kind, ids)
        out |= {(kind, r) for r in ids if not audience.sees(mark_of(tuple(marks[(kind, r)]), fld))}
    for kind in level_queries.NAMING_KINDS:
        ids = [rid for k, rid in refs if k == kind]
        for other, found in level_queries.named_records(conn, kind, ids) if ids else ():
            seen = bq.visible_ids(
                conn, other, sorted({v for v in found.values() if v}), audience.sensitivities
            )
            out |= {(kind, r) for r, v in found.items() if v is not None and v not in seen}
    return out


_STEMS = {
    "person": "people",
    "event": "events",
    "source": "sources",
    "case": "cases",
    "organisation": "organisations",
    "recognition": "recognitions",
    "claim": "claims",
}


def history_in(conn: Connection, entries: list[AuditData], audience: Audience) -> list[AuditData]:
    """Audit entries as the audience may read them: the values of fields marked above it (and
    the marks themselves) are taken out of each record before and after the change."""
    if audience is Audience.editor or not entries:
        return entries
    out = []
    for entry in entries:
        stem = _STEMS.get(entry.record_type)
        if stem is None:
            out.append(entry)
            continue
        marks = tuple(
            read_marks(conn, entry.record_type, [entry.record_id]).get(
                (entry.record_type, entry.record_id), ()
            )
        )
        hidden = {
            key
            for key, attr in MARKABLE[stem].items()
            if not audience.sees(mark_of(marks, attr))
            or (stem == "sources" and key == "notes" and audience is Audience.public)
        }
        parties = {
            int(f.split(".", 1)[1])
            for f, lv in marks
            if f.startswith(PARTY) and not audience.sees(lv)
        }
        out.append(
            replace(
                entry,
                before=_without(entry.before, hidden, parties, audience),
                after=_without(entry.after, hidden, parties, audience),
            )
        )
    return out


def _without(raw: Any, hidden: set[str], parties: set[int], audience: Audience) -> Any:
    if not isinstance(raw, dict):
        return raw
    if "id" not in raw:  # a merge: {"kept": {...}, "merged": {...}}
        return {k: _without(v, hidden, parties, audience) for k, v in raw.items()}
    shown = {k: v for k, v in raw.items() if k not in hidden and k != "levels"}
    if isinstance(shown.get("parties"), list):
        shown["parties"] = [
            p
            for seq, p in enumerate(shown["parties"])
            if seq not in parties
            and not (isinstance(p, dict) and not audience.sees(p.get("sensitivity")))
        ]
    return shown


def lines_in(
    conn: Connection,
    kind: str,
    lines: list[tuple[Any, ...]],
    columns: dict[int, str],
    audience: Audience,
) -> list[tuple[Any, ...]]:
    """Lines of a list (id first) with the columns holding fields marked above the audience
    blanked: `columns` maps a column's position to the field it shows."""
    marks = read_marks(conn, kind, [line[0] for line in lines])
    out = []
    for line in lines:
        own = tuple(marks.get((kind, line[0]), ()))
        hidden = {i for i, fld in columns.items() if not audience.sees(mark_of(own, fld))}
        out.append(tuple(None if i in hidden else v for i, v in enumerate(line)))
    return out


def sources_in(conn: Connection, sources: dict[str, S], audience: Audience) -> dict[str, S]:
    """Sources (by id) as the audience may see them."""
    marks = read_marks(conn, "source", sorted(sources))
    out = {}
    for sid, source in sources.items():
        shown = redact(with_marks(source, marks.get(("source", sid), ())), audience)
        if shown is not None:
            out[sid] = shown
    return out
