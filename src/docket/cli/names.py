"""`docket names compare`, `docket people find|duplicates|merge|unmerge`."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from docket.cli.common import print_json, store_of
from docket.services import duplicates, finding

out = Console(highlight=False)
names_app = typer.Typer(help="Compare names across scripts and spellings.", no_args_is_help=True)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def register(app: typer.Typer, people_app: typer.Typer) -> None:
    app.add_typer(names_app, name="names")
    people_app.command("find")(find)
    people_app.command("duplicates")(duplicates_command)
    people_app.command("merge")(merge)
    people_app.command("unmerge")(unmerge)


@names_app.command("compare")
def compare(
    a: Annotated[str, typer.Argument(help="A name, in any script.")],
    b: Annotated[str, typer.Argument(help="Another name, in any script.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """How likely two names are one person's: a score from 0 to 1, the verdict and why."""
    result = duplicates.compare([a], [b])
    explain = {
        "left": result.explain.left,
        "right": result.explain.right,
        "rules": list(result.explain.rules),
        "alignment": [
            {"left": t.left, "right": t.right, "rule": t.rule, "score": round(t.score, 3)}
            for t in result.explain.alignment
        ],
    }
    data = {"score": round(result.score, 3), "match": result.match, "explain": explain}
    if as_json:
        print_json(data)
        return
    verdict = "the same person" if result.match else "not the same person"
    out.print(f"{result.score:.2f}: {verdict} (threshold {result.threshold})")
    for rule in result.explain.rules:
        out.print(f"  - {rule}")


def find(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="A name in any script or spelling.")],
    limit: Annotated[int, typer.Option(help="At most this many people.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Find people by name whatever the script or spelling (Ерулан Амиров finds Yerulan)."""
    store = store_of(ctx)
    finder = finding.NameFinder()
    finder.warm(store)
    hits = [
        h
        for h in finding.search(store, finder, query, visible=duplicates.EVERY_LEVEL, limit=limit)
        if h.kind == "person"
    ]
    if as_json:
        print_json([{"id": h.id, "name": h.label, "score": round(h.score, 3)} for h in hits])
        return
    if not hits:
        out.print(f"Nobody matches '{query}'.")
    for h in hits:
        out.print(f"{h.score:.2f}  {h.label}  [dim]{h.id}[/dim]")


def duplicates_command(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="At most this many pairs.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """People who may be one person, with the evidence; relatives are never listed."""
    found = duplicates.candidates(store_of(ctx), limit=limit)
    if as_json:
        print_json(
            [
                {
                    "a": e.a,
                    "b": e.b,
                    "score": round(e.score, 3),
                    "a_names": e.a_names,
                    "b_names": e.b_names,
                    "rules": e.rules,
                    "a_born": e.a_born,
                    "b_born": e.b_born,
                    "births_differ": e.births_differ,
                    "shared_cases": e.shared_cases,
                }
                for e in found
            ]
        )
        return
    table = Table(title=f"{len(found)} candidate pair(s)", title_justify="left")
    for column in ("Score", "Person A", "Person B", "Evidence"):
        table.add_column(column)
    for e in found:
        evidence = list(e.rules)
        if e.shared_cases:
            evidence.append("shared cases: " + ", ".join(e.shared_cases))
        if e.births_differ:
            evidence.append(f"born {e.a_born} / {e.b_born}: differ")
        table.add_row(
            f"{e.score:.2f}",
            f"{'; '.join(e.a_names)}\n[dim]{e.a}[/dim]",
            f"{'; '.join(e.b_names)}\n[dim]{e.b}[/dim]",
            "\n".join(evidence),
        )
    out.print(table)


def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The id of the person to keep.")],
    other: Annotated[str, typer.Argument(help="The id of the person merged into it.")],
) -> None:
    """Merge two records of one person; every source and event is kept, the merge recorded."""
    saved = duplicates.merge(store_of(ctx), keep=keep, merge=other, actor=_actor())
    out.print(
        f"Merged {other} into {keep} (audit entry {saved.seq}; undo with "
        f"`docket people unmerge {saved.seq}`)."
    )


def unmerge(
    ctx: typer.Context,
    which: Annotated[
        str,
        typer.Argument(
            help="The merge's audit entry number, or the id of the person it merged away."
        ),
    ],
) -> None:
    """Undo a merge: the merged person comes back with their names, events and sources."""
    saved = duplicates.unmerge(store_of(ctx), which, actor=_actor())
    out.print(f"Restored {saved.id} (audit entry {saved.seq}).")
