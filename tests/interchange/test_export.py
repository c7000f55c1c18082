"""Exports from a real store: formulas neutralised, --public and --as-of honoured, JSON that
reads back as the dataset format."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import orjson
import pytest
from openpyxl import load_workbook

from docket.domain.dataset import Dataset
from docket.domain.source import Origin
from docket.interchange.dataset_files import read_dataset
from docket.interchange.record_dicts import dataset_dict
from docket.interchange.records import READERS
from docket.services import exporting
from docket.services.loading import load_dataset
from docket.services.store import Store
from tests.conftest import FICTIONAL

RISKY_PEOPLE = """
- id: formula-person
  name: '=HYPERLINK("http://evil.example","x")'
  occupation: "+7 701 000"
  region: "-2+3"
  summary: "@SUM(A1)"
  sensitivity: public
- {id: plain-person, name: Plain Person, occupation: "e=mc2", sensitivity: public}
"""


def export(store: Store, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    day = options.pop("as_of", date(2021, 10, 20))
    exporting.export(store, fmt, out, public=bool(options.get("public")), as_of=day)  # type: ignore[arg-type]
    return out.getvalue()


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheets then read Cyrillic right
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def fictional(store: Store) -> Store:
    load_dataset(store, FICTIONAL)
    return store


@pytest.fixture
def risky(store: Store, tmp_path: Path) -> Store:
    folder = tmp_path / "risky"
    shutil.copytree(FICTIONAL, folder)
    with (folder / "people.yaml").open("a", encoding="utf-8") as handle:
        handle.write(RISKY_PEOPLE)
    load_dataset(store, folder)
    return store


def test_csv_and_xlsx_cells_never_become_formulas(risky: Store) -> None:
    rows = {r["id"]: r for r in csv_rows(export(risky, "csv"))}
    risky_row = rows["formula-person"]
    assert risky_row["name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert risky_row["occupation"] == "'+7 701 000"
    assert risky_row["region"] == "'-2+3" and risky_row["summary"] == "'@SUM(A1)"
    assert rows["plain-person"]["occupation"] == "e=mc2"
    book = load_workbook(io.BytesIO(export(risky, "xlsx")))
    sheet = book["People"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert '\'=HYPERLINK("http://evil.example","x")' in [c.value for c in cells]


def test_people_with_their_status_on_the_day(fictional: Store) -> None:
    rows = {r["id"]: r for r in csv_rows(export(fictional, "csv"))}
    nurlanova = rows["aigerim-nurlanova"]
    assert nurlanova["status"] == "imprisoned" and nurlanova["status_since"] == "2021-09-15"
    assert nurlanova["political_prisoner"] == "yes"
    assert nurlanova["charges"] == "CC art. 405 part 2"
    assert nurlanova["recognised_by"] == "Free Voices Monitor (political prisoner, 2021-04-01)"
    assert "Айгерим Нурланова" in nurlanova["other_names"]
    assert rows["judge-ivanchenko"]["roles"] == "perpetrator"
    assert "zhanna-omarova" in rows  # internal, and no --public


def test_public_leaves_out_what_is_not_public(fictional: Store) -> None:
    everything = orjson.loads(export(fictional, "json"))
    public = orjson.loads(export(fictional, "json", public=True))
    assert "src-lawyer" in {s["id"] for s in everything["sources"]}
    assert "src-lawyer" not in {s["id"] for s in public["sources"]}  # restricted
    assert "zhanna-omarova" not in {p["id"] for p in public["people"]}  # internal
    assert "case-sarsenov" not in {c["id"] for c in public["cases"]}  # not marked public
    assert public["events"] == []  # the fictional events are all internal or restricted
    rows = {r["id"]: r for r in csv_rows(export(fictional, "csv", public=True))}
    assert "zhanna-omarova" not in rows
    # a status resting on withheld events is not shown
    assert rows["aigerim-nurlanova"]["status"] == ""
    ftm = export(fictional, "ftm", public=True).decode()
    assert "zhanna" not in ftm.lower() and "src-lawyer" not in ftm and "Beaten" not in ftm


def test_as_of_keeps_what_had_happened_by_the_day(fictional: Store) -> None:
    data = orjson.loads(export(fictional, "json", as_of=date(2021, 3, 3)))
    assert {e["id"] for e in data["events"]} == {
        "ev-an-detained", "ev-zo-detained", "ev-zo-released", "ev-et-killed",
        "ev-gs-banned", "ev-mk-charged",
    }  # fmt: skip
    assert data["recognitions"] == []  # rec-mk is dated 2021-03: it counts from the 31st
    assert data["claims"] == [] and data["sanctions"] == []
    rows = {r["id"]: r for r in csv_rows(export(fictional, "csv", as_of=date(2021, 3, 3)))}
    assert rows["aigerim-nurlanova"]["status"] == "detained (short-term)"


def _read_back(data: dict[str, list[dict[str, object]]]) -> Dataset:
    ds = read_dataset(FICTIONAL)
    back = Dataset(ds.info)
    problems: list[object] = []
    for stem, (attribute, reader) in READERS.items():
        items = [reader(raw, Origin("export.json"), problems) for raw in data[stem]]  # type: ignore[arg-type]
        setattr(back, attribute, items)
    assert problems == []
    return back


def test_json_is_the_dataset_format_and_reads_back_equal() -> None:
    ds = read_dataset(FICTIONAL)
    back = _read_back(orjson.loads(orjson.dumps(dataset_dict(ds))))
    for attribute in ("sources", "organisations", "people", "positions", "occupancies",
                      "cases", "events", "recognitions", "sanctions", "claims"):  # fmt: skip
        assert getattr(back, attribute) == getattr(ds, attribute), attribute


def test_json_export_from_the_store_holds_every_record(fictional: Store) -> None:
    data = orjson.loads(export(fictional, "json", as_of=date(2030, 1, 1)))
    back = _read_back(data)
    assert back.counts() == read_dataset(FICTIONAL).counts()
