"""Fixtures for digital repression: OONI's real QA measurements (read in place), fictional
generated measurements, takedown files, and the command line with `ooni`/`takedowns` on it."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import typer
from bench.ooni_import import measurements, write

QA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ooni-web-connectivity-qa"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def qa_files() -> list[Path]:
    """OONI's 50 real web_connectivity measurements; skips when ../shared/data is absent."""
    if not QA.is_dir():
        pytest.skip(f"OONI's QA measurements are not here ({QA}); CI has ../shared beside it")
    return sorted(QA.glob("*.json"))


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """3,000 fictional measurements over 60 days, one gzip'd JSON lines file per day."""
    return write(tmp_path_factory.mktemp("ooni"), 3_000, seed=7)


@pytest.fixture
def write_lines(tmp_path: Path) -> Callable[..., Path]:
    """Write measurements (dicts, or raw bytes for broken lines) as JSON lines, gzip'd or not."""

    def make(name: str, items: list[Any], *, gz: bool = True) -> Path:
        data = b"".join((i if isinstance(i, bytes) else orjson.dumps(i)) + b"\n" for i in items)
        path = tmp_path / name
        path.write_bytes(gzip.compress(data) if gz else data)
        return path

    return make


def sample(n: int = 5, *, seed: int = 11) -> list[dict[str, Any]]:
    return list(measurements(n, seed=seed, days=1))


@pytest.fixture(scope="session")
def cli() -> Iterator[typer.Typer]:
    """Docket's command line with the digital commands registered (as cli/app.py will), and
    afterwards as it was: other tests see the app unchanged."""
    from docket.cli import digital
    from docket.cli.app import app

    before = list(app.registered_groups)
    digital.register(app)
    digital.register(app)  # a second call must not add the groups twice
    names = [g.name for g in app.registered_groups]
    assert names.count("ooni") == names.count("takedowns") == 1
    yield app
    app.registered_groups[:] = before
