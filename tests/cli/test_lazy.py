"""Feature commands load on first use: the table of lazy commands matches what the modules
register, and starting the command line does not import the features' libraries."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from docket.cli import lazy
from docket.cli.app import app


def _normal(text: str) -> str:
    return " ".join(text.split()).rstrip(".")


@pytest.mark.parametrize(
    "module", sorted({e.module for e in (*lazy.TOP.values(), *lazy.PEOPLE.values())})
)
def test_the_table_names_every_command_a_module_registers(module: str) -> None:
    top, people = lazy.module_commands(module)
    for table, group in ((lazy.TOP, top), (lazy.PEOPLE, people)):
        registered = set(group.commands)
        listed = {name for name, entry in table.items() if entry.module == module}
        assert registered == listed, (
            f"{module}: table {sorted(listed)}, module {sorted(registered)}"
        )
        for name in registered:
            real = _normal(group.commands[name].help or "")
            assert real.startswith(_normal(table[name].help)), (module, name)


def test_starting_the_command_line_leaves_the_features_unloaded() -> None:
    heavy = ["trafilatura", "httpx", "numpy", "alembic", "jinja2", "docket.names", "docket.reports"]
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from docket.cli.app import app\n"
        "result = CliRunner().invoke(app, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert 'campaigns' in result.output and 'brief' in result.output\n"
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_lazy_command_and_its_help_load_on_use() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["names", "compare", "Ерулан Амиров", "Yerulan Amirov", "--json"])
    assert result.exit_code == 0, result.output
    assert "score" in result.output.lower()
    help_text = runner.invoke(app, ["people", "find", "--help"])
    assert help_text.exit_code == 0, help_text.output
    assert "--json" in help_text.output
    unknown = runner.invoke(app, ["no-such-command"])
    assert unknown.exit_code != 0
