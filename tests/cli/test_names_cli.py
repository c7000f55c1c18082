"""Names across scripts from the command line: compare, find, duplicates, merge and unmerge."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from docket.cli.app import app
from tests.conftest import FICTIONAL, FIXTURES

runner = CliRunner()


def run(db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_compare_prints_score_match_and_explanation(tmp_path: Path) -> None:
    code, output = run(
        tmp_path / "x.sqlite", "names", "compare", "Ерулан Амиров", "Yerulan Amirov", "--json"
    )
    assert code == 0
    data = orjson.loads(output)
    assert data["match"] is True and 0.8 <= data["score"] <= 1
    assert [a["rule"] for a in data["explain"]["alignment"]] == ["same", "same"]
    code, output = run(
        tmp_path / "x.sqlite", "names", "compare", "Bolat Sarsenov", "Bolat Sarsenova", "--json"
    )
    assert orjson.loads(output)["match"] is False  # -ov and -ova are different people


@pytest.fixture
def two_lists(tmp_path: Path) -> Path:
    db = tmp_path / "lists.sqlite"
    for folder in (FICTIONAL, FIXTURES / "second-list"):
        code, output = run(db, "load", str(folder))
        assert code == 0, output
    return db


def test_find_reaches_a_latin_spelling_from_cyrillic(two_lists: Path) -> None:
    code, output = run(two_lists, "people", "find", "Жанна Омарова", "--json")
    assert code == 0, output
    assert [h["id"] for h in orjson.loads(output)][:1] == ["zhanna-omarova"]


def test_duplicates_merge_and_unmerge(two_lists: Path) -> None:
    code, output = run(two_lists, "people", "duplicates", "--json")
    assert code == 0, output
    pairs = {frozenset((p["a"], p["b"])) for p in orjson.loads(output)}
    assert frozenset(("aigerim-nurlanova", "sl-nurlanova")) in pairs
    # Asan and Bolat Sarsenov are recorded as brothers: never offered as duplicates.
    assert not any("sl-sarsenov-asan" in p for p in pairs)

    code, output = run(two_lists, "people", "merge", "aigerim-nurlanova", "sl-nurlanova")
    assert code == 0, output
    code, output = run(two_lists, "show", "aigerim-nurlanova", "--json", "--as-of", "2021-11-02")
    record = orjson.loads(output)
    assert "Нурланова Айгерим" in {n["value"] for n in record["names"]}
    assert {"ev-an-verdict", "sl-nurlanova-held"} <= {e["id"] for e in record["timeline"]}
    assert {"src-second-list", "src-news"} <= set(record["sources"])
    code, output = run(two_lists, "show", "sl-nurlanova")
    assert code == 3

    code, output = run(two_lists, "people", "unmerge", "sl-nurlanova")
    assert code == 0, output
    code, output = run(two_lists, "show", "sl-nurlanova", "--json", "--as-of", "2021-11-02")
    assert code == 0
    restored = orjson.loads(output)
    assert [e["id"] for e in restored["timeline"]] == ["sl-nurlanova-held"]
    code, output = run(two_lists, "show", "aigerim-nurlanova", "--json")
    assert "sl-nurlanova-held" not in {e["id"] for e in orjson.loads(output)["timeline"]}
