"""Shared fixtures: real stores (a SQLite file; a PostgreSQL schema when a server is given)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from docket.config import Settings
from docket.domain.vocabulary import Vocabulary, load_vocabulary
from docket.services.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FICTIONAL = FIXTURES / "fictional"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEMO = ROOT / "datasets" / "kazakhstan-2021"
PG_ENV = "DOCKET_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return load_vocabulary()


def _pg_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url and os.environ.get("CI"):
        pytest.fail(f"CI must run the PostgreSQL tests: {PG_ENV} is not set (see scripts/check).")
    return url


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'docket.sqlite'}", data_dir=tmp_path)


@pytest.fixture
def pg_settings(tmp_path: Path) -> Iterator[Settings]:
    url = _pg_url()
    if not url:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV} (scripts/check starts one)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    yield Settings(database_url=f"{url}{sep}options=-csearch_path%3D{schema}", data_dir=tmp_path)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest) -> Settings:
    name = "sqlite_settings" if request.param == "sqlite" else "pg_settings"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    opened = open_store(settings)
    yield opened
    opened.close()


@pytest.fixture
def fictional_copy(tmp_path: Path) -> Path:
    """A private copy of the fictional dataset that a test may break."""
    target = tmp_path / "fictional"
    shutil.copytree(FICTIONAL, target)
    return target


def need_seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(
            f"the public briefings are not here ({SEEDS}); CI has ../shared beside the checkout"
        )
    return SEEDS
