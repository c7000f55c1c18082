"""The figures for an audience counted from their bases (services.stats_audience) are the
figures of the reference path that asks the store about each record
(services.redacting.stats_for_each_record), whatever levels and marks the records carry.

The record is the fictional dataset with the hidden facts of
tests/security/test_status_redaction.py; each example gives its people, cases and events
random levels, and random marks on names, defendants and the parties of events.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from docket.domain.sensitivity import LEVELS, Audience
from docket.services import redacting, stats, stats_audience
from docket.services.store import Store
from tests.security.test_status_redaction import hidden_facts  # noqa: F401 (a fixture)

DAYS = (date(2019, 1, 1), date(2020, 6, 30), date(2021, 6, 2), date(2021, 10, 26), date(2024, 1, 1))
LEVEL = st.sampled_from(LEVELS)
TABLES = {"person": "person", "case": "legal_case", "event": "event"}


def _figures(result: stats.Stats) -> list[tuple[str, int, list[str], list[str]]]:
    return [(f.key, f.value, f.records, [c.id for c in f.claims]) for f in result.figures]


def _ids(store: Store) -> dict[str, list[str]]:
    with store.read() as conn:
        out = {
            kind: sorted(conn.scalars(text(f"SELECT id FROM {table}")))  # noqa: S608
            for kind, table in TABLES.items()
        }
        out["party"] = sorted(
            f"{e}|{s}" for e, s in conn.execute(text("SELECT event_id, seq FROM event_party"))
        )
    return out


def _relevel(
    store: Store, levels: dict[str, dict[str, str]], marks: list[tuple[str, str, str, str]]
) -> None:
    with store.engine.begin() as conn:
        for kind, chosen in levels.items():
            table = TABLES[kind]
            for rid, level in chosen.items():
                conn.execute(
                    text(f"UPDATE {table} SET sensitivity = :lv WHERE id = :id"),  # noqa: S608
                    {"lv": level, "id": rid},
                )
        conn.execute(text("DELETE FROM field_level WHERE dataset = 'hypothesis'"))
        for kind, rid, fld, level in marks:
            conn.execute(
                text(
                    "INSERT INTO field_level (dataset, record_kind, record_id, field, level) "
                    "VALUES ('hypothesis', :k, :r, :f, :lv)"
                ),
                {"k": kind, "r": rid, "f": fld, "lv": level},
            )


@pytest.mark.parametrize("day", DAYS)
def test_the_figures_agree_with_the_reference_on_the_hidden_facts(
    hidden_facts: Store,  # noqa: F811
    day: date,
) -> None:
    computed = stats.compute_stats(hidden_facts, as_of=day)
    for audience in Audience:
        fast = redacting.stats_for(hidden_facts, computed, audience)
        reference = redacting.stats_for_each_record(hidden_facts, computed, audience)
        assert _figures(fast) == _figures(reference), audience
        assert [c.id for c in fast.claims] == [c.id for c in reference.claims]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_figures_agree_with_the_reference_whatever_the_levels(
    hidden_facts: Store,  # noqa: F811
    data: st.DataObject,
) -> None:
    ids = _ids(hidden_facts)
    levels = {
        kind: data.draw(st.dictionaries(st.sampled_from(ids[kind]), LEVEL, max_size=12))
        for kind in TABLES
    }
    marks: list[tuple[str, str, str, str]] = []
    for rid in data.draw(st.lists(st.sampled_from(ids["person"]), max_size=4, unique=True)):
        marks.append(("person", rid, "names", data.draw(LEVEL)))
    for rid in data.draw(st.lists(st.sampled_from(ids["case"]), max_size=3, unique=True)):
        marks.append(("case", rid, "defendants", data.draw(LEVEL)))
    for party in data.draw(st.lists(st.sampled_from(ids["party"]), max_size=6, unique=True)):
        event_id, seq = party.split("|")
        marks.append(("event", event_id, f"parties.{seq}", data.draw(LEVEL)))
    _relevel(hidden_facts, levels, marks)
    day = data.draw(st.sampled_from(DAYS))
    computed = stats.compute_stats(hidden_facts, as_of=day)
    for audience in Audience:
        fast = stats_audience.stats_for(hidden_facts, computed, audience)
        reference = redacting.stats_for_each_record(hidden_facts, computed, audience)
        assert _figures(fast) == _figures(reference), (audience, day)


def test_figures_not_made_by_compute_stats_are_refused(hidden_facts: Store) -> None:  # noqa: F811
    computed = stats.compute_stats(hidden_facts, as_of=DAYS[2])
    bare = stats.Stats(computed.as_of, computed.since, computed.figures, computed.claims, [])
    with pytest.raises(ValueError, match="bases"):
        stats_audience.stats_for(hidden_facts, bare, Audience.viewer)


def test_the_fixture_record_is_not_empty(hidden_facts: Store) -> None:  # noqa: F811
    # the comparisons above compare something: political prisoners and a hidden one exist
    computed = stats.compute_stats(hidden_facts, as_of=DAYS[2])
    editor = redacting.stats_for(hidden_facts, computed, Audience.editor)
    viewer = redacting.stats_for(hidden_facts, computed, Audience.viewer)
    key = "stock.political_prisoners"
    assert editor.figure(key) is not None and viewer.figure(key) is not None
    assert editor.figure(key).value == viewer.figure(key).value + 1  # type: ignore[union-attr]
