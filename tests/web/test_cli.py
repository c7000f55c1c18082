"""`docket users` and `docket serve` (registered here as the lead's cli/app.py will)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from docket.cli import web as web_cli
from docket.cli.app import app


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    if "serve" not in names:  # cli/app.py may already call register
        web_cli.register(app)
    return app


def test_users_add_list_disable(cli: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", str(tmp_path / "d.sqlite")]
    result = runner.invoke(
        cli,
        [*db, "users", "add", "alice", "--role", "admin"],
        input="long password 1\nlong password 1\n",
    )
    assert result.exit_code == 0, result.output
    assert "long password" not in result.output
    secret = tmp_path / "pw"
    secret.write_text("another password\n")
    result = runner.invoke(
        cli,
        [*db, "users", "add", "bob", "--role", "editor"],
        env={"DOCKET_PASSWORD_FILE": str(secret)},
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        cli,
        [*db, "users", "add", "carol", "--role", "viewer"],
        input="long password 1\ndifferent one\n",
    )
    assert result.exit_code == 2 and "differ" in result.output
    result = runner.invoke(
        cli, [*db, "users", "add", "dan", "--role", "boss"], input="x" * 12 + "\n" + "x" * 12 + "\n"
    )
    assert result.exit_code == 2 and "not a role" in result.output
    listing = runner.invoke(cli, [*db, "users", "list"]).output
    assert "alice" in listing and "editor" in listing and "carol" not in listing
    assert runner.invoke(cli, [*db, "users", "disable", "alice"]).exit_code == 5  # last admin
    result = runner.invoke(cli, [*db, "users", "disable", "bob"])
    assert result.exit_code == 0 and "disabled" in runner.invoke(cli, [*db, "users", "list"]).output


def test_serve_has_help(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "--public" in result.output and "--port" in result.output
