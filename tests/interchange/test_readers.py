"""Reading spreadsheets: every format and encoding teams use, and every way a file goes bad.

The files are in corpus/, made by make_corpus.py.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from docket.interchange import csv_table
from docket.interchange.spreadsheet import open_table
from docket.interchange.table_file import TableOptions, UnreadableTable, column_letter
from tests.interchange.conftest import CORPUS

FIRST = ["Айгерим Нурланова", "Aigerim Nurlanova", "ж"]


def read(name: str, **options: object) -> tuple[str, list[str], list[list[object]], list[str]]:
    with open_table(CORPUS / name, TableOptions(**options)) as table:  # type: ignore[arg-type]
        rows = list(table.rows())
        return (
            table.description,
            table.headers,
            [r.values for r in rows],
            [str(p) for r in rows for p in r.problems],
        )


@pytest.mark.parametrize(
    ("name", "description"),
    [
        ("people_utf8.csv", "CSV, UTF-8, comma-separated"),
        ("people_bom_semicolon.csv", "CSV, UTF-8 with BOM, semicolon-separated"),
        ("people_cp1251_tab.csv", "CSV, Windows-1251, tab-separated"),
    ],
)
def test_csv_in_every_encoding_and_separator_reads_the_same(name: str, description: str) -> None:
    found, headers, rows, problems = read(name)
    assert found == description
    assert headers[:3] == ["ФИО", "Латиница", "Пол"]
    assert rows[0][:3] == FIRST and rows[0][5] == "ст. 405 ч. 2 УК РК"
    assert len(rows) == 3 and rows[2][1] is None  # empty cells are None
    assert problems == []


def test_xlsx_streams_real_dates_and_numbers_below_a_title_row() -> None:
    description, headers, rows, problems = read("people.xlsx", header_row=2)
    assert description == "XLSX, sheet 'Список'"
    assert headers[0] == "ФИО" and len(rows) == 2
    assert rows[0][:3] == FIRST
    assert rows[0][3] == datetime(1990, 4, 12) and rows[1][3] == 1985 and rows[1][7] == 44495
    assert problems == []


def test_ods_streams_dates_repeated_cells_and_spaces() -> None:
    description, headers, rows, problems = read("people.ods")
    assert description == "ODS, sheet 'Лист1'"
    assert len(headers) == 8 and len(rows) == 2  # a million repeated empty rows are skipped
    assert rows[0][0] == "Айгерим  Нурланова"  # <text:s/> keeps the double space
    assert rows[0][3] == date(1990, 4, 12)
    assert rows[1][:4] == ["Нурлан Сапаров", None, None, 1985]  # repeated empty cells
    assert problems == []


def test_ods_sheet_by_name_and_a_missing_sheet() -> None:
    _, headers, _, _ = read("people.ods", sheet="Другой")
    assert headers == ["x"]
    with pytest.raises(UnreadableTable) as caught:
        read("people.ods", sheet="Нет такого")
    assert "no sheet 'Нет такого' (sheets: Лист1, Другой)" in caught.value.reason


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("encrypted.xlsx", "protected with a password"),
        ("encrypted.ods", "protected with a password"),
        ("old.xls", "old Excel 97-2003 (.xls)"),
        ("truncated.xlsx", "damaged or incomplete"),
        ("not_a_sheet.xlsx", "not a spreadsheet archive"),
        ("utf16.csv", "UTF-16"),
        ("latin1.csv", "not UTF-8 text (byte 0xE9 on line 2) and does not read as Windows-1251"),
        ("empty.csv", "the file is empty"),
    ],
)
def test_files_that_cannot_be_read_say_why(name: str, reason: str) -> None:
    with pytest.raises(UnreadableTable) as caught:
        read(name)
    assert reason in caught.value.reason
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith(f"Cannot import {name}; nothing was written.")


def test_merged_header_cells_are_refused_with_their_range() -> None:
    with pytest.raises(UnreadableTable) as caught:
        read("merged_header.xlsx")
    assert "merged_header.xlsx, row 1: cells A1:B1 are merged" in str(caught.value)
    with pytest.raises(UnreadableTable) as caught:
        read("merged_header.ods")
    assert "merged_header.ods, row 1, column 'column A': is merged" in str(caught.value)


def test_repeated_column_names_name_both_columns() -> None:
    with pytest.raises(UnreadableTable) as caught:
        read("duplicate_columns.csv")
    assert "columns B and D are both named 'дата'" in str(caught.value)


def test_formulas_are_problems_in_their_cell() -> None:
    _, _, _, problems = read("formulas.xlsx")
    assert problems == [
        "formulas.xlsx, row 4, column 'ФИО': holds a formula (=HYPERLINK(\"http://x.example\")); "
        "Docket imports values only: copy the sheet, paste it as values, and import again"
    ]
    _, _, _, problems = read("formula.ods")
    assert len(problems) == 1 and "row 2, column 'Латиница': holds a formula" in problems[0]


def test_bad_cells_are_located_by_row_and_column() -> None:
    assert read("nul_bytes.csv")[3] == [
        "nul_bytes.csv, row 2, column 'Регион': contains a NUL byte: the file may be damaged"
    ]
    assert read("long_cell.csv")[3] == [
        "long_cell.csv, row 2, column 'Описание': is 20,000 characters long (at most 10,000): "
        "probably text pasted into the wrong cell"
    ]
    assert read("huge_cell.csv")[3] == [
        "huge_cell.csv, row 2, column 'Описание': is 140,000 characters long (at most 10,000): "
        "probably text pasted into the wrong cell"
    ]
    _, headers, rows, problems = read("empty_columns.csv")
    assert headers == ["ФИО", "", "Пол"]  # the empty last column is dropped
    assert problems == [
        "empty_columns.csv, row 3, column 'column B (no name)': has a value under a column "
        "with no name; name the column or clear it"
    ]
    assert len(rows) == 2


def test_an_encoding_change_deep_in_a_file_names_the_row(monkeypatch: pytest.MonkeyPatch) -> None:
    # Detection reads the first megabyte; a file that changes encoding after it fails on the
    # row where it does. A small sample stands in for a large file.
    monkeypatch.setattr(csv_table, "SAMPLE", 64)
    with pytest.raises(UnreadableTable) as caught:
        read("mixed_encoding.csv")
    assert "row 5 is not UTF-8 text (byte 0xC5)" in caught.value.reason


def test_a_quote_that_swallows_the_file_stops_the_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_table, "MAX_FIELD", 100_000)
    with pytest.raises(UnreadableTable) as caught:
        read("huge_cell.csv")
    assert "row 2 cannot be read as CSV: field larger than field limit (100000)" in (
        caught.value.reason
    )


def test_the_header_row_must_exist(tmp_path: Path) -> None:
    with pytest.raises(UnreadableTable) as caught:
        read("header_only.csv", header_row=4)
    assert "row 4 should name the columns" in caught.value.reason
    assert read("header_only.csv")[2] == []


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
