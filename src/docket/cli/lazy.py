"""Commands loaded when they are used.

Each feature's commands live in their own module, which imports that feature's services and
libraries (trafilatura, httpx, numpy, Jinja2...). Importing all of them made every command,
even `docket --help`, start in seconds. The groups here know each lazy command's name, module
and one-line help, and import the module only when the command runs, when its own help is
asked for, or when every command is needed at once (`load_all`, for the reference document).
A test checks that this table names every command the modules register, with their help.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup


@dataclass(frozen=True, slots=True)
class Lazy:
    module: str
    help: str


def _entries(module: str, commands: Mapping[str, str]) -> dict[str, Lazy]:
    return {name: Lazy(module, help) for name, help in commands.items()}


# Commands of the top level, by module (one-line help as the module gives it).
TOP: dict[str, Lazy] = {
    **_entries(
        "docket.cli.campaigns",
        {"campaigns": "Coordinated smear campaigns: the same text republished across sites."},
    ),
    **_entries(
        "docket.cli.digital",
        {
            "ooni": "Internet blocking measured by OONI: import measurements, sum them up.",
            "takedowns": "Government requests to remove content: Google's statistics, "
            "Lumen's notices.",
        },
    ),
    **_entries(
        "docket.cli.evidence",
        {
            "capture": "Capture web pages and documents as evidence: WARC records, SHA-256, "
            "text, timestamp.",
            "evidence": "Evidence: captured pages and documents, their hashes, timestamps and "
            "custody.",
            "sources": "The sources the record cites.",
        },
    ),
    **_entries(
        "docket.cli.integrity",
        {
            "verify": "Recompute the audit chain and every row of the record from it; check the "
            "checkpoints.",
            "checkpoint": "Sign the head of the audit chain, to prove later that the record "
            "still extends it.",
        },
    ),
    **_entries(
        "docket.cli.interchange",
        {
            "import": "Import a spreadsheet (or a FollowTheMoney export): all or nothing.",
            "export": "Export the record as CSV or XLSX (one row per person), JSON (the dataset "
            "format) or FollowTheMoney.",
        },
    ),
    **_entries("docket.cli.names", {"names": "Compare names across scripts and spellings."}),
    **_entries(
        "docket.cli.reports",
        {
            "brief": "A dated briefing: headline figures beside stated ones, the political "
            "prisoners with case summaries.",
            "dossier": "A sanctions dossier on one official: names, identifiers, posts, acts "
            "with evidence.",
            "dossiers": "One sanctions dossier per official that a source recommends for "
            "sanctions.",
        },
    ),
    **_entries(
        "docket.cli.security",
        {
            "rekey": "Change the passphrase of an encrypted store.",
            "backup": "Write an encrypted, consistent snapshot of the store, even while it is "
            "in use.",
            "restore": "Restore a backup, then check it.",
        },
    ),
    **_entries(
        "docket.cli.surveillance",
        {
            "deployments": "Surveillance and data-control deployments: systems, vendors, "
            "operators, agreements.",
            "laws": "Laws and bills: their stages with dates, the rights they affect, where they "
            "were used.",
        },
    ),
    **_entries(
        "docket.cli.web",
        {
            "serve": "Run the team web application (or, with --public, the public site) on the "
            "store.",
            "users": "Accounts of the team application.",
        },
    ),
}

# Commands under `docket people` that the names module adds.
PEOPLE: dict[str, Lazy] = _entries(
    "docket.cli.names",
    {
        "find": "Find people by name whatever the script or spelling.",
        "duplicates": "People who may be one person, with the evidence.",
        "merge": "Merge two records of one person; every source and event is kept.",
        "unmerge": "Undo a merge.",
    },
)


def module_commands(module_name: str) -> tuple[TyperGroup, TyperGroup]:
    """The click commands a feature module registers: (top level, under `people`)."""
    module: Any = importlib.import_module(module_name)
    top = typer.Typer()
    people = typer.Typer()
    if module_name == "docket.cli.names":
        module.register(top, people)
    else:
        module.register(top)
    return _group(top), _group(people)


def _group(host: typer.Typer) -> TyperGroup:
    if not (host.registered_commands or host.registered_groups):
        return TyperGroup(name=None)
    return typer.main.get_group(host)


class LazyGroup(TyperGroup):
    """A Typer group some of whose commands come from modules imported on first use."""

    lazy: Mapping[str, Lazy] = {}
    under_people = False

    def _load(self, name: str) -> None:
        entry = self.lazy[name]
        top, people = module_commands(entry.module)
        source = people if self.under_people else top
        for command_name, command in source.commands.items():
            if command_name in self.lazy and command_name not in self.commands:
                self.add_command(command, command_name)

    def load_all(self) -> None:
        for name in self.lazy:
            if name not in self.commands:
                self._load(name)

    def list_commands(self, ctx: Any) -> list[str]:
        # Loaded or not, in the order the group would list them (Typer keeps registration
        # order; the lazy ones follow the built-in ones).
        names = list(super().list_commands(ctx))
        return names + [n for n in self.lazy if n not in names]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in self.lazy:
            return command
        # For listings (the group's help): a stand-in that carries the help only. Running the
        # command goes through resolve_command, which loads the real one.
        entry = self.lazy[cmd_name]
        return TyperCommand(cmd_name, help=entry.help, short_help=entry.help)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args:
            name = args[0]
            if ctx.token_normalize_func is not None:
                name = ctx.token_normalize_func(name)
            if name in self.lazy and name not in self.commands:
                self._load(name)
        return super().resolve_command(ctx, args)
