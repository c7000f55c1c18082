"""Status derivation: the status on any day follows from dated events."""

from __future__ import annotations

from datetime import date

import pytest

from docket.domain.dates import PartialDate, Term
from docket.domain.event import Event, Party, SentenceComponent
from docket.domain.recognition import Recognition
from docket.domain.source import Citation
from docket.domain.status import derive_spans, is_political_prisoner, status_on
from docket.domain.vocabulary import Vocabulary

CITE = (Citation("src"),)


def ev(
    eid: str,
    kind: str,
    when: str,
    *,
    status: str | None = None,
    sentence: tuple[SentenceComponent, ...] = (),
) -> Event:
    return Event(
        eid,
        kind,
        PartialDate.parse(when),
        (Party("victim", person_id="p"),),
        CITE,
        sentence=sentence,
        status=status,
    )


def on(events: list[Event], day: str, vocab: Vocabulary) -> str | None:
    span = status_on(derive_spans(events, vocab), date.fromisoformat(day))
    return span.status if span else None


def prison(term: str) -> tuple[SentenceComponent, ...]:
    return (
        SentenceComponent("imprisonment", Term.parse(term)),
        SentenceComponent("activity_ban", Term.parse("5y")),
    )


def test_a_detention_then_verdict_then_term_end(vocab: Vocabulary) -> None:
    events = [
        ev("a", "detained", "2021-03-02"),
        ev("b", "pre_trial_detention", "2021-03-04"),
        ev("c", "verdict", "2021-09-15", sentence=prison("3y")),
    ]
    assert on(events, "2021-03-01", vocab) is None
    assert on(events, "2021-03-03", vocab) == "detained"
    assert on(events, "2021-06-01", vocab) == "pre_trial_detention"
    assert on(events, "2024-09-14", vocab) == "imprisoned"
    assert on(events, "2024-09-15", vocab) == "term_ended"


def test_events_are_applied_in_date_order_not_file_order(vocab: Vocabulary) -> None:
    events = [ev("r", "released", "2021-05-01"), ev("d", "pre_trial_detention", "2021-01-01")]
    assert on(events, "2021-02-01", vocab) == "pre_trial_detention"
    assert on(events, "2021-05-01", vocab) == "at_liberty"


def test_a_partial_date_takes_effect_on_its_last_possible_day(vocab: Vocabulary) -> None:
    events = [ev("d", "pre_trial_detention", "2021-06")]
    assert on(events, "2021-06-29", vocab) is None
    assert on(events, "2021-06-30", vocab) == "pre_trial_detention"


def test_being_charged_in_another_case_does_not_end_an_imprisonment(vocab: Vocabulary) -> None:
    events = [
        ev("v", "verdict", "2020-01-10", sentence=prison("5y")),
        ev("c", "charged", "2021-01-01"),
    ]
    assert on(events, "2021-06-01", vocab) == "imprisoned"


def test_being_charged_raises_the_status_of_someone_at_liberty(vocab: Vocabulary) -> None:
    events = [ev("s", "summoned", "2021-01-01"), ev("c", "charged", "2021-02-01")]
    assert on(events, "2021-01-15", vocab) == "summoned"
    assert on(events, "2021-02-15", vocab) == "charged"


def test_an_observation_holds_until_a_later_event(vocab: Vocabulary) -> None:
    events = [
        ev("o", "status_reported", "2021-10-26", status="held"),
        ev("r", "released", "2022-01-10"),
    ]
    assert on(events, "2021-10-25", vocab) is None
    assert on(events, "2021-12-01", vocab) == "held"
    assert on(events, "2022-01-10", vocab) == "at_liberty"
    spans = derive_spans(events, vocab)
    assert spans[0].basis == "observation"


def test_nothing_changes_after_a_death(vocab: Vocabulary) -> None:
    events = [ev("k", "killed", "2020"), ev("x", "pre_trial_detention", "2021-01-01")]
    assert on(events, "2022-01-01", vocab) == "dead"


def test_restriction_of_liberty_uses_the_longest_term_given(vocab: Vocabulary) -> None:
    sentence = (SentenceComponent("restriction_of_liberty", Term.parse("1y-2y")),)
    events = [ev("v", "verdict", "2021-10-11", sentence=sentence)]
    assert on(events, "2022-10-12", vocab) == "restricted_liberty"
    assert on(events, "2023-10-11", vocab) == "term_ended"


def test_an_appeal_that_changes_the_sentence_replaces_the_status(vocab: Vocabulary) -> None:
    events = [
        ev(
            "v",
            "verdict",
            "2021-01-10",
            sentence=(SentenceComponent("restriction_of_liberty", Term.parse("3y")),),
        ),
        ev("a", "appeal_decision", "2021-04-01", sentence=prison("7y")),
    ]
    assert on(events, "2021-02-01", vocab) == "restricted_liberty"
    assert on(events, "2021-05-01", vocab) == "imprisoned"
    assert on(events, "2024-05-01", vocab) == "imprisoned"  # the old term's end no longer applies


def test_events_on_the_same_day_leave_the_later_status(vocab: Vocabulary) -> None:
    events = [ev("a", "detained", "2021-03-02"), ev("b", "pre_trial_detention", "2021-03-02")]
    spans = derive_spans(events, vocab)
    assert [s.status for s in spans] == ["pre_trial_detention"]


def rec(kind: str, when: str, org: str = "hrg") -> Recognition:
    return Recognition(f"r-{kind}-{when}", "p", kind, org, PartialDate.parse(when), CITE)


@pytest.mark.parametrize(
    ("recognitions", "day", "expected"),
    [
        ([rec("political_prisoner", "2021-04-01")], "2021-05-01", True),
        ([rec("political_prisoner", "2021-04-01")], "2021-03-15", False),  # not yet recognised
        ([], "2021-05-01", False),  # held but not recognised
        (
            [rec("political_prisoner", "2021-04-01"), rec("not_recognised", "2021-04-20")],
            "2021-05-01",
            False,
        ),  # the same organisation withdrew it
        (
            [
                rec("political_prisoner", "2021-04-01", "a"),
                rec("not_recognised", "2021-04-20", "b"),
            ],
            "2021-05-01",
            True,
        ),  # another organisation disagreeing does not undo it
    ],
)
def test_a_political_prisoner_is_held_and_recognised(
    vocab: Vocabulary, recognitions: list[Recognition], day: str, expected: bool
) -> None:
    spans = derive_spans([ev("d", "pre_trial_detention", "2021-03-04")], vocab)
    assert is_political_prisoner(spans, recognitions, date.fromisoformat(day), vocab) is expected


def test_someone_recognised_but_at_liberty_is_not_counted_as_a_prisoner(vocab: Vocabulary) -> None:
    spans = derive_spans(
        [ev("d", "pre_trial_detention", "2021-03-04"), ev("r", "released", "2021-04-10")], vocab
    )
    recs = [rec("political_prisoner", "2021-03-10")]
    assert is_political_prisoner(spans, recs, date(2021, 4, 1), vocab)
    assert not is_political_prisoner(spans, recs, date(2021, 4, 11), vocab)


def test_same_day_events_follow_procedural_order_not_file_order(vocab: Vocabulary) -> None:
    restriction = (SentenceComponent("restriction_of_liberty", Term.parse("3y")),)
    events = [
        ev("appeal", "appeal_decision", "../2021-11-01", sentence=prison("7y")),
        ev("first", "verdict", "../2021-11-01", sentence=restriction),
    ]
    assert on(events, "2021-11-02", vocab) == "imprisoned"
    assert on(list(reversed(events)), "2021-11-02", vocab) == "imprisoned"
