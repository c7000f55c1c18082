"""A load's rows written in bulk: the same rows as record by record, and a history `verify`
accepts although the insert triggers were suspended while the rows went in."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import JSON

from docket.domain.prosecution import derive_prosecutions
from docket.domain.redaction import settle_levels
from docket.interchange.dataset_files import read_dataset
from docket.services.loading import load_dataset
from docket.services.store import Store
from docket.storage import rows
from docket.storage.bulk_insert import BIG, BulkWriter
from docket.storage.dataset_rows import COLUMNS, record_rows
from docket.storage.integrity_check import check_store
from docket.storage.integrity_rows import count_pending
from docket.storage.integrity_triggers import coverage, missing_triggers
from docket.storage.tables import Base
from tests.conftest import FICTIONAL


def _as_stored(table: str, row: dict[str, Any]) -> tuple[Any, ...]:
    columns = Base.metadata.tables[table].columns
    return tuple(
        orjson.dumps(row[c]).decode() if isinstance(columns[c].type, JSON) else row[c]
        for c in COLUMNS[table]
    )


def test_rows_are_those_of_the_record_by_record_forms() -> None:
    """dataset_rows builds what storage.rows builds for one record (JSON as stored)."""
    ds = settle_levels(read_dataset(FICTIONAL))
    d = ds.info.id
    made: dict[str, list[tuple[Any, ...]]] = {}
    for table, row in record_rows(ds, derive_prosecutions(ds.cases, ds.events)):
        made.setdefault(table, []).append(row)
    expected = {
        "source": [rows.source_row(s, d) for s in ds.sources],
        "organisation": [rows.organisation_row(o, d) for o in ds.organisations],
        "person": [rows.person_row(p, d) for p in ds.people],
        "person_name": [r for p in ds.people for r in rows.person_name_rows(p)],
        "legal_case": [rows.case_row(c, d) for c in ds.cases],
        "event": [rows.event_row(e, d) for e in ds.events],
        "event_party": [r for e in ds.events for r in rows.party_rows(e)],
        "recognition": [rows.recognition_row(r, d) for r in ds.recognitions],
        "claim": [rows.claim_row(c, d) for c in ds.claims],
    }
    for table, dicts in expected.items():
        assert dicts, f"the fixture has no {table} rows"
        assert made[table] == [_as_stored(table, r) for r in dicts], table
    assert len(made["citation"]) >= len(ds.events)


def test_a_load_is_sealed_with_its_triggers_back(store: Store) -> None:
    load_dataset(store, FICTIONAL)
    load_dataset(store, FICTIONAL)  # a reload: old rows deleted (logged), new ones given
    with store.read() as conn:
        assert missing_triggers(conn, coverage(conn).tables) == []
        assert count_pending(conn) == 0
        check = check_store(conn)
    assert check.ok, check.findings[:5]
    assert check.rows > 100


def test_an_empty_table_gets_its_indexes_back_after_a_big_insert(store: Store) -> None:
    def indexes(conn: Any) -> list[tuple[str, str]]:
        if conn.dialect.name != "sqlite":
            return []
        q = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'citation'"
        return sorted(conn.exec_driver_sql(q).all())

    load_dataset(store, FICTIONAL)
    with store.write() as conn:
        before = indexes(conn)
        conn.exec_driver_sql("DELETE FROM citation")
        source = conn.exec_driver_sql("SELECT id FROM source LIMIT 1").scalar()
        many = (("event", f"ev-{i}", source, None, "bulk-test") for i in range(BIG))
        with BulkWriter(conn, sealed=True, big=BIG) as writer:
            assert writer.write_table("citation", many) == BIG
        assert indexes(conn) == before
        hashed = writer.given.get("citation", {})
        assert len(hashed) == (BIG if conn.dialect.name == "sqlite" else 0)
    with store.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM citation").scalar() == BIG
        check = check_store(conn)
    assert check.ok, check.findings[:5]


def test_a_refused_bulk_write_leaves_no_trigger_or_index_dropped(store: Store) -> None:
    """The first thing a sealed writer does is drop a trigger (DDL): inside the load's
    transaction, so a load refused after it leaves the store's triggers and indexes as they
    were."""

    class Refused(Exception):
        pass

    def schema(conn: Any) -> list[tuple[str, str]]:
        if conn.dialect.name != "sqlite":
            q = "SELECT tgname, '' FROM pg_trigger WHERE NOT tgisinternal"
        else:
            q = "SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'index')"
        return sorted(conn.exec_driver_sql(q).all())

    load_dataset(store, FICTIONAL)
    with store.read() as conn:
        before = schema(conn)
        source = conn.exec_driver_sql("SELECT id FROM source LIMIT 1").scalar()
    try:
        with store.write() as conn:
            many = (("event", f"ev-{i}", source, None, "bulk-test") for i in range(BIG))
            with BulkWriter(conn, sealed=True, big=BIG) as writer:
                writer.write_table("citation", many)
                raise Refused
    except Refused:
        pass
    with store.read() as conn:
        assert schema(conn) == before
        assert (
            conn.exec_driver_sql(
                "SELECT count(*) FROM citation WHERE dataset = 'bulk-test'"
            ).scalar()
            == 0
        )
        check = check_store(conn)
    assert check.ok, check.findings[:5]
