"""`docket brief`, `docket dossier`, `docket dossiers`: documents made from the record.

`register(app)` adds the commands to Docket's command line. Each command parses its options,
calls one service and says which files it wrote.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from docket.cli.common import day_or_none, day_or_today, store_of
from docket.services.briefing import BriefingRequest, write_briefing
from docket.services.dossier import DossierRequest, write_dossier, write_recommended

Output = Annotated[Path, typer.Option("--output", "-o", help="The file to write.")]
Lang = Annotated[str, typer.Option("--lang", help="Language of the document: en or ru.")]
Public = Annotated[
    bool,
    typer.Option(
        "--public",
        help="Include only records marked public (by default only restricted ones are left out).",
    ),
]
Templates = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="A folder with your own templates or wording (messages.yaml, briefing.yaml), "
        "used before the shipped ones.",
    ),
]
GeneratedAt = Annotated[
    str | None,
    typer.Option(
        "--generated-at",
        help="The generation time printed in the document (ISO, e.g. 2021-11-01T09:00:00Z); "
        "default now. Fix it to get byte-identical files from the same data.",
    ),
]


def _moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a time; write 2021-11-01T09:00:00Z", param_hint="--generated-at"
        ) from None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _done(paths: list[Path]) -> None:
    for path in paths:
        typer.echo(f"Wrote {path}")


def brief(
    ctx: typer.Context,
    as_of: Annotated[str, typer.Option("--as-of", help="The day of the figures (YYYY-MM-DD).")],
    output: Output,
    fmt: Annotated[str, typer.Option("--format", help="md, html or pdf.")] = "md",
    since: Annotated[
        str | None,
        typer.Option(help="Start of 'new since' (the last briefing); default a year earlier."),
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Only records of this country (ISO code, e.g. KZ).")
    ] = None,
    lang: Lang = "en",
    public: Public = False,
    templates: Templates = None,
    generated_at: GeneratedAt = None,
) -> None:
    """A dated briefing: headline figures beside stated ones, the political prisoners with case
    summaries, what is new since the last briefing, officials, charts, methodology, footnotes."""
    day = day_or_none(as_of, "--as-of")
    assert day is not None
    request = BriefingRequest(
        as_of=day,
        since=day_or_none(since, "--since"),
        country=country,
        lang=lang,
        public_only=public,
        generated_at=_moment(generated_at),
        templates=templates,
    )
    _done(write_briefing(store_of(ctx), request, fmt=fmt, path=output))


def dossier_command(
    ctx: typer.Context,
    official: Annotated[str, typer.Argument(help="The official's id or one of their names.")],
    output: Output,
    fmt: Annotated[str, typer.Option("--format", help="md, html, pdf or json (FtM).")] = "md",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The dossier's date (YYYY-MM-DD); default today.")
    ] = None,
    lang: Lang = "en",
    public: Public = False,
    templates: Templates = None,
    generated_at: GeneratedAt = None,
) -> None:
    """A sanctions dossier on one official: names, identifiers, posts, acts with evidence and
    corroboration, recommendations, legal characterisation; --format json gives FollowTheMoney."""
    request = DossierRequest(
        as_of=day_or_today(as_of, "--as-of"),
        lang=lang,
        public_only=public,
        generated_at=_moment(generated_at),
        templates=templates,
    )
    _done(write_dossier(store_of(ctx), official, request, fmt=fmt, path=output))


def dossiers_command(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The folder to write the dossiers into.")
    ],
    recommended: Annotated[
        bool,
        typer.Option(
            "--recommended", help="Every official a source recommends for sanctions (required)."
        ),
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help="md, html, pdf or json (FtM).")] = "md",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The dossiers' date (YYYY-MM-DD); default today.")
    ] = None,
    lang: Lang = "en",
    public: Public = False,
    templates: Templates = None,
    generated_at: GeneratedAt = None,
) -> None:
    """One sanctions dossier per official that a source recommends for sanctions."""
    if not recommended:
        raise typer.BadParameter(
            "say which officials: --recommended (every official a source recommends)",
            param_hint="--recommended",
        )
    request = DossierRequest(
        as_of=day_or_today(as_of, "--as-of"),
        lang=lang,
        public_only=public,
        generated_at=_moment(generated_at),
        templates=templates,
    )
    _done(write_recommended(store_of(ctx), request, fmt=fmt, folder=output))


def register(app: typer.Typer) -> None:
    """Add `brief`, `dossier` and `dossiers` to Docket's command line."""
    app.command("brief")(brief)
    app.command("dossier")(dossier_command)
    app.command("dossiers")(dossiers_command)
