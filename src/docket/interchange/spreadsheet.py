"""Open a spreadsheet file of any format Docket reads: the format comes from the bytes."""

from __future__ import annotations

from pathlib import Path

from docket.interchange.csv_table import CsvSource
from docket.interchange.ods_table import OdsSource, is_ods
from docket.interchange.table_file import RowSource, Table, TableOptions, UnreadableTable
from docket.interchange.xlsx_table import XlsxSource, describe_ole2

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"


def sniff_format(path: Path) -> str:
    """'xlsx', 'ods' or 'csv'; UnreadableTable for what Docket cannot read, saying why."""
    label = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as err:
        raise UnreadableTable(label, f"the file cannot be opened ({err.strerror})") from err
    if head.startswith(OLE2_MAGIC):
        raise UnreadableTable(label, describe_ole2(path))
    if head.startswith(ZIP_MAGIC):
        return "ods" if is_ods(path) else "xlsx"
    if path.suffix.lower() in (".xlsx", ".xlsm", ".ods"):
        raise UnreadableTable(
            label,
            f"the name says {path.suffix} but the file is not a spreadsheet archive "
            "(it may be damaged, or saved in another format)",
        )
    if not head:
        raise UnreadableTable(label, "the file is empty")
    return "csv"


def open_table(path: Path, options: TableOptions | None = None) -> Table:
    """Open a CSV, XLSX or ODS file at its header row; UnreadableTable when it cannot be read."""
    options = options or TableOptions()
    kind = sniff_format(path)
    source: RowSource
    if kind == "xlsx":
        source = XlsxSource(path, options.sheet)
    elif kind == "ods":
        source = OdsSource(path, options.sheet)
    else:
        source = CsvSource(path, encoding=options.encoding, delimiter=options.delimiter)
    try:
        return Table(source, options)
    except BaseException:
        source.close()
        raise
