"""Fuzz the recording forms: the form conversion on its own, then the add and edit routes through
the application with a logged-in editor (the demo dataset in a real store).

For any form: the record is saved (303), or the form comes back with its problems (400), or the
record is not found (404); never a server error. A refused form leaves the store as it was.
"""

from __future__ import annotations

import html
import random
import re
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import example, given
from hypothesis import strategies as st

from docket.errors import Problem
from docket.web import forms
from docket.web.routes.edit import PATHS
from tests.interchange.conftest import CORPUS, MAPPING
from tests.security.fuzzing import FAST, SLOW, report_counts, store_snapshot, tried
from tests.web.conftest import clients, page_csrf, team_app, web_settings, web_store
from tests.web.test_security import app_routes

__all__ = ["clients", "report_counts", "team_app", "web_settings", "web_store"]

PLAUSIBLE = [
    "erulan-amirov", "briefing-2021-11-01", "briefing-2021-11-01 | p. 7", "2021", "2021-06-14",
    "../2021-10-26", "2021-02-30", "imprisonment | 5y | general", "imprisonment | 100000m",
    "fine | | ", "restricted", "public", "internal", "secret", "detained", "verdict", "male",
    "report", "1e999", "nan", "-0", "12,5", "political_prisoner", "amnesty", "|", " | | | ",
    "judge | perpetrator | decided | judge", "\x00", "a\x00b", "{{7*7}}", "<script>x</script>",
    "'; DROP TABLE person; --",
]  # fmt: skip
field_values = st.one_of(
    st.just(""),
    st.sampled_from(PLAUSIBLE),
    st.text(max_size=40),
    st.lists(st.sampled_from(PLAUSIBLE) | st.text(max_size=12), max_size=3).map("\n".join),
)


@st.composite
def submitted(draw: st.DrawFn, kind: str) -> dict[str, str]:
    names = draw(st.lists(st.sampled_from(forms.FIELDS[kind]), unique=True))
    return {name: draw(field_values) for name in names}


any_form = st.sampled_from(sorted(PATHS)).flatmap(lambda k: st.tuples(st.just(k), submitted(k)))


@FAST
@given(any_form)
def test_form_conversion_takes_any_form(kind_form: tuple[str, dict[str, str]]) -> None:
    tried("web.forms")
    kind, form = kind_form
    record = forms.to_record(kind, form)
    again = forms.to_form(kind, record | {"parties": record.get("parties", [])})
    assert set(again) == set(forms.FIELDS[kind])
    problems = [Problem("wrong", field=name) for name in [*record, "parties.person", "nowhere"]]
    by_field, general = forms.field_errors(kind, problems)
    assert sum(map(len, by_field.values())) + len(general) == len(problems)


def _post(client: TestClient, path: str, form: dict[str, str]) -> int:
    data = {"csrf": page_csrf(client, "/people/new")} | form
    response = client.post(path, data=data, follow_redirects=False)
    return int(response.status_code)


@SLOW
@given(any_form, st.booleans())
@example(("person", {"name": "a\x00b"}), False)
@example(("claim", {"value": "1e999"}), False)
def test_any_form_is_saved_or_refused(
    clients: dict[str, TestClient],
    web_store: Any,
    kind_form: tuple[str, dict[str, str]],
    edit: bool,
) -> None:
    tried("web.routes")
    kind, form = kind_form
    editor = clients["editor"]
    existing = {"person": "erulan-amirov", "source": "briefing-2021-11-01"}
    path = f"/{PATHS[kind]}/new"
    if edit and kind in existing:
        path = f"/{PATHS[kind]}/{existing[kind]}/edit"
    before = store_snapshot(web_store.engine)
    status = _post(editor, path, form)
    assert status in (303, 400, 404), f"{path} answered {status}"
    if status != 303:
        assert store_snapshot(web_store.engine) == before, "a refused form changed the store"


def _get_pages(app: Any) -> list[tuple[str, list[str]]]:
    """Every GET route without path parameters, with the names of its query parameters."""
    pages = []
    for route in app_routes(app):
        if "GET" in (route.methods or ()) and not route.param_convertors:
            names = [p.alias for p in route.dependant.query_params]
            pages.append((route.path, names))
    return sorted(pages)


query_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\x00", "2021-02-30", "../2021", "-1", "0", "99999999999", "%", "' --"]),
)


@SLOW
@given(st.data())
def test_any_query_string_is_answered_or_refused(
    clients: dict[str, TestClient], team_app: Any, data: st.DataObject
) -> None:
    tried("web.queries")
    path, names = data.draw(st.sampled_from(_get_pages(team_app)))
    params = data.draw(
        st.dictionaries(st.sampled_from([*names, "page", "x"]), query_text, max_size=4)
    )
    response = clients["editor"].get(path, params=params, follow_redirects=False)
    assert response.status_code < 500, (path, params, response.status_code)


CORPUS_FILES = ["people_utf8.csv", "people.xlsx", "people.ods", "people_cp1251_tab.csv"]


@SLOW
@given(
    st.sampled_from(CORPUS_FILES),
    st.integers(0, 2**32),
    st.integers(0, 6),
    st.one_of(st.none(), st.text(max_size=120)),
)
@example("people_utf8.csv", 0, 0, None)  # the whole way: upload, proposed mapping, preview
def test_any_uploaded_table_and_mapping_are_answered_or_refused(
    clients: dict[str, TestClient], name: str, seed: int, flips: int, mapping: str | None
) -> None:
    """The import page: upload a damaged table, then preview it with the proposed mapping or
    any text as the mapping."""
    tried("web.import")
    rng = random.Random(seed)
    data = bytearray((CORPUS / name).read_bytes())
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    editor = clients["editor"]
    token = page_csrf(editor, "/import")
    files = {"table": (name, bytes(data), "application/octet-stream")}
    uploaded = editor.post("/import/upload", data={"csrf": token}, files=files)
    assert uploaded.status_code in (200, 400), uploaded.status_code
    found = re.search(r'name="token" value="([^"]+)"', uploaded.text)
    if flips == 0:
        assert found, "an intact table was not taken"
    if uploaded.status_code != 200 or not found:
        return
    proposed = re.search(r'<textarea[^>]*name="mapping"[^>]*>(.*?)</textarea>', uploaded.text, re.S)
    proposal = html.unescape(proposed.group(1) if proposed else "")
    # an intact table gets the corpus's finished mapping (a proposal leaves blanks to fill in)
    text = mapping if mapping is not None else proposal if flips else MAPPING.read_text("utf-8")
    form = {"csrf": token, "token": found.group(1), "mapping": text}
    previewed = editor.post("/import/preview", data=form)
    assert previewed.status_code in (200, 400), previewed.status_code
    if flips == 0 and mapping is None:
        assert previewed.status_code == 200, "the corpus mapping of an intact table failed"
