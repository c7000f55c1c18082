"""`docket`: the command line. Each command parses, calls one service and prints."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from docket.cli import lazy, render, views
from docket.config import Settings
from docket.domain.dates import DateError, parse_day
from docket.domain.sensitivity import Audience
from docket.errors import DocketError
from docket.services import loading, people, redacting, stats
from docket.services.store import Store, open_store

out = Console(highlight=False, soft_wrap=False, width=None)
err = Console(stderr=True, highlight=False)


class DocketGroup(lazy.LazyGroup):
    """Turns Docket's errors into a clear message and an exit code, never a traceback. The
    feature commands are loaded when used (see docket.cli.lazy)."""

    lazy = lazy.TOP

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except DocketError as error:
            err.print(f"[red]Error:[/red] {error}", markup=True, highlight=False, soft_wrap=True)
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    cls=DocketGroup,
    help="Docket: a sourced registry of political persecution, for human-rights monitors.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class PeopleGroup(lazy.LazyGroup):
    lazy = lazy.PEOPLE
    under_people = True


people_app = typer.Typer(
    cls=PeopleGroup, help="Lists of people and their status on a day.", no_args_is_help=True
)
app.add_typer(people_app, name="people")

AsOf = Annotated[str | None, typer.Option("--as-of", help="The day (YYYY-MM-DD); default today.")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
AudienceOption = Annotated[
    str,
    typer.Option(
        "--audience",
        help="Who the output is for: viewer (the default: nothing restricted), editor "
        "(everything) or public (only what is marked public). See docs/sensitivity.md.",
    ),
]


def _audience(value: str) -> Audience:
    try:
        return Audience.parse(value)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--audience") from None


def _day(value: str | None, option: str) -> date:
    if value is None:
        return date.today()
    try:
        return parse_day(value)
    except DateError as error:
        raise typer.BadParameter(str(error), param_hint=option) from None


def _store(ctx: typer.Context) -> Store:
    settings: Settings = ctx.obj
    return open_store(settings)


def _json(data: object) -> None:
    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="Use this SQLite file as the store (default: DOCKET_DATABASE_URL, "
            "or docket.sqlite in your data folder).",
        ),
    ] = None,
) -> None:
    settings = Settings.from_env()
    ctx.obj = settings.with_db_path(db) if db else settings


def _progress() -> tuple[Progress, Callable[[str, int], None]]:
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def advance(label: str, n: int) -> None:
        if label not in tasks:
            tasks[label] = bar.add_task(f"writing {label}", total=None)
        bar.advance(tasks[label], n)

    return bar, advance


def _load(ctx: typer.Context, path: Path, as_json: bool) -> None:
    store = _store(ctx)
    bar, advance = _progress()
    with bar:
        report = loading.load_dataset(store, path, progress=advance)
    if as_json:
        _json(
            {
                "dataset": report.dataset_id,
                "counts": report.counts,
                "seconds": round(report.seconds, 3),
                "store": store.settings.describe_store(),
            }
        )
        return
    counts = ", ".join(f"{v} {k}" for k, v in report.counts.items() if v)
    out.print(
        f"Loaded [bold]{report.title}[/bold] ({report.dataset_id}) into "
        f"{store.settings.describe_store()}: {counts}."
    )


@app.command()
def demo(
    ctx: typer.Context,
    path: Annotated[Path | None, typer.Option(help="The demo dataset folder.")] = None,
    as_json: Json = False,
) -> None:
    """Load the Kazakhstan 2021 demo dataset (public sources) into the store.

    Loading it again replaces it: the result is the same.
    """
    _load(ctx, loading.demo_directory(path), as_json)


@app.command()
def load(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A dataset folder (see docs/data-format.md).")],
    as_json: Json = False,
) -> None:
    """Check a dataset folder and load it; on any problem nothing is written."""
    _load(ctx, path, as_json)


@app.command()
def init(
    ctx: typer.Context,
    encrypted: Annotated[
        bool,
        typer.Option(
            "--encrypted",
            help="Create an encrypted store under a passphrase, asked for or read from the file "
            "named by DOCKET_PASSPHRASE_FILE: SQLite is encrypted whole (SQLCipher); PostgreSQL "
            "seals restricted fields (an empty database).",
        ),
    ] = False,
    recovery_key: Annotated[
        bool,
        typer.Option("--recovery-key", help="With --encrypted: also print a recovery key, once."),
    ] = False,
) -> None:
    """Create the store (or bring its schema up to date) and say where it is."""
    from docket.cli import security

    store = security.create_encrypted(ctx.obj, recovery_key) if encrypted else _store(ctx)
    out.print(f"The store is ready: {store.settings.describe_store()}")


@people_app.command("list")
def people_list(
    ctx: typer.Context,
    political_prisoners: Annotated[
        bool,
        typer.Option(
            "--political-prisoners",
            help="Only people deprived of liberty on the day and recognised by an organisation.",
        ),
    ] = False,
    status: Annotated[str | None, typer.Option(help="Only people in this liberty status.")] = None,
    category: Annotated[
        str | None,
        typer.Option(
            help="Only 'deprived_of_liberty' or 'persecuted' (see status_categories.yaml)."
        ),
    ] = None,
    as_of: AsOf = None,
    as_json: Json = False,
    audience: AudienceOption = "viewer",
) -> None:
    """People and their liberty status on a day, derived from dated events."""
    day = _day(as_of, "--as-of")
    reader = _audience(audience)
    store = _store(ctx)
    found = people.list_people(
        store,
        as_of=day,
        political_prisoners=political_prisoners,
        status=status,
        category=category,
    )
    found = redacting.people_for(store, found, reader)
    if as_json:
        _json(
            {
                "as_of": day.isoformat(),
                "count": len(found),
                "people": [views.person_status_view(p) for p in found],
            }
        )
        return
    what = "political prisoners" if political_prisoners else (status or category or "people")
    title = f"At least {len(found)} {what} as of {day}"
    out.print(render.people_table(found, title))


@app.command()
def show(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="A person's id or one of their names.")],
    as_of: AsOf = None,
    as_json: Json = False,
    audience: AudienceOption = "viewer",
) -> None:
    """One person: names, status, timeline, cases and charges, recognitions, sources."""
    day = _day(as_of, "--as-of")
    reader = _audience(audience)
    store = _store(ctx)
    pid = redacting.resolve_person_for(store, person, reader)
    record = people.get_person_record(store, pid, as_of=day)
    record = redacting.person_record_for(store, record, reader)
    if as_json:
        _json(views.person_record_view(record))
        return
    render.print_person(out, record, store.vocab)


@app.command("stats")
def stats_command(
    ctx: typer.Context,
    as_of: AsOf = None,
    since: Annotated[
        str | None,
        typer.Option(help="Start of the period for flows (default: a year before --as-of)."),
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="List the records behind each figure.")
    ] = False,
    as_json: Json = False,
    audience: AudienceOption = "viewer",
) -> None:
    """Figures computed from the record as of a day, beside the figures sources state."""
    day = _day(as_of, "--as-of")
    start = _day(since, "--since") if since else None
    reader = _audience(audience)
    store = _store(ctx)
    result = redacting.stats_for(store, stats.compute_stats(store, as_of=day, since=start), reader)
    if as_json:
        _json(views.stats_view(result, explain))
        return
    render.print_stats(out, result, explain)


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Words to find in names, titles and summaries.")],
    limit: Annotated[int, typer.Option(help="At most this many results.")] = 20,
    as_json: Json = False,
    audience: AudienceOption = "viewer",
) -> None:
    """Full-text search over people, organisations, cases, events and sources."""
    reader = _audience(audience)
    store = _store(ctx)
    hits = redacting.search_for(store, people.search_records(store, text, limit=limit), reader)
    if as_json:
        _json([{"type": t, "id": i, "text": x} for t, i, x in hits])
        return
    if not hits:
        out.print(f"Nothing matches '{text}'.")
    for kind, rid, body in hits:
        out.print(f"{kind:<13} {rid:<40} {body[:80]}")


def main() -> None:
    app()
