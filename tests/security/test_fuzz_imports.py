"""Fuzz the importers: spreadsheets (CSV, XLSX, ODS) with the corpus mapping, mapping files,
FollowTheMoney JSON lines, OONI measurements, and Google and Lumen takedown files.

For any file: a report, or a DocketError (ValidationFailed naming the file and, where there is
one, the row and the field); never another exception. A refused import, and any dry run, leaves
the store exactly as it was.
"""

from __future__ import annotations

import csv
import io
import random
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from bench.ooni_import import measurements
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from docket.domain.dataset import DatasetInfo
from docket.domain.vocabulary import load_vocabulary
from docket.errors import DocketError, ValidationFailed
from docket.interchange.dataset_files import read_dataset
from docket.interchange.ftm_export import iter_lines, to_ftm
from docket.interchange.ftm_import import read_ftm
from docket.interchange.mapping import parse_mapping
from docket.interchange.ooni import read_measurement
from docket.interchange.table_file import UnreadableTable
from docket.interchange.takedowns import read_google, read_lumen
from docket.services import ftm_importing, importing, ooni, takedowns
from docket.services.store import Store, open_store
from tests.conftest import FICTIONAL
from tests.digital.conftest import FIXTURES as DIGITAL
from tests.interchange.conftest import CORPUS, MAPPING
from tests.security.fuzzing import MEDIUM, SLOW, kept, report_counts, store_snapshot, tried

__all__ = ["report_counts"]

VOCAB = load_vocabulary()
HEADERS = ["ФИО", "Латиница", "Пол", "Дата рождения", "Регион", "Статья", "Статус", "Дата статуса"]
cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "Айгерим Нурланова",
            "ж",
            "м",
            "12.04.1990",
            "1985",
            "31.02.2021",
            "2021-13-01",
            "ст. 405 ч. 2 УК РК",
            "ст. 999",
            "СИЗО",
            "в колонии",
            '=HYPERLINK("x")',
            "@SUM(A1)",
            "\x00",
            "\r\n",
            '"',
            "45000",
            "-1",
            "1e308",
        ]
    ),
    st.integers(min_value=-(10**18), max_value=10**18).map(str),
)
tables = st.lists(st.lists(cells, min_size=0, max_size=10), min_size=0, max_size=6)


def assert_refusal(err: DocketError) -> None:
    assert err.message
    if isinstance(err, ValidationFailed):
        assert err.problems and all(p.message for p in err.problems)
        assert all(p.file or p.record or p.line for p in err.problems), err.message


def _run_import(store: Store, path: Path, dry_run: bool) -> None:
    mapping = importing.read_mapping(store, MAPPING)
    before = store_snapshot(store.engine)
    try:
        report = importing.import_table(
            store, path, mapping, mapping_label="mapping.yaml", dry_run=dry_run
        )
    except DocketError as err:
        assert_refusal(err)
        assert store_snapshot(store.engine) == before, "a refused import changed the store"
        return
    if dry_run:
        assert store_snapshot(store.engine) == before, "a dry run changed the store"
    assert report.file == path.name


def _write_csv(
    path: Path, header: list[str], rows: list[list[str]], encoding: str, sep: str
) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=sep)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))


@SLOW
@given(
    st.permutations(HEADERS).flatmap(lambda h: st.integers(0, len(h)).map(lambda n: h[:n])),
    tables,
    st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16", "latin-1"]),
    st.sampled_from([",", ";", "\t"]),
    st.booleans(),
)
def test_any_csv_imports_or_is_refused(
    store: Store, header: list[str], rows: list[list[str]], encoding: str, sep: str, dry: bool
) -> None:
    tried("imports.csv")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.csv"
        _write_csv(path, header, rows, encoding, sep)
        _run_import(store, path, dry)


xlsx_cells = st.one_of(
    cells,
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=date(1900, 3, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1)),
    st.booleans(),
    st.none(),
)


@SLOW
@given(st.lists(st.lists(xlsx_cells, max_size=9), max_size=5), st.booleans())
def test_any_xlsx_imports_or_is_refused(store: Store, rows: list[list[Any]], dry: bool) -> None:
    tried("imports.xlsx")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    try:
        for row in rows:
            sheet.append(row)
    except IllegalCharacterError:  # openpyxl cannot write control characters: no such file
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.xlsx"
        book.save(path)
        _run_import(store, path, dry)


def _damaged(original: bytes, seed: int, cut: int, flips: int) -> bytes:
    data = bytearray(original[: max(1, len(original) - cut)])
    rng = random.Random(seed)
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


@SLOW
@given(
    st.sampled_from(["people.xlsx", "people.ods", "people_utf8.csv", "people_cp1251_tab.csv"]),
    st.integers(0, 2**32),
    st.integers(0, 400),
    st.integers(0, 8),
)
@example("people.ods", 1, 0, 3)
def test_a_damaged_spreadsheet_imports_or_is_refused(
    store: Store, name: str, seed: int, cut: int, flips: int
) -> None:
    tried("imports.damaged")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(_damaged((CORPUS / name).read_bytes(), seed, cut, flips))
        _run_import(store, path, dry_run=seed % 2 == 0)


MAPPING_TEXT = MAPPING.read_text("utf-8")


@MEDIUM
@given(
    st.one_of(
        st.text(max_size=200),
        st.builds(
            lambda line, extra: MAPPING_TEXT.replace(line, extra, 1),
            st.sampled_from(MAPPING_TEXT.splitlines()),
            st.text(max_size=40),
        ),
    )
)
@example("columns: [a, b]")
@example("columns:\n  ФИО: [name]\n")
@example("header_row: -1\ncolumns: {ФИО: name}")
def test_any_mapping_parses_or_is_refused(text: str) -> None:
    tried("imports.mapping")
    try:
        mapping = parse_mapping(text, "mapping.yaml", VOCAB)
    except DocketError as err:
        assert_refusal(err)
        return
    assert isinstance(mapping.fields(), set)


# --- FollowTheMoney -------------------------------------------------------------------------

FTM_LINES = [orjson.loads(line) for line in iter_lines(to_ftm(read_dataset(FICTIONAL), VOCAB))]
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=20),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def mutated_documents(draw: st.DrawFn, documents: list[Any]) -> list[bytes]:
    """The documents as JSON lines with one value anywhere in one of them replaced, or a line
    replaced by any bytes."""
    docs = orjson.loads(orjson.dumps(documents))
    index = draw(st.integers(0, len(docs) - 1))
    if draw(st.integers(0, 5)) == 0:
        lines = [orjson.dumps(d) for d in docs]
        lines[index] = draw(st.binary(max_size=60))
        return lines
    node = docs[index]
    while isinstance(node, (dict, list)) and node and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        if not isinstance(node[key], (dict, list)) or not node[key]:
            node[key] = draw(json_values)
            break
        node = node[key]
    else:
        if isinstance(node, dict):
            node[draw(st.text(max_size=10) | st.sampled_from(sorted(node) or ["id"]))] = draw(
                json_values
            )
        elif isinstance(node, list):
            node.append(draw(json_values))
    return [orjson.dumps(d) for d in docs]


@SLOW
@given(mutated_documents(FTM_LINES))
@example([b'{"id": "x", "schema": "Person", "properties": null}'])
@example([b'{"id": "x", "schema": ["Person"], "properties": {}}'])
@example([b'{"id": "x", "schema": "Person", "properties": {"name": "Aigerim"}}'])
def test_any_ftm_lines_read_or_are_refused(lines: list[bytes]) -> None:
    tried("imports.ftm")
    info = DatasetInfo(id="ftm-fuzz", title="fuzz")
    try:
        reading = read_ftm(lines, label="fuzz.ftm.json", info=info, vocab=VOCAB)
    except DocketError as err:
        assert_refusal(err)
        return
    assert reading is not None


@SLOW
@given(mutated_documents(FTM_LINES), st.booleans())
def test_any_ftm_file_imports_or_is_refused(store: Store, lines: list[bytes], dry: bool) -> None:
    tried("imports.ftm-store")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.ftm.json"
        path.write_bytes(b"\n".join(lines))
        before = store_snapshot(store.engine)
        try:
            ftm_importing.import_ftm(store, path, dry_run=dry)
        except DocketError as err:
            assert_refusal(err)
            assert store_snapshot(store.engine) == before
            return
        if dry:
            assert store_snapshot(store.engine) == before


# --- OONI and takedowns ---------------------------------------------------------------------

OONI = list(measurements(6, seed=11, days=3))


@MEDIUM
@given(mutated_documents(OONI))
def test_any_ooni_line_is_read_or_is_a_problem(lines: list[bytes]) -> None:
    tried("imports.ooni")
    for number, line in enumerate(lines, start=1):
        item = read_measurement(line, file="fuzz.jsonl", number=number)
        assert item is not None


@SLOW
@given(mutated_documents(OONI))
def test_any_ooni_file_imports_or_is_refused(store: Store, lines: list[bytes]) -> None:
    tried("imports.ooni-store")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.jsonl"
        path.write_bytes(b"\n".join(lines))
        before = store_snapshot(store.engine)
        try:
            ooni.import_measurements(store, [path], workers=0)
        except DocketError as err:
            assert_refusal(err)
            assert store_snapshot(store.engine) == before


GOOGLE = (DIGITAL / "google-government-removal-requests.csv").read_text("utf-8").splitlines()
LUMEN = orjson.loads((DIGITAL / "lumen-notices.json").read_bytes())


@MEDIUM
@given(
    st.integers(1, len(GOOGLE) - 1),
    st.integers(0, 11),
    st.one_of(cells, st.sampled_from(["<10", "50%", "101%", "-3", "1.5", "2020-02-30", ""])),
)
def test_any_google_file_reads_or_is_refused(row: int, column: int, value: str) -> None:
    tried("imports.google")
    table = list(csv.reader(GOOGLE))
    if column < len(table[row]):
        table[row][column] = value
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "google-government-removal-requests.csv"
        buffer = io.StringIO(newline="")
        csv.writer(buffer).writerows(table)
        path.write_text(buffer.getvalue(), "utf-8")
        try:
            read_google(path)
        except DocketError as err:
            assert_refusal(err)


@MEDIUM
@given(mutated_documents(LUMEN if isinstance(LUMEN, list) else [LUMEN]))
def test_any_lumen_file_reads_or_is_refused(lines: list[bytes]) -> None:
    tried("imports.lumen")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lumen.json"
        path.write_bytes(b"\n".join(lines))
        try:
            read_lumen(path)
        except DocketError as err:
            assert_refusal(err)


@SLOW
@given(mutated_documents(LUMEN if isinstance(LUMEN, list) else [LUMEN]))
def test_a_refused_takedown_import_writes_nothing(store: Store, lines: list[bytes]) -> None:
    tried("imports.takedowns-store")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lumen.json"
        path.write_bytes(b"\n".join(lines))
        before = store_snapshot(store.engine)
        try:
            takedowns.import_takedowns(store, [path])
        except DocketError as err:
            assert_refusal(err)
            assert store_snapshot(store.engine) == before


kept("imports.ftm", 3)


def _archive_damage(original: bytes, field: str) -> bytes:
    """Every member of a ZIP archive given a version, flag or method zipfile cannot read (what
    the damaged-upload fuzzer of test_fuzz_web_forms found by flipping bytes)."""
    data = bytearray(original)
    entry = data.find(b"PK\x01\x02")  # the central directory, which zipfile trusts
    while entry >= 0:
        if field == "version":
            data[entry + 6] = 99  # "zip file version 9.9"
        elif field == "method":
            data[entry + 10] = 77  # "That compression method is not supported"
        elif field == "encrypted":
            data[entry + 8] |= 0x01  # "File ... is encrypted, password required"
        elif field == "patched":
            data[entry + 8] |= 0x20  # "compressed patched data (flag bit 5)"
        entry = data.find(b"PK\x01\x02", entry + 4)
    return bytes(data)


ARCHIVE_REGRESSIONS = [
    (name, field)
    for name in ("people.ods", "people.xlsx")
    for field in ("version", "method", "encrypted", "patched")
]
kept("imports.damaged", len(ARCHIVE_REGRESSIONS))


@pytest.mark.parametrize(("name", "field"), ARCHIVE_REGRESSIONS)
def test_kept_damaged_archive_regressions(
    sqlite_settings: Any, tmp_path: Path, name: str, field: str
) -> None:
    store = open_store(sqlite_settings)
    try:
        path = tmp_path / name
        path.write_bytes(_archive_damage((CORPUS / name).read_bytes(), field))
        with pytest.raises(UnreadableTable) as refused:
            importing.propose(store, path)
        assert refused.value.problems[0].file == name
        _run_import(store, path, dry_run=False)
    finally:
        store.close()
