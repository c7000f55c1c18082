"""`evidence verify`: every stored byte re-hashed; any change to a file, a WARC, a timestamp,
a row or a custody line is reported. Encrypted evidence files, with a random key."""

from __future__ import annotations

import os
import secrets
import uuid
from pathlib import Path

import pytest
from sqlalchemy import update

from docket.config import Settings
from docket.domain.evidence import PAYLOAD, WARC, EvidenceItem
from docket.services import capture
from docket.services.evidence import custody_of, get_evidence, verify_evidence
from docket.services.evidence_files import MAGIC, FileMismatch, evidence_files
from docket.services.store import Store, open_store
from docket.storage.evidence_tables import CustodyRow, EvidenceRow, EvidenceTimestampRow
from tests.evidence.conftest import with_capture
from tests.evidence.site import Site


def _capture(store: Store, site: Site, path: str = "/page") -> EvidenceItem:
    url = site.url(f"{path}?v={uuid.uuid4().hex[:8]}")
    [done] = capture.capture_many(store, [capture.Target(url)])
    assert done.item is not None, done.error
    return done.item


def _flip(path: Path, at: int) -> None:
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[at % len(data)] ^= 0x01
    path.write_bytes(bytes(data))


def _problems(store: Store, item: EvidenceItem) -> list[str]:
    [result] = verify_evidence(store, [item.id])
    return result.problems


def test_untouched_evidence_verifies_and_the_check_is_logged(ev_store: Store, site: Site) -> None:
    item = _capture(ev_store, site)
    [result] = verify_evidence(ev_store, [item.id])
    assert result.ok and result.files == 2 and result.timestamps == 1 and not result.warnings
    assert [e.action for e in custody_of(ev_store, item.id)] == ["captured", "verified"]
    get_evidence(ev_store, item.id, log_as="viewed")
    assert custody_of(ev_store, item.id)[-1].action == "viewed"
    assert verify_evidence(ev_store, [item.id])[0].ok  # the log grew and still chains


@pytest.mark.parametrize("role", [WARC, PAYLOAD])
@pytest.mark.parametrize("where", [0, 57, -1])
def test_any_changed_byte_of_a_file_is_found(
    sqlite_store: Store, site: Site, role: str, where: int
) -> None:
    item = _capture(sqlite_store, site)
    f = item.file(role)
    assert f is not None
    _flip(evidence_files(sqlite_store.settings.data_dir, None).path(f.sha256), where)
    problems = _problems(sqlite_store, item)
    assert any(p.startswith(f"{role}: the file {f.sha256[:16]}… was altered") for p in problems)


def test_a_missing_file_is_found(sqlite_store: Store, site: Site) -> None:
    item = _capture(sqlite_store, site)
    evidence_files(sqlite_store.settings.data_dir, None).path(item.anchor.sha256).unlink()
    assert f"warc: the file {item.anchor.sha256[:16]}… is missing" in _problems(sqlite_store, item)


def test_changed_rows_and_custody_lines_are_found(ev_store: Store, site: Site) -> None:
    item = _capture(ev_store, site)
    with ev_store.write() as conn:
        conn.execute(
            update(EvidenceRow).where(EvidenceRow.id == item.id).values(text="Something else")
        )
    assert "'text_sha256' differs from what was recorded at captured" in _problems(ev_store, item)
    with ev_store.write() as conn:
        conn.execute(
            update(CustodyRow)
            .where(CustodyRow.evidence_id == item.id, CustodyRow.seq == 1)
            .values(actor="someone else")
        )
    assert "custody entry 1 (captured) was altered" in _problems(ev_store, item)


def test_a_changed_timestamp_is_found(ev_store: Store, site: Site) -> None:
    item = _capture(ev_store, site)
    token = bytearray(item.timestamps[0].token)
    token[-5] ^= 0x01  # inside the signature
    with ev_store.write() as conn:
        conn.execute(
            update(EvidenceTimestampRow)
            .where(EvidenceTimestampRow.evidence_id == item.id)
            .values(token=bytes(token))
        )
    problems = _problems(ev_store, item)
    assert any(p.startswith("timestamp: the timestamp does not verify") for p in problems)


def test_the_command_exits_non_zero_on_a_mismatch(
    sqlite_settings: Settings, site: Site, tmp_path: Path
) -> None:
    from tests.evidence.test_cli import run

    store = open_store(with_capture(sqlite_settings))
    item = _capture(store, site)
    store.close()
    db = Path(sqlite_settings.database_url.removeprefix("sqlite:///"))
    code, output = run(db, tmp_path, "evidence", "verify")
    assert code == 0 and "1 of 1 item(s) verified" in output and "no trusted timestamp" in output
    _flip(evidence_files(tmp_path, None).path(item.anchor.sha256), 200)
    code, output = run(db, tmp_path, "evidence", "verify", item.id)
    assert code == 7 and "MISMATCH" in output and "was altered" in output


def test_encrypted_evidence_files(sqlite_settings: Settings, site: Site) -> None:
    key = secrets.token_bytes(32)
    store = open_store(with_capture(sqlite_settings))
    store.file_key = key
    try:
        item = _capture(store, site, "/doc.pdf")
        files = evidence_files(sqlite_settings.data_dir, key)
        raw = files.path(item.anchor.sha256).read_bytes()
        assert raw.startswith(MAGIC) and b"WARC/1.0" not in raw
        page = item.file(PAYLOAD)
        assert page is not None and files.get(page.sha256).startswith(b"%PDF-1.4")
        assert b"%PDF" not in files.path(page.sha256).read_bytes()
        assert "Verdict of the fictional Zharkent" in item.text
        assert verify_evidence(store, [item.id])[0].ok
        with pytest.raises(FileMismatch, match="encrypted and this store has no key"):
            evidence_files(sqlite_settings.data_dir, None).get(page.sha256)
        with pytest.raises(FileMismatch, match="does not decrypt"):
            evidence_files(sqlite_settings.data_dir, secrets.token_bytes(32)).get(page.sha256)
        _flip(files.path(page.sha256), -3)
        assert any("does not decrypt" in p for p in _problems(store, item))
    finally:
        store.close()


@pytest.mark.parametrize("encrypted", [False, True])
def test_every_byte_of_a_stored_file_counts(
    sqlite_settings: Settings, site: Site, encrypted: bool
) -> None:
    key = secrets.token_bytes(32) if encrypted else None
    store = open_store(with_capture(sqlite_settings))
    store.file_key = key
    try:
        item = _capture(store, site, "/missing")  # a small page: every position is tried
    finally:
        store.close()
    page = item.file(PAYLOAD)
    assert page is not None
    files = evidence_files(sqlite_settings.data_dir, key)
    path = files.path(page.sha256)
    original = path.read_bytes()
    os.chmod(path, 0o644)
    for at in range(len(original)):
        changed = bytearray(original)
        changed[at] ^= 0x80
        path.write_bytes(bytes(changed))
        with pytest.raises(FileMismatch):
            files.get(page.sha256)
    path.write_bytes(original)
    assert files.get(page.sha256)  # and the untouched file reads


def test_a_file_row_pointing_elsewhere_is_found(sqlite_store: Store, site: Site) -> None:
    from docket.storage.evidence_tables import EvidenceFileRow

    item = _capture(sqlite_store, site)
    other = _capture(sqlite_store, site, "/other")
    page, swapped = item.file(PAYLOAD), other.file(PAYLOAD)
    assert page is not None and swapped is not None
    with sqlite_store.write() as conn:
        conn.execute(
            update(EvidenceFileRow)
            .where(EvidenceFileRow.evidence_id == item.id, EvidenceFileRow.role == PAYLOAD)
            .values(sha256=swapped.sha256, size=swapped.size)
        )
    problems = _problems(sqlite_store, item)
    assert "the page stored differs from the response in the WARC" in problems
    assert "'files' differs from what was recorded at captured" in problems
