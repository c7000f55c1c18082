"""The import page: upload a table, correct the proposed mapping, dry run, commit."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from docket.services import audit
from docket.services.store import Store
from tests.web.conftest import csrf_of

CSV = "name,born\nFictional Importee,1990\nДругой Вымышленный,1985\n"
MAPPING = "columns: {name: name, born: born}\n"


def test_upload_preview_commit(clients: dict[str, TestClient], web_store: Store) -> None:
    editor = clients["editor"]
    form = editor.get("/import")
    response = editor.post(
        "/import/upload",
        data={"csrf": csrf_of(form.text)},
        files={"table": ("people.csv", CSV.encode(), "text/csv")},
    )
    assert response.status_code == 200, response.text
    assert 'name="mapping"' in response.text
    token = re.search(r'name="token" value="([^"]+)"', response.text).group(1)  # type: ignore[union-attr]
    csrf = csrf_of(response.text)
    preview = editor.post(
        "/import/preview", data={"csrf": csrf, "token": token, "mapping": MAPPING}
    )
    assert preview.status_code == 200, preview.text
    assert "What the import would do" in preview.text
    listed = editor.get("/people", params={"name": "Fictional Importee"}).text
    assert "Fictional Importee</a>" not in listed, "a dry run writes nothing"
    response = editor.post(
        "/import/commit",
        data={"csrf": csrf, "token": token, "mapping": MAPPING},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert "Fictional Importee</a>" in editor.get("/people", params={"name": "Fictional"}).text
    assert any(e.action == "import" for e in audit.list_log(web_store, limit=5))


def test_upload_refuses_other_files(clients: dict[str, TestClient]) -> None:
    editor = clients["editor"]
    form = editor.get("/import")
    response = editor.post(
        "/import/upload",
        data={"csrf": csrf_of(form.text)},
        files={"table": ("evil.html", b"<script>", "text/html")},
    )
    assert response.status_code == 400
    assert clients["viewer"].get("/import").status_code == 403
