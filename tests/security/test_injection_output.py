"""Input never becomes a template, markup or a formula: names, titles, summaries and source
addresses written to attack a reader stay text in web pages, HTML and Markdown briefings and
dossiers, and CSV and XLSX exports.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from markdown_it import MarkdownIt
from openpyxl import load_workbook
from typer.testing import CliRunner

from docket.cli.app import app as cli
from docket.interchange.table_export import neutralise
from docket.services import editing
from docket.services.store import Store
from tests.conftest import FICTIONAL
from tests.web.conftest import clients, team_app, web_settings, web_store

__all__ = ["clients", "team_app", "web_settings", "web_store"]

SCRIPT = "<script>alert(1)</script>"
TEMPLATE = "{{7*7}}{% raw %}"
MARKDOWN = (
    "[click](https://evil.example/x) ![p](https://evil.example/p.png) "
    "<img src=x onerror=alert(1)> # h | cell"
)
HOSTILE_NAME = f"Aigerim {TEMPLATE} {SCRIPT} Nurlanova"
HOSTILE_URLS = [
    "javascript:alert(1)",
    'https://ok.example/"><script>alert(1)</script>',
    "https://x.example> <img src=x onerror=alert(1)> <y",
]
FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
RISKY = ("=", "+", "-", "@", "\t", "\r")


def _edit(path: Path, changes: dict[str, dict[str, Any]]) -> None:
    records = yaml.safe_load(path.read_text("utf-8"))
    for record in records:
        record.update(changes.get(record["id"], {}))
    path.write_text(yaml.safe_dump(records, allow_unicode=True), "utf-8")


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """The fictional dataset with a political prisoner, an official and sources out to attack."""
    data = tmp_path / "fictional"
    shutil.copytree(FICTIONAL, data)
    summary = f"{MARKDOWN} {SCRIPT} {TEMPLATE}"
    _edit(
        data / "people.yaml",
        {
            "aigerim-nurlanova": {"name": HOSTILE_NAME, "summary": summary},
            "judge-ivanchenko": {"name": f"Sergei {SCRIPT} [x](https://evil.example) Ivanchenko"},
            "bolat-sarsenov": {"name": FORMULAS[0], "summary": FORMULAS[1]},
            "dana-sarsenova": {"occupation": FORMULAS[2], "summary": FORMULAS[3]},
            "zhanna-omarova": {"name": "Zhanna\t=1", "summary": "\r=1"},
        },
    )
    _edit(
        data / "sources.yaml",
        {
            "src-report": {"url": HOSTILE_URLS[0], "title": f"Report {SCRIPT} {MARKDOWN}"},
            "src-news": {"url": HOSTILE_URLS[1], "publisher": f"News {TEMPLATE}"},
            "src-lawyer": {"url": HOSTILE_URLS[2], "sensitivity": "public"},
        },
    )
    db = tmp_path / "docket.sqlite"
    loaded = CliRunner().invoke(cli, ["--db", str(db), "load", str(data)])
    assert loaded.exit_code == 0, loaded.output
    return db


def _run(db: Path, *args: str) -> None:
    done = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert done.exit_code == 0, done.output


def _assert_inert_html(html: str) -> None:
    assert "<script>" not in html and "onerror=" not in html.replace("onerror=alert", "")
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html.lower()
    assert '"><script>' not in html
    assert "{{7*7}}" in html or "{{ 7*7 }}" in html  # the template text is shown, not run
    assert "{% raw %}" in html


def test_html_briefing_and_dossier_keep_hostile_values_as_text(
    hostile_db: Path, tmp_path: Path
) -> None:
    briefing = tmp_path / "briefing.html"
    _run(hostile_db, "brief", "--as-of", "2021-11-01", "--format", "html", "-o", str(briefing))
    html = briefing.read_text("utf-8")
    _assert_inert_html(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    dossier = tmp_path / "dossier.html"
    _run(hostile_db, "dossier", "judge-ivanchenko", "--format", "html", "-o", str(dossier))
    written = dossier if dossier.is_file() else next(tmp_path.glob("**/*.html"))
    _assert_inert_html_links(written.read_text("utf-8"))


def _assert_inert_html_links(html: str) -> None:
    assert "<script>" not in html
    assert 'href="javascript:' not in html.lower()
    assert 'href="https://evil.example' not in html


def _links_and_images(markdown: str) -> tuple[list[str], list[str], list[str]]:
    """What a Markdown reader would make of the text: link targets, image sources, raw HTML."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    links, images, raw = [], [], []
    for token in tokens:
        if token.type in ("html_block",):
            raw.append(token.content)
        for child in token.children or []:
            if child.type == "link_open":
                links.append(str(child.attrGet("href")))
            elif child.type == "image":
                images.append(str(child.attrGet("src")))
            elif child.type == "html_inline":
                raw.append(child.content)
    return links, images, raw


def test_markdown_briefing_and_dossier_let_no_value_make_markup(
    hostile_db: Path, tmp_path: Path
) -> None:
    briefing = tmp_path / "briefing.md"
    _run(hostile_db, "brief", "--as-of", "2021-11-01", "-o", str(briefing))
    dossier = tmp_path / "dossier.md"
    _run(hostile_db, "dossier", "judge-ivanchenko", "-o", str(dossier))
    for path in (briefing, dossier):
        text = path.read_text("utf-8")
        links, images, raw = _links_and_images(text)
        assert not raw, f"{path.name}: raw HTML from a value: {raw}"
        assert not [u for u in links if "evil.example" in u or u.startswith("javascript")], links
        assert not [u for u in images if "evil.example" in u], images
        assert re.search(r"\{\{7\\?\*7\}\}\{% raw %\}", text), "the template text is shown"
    assert "Aigerim" in briefing.read_text("utf-8")


def test_web_pages_show_hostile_names_as_text(
    clients: dict[str, TestClient], web_store: Store
) -> None:
    saved = editing.save(
        web_store,
        "person",
        {"name": HOSTILE_NAME, "summary": MARKDOWN, "sensitivity": "internal"},
        actor="test",
    )
    editor = clients["editor"]
    for path in (f"/people/{saved.id}", "/people?name=Aigerim", "/search?q=Aigerim Nurlanova"):
        page = editor.get(path)
        assert page.status_code == 200, path
        assert SCRIPT not in page.text and "<img src=x" not in page.text, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text, path
        assert "{{7*7}}" in page.text, path
    edit = editor.get(f"/people/{saved.id}/edit")
    assert SCRIPT not in edit.text and "{{7*7}}" in edit.text


def test_spreadsheet_exports_neutralise_formulas(hostile_db: Path, tmp_path: Path) -> None:
    out_csv, out_xlsx = tmp_path / "people.csv", tmp_path / "people.xlsx"
    _run(hostile_db, "export", "csv", "--as-of", "2021-11-01", "-o", str(out_csv))
    _run(hostile_db, "export", "xlsx", "--as-of", "2021-11-01", "-o", str(out_xlsx))
    rows = list(csv.reader(io.StringIO(out_csv.read_text("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    book = load_workbook(out_xlsx)
    xlsx_cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in xlsx_cells if c.data_type == "f"], "a formula cell"
    for values in (cells, [str(c.value) for c in xlsx_cells if c.value is not None]):
        assert not [v for v in values if v.startswith(RISKY)], "a cell a spreadsheet would run"
        for formula in [*FORMULAS[:4], "=1"]:  # readers strip a leading tab or CR
            assert any(v == "'" + formula or v.startswith("'" + formula) for v in values), formula


def test_a_leading_tab_or_carriage_return_is_neutralised_too() -> None:
    for value in ("\t=1", "\r=1", "=1", "+1", "-1", "@A1"):
        assert neutralise(value) == "'" + value
    assert neutralise("Aigerim = 1") == "Aigerim = 1"
