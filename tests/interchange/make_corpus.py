"""Rebuild tests/interchange/corpus/: spreadsheets good and bad, all about fictional people.

    .venv/bin/python tests/interchange/make_corpus.py

Every file is made here, so a reviewer can see what each holds. `encrypted.xlsx` needs
msoffcrypto-tool (`pip install msoffcrypto-tool==6.1.0`, not one of Docket's dependencies);
without it the committed copy is kept.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook

CORPUS = Path(__file__).resolve().parent / "corpus"

HEADER = ["ФИО", "Латиница", "Пол", "Дата рождения", "Регион", "Статья", "Статус", "Дата статуса"]
ROWS = [
    ["Айгерим Нурланова", "Aigerim Nurlanova", "ж", "12.04.1990", "Алматы",
     "ст. 405 ч. 2 УК РК", "СИЗО", "04.03.2021"],
    ["Нурлан Сапаров", "Nurlan Saparov", "м", "1985", "Астана", "ст. 174", "в колонии",
     "26.10.2021"],
    ["Гульмира Ахметова", "", "ж", "", "Шымкент", "", "под домашним арестом", "01.10.2021"],
]  # fmt: skip


def csv_text(rows: list[list[str]], sep: str) -> str:
    return "\r\n".join(sep.join(row) for row in rows) + "\r\n"


def write_csvs() -> None:
    table = [HEADER, *ROWS]
    (CORPUS / "people_utf8.csv").write_text(csv_text(table, ","), "utf-8")
    (CORPUS / "people_bom_semicolon.csv").write_bytes(csv_text(table, ";").encode("utf-8-sig"))
    (CORPUS / "people_cp1251_tab.csv").write_bytes(csv_text(table, "\t").encode("cp1251"))
    (CORPUS / "latin1.csv").write_bytes("name,city\r\nRené Müller,Zürich\r\n".encode("latin-1"))
    (CORPUS / "utf16.csv").write_bytes(csv_text(table, ",").encode("utf-16"))
    mixed = csv_text(table, ",").encode("utf-8") + "Ерлан Тохтаров,,м,,,,,\r\n".encode("cp1251")
    (CORPUS / "mixed_encoding.csv").write_bytes(mixed)
    (CORPUS / "nul_bytes.csv").write_text("ФИО,Регион\r\nДана Сарсенова,Алм\x00аты\r\n", "utf-8")
    (CORPUS / "long_cell.csv").write_text(
        "ФИО,Описание\r\nМарат Кайратов," + "а" * 20_000 + "\r\n", "utf-8"
    )
    (CORPUS / "huge_cell.csv").write_text(
        'ФИО,Описание\r\nМарат Кайратов,"' + "б" * 140_000 + '"\r\n', "utf-8"
    )
    (CORPUS / "duplicate_columns.csv").write_text(
        "ФИО,Дата,Статус,дата\r\nДана Сарсенова,2021,СИЗО,2022\r\n", "utf-8"
    )
    (CORPUS / "empty_columns.csv").write_text(
        "ФИО,,Пол,\r\nДана Сарсенова,,ж,\r\nБолат Сарсенов,лишнее,м,\r\n", "utf-8"
    )
    (CORPUS / "dates.csv").write_text(
        "ФИО,Дата рождения\r\n"
        "Первая Датова,14.06.1990\r\n"
        "Вторая Датова,1990-06-14\r\n"
        "Третья Датова,1990-06\r\n"
        "Четвёртая Датова,1990\r\n"
        "Пятая Датова,14 июня 1990\r\n"
        "Шестая Датова,June 1990\r\n"
        "Седьмая Датова,33038\r\n"
        "Восьмая Датова,1990-06-14 г.\r\n",
        "utf-8",
    )
    (CORPUS / "bad_dates.csv").write_text(
        "ФИО,Дата рождения\r\n"
        "Первая Плохова,03/04/1990\r\n"
        "Вторая Плохова,31.02.1990\r\n"
        "Третья Плохова,вчера\r\n"
        "Четвёртая Плохова,14.06.90\r\n",
        "utf-8",
    )
    (CORPUS / "header_only.csv").write_text("ФИО,Пол\r\n", "utf-8")
    (CORPUS / "empty.csv").write_bytes(b"")
    (CORPUS / "not_a_sheet.xlsx").write_text("ФИО,Пол\r\nДана,ж\r\n", "utf-8")


def xlsx(rows: list[list[object]], *, merge: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Список"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_xlsx() -> None:
    rows: list[list[object]] = [
        ["Список политзаключённых (вымышленный)"],
        HEADER,
        ["Айгерим Нурланова", "Aigerim Nurlanova", "ж", date(1990, 4, 12), "Алматы",
         "ст. 405 ч. 2", "СИЗО", datetime(2021, 3, 4)],
        ["Нурлан Сапаров", "Nurlan Saparov", "м", 1985, "Астана", "art. 174", "в колонии",
         44495],
        ["=HYPERLINK(\"http://x.example\")", None, None, None, None, None, None, None],
    ]  # fmt: skip
    good = xlsx(rows[:4])
    (CORPUS / "people.xlsx").write_bytes(good)
    (CORPUS / "formulas.xlsx").write_bytes(xlsx([HEADER, *rows[2:5]]))
    (CORPUS / "merged_header.xlsx").write_bytes(xlsx([HEADER, *rows[2:4]], merge="A1:B1"))
    (CORPUS / "truncated.xlsx").write_bytes(good[: len(good) // 2])
    # An Office 97-2003 container: the magic number, then nothing Docket can use.
    (CORPUS / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    try:
        from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-untyped]
    except ImportError:
        print("msoffcrypto-tool is not installed: keeping corpus/encrypted.xlsx")
        return
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(good)).encrypt("fictional", encrypted)
    (CORPUS / "encrypted.xlsx").write_bytes(encrypted.getvalue())


NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"'
)


def ods_cell(value: object, extra: str = "") -> str:
    if value is None:
        return f"<table:table-cell{extra}/>"
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"'
            f"{extra}><text:p>{value:%d.%m.%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}"{extra}>'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    text = escape(str(value)).replace("  ", ' <text:s text:c="1"/>')
    return (
        f'<table:table-cell office:value-type="string"{extra}><text:p>{text}</text:p>'
        "</table:table-cell>"
    )


def ods(rows: list[str], *, encrypted: bool = False) -> bytes:
    body = "".join(f"<table:table-row>{r}</table:table-row>" for r in rows)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:body>'
        f'<office:spreadsheet><table:table table:name="Лист1">{body}'
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row></table:table>'
        '<table:table table:name="Другой"><table:table-row><table:table-cell '
        'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    entry = '<manifest:encryption-data manifest:checksum-type="SHA1/1K"/>' if encrypted else ""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        f"{entry}</manifest:file-entry></manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def write_ods() -> None:
    header = "".join(ods_cell(h) for h in HEADER)
    first = "".join(
        ods_cell(v)
        for v in ["Айгерим  Нурланова", "Aigerim Nurlanova", "ж", date(1990, 4, 12),
                  "Алматы", "ст. 405 ч. 2", "СИЗО", date(2021, 3, 4)]
    )  # fmt: skip
    second = (
        ods_cell("Нурлан Сапаров")
        + '<table:table-cell table:number-columns-repeated="2"/>'
        + ods_cell(1985)
        + ods_cell("Астана")
        + "<table:table-cell/>"
        + ods_cell("в колонии")
        + ods_cell(date(2021, 10, 26))
    )
    (CORPUS / "people.ods").write_bytes(ods([header, first, second]))
    merged = ods_cell("ФИО", ' table:number-columns-spanned="2"') + "<table:covered-table-cell/>"
    (CORPUS / "merged_header.ods").write_bytes(ods([merged, first]))
    formula = (
        ods_cell("Нурлан Сапаров")
        + '<table:table-cell table:formula="of:=[.A2]&amp;&quot;x&quot;" '
        'office:value-type="string"><text:p>x</text:p></table:table-cell>'
    )
    (CORPUS / "formula.ods").write_bytes(ods([header, formula]))
    (CORPUS / "encrypted.ods").write_bytes(ods([header, first], encrypted=True))


def main() -> None:
    CORPUS.mkdir(exist_ok=True)
    write_csvs()
    write_xlsx()
    write_ods()
    print(f"wrote {len(list(CORPUS.iterdir()))} files to {CORPUS}")


if __name__ == "__main__":
    main()
