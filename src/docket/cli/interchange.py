"""`docket import` and `docket export`: spreadsheets and FollowTheMoney in and out.

`register(app)` adds both commands to the main Typer app (cli/app.py calls it).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from docket.cli.common import audience_of, day_or_today, print_json, store_of
from docket.errors import ValidationFailed
from docket.services.import_report import ImportReport, report_view

if TYPE_CHECKING:
    from docket.services import ftm_importing

# The services behind these commands load followthemoney and openpyxl (a second or more):
# they are imported when a command runs, not whenever `docket` starts.

err = Console(stderr=True, highlight=False)
EXPORT_FORMATS = ("csv", "xlsx", "json", "ftm")


def register(app: typer.Typer) -> None:
    """Add the `import` and `export` commands to Docket's command line."""
    app.command("import")(import_command)
    app.command("export")(export_command)


def _progress() -> tuple[Progress, Callable[[str, int], None]]:
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,} rows"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def advance(label: str, n: int) -> None:
        if label not in tasks:
            tasks[label] = bar.add_task(f"importing {label}", total=None)
        bar.advance(tasks[label], n)

    return bar, advance


def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="A spreadsheet (.csv in UTF-8 or Windows-1251, .xlsx, .ods), or a "
            "FollowTheMoney file (.ftm.json) that `docket export ftm` wrote."
        ),
    ],
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            help="The mapping file (YAML): which column holds which Docket field, and what "
            "the team's words mean. See docs/import-export.md.",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Check everything and print what would be created, linked or changed, and "
            "every problem; write nothing. Without --mapping, uses a proposed one.",
        ),
    ] = False,
    propose_mapping: Annotated[
        bool,
        typer.Option(
            "--propose-mapping", help="Print a draft mapping for the file's columns and stop."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import a spreadsheet (or a FollowTheMoney export): all or nothing.

    Rows about people already in Docket link to them by name; uncertain matches create a new
    person and go to the duplicate review list. Importing the same file twice creates nothing
    new. Every record cites the file (with its SHA-256) and its row.
    """
    from docket.services import ftm_importing, importing

    store = store_of(ctx)
    if ftm_importing.is_ftm(file):
        ftm_report = ftm_importing.import_ftm(store, file, dry_run=dry_run)
        _print_ftm(ftm_report, as_json)
        if not ftm_report.ok:
            raise typer.Exit(2)
        return
    if propose_mapping:
        sys.stdout.write(importing.propose(store, file))
        return
    if mapping is None:
        if not dry_run:
            raise ValidationFailed(
                [],
                summary=(
                    f"Give a mapping to import {file.name}: run `docket import {file} "
                    "--propose-mapping > mapping.yaml`, check and complete it, then "
                    f"`docket import {file} --mapping mapping.yaml`. Nothing was written."
                ),
            )
        sys.stdout.write(importing.propose(store, file) + "\n")
        chosen = importing.draft_mapping(store, file)
        label = "the proposed mapping above"
    else:
        chosen = importing.read_mapping(store, mapping)
        label = mapping.name
    bar, advance = _progress()
    with bar:
        report = importing.import_table(
            store, file, chosen, mapping_label=label, dry_run=dry_run, progress=advance
        )
    if as_json:
        print_json(report_view(report))
    else:
        _print_report(report)
    if not report.ok:
        raise typer.Exit(2)


def _print_report(r: ImportReport) -> None:
    out = Console(highlight=False, soft_wrap=True)
    verb = "would" if r.dry_run else "did"
    out.print(f"[bold]{escape(r.file)}[/bold] ({escape(r.format)}), SHA-256 {r.sha256}")
    if r.unchanged:
        out.print("Already imported with this mapping: nothing new to create or change.")
        return
    if r.replaces:
        done = ", ".join(f"{v} {k}" for k, v in r.replaces["counts"].items() if v)
        out.print(f"Replaces the earlier import of this file ({r.replaces['loaded_at']}: {done}).")
    created = ", ".join(f"{v:,} {k}" for k, v in r.created.items() if v) or "nothing"
    out.print(f"{r.rows:,} rows; {'would create' if r.dry_run else 'created'}: {created}.")
    if r.linked:
        out.print(f"Linked to people already in Docket ({r.linked:,}):")
        for link in r.links:
            out.print(
                f"  row {link.row}: {escape(link.name)} -> {escape(link.matched_name)} "
                f"({link.person_id}, score {link.score:.2f})"
            )
    if r.changed:
        out.print("Changed:")
        for line in r.changed:
            out.print(f"  {escape(line)}")
    if r.to_review:
        out.print(f"For duplicate review ({r.to_review:,}; new people, not merged):")
        for pair in r.review:
            out.print(
                f"  row {pair.row}: {escape(pair.name)} ~ {escape(pair.existing_name)} "
                f"({pair.existing}, score {pair.score:.2f}): {escape(pair.reason)}"
            )
    if r.new_organisations:
        out.print("New organisations: " + escape("; ".join(r.new_organisations)))
    if r.unmapped:
        out.print("Columns not imported (not in the mapping): " + escape(", ".join(r.unmapped)))
    for note in r.notes:
        out.print(f"  note: {escape(str(note))}")
    if r.note_count > len(r.notes):
        out.print(f"  ... and {r.note_count - len(r.notes):,} more notes")
    if r.problem_count:
        out.print(f"[red]{r.problem_count:,} problem(s); nothing {verb} get written:[/red]")
        for problem in r.problems:
            out.print(f"  - {escape(str(problem))}")
        if r.problem_count > len(r.problems):
            out.print(f"  ... and {r.problem_count - len(r.problems):,} more")
    elif r.dry_run:
        out.print("No problems: import it without --dry-run to write it.")
    else:
        out.print(f"Written in {r.seconds:.1f} s.")


def _print_ftm(r: ftm_importing.FtmReport, as_json: bool) -> None:
    from docket.services import ftm_importing

    if as_json:
        print_json(ftm_importing.ftm_view(r))
        return
    out = Console(highlight=False, soft_wrap=True)
    counts = ", ".join(f"{v:,} {k}" for k, v in r.counts.items() if v) or "nothing"
    verb = "would load" if r.dry_run else "loaded"
    out.print(
        f"[bold]{escape(r.file)}[/bold]: {r.entities:,} FollowTheMoney entities; {verb} "
        f"{counts} as dataset {r.dataset_id}."
    )
    for note in r.skipped:
        out.print(f"  not imported: {escape(note)}")
    for problem in r.problems:
        out.print(f"  - {escape(str(problem))}")


def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Argument(metavar="FORMAT", help="csv, xlsx, json or ftm (FollowTheMoney)."),
    ],
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help="Leave out everything not marked public, and every fact left with no public "
            "source.",
        ),
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Only what had happened by this day (YYYY-MM-DD); statuses as of it. "
            "Default: today.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write to this file (default: standard output)."),
    ] = None,
    audience: Annotated[
        str,
        typer.Option(
            "--audience",
            help="Who the export is for: viewer (the default: nothing restricted), editor "
            "(everything) or public (as --public). See docs/sensitivity.md.",
        ),
    ] = "viewer",
) -> None:
    """Export the record as CSV or XLSX (one row per person), JSON (the dataset format) or
    FollowTheMoney entities (JSON lines). Spreadsheet cells that could run as formulas are
    neutralised."""
    if fmt not in EXPORT_FORMATS:
        raise typer.BadParameter(f"one of {', '.join(EXPORT_FORMATS)}", param_hint="FORMAT")
    day = day_or_today(as_of, "--as-of")
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise typer.BadParameter("XLSX is binary: give a file with -o", param_hint="-o")
    from docket.services import exporting

    reader = audience_of(audience)
    store = store_of(ctx)
    if output is None:
        report = exporting.export(
            store, fmt, sys.stdout.buffer, public=public, as_of=day, audience=reader
        )
    else:
        with output.open("wb") as handle:
            report = exporting.export(store, fmt, handle, public=public, as_of=day, audience=reader)
    for note in report.notes:
        err.print(f"note: {escape(note)}")
    if output is not None:
        err.print(f"Wrote {report.summary()} to {escape(str(output))}.")
