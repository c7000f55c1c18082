"""What leaves Docket: the command line (JSON, audiences), the web pages (team application and
public site) and the briefing sections, on the fictional records; a restricted deployment never
appears for a viewer or the public, an internal one never for the public."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from docket.cli.app import app
from docket.services import accounts, loading
from docket.services.briefing import BriefingRequest, write_briefing
from docket.services.store import Store
from tests.conftest import FICTIONAL
from tests.deployments.conftest import INTERNAL, SECRET, write_files
from tests.web.conftest import PASSWORD, log_in, make_app

runner = CliRunner()


def run(db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("deployments")
    dataset = folder / "fictional"
    dataset.mkdir()
    for path in FICTIONAL.iterdir():
        (dataset / path.name).write_bytes(path.read_bytes())
    write_files(dataset)
    code, output = run(folder / "d.sqlite", "load", str(dataset))
    assert code == 0, output
    assert "3 deployments, 1 disruptions, 1 laws" in output
    return folder / "d.sqlite"


def test_cli_lists_by_audience(db: Path) -> None:
    for audience, expected in (
        ("public", {"dep-cameras"}),
        ("viewer", {"dep-cameras", "dep-internal"}),
        ("editor", {"dep-cameras", "dep-internal", "dep-secret"}),
    ):
        code, output = run(db, "deployments", "list", "--json", "--audience", audience)
        assert code == 0, output
        assert {d["id"] for d in orjson.loads(output)} == expected, audience
        assert (SECRET in output) == (audience == "editor")
    code, output = run(db, "deployments", "list")  # a viewer by default, as a table
    assert code == 0 and INTERNAL[:20] in output and SECRET not in output


def test_cli_show_gives_every_part_with_its_sources(db: Path) -> None:
    code, output = run(db, "deployments", "show", "dep-cameras", "--json")
    assert code == 0, output
    d = orjson.loads(output)
    assert [a["name"] for a in d["operators"]] == [
        "Free Voices Monitor", "Almaly city administration (fictional)"
    ]  # fmt: skip
    assert d["scale"][0]["figure"] == "about 300 cameras"
    assert d["place"] is None  # marked restricted
    code, output = run(db, "deployments", "show", "dep-cameras", "--json", "--audience", "editor")
    assert orjson.loads(output)["place"] == "Almaly"
    # the loan cites only a restricted source: a viewer does not see it
    assert [a["title"] for a in d["agreements"]] == ["Camera contract (fictional)"]
    assert d["agreements"][0]["sources"][0] == {
        "source": "src-report", "at": "p. 3",
        "title": "Annual report on political persecution (fictional)",
    }  # fmt: skip
    code, output = run(db, "deployments", "show", "dep-secret")
    assert code == 3 and "No deployment 'dep-secret'" in output
    code, output = run(db, "deployments", "show", "dep-secret", "--audience", "editor")
    assert code == 0 and SECRET in output


def test_cli_laws_give_status_and_stages_in_order(db: Path) -> None:
    code, output = run(db, "laws", "show", "law-media", "--json")
    assert code == 0, output
    law = orjson.loads(output)
    # the signature cites a restricted source: a viewer sees the law up to its first reading
    assert [(s["stage"], s["date"]) for s in law["stages"]] == [
        ("draft", "2021-01-10"), ("first_reading", "2021-09-15")
    ]  # fmt: skip
    assert (law["status"], law["status_date"]) == ("first_reading", "2021-09-15")
    assert law["uses"][0]["case_title"]
    code, output = run(db, "laws", "list", "--json", "--audience", "editor")
    assert orjson.loads(output)[0]["status"] == "signature"
    code, output = run(db, "laws", "list", "--audience", "nobody")
    assert code == 2 and "not an audience" in output


@pytest.fixture
def fictional_store(store: Store, tmp_path: Path) -> Store:
    dataset = tmp_path / "fictional"
    dataset.mkdir()
    for path in FICTIONAL.iterdir():
        (dataset / path.name).write_bytes(path.read_bytes())
    write_files(dataset)
    loading.load_dataset(store, dataset)
    return store


def test_web_pages_by_role_and_on_the_public_site(fictional_store: Store) -> None:
    accounts.add_user(fictional_store, "vera", role="viewer", password=PASSWORD)
    accounts.add_user(fictional_store, "edda", role="editor", password=PASSWORD)
    viewer = log_in(TestClient(make_app(fictional_store)), "vera")
    editor = log_in(TestClient(make_app(fictional_store)), "edda")
    public = TestClient(make_app(fictional_store, public=True))
    for client, sees_internal, sees_secret in (
        (public, False, False), (viewer, True, False), (editor, True, True),
    ):  # fmt: skip
        listing = client.get("/deployments")
        assert listing.status_code == 200
        assert "Steppe City cameras (fictional)" in listing.text
        assert (INTERNAL in listing.text) == sees_internal
        assert (SECRET in listing.text) == sees_secret
        secret = client.get("/deployments/dep-secret")
        assert secret.status_code == (200 if sees_secret else 404)
        assert (SECRET in secret.text) == sees_secret
        page = client.get("/deployments/dep-cameras")
        assert page.status_code == 200 and "Camera contract (fictional)" in page.text
        assert ("Loan behind a restricted source" in page.text) == sees_secret
        law = client.get("/laws/law-media")
        assert "Вымышленный закон о СМИ" in law.text and "15 September 2021" in law.text
        assert "<script" not in law.text.split("</head>")[1]  # works without JavaScript
        internet = client.get("/internet")
        assert internet.status_code == 200 and "A fictional nationwide shutdown." in internet.text
    assert (
        TestClient(make_app(fictional_store))
        .get("/deployments", follow_redirects=False)
        .status_code
        == 303
    )  # the team application asks for a login
    assert public.get("/internet?country=KZZ").status_code == 400  # not a country code


def test_briefing_sections_with_footnotes_and_none_without_data(
    fictional_store: Store, store_without: Store, tmp_path: Path
) -> None:
    request = BriefingRequest(date(2021, 10, 20), public_only=True)
    path = tmp_path / "b.md"
    write_briefing(fictional_store, request, fmt="md", path=path)
    text = path.read_text()
    for heading in ("## Internet freedom", "## Surveillance and data sovereignty", "## Laws"):
        assert heading in text
    assert INTERNAL not in text and SECRET not in text  # public: only public records
    row = next(line for line in text.splitlines() if "Steppe City cameras" in line)
    number = row.split("[^")[1].split("]")[0]
    note = next(line for line in text.splitlines() if line.startswith(f"[^{number}]:"))
    assert "Annual report on political persecution (fictional)" in note and "p. 2" in note
    assert "about 300 cameras" in row and "October 2019" not in row
    assert "15 September 2021 — approved on first reading" in text
    assert "signed" not in text.split("## Laws")[1].split("## Methodology")[0]  # after as-of
    empty = tmp_path / "e.md"
    write_briefing(store_without, request, fmt="md", path=empty)
    assert "Internet freedom" not in empty.read_text()
    assert "Surveillance and data" not in empty.read_text()
    assert "## Laws" not in empty.read_text()


@pytest.fixture
def store_without(tmp_path: Path) -> Store:
    from docket.config import Settings
    from docket.services.store import open_store

    opened = open_store(
        Settings(database_url=f"sqlite:///{tmp_path / 'plain.sqlite'}", data_dir=tmp_path)
    )
    loading.load_dataset(opened, FICTIONAL)
    return opened
