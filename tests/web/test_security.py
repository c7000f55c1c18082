"""Headers, CSRF, login lock-out, sessions, and who sees which records."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from docket.services import accounts, editing
from docket.services.store import Store
from docket.web.options import WebOptions
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
