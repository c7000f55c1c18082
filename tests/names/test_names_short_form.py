"""The short-form table: loads, links both ways, and refuses a bad line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from docket.errors import ValidationFailed
from docket.names import short_form
from docket.names.token import make_token


@pytest.fixture
def fresh_table() -> Iterator[None]:
    short_form.short_forms.cache_clear()
    yield
    short_form.short_forms.cache_clear()


def key(name: str) -> str:
    return make_token(name).key


def test_table_loads_and_links_both_ways() -> None:
    forms = short_form.short_forms()
    assert key("Botagoz") in forms[key("Bota")]
    assert key("Bota") in forms[key("Botagoz")]
    assert short_form.is_short_form(key("Наташа"), key("Natalya"))
    assert not short_form.is_short_form(key("Bota"), key("Natalya"))


def test_one_short_form_for_several_names() -> None:
    forms = short_form.short_forms()
    assert {key("Gulnara"), key("Gulmira")} <= forms[key("Gulya")]
    assert key("Gulmira") not in forms[key("Gulnara")]


def test_bad_table_is_refused(monkeypatch: pytest.MonkeyPatch, fresh_table: None) -> None:
    monkeypatch.setattr(short_form, "TABLE", "Botagoz: Bota\nno colon here\nAliya: Alia\n")
    with pytest.raises(ValidationFailed) as raised:
        short_form.short_forms()
    problems = raised.value.problems
    assert [p.line for p in problems] == [2, 3]
    assert "pairs a name with itself" in problems[1].message
