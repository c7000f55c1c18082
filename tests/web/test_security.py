"""Headers, CSRF, login lock-out, sessions, and who sees which records."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from docket.services import accounts, editing
from docket.services.store import Store
from docket.web.options import WebOptions
from tests.security.fuzzing import store_snapshot
from tests.web.conftest import PASSWORD, csrf_of, log_in, make_app


def test_security_headers_and_cookies(team_app: FastAPI) -> None:
    client = TestClient(team_app)
    response = client.get("/login")
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    prelogin = response.headers["set-cookie"]
    assert "HttpOnly" in prelogin and "SameSite=Strict" in prelogin
    assert "<script>" not in response.text and "style=" not in response.text
    token = csrf_of(response.text)
    login = client.post(
        "/login",
        data={"csrf": token, "name": "viewer", "password": PASSWORD},
        follow_redirects=False,
    )
    cookie = login.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie


def test_cookies_are_secure_over_tls(web_store: Store) -> None:
    client = TestClient(make_app(web_store), base_url="https://docket.example")
    log_in(client, "viewer")
    assert client.cookies.get("docket_session")
    response = client.get("/login")
    assert "Secure" in response.headers.get("set-cookie", "Secure")


def test_every_post_needs_the_csrf_token(clients: dict[str, TestClient]) -> None:
    editor = clients["editor"]
    response = editor.post("/sources/new", data={"kind": "report", "title": "No token"})
    assert response.status_code == 403
    response = editor.post(
        "/sources/new", data={"kind": "report", "title": "Bad token", "csrf": "forged"}
    )
    assert response.status_code == 403
    anonymous = TestClient(clients["editor"].app)
    response = anonymous.post("/login", data={"name": "editor", "password": PASSWORD})
    assert response.status_code == 403


def test_login_locks_out_after_failures(web_store: Store, team_app: FastAPI) -> None:
    accounts.add_user(web_store, "guesswork", role="viewer", password=PASSWORD)
    client = TestClient(team_app)
    for _ in range(accounts.MAX_FAILURES):
        token = csrf_of(client.get("/login").text)
        response = client.post(
            "/login", data={"csrf": token, "name": "guesswork", "password": "wrong password"}
        )
        assert response.status_code == 403
        assert "Wrong user name or password" in response.text
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"csrf": token, "name": "guesswork", "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 403, "a locked account stays locked with the right password"


def test_login_rate_limit_per_client(web_store: Store) -> None:
    client = TestClient(make_app(web_store, login_attempts_per_minute=3))
    codes = []
    for _ in range(5):
        token = csrf_of(client.get("/login").text)
        codes.append(client.post("/login", data={"csrf": token, "name": "x", "password": "y"}))
    assert "Too many attempts" in codes[-1].text


def test_logout_ends_the_session_on_the_server(team_app: FastAPI) -> None:
    client = log_in(TestClient(team_app), "viewer")
    stolen = client.cookies.get("docket_session")
    client.post("/logout", data={"csrf": csrf_of(client.get("/").text)})
    replay = TestClient(team_app, cookies={"docket_session": stolen or ""})
    assert replay.get("/", follow_redirects=False).status_code == 303


def test_sessions_expire(web_store: Store) -> None:
    options = WebOptions(warm_names=False, session=accounts.SessionPolicy(idle_minutes=0))
    from docket.web.app import create_app

    client = TestClient(create_app(web_store.settings, options, store=web_store))
    log_in(client, "viewer")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_disabled_user_loses_their_sessions(web_store: Store, team_app: FastAPI) -> None:
    accounts.add_user(web_store, "leaver", role="editor", password=PASSWORD)
    client = log_in(TestClient(team_app), "leaver")
    assert client.get("/").status_code == 200
    accounts.disable_user(web_store, "leaver")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_sensitivity_by_role_and_on_the_public_site(
    web_store: Store, clients: dict[str, TestClient], public_app: FastAPI
) -> None:
    internal = editing.save(
        web_store,
        "person",
        {"name": "Witness Internal-Fictional", "sensitivity": "internal"},
        actor="test",
    ).id
    restricted = editing.save(
        web_store,
        "person",
        {"name": "Witness Restricted-Fictional", "sensitivity": "restricted"},
        actor="test",
    ).id
    public = TestClient(public_app)
    for pid in (internal, restricted):
        assert public.get(f"/people/{pid}").status_code == 404
        assert pid not in public.get("/people?name=Fictional").text
        assert pid not in public.get("/search?q=Witness Fictional").text
    assert public.get("/people/erulan-amirov").status_code == 200
    viewer = clients["viewer"]
    assert viewer.get(f"/people/{internal}").status_code == 200
    assert viewer.get(f"/people/{restricted}").status_code == 404
    assert restricted not in viewer.get("/people?name=Fictional").text
    assert clients["editor"].get(f"/people/{restricted}").status_code == 200
    # the public site has no login, no history and no forms
    assert public.get("/login").status_code == 404
    assert (
        public.get("/people/new").status_code in (404, 405)
        or "csrf" not in public.get("/people/new").text
    )
    assert "Change history" not in public.get("/people/erulan-amirov").text


# --- sessions kept hashed, revoked by an admin; CSRF on every POST route; no inline code --------

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "docket" / "web" / "templates"
# values for the path parameters of POST routes: records and users that exist
PATH_VALUES = {"record_id": "erulan-amirov", "name": "viewer", "seq": "1", "person_id": "x"}


def _rows_without_sessions(store: Store) -> str:
    return store_snapshot(store.engine, skip=("session",))


def test_session_tokens_are_stored_only_as_hashes(web_store: Store, team_app: FastAPI) -> None:
    client = log_in(TestClient(team_app), "viewer")
    token = client.cookies.get("docket_session")
    assert token and len(token) >= 32
    with web_store.engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        cells = [
            str(value)
            for table in tables
            for row in conn.exec_driver_sql(f'SELECT * FROM "{table}"')  # noqa: S608
            for value in row
        ]
    assert not [c for c in cells if token in c], "a session token is stored as it is"
    assert hashlib.sha256(token.encode()).hexdigest() in cells


def test_an_admin_disabling_a_user_in_the_web_ends_their_sessions(
    web_store: Store, team_app: FastAPI, clients: dict[str, TestClient]
) -> None:
    accounts.add_user(web_store, "revoked", role="editor", password=PASSWORD)
    victim = log_in(TestClient(team_app), "revoked")
    stolen = victim.cookies.get("docket_session") or ""
    assert victim.get("/people/new").status_code == 200
    admin = clients["admin"]
    token = csrf_of(admin.get("/admin/users").text)
    done = admin.post("/admin/users/revoked/disable", data={"csrf": token}, follow_redirects=False)
    assert done.status_code == 303
    assert victim.get("/", follow_redirects=False).status_code == 303
    replay = TestClient(team_app, cookies={"docket_session": stolen})
    assert replay.get("/people/new", follow_redirects=False).status_code == 303


def test_each_login_gets_a_new_token_and_logout_keeps_the_others(team_app: FastAPI) -> None:
    one = log_in(TestClient(team_app), "viewer")
    two = log_in(TestClient(team_app), "viewer")
    first, second = one.cookies.get("docket_session"), two.cookies.get("docket_session")
    assert first and second and first != second
    one.post("/logout", data={"csrf": csrf_of(one.get("/").text)})
    assert (
        TestClient(team_app, cookies={"docket_session": first})
        .get("/", follow_redirects=False)
        .status_code
        == 303
    )
    assert two.get("/", follow_redirects=False).status_code == 200


def app_routes(app: FastAPI) -> list[Any]:
    """Every route of the application with its full path. FastAPI 0.163 includes routers
    lazily: `app.routes` holds one entry per included router, whose routes are listed by
    `effective_route_contexts()`; plain `APIRoute`s are listed as they are."""
    out: list[Any] = []
    for route in app.routes:
        if isinstance(route, APIRoute):
            out.append(route)
        elif hasattr(route, "effective_route_contexts"):
            out.extend(route.effective_route_contexts())
    return out


def _post_routes(app: FastAPI) -> list[str]:
    paths = []
    for route in app_routes(app):
        if "POST" in (route.methods or ()):
            path = route.path
            for param in route.param_convertors:
                path = path.replace("{" + param + "}", PATH_VALUES.get(param, "x"))
            paths.append(path)
    return sorted(set(paths))


def test_every_post_route_refuses_a_missing_wrong_or_foreign_csrf_token(
    web_store: Store, team_app: FastAPI, clients: dict[str, TestClient]
) -> None:
    routes = _post_routes(team_app)
    assert {"/login", "/logout", "/people/new", "/admin/users"} <= set(routes), routes
    admin = clients["admin"]
    foreign = csrf_of(clients["editor"].get("/people/new").text)  # another session's token
    own = csrf_of(admin.get("/people/new").text)
    before = _rows_without_sessions(web_store)
    for path in routes:
        for form in ({}, {"csrf": "forged"}, {"csrf": foreign}, {"csrf": own[:-1]}):
            data = form | {"name": "csrf-probe", "title": "x", "kind": "report", "role": "viewer"}
            response = admin.post(path, data=data, follow_redirects=False)
            assert response.status_code == 403, (path, form, response.status_code)
    anonymous = TestClient(team_app)
    other = csrf_of(TestClient(team_app).get("/login").text)  # another browser's pre-login token
    response = anonymous.post("/login", data={"csrf": other, "name": "admin", "password": PASSWORD})
    assert response.status_code == 403
    assert _rows_without_sessions(web_store) == before, "a refused POST changed the store"
    assert admin.get("/", follow_redirects=False).status_code == 200, "the admin was logged out"


def test_templates_hold_no_inline_script_style_or_handler() -> None:
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.I
    )
    found = [
        f"{path.name}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in inline.finditer(path.read_text("utf-8"))
    ]
    assert not found, found
    assert inline.search('<p style="x">') and inline.search("<script>x</script>")


def test_every_page_sends_the_security_headers(
    team_app: FastAPI, clients: dict[str, TestClient]
) -> None:
    editor = clients["admin"]
    pages = [
        route.path
        for route in app_routes(team_app)
        if "GET" in (route.methods or ()) and not route.param_convertors
    ]
    assert len(pages) >= 10
    for path in pages:
        response = editor.get(path, follow_redirects=False)
        headers = response.headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "unsafe-inline" not in headers["content-security-policy"], path
        assert headers["referrer-policy"] == "no-referrer", path
        assert headers["x-content-type-options"] == "nosniff", path


def test_passwords_are_stored_only_as_argon2id_hashes(web_store: Store) -> None:
    password = "a fictional passphrase nobody uses 7"
    accounts.add_user(web_store, "hashed", role="viewer", password=password)
    with web_store.engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        cells = [
            str(value)
            for table in tables
            for row in conn.exec_driver_sql(f'SELECT * FROM "{table}"')  # noqa: S608
            for value in row
        ]
    assert not [c for c in cells if password in c], "a password is stored as it is"
    assert any(c.startswith("$argon2id$") for c in cells)
