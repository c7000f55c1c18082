"""The case form (number, jurisdiction, courts, defendants and their charges) and the relation
form: problems shown next to their field with nothing saved, a saved case on its page with its
prosecutions derived, an edit that keeps what the form does not show, and the audit log."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from docket.services import audit, editing
from docket.services.store import Store
from tests.web.conftest import csrf_of

# Fictional defendants, made by the tests (the demo dataset's people are real).
ONE, TWO = "fictional-aidar-nurlanov", "fictional-gulnara-seitova"
CASE = {
    "title": "Case of the Fictional Reading Circle",
    "number": "219-0000-21-00007",
    "jurisdiction": "KZ",
    "courts": "yesil-court",
    "defendants": f"{ONE} | kz-cc-405 | 2\n{ONE} | kz-cc-174\n{TWO} | | | extremism",
    "summary": "A fictional case made by a test.",
    "sources": "briefing-2021-11-01 | p. 3",
    "sensitivity": "internal",
}


@pytest.fixture(scope="module", autouse=True)
def fictional_people(web_store: Store) -> None:
    for pid, name in ((ONE, "Aidar Nurlanov"), (TWO, "Gulnara Seitova")):
        editing.save(web_store, "person", {"id": pid, "name": name}, actor="setup")


def _post(client: TestClient, path: str, data: dict[str, str]) -> object:
    token = csrf_of(client.get(path).text)
    return client.post(path, data={**data, "csrf": token}, follow_redirects=False)


def _count(store: Store, sql: str, **params: str) -> int:
    with store.read() as conn:
        return int(conn.scalar(text(sql), params) or 0)


def test_refused_case_shows_each_problem_by_its_field_and_saves_nothing(
    clients: dict[str, TestClient], web_store: Store
) -> None:
    editor = clients["editor"]
    cases_before = _count(web_store, "SELECT count(*) FROM legal_case")
    charges_before = _count(web_store, "SELECT count(*) FROM charge")
    bad = {
        **CASE,
        "courts": "no-such-court",
        "defendants": f"{ONE} | kz-cc-405 | 9\nnobody-at-all | kz-cc-405 | 1\n{TWO} | kz-cc-99999",
        "sources": "",
    }
    response = _post(editor, "/cases/new", bad)
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert 'id="e-sources"' in html and 'id="e-courts"' in html and 'id="e-defendants"' in html
    defendants_error = html.split('id="e-defendants"', 1)[1].split("</p>", 1)[0]
    assert "no part 9" in defendants_error
    assert "nobody-at-all" in defendants_error
    assert "kz-cc-99999" in defendants_error
    assert "no-such-court" in html.split('id="e-courts"', 1)[1].split("</p>", 1)[0]
    assert "Nothing was saved" in html
    # what was typed comes back in the form
    assert "nobody-at-all | kz-cc-405 | 1" in html
    assert _count(web_store, "SELECT count(*) FROM legal_case") == cases_before
    assert _count(web_store, "SELECT count(*) FROM charge") == charges_before


def test_a_defendant_without_a_charge_is_refused(
    clients: dict[str, TestClient], web_store: Store
) -> None:
    response = _post(clients["editor"], "/cases/new", {**CASE, "defendants": ONE})
    assert response.status_code == 400  # type: ignore[attr-defined]
    error = response.text.split('id="e-defendants"', 1)[1].split("</p>", 1)[0]  # type: ignore[attr-defined]
    assert ONE in error and "at least one charge" in error


def test_add_a_case_then_edit_it(clients: dict[str, TestClient], web_store: Store) -> None:
    editor = clients["editor"]
    response = _post(editor, "/cases/new", CASE)
    assert response.status_code == 303, response.text  # type: ignore[attr-defined]
    where = response.headers["location"]  # type: ignore[attr-defined]
    assert where.startswith("/cases/case-case-of-the-fictional-reading-circle-")
    case_id = where.rsplit("/", 1)[1]
    shown = editor.get(where).text
    assert "219-0000-21-00007" in shown
    assert "Yesil district court" in shown
    assert "“extremism”" in shown
    assert "405" in shown and "174" in shown
    charges = _count(web_store, "SELECT count(*) FROM charge WHERE case_id = :c", c=case_id)
    assert charges == 3
    # a prosecution per defendant, derived from the case (no events yet)
    prosecutions = _count(
        web_store, "SELECT count(*) FROM prosecution WHERE case_id = :c", c=case_id
    )
    assert prosecutions == 2
    entry = audit.list_log(web_store, limit=1)[0]
    assert (entry.record_type, entry.record_id, entry.action) == ("case", case_id, "add")
    assert entry.actor == "editor"

    # the edit form shows the stored case; an edit drops a charge and keeps the rest
    form = editor.get(f"/cases/{case_id}/edit").text
    assert f"{ONE} | kz-cc-405 | 2" in form and f"{TWO} | | | extremism" in form
    assert "briefing-2021-11-01 | p. 3" in form
    changed = {**CASE, "defendants": f"{ONE} | kz-cc-405 | 2", "number": "219-1"}
    response = _post(editor, f"/cases/{case_id}/edit", changed)
    assert response.status_code == 303, response.text  # type: ignore[attr-defined]
    assert _count(web_store, "SELECT count(*) FROM charge WHERE case_id = :c", c=case_id) == 1
    shown = editor.get(f"/cases/{case_id}").text
    assert "219-1" in shown and "Yesil district court" in shown
    entry = audit.list_log(web_store, limit=1)[0]
    assert entry.action == "edit" and entry.before is not None
    assert len(entry.before["defendants"]) == 2 and len(entry.after["defendants"]) == 1


def test_viewers_cannot_add_cases(clients: dict[str, TestClient]) -> None:
    assert clients["viewer"].get("/cases/new").status_code == 403
    token = csrf_of(clients["viewer"].get("/people").text)
    response = clients["viewer"].post("/cases/new", data={**CASE, "csrf": token})
    assert response.status_code == 403


def test_add_a_relation(clients: dict[str, TestClient], web_store: Store) -> None:
    editor = clients["editor"]
    path = f"/people/{ONE}/relations/new"
    refused = _post(editor, path, {"kind": "cousin-ish", "person": "nobody-at-all", "sources": ""})
    assert refused.status_code == 400  # type: ignore[attr-defined]
    html = refused.text  # type: ignore[attr-defined]
    assert "nobody-at-all" in html.split('id="e-person"', 1)[1].split("</p>", 1)[0]
    assert 'id="e-kind"' in html
    assert _count(web_store, "SELECT count(*) FROM relation WHERE other_id = 'nobody-at-all'") == 0
    itself = _post(editor, path, {"kind": "associate", "person": ONE, "sources": ""})
    assert itself.status_code == 400  # type: ignore[attr-defined]
    assert "themself" in itself.text  # type: ignore[attr-defined]

    before = _count(web_store, "SELECT count(*) FROM relation WHERE person_id = :p", p=ONE)
    saved = _post(
        editor,
        path,
        {"kind": "brother", "person": TWO, "sources": "briefing-2021-11-01 | p. 4"},
    )
    assert saved.status_code == 303, saved.text  # type: ignore[attr-defined]
    assert saved.headers["location"] == f"/people/{ONE}"  # type: ignore[attr-defined]
    after = _count(web_store, "SELECT count(*) FROM relation WHERE person_id = :p", p=ONE)
    assert after == before + 1
    page = editor.get(f"/people/{ONE}").text
    assert f"/people/{TWO}" in page
    entry = audit.list_log(web_store, limit=1)[0]
    assert (entry.record_type, entry.record_id, entry.action) == ("person", ONE, "edit")
    assert clients["viewer"].get(path).status_code == 403
    assert editor.get("/people/nobody-at-all/relations/new").status_code == 404
