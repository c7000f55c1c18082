"""ODS (LibreOffice, OpenOffice) read by streaming the sheet's XML, a row at a time.

An ODS file is a ZIP archive whose content.xml holds every sheet. It is parsed incrementally
(each row is dropped once read), so memory stays flat however long the sheet. Repeated rows and
columns are expanded only when they hold values; merged cells and formulas are flagged; a
password-protected file (its manifest lists encryption data) is refused with the reason.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO
from xml.etree import ElementTree as ET

from docket.interchange.table_file import Cell, RawRow, UnreadableTable, formula_message

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_T_TABLE = f"{{{TABLE}}}table"
_T_ROW = f"{{{TABLE}}}table-row"
_T_CELL = f"{{{TABLE}}}table-cell"
_T_COVERED = f"{{{TABLE}}}covered-table-cell"
_REPEAT_ROWS = f"{{{TABLE}}}number-rows-repeated"
_REPEAT_COLS = f"{{{TABLE}}}number-columns-repeated"
_SPAN_COLS = f"{{{TABLE}}}number-columns-spanned"
_SPAN_ROWS = f"{{{TABLE}}}number-rows-spanned"
_FORMULA = f"{{{TABLE}}}formula"
_NAME = f"{{{TABLE}}}name"
_TYPE = f"{{{OFFICE}}}value-type"
# zipfile also raises NotImplementedError (a compression method or version it lacks),
# RuntimeError (an encrypted member) and ValueError/UnicodeDecodeError (a garbled name)
_DAMAGED = (
    zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ET.ParseError, ValueError,
    NotImplementedError, RuntimeError,
)  # fmt: skip
_INCOMPLETE = (
    "the file is damaged or incomplete (was it copied or downloaded in full?); "
    "open it in a spreadsheet, save it again, and import again"
)
MAX_REPEAT = 100_000  # a non-empty row repeated more often than this is a damaged file


def is_ods(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype").strip() == MIMETYPE
    except _DAMAGED:
        return path.suffix.lower() == ".ods"


class OdsSource:
    """Rows of one sheet of an ODS file (the first, or the one named)."""

    def __init__(self, path: Path, sheet: str | None) -> None:
        self.label = path.name
        self.sheet = sheet
        self.description = "ODS"
        self._stream: IO[bytes] | None = None
        try:
            self._archive = zipfile.ZipFile(path)
            manifest = self._archive.read("META-INF/manifest.xml")
        except _DAMAGED as err:
            raise UnreadableTable(self.label, _INCOMPLETE) from err
        if b"encryption-data" in manifest:
            self.close()
            raise UnreadableTable(
                self.label,
                "the file is protected with a password; save a copy without the password "
                "and import the copy",
            )

    def raw_rows(self) -> Iterator[RawRow]:
        seen: list[str] = []
        number = 0
        try:
            self._stream = self._archive.open("content.xml")
            parents: list[ET.Element] = []
            active = False
            done = False
            for event, elem in ET.iterparse(self._stream, events=("start", "end")):
                if event == "start":
                    if elem.tag == _T_TABLE:
                        name = elem.get(_NAME, "")
                        seen.append(name)
                        active = not done and (self.sheet is None or name == self.sheet)
                        if active:
                            self.description = f"ODS, sheet '{name}'"
                    parents.append(elem)
                    continue
                parents.pop()
                if elem.tag == _T_TABLE and active:
                    active, done = False, True
                if elem.tag != _T_ROW:
                    continue
                if active:
                    values, flags = _cells(elem)
                    repeat = int(elem.get(_REPEAT_ROWS, "1"))
                    if any(v is not None for v in values) or flags:
                        if repeat > MAX_REPEAT:
                            raise UnreadableTable(
                                self.label, f"row {number + 1} is repeated {repeat:,} times"
                            )
                        for _ in range(repeat):
                            number += 1
                            yield RawRow(number, list(values), list(flags))
                    else:
                        number += repeat
                if parents:
                    parents[-1].remove(elem)
        except _DAMAGED as err:
            raise UnreadableTable(self.label, f"after row {number}, {_INCOMPLETE}") from err
        if self.sheet is not None and self.sheet not in seen:
            raise UnreadableTable(
                self.label, f"it has no sheet '{self.sheet}' (sheets: {', '.join(seen)})"
            )

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        self._archive.close()


def _cells(row: ET.Element) -> tuple[list[Cell], list[tuple[int, str]]]:
    values: list[Cell] = []
    flags: list[tuple[int, str]] = []
    pending = 0  # empty cells not yet written: trailing ones never are
    for cell in row:
        if cell.tag not in (_T_CELL, _T_COVERED):
            continue
        repeat = int(cell.get(_REPEAT_COLS, "1"))
        value = _value(cell) if cell.tag == _T_CELL else None
        formula = cell.get(_FORMULA)
        span = max(int(cell.get(_SPAN_COLS, "1")), int(cell.get(_SPAN_ROWS, "1")))
        if value is None and formula is None and span == 1:
            pending += repeat
            continue
        values.extend([None] * pending)
        pending = 0
        for _ in range(min(repeat, MAX_REPEAT)):
            index = len(values)
            if formula is not None:
                flags.append((index, formula_message(formula.removeprefix("of:"))))
                values.append(None)
            else:
                values.append(value)
            if span > 1:
                flags.append(
                    (
                        index,
                        "is merged with the cells next to or below it: only the first keeps "
                        "the value; unmerge them and give every cell its own value",
                    )
                )
    return values, flags


def _value(cell: ET.Element) -> Cell:
    kind = cell.get(_TYPE)
    if kind in ("float", "percentage", "currency"):
        number = float(cell.get(f"{{{OFFICE}}}value", "0"))
        return int(number) if number.is_integer() else number
    if kind == "date":
        raw = cell.get(f"{{{OFFICE}}}date-value", "")
        try:
            parsed = datetime.fromisoformat(raw)
        except ValueError:
            return raw or None
        return parsed.date() if "T" not in raw else parsed
    if kind == "boolean":
        return cell.get(f"{{{OFFICE}}}boolean-value") == "true"
    if kind == "string" and cell.get(f"{{{OFFICE}}}string-value") is not None:
        return cell.get(f"{{{OFFICE}}}string-value")
    text = "\n".join(_text(p) for p in cell if p.tag == f"{{{TEXT}}}p")
    return text or None


def _text(elem: ET.Element) -> str:
    parts = [elem.text or ""]
    for child in elem:
        if child.tag == f"{{{TEXT}}}s":
            parts.append(" " * int(child.get(f"{{{TEXT}}}c", "1")))
        elif child.tag == f"{{{TEXT}}}tab":
            parts.append("\t")
        elif child.tag == f"{{{TEXT}}}line-break":
            parts.append("\n")
        else:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
