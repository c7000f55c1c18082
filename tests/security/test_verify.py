"""`docket verify` against raw SQL behind Docket's back: every kind of table, rows edited,
deleted and added, audit entries altered, removed and reordered, row hashes altered, the change
log removed. On SQLite and PostgreSQL. Each test counts the cases it tried (TAMPER_CASES)."""

# ruff: noqa: S608  (the tests splice table names from the store's own catalogue into raw SQL)
from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from docket.services import integrity
from docket.services.store import Store
from docket.storage.integrity_triggers import coverage
from tests.security.tamper import ENTRIES, careful, fill, findings, raw, scalar


@pytest.fixture
def filled(store: Store) -> Store:
    fill(store)
    return store


def kinds(found: list[Any]) -> set[str]:
    return {f.kind for f in found}


def test_a_store_written_by_docket_verifies(filled: Store) -> None:
    result = integrity.verify(filled)
    assert result.ok, result.all_findings()
    assert result.check.entries == ENTRIES
    assert result.check.rows == _rows_in_covered_tables(filled)
    assert scalar(filled, "SELECT count(*) FROM integrity_pending") == 0


def _rows_in_covered_tables(store: Store) -> int:
    with store.read() as conn:
        tables = coverage(conn).tables
        return sum(conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() or 0 for t in tables)


def _a_column_to_change(store: Store, table: str) -> tuple[str, str] | None:
    """An UPDATE changing one value of one row (a text or number column outside the keys),
    and its undo; None when the table is empty or has no such column."""
    with store.read() as conn:
        pk = coverage(conn).tables[table]
        insp = inspect(conn)
        linked = {c for fk in insp.get_foreign_keys(table) for c in fk["constrained_columns"]}
        for c in insp.get_columns(table):
            name, kind = c["name"], str(c["type"]).upper()
            if (
                name in pk
                or name in linked
                or name in ("failed_logins", "locked_until", "last_login")
            ):
                continue
            if not any(t in kind for t in ("CHAR", "TEXT", "INT")) or "[]" in kind:
                continue
            row = (
                conn.execute(text(f'SELECT * FROM "{table}" WHERE "{name}" IS NOT NULL LIMIT 1'))
                .mappings()
                .first()
            )
            if row is None:
                continue
            where = " AND ".join(f"\"{k}\" = '{row[k]}'" for k in pk)
            text_change = f"CASE WHEN \"{name}\" = 'x' THEN 'y' ELSE 'x' END"
            change = text_change if "INT" not in kind else f'"{name}" + 1'
            return f'UPDATE "{table}" SET "{name}" = {change} WHERE {where}', table
    return None


def test_an_edited_row_is_named_in_every_table_that_holds_rows(filled: Store) -> None:
    with filled.read() as conn:
        tables = sorted(coverage(conn).tables)
    tried, edited = 0, []
    for table in tables:
        found = _a_column_to_change(filled, table)
        if found is None:
            continue
        tried += 1
        careful(filled, found[0])
        edited.append(table)
        result = findings(filled)  # each table's edit stays: all so far are named
        assert [(f.kind, f.table) for f in result] == [("row-edited", t) for t in edited]
    # the fictional dataset, an edit and a new source fill at least these
    assert tried >= 25
    print(f"TAMPER_CASES edited-row {tried}/{tried}")


def test_a_deleted_row_and_an_added_row_are_named(filled: Store) -> None:
    careful(filled, "DELETE FROM event_party WHERE id = (SELECT min(id) FROM event_party)")
    found = findings(filled)
    assert [(f.kind, f.table) for f in found] == [("row-deleted", "event_party")]
    assert "last recorded by entry 2" in found[0].message  # the load
    careful(
        filled,
        "INSERT INTO source (id, dataset, kind, title, reliability, sensitivity) "
        "VALUES ('forged', 'fictional', 'report', 'Forged', 'high', 'public')",
    )
    found = findings(filled)
    assert ("row-inserted", "source", '["forged"]') in {(f.kind, f.table, f.key) for f in found}
    print("TAMPER_CASES deleted-row 1/1 inserted-row 1/1")


def test_reordered_rows_are_named(filled: Store) -> None:
    """Two parties of events swap places (their ids): each row now says something else."""
    first, second = (
        scalar(filled, "SELECT min(id) FROM event_party"),
        scalar(filled, "SELECT min(id) + 1 FROM event_party"),
    )
    careful(
        filled,
        f"UPDATE event_party SET id = -1 WHERE id = {first}",
        f"UPDATE event_party SET id = {first} WHERE id = {second}",
        f"UPDATE event_party SET id = {second} WHERE id = -1",
    )
    found = findings(filled)
    assert [(f.kind, f.table, f.key) for f in found] == [
        ("row-edited", "event_party", f"[{first}]"),
        ("row-edited", "event_party", f"[{second}]"),
    ]
    print("TAMPER_CASES reordered-rows 1/1")


def test_a_derived_row_and_a_verdict_date_changed_quietly(filled: Store) -> None:
    careful(
        filled,
        "UPDATE status_span SET start = '2001-01-01' WHERE id = (SELECT min(id) FROM status_span)",
    )
    careful(filled, "UPDATE event SET date = '2021-10-27' WHERE kind = 'verdict'")
    found = findings(filled)
    assert {f.table for f in found} == {"status_span", "event"}
    assert kinds(found) == {"row-edited"}
    print("TAMPER_CASES derived-and-verdict 2/2")


def test_changes_left_in_the_trigger_log_are_reported(filled: Store) -> None:
    raw(filled, "UPDATE person SET summary = 'planted' WHERE id = 'aigerim-nurlanova'")
    found = findings(filled)
    assert kinds(found) == {"row-edited", "outside-write"}
    # Docket's next write does not absorb the planted change into the chain
    from docket.services import editing

    editing.save(filled, "source", {"title": "Renamed"}, actor="alice", record_id="src-new")
    assert kinds(findings(filled)) == {"row-edited", "outside-write"}
    print("TAMPER_CASES naive-edit 1/1")


def test_altered_deleted_and_reordered_audit_entries(filled: Store) -> None:
    tried = detected = 0
    cases = {
        "entry-altered": ["UPDATE audit_entry SET actor = 'mallory' WHERE seq = 2"],
        "entry-missing": ["DELETE FROM audit_entry WHERE seq = 2"],
        "link-broken": [
            "UPDATE audit_entry SET seq = 100 WHERE seq = 2",
            "UPDATE audit_entry SET seq = 2 WHERE seq = 3",
            "UPDATE audit_entry SET seq = 3 WHERE seq = 100",
        ],
    }
    for kind, statements in cases.items():
        before = _entries(filled)
        careful(filled, *statements)
        found = findings(filled)
        tried += 1
        detected += bool(found) and found[0].kind == kind and found[0].seq == 2
        _put_entries(filled, before)
        assert findings(filled) == []
    assert detected == tried == 3
    print(f"TAMPER_CASES audit-entries {detected}/{tried}")


def _entries(store: Store) -> list[dict[str, Any]]:
    with store.read() as conn:
        from docket.storage.audit_tables import AuditEntryRow

        return [dict(r._mapping) for r in conn.execute(select(AuditEntryRow))]


def _put_entries(store: Store, entries: list[dict[str, Any]]) -> None:
    from sqlalchemy import create_engine, insert

    from docket.storage.audit_tables import AuditEntryRow

    engine = create_engine(store.engine.url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry"))
        conn.execute(insert(AuditEntryRow), entries)
    engine.dispose()


def test_altered_row_hashes_and_a_cut_tail_without_its_rows(filled: Store) -> None:
    key = "tbl = 'person' AND seq = 2 AND pk = '[\"bolat-sarsenov\"]'"
    careful(filled, f"UPDATE integrity_row SET seq = 3 WHERE {key}")
    found = findings(filled)
    assert (found[0].kind, found[0].seq) == ("rows-altered", 2)
    careful(filled, f"UPDATE integrity_row SET seq = 2 WHERE {key.replace('seq = 2', 'seq = 3')}")
    assert findings(filled) == []
    careful(filled, f"DELETE FROM audit_entry WHERE seq = {ENTRIES}")  # the newest, rows kept
    found = findings(filled)
    assert (found[0].kind, found[0].seq) == ("rows-orphaned", ENTRIES)
    print("TAMPER_CASES row-hashes 2/2")


def test_removed_triggers_are_reported_and_restored_at_open(filled: Store) -> None:
    on = " ON person" if filled.engine.dialect.name == "postgresql" else ""
    careful(filled, f'DROP TRIGGER "integrity_person_u"{on}')
    assert [f.kind for f in findings(filled)] == ["triggers-gone"]
    from docket.services.store import open_store

    again = open_store(filled.settings)
    try:
        assert findings(again) == []
        # one entry says the triggers were restored; person's rows were not adopted again
        assert integrity.verify(again).check.entries == ENTRIES + 1
    finally:
        again.close()
    print("TAMPER_CASES triggers 1/1")


def test_a_table_added_later_is_covered_at_the_next_open(filled: Store) -> None:
    raw(filled, "CREATE TABLE campaign_note (id INTEGER PRIMARY KEY, body TEXT)")
    raw(filled, "INSERT INTO campaign_note (id, body) VALUES (1, 'before the history')")
    from docket.services.store import open_store

    again = open_store(filled.settings)
    try:
        result = integrity.verify(again)
        assert result.ok and result.check.entries == ENTRIES + 1  # adopted in one entry
        careful(again, "UPDATE campaign_note SET body = 'changed' WHERE id = 1")
        assert [(f.kind, f.table) for f in findings(again)] == [("row-edited", "campaign_note")]
    finally:
        again.close()
    print("TAMPER_CASES new-table 1/1")


def test_merges_undos_and_logins_keep_the_record_verifiable(filled: Store) -> None:
    from docket.services import accounts, editing

    merged = editing.merge_people(
        filled, keep="aigerim-nurlanova", merge="bolat-sarsenov", actor="a"
    )
    assert integrity.verify(filled).ok
    editing.undo_merge(filled, merged.seq, actor="a")
    accounts.authenticate(filled, "carol", "a long enough passphrase")  # throttling columns
    with pytest.raises(Exception, match="Wrong user name"):
        accounts.authenticate(filled, "carol", "wrong")
    result = integrity.verify(filled)
    assert result.ok, result.all_findings()
    assert result.check.entries == ENTRIES + 2  # the merge and its undo; logins are not the record


def test_an_empty_table_filled_with_its_triggers_dropped_is_not_adopted(filled: Store) -> None:
    """A table Docket never wrote to is covered (marked) from the first open: filling it behind
    Docket's back, triggers dropped, is reported after the next open restores them."""
    on = " ON ooni_file" if filled.engine.dialect.name == "postgresql" else ""
    careful(
        filled,
        *[f'DROP TRIGGER "integrity_ooni_file_{x}"{on}' for x in "iud"],
        "INSERT INTO ooni_file (sha256, name, imported_at, measurements, new, raw) "
        "VALUES ('0000', 'forged.jsonl', '2026-01-01T00:00:00', 1, 1, 0)",
    )
    from docket.services.store import open_store

    again = open_store(filled.settings)
    try:
        found = findings(again)
        assert [(f.kind, f.table) for f in found] == [("row-inserted", "ooni_file")]
    finally:
        again.close()
    print("TAMPER_CASES empty-table-filled 1/1")
