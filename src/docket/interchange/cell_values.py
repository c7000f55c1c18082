"""Spreadsheet cells to Docket values: dates in the forms teams type them, and legal articles.

Dates arrive as real dates (XLSX, ODS), as Excel serial numbers (a date column that lost its
format: 44378 is 2021-07-01), or as text in several forms. Text is read only by the formats a
mapping allows (default: ISO, 14.06.2021, 06.2021, "14 июня 2021", "June 2021"); a slashed
date is refused unless the mapping says which of day and month comes first, since 03/04/2021
is March in one country and April in another.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from docket.domain.case import Charge
from docket.domain.dates import DateError, PartialDate
from docket.domain.vocabulary import Vocabulary
from docket.interchange.table_file import Cell

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel counts a 29 Feb 1900)
MONTHS = {
    **{
        m: i
        for i, names in enumerate(
            (
                "январь января янв",
                "февраль февраля фев",
                "март марта мар",
                "апрель апреля апр",
                "май мая",
                "июнь июня июн",
                "июль июля июл",
                "август августа авг",
                "сентябрь сентября сен сент",
                "октябрь октября окт",
                "ноябрь ноября ноя",
                "декабрь декабря дек",
            ),
            start=1,
        )
        for m in names.split()
    },
    **{
        m: i
        for i, names in enumerate(
            (
                "january jan",
                "february feb",
                "march mar",
                "april apr",
                "may",
                "june jun",
                "july jul",
                "august aug",
                "september sep sept",
                "october oct",
                "november nov",
                "december dec",
            ),
            start=1,
        )
        for m in names.split()
    },
}
_TOKENS = (
    ("YYYY", r"(?P<y>\d{4})"),
    ("YY", r"(?P<yy>\d{2})"),
    ("month", r"(?P<mon>[^\W\d_]+)\.?"),
    ("MM", r"(?P<m>\d{1,2})"),
    ("M", r"(?P<m>\d{1,2})"),
    ("DD", r"(?P<d>\d{1,2})"),
    ("D", r"(?P<d>\d{1,2})"),
)


_YEAR_WORD = re.compile(r"\s*(?:г\.?|года)$")


@cache
def _format_pattern(fmt: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(fmt):
        for token, pattern in _TOKENS:
            if fmt.startswith(token, i):
                out += pattern
                i += len(token)
                break
        else:
            out += r"\s*" if fmt[i] == " " else re.escape(fmt[i])
            i += 1
    return re.compile(rf"^{out}$", re.IGNORECASE)


def excel_serial(number: float) -> PartialDate:
    if not 1 <= number < 2958466:
        raise DateError(f"{number} is not a date")
    day = EXCEL_EPOCH + timedelta(days=int(number))
    return PartialDate(day.year, day.month, day.day)


def cell_date(value: Cell, formats: Sequence[str]) -> PartialDate:
    """A partial date from a cell; DateError with a monitor-readable reason when it is none."""
    if isinstance(value, datetime):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, date):
        return PartialDate.parse(value)
    if isinstance(value, bool):
        raise DateError(f"'{value}' is not a date")
    if isinstance(value, (int, float)):
        if float(value).is_integer() and 1800 <= value <= 2200:
            return PartialDate(int(value))
        return excel_serial(float(value))
    text = _YEAR_WORD.sub("", " ".join(str(value).split()))
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return excel_serial(float(text))
    for fmt in formats:
        match = _format_pattern(fmt).match(text)
        if match:
            return _from_match(match, text)
    if "/" in text:
        raise DateError(
            f"'{text}': is that day/month or month/day? Write 14.06.2021 or 2021-06-14, or add "
            "DD/MM/YYYY (or MM/DD/YYYY) to date_formats in the mapping"
        )
    raise DateError(
        f"'{text}' is not a date in a known form ({', '.join(formats)}); add its form to "
        "date_formats in the mapping"
    )


def _from_match(match: re.Match[str], text: str) -> PartialDate:
    parts = match.groupdict()
    if parts.get("y"):
        year = int(parts["y"])
    elif parts.get("yy"):
        short = int(parts["yy"])
        year = 2000 + short if short <= date.today().year % 100 else 1900 + short
    else:
        raise DateError(f"'{text}' has no year")
    month: int | None = None
    if parts.get("m"):
        month = int(parts["m"])
    elif parts.get("mon"):
        month = MONTHS.get(parts["mon"].lower().rstrip("."))
        if month is None:
            raise DateError(f"'{text}': '{parts['mon']}' is not a month")
    day = int(parts["d"]) if parts.get("d") else None
    iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    if day is not None and month is None:
        raise DateError(f"'{text}' has a day but no month")
    try:
        return PartialDate.parse(iso)
    except DateError as err:
        raise DateError(str(err).replace(f"'{iso}'", f"'{text}'")) from None


# --- legal articles -------------------------------------------------------------------------

_SPLIT = re.compile(r"\s*(?:[;,\n+]|\s и\s|\s and\s)\s*", re.IGNORECASE)
_PART = re.compile(
    r"(?:\bч(?:асть|асти)?\.?\s*(\d+)|\bpart\s*(\d+)|\bpara\.?\s*(\d+)|\bp\.\s*(\d+)|\((\d+)\))",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<!\d)(\d{1,4})(?!\d)")
_CODE_WORDS = (
    (re.compile(r"коап|к[оo]ап|административ|administrative|\bcao\b|\bcoao\b", re.I), "kz-coao"),
    (re.compile(r"\bук\b|уголовн|criminal|\bcc\b", re.I), "kz-cc"),
)


@dataclass(frozen=True, slots=True)
class ArticleReading:
    charge: Charge
    note: str | None = None  # why the text was kept only as wording


def read_articles(text: str, default_code: str, vocab: Vocabulary) -> list[ArticleReading]:
    """Charges from a cell such as 'ст. 174, ст. 405 ч. 2 УК РК' or 'art. 405(2)'.

    Each charge keeps the cell's own words as its wording. An article that is not in the
    vocabulary, or a part it does not have, is kept as wording only, with a note saying so.
    """
    code = default_code
    for pattern, found in _CODE_WORDS:
        if pattern.search(text):
            code = found
            break
    readings: list[ArticleReading] = []
    for segment in (s.strip() for s in _SPLIT.split(text)):
        if not segment:
            continue
        part_match = _PART.search(segment)
        part = next((g for g in part_match.groups() if g), None) if part_match else None
        rest = _PART.sub(" ", segment)
        number = _NUMBER.search(rest)
        if number is None:
            readings.append(
                ArticleReading(Charge(wording=segment), f"'{segment}' names no article number")
            )
            continue
        article_id = f"{code}-{int(number.group(1))}"
        article = vocab.articles.get(article_id)
        if article is None:
            readings.append(
                ArticleReading(
                    Charge(wording=segment),
                    f"article {number.group(1)} ({code}) is not in Docket's vocabulary of "
                    "legal articles; kept as the wording",
                )
            )
        elif part and article.parts and part not in article.parts:
            readings.append(
                ArticleReading(
                    Charge(article_id=article_id, wording=segment),
                    f"{article.cite()} has no part {part}; kept the article without a part",
                )
            )
        else:
            readings.append(
                ArticleReading(Charge(article_id=article_id, part=part, wording=segment))
            )
    return readings
