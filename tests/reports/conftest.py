"""Fixtures for reports: stores holding the fictional or the demo dataset, the CLI with the report
commands, and PDF tools (pdftoppm, pdftotext from poppler-utils)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer

from docket.services.loading import load_dataset
from docket.services.store import Store
from tests.conftest import DEMO, FICTIONAL, ROOT

GENERATED = datetime(2021, 11, 1, 9, 0, tzinfo=UTC)
ARTIFACTS = ROOT / "artifacts" / "reports"


@pytest.fixture
def fictional(store: Store) -> Store:
    load_dataset(store, FICTIONAL)
    return store


@pytest.fixture
def demo(store: Store) -> Store:
    load_dataset(store, DEMO)
    return store


@pytest.fixture(scope="session")
def cli_app() -> typer.Typer:
    """Docket's app with the report commands, registered once even if app.py already does."""
    from docket.cli.app import app
    from docket.cli.reports import register

    if not any(c.name == "brief" for c in app.registered_commands):
        register(app)
    return app


def need_poppler() -> None:
    if not (shutil.which("pdftoppm") and shutil.which("pdftotext")):
        pytest.skip(
            "poppler-utils (pdftoppm, pdftotext) is not installed: apt-get install poppler-utils"
        )


def pdf_text(path: Path) -> str:
    need_poppler()
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def pdf_page_png(path: Path, name: str, page: int = 1) -> Path:
    """Render a page to PNG and keep it under artifacts/reports/ (a test artefact)."""
    need_poppler()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / name
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(path),
            str(prefix),
        ],
        check=True,
    )
    return prefix.with_suffix(".png")


def pdf_pages(path: Path) -> int:
    need_poppler()
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    for line in done.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0
