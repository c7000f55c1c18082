"""XLSX through openpyxl's read-only mode, which streams rows instead of loading the sheet.

Read-only mode does not report merged cells, so the sheet's XML is scanned for them first: a
merged cell leaves every row but the first empty, and a merged header hides a column's name.
A password-protected workbook is not an XLSX archive at all but an encrypted OLE2 container;
so is an old .xls file. Both are recognised and explained.
"""

from __future__ import annotations

import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from docket.errors import Problem
from docket.interchange.table_file import (
    Cell,
    CellProblem,
    RawRow,
    UnreadableTable,
    formula_message,
)

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
# zipfile also raises NotImplementedError (a compression method or version it lacks) and
# RuntimeError (an encrypted member)
_DAMAGED = (
    zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError, SyntaxError,
    NotImplementedError, RuntimeError,
)  # fmt: skip
_INCOMPLETE = (
    "the file is damaged or incomplete (was it copied or downloaded in full?); "
    "open it in a spreadsheet, save it again, and import again"
)


def describe_ole2(path: Path) -> str:
    """Why an OLE2 (Office 97-2003 container) file cannot be read."""
    with path.open("rb") as handle:
        head = handle.read(8 << 20)
    if "EncryptionInfo".encode("utf-16-le") in head or b"E\x00n\x00c\x00r\x00y" in head:
        return (
            "the workbook is protected with a password; remove the password in the spreadsheet "
            "(save a copy without it) and import the copy"
        )
    return "it is an old Excel 97-2003 (.xls) or other Office file; save it as .xlsx first"


def merged_ranges(path: Path, member: str) -> list[str]:
    """The merged cell ranges of one sheet, read straight from its XML (streamed)."""
    found: dict[bytes, None] = {}
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        tail = b""
        while chunk := stream.read(1 << 20):
            buffer = tail + chunk
            for match in _MERGE.findall(buffer):
                found.setdefault(match, None)
            tail = buffer[-256:]
    return [m.decode() for m in found]


class XlsxSource:
    """Rows of one sheet of an XLSX workbook, values only, with formulas and errors flagged."""

    def __init__(self, path: Path, sheet: str | None) -> None:
        self.label = path.name
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._book: Any = openpyxl.load_workbook(path, read_only=True, data_only=False)
        except (InvalidFileException, KeyError) as err:
            raise UnreadableTable(
                self.label, "it is a ZIP archive but not an Excel workbook"
            ) from err
        except _DAMAGED as err:
            raise UnreadableTable(self.label, _INCOMPLETE) from err
        names: list[str] = list(self._book.sheetnames)
        if not names:
            self.close()
            raise UnreadableTable(self.label, f"it has no sheet; {_INCOMPLETE}")
        if sheet is not None and sheet not in names:
            self.close()
            raise UnreadableTable(
                self.label, f"it has no sheet '{sheet}' (sheets: {', '.join(names)})"
            )
        self._sheet: Any = self._book[sheet or names[0]]
        self.description = f"XLSX, sheet '{self._sheet.title}'"
        member = getattr(self._sheet, "_worksheet_path", None)
        if isinstance(member, str):
            self._refuse_merged(path, member.lstrip("/"))

    def _refuse_merged(self, path: Path, member: str) -> None:
        try:
            ranges = merged_ranges(path, member)
        except _DAMAGED as err:
            self.close()
            raise UnreadableTable(self.label, _INCOMPLETE) from err
        if not ranges:
            return
        problems: list[Problem] = [
            CellProblem(
                f"cells {r} are merged: only the first keeps the value; unmerge them and give "
                "every cell its own value (a merged header hides a column's name)",
                file=self.label,
                line=int(re.sub(r"[A-Z]", "", r.split(":")[0])),
            )
            for r in ranges[:50]
        ]
        self.close()
        raise UnreadableTable(self.label, "it has merged cells", problems=problems)

    def raw_rows(self) -> Iterator[RawRow]:
        number = 0
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for number, cells in enumerate(self._sheet.iter_rows(), start=1):
                    yield _row(number, cells)
        except _DAMAGED as err:
            raise UnreadableTable(self.label, f"after row {number}, {_INCOMPLETE}") from err

    def close(self) -> None:
        book, self._book = getattr(self, "_book", None), None
        if book is not None:
            book.close()


def _row(number: int, cells: Any) -> RawRow:
    values: list[Cell] = []
    flags: list[tuple[int, str]] = []
    for index, cell in enumerate(cells):
        value = cell.value
        kind = getattr(cell, "data_type", None)
        if kind == "f":
            flags.append((index, formula_message(str(getattr(value, "text", value)))))
            value = None
        elif kind == "e":
            flags.append((index, f"holds a spreadsheet error value ({value})"))
            value = None
        elif value is not None and not isinstance(value, (str, int, float, bool)):
            value = value if hasattr(value, "year") else str(value)
        values.append(value)
    return RawRow(number, values, flags)
