"""Users and the whole audit log (admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from docket.errors import DocketError
from docket.services import accounts, audit
from docket.web.access import Admin, web_state
from docket.web.render import page

router = APIRouter(prefix="/admin")


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, reader: Admin) -> HTMLResponse:
    found = accounts.list_users(web_state(request).store)
    return page(request, "users.html", users=found, error=None)


@router.post("/users")
def add_user(
    request: Request,
    reader: Admin,
    name: Annotated[str, Form(max_length=64)],
    role: Annotated[str, Form(max_length=16)],
    password: Annotated[str, Form(max_length=1000)],
) -> Response:
    store = web_state(request).store
    try:
        accounts.add_user(store, name, role=role, password=password)
    except DocketError as refused:
        found = accounts.list_users(store)
        return page(request, "users.html", status_code=400, users=found, error=refused.message)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/users/{name}/disable")
def disable_user(request: Request, name: str, reader: Admin) -> RedirectResponse:
    accounts.disable_user(web_state(request).store, name)
    return RedirectResponse("/admin/users", status_code=303)


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
