"""`docket ooni` and `docket takedowns` on a real SQLite file: exit codes, JSON, messages."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import typer
from typer.testing import CliRunner

from tests.digital.conftest import FIXTURES, qa_files

runner = CliRunner()


def run(app: typer.Typer, db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_ooni_import_and_summary(cli: typer.Typer, tmp_path: Path, generated: list[Path]) -> None:
    db = tmp_path / "cli.sqlite"
    code, output = run(cli, db, "ooni", "import", *map(str, generated[:30]))
    assert code == 0, output
    assert "1,500 web_connectivity measurements from 30 file(s)" in output
    assert "1,500 new, 0 already stored" in output
    assert "agrees with OONI's on 1,500 of the 1,500 measurements it judged" in output
    code, output = run(cli, db, "ooni", "import", "--json", str(generated[0]))
    assert code == 0, output
    again = orjson.loads(output)
    assert again["new"] == 0 and again["judged"] == 0
    code, output = run(cli, db, "ooni", "import", *map(str, generated[:30]))
    assert code == 0 and "30 file(s) imported before" in output, output
    assert "agrees with OONI" not in output  # nothing was judged: no figure of agreement
    code, output = run(cli, db, "ooni", "summary", "--country", "KZ", "--domain", "Telegram")
    assert code == 0, output
    assert "Telegram (app)" in output and "AS64500 Steppe Telecom (fictional)" in output
    assert "Periods of blocking" in output and "on AS64500" in output
    assert "▁" in output  # the day-by-day chart
    code, output = run(cli, db, "ooni", "summary", "--json", "--since", "2022-01-10",
                       "--until", "2022-01-12", "--verdict", "ooni")  # fmt: skip
    data = orjson.loads(output)
    assert data["first_day"] == "2022-01-10" and data["filters"]["verdict"] == "ooni"
    assert data["sources"] and all(len(s["sha256"]) == 64 for s in data["sources"])


def test_ooni_real_measurements_through_the_command_line(cli: typer.Typer, tmp_path: Path) -> None:
    files = [str(p) for p in qa_files()]
    code, output = run(cli, tmp_path / "qa.sqlite", "ooni", "import", *files)
    assert code == 0, output
    assert "agrees with OONI's on 50 of the 50 measurements it judged" in output


def test_ooni_chart_as_png(cli: typer.Typer, tmp_path: Path, generated: list[Path]) -> None:
    pytest.importorskip("matplotlib")
    db = tmp_path / "chart.sqlite"
    run(cli, db, "ooni", "import", *map(str, generated[:12]))
    png = tmp_path / "chart.png"
    code, output = run(cli, db, "ooni", "summary", "--chart", str(png))
    assert code == 0, output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_input_exits_2_with_the_place(cli: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"test_name": "web_connectivity", "test_version": "0.5.28"}\nnot json\n')
    code, output = run(cli, tmp_path / "x.sqlite", "ooni", "import", str(bad))
    assert code == 2
    assert f"{bad}:1, field 'measurement_start_time'" in output
    assert f"{bad}:2: not valid JSON" in output
    code, output = run(cli, tmp_path / "x.sqlite", "ooni", "summary", "--since", "2022-13-01")
    assert code == 2 and "--since" in output


def test_takedowns_import_and_summary(cli: typer.Typer, tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite"
    files = [str(FIXTURES / n) for n in ("google-government-removal-requests.csv",
             "google-government-detailed-removal-requests.csv", "lumen-notices.json")]  # fmt: skip
    code, output = run(cli, db, "takedowns", "import", *files)
    assert code == 0, output
    assert "5 new of 5 records (google-summary-2019)" in output
    code, output = run(cli, db, "takedowns", "import", files[0])
    assert "already imported" in output
    code, output = run(cli, db, "takedowns", "summary", "--country", "KZ")
    assert code == 0, output
    assert "Google: at least 60 requests naming at least 1,335 items" in output
    assert "Government criticism: 755 (57%)" in output
    assert "Lumen: 2 notices naming 9 URLs" in output
    code, output = run(cli, db, "takedowns", "summary", "--country", "KZ", "--json")
    data = orjson.loads(output)
    assert data["google"]["requests"]["sources"][0]["file"] == files[0]


def test_takedowns_changed_header_exits_2(cli: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "google.csv"
    bad.write_text("Period Ending,Country,Product,Reason,Total\n2021-12-31,KZ,YouTube,x,1\n")
    code, output = run(cli, tmp_path / "t.sqlite", "takedowns", "import", str(bad))
    assert code == 2
    assert "not one of the Google releases Docket reads" in output
    assert "google-detailed-2019" in output
