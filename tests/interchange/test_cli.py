"""`docket import` and `docket export` on a real SQLite file: exit codes, output, files."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from docket.cli.app import app
from docket.cli.interchange import register
from tests.conftest import FICTIONAL
from tests.interchange.conftest import CORPUS, MAPPING

if not any(c.name == "import" for c in app.registered_commands):
    register(app)  # until cli/app.py registers the commands itself

runner = CliRunner()


def run(db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.sqlite"
    code, output = run(path, "load", str(FICTIONAL))
    assert code == 0, output
    return path


def test_propose_a_mapping_then_dry_run_then_import(db: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "список.csv"
    shutil.copy(CORPUS / "people_cp1251_tab.csv", sheet)
    code, proposal = run(db, "import", str(sheet), "--propose-mapping")
    assert code == 0 and "ФИО: name" in proposal and "status_date: '?'" in proposal
    code, output = run(db, "import", str(sheet))
    assert code == 2 and "--propose-mapping > mapping.yaml" in output
    # a dry run without a mapping prints the proposal and uses its columns
    code, output = run(db, "import", str(sheet), "--dry-run")
    assert code == 0, output
    assert "# Draft mapping for список.csv" in output
    assert "CSV, Windows-1251, tab-separated" in output and "would create" in output
    mapping = tmp_path / "mapping.yaml"
    shutil.copy(MAPPING, mapping)
    code, output = run(db, "import", str(sheet), "--mapping", str(mapping), "--dry-run")
    assert code == 0, output
    assert "3 rows; would create: 1 sources, 2 people, 2 cases, 3 events." in output
    assert "row 2: Айгерим Нурланова -> Aigerim Nurlanova (aigerim-nurlanova, score 1.00)" in (
        output
    )
    assert "No problems: import it without --dry-run" in output
    code, output = run(db, "import", str(sheet), "--mapping", str(mapping), "--json")
    assert code == 0, output
    report = orjson.loads(output)
    assert report["created"]["people"] == 2 and report["linked"] == 1
    code, output = run(db, "import", str(sheet), "--mapping", str(mapping))
    assert code == 0 and "Already imported with this mapping" in output


def test_problems_are_listed_with_file_row_and_column(db: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("ФИО,Статус,Дата\nДана Сарсенова,на Луне,2021-01-01\n,СИЗО,2021\n", "utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns: {ФИО: name, Статус: status, Дата: status_date}\n", "utf-8")
    code, output = run(db, "import", str(sheet), "--mapping", str(mapping))
    assert code == 2
    assert "bad.csv, row 2, column 'Статус': 'на Луне' is not a word Docket knows" in output
    assert "bad.csv, row 3: has no name" in output
    assert "nothing was written" in output


def test_a_password_protected_workbook_is_refused(db: Path) -> None:
    code, output = run(db, "import", str(CORPUS / "encrypted.xlsx"), "--dry-run")
    assert code == 2 and "protected with a password" in output


def test_exports_to_files_and_standard_output(db: Path, tmp_path: Path) -> None:
    code, output = run(db, "export", "csv", "--as-of", "2021-10-20")
    assert code == 0 and output.startswith("\ufeffid,name,other_names")
    assert "Aigerim Nurlanova" in output and "zhanna-omarova" in output
    code, output = run(db, "export", "csv", "--public", "--as-of", "2021-10-20")
    assert code == 0 and "zhanna-omarova" not in output
    target = tmp_path / "people.xlsx"
    code, output = run(db, "export", "xlsx", "-o", str(target))
    assert code == 0 and "Wrote 7 people" in output
    assert load_workbook(target)["People"]["B2"].value == "Aigerim Nurlanova"
    ftm = tmp_path / "all.ftm.json"
    code, output = run(db, "export", "ftm", "-o", str(ftm), "--audience", "editor")
    assert code == 0 and "2 claim(s)" in output and "FollowTheMoney entities" in output
    fresh = tmp_path / "fresh.sqlite"
    code, output = run(fresh, "import", str(ftm))
    assert code == 0, output
    assert "loaded 3 sources, 3 organisations, 7 people" in output
    code, output = run(db, "export", "yaml")
    assert code == 2 and "one of csv, xlsx, json, ftm" in output
    code, output = run(db, "export", "json", "--as-of", "2021-13-01")
    assert code == 2 and "there is no month 13" in output
