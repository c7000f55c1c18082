"""Unlock, create and rekey an encrypted store: where the passphrase comes from and what it opens.

The passphrase is read from the file named by DOCKET_PASSPHRASE_FILE or asked for in the
terminal; it is never taken from the command line, and never logged or printed. A SQLite store
is encrypted whole (SQLCipher, the key in a file beside it); a PostgreSQL store seals its
restricted fields (the key wrapped in the database, `SealedFields`), and asks for the passphrase
only when a sealed value must be written or read for an audience that may see it.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from docket.config import ENV_PASSPHRASE_FILE, Settings
from docket.errors import Conflict, Problem, StoreError, ValidationFailed, WrongPassphrase
from docket.storage.engine import SQLITE_MAGIC, is_encrypted_store, sqlite_path
from docket.storage.field_cipher import FieldCipher
from docket.storage.field_keys import read_field_key
from docket.storage.keys import (
    DEFAULT_PARAMS,
    FILE_KEY_INFO,
    Argon2Params,
    KeyFile,
    derive_subkey,
    key_file_path,
    new_data_key,
    new_recovery_key,
    read_key_file,
    write_key_file,
)

# Asks for a secret without echoing it: receives the prompt, returns what was typed.
Ask = Callable[[str], str]
MIN_PASSPHRASE = 10


def _terminal_ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise WrongPassphrase(
            "This store is encrypted: name a file holding its passphrase in "
            f"{ENV_PASSPHRASE_FILE}, or run Docket in a terminal to be asked for it."
        )
    return getpass.getpass(prompt)


terminal_ask = _terminal_ask


def read_secret_file(path: Path) -> str:
    """The passphrase in a file: its first line, without the line end."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise WrongPassphrase(
            f"The passphrase file cannot be read ({type(err).__name__})."
        ) from None
    secret = text.splitlines()[0] if text else ""
    if not secret:
        raise WrongPassphrase("The passphrase file is empty.")
    return secret


def passphrase(settings: Settings, ask: Ask | None = None, *, prompt: str = "Passphrase: ") -> str:
    """The store's passphrase: from DOCKET_PASSPHRASE_FILE, else asked for."""
    if settings.passphrase_file is not None:
        return read_secret_file(settings.passphrase_file)
    return (ask or _terminal_ask)(prompt)


def new_passphrase(ask: Ask | None, *, source: Path | None) -> str:
    """A new passphrase, from a file or asked for twice; checked for length."""
    if source is not None:
        chosen = read_secret_file(source)
    else:
        asker = ask or _terminal_ask
        chosen = asker("New passphrase: ")
        if asker("The same again: ") != chosen:
            raise ValidationFailed([Problem("the two passphrases differ")], summary="Not changed.")
    if len(chosen) < MIN_PASSPHRASE:
        raise ValidationFailed(
            [Problem(f"a passphrase needs at least {MIN_PASSPHRASE} characters")],
            summary="Not changed.",
        )
    return chosen


def _key_path(settings: Settings) -> Path:
    path = sqlite_path(settings)
    if path is None:
        raise StoreError(
            "Only the embedded (SQLite) store is encrypted by Docket; for PostgreSQL see "
            "docs/security.md."
        )
    return key_file_path(path)


def unlock(settings: Settings, ask: Ask | None = None) -> bytes | None:
    """The data key of an encrypted store, None for a plaintext one."""
    if not is_encrypted_store(settings):
        return None
    key_path = _key_path(settings)
    if not key_path.exists():
        raise StoreError(
            "This store is configured as encrypted but its key file is missing: create an "
            "encrypted store with `docket init --encrypted`, or put the key file back."
        )
    return read_key_file(key_path).unwrap(passphrase(settings, ask))


def file_key(data_key: bytes | None) -> bytes | None:
    """The key for files kept beside an encrypted store (evidence, attachments)."""
    return derive_subkey(data_key, FILE_KEY_INFO) if data_key is not None else None


@dataclass(frozen=True, slots=True)
class NewKey:
    data_key: bytes
    recovery_key: str | None


def create_key(
    settings: Settings,
    chosen: str,
    *,
    recovery: bool,
    params: Argon2Params = DEFAULT_PARAMS,
) -> NewKey:
    """Write the key file of a new encrypted store; refuses where a store already exists."""
    key_path = _key_path(settings)
    db_path = key_path.with_name(key_path.name.removesuffix(".key"))
    if key_path.exists():
        raise Conflict("This store already has a key file: it is encrypted already.")
    if db_path.exists() and db_path.stat().st_size > 0:
        with db_path.open("rb") as f:
            plain = f.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
        raise Conflict(
            "A store already exists here"
            + (" and it is not encrypted" if plain else "")
            + ": Docket does not encrypt a store in place. Create the encrypted store in a new "
            "file (--db) and load your datasets into it (see docs/security.md)."
        )
    key_path.parent.mkdir(parents=True, exist_ok=True)
    data_key = new_data_key()
    recovery_key = new_recovery_key() if recovery else None
    write_key_file(
        key_path, KeyFile.create(data_key, chosen, params=params, recovery_key=recovery_key)
    )
    return NewKey(data_key, recovery_key)


def rekey(
    settings: Settings,
    *,
    ask: Ask | None = None,
    new_source: Path | None = None,
    with_recovery_key: bool = False,
    params: Argon2Params = DEFAULT_PARAMS,
) -> None:
    """Rewrap the data key under a new passphrase (the database itself is not rewritten)."""
    key_path = _key_path(settings)
    if not key_path.exists():
        raise StoreError("This store is not encrypted: there is no key to change.")
    current = read_key_file(key_path)
    if with_recovery_key:
        data_key = current.unwrap_recovery((ask or _terminal_ask)("Recovery key: "))
    else:
        data_key = current.unwrap(passphrase(settings, ask, prompt="Current passphrase: "))
    chosen = new_passphrase(ask, source=new_source)
    write_key_file(key_path, current.rewrapped(data_key, chosen, params=params))


def backup_secret(settings: Settings, ask: Ask | None = None) -> tuple[str, bytes | None]:
    """The passphrase a backup is sealed with, and the store's data key when it is encrypted.

    An encrypted store's backup uses the store's passphrase; for a plaintext store a backup
    passphrase comes from DOCKET_PASSPHRASE_FILE or is asked for twice.
    """
    if is_encrypted_store(settings):
        secret = passphrase(settings, ask)
        return secret, read_key_file(_key_path(settings)).unwrap(secret)
    if settings.passphrase_file is not None:
        return read_secret_file(settings.passphrase_file), None
    return new_passphrase(ask, source=None), None


class SealedFields:
    """The sealing of restricted fields of a PostgreSQL store: its wrapped key, unwrapped with
    the passphrase the first time a value must be sealed or opened (a reader who sees nothing
    restricted is never asked)."""

    def __init__(
        self,
        settings: Settings,
        key_file: KeyFile,
        ask: Ask | None = None,
        *,
        data_key: bytes | None = None,
    ) -> None:
        self.settings = settings
        self.key_file = key_file
        self._ask = ask
        self._cipher = FieldCipher(data_key, unlock=self._unwrap)

    def _unwrap(self) -> bytes:
        prompt = "Passphrase (this store seals restricted fields): "
        return self.key_file.unwrap(passphrase(self.settings, self._ask, prompt=prompt))

    def cipher(self) -> FieldCipher:
        """The cipher of this store; it asks for the passphrase the first time it seals or
        opens a value (WrongPassphrase when it does not open the key)."""
        return self._cipher


def open_fields(settings: Settings, engine: Engine, ask: Ask | None = None) -> SealedFields | None:
    """The sealing of a PostgreSQL store, None when it seals nothing (or is SQLite)."""
    if settings.is_sqlite:
        return None
    with engine.connect() as conn:
        key_file = read_field_key(conn)
    if key_file is None:
        if settings.encrypted:
            raise StoreError(
                "This PostgreSQL store does not seal restricted fields, but the settings demand "
                "an encrypted store: create it with `docket init --encrypted` in an empty "
                "database (see docs/security.md)."
            )
        return None
    return SealedFields(settings, key_file, ask)
