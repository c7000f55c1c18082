"""The pages' result cache (docket.web.cached): a result computed for one audience is never
served to a lower one, and any write makes every cached result stale."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from docket.services import editing
from docket.services.store import Store
from tests.web.conftest import csrf_of


@pytest.fixture(scope="module")
def secret_person(web_store: Store) -> str:
    return editing.save(
        web_store,
        "person",
        {"name": "Fictional Zarina Restrictedova", "sensitivity": "restricted"},
        actor="setup",
    ).id


def test_a_result_for_editors_is_never_served_to_viewers(
    clients: dict[str, TestClient], secret_person: str
) -> None:
    editor, viewer = clients["editor"], clients["viewer"]
    listing = "/people?name=Restrictedova"
    search = "/search?q=Zarina+Restrictedova"
    person = f"/people/{secret_person}"
    for _ in range(2):  # the second time from the cache
        assert secret_person in editor.get(listing).text
        assert secret_person in editor.get(search).text
        assert editor.get(person).status_code == 200
    assert secret_person not in viewer.get(listing).text
    assert secret_person not in viewer.get(search).text
    assert viewer.get(person).status_code == 404
    assert secret_person in editor.get(listing).text  # and the editor's is still right


def test_a_write_makes_cached_pages_stale(
    clients: dict[str, TestClient], secret_person: str
) -> None:
    editor = clients["editor"]
    person = f"/people/{secret_person}"
    listing = "/people?name=Restrictedova"
    assert "Fictional Zarina Restrictedova" in editor.get(person).text
    assert "Fictional Zarina Restrictedova" in editor.get(listing).text
    home_before = editor.get("/").text
    edit = f"{person}/edit"
    form = editor.get(edit).text
    response = editor.post(
        edit,
        data={
            "csrf": csrf_of(form),
            "name": "Fictional Zarina Restrictedova-Kyzy",
            "sex": "female",
            "sensitivity": "restricted",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert "Restrictedova-Kyzy" in editor.get(person).text
    assert "Restrictedova-Kyzy" in editor.get(listing).text
    assert "Restrictedova-Kyzy" in editor.get("/search?q=Restrictedova-Kyzy").text
    # the home page lists the change among the latest: its cached figures were recomputed too
    assert editor.get("/").text != home_before


def test_the_application_handles_at_most_its_threads_at_once(web_store: Store) -> None:
    import anyio.to_thread

    from tests.web.conftest import make_app

    with TestClient(make_app(web_store, threads=3)) as client:
        assert client.get("/login").status_code == 200
        limiter = client.portal.call(anyio.to_thread.current_default_thread_limiter)  # type: ignore[union-attr]
        assert limiter.total_tokens == 3
