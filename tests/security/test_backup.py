"""Backups: consistent while the store is in use, sealed, and restored record for record."""

from __future__ import annotations

import io
import sqlite3
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from docket.cli.app import app
from docket.config import Settings
from docket.errors import Conflict, StoreError, WrongPassphrase
from docket.services import exporting, loading, pg_backup
from docket.services.backup import create_backup, read_manifest, restore_backup
from docket.services.store import Store, open_store
from docket.storage.engine import integrity_problems
from docket.storage.keys import Argon2Params, key_file_path
from tests.conftest import DEMO, FICTIONAL

runner = CliRunner()
PASSPHRASE = "granite-meadow-falcon-3141"
# Cheaper Argon2id for the many backups a test makes; the parameters travel in the header.
FAST = Argon2Params(time_cost=1, memory_cost=8 * 1024, parallelism=1)


def export_json(store: Store) -> bytes:
    """The exporter's dataset-format JSON: every record, as an editor sees it."""
    buffer = io.BytesIO()
    exporting.export(store, "json", buffer, public=False, as_of=date(2030, 1, 1))
    return buffer.getvalue()


def every_row(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with store.read() as conn:
        for name in sorted(inspect(conn).get_table_names()):
            rows = conn.execute(text(f'SELECT * FROM "{name}"')).all()  # noqa: S608
            found[name] = sorted((tuple(r) for r in rows), key=repr)
    return found


def sqlite_settings_at(path: Path, **extra: Any) -> Settings:
    return Settings(database_url=f"sqlite:///{path}", data_dir=path.parent, **extra)


def test_the_demo_round_trips_through_a_backup_on_sqlite(tmp_path: Path) -> None:
    source = open_store(sqlite_settings_at(tmp_path / "live" / "docket.sqlite"))
    loading.load_dataset(source, DEMO)
    before_json, before_rows = export_json(source), every_row(source)
    backup = tmp_path / "backups" / "demo.docket-backup"
    report = create_backup(source.settings, backup, PASSPHRASE, data_key=None, params=FAST)
    source.close()
    assert report.rows["person"] == 56 and sum(report.rows.values()) > 1500

    head = backup.read_bytes()[:16]
    assert head == b"DOCKET-BACKUP 1\n"
    assert b"Zhanbolat" not in backup.read_bytes()  # a name in the demo data: sealed

    target = sqlite_settings_at(tmp_path / "restored" / "docket.sqlite")
    restored_report = restore_backup(target, backup, PASSPHRASE)
    assert restored_report.rows == report.rows
    restored = open_store(target)
    try:
        assert export_json(restored) == before_json
        assert every_row(restored) == before_rows
    finally:
        restored.close()


def test_an_encrypted_store_backs_up_sealed_and_restores_encrypted(tmp_path: Path) -> None:
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE, "utf-8")
    db = tmp_path / "live" / "docket.sqlite"
    env = {"DOCKET_PASSPHRASE_FILE": str(secret), "COLUMNS": "200"}
    assert runner.invoke(app, ["--db", str(db), "init", "--encrypted"], env=env).exit_code == 0
    assert runner.invoke(app, ["--db", str(db), "load", str(FICTIONAL)], env=env).exit_code == 0
    backup = tmp_path / "b" / "fictional.docket-backup"
    result = runner.invoke(app, ["--db", str(db), "backup", "-o", str(backup)], env=env)
    assert result.exit_code == 0, result.output
    assert PASSPHRASE not in result.output
    data = backup.read_bytes()
    for plain in ("Aigerim Nurlanova", "Нурланова", "Bolat Sarsenov", PASSPHRASE):
        assert plain.encode() not in data

    new_db = tmp_path / "elsewhere" / "docket.sqlite"
    result = runner.invoke(app, ["restore", str(backup), "--db", str(new_db)], env=env)
    assert result.exit_code == 0, result.output
    assert "encrypted store" in result.output
    assert key_file_path(new_db).exists()
    assert not new_db.read_bytes().startswith(b"SQLite format 3")
    result = runner.invoke(app, ["--db", str(new_db), "search", "Nurlanova"], env=env)
    assert result.exit_code == 0 and "aigerim-nurlanova" in result.output
    live = open_store(sqlite_settings_at(db, passphrase_file=secret))
    again = open_store(sqlite_settings_at(new_db, passphrase_file=secret))
    try:
        assert every_row(again) == every_row(live)
    finally:
        live.close()
        again.close()


def test_a_backup_taken_while_the_store_is_written_is_consistent(tmp_path: Path) -> None:
    settings = sqlite_settings_at(tmp_path / "docket.sqlite")
    store = open_store(settings)
    loading.load_dataset(store, FICTIONAL)
    stop = threading.Event()
    written = 0

    def keep_writing() -> None:
        nonlocal written
        while not stop.is_set():
            with store.write() as conn:
                conn.execute(
                    text("UPDATE person SET summary = :s WHERE id = 'bolat-sarsenov'"),
                    {"s": f"edit {written}"},
                )
                conn.execute(
                    text("UPDATE person SET summary = :s WHERE id = 'dana-sarsenova'"),
                    {"s": f"edit {written}"},
                )
            written += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        backups = []
        for n in range(3):
            path = tmp_path / f"b{n}.docket-backup"
            create_backup(settings, path, PASSPHRASE, data_key=None, params=FAST)
            backups.append(path)
    finally:
        stop.set()
        writer.join()
        store.close()
    assert written > 0
    for n, path in enumerate(backups):
        target = sqlite_settings_at(tmp_path / f"r{n}" / "docket.sqlite")
        restore_backup(target, path, PASSPHRASE)
        assert integrity_problems(tmp_path / f"r{n}" / "docket.sqlite", None) == []
        restored = open_store(target)
        with restored.read() as conn:
            both = conn.execute(
                text("SELECT summary FROM person WHERE id IN ('bolat-sarsenov', 'dana-sarsenova')")
            ).all()
        restored.close()
        # Both rows come from the same transaction: the snapshot never splits one.
        assert len({r[0] for r in both}) == 1


def test_a_wrong_passphrase_or_an_altered_or_cut_backup_is_refused(tmp_path: Path) -> None:
    settings = sqlite_settings_at(tmp_path / "docket.sqlite")
    store = open_store(settings)
    loading.load_dataset(store, FICTIONAL)
    store.close()
    backup = tmp_path / "b.docket-backup"
    create_backup(settings, backup, PASSPHRASE, data_key=None, params=FAST)
    with pytest.raises(WrongPassphrase):
        read_manifest(backup, "another passphrase")
    data = backup.read_bytes()
    header_end = data.index(b"\n", 16) + 1

    def refused(content: bytes, name: str) -> str:
        altered = tmp_path / f"{name}.docket-backup"
        altered.write_bytes(content)
        target = sqlite_settings_at(tmp_path / name / "docket.sqlite")
        with pytest.raises((StoreError, WrongPassphrase)) as caught:
            restore_backup(target, altered, PASSPHRASE)
        assert not (tmp_path / name / "docket.sqlite").exists()
        return str(caught.value)

    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x01
    assert "damaged or altered" in refused(bytes(flipped), "flipped")
    assert "cut short" in refused(data[: len(data) - 100], "cut")
    assert "cut short" in refused(data[: header_end + 2000], "cut-early")
    header = data[:header_end].replace(b'"backend":"sqlite"', b'"backend":"sqlite" ')
    assert header != data[:header_end]
    refused(header + data[header_end:], "header")  # the header is bound to every chunk
    assert "not a Docket backup" in refused(b"SQLite format 3\x00" + data[16:], "magic")


def test_restore_refuses_a_store_with_data_unless_forced(tmp_path: Path) -> None:
    settings = sqlite_settings_at(tmp_path / "a" / "docket.sqlite")
    store = open_store(settings)
    loading.load_dataset(store, FICTIONAL)
    store.close()
    backup = tmp_path / "b.docket-backup"
    create_backup(settings, backup, PASSPHRASE, data_key=None, params=FAST)
    other = sqlite_settings_at(tmp_path / "other" / "docket.sqlite")
    kept = open_store(other)
    with kept.write() as conn:
        conn.execute(text("DELETE FROM person WHERE 1 = 0"))
    kept.close()
    with pytest.raises(Conflict, match="--force"):
        restore_backup(other, backup, PASSPHRASE)
    report = restore_backup(other, backup, PASSPHRASE, force=True)
    assert report.rows["person"] > 0
    secret = tmp_path / "pass"
    secret.write_text(PASSPHRASE, "utf-8")
    result = runner.invoke(
        app,
        ["restore", str(backup), "--db", str(tmp_path / "other" / "docket.sqlite")],
        env={"DOCKET_PASSPHRASE_FILE": str(secret)},
    )
    assert result.exit_code == Conflict.exit_code and "--force" in result.output


@pytest.mark.postgres
def test_the_demo_round_trips_through_pg_dump_on_postgresql(pg_settings: Settings) -> None:
    pg_backup.tool("pg_dump")  # raises if the client tools are missing
    store = open_store(pg_settings)
    loading.load_dataset(store, DEMO)
    before_json, before_rows = export_json(store), every_row(store)
    backup = pg_settings.data_dir / "pg.docket-backup"
    report = create_backup(pg_settings, backup, PASSPHRASE, data_key=None, params=FAST)
    assert report.backend == "postgresql" and report.rows["person"] == 56
    with pytest.raises(Conflict):
        restore_backup(pg_settings, backup, PASSPHRASE)
    # Lose some of the record, then restore over it.
    with store.write() as conn:
        conn.execute(text("DELETE FROM recognition"))
    store.close()
    restore_backup(pg_settings, backup, PASSPHRASE, force=True)
    restored = open_store(pg_settings)
    try:
        assert export_json(restored) == before_json
        assert every_row(restored) == before_rows
    finally:
        restored.close()


def test_restore_refuses_a_backup_whose_record_does_not_match_its_history(tmp_path: Path) -> None:
    db = tmp_path / "live" / "docket.sqlite"
    settings = sqlite_settings_at(db)
    store = open_store(settings)
    loading.load_dataset(store, FICTIONAL)
    store.close()
    # Someone edits a verdict behind Docket's back, then a backup is made of the altered store.
    con = sqlite3.connect(db)
    con.execute("UPDATE event SET date = '2021-01-01' WHERE id = (SELECT min(id) FROM event)")
    con.commit()
    con.close()
    backup = tmp_path / "b.docket-backup"
    create_backup(settings, backup, PASSPHRASE, data_key=None, params=FAST)
    target = tmp_path / "restored" / "docket.sqlite"
    with pytest.raises(StoreError, match="does not verify"):
        restore_backup(sqlite_settings_at(target), backup, PASSPHRASE)
    assert not target.exists()
    assert [p.name for p in target.parent.iterdir()] == []


def test_a_plaintext_backup_is_not_restored_where_the_store_must_be_encrypted(
    tmp_path: Path,
) -> None:
    settings = sqlite_settings_at(tmp_path / "live" / "docket.sqlite")
    open_store(settings).close()
    backup = tmp_path / "b.docket-backup"
    create_backup(settings, backup, PASSPHRASE, data_key=None, params=FAST)
    target = tmp_path / "restored" / "docket.sqlite"
    with pytest.raises(StoreError, match="must be encrypted"):
        restore_backup(sqlite_settings_at(target, encrypted=True), backup, PASSPHRASE)
    assert not target.exists()
