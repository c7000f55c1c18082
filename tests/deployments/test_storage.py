"""Deployments, disruptions and laws through a real store (SQLite file, PostgreSQL schema): a
load writes them whole and reads back equal; a bad file is refused with its file, line, record
and field, and nothing is written; the tables are in the tamper-evident history."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import text

from docket.domain.sensitivity import Audience
from docket.errors import ValidationFailed
from docket.interchange.dataset_files import read_dataset
from docket.services import integrity, loading
from docket.services.store import Store
from docket.services.surveillance import read_digital
from docket.storage import surveillance_tables as t
from docket.storage.integrity_triggers import coverage
from tests.deployments.conftest import DEPLOYMENTS
from tests.schema_diff import declared, differences


def _bare(record: object) -> object:
    return dataclasses.replace(record, origin=None)  # type: ignore[type-var]


def test_migration_0010_matches_the_tables(store: Store) -> None:
    assert differences(store, declared(list(t.TABLES))) == []


def test_a_load_reads_back_equal_and_twice_gives_the_same(store: Store, dataset: Path) -> None:
    report = loading.load_dataset(store, dataset)
    assert (report.counts["deployments"], report.counts["laws"], report.counts["disruptions"]) == (
        3, 1, 1,
    )  # fmt: skip
    given = read_dataset(dataset)
    back = read_digital(store, Audience.editor)
    assert sorted(back.deployments, key=lambda d: d.id) == sorted(
        (_bare(d) for d in given.deployments),
        key=lambda d: d.id,  # type: ignore[attr-defined]
    )
    assert back.laws == [_bare(x) for x in given.laws]
    assert back.disruptions == [_bare(x) for x in given.disruptions]
    cameras = next(d for d in back.deployments if d.id == "dep-cameras")
    assert cameras.vendors[0].country == "CN"  # written "cn"
    assert cameras.scale[0].figure() == "about 300 cameras"
    loading.load_dataset(store, dataset)
    with store.read() as conn:
        rows = {
            table: conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar()  # noqa: S608
            for table in ("deployment", "deployment_actor", "deployment_agreement", "law",
                          "law_stage", "law_use", "disruption")
        }  # fmt: skip
    assert rows == {
        "deployment": 3, "deployment_actor": 4, "deployment_agreement": 2, "law": 1,
        "law_stage": 3, "law_use": 1, "disruption": 1,
    }  # fmt: skip


def _problems(store: Store, directory: Path) -> list[tuple[str | None, int | None, str | None]]:
    with pytest.raises(ValidationFailed) as caught:
        loading.load_dataset(store, directory)
    with store.read() as conn:
        for table in ("person", "deployment", "law"):
            assert conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar() == 0  # noqa: S608
    return [(p.file, p.line, p.field) for p in caught.value.problems]


def test_a_bad_stage_date_is_named_and_nothing_is_written(store: Store, dataset: Path) -> None:
    laws = dataset / "laws.yaml"
    laws.write_text(laws.read_text().replace("date: 2021-09-15", "date: 2021-13-15"))
    found = _problems(store, dataset)
    assert found == [("laws.yaml", 1, "stages.date")]


def test_an_unknown_capability_is_named_with_its_line(store: Store, dataset: Path) -> None:
    path = dataset / "deployments.jsonl"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace('"interception"', '"telepathy"')
    path.write_text("\n".join(lines) + "\n")
    assert _problems(store, dataset) == [("deployments.jsonl", 2, "capabilities")]


def test_a_deployment_or_stage_without_a_source_is_refused(store: Store, dataset: Path) -> None:
    path = dataset / "deployments.jsonl"
    text_ = path.read_text().replace('"sources":["src-report"],"sensitivity":"restricted"',
                                     '"sensitivity":"restricted"')  # fmt: skip
    path.write_text(text_)
    laws = dataset / "laws.yaml"
    laws.write_text(laws.read_text().replace(", sources: [src-lawyer]", ""))
    found = _problems(store, dataset)
    assert sorted(found, key=str) == [
        ("deployments.jsonl", 3, "sources"),
        ("laws.yaml", 1, "stages.sources"),
    ]
    assert len(DEPLOYMENTS) == 3


def test_a_reference_to_a_missing_organisation_or_case(store: Store, dataset: Path) -> None:
    laws = dataset / "laws.yaml"
    laws.write_text(
        laws.read_text().replace("body: almaly-court", "body: no-such-body")
        .replace("case: case-nurlanova", "case: no-such-case")
    )  # fmt: skip
    found = _problems(store, dataset)
    assert sorted(found, key=str) == [
        ("laws.yaml", 1, "stages.body"),
        ("laws.yaml", 1, "uses.case"),
    ]


def test_the_tables_are_in_the_history_and_a_quiet_edit_is_named(loaded: Store) -> None:
    with loaded.read() as conn:
        covered = coverage(conn).tables
    for row in t.TABLES:
        assert row.__tablename__ in covered
    assert integrity.verify(loaded).ok
    engine = loaded.engine
    with engine.begin() as conn:  # behind Docket's back: no history entry
        conn.execute(text("UPDATE law_stage SET date = '2020-01-01' WHERE seq = 0"))
    result = integrity.verify(loaded)
    assert ("row-edited", "law_stage") in [(f.kind, f.table) for f in result.all_findings()]


def test_the_json_export_reads_back_equal_for_its_audience(loaded: Store) -> None:
    import io
    from datetime import date

    import orjson

    from docket.domain.source import Origin
    from docket.interchange.surveillance_records import SURVEILLANCE_READERS
    from docket.services import exporting

    def exported(audience: Audience, as_of: date) -> dict[str, list[object]]:
        out = io.BytesIO()
        report = exporting.export(
            loaded, "json", out, public=audience is Audience.public, as_of=as_of,
            audience=audience,
        )  # fmt: skip
        data = orjson.loads(out.getvalue())
        assert report.counts["deployments"] == len(data["deployments"])
        problems: list[object] = []
        back = {
            stem: [_bare(reader(raw, Origin("export.json"), problems)) for raw in data[stem]]  # type: ignore[arg-type]
            for stem, (_, reader) in SURVEILLANCE_READERS.items()
        }
        assert problems == []
        return back

    everything = exported(Audience.editor, date(2030, 1, 1))
    stored = read_digital(loaded, Audience.editor)
    assert sorted(everything["deployments"], key=lambda d: d.id) == sorted(  # type: ignore[attr-defined]
        stored.deployments, key=lambda d: d.id
    )
    assert everything["laws"] == stored.laws and everything["disruptions"] == stored.disruptions
    public = exported(Audience.public, date(2030, 1, 1))
    assert [d.id for d in public["deployments"]] == ["dep-cameras"]  # type: ignore[attr-defined]
    # as of the end of 2021 the signature of 2022 has not happened (an editor sees its source)
    before = exported(Audience.editor, date(2021, 12, 31))
    assert [s.stage for s in before["laws"][0].stages] == ["first_reading", "draft"]  # type: ignore[attr-defined]
    assert [s.stage for s in everything["laws"][0].stages][-1] == "signature"  # type: ignore[attr-defined]
