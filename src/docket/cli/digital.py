"""`docket ooni` and `docket takedowns`: internet blocking and content removal requests.

`register(app)` adds both command groups to Docket's command line.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from docket.cli.common import Json, day_or_none, print_json, store_of
from docket.domain.digital import BLOCKING_KINDS, PeriodRule
from docket.errors import DocketError
from docket.services import ooni, takedowns

out = Console(highlight=False, soft_wrap=False, width=None)
err = Console(stderr=True, highlight=False)

ooni_app = typer.Typer(
    help="Internet blocking measured by OONI: import measurements, sum them up.",
    no_args_is_help=True,
)
takedowns_app = typer.Typer(
    help="Government requests to remove content: Google's statistics, Lumen's notices.",
    no_args_is_help=True,
)

Since = Annotated[str | None, typer.Option("--since", help="First day (YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option("--until", help="Last day (YYYY-MM-DD).")]


def register(app: typer.Typer) -> None:
    """Add the `ooni` and `takedowns` command groups to APP (once, however often called)."""
    names = {group.name for group in app.registered_groups}
    if "ooni" not in names:
        app.add_typer(ooni_app, name="ooni")
    if "takedowns" not in names:
        app.add_typer(takedowns_app, name="takedowns")


# --- ooni --------------------------------------------------------------------------------------


@ooni_app.command("import")
def ooni_import(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            help="OONI measurement files: .json (one measurement), .jsonl, or .jsonl.gz as "
            "OONI publishes them."
        ),
    ],
    workers: Annotated[
        int | None,
        typer.Option(
            help="Processes that judge the measurements (default: one per processor "
            "for large imports; 0: none)."
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """Import OONI measurements, judging each web_connectivity one as OONI does.

    Everything is written in one go, or nothing on any problem. Measurements already stored
    (same measurement id) are not written again. Other tests and versions are kept as written
    and reported.
    """
    store = store_of(ctx)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    total = sum(f.stat().st_size for f in files if f.is_file())
    task = bar.add_task(f"{len(files)} file(s)", total=total)
    done: dict[str, int] = {}

    def advance(name: str, read: int, size: int) -> None:
        done[name] = read
        bar.update(task, completed=sum(done.values()), description=Path(name).name)

    with bar:
        report = ooni.import_measurements(store, files, progress=advance, workers=workers)
    if as_json:
        print_json({"store": store.settings.describe_store(), **report.as_dict()})
        return
    rate = report.measurements / report.seconds if report.seconds else 0
    out.print(
        f"Read {report.measurements:,} web_connectivity measurements from {len(files)} file(s) "
        f"into {store.settings.describe_store()} in {report.seconds:.1f} s ({rate:,.0f}/s): "
        f"{report.new:,} new, {report.already:,} already stored."
    )
    skipped = [f for f in report.files if f.skipped]
    if skipped:
        out.print(f"{len(skipped)} file(s) imported before (same SHA-256) were not read again.")
    for name, n in sorted(report.raw.items()):
        out.print(f"Kept as written, not judged: {n:,} '{name}' measurement(s).")
    if report.judged:
        out.print(
            f"Docket's verdict agrees with OONI's on {report.agreed:,} "
            f"of the {report.judged:,} measurements it judged."
        )
    for d in report.disagreements[:10]:
        out.print(
            f"  differs: {d['file']}:{d['line']} {d['id']}: OONI {d['ooni']}, "
            f"Docket {d['docket']} ({d['reason']})",
            soft_wrap=True,
        )


@ooni_app.command("summary")
def ooni_summary(
    ctx: typer.Context,
    country: Annotated[str | None, typer.Option(help="Two-letter country code, e.g. KZ.")] = None,
    since: Since = None,
    until: Until = None,
    domain: Annotated[
        str | None,
        typer.Option(
            help="A domain (its subdomains count too) or an app: WhatsApp, Telegram, "
            "Facebook, Instagram, YouTube."
        ),
    ] = None,
    threshold: Annotated[
        float, typer.Option(help="Share of anomalies that makes a day count towards a period.")
    ] = 0.5,
    min_days: Annotated[int, typer.Option(help="Consecutive days a period needs.")] = 2,
    min_measurements: Annotated[
        int, typer.Option(help="Measurements a day needs to count at all.")
    ] = 1,
    verdict: Annotated[
        str, typer.Option(help="Count Docket's verdicts ('docket') or OONI's own ('ooni').")
    ] = "docket",
    chart: Annotated[
        Path | None, typer.Option(help="Also draw the anomalies by day into this PNG file.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Measurements, anomalies and blocking kinds per domain, app and network, day by day,
    and the periods of blocking (consecutive days over the threshold)."""  # fmt: skip
    if verdict not in ("docket", "ooni"):
        raise typer.BadParameter("'docket' or 'ooni'", param_hint="--verdict")
    rule = PeriodRule(threshold, min_days, min_measurements)
    result = ooni.summarize(
        store_of(ctx),
        country=country,
        since=day_or_none(since, "--since"),
        until=day_or_none(until, "--until"),
        domain=domain,
        rule=rule,
        verdict=verdict,
    )
    if chart is not None:
        draw_chart(result, chart)
    if as_json:
        print_json(ooni.summary_view(result))
        return
    _print_ooni(result)
    if chart is not None:
        out.print(f"Chart written to {chart}.")


def _blocking(tally: Any) -> str:
    return ", ".join(f"{k} {n:,}" for k, n in tally.blocking.most_common()) or "-"


def _print_ooni(s: ooni.OoniSummary) -> None:
    f = s.filters
    where = " ".join(x for x in (f["country"], f["domain"]) if x) or "all countries"
    if s.first is None:
        out.print(f"No OONI measurement matches ({where}).")
        return
    t = s.total.total
    out.print(
        f"[bold]OONI web_connectivity, {where}, {s.first} to {s.last}[/bold] "
        f"({'Docket' if f['verdict'] == 'docket' else 'OONI'}'s verdicts): "
        f"{t.measurements:,} measurements, {t.anomalies:,} anomalies ({t.share():.0%}); "
        f"{t.unknown:,} without a verdict."
    )
    by = "by day" if s.chart_step == 1 else f"by {s.chart_step} days"
    table = Table(title_justify="left", show_lines=False)
    for name, justify in [("Domain / app / network", "left"), ("Measured", "right"),
                          ("Anomalies", "right"), ("Blocking", "left"),
                          (f"Anomaly share {by}, {s.first} to {s.last}", "left")]:  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for ts in s.targets:
        target = ts.target
        total = target.series.total
        label = f"[bold]{target.name}[/bold]" + (" (app)" if target.kind == "app" else "")
        table.add_row(label, f"{total.measurements:,}", f"{total.anomalies:,}",
                      _blocking(total), s.chart(target.series))  # fmt: skip
        if not total.anomalies:
            continue  # networks only where something was seen (--json lists them all)
        for asn, series in sorted(target.networks.items()):
            name = f"  AS{asn} {s.networks.get(asn) or ''}".rstrip()
            table.add_row(f"[dim]{name}[/dim]", f"{series.total.measurements:,}",
                          f"{series.total.anomalies:,}", _blocking(series.total),
                          s.chart(series))  # fmt: skip
    out.print(table)
    rule = s.rule
    out.print(
        f"[bold]Periods of blocking[/bold] (at least {rule.min_days} consecutive days with "
        f"{rule.threshold:.0%} or more anomalies):"
    )
    found = False
    for ts in s.targets:
        for p in ts.periods:
            found = True
            out.print(f"  {ts.target.name}: {p.start} to {p.end} ({p.days} days), "
                      f"{p.tally.anomalies:,} anomalies of {p.tally.measurements:,}: "
                      f"{_blocking(p.tally)}")  # fmt: skip
        for asn, periods in sorted(ts.network_periods.items()):
            for p in periods:
                found = True
                out.print(f"    on AS{asn} {s.networks.get(asn) or ''}: {p.start} to {p.end} "
                          f"({p.days} days): {_blocking(p.tally)}")  # fmt: skip
    if not found:
        out.print("  none")
    out.print("[bold]Sources[/bold] (file, SHA-256, measurements counted):")
    for src in s.files:
        out.print(f"  {src['file']}  {src['sha256'][:16]}…  {src['measurements']:,}")
    if s.disagreements:
        out.print(f"Docket's verdict differs from OONI's on {len(s.disagreements)} measurement(s).")
    for name, n in sorted(s.kept_raw.items()):
        out.print(f"Not counted: {n:,} '{name}' measurement(s) kept as written.")


def draw_chart(s: ooni.OoniSummary, path: Path) -> None:
    """Anomalies by blocking kind, day by day, and the anomaly share of the most blocked
    targets, as a PNG. Needs matplotlib (imported only here)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise DocketError(
            "--chart needs matplotlib, which is not installed here; "
            "the table and --json work without it."
        ) from error
    days = sorted(s.total.days)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 6.5), sharex=True)
    base = [0] * len(days)
    for kind in BLOCKING_KINDS:
        values = [s.total.days[d].blocking[kind] for d in days]
        if any(values):
            top.bar(days, values, bottom=base, label=kind, width=0.9)
            base = [a + b for a, b in zip(base, values, strict=True)]
    top.plot(days, [s.total.days[d].measurements for d in days], color="black", lw=0.8,
             label="measurements")  # fmt: skip
    top.set_ylabel("measurements / anomalies")
    top.legend(loc="upper left", fontsize="small")
    where = ", ".join(str(v) for k, v in s.filters.items() if v and k != "verdict")
    top.set_title(f"OONI web_connectivity: anomalies by day ({where or 'all'})")
    for ts in [t for t in s.targets if t.target.series.total.anomalies][:6]:
        series = ts.target.series
        ds = sorted(series.days)
        bottom.plot(ds, [series.days[d].share() for d in ds], marker=".", label=ts.target.name)
    bottom.axhline(s.rule.threshold, color="grey", ls="--", lw=0.8, label="period threshold")
    bottom.set_ylabel("anomaly share")
    bottom.set_ylim(0, 1.05)
    bottom.legend(loc="upper left", fontsize="small")
    fig.autofmt_xdate()
    fig.tight_layout()
    try:
        fig.savefig(path, dpi=110)
    except OSError as error:
        raise DocketError(f"Cannot write the chart to {path}: {error}") from error
    finally:
        plt.close(fig)


# --- takedowns ---------------------------------------------------------------------------------


@takedowns_app.command("import")
def takedowns_import(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Google's government removals CSVs (summary or detailed), or Lumen notices "
            "(.json, .jsonl)."
        ),
    ],
    as_json: Json = False,
) -> None:
    """Import takedown statistics and notices; a file imported before is not imported again.

    Google's CSV headers change between releases: a file whose header is not one Docket knows
    is refused, with the columns that differ. On any problem nothing is written.
    """
    store = store_of(ctx)
    reports = takedowns.import_takedowns(store, files)
    if as_json:
        print_json([asdict(r) for r in reports])
        return
    for r in reports:
        if r.already_imported:
            out.print(f"{r.file}: already imported (as {r.already_imported}); nothing new.")
        else:
            out.print(f"{r.file}: {r.new:,} new of {r.records:,} records ({r.layout}).")


@takedowns_app.command("summary")
def takedowns_summary(
    ctx: typer.Context,
    country: Annotated[str, typer.Option(help="Two-letter country code, e.g. KZ.")],
    since: Since = None,
    until: Until = None,
    as_json: Json = False,
) -> None:
    """Requests, items, compliance, and shares by reason and product, for a country over any
    period, with the source file and its SHA-256 behind every figure."""  # fmt: skip
    result = takedowns.summarize(
        store_of(ctx),
        country=country,
        since=day_or_none(since, "--since"),
        until=day_or_none(until, "--until"),
    )
    if as_json:
        print_json(result)
        return
    _print_takedowns(result)


def _sources(figure: dict[str, Any]) -> str:
    return "; ".join(f"{s['file']} (sha256 {s['sha256'][:12]}…)" for s in figure["sources"])


def _print_takedowns(r: dict[str, Any]) -> None:
    span = f"{r['since'] or 'the start'} to {r['until'] or 'the latest'}"
    out.print(f"[bold]Government takedown requests, {r['country']}, {span}[/bold]")
    g = r["google"]
    if g is None and r["google_detailed"] is None and r["lumen"] is None:
        out.print("Nothing imported matches.")
        return
    if g is not None:
        req, items, comp = g["requests"], g["items"], g["compliance"]
        out.print(f"Google: {req['qualifier']} {req['value']:,} requests naming "
                  f"{items['qualifier']} {items['value']:,} items, in {len(g['periods'])} "
                  f"half-year(s); source: {_sources(req)}")  # fmt: skip
        if req["periods_without_a_number"]:
            out.print(f"  not counted (Google gives no number, e.g. '<10'): "
                      f"{', '.join(req['periods_without_a_number'])}")  # fmt: skip
        if comp["value"] is not None:
            out.print(f"  complied with (fully or partially): {comp['value']}% of requests")
        for p in g["periods"]:
            out.print(f"  {p['period']}: {p['requests'] if p['requests'] is not None else '-'} "
                      f"requests, {p['items'] if p['items'] is not None else '-'} items, "
                      f"{p['complied_pct'] if p['complied_pct'] is not None else '-'}% complied "
                      f"[dim](line {p['source']['line']})[/dim]")  # fmt: skip
    d = r["google_detailed"]
    if d is not None:
        for key, label in (("by_reason", "reason"), ("by_product", "product")):
            out.print(f"Google, shares by {label} ({d['unit']}):")
            for row in d[key]:
                out.print(f"  {row[label]}: {row['total']:,} ({row['share']:.0%})"
                          f" [dim]{_sources(row)}[/dim]")  # fmt: skip
    lumen = r["lumen"]
    if lumen is not None:
        notices, urls = lumen["notices"], lumen["urls"]
        out.print(f"Lumen: {notices['value']:,} notices naming {urls['value']:,} URLs; "
                  f"source: {_sources(notices)}")  # fmt: skip
        for row in lumen["by_type"]:
            out.print(f"  {row['type']}: {row['notices']:,}")
