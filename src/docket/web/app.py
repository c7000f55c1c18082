"""`create_app(settings, options)`: the team application, or with `options.public` the read-only
public site. Nothing happens at import time; the store is opened by the factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from anyio import to_thread
from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from docket.config import Settings
from docket.services import planner
from docket.services.store import Store, open_store
from docket.web import errors
from docket.web.access import PRELOGIN_COOKIE, check_csrf
from docket.web.options import WebOptions
from docket.web.render import STATIC, make_templates
from docket.web.routes import admin, browse, catalogue, digital, edit, importing, review, session
from docket.web.state import AttemptLimiter, WebState

# No inline script or style anywhere: the pages work with JavaScript off, and docket.js only
# adds small conveniences.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class SecurityHeaders:
    """Adds the security headers, `no-store` on pages, and the pre-login CSRF cookie."""

    def __init__(self, app: ASGIApp, *, secure_cookies: bool) -> None:
        self.app = app
        self.secure_cookies = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += HEADERS
                if not scope["path"].startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                token = scope.get("state", {}).get("new_prelogin")
                if token:
                    secure = self.secure_cookies or scope.get("scheme") == "https"
                    cookie = cookie_header(PRELOGIN_COOKIE, token, secure=secure)
                    headers.append((b"set-cookie", cookie.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def cookie_header(name: str, value: str, *, secure: bool, max_age: int | None = None) -> str:
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Strict"]
    if secure:
        parts.append("Secure")
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return "; ".join(parts)


def create_app(
    settings: Settings, options: WebOptions | None = None, *, store: Store | None = None
) -> FastAPI:
    """The application; `store` lets a caller (a test) share an opened store."""
    options = options or WebOptions()
    opened = store or open_store(settings)
    state = WebState(
        opened,
        options,
        make_templates(),
        limiter=AttemptLimiter(options.login_attempts_per_minute),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = options.threads
        if options.warm_names:
            state.finder.start(opened)
        if options.plan_statistics and not options.public:  # the public site only reads
            planner.refresh_in_background(opened)
        yield
        if store is None:
            opened.close()

    app = FastAPI(
        title="Docket",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
        dependencies=[Depends(check_csrf)],
    )
    app.state.web = state
    errors.install(app)
    app.add_middleware(SecurityHeaders, secure_cookies=options.secure_cookies)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    routers: list[Any] = [browse.router, catalogue.router, digital.router]
    if not options.public:  # /people/new before /people/{person_id}
        routers = [
            session.router,
            edit.router,
            review.router,
            importing.router,
            admin.router,
            *routers,
        ]
    for router in routers:
        app.include_router(router)
    return app
