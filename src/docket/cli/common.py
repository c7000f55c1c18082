"""What the command modules share: the store named by the root settings, JSON output, the
`--json` and `--audience` options, and reading a day from an option."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import orjson
import typer

from docket.config import Settings
from docket.domain.dates import DateError, parse_day
from docket.domain.sensitivity import Audience
from docket.services.store import Store, open_store

Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
AudienceOption = Annotated[
    str,
    typer.Option(
        "--audience",
        help="Who the output is for: viewer (the default: nothing restricted), editor "
        "(everything) or public (only what is marked public). See docs/sensitivity.md.",
    ),
]


def store_of(ctx: typer.Context) -> Store:
    """The store of the settings the root command made (or, for a command module run on its
    own, of the environment's settings)."""
    settings = ctx.find_root().obj
    if not isinstance(settings, Settings):
        settings = Settings.from_env()
    return open_store(settings)


def print_json(data: object) -> None:
    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")


def audience_of(value: str) -> Audience:
    try:
        return Audience.parse(value)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--audience") from None


def day_or_none(value: str | None, option: str) -> date | None:
    """The day an option gives (None when not given); a bad day names the option."""
    if value is None:
        return None
    try:
        return parse_day(value)
    except DateError as error:
        raise typer.BadParameter(str(error), param_hint=option) from None


def day_or_today(value: str | None, option: str) -> date:
    return day_or_none(value, option) or date.today()
