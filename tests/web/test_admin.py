"""The admin's pages: users (add, change role, disable and enable, reset password) with an audit
entry for each change and never a password in it, the last admin kept, and the effective
settings shown read-only."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from docket.services import audit
from docket.services.store import Store
from tests.web.conftest import PASSWORD, csrf_of, log_in

NEW_PASSWORD = "a fresh fictional passphrase"


def _post(client: TestClient, path: str, data: dict[str, str]) -> object:
    token = csrf_of(client.get("/admin/users").text)
    return client.post(path, data={**data, "csrf": token}, follow_redirects=False)


def _can_log_in(app: FastAPI, name: str, password: str) -> bool:
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"csrf": token, "name": name, "password": password, "next": "/"},
        follow_redirects=False,
    )
    return response.status_code == 303


def _latest(store: Store) -> audit.AuditData:
    return audit.list_log(store, limit=1)[0]


def _all_audit_text(store: Store) -> str:
    with store.read() as conn:
        rows = conn.execute(text("SELECT before, after FROM audit_entry")).all()
    return json.dumps([list(r) for r in rows], default=str)


def test_admin_manages_users_with_an_audit_entry_for_each_change(
    clients: dict[str, TestClient],
    team_app: FastAPI,
    web_store: Store,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    admin = clients["admin"]
    added = _post(
        admin, "/admin/users", {"name": "fictional-dana", "role": "viewer", "password": PASSWORD}
    )
    assert added.status_code == 303  # type: ignore[attr-defined]
    entry = _latest(web_store)
    assert (entry.record_type, entry.record_id, entry.action) == (
        "account",
        "fictional-dana",
        "add",
    )
    assert entry.actor == "admin" and entry.after is not None
    assert entry.after["role"] == "viewer" and entry.after["disabled"] is False

    dana = log_in(TestClient(team_app), "fictional-dana")
    assert dana.get("/", follow_redirects=False).status_code == 200
    assert dana.get("/people/new", follow_redirects=False).status_code == 403

    # a new role: the old session ends, a new login has the new role
    assert _post(admin, "/admin/users/fictional-dana/role", {"role": "editor"}).status_code == 303  # type: ignore[attr-defined]
    assert dana.get("/", follow_redirects=False).status_code == 303
    entry = _latest(web_store)
    assert entry.action == "change role" and entry.before and entry.after
    assert (entry.before["role"], entry.after["role"]) == ("viewer", "editor")
    dana = log_in(TestClient(team_app), "fictional-dana")
    assert dana.get("/people/new", follow_redirects=False).status_code == 200

    # a reset password: the old one no longer opens the account, the new one does
    reset = _post(admin, "/admin/users/fictional-dana/password", {"password": NEW_PASSWORD})
    assert reset.status_code == 303  # type: ignore[attr-defined]
    assert dana.get("/", follow_redirects=False).status_code == 303  # its sessions ended
    assert not _can_log_in(team_app, "fictional-dana", PASSWORD)
    assert _can_log_in(team_app, "fictional-dana", NEW_PASSWORD)
    entry = _latest(web_store)
    assert entry.action == "reset password"
    short = _post(admin, "/admin/users/fictional-dana/password", {"password": "short"})
    assert short.status_code == 400  # type: ignore[attr-defined]
    assert "at least 10 characters" in short.text  # type: ignore[attr-defined]

    # disable, then enable
    assert _post(admin, "/admin/users/fictional-dana/disable", {}).status_code == 303  # type: ignore[attr-defined]
    assert not _can_log_in(team_app, "fictional-dana", NEW_PASSWORD)
    assert _latest(web_store).action == "disable"
    assert _post(admin, "/admin/users/fictional-dana/enable", {}).status_code == 303  # type: ignore[attr-defined]
    assert _can_log_in(team_app, "fictional-dana", NEW_PASSWORD)
    assert _latest(web_store).action == "enable"

    # no password, nor its hash, in the audit log or in any log record
    logged = _all_audit_text(web_store) + caplog.text
    assert NEW_PASSWORD not in logged and PASSWORD not in logged
    assert "argon2" not in logged
    # the chain still verifies; the log shows the changes
    assert audit.verify_chain(web_store).ok
    log = admin.get("/admin/audit")
    assert log.status_code == 200 and "fictional-dana" in log.text
    seq = _latest(web_store).seq
    shown = admin.get(f"/admin/audit/{seq}")
    assert shown.status_code == 200 and "fictional-dana" in shown.text


def test_the_last_admin_is_kept(clients: dict[str, TestClient], web_store: Store) -> None:
    admin = clients["admin"]
    before = _latest(web_store).seq
    for path, data in (
        ("/admin/users/admin/role", {"role": "viewer"}),
        ("/admin/users/admin/disable", {}),
    ):
        refused = _post(admin, path, data)
        assert refused.status_code == 400  # type: ignore[attr-defined]
        assert "last active admin" in refused.text  # type: ignore[attr-defined]
    assert _latest(web_store).seq == before  # nothing written
    assert admin.get("/admin/users").status_code == 200
    unknown = _post(admin, "/admin/users/nobody-here/role", {"role": "viewer"})
    assert unknown.status_code == 400 and "nobody-here" in unknown.text  # type: ignore[attr-defined]


def test_user_changes_need_an_admin_and_a_csrf_token(clients: dict[str, TestClient]) -> None:
    editor = clients["editor"]
    token = csrf_of(editor.get("/people").text)
    refused = editor.post("/admin/users/viewer/role", data={"csrf": token, "role": "admin"})
    assert refused.status_code == 403
    no_token = clients["admin"].post("/admin/users/viewer/role", data={"role": "admin"})
    assert no_token.status_code == 403
    assert "did not come from this site" in no_token.text


def test_settings_show_the_effective_configuration_read_only(
    clients: dict[str, TestClient], web_store: Store
) -> None:
    html = clients["admin"].get("/admin/settings").text
    cats = web_store.vocab.categories
    table = html.split('id="settings"', 1)[1]
    assert ", ".join(sorted(cats.deprived_of_liberty)) in table
    assert ", ".join(sorted(cats.persecuted)) in table
    assert "SQLite" in table or "PostgreSQL" in table
    assert "cannot be changed here" in html
    assert "<form" not in table.split("</table>", 1)[0]  # nothing to change on this page
    url = web_store.settings.database_url
    userinfo = url.split("://", 1)[1].rsplit("@", 1)[0] if "@" in url else ""
    if ":" in userinfo:  # a PostgreSQL URL with a password: never shown
        assert userinfo.split(":", 1)[1] not in html
    assert clients["editor"].get("/admin/settings").status_code == 403
