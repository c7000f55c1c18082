"""`docket deployments` and `docket laws`: surveillance and data-control deployments, and laws
and bills with their stages, as the audience may see them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from docket.cli.common import AudienceOption, Json, audience_of, print_json, store_of
from docket.services import surveillance
from docket.services.surveillance_view import deployment_view, law_view

out = Console(highlight=False, soft_wrap=False, width=None)


def _names(actors: list[dict[str, object]]) -> str:
    return "; ".join(
        f"{a['name']}" + (f" ({a['country']})" if a["country"] else "") for a in actors
    )


def _sources(items: list[dict[str, object]]) -> str:
    return ", ".join(f"{s['source']}" + (f" {s['at']}" if s["at"] else "") for s in items)


deployments_app = typer.Typer(
    help="Surveillance and data-control deployments: systems, vendors, operators, agreements.",
    no_args_is_help=True,
)
laws_app = typer.Typer(
    help="Laws and bills: their stages with dates, the rights they affect, where they were used.",
    no_args_is_help=True,
)


@deployments_app.command("list")
def list_deployments(
    ctx: typer.Context, as_json: Json = False, audience: AudienceOption = "viewer"
) -> None:
    """Every deployment: system, vendors and their countries, operators, since when, scale."""
    store = store_of(ctx)
    record = surveillance.read_digital(store, audience_of(audience), disruptions=[], laws=[])
    views = [deployment_view(d, record) for d in record.deployments]
    if as_json:
        print_json(views)
        return
    if not views:
        out.print("No deployments recorded.")
        return
    table = Table(title="Deployments", title_justify="left")
    for column in ("System", "Vendors", "Operators", "Capabilities", "Since", "Scale", "Sources"):
        table.add_column(column)
    for v in views:
        table.add_row(
            f"{v['system']}\n[dim]{v['id']} · {v['status_label']}[/dim]",
            _names(v["vendors"]) or "-",
            _names(v["operators"]) or "-",
            ", ".join(c["label"] for c in v["capabilities"]) or "-",
            v["since"] or "-",
            "; ".join(s["figure"] or s["wording"] for s in v["scale"]) or "-",
            _sources(v["sources"]),
        )
    out.print(table)


@deployments_app.command("show")
def show_deployment(
    ctx: typer.Context,
    deployment_id: Annotated[str, typer.Argument(help="The deployment's id.")],
    as_json: Json = False,
    audience: AudienceOption = "viewer",
) -> None:
    """One deployment with its agreements and every source."""
    store = store_of(ctx)
    record = surveillance.get_deployment(store, deployment_id, audience_of(audience))
    v = deployment_view(record.deployments[0], record)
    if as_json:
        print_json(v)
        return
    out.print(f"[bold]{v['system']}[/bold]  [dim]{v['id']}[/dim]  ({v['status_label']})")
    lines = [
        ("Vendors", _names(v["vendors"])),
        ("Operators", _names(v["operators"])),
        ("Capabilities", ", ".join(c["label"] for c in v["capabilities"])),
        ("Where", v["place"]),
        ("Since", v["since"]),
        ("Until", v["until"]),
        ("Scale", "; ".join(f"{s['figure'] or ''} “{s['wording']}”" for s in v["scale"])),
    ]
    for label, value in lines:
        if value:
            out.print(f"  {label}: {value}")
    if v["summary"]:
        out.print(f"  {v['summary']}", soft_wrap=True)
    for a in v["agreements"]:
        out.print(
            f"  - {a['kind_label']}: {a['title']}"
            + (f", {a['date']}" if a["date"] else "")
            + (f", {a['amount']}" if a["amount"] else "")
            + f"  [dim]{_sources(a['sources'])}[/dim]",
            soft_wrap=True,
        )
    out.print(f"  Sources: {_sources(v['sources'])}", soft_wrap=True)


@laws_app.command("list")
def list_laws(
    ctx: typer.Context, as_json: Json = False, audience: AudienceOption = "viewer"
) -> None:
    """Every law and bill with its status (the latest stage) and its date."""
    store = store_of(ctx)
    record = surveillance.read_digital(store, audience_of(audience), deployments=[], disruptions=[])
    views = [law_view(law, record) for law in record.laws]
    if as_json:
        print_json(views)
        return
    if not views:
        out.print("No laws or bills recorded.")
        return
    table = Table(title="Laws and bills", title_justify="left")
    for column in ("Title", "Kind", "Status", "Date", "Rights affected", "Sources"):
        table.add_column(column)
    for v in views:
        table.add_row(
            f"{v['title']}\n[dim]{v['id']}[/dim]",
            v["kind_label"],
            v["status_label"] or "-",
            v["status_date"] or "-",
            ", ".join(r["label"] for r in v["rights"]) or "-",
            _sources(v["sources"]),
        )
    out.print(table)


@laws_app.command("show")
def show_law(
    ctx: typer.Context,
    law_id: Annotated[str, typer.Argument(help="The law's id.")],
    as_json: Json = False,
    audience: AudienceOption = "viewer",
) -> None:
    """One law or bill: every stage with its date and sources, rights affected, uses."""
    store = store_of(ctx)
    record = surveillance.get_law(store, law_id, audience_of(audience))
    v = law_view(record.laws[0], record)
    if as_json:
        print_json(v)
        return
    out.print(f"[bold]{v['title']}[/bold]  [dim]{v['id']}[/dim]  ({v['kind_label']})")
    if v["title_ru"]:
        out.print(f"  {v['title_ru']}")
    if v["amends"]:
        out.print(f"  Amends: {v['amends']}")
    for s in v["stages"]:
        body = f" ({s['body_name']})" if s["body_name"] else ""
        out.print(
            f"  {s['date']}: {s['label']}{body}  [dim]{_sources(s['sources'])}[/dim]",
            soft_wrap=True,
        )
    if v["rights"]:
        out.print("  Rights affected: " + ", ".join(r["label"] for r in v["rights"]))
    for u in v["uses"]:
        out.print(f"  Used in: {u['case_title'] or u['case'] or u['event']}")
    if v["summary"]:
        out.print(f"  {v['summary']}", soft_wrap=True)
    out.print(f"  Sources: {_sources(v['sources'])}", soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.add_typer(deployments_app, name="deployments")
    app.add_typer(laws_app, name="laws")
