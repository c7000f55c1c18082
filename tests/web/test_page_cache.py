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


def test_a_rendered_page_is_kept_per_session_and_language(team_app: object) -> None:
    from tests.web.conftest import log_in

    first = log_in(TestClient(team_app), "viewer")  # type: ignore[arg-type]
    second = log_in(TestClient(team_app), "viewer")  # type: ignore[arg-type]
    for path in ("/", "/people", "/search?q=Amirov"):
        kept = first.get(path).text
        assert first.get(path).text == kept  # the second time from the page cache
        # another session of the same account: its own CSRF token, never the first one's
        other = second.get(path).text
        assert csrf_of(other) != csrf_of(kept)
        assert csrf_of(other) == csrf_of(second.get("/people").text)
    english = first.get("/people").text
    first.cookies.set("docket_lang", "ru")
    russian = first.get("/people").text
    assert russian != english and 'lang="ru"' in russian
    first.cookies.set("docket_lang", "en")
    assert first.get("/people").text == english


def test_an_anonymous_reader_never_gets_a_kept_team_page(team_app: object) -> None:
    from tests.web.conftest import log_in

    viewer = log_in(TestClient(team_app), "viewer")  # type: ignore[arg-type]
    for _ in range(2):
        assert viewer.get("/people").status_code == 200
    anonymous = TestClient(team_app)  # type: ignore[arg-type]
    assert anonymous.get("/people", follow_redirects=False).status_code != 200


@pytest.mark.parametrize("head", [3, 500])
def test_pages_read_from_a_kept_head_equal_pages_read_alone(
    web_store: Store, monkeypatch: pytest.MonkeyPatch, head: int
) -> None:
    from datetime import date

    from docket.services import browsing
    from docket.services.accounts import Role, visible_to

    monkeypatch.setattr(browsing, "HEAD", head)
    wanted = browsing.PeopleFilter(date(2021, 10, 26))
    visible = visible_to(Role.viewer)
    cache = browsing.ResultCache(size=64)
    alone = browsing.list_people(web_store, wanted, visible=visible, size=2)
    assert alone.page.total > 6  # more people than the smaller head holds
    for number in range(1, alone.page.pages + 2):
        for order in ("name", "since"):
            kept, direct = (
                browsing.list_people(
                    web_store,
                    wanted,
                    visible=visible,
                    sort=order,
                    descending=True,
                    page=number,
                    size=2,
                    cache=given,
                )
                for given in (cache, None)
            )
            assert kept.people == direct.people and kept.page == direct.page
