"""`docket`: the command line. Each command parses, calls one service and prints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from docket.cli import lazy, render, views
from docket.cli.common import (
    AudienceOption,
    Json,
    audience_of,
    day_or_none,
    day_or_today,
    print_json,
    store_of,
)
from docket.config import Settings
from docket.errors import DocketError
from docket.services import people, redacting, stats

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
    from docket.services import loading  # the reading and checking code: only to load

    store = store_of(ctx)
    bar, advance = _progress()
    with bar:
        report = loading.load_dataset(store, path, progress=advance)
    if as_json:
        print_json(
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
    from docket.services.loading import demo_directory

    _load(ctx, demo_directory(path), as_json)


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

    store = security.create_encrypted(ctx.obj, recovery_key) if encrypted else store_of(ctx)
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
    day = day_or_today(as_of, "--as-of")
    reader = audience_of(audience)
    store = store_of(ctx)
    found = people.list_people(
        store,
        as_of=day,
        political_prisoners=political_prisoners,
        status=status,
        category=category,
    )
    found = redacting.people_for(store, found, reader)
    if as_json:
        print_json(
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
    day = day_or_today(as_of, "--as-of")
    reader = audience_of(audience)
    store = store_of(ctx)
    pid = redacting.resolve_person_for(store, person, reader)
    record = people.get_person_record(store, pid, as_of=day)
    record = redacting.person_record_for(store, record, reader)
    if as_json:
        print_json(views.person_record_view(record))
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
    day = day_or_today(as_of, "--as-of")
    start = day_or_none(since, "--since")
    reader = audience_of(audience)
    store = store_of(ctx)
    result = redacting.stats_for(store, stats.compute_stats(store, as_of=day, since=start), reader)
    if as_json:
        print_json(views.stats_view(result, explain))
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
    reader = audience_of(audience)
    store = store_of(ctx)
    hits = redacting.search_for(store, people.search_records(store, text, limit=limit), reader)
    if as_json:
        print_json([{"type": t, "id": i, "text": x} for t, i, x in hits])
        return
    if not hits:
        out.print(f"Nothing matches '{text}'.")
    for kind, rid, body in hits:
        out.print(f"{kind:<13} {rid:<40} {body[:80]}")


def main() -> None:
    app()
