"""Fuzz dataset files (YAML and JSON lines): the fictional dataset with one field of one record
set to any value, or one file replaced by any text, read, checked and loaded.

For any such dataset: it loads, or ValidationFailed names the file, line, record and field; never
another exception. A refused load leaves the store exactly as it was (every row of every table).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from docket.domain.dataset import check_dataset
from docket.domain.vocabulary import load_vocabulary
from docket.errors import DocketError, ValidationFailed
from docket.interchange.dataset_files import read_dataset
from docket.services import loading
from docket.services.store import Store
from tests.conftest import FICTIONAL
from tests.security.fuzzing import MEDIUM, SLOW, kept, report_counts, store_snapshot, tried

__all__ = ["report_counts"]

FILES = sorted(p.name for p in FICTIONAL.glob("*.yaml") if p.name != "dataset.yaml")
ORIGINAL = {name: yaml.safe_load((FICTIONAL / name).read_text("utf-8")) for name in FILES}
FIELDS = sorted({k for records in ORIGINAL.values() for r in records for k in r} | {"nonsense"})
IDS = sorted({r["id"] for records in ORIGINAL.values() for r in records})

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),  # JSON lines hold 64-bit integers
    st.floats(),
    st.text(max_size=24),
    st.sampled_from(IDS),
    st.sampled_from(["2021-02-30", "../2021", "2021-13", "0000", "99999y", "1y-", "restricted"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=6)), inner, max_size=3),
    ),
    max_leaves=8,
)
raw_texts = st.one_of(
    st.text(max_size=80),
    st.binary(max_size=80).map(lambda b: b.decode("latin-1")),
    st.sampled_from(
        [
            "- &a [*a, *a]",
            "- !!python/object/apply:os.system ['touch pwned']",
            "? [a, b]\n: c",
            "- id: x\n  id: y",
            "{id: x",
            "- {id: x, date: 2021-02-29}",
            "- 1\n- [2]\n- null",
            "%TAG ! tag:x,2000:\n---\n- !foo {}",
        ]
    ),
)


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str, Any, bool]:
    """(file, what, value, as_jsonl): set one field of one record, or replace a file's text."""
    name = draw(st.sampled_from([*FILES, "dataset.yaml"]))
    if name == "dataset.yaml" or draw(st.integers(0, 4)) == 0:
        return name, "text", draw(raw_texts), False
    record = draw(st.integers(0, len(ORIGINAL[name]) - 1))
    field = draw(st.sampled_from(FIELDS))
    return name, f"{record}:{field}", draw(values), draw(st.booleans())


def apply(directory: Path, mutation: tuple[str, str, Any, bool]) -> None:
    name, what, value, as_jsonl = mutation
    if what == "text":
        (directory / name).write_text(value, "utf-8", errors="surrogatepass")
        return
    records = [dict(r) for r in ORIGINAL[name]]
    index, field = what.split(":", 1)
    records[int(index)][field] = value
    (directory / name).unlink()
    if as_jsonl:
        lines = (orjson.dumps(r, default=str) for r in records)
        (directory / name).with_suffix(".jsonl").write_bytes(b"\n".join(lines))
    else:
        (directory / name).write_text(yaml.safe_dump(records, allow_unicode=True), "utf-8")


def mutated_copy(mutation: tuple[str, str, Any, bool]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "fictional"
        shutil.copytree(FICTIONAL, directory)
        apply(directory, mutation)
        yield directory


VOCAB = load_vocabulary()

# Inputs that crashed the reader or the load, kept so they stay fixed (the reader's are kept as
# @example below: a dataset.yaml that is not YAML, a control character in a record file).
REGRESSIONS: list[tuple[str, str, Any, bool]] = [
    ("events.yaml", "2:sentence", [{"kind": "imprisonment", "term": "100000m"}], False),
]
kept("dataset.read", 2)
kept("dataset.load", len(REGRESSIONS))


def assert_located(err: ValidationFailed) -> None:
    assert err.problems, "a refusal lists its problems"
    for problem in err.problems:
        assert problem.message
        assert problem.file or problem.record, f"a problem with no place: {problem}"


@MEDIUM
@given(mutations())
@example(("dataset.yaml", "text", "- &a [*a, *a]", False))
@example(("dataset.yaml", "text", "{id: x", False))
@example(("cases.yaml", "text", "\x1f", False))
def test_reading_a_dataset_gives_records_or_located_problems(
    mutation: tuple[str, str, Any, bool],
) -> None:
    tried("dataset.read")
    for directory in mutated_copy(mutation):
        try:
            ds = read_dataset(directory)
        except ValidationFailed as err:
            assert_located(err)
            return
        for problem in check_dataset(ds, VOCAB):
            assert problem.message and (problem.file or problem.record)


@SLOW
@given(st.one_of(mutations(), st.sampled_from(REGRESSIONS)))
def test_a_refused_load_writes_nothing(store: Store, mutation: tuple[str, str, Any, bool]) -> None:
    tried("dataset.load")
    with store.read() as conn:
        if not conn.exec_driver_sql("SELECT count(*) FROM person").scalar():
            loading.load_dataset(store, FICTIONAL)
    before = store_snapshot(store.engine)
    for directory in mutated_copy(mutation):
        try:
            loading.load_dataset(store, directory)
        except ValidationFailed as err:
            assert_located(err)
            assert store_snapshot(store.engine) == before, "a refused load changed the store"
        except DocketError:
            assert store_snapshot(store.engine) == before, "a refused load changed the store"
        else:
            loading.load_dataset(store, FICTIONAL)  # put the fictional data back


@pytest.mark.parametrize("mutation", REGRESSIONS)
def test_kept_dataset_regressions(store: Store, mutation: tuple[str, str, Any, bool]) -> None:
    for directory in mutated_copy(mutation):
        with pytest.raises(ValidationFailed) as refused:
            loading.load_dataset(store, directory)
        assert_located(refused.value)


def test_yaml_tags_that_would_run_code_are_refused(tmp_path: Path) -> None:
    """Dataset files are read with a safe loader: a tag asking for a Python object is a problem
    named in its file, never a call."""
    data = tmp_path / "fictional"
    shutil.copytree(FICTIONAL, data)
    marker = tmp_path / "pwned"
    (data / "people.yaml").write_text(
        f"- !!python/object/apply:os.system ['touch {marker}']\n", "utf-8"
    )
    (data / "dataset.yaml").write_text(
        f"id: !!python/object/apply:os.system ['touch {marker}']\n", "utf-8"
    )
    with pytest.raises(ValidationFailed) as refused:
        read_dataset(data)
    assert {p.file for p in refused.value.problems} >= {"people.yaml", "dataset.yaml"}
    assert not marker.exists()
