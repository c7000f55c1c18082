"""Write docs/cli.md from the commands' own help; with --check, fail if it is out of date."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from docket.cli.app import app

TARGET = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def _param_line(param: Any) -> str:
    if param.param_type_name == "argument":
        name = (param.metavar or param.name).upper()
        return f"| `{name}` | argument | {getattr(param, 'help', '') or ''} |"
    names = ", ".join(f"`{o}`" for o in param.opts)
    default = ""
    if param.default not in (None, False) and not param.is_flag:
        default = f" (default: {param.default})"
    return f"| {names} | option | {(param.help or '').strip()}{default} |"


def _document(command: Any, path: list[str], lines: list[str]) -> None:
    name = " ".join(path)
    lines.append(f"{'#' * min(len(path) + 1, 4)} `{name}`")
    lines.append("")
    if command.help:
        lines.append(command.help.strip())
        lines.append("")
    params = [p for p in command.params if p.name != "help"]
    if params:
        lines.append("| name | kind | help |")
        lines.append("| --- | --- | --- |")
        lines.extend(_param_line(p) for p in params)
        lines.append("")
    if hasattr(command, "commands"):
        for sub_name in sorted(command.commands):
            _document(command.commands[sub_name], [*path, sub_name], lines)


def _load_all(command: Any) -> None:
    """Feature commands load on first use (docket.cli.lazy): load them all to document them."""
    if hasattr(command, "load_all"):
        command.load_all()
    for sub in getattr(command, "commands", {}).values():
        _load_all(sub)


def render() -> str:
    lines = [
        "# Command-line reference",
        "",
        "Generated from the commands' own help by `python scripts/cli_reference.py`;",
        "CI fails when this file and the help differ.",
        "",
    ]
    root = typer.main.get_command(app)
    _load_all(root)
    _document(root, ["docket"], lines)
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not TARGET.exists() or TARGET.read_text("utf-8") != text:
            print("docs/cli.md is out of date: run `python scripts/cli_reference.py`.")
            return 1
        return 0
    TARGET.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
