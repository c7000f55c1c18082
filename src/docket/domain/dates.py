"""Dates that keep their precision: 2021, 2021-06, 2021-06-14, and "on or before" (../2021-10-26).

A subset of the Library of Congress Extended Date/Time Format (EDTF). Each partial date covers a
range of days, from `lo` to `hi`. An event counts as having happened on day D once it certainly
had, that is when `hi <= D`: figures stay "at least".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PATTERN = re.compile(r"^(\.\./)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
EARLIEST = date(1, 1, 1)
_LAST_DAY = date.max.toordinal()


class DateError(ValueError):
    """A date that cannot be read; the message says why, for a monitor."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    on_or_before: bool = False

    @classmethod
    def parse(cls, text: str | date | int) -> PartialDate:
        if isinstance(text, date):
            return cls(text.year, text.month, text.day)
        if isinstance(text, int):
            text = str(text)
        raw = str(text).strip()
        match = _PATTERN.match(raw)
        if not match:
            raise DateError(
                f"'{raw}' is not a date; write 2021, 2021-06, 2021-06-14 "
                "or ../2021-06-14 for 'on or before'"
            )
        before, y, m, d = match.groups()
        year = int(y)
        month = int(m) if m else None
        day = int(d) if d else None
        if year < 1800:
            raise DateError(f"'{raw}': year {year} is before 1800")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"'{raw}': there is no month {month}")
        if day is not None and month is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise DateError(f"'{raw}': {calendar.month_name[month]} {year} has {last} days")
        return cls(year, month, day, on_or_before=bool(before))

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def lo(self) -> date:
        """The earliest day this date can mean."""
        if self.on_or_before:
            return EARLIEST
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def hi(self) -> date:
        """The latest day this date can mean."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return date(self.year, month, day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return ("../" + text) if self.on_or_before else text

    def certainly_before(self, other: PartialDate) -> bool:
        return self.hi < other.lo

    def sort_key(self) -> tuple[date, date]:
        return (self.hi, self.lo)


def parse_day(text: str | date) -> date:
    """A full day, as given on the command line (--as-of 2021-10-26)."""
    if isinstance(text, date):
        return text
    parsed = PartialDate.parse(text)
    if parsed.on_or_before:
        raise DateError(f"'{text}': give a day here, not 'on or before'")
    if parsed.precision != "day":
        return parsed.hi
    return parsed.lo


_TERM = re.compile(r"^\s*(?:(\d+)\s*y)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*d)?\s*$")
# No court term is longer; a longer one is a typo, and would overflow the calendar (year 9999).
_LONGEST_YEARS = 200


@dataclass(frozen=True, slots=True)
class Duration:
    years: int = 0
    months: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> Duration:
        match = _TERM.match(text.lower())
        if not match or not any(match.groups()):
            raise DateError(f"'{text}' is not a term; write 5y, 1y6m, 18m or 30d")
        y, m, d = (int(g) if g else 0 for g in match.groups())
        if y * 12 + m > _LONGEST_YEARS * 12 or d > _LONGEST_YEARS * 366:
            raise DateError(f"'{text}' is longer than {_LONGEST_YEARS} years; check the term")
        return cls(y, m, d)

    def add_to(self, start: date) -> date:
        """The day the term ends; the last day of the calendar if it ends beyond year 9999."""
        total = start.year * 12 + (start.month - 1) + self.years * 12 + self.months
        year, month = divmod(total, 12)
        month += 1
        if year > date.max.year:
            return date.max
        day = min(start.day, calendar.monthrange(year, month)[1])
        return date.fromordinal(min(date(year, month, day).toordinal() + self.days, _LAST_DAY))

    def __str__(self) -> str:
        parts = [
            f"{v}{u}" for v, u in ((self.years, "y"), (self.months, "m"), (self.days, "d")) if v
        ]
        return "".join(parts) or "0d"


@dataclass(frozen=True, slots=True)
class Term:
    """A sentence term, exact (5y) or a range the source gives (1y-2y)."""

    shortest: Duration
    longest: Duration

    @classmethod
    def parse(cls, text: str) -> Term:
        if "-" in text:
            a, b = text.split("-", 1)
            return cls(Duration.parse(a), Duration.parse(b))
        one = Duration.parse(text)
        return cls(one, one)

    def __str__(self) -> str:
        if self.shortest == self.longest:
            return str(self.shortest)
        return f"{self.shortest}-{self.longest}"

    def describe(self) -> str:
        def words(d: Duration) -> str:
            parts = []
            for value, unit in ((d.years, "year"), (d.months, "month"), (d.days, "day")):
                if value:
                    parts.append(f"{value} {unit}{'s' if value != 1 else ''}")
            return " ".join(parts)

        if self.shortest == self.longest:
            return words(self.shortest)
        return f"{words(self.shortest)} to {words(self.longest)}"
