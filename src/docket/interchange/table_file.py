"""Spreadsheets read as a header and a stream of rows: CSV, XLSX and ODS, whatever made them.

`open_table` recognises the format from the file's first bytes (the extension only breaks
ties), refuses what it cannot read faithfully (password protection, a damaged archive, merged
or repeated column names) with one clear message, and then streams rows one at a time so a
million-row file never sits in memory. Problems in single cells (a formula, a NUL byte, an
over-long value, a value under a column with no name) travel with their row: the caller
collects every one of them before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from docket.errors import Problem, ValidationFailed

Cell = str | int | float | bool | date | datetime | None

MAX_CELL = 10_000  # characters; a longer cell is almost always a paste gone wrong
_UNNAMED = "has a value under a column with no name; name the column or clear it"


@dataclass(frozen=True, slots=True)
class CellProblem(Problem):
    """A problem in a spreadsheet, located by file, row and column as a monitor sees them."""

    def where(self) -> str:
        parts = [self.file] if self.file else []
        if self.line:
            parts.append(f"row {self.line}")
        if self.field:
            parts.append(f"column '{self.field}'")
        if self.record:
            parts.append(f"record {self.record}")
        return ", ".join(parts)


class UnreadableTable(ValidationFailed):
    """The file cannot be read as a table at all; nothing was written."""

    def __init__(self, label: str, message: str, *, problems: list[Problem] | None = None) -> None:
        found = problems or [CellProblem(message, file=label)]
        super().__init__(found, summary=f"Cannot import {label}; nothing was written.")
        self.reason = message


@dataclass(slots=True)
class RawRow:
    """One row as the format gives it: its 1-based number, its values, and the cells that a
    reader flags (a formula, an error value), as (column index, message)."""

    number: int
    values: list[Cell]
    flags: list[tuple[int, str]] = field(default_factory=list)


def formula_message(formula: str) -> str:
    return (
        f"holds a formula ({formula[:60]}); Docket imports values only: copy the sheet, "
        "paste it as values, and import again"
    )


class RowSource(Protocol):
    """What each format's reader provides."""

    label: str
    description: str  # "CSV, Windows-1251, ';'-separated" for the report

    def raw_rows(self) -> Iterator[RawRow]: ...

    def close(self) -> None: ...


@dataclass(slots=True)
class TableRow:
    number: int
    values: list[Cell]  # one per header column, None where empty
    problems: list[CellProblem]

    def is_empty(self) -> bool:
        return all(v is None or (isinstance(v, str) and not v.strip()) for v in self.values)


@dataclass(frozen=True, slots=True)
class TableOptions:
    sheet: str | None = None
    header_row: int = 1
    encoding: str | None = None  # CSV only: utf-8, utf-8-sig or cp1251; detected when None
    delimiter: str | None = None  # CSV only; detected when None


class Table:
    """A header and the rows below it. Use as a context manager; iterate `rows()` once."""

    def __init__(self, source: RowSource, options: TableOptions) -> None:
        self.source = source
        self.label = source.label
        self.options = options
        self._rows = source.raw_rows()
        self.headers: list[str] = []
        self.header_number = options.header_row
        self._read_header()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.source.close()

    @property
    def description(self) -> str:
        return self.source.description

    def _read_header(self) -> None:
        wanted = self.options.header_row
        for raw in self._rows:
            if raw.number < wanted:
                continue
            if raw.number > wanted:
                break
            if raw.flags:
                problems: list[Problem] = [
                    CellProblem(message, file=self.label, line=raw.number, field=_header(index))
                    for index, message in raw.flags
                ]
                raise UnreadableTable(
                    self.label, f"the header row ({wanted}) cannot be read", problems=problems
                )
            names = [_text(v) for v in raw.values]
            while names and not names[-1]:
                names.pop()
            if not names:
                break
            self.headers = names
            self.header_number = raw.number
            self._check_header()
            return
        raise UnreadableTable(
            self.label,
            f"row {wanted} should name the columns but is empty or missing "
            "(give the right row with header_row: in the mapping)",
        )

    def _check_header(self) -> None:
        problems: list[Problem] = []
        seen: dict[str, int] = {}
        for index, name in enumerate(self.headers):
            if not name:
                continue
            key = " ".join(name.lower().split())
            if key in seen:
                problems.append(
                    CellProblem(
                        f"columns {column_letter(seen[key])} and {column_letter(index)} are both "
                        f"named '{name}'; give each column its own name",
                        file=self.label,
                        line=self.header_number,
                        field=name,
                    )
                )
            seen.setdefault(key, index)
        if problems:
            raise UnreadableTable(self.label, "repeated column names", problems=problems)

    def column_name(self, index: int) -> str:
        name = self.headers[index] if index < len(self.headers) else ""
        return name or f"column {column_letter(index)} (no name)"

    def rows(self) -> Iterator[TableRow]:
        """Data rows below the header, each with its problems; wholly empty rows are skipped."""
        width = len(self.headers)
        reported_unnamed: set[int] = set()
        for raw in self._rows:
            problems: list[CellProblem] = []
            values = list(raw.values[:width]) + [None] * (width - len(raw.values))
            for index, value in enumerate(raw.values[width:], start=width):
                if _filled(value) and index not in reported_unnamed:
                    reported_unnamed.add(index)
                    problems.append(self._problem(raw.number, index, _UNNAMED))
            for index, message in raw.flags:
                problems.append(self._problem(raw.number, index, message))
            for index, value in enumerate(values):
                if isinstance(value, str):
                    values[index] = value = self._check_text(value, raw.number, index, problems)
                if _filled(value) and not self.headers[index] and index not in reported_unnamed:
                    reported_unnamed.add(index)
                    problems.append(self._problem(raw.number, index, _UNNAMED))
            row = TableRow(raw.number, values, problems)
            if row.is_empty() and not problems:
                continue
            yield row

    def _check_text(
        self, value: str, number: int, index: int, problems: list[CellProblem]
    ) -> str | None:
        if "\x00" in value:
            problems.append(
                self._problem(number, index, "contains a NUL byte: the file may be damaged")
            )
            return None
        if len(value) > MAX_CELL:
            problems.append(
                self._problem(
                    number,
                    index,
                    f"is {len(value):,} characters long (at most {MAX_CELL:,}): "
                    "probably text pasted into the wrong cell",
                )
            )
            return None
        stripped = value.strip()
        return stripped or None

    def _problem(self, number: int, index: int, message: str) -> CellProblem:
        return CellProblem(message, file=self.label, line=number, field=self.column_name(index))


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _header(index: int) -> str:
    return f"column {column_letter(index)}"


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _filled(value: Cell) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())
