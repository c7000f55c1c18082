"""Figures computed from the record, each with its unit, date and the records behind it,
shown beside the figures sources state for a nearby date (claims)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import compress

from docket.domain.claim import Claim
from docket.services.store import Store
from docket.storage import people_queries, stats_queries

# Which stated metric sits beside which computed figure.
CLAIM_FIGURE = {
    "political_prisoners": "stock.political_prisoners",
    "people_prosecuted": "cumulative.people_prosecuted",
    "people_sentenced": "cumulative.people_convicted",
    "people_killed": "cumulative.people_killed",
    "prosecutions_opened": "flow.prosecutions_opened",
}
DEATH_KINDS_KILLED = ("killed",)


@dataclass(slots=True)
class Figure:
    key: str
    label: str
    value: int
    unit: str  # people, prosecutions or events
    group: str  # stock, flow or cumulative
    records: list[str]
    claims: list[Claim] = field(default_factory=list)

    def phrase(self) -> str:
        return f"at least {self.value:,} {self.unit}" if self.value else f"no {self.unit} recorded"


@dataclass(slots=True)
class Bases:
    """What the figures rest on, read with them, for counting them for an audience
    (services.stats_audience): the death events by the day, the prosecutions by the day, and
    the level of each event counted. (The events the statuses rest on are read for an audience
    only: most figures are made for one that sees them all.)"""

    deaths: list[tuple[str, str | None, str]]  # (event, person, event's level) of every death
    killed: list[tuple[str, str | None, str]]
    prosecutions: stats_queries.Prosecutions  # those opened or convicted by the day
    event_levels: dict[str, str]  # the level of each event a figure counts


@dataclass(slots=True)
class Stats:
    as_of: date
    since: date
    figures: list[Figure]
    claims: list[Claim]  # every claim stated for a date near as_of
    notes: list[str]
    bases: Bases | None = field(default=None, repr=False, compare=False)

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)


def _fig(key: str, label: str, records: list[str], unit: str, group: str) -> Figure:
    # sorted, then each once: as sorted(set(records)), but records given in order (the queries
    # give them by person) are sorted in one pass
    unique = list(dict.fromkeys(sorted(records)))
    return Figure(key, label, len(unique), unit, group, unique)


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector paused: figures make hundreds of thousands of tuples and strings
    (none in a cycle), and each many-thousandth one made it walk every object again (a fifth
    of the figures' time at 1M events)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def compute_stats(store: Store, *, as_of: date, since: date | None = None) -> Stats:
    """The figures as of the day, with the records behind each; flows over the year before it
    unless `since` is given."""
    with collection_paused():
        return _compute(store, as_of=as_of, since=since)


def _compute(store: Store, *, as_of: date, since: date | None) -> Stats:
    vocab = store.vocab
    cats = vocab.categories
    since = since or (as_of - timedelta(days=365))
    kinds = vocab.event_kinds
    figures: list[Figure] = []
    notes: list[str] = []
    with store.read() as conn:
        counted = cats.deprived_of_liberty | cats.persecuted
        by_status = stats_queries.people_by_status(conn, as_of, counted)
        deprived = [p for s, ids in by_status.items() if s in cats.deprived_of_liberty for p in ids]
        persecuted = [p for s, ids in by_status.items() if s in cats.persecuted for p in ids]
        political = stats_queries.standing_on(
            conn, as_of, cats.deprived_of_liberty, cats.political_prisoner_recognitions
        )
        figures += [
            _fig(
                "stock.political_prisoners",
                "political prisoners: deprived of liberty and recognised by an organisation",
                political,
                "people",
                "stock",
            ),
            _fig("stock.deprived_of_liberty", "deprived of liberty", deprived, "people", "stock"),
            _fig(
                "stock.persecuted",
                "persecuted, not deprived of liberty",
                persecuted,
                "people",
                "stock",
            ),
        ]
        everyone = {p for ids in by_status.values() for p in ids}
        for status in sorted(by_status, key=lambda s: (-vocab.statuses[s].rank, s)):
            if status not in counted:  # the dead and the released are counted elsewhere
                continue
            figures.append(
                _fig(
                    f"stock.status.{status}",
                    vocab.status_label(status),
                    by_status[status],
                    "people",
                    "stock",
                )
            )
        for article, ids in sorted(stats_queries.articles_of(conn, everyone).items()):
            figures.append(
                _fig(
                    f"stock.article.{article}",
                    _article_label(store, article),
                    ids,
                    "people",
                    "stock",
                )
            )
        for org, ids in sorted(stats_queries.organisations_of(conn, everyone).items()):
            figures.append(
                _fig(
                    f"stock.organisation.{org}",
                    f"affiliated with {org}",
                    ids,
                    "people",
                    "stock",
                )
            )

        prosecutions, opened = stats_queries.prosecutions_until(conn, as_of, since=since)
        figures.append(
            _fig("flow.prosecutions_opened", "prosecutions opened", opened, "prosecutions", "flow")
        )
        event_levels: dict[str, str] = {}
        for key, label, group in (
            ("verdicts", "verdicts", "sentence"),
            ("releases", "releases", "exit"),
            ("deaths", "deaths and killings", "death"),
        ):
            chosen = [
                k.id
                for k in kinds.values()
                if k.group == group
                and (group != "sentence" or k.id in ("verdict", "verdict_in_absentia"))
            ]
            rows = stats_queries.events_between(conn, chosen, since, as_of)
            event_levels.update((e, level) for e, _, level in rows)
            figures.append(_fig(f"flow.{key}", label, [e for e, _, _ in rows], "events", "flow"))

        deaths = stats_queries.events_between(
            conn, [k.id for k in kinds.values() if k.group == "death"], None, as_of
        )
        killed = stats_queries.events_between(conn, DEATH_KINDS_KILLED, None, as_of)
        figures += [
            _fig(
                "cumulative.prosecutions",
                "prosecutions (person and case) ever opened",
                list(compress(prosecutions.keys, prosecutions.opened)),
                "prosecutions",
                "cumulative",
            ),
            _fig(
                "cumulative.people_prosecuted",
                "people ever prosecuted",
                list(compress(prosecutions.people, prosecutions.opened)),
                "people",
                "cumulative",
            ),
            _fig(
                "cumulative.people_convicted",
                "people ever convicted",
                list(compress(prosecutions.people, prosecutions.convicted)),
                "people",
                "cumulative",
            ),
            _fig(
                "cumulative.people_died",
                "people who died or were killed",
                [p for _, p, _ in deaths if p],
                "people",
                "cumulative",
            ),
            _fig(
                "cumulative.people_killed",
                "people killed",
                [p for _, p, _ in killed if p],
                "people",
                "cumulative",
            ),
        ]
        undated = stats_queries.undated_prosecutions(conn)
        if undated:
            notes.append(f"{undated} prosecution(s) have no dated event and are not counted.")
        window = timedelta(days=store.settings.claim_window_days)
        claims = people_queries.claims_between(conn, as_of - window, as_of + window)
    by_key = {f.key: f for f in figures}
    for claim in claims:
        target = by_key.get(CLAIM_FIGURE.get(claim.metric, ""))
        if target is None:
            continue
        if target.group == "flow" and (claim.period_start is None or claim.period_start.lo < since):
            continue  # a flow stated for another period is listed, not set beside this one
        target.claims.append(claim)
    bases = Bases(deaths, killed, prosecutions, event_levels)
    return Stats(as_of, since, figures, claims, notes, bases)


def _article_label(store: Store, key: str) -> str:
    if key.startswith("wording:"):
        return f'charged with "{key.removeprefix("wording:")}" (no article recorded)'
    article = store.vocab.articles.get(key)
    if article is None:
        return key
    return f"charged under {article.cite()} ({article.title.en})"
