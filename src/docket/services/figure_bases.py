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

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from docket.domain.sensitivity import Audience
from docket.domain.vocabulary import Vocabulary
from docket.storage import level_queries
from docket.storage.level_tables import PARTY, read_marks

if TYPE_CHECKING:
    from docket.services.redacting import AudienceView

KILLED = ("killed",)


class FigureBases:
    """For one audience and day: which people each person-figure may count."""

    def __init__(self, view: AudienceView, people: Iterable[str], day: date, vocab: Vocabulary):
        wanted = set(people)
        conn = view.conn
        death_kinds = [k.id for k in vocab.event_kinds.values() if k.group == "death"]
        status = _of(wanted, level_queries.status_events_on(conn, day))
        deaths = _of(wanted, level_queries.subject_events(conn, death_kinds, day))
        killed = _of(wanted, level_queries.subject_events(conn, KILLED, day))
        seen = events_seen(conn, view.audience, [*status, *deaths, *killed])
        self.in_status = _people(status, seen, every=True)
        self.died = _people(deaths, seen, every=False)
        self.killed = _people(killed, seen, every=False)
        self.prosecuted: set[str] = set()
        self.convicted: set[str] = set()
        for pid, _case, level, convicted in level_queries.prosecution_cases(conn, day):
            if pid in wanted and view.audience.sees(level):
                self.prosecuted.add(pid)
                if convicted:
                    self.convicted.add(pid)

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


def _of(people: set[str], facts: Iterable[level_queries.Fact]) -> list[level_queries.Fact]:
    return [f for f in facts if f[0] in people]


def _people(
    facts: list[level_queries.Fact], seen: Callable[[level_queries.Fact], bool], *, every: bool
) -> set[str]:
    """The people whose facts the audience sees: every one of them, or at least one."""
    verdicts: dict[str, list[bool]] = defaultdict(list)
    for fact in facts:
        verdicts[fact[0]].append(seen(fact))
    return {p for p, vs in verdicts.items() if (all(vs) if every else any(vs))}


def events_seen(
    conn: Connection, audience: Audience, facts: Sequence[level_queries.Fact]
) -> Callable[[level_queries.Fact], bool]:
    """`seen(fact)`: the audience may see the event a fact about a person rests on, and the
    person's place among its parties (a party marked above the audience is not shown)."""
    shown = {e for _, e, level in facts if audience.sees(level)}
    marks = read_marks(conn, "event", sorted(shown))
    marked = sorted(
        e for e in shown if any(f.startswith(PARTY) for f, _ in marks.get(("event", e), ()))
    )
    places = level_queries.party_places(conn, marked) if marked else {}

    def seen(fact: level_queries.Fact) -> bool:
        pid, eid, _ = fact
        if eid not in shown:
            return False
        own = dict(marks.get(("event", eid), ()))
        seqs = places.get((eid, pid), ())
        return all(audience.sees(own.get(f"{PARTY}{q}")) for q in seqs)

    return seen


def status_unseen(conn: Connection, ids: Sequence[str], day: date, audience: Audience) -> set[str]:
    """Of these people, those whose status on the day rests on an event the audience may not
    see (their status is not shown to it)."""
    if audience is Audience.editor or not ids:
        return set()
    facts = level_queries.status_events_on(conn, day, ids)
    return {f[0] for f in facts} - _people(facts, events_seen(conn, audience, facts), every=True)
