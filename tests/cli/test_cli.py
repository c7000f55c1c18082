"""The command line on a real SQLite file: exit codes, JSON and messages."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from docket.cli.app import app
from tests.conftest import FICTIONAL

runner = CliRunner()


def run(db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.sqlite"
    code, output = run(path, "load", str(FICTIONAL))
    assert code == 0, output
    assert "Loaded Fictional test dataset" in output
    return path


def test_political_prisoners_on_a_day_with_their_sources(db: Path) -> None:
    code, output = run(
        db, "people", "list", "--political-prisoners", "--as-of", "2021-10-20", "--json"
    )
    assert code == 0, output
    data = orjson.loads(output)
    listed = {p["id"]: p for p in data["people"]}
    # Nurlanova is imprisoned and recognised; Sarsenova is reported held and recognised;
    # Sarsenov was moved to restriction of liberty on 5 October, so he no longer counts.
    assert set(listed) == {"aigerim-nurlanova", "dana-sarsenova"}
    assert data["count"] == 2 and data["as_of"] == "2021-10-20"
    assert listed["dana-sarsenova"]["basis"] == "observation"
    assert {"source": "src-report", "at": "p. 9"} in [
        {k: s[k] for k in ("source", "at")} for s in listed["dana-sarsenova"]["sources"]
    ]
    code, earlier = run(
        db, "people", "list", "--political-prisoners", "--as-of", "2021-08-20", "--json"
    )
    assert {p["id"] for p in orjson.loads(earlier)["people"]} == {
        "aigerim-nurlanova",
        "bolat-sarsenov",
    }


def test_people_list_by_status_and_as_a_table(db: Path) -> None:
    code, output = run(
        db, "people", "list", "--status", "restricted_liberty", "--as-of", "2021-12-01"
    )
    assert code == 0
    assert "Bolat Sarsenov" in output and "Aigerim" not in output
    assert "At least 1 restricted_liberty as of 2021-12-01" in output


def test_show_a_person_by_any_spelling(db: Path) -> None:
    code, output = run(db, "show", "Айгерим Нурланова", "--as-of", "2021-10-20", "--json")
    assert code == 0, output
    record = orjson.loads(output)
    assert record["id"] == "aigerim-nurlanova"
    assert record["status"]["status"] == "imprisoned"
    verdict = next(e for e in record["timeline"] if e["kind"] == "verdict")
    assert {"kind": "imprisonment", "term": "3y"}.items() <= verdict["sentence"][0].items()
    assert any(
        p["name"] == "Sergei Ivanchenko" and p["position"] == "judge" for p in verdict["parties"]
    )
    assert record["cases"][0]["charges"] == [
        {"article": "kz-cc-405", "part": "2", "wording": "participation in a banned organisation"}
    ]
    assert "src-news" in record["sources"]


def test_show_as_text_gives_article_titles_and_numbered_sources(db: Path) -> None:
    code, output = run(db, "show", "aigerim-nurlanova", "--as-of", "2021-10-20")
    assert code == 0, output
    assert "CC art. 405 part 2: organising or taking part in an organisation banned" in output
    assert "imprisoned since 2021-09-15" in output
    assert "[1] Free Voices Monitor, Annual report on political persecution" in output


def test_stats_compute_figures_and_show_claims_beside_them(db: Path) -> None:
    code, output = run(
        db, "stats", "--as-of", "2021-10-20", "--since", "2021-01-01", "--json", "--explain"
    )
    assert code == 0, output
    data = orjson.loads(output)
    figures = {f["key"]: f for f in data["figures"]}
    pp = figures["stock.political_prisoners"]
    assert pp["value"] == 2 and pp["unit"] == "people"
    assert pp["records"] == ["aigerim-nurlanova", "dana-sarsenova"]
    assert pp["phrase"] == "at least 2 people"
    assert [c["id"] for c in pp["claims"]] == ["cl-pp"]
    assert figures["flow.verdicts"]["value"] == 2 and figures["flow.verdicts"]["unit"] == "events"
    assert figures["cumulative.people_killed"]["records"] == ["erlan-tokhtarov"]
    assert figures["cumulative.prosecutions"]["unit"] == "prosecutions"
    assert figures["stock.article.kz-cc-405"]["records"] == ["aigerim-nurlanova"]
    assert {c["id"] for c in data["claims"]} == {"cl-pp", "cl-prosecuted"}


def test_stats_as_text_says_at_least_and_names_the_sources(db: Path) -> None:
    code, output = run(db, "stats", "--as-of", "2021-10-20")
    assert code == 0
    assert "Figures as of 2021-10-20" in output and "at least 2" in output
    assert "at least 12 as of 2021-10-20 (src-report)" in output


def test_search_finds_cyrillic_and_latin(db: Path) -> None:
    code, output = run(db, "search", "Нурланова", "--json")
    assert code == 0
    assert [h["id"] for h in orjson.loads(output)] == ["aigerim-nurlanova"]
    code, output = run(db, "search", "Almaly court")
    assert "almaly-court" in output


def test_errors_are_messages_with_exit_codes(db: Path, tmp_path: Path) -> None:
    code, output = run(db, "people", "list", "--as-of", "2021-13-01")
    assert code == 2 and "no month 13" in output
    code, output = run(db, "show", "Nobody Atall")
    assert code == 3 and "No person matches 'Nobody Atall'" in output
    code, output = run(db, "people", "list", "--status", "jailed")
    assert code == 2 and "unknown status 'jailed'" in output
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "dataset.yaml").write_text("id: bad\n", "utf-8")
    (bad / "events.yaml").write_text("- id: e\n  kind: detained\n  date: 2021-02-30\n", "utf-8")
    code, output = run(db, "load", str(bad))
    assert code == 2
    assert "events.yaml:1, record e, field 'date'" in output and "has 28 days" in output
    assert "Traceback" not in output


def test_every_command_documents_itself() -> None:
    import typer

    root = typer.main.get_command(app)
    stack = [root]
    while stack:
        command = stack.pop()
        assert command.help, f"{command.name} has no help"
        for param in command.params:
            assert getattr(param, "help", None) or param.name == "help", (command.name, param.name)
        stack.extend(getattr(command, "commands", {}).values())


@pytest.mark.postgres
def test_team_mode_on_postgresql_through_the_environment(pg_settings: object) -> None:
    from docket.config import Settings

    assert isinstance(pg_settings, Settings)
    env = {"DOCKET_DATABASE_URL": pg_settings.database_url, "COLUMNS": "200"}
    result = runner.invoke(app, ["load", str(FICTIONAL)], env=env)
    assert result.exit_code == 0, result.output
    assert "postgresql" in result.output and "docket_test" in result.output
    listing = runner.invoke(
        app, ["people", "list", "--political-prisoners", "--as-of", "2021-10-20", "--json"], env=env
    )
    assert {p["id"] for p in orjson.loads(listing.output)["people"]} == {
        "aigerim-nurlanova",
        "dana-sarsenova",
    }
    found = runner.invoke(app, ["search", "Нурланова", "--json"], env=env)
    assert [h["id"] for h in orjson.loads(found.output)] == ["aigerim-nurlanova"]


def test_status_categories_are_read_from_the_configured_file(tmp_path: Path, db: Path) -> None:
    config = tmp_path / "categories.yaml"
    config.write_text(
        "deprived_of_liberty: [imprisoned, held, restricted_liberty]\n"
        "persecuted: [charged]\n"
        "political_prisoner_recognitions: [political_prisoner]\n",
        "utf-8",
    )
    result = runner.invoke(
        app,
        [
            "--db",
            str(db),
            "people",
            "list",
            "--political-prisoners",
            "--as-of",
            "2021-10-20",
            "--json",
        ],
        env={"DOCKET_STATUS_CATEGORIES": str(config)},
    )
    assert result.exit_code == 0, result.output
    # With restriction of liberty counted as deprivation, Sarsenov is a political prisoner too.
    assert {p["id"] for p in orjson.loads(result.output)["people"]} == {
        "aigerim-nurlanova",
        "bolat-sarsenov",
        "dana-sarsenova",
    }
