"""The quick readers of people, cases and recognitions give what the full readers give: for the
fictional dataset's records, and for those records with one field set to another value."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.domain.source import Origin
from docket.errors import Problem
from docket.interchange import records
from docket.interchange.plain_fields import NotPlain
from docket.interchange.plain_records import plain_case, plain_person, plain_recognition
from tests.conftest import FICTIONAL

ORIGIN = Origin("x.jsonl", 3)
KINDS = {
    "people": (records.read_person, records._read_person, plain_person),
    "cases": (records.read_case, records._read_case, plain_case),
    "recognitions": (records.read_recognition, records._read_recognition, plain_recognition),
}


def _raws(stem: str) -> list[dict[str, Any]]:
    raws = yaml.safe_load((FICTIONAL / f"{stem}.yaml").read_text("utf-8"))
    return [orjson.loads(orjson.dumps(r, default=str)) for r in raws]  # as JSON lines give them


RAWS = {stem: _raws(stem) for stem in KINDS}


def same(stem: str, raw: Any) -> None:
    read, full, _ = KINDS[stem]
    quick: list[Problem] = []
    slow: list[Problem] = []
    assert read(raw, ORIGIN, quick) == full(raw, ORIGIN, slow)
    assert quick == slow


@pytest.mark.parametrize("stem", sorted(KINDS))
def test_the_fictional_records_read_the_same_and_mostly_quickly(stem: str) -> None:
    plain = 0
    for raw in RAWS[stem]:
        same(stem, raw)
        try:
            KINDS[stem][2](raw, ORIGIN)
            plain += 1
        except NotPlain:
            pass
    assert plain >= len(RAWS[stem]) // 2, "most records of the fixture should be plain"


odd = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 2030), st.sampled_from(["", "  ", " x ", "a\x00"]),
    st.sampled_from(["2021-13-01", "2021-06", "ok", "p1"]), st.just([]), st.just({}),
    st.lists(st.one_of(st.sampled_from(["a", ""]), st.integers(), st.dictionaries(
        st.sampled_from(["value", "kind", "organisation", "person", "charges", "source", "x"]),
        st.one_of(st.sampled_from(["v", "", "kz-cc-174"]), st.integers(), st.none()),
        max_size=3)), max_size=2),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(KINDS)), st.data())
def test_a_changed_field_reads_the_same(stem: str, data: st.DataObject) -> None:
    raw = dict(data.draw(st.sampled_from(RAWS[stem])))
    keys = sorted({k for r in RAWS[stem] for k in r} | {"levels", "nonsense"})
    raw[data.draw(st.sampled_from(keys))] = data.draw(odd)
    same(stem, raw)
