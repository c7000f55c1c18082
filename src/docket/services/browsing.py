"""What the web pages read: headline figures, lists with filters, and one record with what it
concerns. Every function takes `visible`, the sensitivities the reader may see: records of other
sensitivities are left out as if they did not exist (a hidden record is NotFound, not Forbidden).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, TypeVar

from docket.domain.claim import Claim
from docket.domain.event import Event
from docket.domain.sensitivity import Audience
from docket.errors import NotFound, Problem, ValidationFailed
from docket.services import page_redaction, redacting
from docket.services import people as people_service
from docket.services.audit import AuditData, history_of, history_of_many
from docket.services.people import PersonRecord
from docket.services.store import Store
from docket.storage import account_queries, people_queries
from docket.storage import browse_queries as bq
from docket.storage.browse_queries import PeopleFilter, PersonLine

PAGE = 50
HEAD = 500  # the first lines of a list read at once (10 pages; at most ~0.3 MB kept)
ATTENTION_KINDS = ("hearing", "trial_started", "verdict", "appeal_decision", "cassation_decision")
T = TypeVar("T")

__all__ = ["PAGE", "PeopleFilter", "PersonLine", "PersonPage", "ResultCache"]


class ResultCache:
    """Results of costly reads (the home page's figures), kept until the data changes: each
    entry is dated by the newest audit entry and dataset load, so a write anywhere (this
    process, another worker, a `docket load`) makes it stale."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: dict[tuple[Any, ...], tuple[str, Any]] = {}
        self._lock = threading.Lock()
        self._flights: dict[tuple[Any, ...], threading.Lock] = {}

    def get(self, store: Store, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        stamp = data_stamp(store)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]  # type: ignore[no-any-return]
            flight = self._flights.setdefault(key, threading.Lock())
        with flight:  # one computation per key at a time; the others wait for its result
            with self._lock:
                hit = self._items.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]  # type: ignore[no-any-return]
            value = compute()
            with self._lock:
                if len(self._items) >= self.size:
                    self._items.pop(next(iter(self._items)))
                self._items[key] = (stamp, value)
                self._flights.pop(key, None)
        return value


def data_stamp(store: Store) -> str:
    with store.read() as conn:
        seq, loads = account_queries.change_stamps(conn)
    return f"{seq}/{loads}"


@dataclass(frozen=True, slots=True)
class Headline:
    key: str
    value: int
    unit: str = "people"


@dataclass(slots=True)
class Home:
    as_of: date
    figures: list[Headline]
    by_status: list[tuple[str, int]]
    claims: list[Claim]
    long_detentions: list[tuple[str, str, str]]
    upcoming: list[tuple[str, str, str, str | None, str | None]]
    names: dict[str, str] = field(default_factory=dict)


def home(
    store: Store, *, as_of: date, visible: frozenset[str], months: int, cache: ResultCache
) -> Home:
    """Headline figures as of a day, claims stated near it, and cases needing attention:
    pre-trial detention over `months` months, hearings and verdicts in the next 60 days."""
    return cache.get(
        store, ("home", as_of, visible, months), lambda: _home(store, as_of, visible, months)
    )


def _home(store: Store, as_of: date, visible: frozenset[str], months: int) -> Home:
    cats = store.vocab.categories
    with store.read() as conn:
        counts = bq.status_counts(conn, as_of, visible)
        political = bq.people_count(
            conn,
            PeopleFilter(
                as_of,
                statuses=cats.deprived_of_liberty,
                recognitions=cats.political_prisoner_recognitions,
            ),
            visible,
        )
        window = timedelta(days=store.settings.claim_window_days)
        claims = people_queries.claims_between(conn, as_of - window, as_of + window)
        cited = sorted({c.source_id for cl in claims for c in cl.citations})
        shown = bq.visible_ids(conn, "source", cited, visible)
        start = as_of - timedelta(days=round(months * 30.44))
        long = bq.long_detentions(conn, as_of, start, visible)
        upcoming = bq.upcoming_events(
            conn, ATTENTION_KINDS, as_of, as_of + timedelta(days=60), visible
        )
        names = people_queries.person_names(conn, sorted({u[3] for u in upcoming if u[3]}))
    figures = [
        Headline("political_prisoners", political),
        Headline(
            "deprived_of_liberty",
            sum(n for s, n in counts.items() if s in cats.deprived_of_liberty),
        ),
        Headline("persecuted", sum(n for s, n in counts.items() if s in cats.persecuted)),
    ]
    ranked = sorted(counts.items(), key=lambda kv: -store.vocab.statuses[kv[0]].rank)
    return Home(
        as_of,
        figures,
        [(s, n) for s, n in ranked if s in cats.deprived_of_liberty | cats.persecuted],
        [cl for cl in claims if any(c.source_id in shown for c in cl.citations)],
        long,
        upcoming,
        names,
    )


@dataclass(frozen=True, slots=True)
class Page:
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


@dataclass(slots=True)
class PeopleList:
    filter: PeopleFilter
    people: list[PersonLine]
    page: Page
    regions: list[str]
    organisations: list[tuple[str, str]]
    articles: list[str]


def list_people(
    store: Store,
    f: PeopleFilter,
    *,
    visible: frozenset[str],
    sort: str = "name",
    descending: bool = False,
    page: int = 1,
    size: int = PAGE,
    cache: ResultCache | None = None,
) -> PeopleList:
    """A page of people matching the filter, with the choices the filter form offers."""
    if sort not in bq.SORTS:
        raise ValidationFailed([Problem(f"cannot sort by '{sort}'", field="sort")])

    def count() -> int:
        with store.read() as conn:
            return bq.people_count(conn, f, visible)

    def lines_from(offset: int, limit: int) -> list[PersonLine]:
        with store.read() as conn:
            return bq.people_page(
                conn, f, visible, sort=sort, descending=descending, offset=offset, limit=limit
            )

    offset = (max(page, 1) - 1) * size
    # The first HEAD lines in order come from one query, kept per filter and order: paging
    # through them, and counting a list no longer than that, costs no further query.
    if cache is None:
        total, lines = count(), lines_from(offset, size)
    else:
        key = ("head", f, visible, sort, descending)
        head = cache.get(store, key, lambda: lines_from(0, HEAD + 1))
        short = len(head) <= HEAD
        total = len(head) if short else cache.get(store, ("count", f, visible), count)
        within = offset + size <= HEAD
        lines = head[offset : offset + size] if within else lines_from(offset, size)
    with store.read() as conn:
        lines = page_redaction.people_lines_in(conn, lines, Audience.reading(visible), day=f.day)

    def choices() -> tuple[list[str], list[tuple[str, str]], list[str]]:
        with store.read() as conn:
            return (
                page_redaction.regions_in(conn, Audience.reading(visible)),
                bq.organisation_choices(conn, visible),
                bq.articles_charged(conn),
            )

    regions, orgs, articles = (
        cache.get(store, ("choices", visible), choices) if cache else choices()
    )
    return PeopleList(f, lines, Page(total, max(page, 1), size), regions, orgs, articles)


@dataclass(slots=True)
class PersonPage:
    record: PersonRecord
    history: list[AuditData]
    acts: list[Event]
    hidden_people: set[str]


def person_page(
    store: Store, person_id: str, *, as_of: date, visible: frozenset[str], with_history: bool
) -> PersonPage:
    """A person's whole record as the reader may see it: events, cases and sources of other
    sensitivities are left out, and people the reader may not see are named only by role."""
    with store.read() as conn:
        if not bq.visible_ids(conn, "person", [person_id], visible):
            raise NotFound(f"No person with id '{person_id}'.")
    record = people_service.get_person_record(store, person_id, as_of=as_of)
    # the events in which the person acted, as stored (before the reader's view leaves any out)
    act_ids = {
        e.id
        for e in record.events
        if any(p.person_id == person_id and p.role == "perpetrator" for p in e.parties)
    }
    record, seen = redacting.person_record_seen(store, record, Audience.reading(visible))
    ok = {  # what the reader may see, read with the record (the kinds' ids are among those read)
        "event": seen["event"] & {e.id for e in record.events},
        "case": seen["case"] & {c.case_id for c in record.cases},
        "person": seen["person"] & set(record.people),
        "organisation": seen["organisation"] & set(record.organisations),
        "source": seen["source"] & set(record.sources),
    }
    ok_events, ok_people, ok_orgs = ok["event"], ok["person"], ok["organisation"]
    record.events = [e for e in record.events if e.id in ok_events]
    record.cases = [c for c in record.cases if c.case_id in ok["case"]]
    hidden = set(record.people) - ok_people
    record.relations = [r for r in record.relations if r.person_id in ok_people]
    record.affiliations = [a for a in record.affiliations if a.organisation_id in ok_orgs]
    record.sources = {k: s for k, s in record.sources.items() if k in ok["source"]}
    if "restricted" not in visible:
        record.sources = {k: replace(s, notes=None) for k, s in record.sources.items()}
    record.people = {k: v for k, v in record.people.items() if k in ok_people}
    record.organisations = {k: v for k, v in record.organisations.items() if k in ok_orgs}
    acts = [e for e in record.events if e.id in act_ids]
    history: list[AuditData] = []
    if with_history:
        history = history_of(store, "person", person_id)
        history += history_of_many(store, "event", [e.id for e in record.events])
        history.sort(key=lambda h: -h.seq)
        with store.read() as conn:
            history = page_redaction.history_in(conn, history, Audience.reading(visible))
    return PersonPage(record, history, acts, hidden)
