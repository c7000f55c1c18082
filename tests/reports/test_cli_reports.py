"""`docket brief`, `docket dossier` and `docket dossiers` on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import FICTIONAL

runner = CliRunner()


def run(app: typer.Typer, db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


@pytest.fixture
def db(cli_app: typer.Typer, tmp_path: Path) -> Path:
    path = tmp_path / "cli.sqlite"
    code, output = run(cli_app, path, "load", str(FICTIONAL))
    assert code == 0, output
    return path


def test_brief_writes_the_document_and_says_so(
    cli_app: typer.Typer, db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "b.html"
    code, output = run(
        cli_app,
        db,
        "brief",
        "--as-of",
        "2021-10-20",
        "--since",
        "2021-01-01",
        "--format",
        "html",
        "-o",
        str(out),
        "--generated-at",
        "2021-11-01T09:00:00Z",
    )
    assert code == 0, output
    assert f"Wrote {out}" in output
    html = out.read_text("utf-8")
    assert "Aigerim Nurlanova" in html and "1 November 2021, 09:00 UTC" in html
    assert "new cases from 1 January 2021 to 20 October 2021" in html


def test_dossier_and_dossiers(cli_app: typer.Typer, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "judge.json"
    code, output = run(
        cli_app,
        db,
        "dossier",
        "Sergei Ivanchenko",
        "--format",
        "json",
        "-o",
        str(out),
        "--as-of",
        "2021-11-01",
    )
    assert code == 0, output
    assert '"schema":"Risk"' in out.read_text("utf-8")
    folder = tmp_path / "all"
    code, output = run(
        cli_app, db, "dossiers", "--recommended", "--as-of", "2021-11-01", "-o", str(folder)
    )
    assert code == 0, output
    assert (folder / "judge-ivanchenko.md").is_file()


def test_errors_are_messages_with_exit_codes(
    cli_app: typer.Typer, db: Path, tmp_path: Path
) -> None:
    out = str(tmp_path / "x")
    code, output = run(cli_app, db, "brief", "--as-of", "2021-10-20", "--format", "doc", "-o", out)
    assert code == 2 and "unknown format 'doc'" in output
    code, output = run(cli_app, db, "brief", "--as-of", "2021-10-20", "--lang", "de", "-o", out)
    assert code == 2 and "No report wording in 'de'" in output
    code, output = run(cli_app, db, "dossier", "Nobody Atall", "-o", out)
    assert code == 3 and "No person matches" in output
    code, output = run(cli_app, db, "dossiers", "-o", out)
    assert code == 2 and "--recommended" in output
    code, output = run(
        cli_app, db, "brief", "--as-of", "2021-10-20", "-o", str(tmp_path / "no" / "b.md")
    )
    assert code == 2 and "Cannot write" in output
