"""The figures the store counts and groups (services.stats, storage.stats_queries) are those
derived in Python from every row of the tables read plainly, with the domain's rules
(domain.status.standing_kinds for recognitions, PartialDate for their dates), on the fictional
dataset with recognitions whose dates tie or overlap, on each store and at several days.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from docket.domain.dates import PartialDate
from docket.domain.status import Decision, standing_kinds
from docket.services import stats
from docket.services.loading import load_dataset
from docket.services.store import Store
from tests.conftest import FIXTURES

DAYS = (
    date(2019, 1, 1),
    date(2020, 6, 30),
    date(2021, 4, 15),
    date(2021, 10, 26),
    date(2024, 1, 1),
)

# Later decisions of the organisation that recognised these people, put in order only by their
# dates' ranges, then their ids: a year and its last day (the day is later: it starts later),
# "on or before" a day and that day (the day is later), the same month twice (the greater id).
TRICKY = """
- {id: rec-an-year, person: aigerim-nurlanova, kind: not_recognised, by: free-voices, date: 2021, sources: [src-report]}
- {id: rec-an-day, person: aigerim-nurlanova, kind: political_prisoner, by: free-voices, date: 2021-12-31, sources: [src-report]}
- {id: rec-mk-before, person: marat-kairatov, kind: political_prisoner, by: free-voices, date: ../2022-06-01, sources: [src-report]}
- {id: rec-mk-day, person: marat-kairatov, kind: not_recognised, by: free-voices, date: 2022-06-01, sources: [src-report]}
- {id: rec-ds-a, person: dana-sarsenova, kind: not_recognised, by: free-voices, date: 2022-03, sources: [src-report]}
- {id: rec-ds-b, person: dana-sarsenova, kind: prisoner_of_conscience, by: free-voices, date: 2022-03, sources: [src-report]}
"""  # noqa: E501


@pytest.fixture
def tricky(store: Store, tmp_path: Path) -> Store:
    folder = tmp_path / "fictional"
    shutil.copytree(FIXTURES / "fictional", folder)
    with (folder / "recognitions.yaml").open("a", encoding="utf-8") as f:
        f.write(TRICKY)
    load_dataset(store, folder)
    return store


def _derived(store: Store, day: date, since: date) -> dict[str, list[str]]:
    """The records of the figures by status, article, organisation and prosecution, from the
    tables' rows read plainly and Python's own grouping."""
    cats = store.vocab.categories
    d, start = day.isoformat(), since.isoformat()
    with store.read() as conn:
        spans = conn.execute(text('SELECT person_id, status, start, "end" FROM status_span'))
        status = {p: s for p, s, lo, hi in spans if lo <= d and (hi is None or hi > d)}
        recognitions = list(
            conn.execute(text("SELECT person_id, organisation_id, kind, date, id FROM recognition"))
        )
        charges = list(conn.execute(text("SELECT article_id, wording, person_id FROM charge")))
        members = list(
            conn.execute(
                text(
                    "SELECT o.name, a.person_id FROM affiliation AS a "
                    "JOIN organisation AS o ON o.id = a.organisation_id"
                )
            )
        )
        prosecutions = list(
            conn.execute(text("SELECT person_id, case_id, opened, convicted FROM prosecution"))
        )
    out: dict[str, set[str]] = defaultdict(set)
    counted = cats.deprived_of_liberty | cats.persecuted
    for pid, s in status.items():
        if s in counted:
            out[f"stock.status.{s}"].add(pid)
            group = "deprived_of_liberty" if s in cats.deprived_of_liberty else "persecuted"
            out[f"stock.{group}"].add(pid)
    decisions = [Decision(p, o, k, PartialDate.parse(w), i) for p, o, k, w, i in recognitions]
    standing = standing_kinds(decisions, day)
    for pid in out["stock.deprived_of_liberty"]:
        if standing.get(pid, set()) & cats.political_prisoner_recognitions:
            out["stock.political_prisoners"].add(pid)
    everyone = {p for p, s in status.items() if s in counted}
    for article, wording, pid in charges:
        if pid in everyone:
            out[f"stock.article.{article or 'wording:' + (wording or '?').lower()}"].add(pid)
    for name, pid in members:
        if pid in everyone:
            out[f"stock.organisation.{name}"].add(pid)
    for pid, case, opened, convicted in prosecutions:
        if opened is not None and opened <= d:
            out["cumulative.prosecutions"].add(f"{pid}/{case}")
            out["cumulative.people_prosecuted"].add(pid)
            if opened >= start:
                out["flow.prosecutions_opened"].add(f"{pid}/{case}")
        if convicted is not None and convicted <= d:
            out["cumulative.people_convicted"].add(pid)
    return {key: sorted(ids) for key, ids in out.items() if ids}


@pytest.mark.parametrize("day", DAYS)
def test_the_figures_grouped_by_the_store_are_those_derived_in_python(
    tricky: Store, day: date
) -> None:
    since = day - timedelta(days=365)
    derived = _derived(tricky, day, since)
    computed = stats.compute_stats(tricky, as_of=day, since=since)
    grouped = {
        f.key: f.records
        for f in computed.figures
        if f.key.startswith("stock.") or "prosecut" in f.key or "convicted" in f.key
    }
    assert {k: v for k, v in grouped.items() if v} == derived
    assert all(f.value == len(f.records) for f in computed.figures)


def test_the_latest_decision_is_found_by_its_dates_range_then_its_id(tricky: Store) -> None:
    # all three are held on the day; Marat's standing decision is "not recognised" (a day is
    # later than "on or before" it), Aigerim's and Dana's recognise them (the last day of 2021
    # is later than 2021; rec-ds-b is the greater id)
    computed = stats.compute_stats(tricky, as_of=date(2024, 1, 1))
    held = computed.figure("stock.deprived_of_liberty")
    political = computed.figure("stock.political_prisoners")
    assert held is not None and political is not None
    assert held.records == ["aigerim-nurlanova", "dana-sarsenova", "marat-kairatov"]
    assert political.records == ["aigerim-nurlanova", "dana-sarsenova"]
