"""Who is reading, and what they may do: every route declares the least role it needs with
`Need(role)`, which the role-by-route test reads from the route table.

The team application finds the reader from the session cookie; the public site reads as the
public. CSRF: every POST form carries the session's token (before login, a token also set in a
SameSite=Strict cookie), compared in constant time.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from docket.errors import DocketError, PermissionDenied
from docket.services import accounts
from docket.services.accounts import Role, User, visible_to
from docket.web.state import WebState

SESSION_COOKIE = "docket_session"
PRELOGIN_COOKIE = "docket_prelogin"


class LoginRequired(DocketError):
    """The team application needs a login for this page."""

    exit_code = 5


@dataclass(frozen=True, slots=True)
class Reader:
    role: Role
    user: User | None = None
    csrf: str = ""
    token_hash: str | None = None
    public_site: bool = False

    @property
    def visible(self) -> frozenset[str]:
        return visible_to(self.role)

    @property
    def name(self) -> str:
        return self.user.name if self.user else "public"

    def can(self, role: str) -> bool:
        return self.role >= Role[role]


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


def get_reader(request: Request) -> Reader:
    """The reader of this request (cached on the request: looked up once)."""
    cached = getattr(request.state, "reader", None)
    if isinstance(cached, Reader):
        return cached
    state = web_state(request)
    reader = Reader(Role.public, public_site=state.options.public)
    token = request.cookies.get(SESSION_COOKIE)
    if token and not state.options.public:
        found = accounts.find_session(state.store, token, policy=state.options.session)
        if found is not None:
            reader = Reader(found.user.role, found.user, found.csrf, found.token_hash)
    if reader.user is None:
        reader = Reader(reader.role, None, _prelogin_token(request), None, reader.public_site)
    request.state.reader = reader
    return reader


def _prelogin_token(request: Request) -> str:
    token = request.cookies.get(PRELOGIN_COOKIE) or getattr(request.state, "new_prelogin", None)
    if not token:
        token = secrets.token_urlsafe(24)
        request.state.new_prelogin = token  # the middleware sets the cookie on the response
    return str(token)


class Need:
    """A route's least role in the team application; `on_public_site` routes are also served
    by the public site, to the public. Anonymous readers of the team application log in."""

    def __init__(self, role: Role, *, on_public_site: bool = False) -> None:
        self.role = role
        self.on_public_site = on_public_site

    def __call__(self, reader: Annotated[Reader, Depends(get_reader)]) -> Reader:
        least = Role.public if reader.public_site and self.on_public_site else self.role
        if reader.role >= least:
            return reader
        if reader.user is None and not reader.public_site:
            raise LoginRequired("Please log in.")
        raise PermissionDenied("Your role does not allow this.")

    def __repr__(self) -> str:
        return f"Need({self.role.name}{', public site' if self.on_public_site else ''})"


async def check_csrf(request: Request) -> None:
    """Refuses a POST (any method but GET and HEAD) whose form does not carry this session's
    CSRF token. Installed on the whole application, so no form can miss it."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    reader = get_reader(request)
    form = await request.form()
    sent = form.get("csrf")
    expected = reader.csrf
    if not isinstance(sent, str) or not expected or not hmac.compare_digest(sent, expected):
        raise PermissionDenied(
            "This form has expired or did not come from this site. Reload the page and try again."
        )


Anyone = Annotated[Reader, Depends(Need(Role.public))]
Viewer = Annotated[Reader, Depends(Need(Role.viewer, on_public_site=True))]
Editor = Annotated[Reader, Depends(Need(Role.editor))]
Admin = Annotated[Reader, Depends(Need(Role.admin))]
LoggedIn = Annotated[Reader, Depends(Need(Role.viewer))]
