"""Backups: a consistent snapshot of the store, sealed under a passphrase; and restoring one.

A backup is a sealed file (storage/sealed_file.py) holding a tar stream: `manifest.json` (the
backend, when, and the rows in every table), then the snapshot. SQLite: `VACUUM INTO`, taken in
one read transaction while others keep writing; an encrypted store's snapshot stays encrypted
with its own key, and its key file goes with it. PostgreSQL: `pg_dump` in its custom format.
"""

from __future__ import annotations

import io
import os
import secrets
import tarfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import orjson

from docket.config import Settings
from docket.errors import Conflict, NotFound, StoreError
from docket.services import pg_backup
from docket.storage.engine import connect_file, integrity_problems, make_engine, sqlite_path
from docket.storage.keys import DEFAULT_PARAMS, Argon2Params, key_file_path, sync_folder
from docket.storage.sealed_file import SealedReader, SealedWriter, open_sealed

MANIFEST = "manifest.json"
SQLITE_MEMBER = "store.sqlite"
KEY_MEMBER = "store.sqlite.key"
PG_MEMBER = "store.pgdump"


@dataclass(frozen=True, slots=True)
class BackupReport:
    backend: str
    encrypted_store: bool
    rows: dict[str, int]
    size: int
    seconds: float


@dataclass(frozen=True, slots=True)
class RestoreReport:
    backend: str
    encrypted_store: bool
    rows: dict[str, int]
    problems: list[str] = field(default_factory=list)
    # What `docket verify` checked in the restored store: chain entries and rows.
    entries_verified: int = 0
    rows_verified: int = 0


def _verified(settings: Settings, data_key: bytes | None) -> tuple[int, int]:
    """Open the restored store (bringing its schema up to date) and run `docket verify` on it;
    StoreError if the record does not match its audit chain."""
    from docket.services import integrity
    from docket.services.store import open_store

    store = open_store(settings, data_key=data_key)
    try:
        result = integrity.verify(store)
    finally:
        store.close()
    if not result.ok:
        first = result.all_findings()[0]
        raise StoreError(
            f"The restored store does not verify: {first.message} Nothing was replaced."
            if settings.is_sqlite
            else f"The restored store does not verify: {first.message}"
        )
    return result.check.entries, result.check.rows


@contextmanager
def _temporary(folder: Path, stem: str) -> Iterator[Path]:
    """A fresh path in `folder` (never the system temp folder), removed on the way out."""
    path = folder / f".{stem}-{secrets.token_hex(6)}.tmp"
    try:
        yield path
    finally:
        for extra in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + extra).unlink(missing_ok=True)


def _table_rows(con: Any) -> dict[str, int]:
    names = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        ).fetchall()
    ]
    rows: dict[str, int] = {}
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        # The name comes from the catalogue and is quoted: no input reaches this statement.
        rows[name] = int(con.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0])  # noqa: S608
    return rows


def _add(tar: tarfile.TarFile, name: str, data: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, data)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    _add(tar, name, io.BytesIO(data), len(data))


def create_backup(
    settings: Settings,
    output: Path,
    passphrase: str,
    *,
    data_key: bytes | None,
    params: Argon2Params = DEFAULT_PARAMS,
) -> BackupReport:
    """Write a sealed, consistent snapshot of the store to `output` (all of it or nothing)."""
    started = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    backend = "sqlite" if settings.is_sqlite else "postgresql"
    with _temporary(output.parent, output.name) as partial:
        with partial.open("wb") as raw:
            os.chmod(partial, 0o600)
            sealer = SealedWriter(
                raw,
                passphrase,
                {"backend": backend, "created": datetime.now(UTC).isoformat(timespec="seconds")},
                params=params,
            )
            with tarfile.open(fileobj=sealer, mode="w|") as tar:  # type: ignore[call-overload]
                if settings.is_sqlite:
                    rows = _backup_sqlite(settings, tar, data_key)
                else:
                    rows = _backup_pg(settings, tar)
            sealer.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, output)
    sync_folder(output.parent)
    return BackupReport(
        backend, data_key is not None, rows, output.stat().st_size, time.perf_counter() - started
    )


def _backup_pg(settings: Settings, tar: tarfile.TarFile) -> dict[str, int]:
    # The manifest comes first in the stream but its counts are known only after the dump;
    # the dump parts are written after a manifest stating the counts taken in the same snapshot.
    parts: list[tuple[IO[bytes], int]] = []
    rows = pg_backup.dump(settings, lambda f, n: parts.append((f, n)))
    manifest = {"backend": "postgresql", "encrypted_store": False, "rows": rows}
    _add_bytes(tar, MANIFEST, orjson.dumps(manifest))
    for data, size in parts:
        _add(tar, PG_MEMBER, data, size)
    return rows


def _backup_sqlite(
    settings: Settings, tar: tarfile.TarFile, data_key: bytes | None
) -> dict[str, int]:
    path = sqlite_path(settings)
    if path is None or not path.exists():
        raise NotFound("There is no store here to back up.")
    engine = make_engine(settings, data_key=data_key)
    try:
        with _temporary(path.parent, path.name + ".snapshot") as snap:
            with engine.connect() as conn:
                # One read transaction: the copy is consistent while others go on writing.
                conn.exec_driver_sql("VACUUM INTO ?", (str(snap),))
            con = connect_file(snap, data_key)
            try:
                rows = _table_rows(con)
            finally:
                con.close()
            manifest = {"backend": "sqlite", "encrypted_store": data_key is not None, "rows": rows}
            _add_bytes(tar, MANIFEST, orjson.dumps(manifest))
            with snap.open("rb") as f:
                _add(tar, SQLITE_MEMBER, f, snap.stat().st_size)
            if data_key is not None:
                _add_bytes(tar, KEY_MEMBER, key_file_path(path).read_bytes())
    finally:
        engine.dispose()
    return rows


def read_manifest(source: Path, passphrase: str) -> dict[str, Any]:
    """The manifest of a backup (checks the passphrase; does not restore anything)."""
    with source.open("rb") as raw:
        opened = open_sealed(raw, passphrase)
        with tarfile.open(fileobj=opened.reader, mode="r|") as tar:  # type: ignore[call-overload]
            for member in tar:
                if member.name == MANIFEST:
                    data = tar.extractfile(member)
                    return dict(orjson.loads(data.read())) if data else {}
    raise StoreError("The backup has no manifest: it is damaged.")


def restore_backup(
    settings: Settings, source: Path, passphrase: str, *, force: bool = False
) -> RestoreReport:
    """Restore a backup into the configured store; refuses a store with data unless `force`."""
    if not source.is_file():
        raise NotFound(f"There is no backup file named {source.name}.")
    if not settings.is_sqlite:
        return _restore_pg(settings, source, passphrase, force=force)
    path = sqlite_path(settings)
    if path is None:
        raise StoreError("Restore into a SQLite file: give it with --db.")
    key_path = key_file_path(path)
    if not force and ((path.exists() and path.stat().st_size > 0) or key_path.exists()):
        raise Conflict(
            "A store already exists there: restore into a new file (--db), or add --force to "
            "replace it (its current content is lost)."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        source.open("rb") as raw,
        _temporary(path.parent, path.name + ".restore") as db_tmp,
        _temporary(path.parent, path.name + ".restore-key") as key_tmp,
    ):
        opened = open_sealed(raw, passphrase)
        if opened.header.get("backend") != "sqlite":
            raise StoreError("This backup is of a PostgreSQL store: restore it into PostgreSQL.")
        manifest = _unpack_sqlite(opened.reader, db_tmp, key_tmp)
        encrypted = bool(manifest.get("encrypted_store"))
        if settings.encrypted and not encrypted:
            raise StoreError(
                "This backup is of a plaintext store, and this store must be encrypted "
                "(DOCKET_ENCRYPTED): it is not restored in plain."
            )
        if encrypted and not key_tmp.exists():
            raise StoreError("The backup of an encrypted store has no key file: it is damaged.")
        data_key = _restored_key(key_tmp, passphrase) if encrypted else None
        problems = integrity_problems(db_tmp, data_key)
        con = connect_file(db_tmp, data_key)
        try:
            rows = _table_rows(con)
        finally:
            con.close()
        if rows != manifest.get("rows"):
            problems.append("the restored tables do not hold the rows the backup lists")
        if problems:
            raise StoreError("The backup does not restore cleanly: " + "; ".join(problems[:5]))
        entries, verified = _verified(settings.with_db_path(db_tmp), data_key)
        for extra in ("-wal", "-shm"):
            Path(str(path) + extra).unlink(missing_ok=True)
        if encrypted:
            os.replace(key_tmp, key_path)
        else:
            key_path.unlink(missing_ok=True)
        os.replace(db_tmp, path)
        sync_folder(path.parent)
    return RestoreReport("sqlite", encrypted, rows, problems, entries, verified)


def _restore_pg(settings: Settings, source: Path, passphrase: str, *, force: bool) -> RestoreReport:
    with source.open("rb") as raw:
        opened = open_sealed(raw, passphrase)
        if opened.header.get("backend") != "postgresql":
            raise StoreError("This backup is of a SQLite store: restore it with --db FILE.")
        manifest: dict[str, Any] = {}

        def parts() -> Iterator[bytes]:
            with tarfile.open(fileobj=opened.reader, mode="r|") as tar:  # type: ignore[call-overload]
                for member in tar:
                    data = tar.extractfile(member)
                    if data is None:
                        continue
                    if member.name == MANIFEST:
                        manifest.update(orjson.loads(data.read()))
                    elif member.name == PG_MEMBER:
                        while piece := data.read(1 << 20):
                            yield piece

        rows = pg_backup.restore(settings, parts(), force=force)
    problems = []
    if rows != manifest.get("rows"):
        problems.append("the restored tables do not hold the rows the backup lists")
    if problems:
        raise StoreError("The backup did not restore cleanly: " + "; ".join(problems))
    entries, verified = _verified(settings, None)
    return RestoreReport("postgresql", False, rows, problems, entries, verified)


def _restored_key(key_tmp: Path, passphrase: str) -> bytes:
    from docket.storage.keys import read_key_file

    return read_key_file(key_tmp).unwrap(passphrase)


def _unpack_sqlite(reader: SealedReader, db_tmp: Path, key_tmp: Path) -> dict[str, Any]:
    manifest: dict[str, Any] | None = None
    with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
        for member in tar:
            data = tar.extractfile(member)
            if data is None:
                continue
            if member.name == MANIFEST:
                manifest = dict(orjson.loads(data.read()))
                continue
            target = {SQLITE_MEMBER: db_tmp, KEY_MEMBER: key_tmp}.get(member.name)
            if target is None:
                continue
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                while piece := data.read(1 << 20):
                    out.write(piece)
                out.flush()
                os.fsync(out.fileno())
    if manifest is None or not db_tmp.exists():
        raise StoreError("The backup is incomplete: it has no manifest or no database.")
    return manifest
