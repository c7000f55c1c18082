"""`docket serve` and `docket users`: the web application and its accounts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from docket.cli.common import store_of
from docket.config import Settings
from docket.errors import Problem, ValidationFailed
from docket.services import accounts

out = Console(highlight=False)
users_app = typer.Typer(help="Accounts of the team application.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add `serve` and the `users` group to the command line."""
    app.command()(serve)
    app.add_typer(users_app, name="users")


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.")] = 8000,
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help="Serve the read-only public site: public records only, no login.",
        ),
    ] = False,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies",
            help="Mark cookies Secure even when TLS ends at a proxy that does not say so.",
        ),
    ] = False,
) -> None:
    """Run the team web application (or, with --public, the public site) on the store.

    Create the first account with `docket users add NAME --role admin`. Put a TLS proxy (or an
    onion service) in front of it: the application itself speaks plain HTTP.
    """
    import uvicorn

    from docket.web.app import create_app
    from docket.web.options import WebOptions

    settings: Settings = ctx.obj
    options = WebOptions(public=public, secure_cookies=secure_cookies)
    app = create_app(settings, options)
    what = "public site" if public else "team application"
    out.print(f"Docket {what} on http://{host}:{port}/ ({settings.describe_store()})")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _password(password_file: Path | None) -> str:
    if password_file is not None:
        try:
            return password_file.read_text("utf-8").rstrip("\r\n")
        except OSError as err:
            raise ValidationFailed(
                [Problem(f"cannot be read: {err.strerror}", file=str(password_file))]
            ) from err
    first = typer.prompt("Password", hide_input=True)
    second = typer.prompt("Password again", hide_input=True)
    if first != second:
        raise ValidationFailed([Problem("the two passwords differ", field="password")])
    return str(first)


@users_app.command("add")
def users_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The user name to log in with.")],
    role: Annotated[str, typer.Option(help="admin, editor or viewer.")] = "viewer",
    password_file: Annotated[
        Path | None,
        typer.Option(
            "--password-file",
            envvar="DOCKET_PASSWORD_FILE",
            help="Read the password from this file (for scripts) instead of asking for it.",
        ),
    ] = None,
) -> None:
    """Add an account; the password is asked for twice (never given on the command line)."""
    store = store_of(ctx)
    user = accounts.add_user(store, name, role=role, password=_password(password_file))
    out.print(f"Added {user.name} ({user.role.name}).")


@users_app.command("list")
def users_list(ctx: typer.Context) -> None:
    """Every account, its role and last login."""
    for user in accounts.list_users(store_of(ctx)):
        state = "disabled" if user.disabled else f"last login {user.last_login or 'never'}"
        out.print(f"{user.name:<24} {user.role.name:<8} {state}")


@users_app.command("disable")
def users_disable(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The user name.")]
) -> None:
    """Disable an account and end its sessions (the last admin cannot be disabled)."""
    user = accounts.disable_user(store_of(ctx), name)
    out.print(f"Disabled {user.name}; their sessions have ended.")
