"""Input never becomes SQL: search words, FTS5 syntax, quotes and comment markers in queries,
names and ids, through the services, the command line and the web, on SQLite and PostgreSQL.

Each hostile text must be answered as text: the search answers (with nothing, or with records
that exist), nothing in the store changes, a name with quotes is stored and read back exactly.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from docket.cli.app import app as cli
from docket.errors import NotFound
from docket.services import editing, finding, people
from docket.services.loading import load_dataset
from docket.services.store import Store
from tests.conftest import FICTIONAL
from tests.security.fuzzing import store_snapshot
from tests.web.conftest import clients, team_app, web_settings, web_store

__all__ = ["clients", "team_app", "web_settings", "web_store"]

HOSTILE = [
    '"',
    '""',
    "NEAR(",
    "NEAR(Aigerim Nurlanova, 2)",
    "*",
    "Nurl*",
    "--",
    "; DROP TABLE person; --",
    "';DROP TABLE person;--",
    "' OR '1'='1",
    '" OR "1"="1',
    "Aigerim AND OR NOT",
    "name:Aigerim",
    "^Aigerim",
    "{name}: x",
    "%",
    "_",
    "\\",
    "Нурланова') --",
    "x\x00y",
    "1; SELECT pg_sleep(5)",
    "$$; DROP TABLE person; $$",
]
# texts that would widen a query were they SQL: none of them names a record
SQL_LIKE = ["' OR '1'='1", '" OR "1"="1', "; DROP TABLE person; --", "%", "_", "x' --"]
QUOTED_NAME = "O'Hara \"Quoted\" Fictional'); DELETE FROM source; --"


@pytest.fixture
def fictional(store: Store) -> Store:
    load_dataset(store, FICTIONAL)
    return store


def test_search_reads_every_hostile_query_as_words(fictional: Store) -> None:
    before = store_snapshot(fictional.engine)
    with fictional.read() as conn:
        known = {row[0] for row in conn.exec_driver_sql("SELECT id FROM person")}
        sources = {row[0] for row in conn.exec_driver_sql("SELECT id FROM source")}
    finder = finding.NameFinder()
    finder.warm(fictional)
    visible = frozenset({"public", "internal", "restricted"})
    for query in HOSTILE:
        for kind, rid, _ in people.search_records(fictional, query):
            assert rid in known | sources or kind not in ("person", "source"), (query, rid)
        for hit in finding.search(fictional, finder, query, visible=visible):
            assert hit.id, query
    assert store_snapshot(fictional.engine) == before, "a search changed the store"
    # the words of a hostile query still find what they name
    found = {rid for _, rid, _ in people.search_records(fictional, '"Aigerim" -- Nurl*')}
    assert "aigerim-nurlanova" in found


def test_names_and_ids_with_quotes_are_stored_as_text(fictional: Store) -> None:
    with fictional.read() as conn:
        count = int(conn.exec_driver_sql("SELECT count(*) FROM person").scalar() or 0)
    saved = editing.save(
        fictional, "person", {"name": QUOTED_NAME, "sensitivity": "internal"}, actor="test"
    )
    assert editing.current(fictional, "person", saved.id)["name"] == QUOTED_NAME
    with fictional.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM person").scalar() == count + 1
    hits = {rid for _, rid, _ in people.search_records(fictional, "O'Hara Quoted")}
    assert saved.id in hits
    for query in SQL_LIKE:
        with pytest.raises(NotFound):
            people.get_person_record(fictional, query, as_of=date(2021, 11, 1))


def test_the_command_line_passes_hostile_text_as_values(tmp_path: Path) -> None:
    db = tmp_path / "docket.sqlite"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db), "load", str(FICTIONAL)]).exit_code == 0
    for query in HOSTILE[::3]:  # every third: each command opens the store again
        if "\x00" in query:
            continue  # an argument cannot hold a NUL byte
        result = runner.invoke(cli, ["--db", str(db), "search", query, "--json"])
        assert result.exit_code == 0, (query, result.output)
    for query in SQL_LIKE:
        shown = runner.invoke(cli, ["--db", str(db), "show", query])
        assert shown.exit_code == NotFound.exit_code, (query, shown.output)
    listing = runner.invoke(cli, ["--db", str(db), "search", "Nurlanova", "--json"])
    assert "aigerim-nurlanova" in listing.output


def test_the_web_passes_hostile_text_as_values(
    clients: dict[str, TestClient], web_store: Store
) -> None:
    before = store_snapshot(web_store.engine)
    editor = clients["editor"]
    for query in HOSTILE:
        for path in ("/search", "/people"):
            key = "q" if path == "/search" else "name"
            response = editor.get(path, params={key: query})
            expected = 400 if "\x00" in query and path == "/people" else 200
            assert response.status_code == expected, (path, query, response.status_code)
    for query in SQL_LIKE:
        for kind in ("people", "cases", "sources", "organisations"):
            response = editor.get(f"/{kind}/{quote(query, safe='')}")
            assert response.status_code == 404, (kind, query, response.status_code)
    assert store_snapshot(web_store.engine) == before, "a request changed the store"
    assert "erulan-amirov" in editor.get("/search", params={"q": "Amirov' --"}).text
