"""`docket` commands for evidence (being built; `register(app)` adds them to the command line)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
