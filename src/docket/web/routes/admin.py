"""Users, the effective settings, and the whole audit log (admins).

Every change to an account is written with its audit entry (services.account_admin); a password
is read from the form, hashed, and never logged, shown or put in a URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from docket.errors import DocketError
from docket.services import account_admin, accounts, audit
from docket.web import settings_view
from docket.web.access import Admin, web_state
from docket.web.render import page

router = APIRouter(prefix="/admin")


Password = Annotated[str, Form(max_length=1000)]
RoleName = Annotated[str, Form(max_length=16)]


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, reader: Admin) -> HTMLResponse:
    found = accounts.list_users(web_state(request).store)
    return page(request, "users.html", users=found, error=None, done=None)


def _after(request: Request, change: Callable[[], object], done: str) -> Response:
    """Make a change to an account; on a refusal the users page with the reason (never the
    password), else back to the users page."""
    try:
        change()
    except DocketError as refused:
        found = accounts.list_users(web_state(request).store)
        return page(
            request, "users.html", status_code=400, users=found, error=refused.message, done=None
        )
    return RedirectResponse(f"/admin/users?done={done}", status_code=303)


@router.post("/users")
def add_user(
    request: Request, reader: Admin, name: Annotated[str, Form(max_length=64)], role: RoleName,
    password: Password,
) -> Response:  # fmt: skip
    store = web_state(request).store
    return _after(
        request,
        lambda: account_admin.add_user(
            store, name, role=role, password=password, actor=reader.name
        ),
        "added",
    )


@router.post("/users/{name}/role")
def change_role(request: Request, name: str, reader: Admin, role: RoleName) -> Response:
    store = web_state(request).store
    return _after(
        request, lambda: account_admin.change_role(store, name, role, actor=reader.name), "role"
    )


@router.post("/users/{name}/disable")
def disable_user(request: Request, name: str, reader: Admin) -> Response:
    store = web_state(request).store
    return _after(
        request,
        lambda: account_admin.set_disabled(store, name, True, actor=reader.name),
        "disabled",
    )


@router.post("/users/{name}/enable")
def enable_user(request: Request, name: str, reader: Admin) -> Response:
    store = web_state(request).store
    return _after(
        request,
        lambda: account_admin.set_disabled(store, name, False, actor=reader.name),
        "enabled",
    )


@router.post("/users/{name}/password")
def reset_password(request: Request, name: str, reader: Admin, password: Password) -> Response:
    store = web_state(request).store
    return _after(
        request,
        lambda: account_admin.reset_password(store, name, password, actor=reader.name),
        "password",
    )


@router.get("/settings", response_class=HTMLResponse)
def settings(request: Request, reader: Admin) -> HTMLResponse:
    """The effective configuration, read-only: it comes from the environment at start."""
    state = web_state(request)
    return page(request, "settings.html", rows=settings_view.effective(state.store, state.options))


@router.get("/audit", response_class=HTMLResponse)
def log(
    request: Request,
    reader: Admin,
    before: Annotated[int | None, Query(ge=1)] = None,
) -> HTMLResponse:
    entries = audit.list_log(web_state(request).store, before_seq=before, limit=50)
    return page(request, "audit.html", entries=entries, check=None)


@router.get("/audit/verify", response_class=HTMLResponse)
def verify(request: Request, reader: Admin) -> HTMLResponse:
    store = web_state(request).store
    check = audit.verify_chain(store)
    return page(request, "audit.html", entries=audit.list_log(store, limit=50), check=check)


@router.get("/audit/{seq}", response_class=HTMLResponse)
def entry(request: Request, seq: int, reader: Admin) -> HTMLResponse:
    return page(request, "audit_entry.html", e=audit.get_entry(web_state(request).store, seq))
