"""Signed checkpoints: what a hash chain alone cannot show. Someone with write access who
recomputes the chain after an edit, cuts its newest entries, or puts back an older copy of the
store passes the chain check; a checkpoint kept elsewhere catches each. SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docket.errors import ValidationFailed
from docket.services import editing, integrity
from docket.services.integrity_checkpoint import generate_key, read_checkpoint
from docket.services.store import Store, open_store
from tests.security.tamper import (
    ENTRIES,
    careful,
    fill,
    findings,
    restore,
    rewrite_chain,
    snapshot,
)


@pytest.fixture
def key(tmp_path: Path) -> tuple[Path, Path]:
    private = tmp_path / "alice.key"
    return private, generate_key(private, signer="Alice (partner NGO)")


def _checkpoint(store: Store, key: Path, path: Path) -> Path:
    path.write_bytes(integrity.make_checkpoint(store, key).to_json())
    return path


def test_a_checkpoint_of_an_intact_store_verifies(
    store: Store, key: tuple[Path, Path], tmp_path: Path
) -> None:
    fill(store)
    cp = _checkpoint(store, key[0], tmp_path / "cp.json")
    assert cp.stat().st_size < 1024  # small enough for an e-mail
    assert read_checkpoint(cp).seq == ENTRIES
    result = integrity.verify(store, checkpoints=[cp], trusted=[str(key[1])])
    assert result.ok, result.all_findings()
    editing.save(store, "source", {"title": "Later"}, actor="bob", record_id="src-new")
    assert integrity.verify(store, checkpoints=[cp], trusted=[str(key[1])]).ok  # extends it


def test_a_recomputed_chain_passes_alone_and_is_caught_by_a_checkpoint(
    store: Store, key: tuple[Path, Path], tmp_path: Path
) -> None:
    fill(store)
    cp = _checkpoint(store, key[0], tmp_path / "cp.json")
    careful(store, "UPDATE event SET date = '2021-10-27' WHERE kind = 'verdict'")
    assert {f.kind for f in findings(store)} == {"row-edited"}
    rewrite_chain(store)
    assert findings(store) == []  # the chain alone cannot tell
    found = findings(store, checkpoints=[cp])
    assert [f.kind for f in found] == ["checkpoint-rewritten"]
    print("TAMPER_CASES recomputed-chain 1/1 (checkpoint only)")


def test_a_cut_tail_is_caught_by_a_checkpoint(
    store: Store, key: tuple[Path, Path], tmp_path: Path
) -> None:
    fill(store)
    backup = snapshot(store)
    editing.save(store, "source", {"title": "Renamed"}, actor="bob", record_id="src-new")
    cp = _checkpoint(store, key[0], tmp_path / "cp.json")
    # the newest entry, its row hashes and its change are all removed
    restore(store, backup)
    assert findings(store) == []
    found = findings(store, checkpoints=[cp])
    assert [(f.kind, f.seq) for f in found] == [("checkpoint-behind", ENTRIES + 1)]
    print("TAMPER_CASES truncated-tail 1/1 (checkpoint only)")


def test_an_older_copy_of_the_database_file_is_caught(
    sqlite_settings: object, key: tuple[Path, Path], tmp_path: Path
) -> None:
    from docket.config import Settings

    assert isinstance(sqlite_settings, Settings)
    store = open_store(sqlite_settings)
    try:
        fill(store)
        db = Path(sqlite_settings.database_url.removeprefix("sqlite:///"))
        store.close()
        shutil.copy(db, tmp_path / "old.sqlite")
        store = open_store(sqlite_settings)
        editing.save(
            store, "person", {"occupation": "lawyer"}, actor="alice", record_id="aigerim-nurlanova"
        )
        cp = _checkpoint(store, key[0], tmp_path / "cp.json")
        store.close()
        for suffix in ("-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        shutil.copy(tmp_path / "old.sqlite", db)
        store = open_store(sqlite_settings)
        assert findings(store) == []
        found = findings(store, checkpoints=[cp])
        assert [f.kind for f in found] == ["checkpoint-behind"]
    finally:
        store.close()
    print("TAMPER_CASES older-file 1/1 (checkpoint only)")


def test_checkpoints_of_another_store_of_an_untrusted_key_or_altered(
    store: Store, key: tuple[Path, Path], tmp_path: Path
) -> None:
    fill(store)
    cp = _checkpoint(store, key[0], tmp_path / "cp.json")
    mallory = generate_key(tmp_path / "mallory.key", signer="Mallory")
    forged = _checkpoint(store, tmp_path / "mallory.key", tmp_path / "forged.json")
    found = findings(store, checkpoints=[cp, forged], trusted=[str(key[1])])
    assert [f.kind for f in found] == ["checkpoint-untrusted"]
    assert mallory.read_text().startswith("docket-ed25519 ")
    altered = tmp_path / "altered.json"
    altered.write_bytes(cp.read_bytes().replace(b'"seq": %d' % ENTRIES, b'"seq": 2'))
    with pytest.raises(ValidationFailed, match="signature does not match"):
        integrity.verify(store, checkpoints=[altered])
    careful(store, "UPDATE integrity_meta SET value = 'another' WHERE name = 'store_id'")
    assert [f.kind for f in findings(store, checkpoints=[cp])] == ["checkpoint-store"]
    print("TAMPER_CASES checkpoint-forgeries 3/3")
