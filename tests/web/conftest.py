"""Web fixtures: the demo dataset in a real store (SQLite file, and PostgreSQL when a server is
given), an account per role, and in-process clients logged in as each."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from docket.config import Settings
from docket.services import accounts, loading
from docket.services.store import Store, open_store
from docket.web.app import create_app
from docket.web.options import WebOptions
from tests.conftest import DEMO, PG_ENV, _pg_url

PASSWORD = "correct horse battery"
ROLES = ("viewer", "editor", "admin")


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def web_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    tmp = tmp_path_factory.mktemp("web")
    if request.param == "sqlite":
        yield Settings(database_url=f"sqlite:///{tmp / 'docket.sqlite'}", data_dir=tmp)
        return
    url = _pg_url()
    if not url:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV} (scripts/check starts one)")
    schema = f"w_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    yield Settings(database_url=f"{url}{sep}options=-csearch_path%3D{schema}", data_dir=tmp)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="module")
def web_store(web_settings: Settings) -> Iterator[Store]:
    store = open_store(web_settings)
    loading.load_dataset(store, DEMO)
    for role in ROLES:
        accounts.add_user(store, role, role=role, password=PASSWORD)
    yield store
    store.close()


def make_app(store: Store, **options: object) -> FastAPI:
    return create_app(store.settings, WebOptions(warm_names=False, **options), store=store)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def team_app(web_store: Store) -> FastAPI:
    return make_app(web_store)


@pytest.fixture(scope="module")
def public_app(web_store: Store) -> FastAPI:
    return make_app(web_store, public=True)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> TestClient:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"csrf": token, "name": name, "password": password, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


@pytest.fixture(scope="module")
def clients(team_app: FastAPI) -> dict[str, TestClient]:
    """A client per role, logged in once; 'anonymous' is not logged in."""
    out = {"anonymous": TestClient(team_app)}
    for role in ROLES:
        out[role] = log_in(TestClient(team_app), role)
    return out


def page_csrf(client: TestClient, path: str = "/people") -> str:
    return csrf_of(client.get(path).text)


@pytest.fixture
def tmp_dir(tmp_path: Path) -> Path:
    return tmp_path
