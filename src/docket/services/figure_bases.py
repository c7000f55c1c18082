"""Which people a figure may count for an audience: those whose counting rests on facts it may
see (services.redacting.stats_for).

A person is in a status on the day because of the event their status span rests on; they died
because of a death event; they were prosecuted in a case. A figure that counted a visible
person because of a fact the reader may not see (a restricted detention, a hidden case) would
tell that fact: "one more political prisoner" when the list shows none. So each person-figure
counts a person only when a fact behind it is one the reader may see: for a status, every
status span covering the day rests on a visible event naming them as a visible party.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from docket.domain.sensitivity import Audience
from docket.domain.vocabulary import Vocabulary
from docket.storage import browse_queries as bq
from docket.storage import level_queries
from docket.storage.level_tables import PARTY, read_marks

if TYPE_CHECKING:
    from docket.services.redacting import AudienceView

KILLED = ("killed",)


class FigureBases:
    """For one audience and day: which people each person-figure may count."""

    def __init__(self, view: AudienceView, people: Iterable[str], day: date, vocab: Vocabulary):
        ids = sorted(set(people))
        conn = view.conn
        status = level_queries.status_events_on(conn, ids, day)
        death_kinds = [k.id for k in vocab.event_kinds.values() if k.group == "death"]
        deaths = level_queries.subject_events(conn, ids, death_kinds, day)
        killed = level_queries.subject_events(conn, ids, KILLED, day)
        cases = level_queries.prosecution_cases(conn, ids, day)
        behind = {e for found in (status, deaths, killed) for es in found.values() for e in es}
        seen = events_seen(conn, view.audience, behind)
        ok_cases = view.can_see("case", sorted({c for cs in cases.values() for c, _ in cs}))
        self.in_status = {p for p, es in status.items() if all(seen(p, e) for e in es)}
        self.died = {p for p, es in deaths.items() if any(seen(p, e) for e in es)}
        self.killed = {p for p, es in killed.items() if any(seen(p, e) for e in es)}
        self.prosecuted = {p for p, cs in cases.items() if any(c in ok_cases for c, _ in cs)}
        self.convicted = {p for p, cs in cases.items() if any(c in ok_cases and v for c, v in cs)}

    def rule(self, key: str) -> Callable[[str], bool] | None:
        """Whether the figure of this key may count a person (None: not a figure of people
        resting on a fact)."""
        chosen = {
            "cumulative.people_prosecuted": self.prosecuted,
            "cumulative.people_convicted": self.convicted,
            "cumulative.people_died": self.died,
            "cumulative.people_killed": self.killed,
        }.get(key)
        if chosen is None and key.startswith("stock."):
            chosen = self.in_status
        return None if chosen is None else chosen.__contains__


def events_seen(
    conn: Connection, audience: Audience, events: Iterable[str]
) -> Callable[[str, str], bool]:
    """`seen(person, event)`: the audience may see the event, and the person's place among its
    parties (a party marked above the audience is not shown in it)."""
    shown = bq.visible_ids(conn, "event", sorted(set(events)), audience.sensitivities)
    marks = read_marks(conn, "event", sorted(shown))
    places = level_queries.party_places(conn, sorted(shown))

    def seen(pid: str, eid: str) -> bool:
        own = dict(marks.get(("event", eid), ()))
        seqs = places.get((eid, pid), ())
        return eid in shown and all(audience.sees(own.get(f"{PARTY}{q}")) for q in seqs)

    return seen


def status_unseen(conn: Connection, ids: Sequence[str], day: date, audience: Audience) -> set[str]:
    """Of these people, those whose status on the day rests on an event the audience may not
    see (their status is not shown to it)."""
    if audience is Audience.editor or not ids:
        return set()
    behind = level_queries.status_events_on(conn, ids, day)
    seen = events_seen(conn, audience, {e for es in behind.values() for e in es})
    return {pid for pid, es in behind.items() if not all(seen(pid, e) for e in es)}
