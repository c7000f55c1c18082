"""The quick reading of plain events gives what reading them field by field gives.

`read_event` takes a plain record in one pass and hands anything else to `read_event_fully`; for
any record, plain or not, both must give the same event and the same problems.
"""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.domain.source import Origin
from docket.errors import Problem
from docket.interchange import event_records
from docket.interchange.event_records import read_event, read_event_fully
from docket.interchange.plain_fields import NotPlain
from tests.conftest import FICTIONAL

ORIGIN = Origin("events.jsonl", 7)

texts = st.sampled_from(
    ["p1", "src-1", "detained", "2021-06-14", " padded ", "", "   ", "a\x00b", "Алматы", "x" * 3]
)
dates = st.sampled_from(
    ["2021", "2021-06", "2021-06-14", "../2021-06-14", " 2021-06-14 ", "2021-13-01", "1700",
     "2021-02-30", "soon", ""]
)  # fmt: skip
odd = st.one_of(st.none(), st.integers(-3, 2030), st.booleans(), st.just([]), st.just({}))
values = st.one_of(texts, odd)
party = st.one_of(
    st.dictionaries(
        st.sampled_from(["person", "organisation", "role", "involvement", "position", "x"]),
        st.one_of(st.sampled_from(["p1", "org-1", "victim", "perpetrator", "decided"]), odd),
        max_size=4,
    ),
    st.dictionaries(st.just("sensitivity"), st.sampled_from(["restricted", "nope"]), max_size=1),
    texts,
)
component = st.dictionaries(
    st.sampled_from(["kind", "term", "regime", "amount", "start", "note", "x"]),
    st.one_of(st.sampled_from(["imprisonment", "5y", "1y-2y", "30d", "forever", "general"]),
              dates, odd),
    max_size=4,
)  # fmt: skip
citation = st.one_of(
    texts,
    st.fixed_dictionaries({"source": st.one_of(texts, odd)}, optional={"at": values}),
    odd,
)
fields: dict[str, Any] = {
    "id": st.one_of(st.sampled_from(["ev-1", "Ev 1", "", "e" * 130]), odd),
    "kind": values,
    "date": st.one_of(dates, odd),
    "end_date": st.one_of(dates, odd),
    "case": values,
    "place": values,
    "description": values,
    "status": values,
    "sensitivity": values,
    "victims": st.one_of(st.lists(st.one_of(texts, odd), max_size=3), odd),
    "parties": st.one_of(st.lists(party, max_size=3), odd),
    "sentence": st.one_of(st.lists(component, max_size=2), odd),
    "sources": st.one_of(st.lists(citation, max_size=3), odd),
    "levels": st.one_of(st.just({"date": "restricted"}), st.just({"id": "nope"}), odd),
    "nonsense": values,
}
records = st.one_of(
    st.fixed_dictionaries({}, optional=fields),
    st.fixed_dictionaries(
        {"id": st.just("ev-1"), "kind": st.just("detained"), "date": dates},
        optional={k: v for k, v in fields.items() if k not in ("id", "kind", "date")},
    ),
    odd,
    texts,
)


def both(raw: Any) -> tuple[Any, list[Problem], Any, list[Problem]]:
    quick: list[Problem] = []
    full: list[Problem] = []
    return read_event(raw, ORIGIN, quick), quick, read_event_fully(raw, ORIGIN, full), full


@settings(max_examples=200, deadline=None)
@given(records)
def test_any_record_reads_the_same_both_ways(raw: Any) -> None:
    event, problems, expected, expected_problems = both(raw)
    assert event == expected
    assert problems == expected_problems
    assert event.origin == ORIGIN


def test_plain_records_take_the_quick_path() -> None:
    """Every event of the fictional dataset's bulk form is plain; one with a field mark is not."""
    raw = {
        "id": "ev-9",
        "kind": "verdict",
        "date": "2021-10-11",
        "victims": ["p1"],
        "parties": [{"person": "judge-1", "role": "perpetrator", "involvement": "decided"}],
        "sentence": [{"kind": "imprisonment", "term": "7y", "regime": "general"}],
        "sources": ["src-1", {"source": "src-2", "at": 12}],
        "case": " case-1 ",
    }
    event = event_records._plain_event(raw, ORIGIN)
    assert event.case_id == "case-1"
    assert event.citations[1].locator == "12"
    assert str(event.sentence[0].term) == "7y"
    assert event == both(raw)[2]
    marked = {**raw, "levels": {"date": "restricted"}}
    try:
        event_records._plain_event(marked, ORIGIN)
    except NotPlain:
        pass
    else:
        raise AssertionError("a record with field marks must be read field by field")
    assert both(marked)[0].levels == (("date", "restricted"),)


def test_the_fictional_events_read_the_same_both_ways() -> None:
    import yaml

    raws = yaml.safe_load((FICTIONAL / "events.yaml").read_text("utf-8"))
    assert raws
    for raw in raws:
        # as JSON lines give them: dates as text
        raw = orjson.loads(orjson.dumps(raw, default=str))
        event, problems, expected, expected_problems = both(raw)
        assert (event, problems) == (expected, expected_problems)
