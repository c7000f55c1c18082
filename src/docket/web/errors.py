"""One map from Docket's errors to responses: a page for a person, never a traceback."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from docket.errors import (
    Conflict,
    DocketError,
    NotFound,
    PermissionDenied,
    StoreError,
    ValidationFailed,
)
from docket.web.access import LoginRequired
from docket.web.render import page

STATUS: dict[type[DocketError], int] = {
    NotFound: 404,
    PermissionDenied: 403,
    Conflict: 409,
    ValidationFailed: 400,
    StoreError: 503,
}


def _status(error: DocketError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


async def docket_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, DocketError)
    if isinstance(error, LoginRequired):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    return page(request, "error.html", status_code=_status(error), message=error.message)


async def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    message = "This page does not exist." if error.status_code == 404 else str(error.detail)
    return page(request, "error.html", status_code=error.status_code, message=message)


async def bad_request(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    fields = ", ".join(str(e.get("loc", ["?"])[-1]) for e in error.errors())
    return page(request, "error.html", status_code=400, message=f"Check these values: {fields}.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(DocketError, docket_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, bad_request)
