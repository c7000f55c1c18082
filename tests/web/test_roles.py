"""Every route, as every role and anonymously, allowed or denied as its `Need` says.

The routes come from the application's own route table, so a new route is tested the day it is
added; a route without a `Need` fails here."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from docket.services import editing
from docket.services.accounts import Role
from docket.services.store import Store
from docket.web.access import Need
from tests.web.conftest import ROLES, csrf_of, log_in

# a value for each path parameter, by route name where it differs by kind
SAMPLES = {
    "person_id": "erulan-amirov",
    "case_id": "amirov-case",
    "organisation_id": "dck",
    "source_id": "briefing-2021-11-01",
    "name": "nobody",
    "seq": "1",
    "deployment_id": "sorm-telecom-operators",
    "law_id": "kz-social-media-registration-bill-2021",
}
RECORDS = {
    "person": "erulan-amirov",
    "source": "briefing-2021-11-01",
    "event": "amirov-verdict",
    "recognition": None,  # filled from the store
    "claim": None,
    "case": "amirov-case",
}
QUERIES = {
    "/review/compare": {"a": "erulan-amirov", "b": "igor-chuprina"},
    "/language": {"lang": "ru"},
}


def need_of(route: APIRoute) -> Need:
    found = [d.call for d in route.dependant.dependencies if isinstance(d.call, Need)]
    assert found, f"{route.path} declares no Need(role): every route must say who may use it"
    return found[0]


def routes(app: FastAPI) -> list[tuple[str, str, Any]]:
    out: list[tuple[str, str, Any]] = []
    for route in app.routes:
        # FastAPI 0.163 includes routers lazily: one entry per router, its routes listed by
        # effective_route_contexts(); without this the route table looked empty
        found: Any = (
            route.effective_route_contexts()
            if hasattr(route, "effective_route_contexts")
            else [route]
        )
        for each in found:
            if isinstance(each, APIRoute) or hasattr(each, "dependant"):
                for method in sorted(set(each.methods) - {"HEAD"}):
                    out.append((method, each.path, each))
    assert out, "the application has no routes: the route table was not read"
    return out


def url_of(route: APIRoute, store: Store) -> str:
    path = route.path
    kind = route.name.split(".")[0]
    for name in route.param_convertors:
        value = SAMPLES[name] if name != "record_id" else RECORDS.get(kind) or _first(store, kind)
        path = path.replace("{" + name + "}", value)
    return path


def _first(store: Store, kind: str) -> str:
    from sqlalchemy import text

    table = {"recognition": "recognition", "claim": "claim"}[kind]
    with store.read() as conn:
        return str(conn.scalar(text(f"SELECT id FROM {table} ORDER BY id LIMIT 1")))  # noqa: S608


def denied(response: Any) -> bool:
    if response.status_code == 403:
        return True
    return response.status_code == 303 and response.headers["location"].startswith("/login")


@pytest.fixture(scope="module")
def audit_entry(web_store: Store) -> None:
    """So that /admin/audit/1 exists."""
    editing.save(
        web_store, "source", {"kind": "report", "title": "A fictional report"}, actor="setup"
    )


def test_every_route_declares_who_may_use_it(team_app: FastAPI, public_app: FastAPI) -> None:
    for _, _, route in routes(team_app):
        need_of(route)
    for _, path, route in routes(public_app):
        need = need_of(route)
        assert need.role == Role.public or need.on_public_site, f"{path} is on the public site"


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_role_by_route(role: str, team_app: FastAPI, web_store: Store, audit_entry: None) -> None:
    client = TestClient(team_app)
    if role != "anonymous":
        log_in(client, role)
    level = Role.public if role == "anonymous" else Role[role]
    failures = []
    for method, path, route in routes(team_app):
        if path == "/logout":
            continue  # below, so that the session lives through the others
        url = url_of(route, web_store)
        if method == "GET":
            response = client.get(url, params=QUERIES.get(path), follow_redirects=False)
        else:
            token = csrf_of(client.get("/login" if role == "anonymous" else "/").text)
            response = client.post(url, data={"csrf": token}, follow_redirects=False)
        expected_allowed = level >= need_of(route).role
        if response.status_code >= 500 or denied(response) == expected_allowed:
            failures.append(
                f"{method} {url}: {response.status_code}, expected "
                f"{'allowed' if expected_allowed else 'denied'}"
            )
    assert not failures, "\n".join(failures)
    if role != "anonymous":
        token = csrf_of(client.get("/").text)
        assert (
            client.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
        )
        assert denied(client.get("/", follow_redirects=False))


def test_public_site_serves_read_routes_to_anyone(public_app: FastAPI, web_store: Store) -> None:
    client = TestClient(public_app)
    for method, path, route in routes(public_app):
        assert method == "GET", f"the public site has a {method} route: {path}"
        response = client.get(
            url_of(route, web_store), params=QUERIES.get(path), follow_redirects=False
        )
        assert response.status_code in (200, 303, 404), f"{path}: {response.status_code}"
        assert not denied(response), path
