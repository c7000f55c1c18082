"""The cookies the application sets: all HttpOnly and SameSite=Strict, Secure over TLS."""

from __future__ import annotations

from fastapi import Request, Response

from docket.web.access import SESSION_COOKIE, web_state
from docket.web.i18n import LANGUAGES


def secure(request: Request) -> bool:
    return web_state(request).options.secure_cookies or request.url.scheme == "https"


def set_session(request: Request, response: Response, token: str) -> None:
    """A browser-session cookie: the server ends the session (idle or too old) on its own."""
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="strict", secure=secure(request), path="/"
    )


def clear_session(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="strict", secure=secure(request), path="/"
    )


def set_language(request: Request, response: Response, lang: str) -> None:
    if lang in LANGUAGES:
        response.set_cookie(
            "docket_lang",
            lang,
            max_age=365 * 86400,
            httponly=True,
            samesite="strict",
            secure=secure(request),
            path="/",
        )
