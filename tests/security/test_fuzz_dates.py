"""Fuzz the date parsers: partial dates, days, terms and term ranges.

For any text, a parser returns a value or raises DateError (the domain's error for a monitor, which
every reader turns into a Problem naming file, line and field); never anything else. What it
returns must also be usable: its range is ordered, it prints back to text that parses to itself,
and a term can be added to any day a record may hold.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from docket.domain.dates import DateError, Duration, PartialDate, Term, parse_day
from tests.security.fuzzing import FAST, kept, report_counts, tried

__all__ = ["report_counts"]

DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=6)
# Text near the grammar finds more than random text: digits, dashes, slashes, units, spaces,
# other scripts' digits (\d matches them) and stray control characters.
NEARLY = st.text(alphabet="0123456789-./ymdYMD \t\n٠١٢٣٤٥٦٧٨٩０１２\x00", max_size=16)
DATEISH = st.one_of(
    NEARLY,
    st.text(max_size=20),
    st.builds(lambda a, b, c: f"{a}-{b}-{c}", DIGITS, DIGITS, DIGITS),
    st.builds(lambda a, b: f"../{a}-{b}", DIGITS, DIGITS),
)
TERMISH = st.one_of(
    NEARLY,
    st.text(max_size=20),
    st.builds(lambda y, m, d: f"{y}y{m}m{d}d", DIGITS, DIGITS, DIGITS),
    st.builds(lambda a, b: f"{a}y-{b}m", DIGITS, DIGITS),
)

# Crashing inputs found by the term fuzzer, kept so they stay fixed: a term of 100000 months
# (ValueError: year 10333 is out of range, when a sentence's end was derived), and a day's term
# from the last day a record can hold.
TERM_REGRESSIONS = [("100000M", date(2000, 1, 1)), ("1d", date(9999, 12, 31))]
kept("dates.term", len(TERM_REGRESSIONS))


@FAST
@given(DATEISH)
@example("٢٠٢١-٠٦-١٤")  # Arabic-Indic digits match \d
@example("2021-06-14\n")
@example("../0000")
def test_partial_date_parses_or_says_why(text: str) -> None:
    tried("dates.partial")
    try:
        parsed = PartialDate.parse(text)
    except DateError as err:
        assert str(err)
        return
    assert parsed.lo <= parsed.hi
    assert PartialDate.parse(str(parsed)) == parsed
    assert parsed.sort_key()


@FAST
@given(st.one_of(DATEISH, st.integers(min_value=-(10**12), max_value=10**12), st.dates()))
def test_day_parses_or_says_why(value: str | int | date) -> None:
    tried("dates.day")
    try:
        day = parse_day(value) if not isinstance(value, int) else parse_day(str(value))
    except DateError as err:
        assert str(err)
        return
    assert isinstance(day, date)


@FAST
@given(TERMISH, st.dates(min_value=date(1800, 1, 1)))
def test_term_parses_or_says_why(text: str, start: date) -> None:
    tried("dates.term")
    _term_holds(text, start)


def _term_holds(text: str, start: date) -> None:
    try:
        term = Term.parse(text)
    except DateError as err:
        assert str(err)
        return
    assert Term.parse(str(term)) == term
    assert term.describe() is not None
    for one in (term.shortest, term.longest):
        assert one.add_to(start) >= start


def test_kept_term_regressions() -> None:
    for text, start in TERM_REGRESSIONS:
        _term_holds(text, start)


def test_a_term_longer_than_any_sentence_is_refused_with_a_reason() -> None:
    with pytest.raises(DateError, match="longer than 200 years"):
        Duration.parse("100000m")
    assert Duration.parse("200y").add_to(date(9999, 1, 1)) == date.max
