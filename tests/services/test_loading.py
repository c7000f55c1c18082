"""Loading a dataset: all or nothing, the same twice, and clear errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from docket.errors import ValidationFailed
from docket.services.loading import load_dataset
from docket.services.store import Store
from docket.storage.dataset_store import count_rows
from docket.storage.integrity_check import check_store
from docket.storage.tables import CitationRow, EventPartyRow, PersonNameRow, StatusSpanRow
from tests.conftest import FICTIONAL


def snapshot(store: Store) -> dict[str, object]:
    with store.read() as conn:
        state: dict[str, object] = dict(count_rows(conn))
        for table in (CitationRow, EventPartyRow, PersonNameRow, StatusSpanRow):
            columns = [c for c in table.__table__.columns if c.name != "id"]
            state[table.__tablename__] = sorted(
                tuple(str(v) for v in row) for row in conn.execute(select(*columns))
            )
    return state


def test_loading_twice_gives_the_same_data(store: Store) -> None:
    first = load_dataset(store, FICTIONAL)
    before = snapshot(store)
    second = load_dataset(store, FICTIONAL)
    assert first.counts == second.counts
    assert snapshot(store) == before
    assert first.counts["events"] == before["event"]


def _break(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text("utf-8")
    assert old in text, f"fixture changed: {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), "utf-8")


BAD_INPUTS = [
    (
        "events.yaml",
        "kind: torture_allegation",
        "kind: flogging",
        "events.yaml",
        "kind",
        "unknown event kind 'flogging'",
    ),
    (
        "cases.yaml",
        "charges: [kz-cc-174]",
        "charges: [kz-cc-999]",
        "cases.yaml",
        "defendants.charges.article",
        "unknown legal article 'kz-cc-999'",
    ),
    (
        "events.yaml",
        "date: 2021-03-04, victims",
        "date: 2021-13-04, victims",
        "events.yaml",
        "date",
        "no month 13",
    ),
    (
        "events.yaml",
        "id: ev-zo-released, kind: released, date: 2021-01-20",
        "id: ev-zo-released, kind: released, date: 2021-01-05",
        "events.yaml",
        "date",
        "dated before the custody it ends",
    ),
    (
        "people.yaml",
        "born: 1990-04-12",
        "born: 2021-05-01",
        "events.yaml",
        "date",
        "before aigerim-nurlanova was born",
    ),
    (
        "events.yaml",
        "victims: [dana-sarsenova]",
        "victims: [dana-sarsenovaa]",
        "events.yaml",
        "parties.person",
        "refers to person 'dana-sarsenovaa'",
    ),
    (
        "events.yaml",
        "sources: [{source: src-report, at: p. 9}]",
        "sources: [{source: src-missing, at: p. 9}]",
        "events.yaml",
        "sources",
        "refers to source 'src-missing'",
    ),
    (
        "people.yaml",
        "id: dana-sarsenova",
        "id: bolat-sarsenov",
        "people.yaml",
        "id",
        "duplicate person id 'bolat-sarsenov'",
    ),
    (
        "events.yaml",
        "kind: killed, date: 2020, victims: [erlan-tokhtarov], sources: [src-report]",
        "kind: killed, date: 2020, victims: [erlan-tokhtarov]",
        "events.yaml",
        "sources",
        "cites no source",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "in_file", "field", "says"), BAD_INPUTS)
def test_bad_input_names_file_line_and_field_and_writes_nothing(
    store: Store,
    fictional_copy: Path,
    file: str,
    old: str,
    new: str,
    in_file: str,
    field: str,
    says: str,
) -> None:
    empty = snapshot(store)
    _break(fictional_copy, file, old, new)
    with pytest.raises(ValidationFailed) as caught:
        load_dataset(store, fictional_copy)
    matching = [p for p in caught.value.problems if says in p.message]
    assert matching, str(caught.value)
    problem = matching[0]
    assert problem.file == in_file and problem.field == field and problem.line
    assert f"{in_file}:{problem.line}" in str(caught.value)
    assert snapshot(store) == empty


def test_a_failed_reload_leaves_the_previous_load_untouched(
    store: Store, fictional_copy: Path
) -> None:
    load_dataset(store, fictional_copy)
    loaded = snapshot(store)
    _break(fictional_copy, "events.yaml", "kind: killed", "kind: vanished")
    with pytest.raises(ValidationFailed):
        load_dataset(store, fictional_copy)
    assert snapshot(store) == loaded


def test_unknown_fields_and_files_are_problems_not_silently_ignored(
    fictional_copy: Path, store: Store
) -> None:
    _break(
        fictional_copy, "people.yaml", "  sex: male\n  born: 1985", "  sex: male\n  birthday: 1985"
    )
    (fictional_copy / "prisoners.yaml").write_text("- id: x\n", "utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_dataset(store, fictional_copy)
    text = str(caught.value)
    assert "unknown field 'birthday'" in text and "prisoners.yaml" in text


def test_a_file_that_is_not_utf8_is_named(fictional_copy: Path, store: Store) -> None:
    (fictional_copy / "people.yaml").write_bytes("- id: x\n  name: Ерлан\n".encode("cp1251"))
    with pytest.raises(ValidationFailed, match=r"people.yaml:2: is not UTF-8"):
        load_dataset(store, fictional_copy)


def test_json_lines_files_load_like_yaml(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "bulk"
    folder.mkdir()
    (folder / "dataset.yaml").write_text("id: bulk\ntitle: Bulk\n", "utf-8")
    (folder / "sources.jsonl").write_text('{"id": "s", "kind": "report", "title": "T"}\n', "utf-8")
    (folder / "people.jsonl").write_text(
        '{"id": "p1", "name": "Asel Bekova"}\n{"id": "p2", "name": "Nurlan Bekov"}\n', "utf-8"
    )
    (folder / "events.jsonl").write_text(
        '{"id": "e1", "kind": "detained", "date": "2021-01-02", "victims": ["p1"], '
        '"sources": ["s"]}\n'
        '{"id": "e2", "kind": "detained", "date": "2021-01-02", "victims": ["p3"], '
        '"sources": ["s"]\n',
        "utf-8",
    )
    with pytest.raises(ValidationFailed) as caught:
        load_dataset(store, folder)
    assert "events.jsonl:2: is not valid JSON" in str(caught.value)


def test_a_load_leaves_the_planner_statistics_and_a_verifiable_record(store: Store) -> None:
    load_dataset(store, FICTIONAL)
    with store.read() as conn:
        if conn.dialect.name == "sqlite":
            analysed = {t for (t,) in conn.exec_driver_sql("SELECT tbl FROM sqlite_stat1")}
            assert {"event", "person", "status_span"} <= analysed
        check = check_store(conn)
    assert check.ok, check.findings[:5]
