"""`docket verify`, `docket checkpoint` and `docket checkpoint keygen` on a real SQLite file:
exit codes, messages, JSON; and the demo dataset verified after its load."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from docket.cli.app import app
from tests.conftest import DEMO, FICTIONAL

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


def test_verify_keygen_checkpoint_and_a_rollback(db: Path, tmp_path: Path) -> None:
    code, output = run(db, "verify")
    assert code == 0, output
    assert "Checked 2 audit entries" in output and "matches its history" in output
    key = tmp_path / "alice.key"
    code, output = run(db, "checkpoint", "keygen", "-o", str(key), "--name", "Alice")
    assert code == 0, output
    assert (key.stat().st_mode & 0o777) == 0o600
    assert run(db, "checkpoint", "keygen", "-o", str(key), "--name", "Alice")[0] != 0
    old = tmp_path / "old.sqlite"
    with sqlite3.connect(db) as src, sqlite3.connect(old) as dst:
        src.backup(dst)
    assert run(db, "load", str(FICTIONAL))[0] == 0  # a reload: entry 3
    cp = tmp_path / "cp.json"
    code, output = run(db, "checkpoint", "--key", str(key), "-o", str(cp))
    assert code == 0, output
    assert orjson.loads(cp.read_bytes())["seq"] == 3  # covered, loaded, reloaded
    trust = str(key) + ".pub"
    code, output = run(db, "verify", "--checkpoint", str(cp), "--trust", trust, "--json")
    assert code == 0, output
    assert orjson.loads(output)["ok"] is True
    code, output = run(old, "verify", "--checkpoint", str(cp), "--trust", trust)
    assert code == 8, output
    assert "lost history" in output


def test_verify_names_the_row_changed_behind_its_back(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE event SET date = '2021-10-27' WHERE id = 'ev-an-verdict'")
        conn.execute("DELETE FROM integrity_pending")
    code, output = run(db, "verify", "--json")
    assert code == 8
    data = orjson.loads(output[output.index("{\n") : output.rindex("}") + 1])  # stderr mixed in
    assert data["ok"] is False
    assert [(f["kind"], f["table"], f["key"]) for f in data["findings"]] == [
        ("row-edited", "event", '["ev-an-verdict"]')
    ]


def test_the_demo_verifies_after_its_load(tmp_path: Path) -> None:
    if not (DEMO / "dataset.yaml").exists():
        pytest.skip("the demo dataset is not in this checkout")
    path = tmp_path / "demo.sqlite"
    assert run(path, "demo")[0] == 0
    code, output = run(path, "verify", "--json")
    assert code == 0, output
    data = orjson.loads(output)
    print(f"DEMO_VERIFY entries={data['entries']} rows={data['rows']} tables={data['tables']}")
    assert data["entries"] == 2 and data["rows"] > 1000  # the store covered, the load
