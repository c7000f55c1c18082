"""The opened store: settings, engine and vocabulary, handed to every service."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import yaml
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from docket.config import Settings
from docket.domain.vocabulary import Vocabulary, load_vocabulary
from docket.errors import DocketError, Problem, StoreError, ValidationFailed
from docket.services import store_keys
from docket.storage import integrity_seal
from docket.storage.engine import begin_write, make_engine, upgrade
from docket.storage.folding import check_server_folds


@dataclass(slots=True)
class Store:
    settings: Settings
    engine: Engine
    vocab: Vocabulary
    # The key that encrypts files Docket keeps beside an encrypted store (evidence, attachments):
    # None for a store that is not encrypted. Never logged, never written in plain.
    file_key: bytes | None = None
    # A PostgreSQL store that seals its restricted fields (services.field_sealing): its wrapped
    # key, unwrapped on first use. None for SQLite and for a PostgreSQL store that seals nothing.
    fields: store_keys.SealedFields | None = None

    @contextmanager
    def read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as err:
            raise StoreError(f"The store could not be read: {err.orig}") from err

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction: everything in it is written, or nothing."""
        try:
            with self.engine.begin() as conn:
                begin_write(conn)  # writers take turns: nothing read here goes stale
                integrity_seal.begin(conn)
                try:
                    yield conn
                    integrity_seal.seal(conn)  # one audit entry for the rows this changed
                except BaseException:
                    integrity_seal.discard(conn)
                    raise
        except DocketError:
            raise
        except DBAPIError as err:
            raise StoreError(
                f"Nothing was written: the store refused the change ({err.orig})"
            ) from err

    def close(self) -> None:
        self.engine.dispose()


def load_settings_vocabulary(settings: Settings) -> Vocabulary:
    path = settings.status_categories_file
    if path is None:
        return load_vocabulary()
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ValidationFailed([Problem(f"cannot be read: {err}", file=str(path))]) from err
    return load_vocabulary(categories=raw)


def open_store(
    settings: Settings,
    *,
    ask: store_keys.Ask | None = None,
    data_key: bytes | None = None,
) -> Store:
    """Open (and create or upgrade) the configured store.

    An encrypted store is unlocked with its passphrase (DOCKET_PASSPHRASE_FILE, else `ask`, else
    the terminal), or with `data_key` when the caller has unlocked it already.
    """
    vocab = load_settings_vocabulary(settings)
    if data_key is None:
        data_key = store_keys.unlock(settings, ask)
    engine = make_engine(settings, data_key=data_key)
    with engine.connect() as conn:
        check_server_folds(conn)  # before anything is created in it
    upgrade(engine)
    with engine.begin() as conn:
        integrity_seal.install(conn)  # tables added since the last open join the history
    fields = store_keys.open_fields(settings, engine, ask)
    return Store(settings, engine, vocab, file_key=store_keys.file_key(data_key), fields=fields)
