"""`docket campaigns`: coordinated smear campaigns found by text reuse across sites.

`register(app)` adds the command group to Docket's command line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from docket.cli.common import Json, print_json, store_of

out = Console(highlight=False, soft_wrap=False, width=None)
err = Console(stderr=True, highlight=False)

campaigns_app = typer.Typer(
    help="Coordinated smear campaigns: the same text republished across sites.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the `campaigns` command group to APP (once, however often called)."""
    if "campaigns" not in {group.name for group in app.registered_groups}:
        app.add_typer(campaigns_app, name="campaigns")


@campaigns_app.command("scan")
def scan(
    ctx: typer.Context,
    corpus: Annotated[
        list[Path],
        typer.Argument(
            help="WARC or WACZ files, JSON lines (url, html or text, title, published, "
            "fetched), or folders of HTML files."
        ),
    ],
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            help="Jaccard similarity of 5-word shingles at or above which two articles are "
            "the same text.",
        ),
    ] = 0.5,
    min_sites: Annotated[
        int, typer.Option("--min-sites", help="Sites a campaign must span (at least 2).")
    ] = 2,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="local: this process. dask: a Dask cluster (a local one, or --scheduler).",
        ),
    ] = "local",
    workers: Annotated[
        int, typer.Option("--workers", help="Processes of the local Dask cluster.")
    ] = 2,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Address of a running Dask scheduler (tcp://...)."),
    ] = None,
    passages: Annotated[
        bool,
        typer.Option(
            "--passages/--no-passages", help="Also look for paragraphs lifted into other texts."
        ),
    ] = True,
    as_json: Json = False,
) -> None:
    """Read a corpus, store its articles, and find the campaigns in it.

    Every pair reported is verified by exact Jaccard similarity on the words. Records that
    cannot be read are reported by file and record; the others are scanned.
    """
    from docket.services.campaign_scan import ScanRequest, scan_corpus

    store = store_of(ctx)
    request = ScanRequest(
        corpus=tuple(corpus),
        threshold=threshold,
        min_sites=min_sites,
        engine=engine,
        workers=workers,
        scheduler=scheduler,
        passages=passages,
    )
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} records"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    task = bar.add_task("reading", total=None)
    with bar:
        report = scan_corpus(store, request, progress=lambda n: bar.advance(task, n))
    if as_json:
        print_json(
            {
                "scan": report.scan_id,
                **report.counts(),
                "campaign_ids": report.campaigns,
                "notes": report.notes,
                "problems": [str(p) for p in report.problems],
            }
        )
        return
    out.print(
        f"Scan {report.scan_id}: {report.records} records, {report.articles} articles "
        f"({report.compared} compared, {report.repeated} repeated captures); "
        f"{report.reuse_pairs} verified reuse pairs, {report.partial_pairs} lifted passages; "
        f"[bold]{len(report.campaigns)} campaign(s)[/bold]"
        + (f": {', '.join(map(str, report.campaigns))}" if report.campaigns else "")
        + "."
    )
    for note, n in sorted(report.notes.items()):
        out.print(f"  note: {escape(note)}: {n} article(s)")
    if report.problems:
        err.print(f"{len(report.problems)} record(s) could not be read:")
        for problem in report.problems[:50]:
            err.print(f"  - {escape(str(problem))}")
        if len(report.problems) > 50:
            err.print(f"  ... and {len(report.problems) - 50} more (see --json)")


@campaigns_app.command("list")
def list_(ctx: typer.Context, as_json: Json = False) -> None:
    """Campaigns found so far, the newest first."""
    from docket.services.campaigns import list_campaigns

    found = list_campaigns(store_of(ctx))
    if as_json:
        print_json(found)
        return
    if not found:
        out.print("No campaigns yet: `docket campaigns scan CORPUS` finds them.")
        return
    table = Table("ID", "sites", "articles", "first", "last", "targets", "title")
    for c in found:
        table.add_row(
            str(c["id"]),
            str(c["sites"]),
            str(c["articles"]),
            c["first_published"] or "",
            c["last_published"] or "",
            escape(", ".join(c["people"])),
            escape((c["title"] or "")[:60]),
        )
    out.print(table)


def _print_campaign(c: dict[str, Any]) -> None:
    o = c["original"]
    out.print(
        f"[bold]Campaign {c['id']}[/bold]: {c['articles']} articles on {c['sites']} sites, "
        f"{c['first_published'] or 'undated'} to {c['last_published'] or 'undated'}"
    )
    out.print(
        f"Likely original: article {o['id']} on {escape(str(o['site']))} "
        f"({escape(o['why'])}): {escape(str(o['title'] or ''))}"
    )
    people = ", ".join(f"{p['name']} (as \u201c{p['as_written']}\u201d)" for p in c["people"])
    orgs = ", ".join(o["name"] for o in c["organisations"])
    out.print(f"Names: {escape(people) or 'no person linked'}; {escape(orgs) or 'no organisation'}")
    out.print("Titles used:")
    for t in c["titles"]:
        out.print(f"  - {escape(t['title'])} ({escape(', '.join(t['sites']))})")
    out.print("Spread: " + ", ".join(f"{day} ({n})" for day, n in c["spread"]))
    if c["infrastructure"]:
        out.print("Shared infrastructure:")
        for i in c["infrastructure"]:
            out.print(f"  - {i['kind']} {escape(i['id'])}: {escape(', '.join(i['sites']))}")
    table = Table("article", "site", "published", "title", "text SHA-256")
    for m in c["members"]:
        table.add_row(
            str(m["id"]),
            escape(str(m["site"])),
            m["published"] or "",
            escape((m["title"] or "")[:50]),
            m["text_sha256"][:16],
        )
    out.print(table)
    partial = [r for r in c["reuse"] if r["kind"] == "partial"]
    full = len(c["reuse"]) - len(partial)
    out.print(f"{full} verified pairs of the same text; {len(partial)} lifted passage(s).")
    for r in partial[:10]:
        shared = r["shared"].get("a", "")
        out.print(
            f"  - articles {r['a']} ({escape(str(r['site_a']))}) and {r['b']} "
            f"({escape(str(r['site_b']))}), Jaccard {r['jaccard']:.2f}: "
            f"\u201c{escape(shared[:200])}\u201d"
        )


@campaigns_app.command("show")
def show(
    ctx: typer.Context,
    campaign_id: Annotated[int, typer.Argument(metavar="ID", help="The campaign's number.")],
    as_json: Json = False,
) -> None:
    """A campaign: sites, titles, dates, the likely original, spread, shared
    infrastructure, the people and organisations it names, and its articles."""
    from docket.services.campaigns import get_campaign

    found = get_campaign(store_of(ctx), campaign_id)
    if as_json:
        print_json(found)
    else:
        _print_campaign(found)


@campaigns_app.command("export")
def export(
    ctx: typer.Context,
    campaign_id: Annotated[int, typer.Argument(metavar="ID", help="The campaign's number.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="A new or empty folder for the package.")
    ],
) -> None:
    """Write a campaign's evidence package: articles, captures, hashes, and the reuse
    evidence side by side (evidence.html), with SHA256SUMS."""
    from docket.services.campaigns import export_campaign

    written = export_campaign(store_of(ctx), campaign_id, output)
    out.print(f"Wrote {len(written)} files to {escape(str(output))}.")


@campaigns_app.command("brief")
def brief(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="md or html.")] = "md",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file.")
    ] = None,
) -> None:
    """The briefing section "Smear campaigns against human-rights defenders"."""
    from docket.services.campaign_briefing import (
        briefing_section,
        render_html,
        render_markdown,
    )

    if fmt not in ("md", "html"):
        raise typer.BadParameter("must be md or html", param_hint="--format")
    section = briefing_section(store_of(ctx))
    text = render_markdown(section) if fmt == "md" else render_html(section)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, "utf-8")
        out.print(f"Wrote {escape(str(output))}.")
