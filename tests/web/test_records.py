"""Recording through the forms: validation next to the field, events on the timeline with their
status derived, merge and undo, the audit trail, search across scripts, Russian and dates."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import text

from docket.services import audit
from docket.services.store import Store
from tests.web.conftest import csrf_of


def _post(client: TestClient, path: str, data: dict[str, str]) -> object:
    form = client.get(path if path.endswith("/new") else path)
    return client.post(path, data={**data, "csrf": csrf_of(form.text)}, follow_redirects=False)


def _count(store: Store, table: str) -> int:
    with store.read() as conn:
        return int(conn.scalar(text(f"SELECT count(*) FROM {table}")) or 0)  # noqa: S608


def test_refused_form_shows_errors_by_field_and_saves_nothing(
    clients: dict[str, TestClient], web_store: Store
) -> None:
    editor = clients["editor"]
    events_before = _count(web_store, "event")
    audit_before = _count(web_store, "audit_entry")
    response = _post(
        editor,
        "/events/new",
        {"kind": "detained", "date": "2021-13-01", "victims": "erulan-amirov", "sources": ""},
    )
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert re.search(r'id="e-date">[^<]*there is no month 13', html)
    assert re.search(r'id="e-sources">[^<]*cites no source', html)
    assert 'value="2021-13-01"' in html, "the form keeps what was typed"
    assert _count(web_store, "event") == events_before
    assert _count(web_store, "audit_entry") == audit_before


def test_add_event_with_a_source_shows_on_the_timeline(
    clients: dict[str, TestClient], web_store: Store
) -> None:
    editor = clients["editor"]
    response = _post(
        editor,
        "/people/new",
        {
            "name": "Aigerim Fictional-Testova",
            "names": "Айгерим Фиктивная-Тестова",
            "sensitivity": "internal",
            "born": "1990-05",
        },
    )
    assert response.status_code == 303, response.text  # type: ignore[attr-defined]
    person_path = response.headers["location"]  # type: ignore[attr-defined]
    pid = person_path.rsplit("/", 1)[1]
    response = _post(
        editor,
        "/events/new",
        {
            "kind": "pre_trial_detention",
            "date": "2021-06",
            "victims": pid,
            "sources": "briefing-2021-11-01 | p. 7",
            "sensitivity": "internal",
        },
    )
    assert response.status_code == 303, response.text  # type: ignore[attr-defined]
    page = editor.get(f"{person_path}?as_of=2021-10-26").text
    assert "June 2021" in page and "remanded in pre-trial detention" in page
    assert "pre-trial detention</strong> since 30 June 2021" in page
    assert "briefing-2021-11-01" in page or "Briefing" in page
    assert "Change history" in page and ">add<" in page
    # an event dated before the person's birth is refused
    response = _post(
        editor,
        "/events/new",
        {"kind": "detained", "date": "1980", "victims": pid, "sources": "briefing-2021-11-01"},
    )
    assert response.status_code == 400 and "before" in response.text  # type: ignore[attr-defined]


def test_edit_keeps_what_the_form_does_not_show(
    clients: dict[str, TestClient], web_store: Store
) -> None:
    editor = clients["editor"]
    form = editor.get("/people/bekizhan-mendygazyev/edit").text
    assert "Bekizhan Mendygazyev" in form
    response = _post(
        editor,
        "/people/bekizhan-mendygazyev/edit",
        {
            "name": "Bekizhan Mendygazyev",
            "occupation": "entrepreneur",
            "sensitivity": "public",
            "sources": "briefing-2021-11-01 | p. 6ff.",
        },
    )
    assert response.status_code == 303, response.text  # type: ignore[attr-defined]
    page = editor.get("/people/bekizhan-mendygazyev").text
    assert "entrepreneur" in page
    assert "Barlyk Mendygazyev" in page, "the relation (not on the form) is kept"


def test_merge_a_duplicate_and_undo(clients: dict[str, TestClient], web_store: Store) -> None:
    editor = clients["editor"]
    response = _post(editor, "/people/new", {"name": "Ерулан Амиров", "sensitivity": "internal"})
    dup = response.headers["location"].rsplit("/", 1)[1]  # type: ignore[attr-defined]
    _post(
        editor,
        "/events/new",
        {
            "kind": "hunger_strike",
            "date": "2021-09",
            "victims": dup,
            "sources": "briefing-2021-11-01",
        },
    )
    queue = editor.get("/review").text
    assert dup in queue and "erulan-amirov" in queue
    compare = editor.get(f"/review/compare?a=erulan-amirov&b={dup}")
    assert compare.status_code == 200
    response = editor.post(
        "/review/merge",
        data={"csrf": csrf_of(compare.text), "keep": "erulan-amirov", "merge": dup},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = editor.get("/people/erulan-amirov").text
    assert "Ерулан Амиров" in page and "hunger strike" in page
    assert editor.get(f"/people/{dup}").status_code == 404
    seq = int(re.findall(r'action="/review/undo/(\d+)"', page)[0])
    response = editor.post(
        f"/review/undo/{seq}", data={"csrf": csrf_of(page)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert "hunger strike" in editor.get(f"/people/{dup}").text
    assert "hunger strike" not in editor.get("/people/erulan-amirov").text
    assert audit.verify_chain(web_store).ok


def test_audit_log_for_admins_and_its_chain(
    clients: dict[str, TestClient], web_store: Store
) -> None:
    admin = clients["admin"]
    assert "intact" in admin.get("/admin/audit/verify").text
    log = admin.get("/admin/audit").text
    first = re.findall(r'href="/admin/audit/(\d+)"', log)[-1]
    entry = admin.get(f"/admin/audit/{first}").text
    assert "Before" in entry and "After" in entry
    with web_store.write() as conn:  # someone edits the log behind the application's back
        conn.execute(
            text("UPDATE audit_entry SET actor = 'mallory' WHERE seq = :s"), {"s": int(first)}
        )
    assert not audit.verify_chain(web_store).ok
    assert "broken" in admin.get("/admin/audit/verify").text
    with web_store.write() as conn:
        conn.execute(
            text("UPDATE audit_entry SET actor = :a WHERE seq = :s"),
            {"a": re.search(r"<dt>Who</dt><dd>([^<]*)", entry).group(1), "s": int(first)},
        )  # type: ignore[union-attr]
    assert audit.verify_chain(web_store).ok


def test_search_across_scripts(clients: dict[str, TestClient]) -> None:
    viewer = clients["viewer"]
    assert "/people/erulan-amirov" in viewer.get("/search", params={"q": "Ерулан Амиров"}).text
    assert "/people/barlyk-mendygazyev" in viewer.get("/search", params={"q": "Мендыгазиев"}).text
    assert "/cases/amirov-case" in viewer.get("/search", params={"q": "Amirov"}).text


def test_russian_interface_and_dates_with_precision(clients: dict[str, TestClient]) -> None:
    viewer = clients["viewer"]
    viewer.get("/language", params={"lang": "ru", "next": "/people"})
    try:
        page = viewer.get("/people/erulan-amirov?as_of=2021-10-26").text
        assert 'lang="ru"' in page and "Хронология" in page
        home = viewer.get("/?as_of=2021-10-26").text
        assert "политических заключённых" in home
    finally:
        viewer.get("/language", params={"lang": "en"})
    page = viewer.get("/people/erulan-amirov?as_of=2021-10-26").text
    assert "Timeline" in page


def test_home_figures_as_of_a_day(clients: dict[str, TestClient]) -> None:
    home = clients["viewer"].get("/?as_of=2021-10-26").text
    assert re.search(r"at least 16\s*</span>\s*<span class=\"what\">political prisoners", home)


def test_an_edit_form_opened_before_another_save_is_refused(
    clients: dict[str, TestClient], web_store: Store
) -> None:
    """Two editors open the same record; the first saves; the second's save would undo the
    first's change, and is refused with the form kept as typed."""
    editor = clients["editor"]
    made = _post(
        editor, "/people/new", {"name": "Rustam Fictional-Formov", "sensitivity": "internal"}
    )
    path = made.headers["location"] + "/edit"  # type: ignore[attr-defined]
    first, second = editor.get(path).text, editor.get(path).text
    version = re.search(r'name="version" value="([0-9a-f]+)"', first)
    assert version is not None, "the edit form carries the version it was opened on"
    assert version.group(1) in second

    def save(html: str, occupation: str) -> object:
        fields = dict(re.findall(r'<input[^>]* name="([a-z_]+)" value="([^"]*)"', html))
        fields.update(name="Rustam Fictional-Formov", occupation=occupation)
        return editor.post(path, data=fields, follow_redirects=False)

    assert save(first, "lawyer").status_code == 303  # type: ignore[attr-defined]
    audit_before = _count(web_store, "audit_entry")
    refused = save(second, "doctor")
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "Someone else changed this record" in refused.text  # type: ignore[attr-defined]
    assert 'value="doctor"' in refused.text, "the form keeps what was typed"  # type: ignore[attr-defined]
    assert _count(web_store, "audit_entry") == audit_before
    assert "lawyer" in editor.get(made.headers["location"]).text  # type: ignore[attr-defined]
    assert save(editor.get(path).text, "doctor").status_code == 303  # type: ignore[attr-defined]
