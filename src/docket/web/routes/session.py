"""Log in and out of the team application."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from docket.errors import PermissionDenied
from docket.services import accounts
from docket.web import cookies
from docket.web.access import Anyone, LoggedIn, web_state
from docket.web.render import page
from docket.web.routes.browse import local_path

router = APIRouter()


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request, reader: Anyone, next: Annotated[str | None, Query(max_length=500)] = None
) -> HTMLResponse:
    return page(request, "login.html", next=local_path(next), error=None)


@router.post("/login")
def login(
    request: Request,
    reader: Anyone,
    name: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    state = web_state(request)
    client = request.client.host if request.client else "?"
    try:
        if not state.limiter.allow(client):
            raise PermissionDenied("Too many attempts from here; wait a minute and try again.")
        user = accounts.authenticate(state.store, name, password)
    except PermissionDenied as refused:
        return page(
            request, "login.html", status_code=403, next=local_path(next), error=refused.message
        )
    token, _ = accounts.open_session(state.store, user, policy=state.options.session)
    response = RedirectResponse(local_path(next), status_code=303)
    cookies.set_session(request, response, token)
    return response


@router.post("/logout")
def logout(request: Request, reader: LoggedIn) -> Response:
    if reader.token_hash:
        accounts.end_session(web_state(request).store, reader.token_hash)
    response = RedirectResponse("/login", status_code=303)
    cookies.clear_session(request, response)
    return response
