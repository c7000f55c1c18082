"""`docket rekey`, `docket backup`, `docket restore`, and the encrypted side of `docket init`.

Passphrases come from the file named by DOCKET_PASSPHRASE_FILE or are asked for without echo;
never from the command line, never printed.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console

from docket.config import Settings
from docket.services import backup as backups
from docket.services import field_sealing, store_keys
from docket.services.store import Store, open_store

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def ask(prompt: str) -> str:
    """Ask for a secret on the terminal, without echo; the prompt goes to stderr."""
    return str(click.prompt(prompt.rstrip(": "), hide_input=True, err=True))


def create_encrypted(settings: Settings, recovery: bool) -> Store:
    """`docket init --encrypted`: a new store under a new passphrase (and a recovery key)."""
    chosen = store_keys.new_passphrase(ask, source=settings.passphrase_file)
    if settings.is_sqlite:
        created = store_keys.create_key(settings, chosen, recovery=recovery)
        store = open_store(settings, data_key=created.data_key)
        out.print("The store is encrypted: it opens only with its passphrase.")
    else:
        # the store must exist before it can hold its key: open it as not (yet) encrypted
        store = open_store(replace(settings, encrypted=False))
        created = field_sealing.create_field_key(store, chosen, recovery=recovery)
        store.settings = settings
        out.print(
            "The store seals its restricted fields: they are written encrypted and read only "
            "with its passphrase (see docs/security.md for what stays clear)."
        )
    if created.recovery_key:
        out.print(
            "Recovery key (shown this once; keep it on paper, away from this computer):\n"
            f"  {created.recovery_key}"
        )
    return store


def rekey(
    ctx: typer.Context,
    new_passphrase_file: Annotated[
        Path | None,
        typer.Option(
            "--new-passphrase-file",
            help="Read the new passphrase from this file instead of asking for it.",
        ),
    ] = None,
    with_recovery_key: Annotated[
        bool,
        typer.Option(
            "--with-recovery-key",
            help="Open the store with its recovery key (asked for) instead of the passphrase.",
        ),
    ] = False,
) -> None:
    """Change the passphrase of an encrypted store (or of a PostgreSQL store's sealed fields).

    The store's key is rewrapped under the new passphrase; the data is not rewritten. Backups made
    before keep opening with the passphrase they were made with.
    """
    settings: Settings = ctx.obj
    if settings.is_sqlite:
        store_keys.rekey(
            settings, ask=ask, new_source=new_passphrase_file, with_recovery_key=with_recovery_key
        )
    else:
        field_sealing.rekey_fields(
            open_store(settings),
            ask=ask,
            new_source=new_passphrase_file,
            with_recovery_key=with_recovery_key,
        )
    out.print("The passphrase is changed.")


def backup(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="The backup file to write.")],
) -> None:
    """Write an encrypted, consistent snapshot of the store, even while it is in use.

    An encrypted store's backup is sealed under the store's passphrase; otherwise a backup
    passphrase is asked for (or read from DOCKET_PASSPHRASE_FILE).
    """
    settings: Settings = ctx.obj
    secret, data_key = store_keys.backup_secret(settings, ask)
    report = backups.create_backup(settings, output, secret, data_key=data_key)
    rows = sum(report.rows.values())
    out.print(
        f"Backup written to {output.name}: {len(report.rows)} tables, {rows} rows, "
        f"{report.size / 1e6:.1f} MB, sealed with AES-256-GCM ({report.seconds:.1f} s)."
    )


def restore(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A backup file made by `docket backup`.")],
    db: Annotated[
        Path | None, typer.Option("--db", help="Restore into this SQLite file (a new store).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a store that already holds data.")
    ] = False,
) -> None:
    """Restore a backup, then check it: SQLite's integrity check, the rows the backup lists, and
    `docket verify` (the record against its audit chain). A SQLite store is replaced only once
    every check passed."""
    settings: Settings = ctx.obj
    if db is not None:
        settings = settings.with_db_path(db)
    secret = store_keys.passphrase(settings, ask, prompt="Backup passphrase: ")
    report = backups.restore_backup(settings, source, secret, force=force)
    rows = sum(report.rows.values())
    kind = "encrypted " if report.encrypted_store else ""
    out.print(
        f"Restored into the {kind}store {settings.describe_store()}: {len(report.rows)} tables, "
        f"{rows} rows, as the backup lists"
        + ("; SQLite's integrity check passed" if report.backend == "sqlite" else "")
        + f"; verify checked {report.entries_verified} "
        f"history entries and {report.rows_verified} rows: no difference."
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command()(rekey)
    app.command()(backup)
    app.command()(restore)
