"""`docket verify`, `docket checkpoint`, `docket checkpoint keygen`: the tamper-evident history."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from docket.cli.common import print_json, store_of
from docket.errors import DocketError

out = Console(highlight=False, soft_wrap=True)

checkpoint_app = typer.Typer(
    help="Sign the head of the audit chain, to prove later that the record still extends it.",
    invoke_without_command=True,
)


class Tampered(DocketError):
    """`docket verify` found the record does not match its history."""

    exit_code = 8


def register(app: typer.Typer) -> None:
    """Add `verify` and the `checkpoint` group to APP (once, however often called)."""
    if "checkpoint" not in {group.name for group in app.registered_groups}:
        app.command("verify")(verify)
        app.add_typer(checkpoint_app, name="checkpoint")


def verify(
    ctx: typer.Context,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            "--checkpoint",
            help="A checkpoint file the store must still extend (give it once per file).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    trust: Annotated[
        list[str] | None,
        typer.Option(
            "--trust",
            help="A public key (.pub file or its text) whose checkpoints are trusted; with none, "
            "any correctly signed checkpoint counts, and the signers are named.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Recompute the audit chain and every row of the record from it; check the checkpoints.

    Exits with 8, naming the first entry or row that does not match, if anything was changed
    outside Docket."""
    from docket.services import integrity

    store = store_of(ctx)
    try:
        result = integrity.verify(store, checkpoints=checkpoint or [], trusted=trust or [])
    finally:
        store.close()
    c = result.check
    findings = result.all_findings()
    if as_json:
        data = {
            "ok": result.ok,
            "entries": c.entries,
            "rows": c.rows,
            "tables": c.tables,
            "head": {"seq": c.head_seq, "hash": c.head_hash},
            "checkpoints": [
                {"file": f, "seq": cp.seq, "signer": cp.signer} for f, cp in result.checkpoints
            ],
            "findings": [
                {"kind": f.kind, "message": f.message, "seq": f.seq, "table": f.table, "key": f.key}
                for f in findings
            ],
            "not_named": c.hidden,
            "uncovered_tables": c.uncovered,
        }
        print_json(data)
    else:
        out.print(
            f"Checked {c.entries} audit entries and {c.rows} rows in {c.tables} tables; "
            f"head: entry {c.head_seq} {c.head_hash[:16]}…"
        )
        for name, cp in result.checkpoints:
            out.print(f"Checkpoint {name}: entry {cp.seq}, signed by {cp.signer} on {cp.at}.")
        if result.untrusted:
            out.print("No --trust key was given: the signers above were not checked against one.")
        for f in findings:
            out.print(f"- {f.message}")
        if c.hidden:
            out.print(f"- … and {c.hidden} more rows that do not match.")
        if c.uncovered:
            out.print("Not covered (no primary key): " + ", ".join(c.uncovered))
    if not result.ok:
        first = findings[0].message if findings else ""
        raise Tampered(f"The record does not match its history. First: {first}")
    if not as_json:
        out.print("The record matches its history.")


@checkpoint_app.callback()
def checkpoint(
    ctx: typer.Context,
    key: Annotated[
        Path | None,
        typer.Option(
            "--key", help="Your private signing key (made by `docket checkpoint keygen`)."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Write the checkpoint to this file (default: print it)."
        ),
    ] = None,
) -> None:
    """Sign the chain's head (entry number, hash, time, store id) into a small file to keep
    elsewhere: a partner's machine, an e-mail. Run `docket verify` first: this signs what is
    there."""
    if ctx.invoked_subcommand is not None:
        return
    if key is None:
        raise typer.BadParameter("give your signing key with --key", param_hint="--key")
    from docket.services import integrity

    store = store_of(ctx)
    try:
        cp = integrity.make_checkpoint(store, key)
    finally:
        store.close()
    if output is None:
        sys.stdout.write(cp.to_json().decode() + "\n")
        return
    output.write_bytes(cp.to_json() + b"\n")
    out.print(f"Checkpoint of entry {cp.seq} signed by {cp.signer}: {output}")


@checkpoint_app.command("keygen")
def keygen(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The private key file to write (owner-only).")
    ],
    name: Annotated[
        str, typer.Option("--name", help="Who signs with it: a team member or a partner.")
    ],
) -> None:
    """Make a signing key (Ed25519): the private key stays with you; give the .pub file to whoever
    verifies (`docket verify --trust FILE.pub`)."""
    from docket.services.integrity_checkpoint import generate_key

    public = generate_key(output, signer=name)
    out.print(f"Private key: {output} (keep it to yourself). Public key: {public}")
