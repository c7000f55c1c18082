"""The many-people rule for recognitions (used by figures and lists) agrees with the one-person
rule (used by a person's page and the briefing) on any set of decisions and any day."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from docket.domain.dates import PartialDate
from docket.domain.recognition import Recognition
from docket.domain.source import Citation
from docket.domain.status import Decision, recognitions_on, standing_kinds

WHEN = st.sampled_from(
    ["2019", "2020", "2020-06", "2020-06-14", "2020-12-31", "2021", "../2021-03-01", "2021-03-01"]
)
DECISION = st.tuples(
    st.sampled_from(["p1", "p2", "p3"]),
    st.sampled_from(["org-a", "org-b"]),
    st.sampled_from(["political_prisoner", "politically_persecuted", "withdrawn"]),
    WHEN,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(DECISION, max_size=12), st.dates(date(2018, 1, 1), date(2022, 12, 31)))
def test_standing_kinds_agrees_with_recognitions_on(
    raw: list[tuple[str, str, str, str]], day: date
) -> None:
    recs = [
        Recognition(f"r{i}", pid, kind, org, PartialDate.parse(when), (Citation("src"),))
        for i, (pid, org, kind, when) in enumerate(raw)
    ]
    decisions = [Decision(r.person_id, r.organisation_id, r.kind, r.date, r.id) for r in recs]
    expected = {}
    for pid in {r.person_id for r in recs}:
        kinds = {r.kind for r in recognitions_on([r for r in recs if r.person_id == pid], day)}
        if kinds:
            expected[pid] = kinds
    assert standing_kinds(decisions, day) == expected


def test_a_later_decision_of_the_same_organisation_replaces_the_earlier() -> None:
    first = Decision("p1", "org-a", "political_prisoner", PartialDate.parse("2020-01-10"), "r1")
    later = Decision("p1", "org-a", "withdrawn", PartialDate.parse("2021-05"), "r2")
    assert standing_kinds([later, first], date(2020, 6, 1)) == {"p1": {"political_prisoner"}}
    assert standing_kinds([later, first], date(2021, 6, 1)) == {"p1": {"withdrawn"}}
