"""Fixtures for evidence: the local web site, a local timestamp authority, and settings that
capture from them quickly."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from docket.config import CaptureSettings, Settings
from docket.services.store import Store, open_store
from tests.evidence.site import Site, serve_site
from tests.evidence.tsa import Authority, make_authority, serve_authority

MAX_BYTES = 64 * 1024


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    with serve_site() as served:
        yield served


@pytest.fixture(scope="session")
def authority() -> Authority:
    return make_authority()


@pytest.fixture(scope="session")
def tsa_url(authority: Authority) -> Iterator[str]:
    with serve_authority(authority) as url:
        yield url


@pytest.fixture
def roots_file(tmp_path: Path, authority: Authority) -> Path:
    path = tmp_path / "tsa-roots.pem"
    path.write_text(authority.roots_pem)
    return path


def capture_settings(**changes: object) -> CaptureSettings:
    base = CaptureSettings(timeout=1.0, max_bytes=MAX_BYTES, actor="fictional.monitor")
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def with_capture(settings: Settings, **changes: object) -> Settings:
    return dataclasses.replace(settings, capture=capture_settings(**changes))


@pytest.fixture
def ev_store(settings: Settings, tsa_url: str, roots_file: Path) -> Iterator[Store]:
    """A store (SQLite, and PostgreSQL when a server is given) capturing with trusted time."""
    opened = open_store(with_capture(settings, tsa_url=tsa_url, tsa_roots=roots_file))
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(sqlite_settings: Settings) -> Iterator[Store]:
    """A SQLite store without a timestamp authority."""
    opened = open_store(with_capture(sqlite_settings))
    yield opened
    opened.close()
