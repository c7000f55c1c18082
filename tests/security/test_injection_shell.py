"""Input never reaches a shell: every process Docket starts gets its arguments as a list, without
a shell; and file names full of shell syntax, given to the commands that write or read files,
are used as names.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from docket.cli.app import app as cli
from docket.config import Settings
from docket.services import pg_backup
from docket.services.loading import load_dataset
from docket.services.store import open_store
from tests.conftest import FICTIONAL, PG_ENV, ROOT

SRC = ROOT / "src" / "docket"
SHELL_CALLS = {
    ("os", "system"), ("os", "popen"), ("os", "spawnl"), ("os", "spawnlp"), ("os", "spawnv"),
    ("os", "spawnvp"), ("subprocess", "getoutput"), ("subprocess", "getstatusoutput"),
    ("asyncio", "create_subprocess_shell"),
}  # fmt: skip
PROCESS_CALLS = {"run", "Popen", "call", "check_call", "check_output", "create_subprocess_exec"}
HOSTILE_NAMES = [
    "$(touch pwned)",
    "`touch pwned`",
    "; touch pwned ;",
    "x && touch pwned",
    "| touch pwned",
]


def _dotted(node: ast.expr) -> tuple[str, str] | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id, node.attr
    return None


def shell_uses(source: str, filename: str) -> Iterator[str]:
    """Where a module starts a process through a shell, or with its command as one string."""
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        name = _dotted(node.func)
        where = f"{filename}:{node.lineno}"
        if name in SHELL_CALLS:
            yield f"{where}: {'.'.join(name)} runs a shell"
            continue
        called = name[1] if name else getattr(node.func, "id", None)
        if called not in PROCESS_CALLS or (name and name[0] not in ("subprocess", "asyncio")):
            continue
        for kw in node.keywords:
            if kw.arg == "shell" and not (
                isinstance(kw.value, ast.Constant) and kw.value.value is False
            ):
                yield f"{where}: shell= must be absent or False"
        if node.args and isinstance(node.args[0], (ast.Constant, ast.JoinedStr, ast.BinOp)):
            yield f"{where}: the command is one string; give a list of arguments"


def test_no_process_is_started_through_a_shell() -> None:
    found = [
        problem
        for path in sorted(SRC.rglob("*.py"))
        for problem in shell_uses(path.read_text("utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not found, "\n".join(found)


def test_the_shell_check_finds_what_it_looks_for() -> None:
    bad = (
        "import os, subprocess\n"
        "os.system('pg_dump ' + url)\n"
        "subprocess.run(f'pdftotext {path} -', shell=True)\n"
        "subprocess.run(['pg_dump', url], shell=flag)\n"
        "subprocess.check_output('pg_dump x')\n"
    )
    good = "import subprocess\nsubprocess.run(['pg_dump', '--file', out, url], check=True)\n"
    assert len(list(shell_uses(bad, "bad.py"))) == 5
    assert not list(shell_uses(good, "good.py"))


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    here = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(here)


def test_file_names_with_shell_syntax_are_only_names(in_tmp: Path) -> None:
    runner = CliRunner()
    db = in_tmp / "docket.sqlite"
    dataset = in_tmp / f"{HOSTILE_NAMES[0]} {HOSTILE_NAMES[2]}"
    dataset.mkdir()
    for item in FICTIONAL.iterdir():
        (dataset / item.name).write_bytes(item.read_bytes())
    loaded = runner.invoke(cli, ["--db", str(db), "load", str(dataset)])
    assert loaded.exit_code == 0, loaded.output
    formats = ("csv", "xlsx", "json", "ftm")
    for n, name in enumerate(HOSTILE_NAMES):
        target = in_tmp / f"{name}.{formats[n % len(formats)]}"
        done = runner.invoke(
            cli, ["--db", str(db), "export", formats[n % len(formats)], "-o", str(target)]
        )
        assert done.exit_code == 0, done.output
        assert target.is_file() and target.stat().st_size > 0
    target = in_tmp / f"{HOSTILE_NAMES[1]}.md"
    brief = ["--db", str(db), "brief", "--as-of", "2021-11-01", "-o", str(target)]
    done = runner.invoke(cli, brief)
    assert done.exit_code == 0, done.output
    assert target.is_file()
    assert not list(in_tmp.rglob("pwned")), "a file name ran as a shell command"


SHELL_SCHEMA = "s_$(touch${IFS}pwned)`touch${IFS}pwned2`"


@pytest.mark.postgres
def test_pg_dump_gets_a_schema_name_full_of_shell_syntax_as_one_argument(
    in_tmp: Path,
) -> None:
    """The one value from configuration that reaches a process: the schema in the database URL,
    which `docket backup` gives pg_dump. Here it is shell syntax; pg_dump must dump that schema
    (so it got the name whole) and nothing must run. (pdftotext, the other tool, is given only
    fixed arguments and reads the document on its standard input.)"""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV} (scripts/check starts one)")
    pg_backup.tool("pg_dump")  # raises if the client tools are missing
    admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    quoted = '"' + SHELL_SCHEMA.replace('"', '""') + '"'
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {quoted}"))
    try:
        sep = "&" if "?" in url else "?"
        options = quote(f"-csearch_path={quoted}", safe="")
        settings = Settings(database_url=f"{url}{sep}options={options}", data_dir=in_tmp)
        store = open_store(settings)
        load_dataset(store, FICTIONAL)
        store.close()
        parts: list[bytes] = []
        pg_backup.dump(settings, lambda data, size: parts.append(data.read()))
        dumped = b"".join(parts)
        # the custom format's table of contents names the schema and tables in plain text
        assert SHELL_SCHEMA.encode() in dumped and b"person_name" in dumped
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {quoted} CASCADE"))
        admin.dispose()
    assert not list(in_tmp.rglob("pwned*")), "a schema name ran as a shell command"
