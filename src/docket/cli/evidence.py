"""`docket capture`, `docket evidence ...` and `docket sources check`: cited pages and
documents kept as verifiable evidence, with their chain of custody.

`register(app)` adds the commands to Docket's command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from docket.cli.common import Json, print_json, store_of
from docket.domain.evidence import EvidenceItem, describe
from docket.errors import DocketError

out = Console(highlight=False, soft_wrap=False, width=None)
err = Console(stderr=True, highlight=False)

evidence_app = typer.Typer(
    help="Evidence: captured pages and documents, their hashes, timestamps and custody.",
    no_args_is_help=True,
)
sources_app = typer.Typer(help="The sources the record cites.", no_args_is_help=True)

Concurrency = Annotated[
    int, typer.Option("--concurrency", "-n", min=1, max=32, help="Fetches at the same time.")
]


class MismatchFound(DocketError):
    exit_code = 7


def register(app: typer.Typer) -> None:
    """Add `capture` and the `evidence` and `sources` command groups to APP (once)."""
    names = {group.name for group in app.registered_groups}
    if "evidence" not in names:
        app.add_typer(evidence_app, name="evidence")
    if "sources" not in names:
        app.add_typer(sources_app, name="sources")
    if "capture" not in {c.name for c in app.registered_commands}:
        app.command(name="capture")(capture)


def _bar(*columns: Any) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        *columns,
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def _item_view(item: EvidenceItem, *, text: bool = False) -> dict[str, Any]:
    view: dict[str, Any] = {
        **describe(item),
        "note": item.note,
        "files": [{"role": f.role, "sha256": f.sha256, "size": f.size} for f in item.files],
        "timestamps": [
            {"authority": t.authority, "time": t.time, "digest_sha256": t.digest_sha256}
            for t in item.timestamps
        ],
    }
    if text:
        view["text"] = item.text
    return view


def capture(
    ctx: typer.Context,
    urls: Annotated[
        list[str] | None, typer.Argument(help="Web addresses to capture.", show_default=False)
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Link the captures to this source.")
    ] = None,
    all_sources: Annotated[
        bool, typer.Option("--all-sources", help="Capture every address the sources cite.")
    ] = False,
    missing_only: Annotated[
        bool, typer.Option("--missing-only", help="Leave out addresses captured before.")
    ] = False,
    concurrency: Concurrency = 4,
    as_json: Json = False,
) -> None:
    """Capture web pages and documents as evidence: WARC records, SHA-256, text, timestamp.

    Fetches through DOCKET_CAPTURE_PROXY when set (e.g. Tor's SOCKS port), gives up after
    DOCKET_CAPTURE_TIMEOUT seconds, keeps at most DOCKET_CAPTURE_MAX_BYTES of a response, and
    asks DOCKET_TSA_URL for a trusted timestamp (captures are kept without one, and say so).
    Exit code 1 when an address could not be captured.
    """
    from docket.services import capture as service

    store = store_of(ctx)
    targets = service.choose_targets(
        store,
        urls or [],
        source_id=source,
        all_sources=all_sources,
        missing_only=missing_only,
    )
    if not targets:
        out.print("Nothing to capture: give addresses, --source or --all-sources.")
        return
    bar = _bar(MofNCompleteColumn())
    task = bar.add_task("capturing", total=len(targets))
    with bar:
        done = service.capture_many(
            store, targets, concurrency=concurrency, progress=lambda _u: bar.advance(task)
        )
    failed = [c for c in done if c.error]
    if as_json:
        print_json(
            [
                {
                    "url": c.url,
                    "error": c.error,
                    "no_timestamp": c.no_timestamp,
                    "evidence": _item_view(c.item) if c.item else None,
                }
                for c in done
            ]
        )
    else:
        for c in done:
            if c.item is None:
                out.print(f"[red]not captured[/red] {c.url}: {c.error}", soft_wrap=True)
                continue
            i = c.item
            warc = i.anchor.sha256
            cut = " [yellow](cut at the size limit)[/yellow]" if i.truncated else ""
            out.print(
                f"{i.id}  HTTP {i.http_status}  {c.url}{cut}\n"
                f"  WARC sha256 {warc}; title: {i.title or '-'}; "
                f"{len(i.text):,} characters of text",
                soft_wrap=True,
            )
            if c.no_timestamp:
                out.print(f"  [yellow]no trusted timestamp:[/yellow] {c.no_timestamp}")
            else:
                out.print(f"  timestamped by {i.timestamps[0].authority} at {i.timestamps[0].time}")
        out.print(f"{len(done) - len(failed)} captured, {len(failed)} not captured.")
    if failed:
        raise typer.Exit(1)


@evidence_app.command("list")
def list_(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option("--source", help="Only this source's.")] = None,
    as_json: Json = False,
) -> None:
    """Evidence items: id, time, status, address."""
    from docket.services import evidence

    items = evidence.list_evidence(store_of(ctx), source_id=source)
    if as_json:
        print_json([_item_view(i) for i in items])
        return
    for i in items:
        stamp = "timestamped" if i.timestamps else "no timestamp"
        out.print(
            f"{i.id}  {i.captured_at}  {i.method:<8} {i.http_status or '-'}  {stamp:<12} "
            f"{i.url or '-'}",
            soft_wrap=True,
        )
    if not items:
        out.print("No evidence stored.")


@evidence_app.command("show")
def show(
    ctx: typer.Context,
    evidence_id: Annotated[str, typer.Argument(help="The evidence id.")],
    text: Annotated[bool, typer.Option("--text", help="Print the extracted text too.")] = False,
    as_json: Json = False,
) -> None:
    """One evidence item: its files, hashes and timestamps (the view is logged in custody)."""
    from docket.services import evidence

    item = evidence.get_evidence(store_of(ctx), evidence_id, log_as="viewed")
    if as_json:
        print_json(_item_view(item, text=text))
        return
    view = _item_view(item, text=text)
    for key, value in view.items():
        if key in ("files", "timestamps", "text"):
            continue
        out.print(f"{key:<12} {value if value is not None else '-'}", soft_wrap=True)
    for f in item.files:
        out.print(f"file         {f.role:<8} sha256 {f.sha256}  {f.size:,} bytes")
    for t in item.timestamps:
        out.print(f"timestamp    {t.time} by {t.authority} of sha256 {t.digest_sha256}")
    if text:
        out.print("\n" + item.text, soft_wrap=True)


@evidence_app.command("custody")
def custody(
    ctx: typer.Context,
    evidence_id: Annotated[str, typer.Argument(help="The evidence id.")],
    as_json: Json = False,
) -> None:
    """The chain of custody of an item: who captured, imported, viewed, verified, exported."""
    from docket.services import evidence

    log = evidence.custody_of(store_of(ctx), evidence_id)
    if as_json:
        print_json([{k: getattr(e, k) for k in e.__slots__} for e in log])
        return
    for e in log:
        out.print(f"{e.seq:>3} {e.at} {e.action:<9} {e.actor}  {dict(e.details)}", soft_wrap=True)


@evidence_app.command("verify")
def verify(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None, typer.Argument(help="Evidence ids (default: all).", show_default=False)
    ] = None,
    as_json: Json = False,
) -> None:
    """Re-hash every stored file and WARC, check timestamps and custody logs.

    Exit code 7 when anything does not match.
    """
    from docket.services import evidence

    store = store_of(ctx)
    bar = _bar(DownloadColumn())
    task = bar.add_task("verifying", total=None)
    with bar:
        results = evidence.verify_evidence(
            store, ids or None, progress=lambda _i, n: bar.advance(task, n)
        )
    bad = [r for r in results if not r.ok]
    if as_json:
        print_json([{**{k: getattr(r, k) for k in r.__slots__}, "ok": r.ok} for r in results])
    else:
        for r in results:
            mark = "[green]ok[/green]" if r.ok else "[red]MISMATCH[/red]"
            out.print(
                f"{r.id}  {mark}  {r.files} file(s), {r.bytes:,} bytes, {r.timestamps} timestamp(s)"
            )
            for p in r.problems:
                out.print(f"  [red]-[/red] {p}", soft_wrap=True)
            for w in r.warnings:
                out.print(f"  [yellow]-[/yellow] {w}", soft_wrap=True)
        out.print(f"{len(results) - len(bad)} of {len(results)} item(s) verified.")
    if bad:
        raise MismatchFound(f"{len(bad)} evidence item(s) do not match what was recorded.")


@evidence_app.command("import")
def import_(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(help="FILE.warc, FILE.warc.gz, FILE.wacz or FILE.pdf.")
    ],
    source: Annotated[str | None, typer.Option("--source", help="Link to this source.")] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="The address the file came from.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Add evidence captured elsewhere, hashed on the way in, kept as it came."""
    from docket.services import evidence_import

    store = store_of(ctx)
    done = [evidence_import.import_file(store, f, source_id=source, url=url) for f in files]
    if as_json:
        print_json([{**_item_view(i), "no_timestamp": why} for i, why in done])
        return
    for item, why in done:
        out.print(f"{item.id}  {item.anchor.name}  sha256 {item.anchor.sha256}", soft_wrap=True)
        if why:
            out.print(f"  [yellow]no trusted timestamp:[/yellow] {why}")


@evidence_app.command("export")
def export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="The package to write (.zip).")],
    ids: Annotated[
        list[str] | None, typer.Argument(help="Evidence ids (default: all).", show_default=False)
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help="A source's evidence.")] = None,
) -> None:
    """Write an evidence package to hand over: files, hashes, custody, signed manifest."""
    from docket.services import evidence_export

    path, n, key = evidence_export.export_package(
        store_of(ctx), output, ids=ids or [], source_id=source
    )
    out.print(f"Wrote {path.name}: {n} item(s). Manifest signed by the key {key}.", soft_wrap=True)


@evidence_app.command("check-package")
def check_package(
    package: Annotated[Path, typer.Argument(help="An evidence package (.zip).")],
) -> None:
    """Check an evidence package offline (exit code 7 when anything was changed)."""
    from docket.services import evidence_export

    found = evidence_export.check_package(package)
    out.print(f"{found.items} item(s), {found.files} file(s); signing key {found.key_fingerprint}")
    for p in found.problems:
        out.print(f"  [red]-[/red] {p}", soft_wrap=True)
    if found.problems:
        raise MismatchFound("The package was changed after it was exported.")
    out.print("Every file, the manifest and its signature match.")


@sources_app.command("check")
def check(
    ctx: typer.Context,
    concurrency: Concurrency = 4,
    as_json: Json = False,
) -> None:
    """Whether every cited address still answers, redirects, changed or is gone."""
    from docket.services import capture_check

    store = store_of(ctx)
    bar = _bar(MofNCompleteColumn())
    task = bar.add_task("checking", total=None)

    def advance(_url: str, total: int) -> None:
        bar.update(task, total=total, advance=1)

    with bar:
        results = capture_check.check_sources(store, concurrency=concurrency, progress=advance)
    if as_json:
        print_json([{k: getattr(r, k) for k in r.__slots__} for r in results])
        return
    for r in results:
        out.print(f"{r.state:<10} {r.url}  {r.detail}", soft_wrap=True)
    counts = {
        s: sum(1 for r in results if r.state == s)
        for s in ("alive", "redirects", "changed", "gone")
    }
    out.print(", ".join(f"{n} {s}" for s, n in counts.items()) + f" of {len(results)} address(es).")
