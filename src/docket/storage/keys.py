"""The key file of an encrypted store: a random data key, wrapped under the passphrase.

The data key (32 random bytes) encrypts the SQLCipher database. It is never written in plain:
the key file beside the database holds it wrapped (AES-256-GCM) under a key derived from the
passphrase with Argon2id, with the Argon2id parameters and a random salt, and optionally a second
copy wrapped under a recovery key. Changing the passphrase rewraps the data key; the database is
not re-encrypted. Keys derived for other uses (evidence files) come from the data key by HKDF.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from docket.errors import StoreError, WrongPassphrase

KEY_FILE_FORMAT = "docket-key"
KEY_FILE_VERSION = 1
DATA_KEY_BYTES = 32
_WRAP_AAD = b"docket data key v1"
_RECOVERY_INFO = b"docket recovery key"
FILE_KEY_INFO = b"docket files"


@dataclass(frozen=True, slots=True)
class Argon2Params:
    """Argon2id cost: time (passes), memory (KiB) and lanes. Stored with every wrapped key."""

    time_cost: int = 3
    memory_cost: int = 64 * 1024
    parallelism: int = 4

    def as_dict(self) -> dict[str, int]:
        return {
            "time_cost": self.time_cost,
            "memory_cost": self.memory_cost,
            "parallelism": self.parallelism,
        }


DEFAULT_PARAMS = Argon2Params()


def derive_key(passphrase: str, salt: bytes, params: Argon2Params) -> bytes:
    """A 32-byte key from a passphrase with Argon2id."""
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def derive_subkey(data_key: bytes, info: bytes) -> bytes:
    """A 32-byte key for one use (named by `info`), derived from the data key with HKDF-SHA256."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(data_key)


def key_file_path(db_path: Path) -> Path:
    """The key file sits beside the database: `docket.sqlite` has `docket.sqlite.key`."""
    return db_path.with_name(db_path.name + ".key")


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def new_recovery_key() -> str:
    """A random recovery key, shown once: 160 random bits as groups of base32 letters."""
    raw = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _recovery_wrapping_key(recovery_key: str) -> bytes:
    # The recovery key is random (160 bits), so a fast derivation is enough.
    normal = recovery_key.replace("-", "").replace(" ", "").upper().encode("ascii", "ignore")
    return derive_subkey(normal, _RECOVERY_INFO)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: Any) -> bytes:
    if not isinstance(value, str):
        raise ValueError("not a base64 string")
    return base64.b64decode(value, validate=True)


def _seal(wrapping_key: bytes, data_key: bytes) -> dict[str, str]:
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(wrapping_key).encrypt(nonce, data_key, _WRAP_AAD)
    return {"nonce": _b64(nonce), "ciphertext": _b64(sealed)}


def _open(wrapping_key: bytes, sealed: dict[str, Any]) -> bytes:
    return AESGCM(wrapping_key).decrypt(
        _unb64(sealed["nonce"]), _unb64(sealed["ciphertext"]), _WRAP_AAD
    )


@dataclass(frozen=True, slots=True)
class KeyFile:
    """What the key file holds: the data key wrapped under the passphrase (and a recovery key)."""

    params: Argon2Params
    salt: bytes
    wrapped: dict[str, str]
    recovery: dict[str, str] | None = None

    @classmethod
    def create(
        cls,
        data_key: bytes,
        passphrase: str,
        *,
        params: Argon2Params = DEFAULT_PARAMS,
        recovery_key: str | None = None,
    ) -> KeyFile:
        salt = secrets.token_bytes(16)
        wrapped = _seal(derive_key(passphrase, salt, params), data_key)
        recovery = _seal(_recovery_wrapping_key(recovery_key), data_key) if recovery_key else None
        return cls(params, salt, wrapped, recovery)

    def unwrap(self, passphrase: str) -> bytes:
        """The data key; WrongPassphrase if the passphrase does not open it."""
        try:
            return _open(derive_key(passphrase, self.salt, self.params), self.wrapped)
        except InvalidTag:
            raise WrongPassphrase(
                "Wrong passphrase: it does not open this store's key. Nothing was read."
            ) from None

    def unwrap_recovery(self, recovery_key: str) -> bytes:
        if self.recovery is None:
            raise WrongPassphrase("This store was created without a recovery key.")
        try:
            return _open(_recovery_wrapping_key(recovery_key), self.recovery)
        except InvalidTag:
            raise WrongPassphrase(
                "Wrong recovery key: it does not open this store's key."
            ) from None

    def rewrapped(self, data_key: bytes, passphrase: str, *, params: Argon2Params) -> KeyFile:
        """The same data key (and recovery copy) under a new passphrase and a new salt."""
        salt = secrets.token_bytes(16)
        return KeyFile(
            params, salt, _seal(derive_key(passphrase, salt, params), data_key), self.recovery
        )

    def to_bytes(self) -> bytes:
        body = {
            "format": KEY_FILE_FORMAT,
            "version": KEY_FILE_VERSION,
            "cipher": "AES-256-GCM",
            "kdf": {"name": "argon2id", "salt": _b64(self.salt), **self.params.as_dict()},
            "wrapped": self.wrapped,
            "recovery": self.recovery,
        }
        return orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n"

    @classmethod
    def from_bytes(cls, data: bytes, *, where: str) -> KeyFile:
        try:
            body = orjson.loads(data)
            if body.get("format") != KEY_FILE_FORMAT or body.get("version") != KEY_FILE_VERSION:
                raise ValueError("not a Docket key file of a known version")
            kdf = body["kdf"]
            if kdf.get("name") != "argon2id":
                raise ValueError("unknown key derivation")
            params = Argon2Params(
                int(kdf["time_cost"]), int(kdf["memory_cost"]), int(kdf["parallelism"])
            )
            wrapped = {k: str(body["wrapped"][k]) for k in ("nonce", "ciphertext")}
            rec = body.get("recovery")
            recovery = {k: str(rec[k]) for k in ("nonce", "ciphertext")} if rec else None
            return cls(params, _unb64(kdf["salt"]), wrapped, recovery)
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise StoreError(f"The store's key file {where} is damaged: {err}") from None


def read_key_file(path: Path) -> KeyFile:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise StoreError(f"The store's key file cannot be read: {err.strerror}") from None
    return KeyFile.from_bytes(data, where=path.name)


def write_key_file(path: Path, key_file: KeyFile) -> None:
    """Write the key file atomically (a crash leaves the old or the new one), owner-only."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, key_file.to_bytes())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
