"""Encryption at rest: an encrypted store leaves nothing readable, and opens only with its key."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3  # type: ignore[import-untyped]
import yaml
from sqlalchemy import text
from typer.testing import CliRunner

from docket.cli.app import app
from docket.config import Settings
from docket.errors import StoreError, WrongPassphrase
from docket.services import store_keys
from docket.services.store import open_store
from docket.storage.keys import key_file_path, read_key_file
from tests.conftest import FICTIONAL

runner = CliRunner()
PASSPHRASE = "violet-ledger-kestrel-1987"
NEW_PASSPHRASE = "amber-compass-heron-2044"
# A value written while the test holds the store open, so that it sits in the WAL.
WAL_MARKER = "Zhanargul Wal-Marker Testova"


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def known_plaintext() -> set[str]:
    """Names, titles and summaries of the fictional dataset: any of them in a file is a leak."""
    found: set[str] = set()
    for name in ("people", "events", "cases", "sources", "organisations", "claims"):
        data = yaml.safe_load((FICTIONAL / f"{name}.yaml").read_text("utf-8"))
        found |= {s for s in _strings(data) if len(s) >= 8 and " " in s}
    assert len(found) > 20
    return found


def leaks(folder: Path, secrets: set[str]) -> dict[str, list[str]]:
    """Every file in `folder` (recursively) that holds one of `secrets`, and which ones."""
    found: dict[str, list[str]] = {}
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits = [s for s in secrets if s.encode("utf-8") in data]
            if hits:
                found[path.name] = hits
    return found


def recovery_key_in(output: str) -> str:
    found = re.search(r"\b[A-Z2-7]{4}(?:-[A-Z2-7]{4}){7}\b", output)
    assert found, output
    return found.group(0)


def cli(db: Path, env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200", **env})
    return result.exit_code, result.output


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret" / "passphrase"
    path.parent.mkdir()
    path.write_text(PASSPHRASE + "\n", "utf-8")
    return path


def _fill(data: Path, env: dict[str, str], extra: list[str]) -> tuple[list[str], Settings]:
    """Create a store in `data`, load the fictional dataset, and write one more row left in the
    WAL; returns the command output and the settings."""
    db = data / "docket.sqlite"
    outputs = []
    code, out = cli(db, env, "init", *extra)
    assert code == 0, out
    outputs.append(out)
    code, out = cli(db, env, "load", str(FICTIONAL))
    assert code == 0, out
    outputs.append(out)
    code, out = cli(db, env, "search", "Nurlanova")
    assert code == 0, out
    settings = Settings(
        database_url=f"sqlite:///{db}",
        data_dir=data,
        passphrase_file=Path(env["DOCKET_PASSPHRASE_FILE"]) if env else None,
    )
    return outputs, settings


def _write_to_wal(settings: Settings) -> Iterator[None]:
    store = open_store(settings)
    try:
        with store.engine.begin() as conn:
            conn.execute(text("PRAGMA wal_autocheckpoint=0"))
        with store.write() as conn:
            conn.execute(
                text("UPDATE person SET name = :n WHERE id = 'marat-kairatov'"), {"n": WAL_MARKER}
            )
        yield
    finally:
        store.close()


def test_an_encrypted_store_leaves_nothing_readable_in_files_wal_or_logs(
    tmp_path: Path, secret_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Everything is logged, down to every SQL statement and row SQLAlchemy sees.
    caplog.set_level(logging.DEBUG)
    data = tmp_path / "data"
    env = {"DOCKET_PASSPHRASE_FILE": str(secret_file)}
    outputs, settings = _fill(data, env, ["--encrypted", "--recovery-key"])
    recovery = recovery_key_in(outputs[0])
    key = store_keys.unlock(settings)
    assert key is not None
    plain = known_plaintext() | {WAL_MARKER}
    secrets = {PASSPHRASE, recovery, key.hex(), key.hex().upper()}
    for _ in _write_to_wal(settings):
        wal = data / "docket.sqlite-wal"
        assert wal.exists() and wal.stat().st_size > 0  # the WAL is there to be searched
        assert leaks(data, plain | secrets) == {}
        files = [p for p in data.rglob("*") if p.is_file()]
        print(
            f"\nsearched {len(files)} files ({sum(p.stat().st_size for p in files)} bytes, "
            f"WAL included) for {len(plain)} record values and {len(secrets)} secrets: none found"
        )
    # No temporary files beside the store: sorts and temporary tables stay in memory.
    names = {p.name for p in data.iterdir()}
    assert names <= {"docket.sqlite", "docket.sqlite.key", "docket.sqlite-wal", "docket.sqlite-shm"}
    assert leaks(data, plain | secrets) == {}
    # The passphrase, the recovery key shown once and the data key never reach a log, even with
    # every SQL statement logged (the key is set below SQLAlchemy), and the commands print no
    # passphrase or key. Docket's own log lines carry no record values either.
    logged = caplog.text + "".join(outputs)
    assert [s for s in (PASSPHRASE, key.hex(), key.hex().upper()) if s in logged] == []
    assert "PRAGMA key" not in caplog.text
    assert recovery not in caplog.text
    own = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("docket"))
    assert [s for s in plain if s in own] == []
    # The file really is SQLCipher's: without the key it is not a database at all.
    con = sqlcipher3.connect(str(data / "docket.sqlite"))
    with pytest.raises(sqlcipher3.DatabaseError):
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    con.close()


def test_the_same_steps_on_a_plaintext_store_are_found_by_the_search(tmp_path: Path) -> None:
    # The control: the grep above finds the values when the store is not encrypted.
    data = tmp_path / "data"
    _outputs, settings = _fill(data, {}, [])
    for _ in _write_to_wal(settings):
        found = leaks(data, known_plaintext() | {WAL_MARKER})
        assert WAL_MARKER in found.get("docket.sqlite-wal", [])
        assert len(found["docket.sqlite"]) > 20


def test_a_wrong_passphrase_is_a_clear_error_with_its_exit_code(
    tmp_path: Path, secret_file: Path
) -> None:
    db = tmp_path / "docket.sqlite"
    assert cli(db, {"DOCKET_PASSPHRASE_FILE": str(secret_file)}, "init", "--encrypted")[0] == 0
    wrong = tmp_path / "wrong"
    wrong.write_text("not-the-passphrase-at-all\n", "utf-8")
    code, out = cli(db, {"DOCKET_PASSPHRASE_FILE": str(wrong)}, "people", "list")
    assert code == WrongPassphrase.exit_code == 7
    assert "Wrong passphrase" in out and "Traceback" not in out
    assert "not-the-passphrase-at-all" not in out


def test_no_passphrase_and_no_terminal_is_refused(tmp_path: Path, secret_file: Path) -> None:
    db = tmp_path / "docket.sqlite"
    assert cli(db, {"DOCKET_PASSPHRASE_FILE": str(secret_file)}, "init", "--encrypted")[0] == 0
    settings = Settings(database_url=f"sqlite:///{db}", data_dir=tmp_path)
    with pytest.raises(WrongPassphrase, match="DOCKET_PASSPHRASE_FILE"):
        open_store(settings)


def test_a_plaintext_file_is_refused_where_an_encrypted_store_is_configured(
    tmp_path: Path, secret_file: Path
) -> None:
    env = {"DOCKET_PASSPHRASE_FILE": str(secret_file)}
    encrypted = tmp_path / "enc" / "docket.sqlite"
    assert cli(encrypted, env, "init", "--encrypted")[0] == 0
    plain = tmp_path / "plain" / "docket.sqlite"
    assert cli(plain, {}, "load", str(FICTIONAL))[0] == 0
    # Someone swaps the encrypted file for a plaintext one: it is refused, not read.
    encrypted.unlink()
    encrypted.write_bytes(plain.read_bytes())
    code, out = cli(encrypted, env, "people", "list")
    assert code == StoreError.exit_code
    assert "not encrypted" in out


def test_an_encrypted_store_is_never_created_in_plain(tmp_path: Path) -> None:
    db = tmp_path / "docket.sqlite"
    settings = Settings(database_url=f"sqlite:///{db}", data_dir=tmp_path, encrypted=True)
    with pytest.raises(StoreError, match="key file is missing"):
        open_store(settings)
    assert not db.exists()
    # A key file without its passphrase cannot be bypassed by opening the engine directly.
    from docket.storage.engine import make_engine

    with pytest.raises(StoreError, match="opens only with its passphrase"):
        make_engine(settings)
    assert not db.exists()


def test_an_existing_plaintext_store_is_not_turned_into_an_encrypted_one_in_place(
    tmp_path: Path, secret_file: Path
) -> None:
    db = tmp_path / "docket.sqlite"
    assert cli(db, {}, "load", str(FICTIONAL))[0] == 0
    code, out = cli(db, {"DOCKET_PASSPHRASE_FILE": str(secret_file)}, "init", "--encrypted")
    assert code == 4 and "not encrypted" in out
    assert not key_file_path(db).exists()


def test_rekey_rewraps_the_key_without_rewriting_the_data(
    tmp_path: Path, secret_file: Path
) -> None:
    db = tmp_path / "docket.sqlite"
    env = {"DOCKET_PASSPHRASE_FILE": str(secret_file)}
    code, out = cli(db, env, "init", "--encrypted", "--recovery-key")
    recovery = recovery_key_in(out)
    assert cli(db, env, "load", str(FICTIONAL))[0] == 0
    settings = Settings(
        database_url=f"sqlite:///{db}", data_dir=tmp_path, passphrase_file=secret_file
    )
    old_key = store_keys.unlock(settings)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    old_salt = read_key_file(key_file_path(db)).salt

    new = tmp_path / "new-passphrase"
    new.write_text(NEW_PASSPHRASE, "utf-8")
    code, out = cli(db, env, "rekey", "--new-passphrase-file", str(new))
    assert code == 0, out
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest  # the data is not rewritten
    assert read_key_file(key_file_path(db)).salt != old_salt
    assert cli(db, env, "people", "list")[0] == WrongPassphrase.exit_code
    code, out = cli(db, {"DOCKET_PASSPHRASE_FILE": str(new)}, "people", "list", "--json")
    assert code == 0 and "aigerim-nurlanova" in out
    assert (
        store_keys.unlock(settings.__class__(settings.database_url, tmp_path, passphrase_file=new))
        == old_key
    )

    # The passphrase is forgotten: the recovery key (typed, not on the command line) sets a new one.
    third = "juniper-lantern-osprey-7"
    result = runner.invoke(
        app,
        ["--db", str(db), "rekey", "--with-recovery-key"],
        input=f"{recovery}\n{third}\n{third}\n",
    )
    assert result.exit_code == 0, result.output
    assert recovery not in result.output and third not in result.output
    code, out = cli(db, {"DOCKET_PASSPHRASE_FILE": str(new)}, "people", "list")
    assert code == WrongPassphrase.exit_code
    last = tmp_path / "third"
    last.write_text(third, "utf-8")
    assert cli(db, {"DOCKET_PASSPHRASE_FILE": str(last)}, "people", "list")[0] == 0
    # A wrong recovery key changes nothing.
    result = runner.invoke(
        app, ["--db", str(db), "rekey", "--with-recovery-key"], input="AAAA-BBBB\nx\nx\n"
    )
    assert result.exit_code == WrongPassphrase.exit_code


def test_a_short_or_mistyped_new_passphrase_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "docket.sqlite"
    result = runner.invoke(app, ["--db", str(db), "init", "--encrypted"], input="short\nshort\n")
    assert result.exit_code == 2 and "at least" in result.output
    result = runner.invoke(
        app,
        ["--db", str(db), "init", "--encrypted"],
        input="a-long-passphrase-one\na-long-passphrase-two\n",
    )
    assert result.exit_code == 2 and "differ" in result.output
    assert not db.exists() and not key_file_path(db).exists()


def test_the_file_key_comes_from_the_data_key_and_only_for_an_encrypted_store(
    tmp_path: Path, secret_file: Path
) -> None:
    db = tmp_path / "enc.sqlite"
    assert cli(db, {"DOCKET_PASSPHRASE_FILE": str(secret_file)}, "init", "--encrypted")[0] == 0
    settings = Settings(
        database_url=f"sqlite:///{db}", data_dir=tmp_path, passphrase_file=secret_file
    )
    first, second = open_store(settings), open_store(settings)
    try:
        assert first.file_key is not None and len(first.file_key) == 32
        assert first.file_key == second.file_key
        data_key = store_keys.unlock(settings)
        assert data_key is not None and first.file_key != data_key
    finally:
        first.close()
        second.close()
    plain = open_store(
        Settings(database_url=f"sqlite:///{tmp_path / 'p.sqlite'}", data_dir=tmp_path)
    )
    try:
        assert plain.file_key is None
    finally:
        plain.close()
