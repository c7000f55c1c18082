from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.domain.dates import DateError, Duration, PartialDate, Term, parse_day


@pytest.mark.parametrize(
    ("text", "precision", "lo", "hi"),
    [
        ("2021", "year", date(2021, 1, 1), date(2021, 12, 31)),
        ("2021-06", "month", date(2021, 6, 1), date(2021, 6, 30)),
        ("2020-02", "month", date(2020, 2, 1), date(2020, 2, 29)),
        ("2021-06-14", "day", date(2021, 6, 14), date(2021, 6, 14)),
    ],
)
def test_partial_dates_keep_their_precision(text: str, precision: str, lo: date, hi: date) -> None:
    d = PartialDate.parse(text)
    assert (d.precision, d.lo, d.hi, str(d)) == (precision, lo, hi, text)


def test_on_or_before_spans_everything_up_to_the_day() -> None:
    d = PartialDate.parse("../2021-10-26")
    assert d.on_or_before and d.hi == date(2021, 10, 26) and d.lo.year == 1
    assert str(d) == "../2021-10-26"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2021-13-01", "no month 13"),
        ("2021-02-30", "has 28 days"),
        ("26.10.2021", "is not a date"),
        ("1066", "before 1800"),
        ("", "is not a date"),
    ],
)
def test_impossible_dates_are_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(DateError, match=says):
        PartialDate.parse(text)


def test_a_date_object_and_a_year_number_are_read() -> None:
    assert str(PartialDate.parse(date(2021, 1, 5))) == "2021-01-05"
    assert PartialDate.parse(2020).precision == "year"


def test_parse_day_takes_the_last_day_of_a_month() -> None:
    assert parse_day("2021-02") == date(2021, 2, 28)
    with pytest.raises(DateError):
        parse_day("../2021-02-01")


def test_durations_add_calendar_months_and_clamp_month_ends() -> None:
    assert Duration.parse("1y6m").add_to(date(2021, 8, 31)) == date(2023, 2, 28)
    assert Duration.parse("30d").add_to(date(2021, 1, 15)) == date(2021, 2, 14)
    assert Duration.parse("3y").add_to(date(2020, 2, 29)) == date(2023, 2, 28)
    with pytest.raises(DateError):
        Duration.parse("five years")


def test_terms_keep_the_range_a_source_gives() -> None:
    t = Term.parse("1y-2y")
    assert t.shortest == Duration(1) and t.longest == Duration(2)
    assert t.describe() == "1 year to 2 years"
    assert str(Term.parse("18m")) == "18m"


@given(
    st.dates(min_value=date(1800, 1, 1), max_value=date(2100, 12, 31)), st.sampled_from([1, 2, 3])
)
def test_text_form_round_trips(day: date, parts: int) -> None:
    text = day.isoformat()[: {1: 4, 2: 7, 3: 10}[parts]]
    parsed = PartialDate.parse(text)
    assert str(parsed) == text
    assert parsed.lo <= day <= parsed.hi


@given(st.text(max_size=30))
def test_arbitrary_text_never_crashes_the_parser(text: str) -> None:
    try:
        parsed = PartialDate.parse(text)
    except DateError:
        return
    assert parsed.lo <= parsed.hi
