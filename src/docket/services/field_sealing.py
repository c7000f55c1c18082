"""Application-level encryption of a PostgreSQL store's restricted fields: set it up, change
its passphrase, seal a dataset before it is written, open what an editor reads.

A database dump (or the server's disk, or a `pg_dump` backup) then holds only ciphertext for
those values; which values are sealed, and what stays clear, is in docs/security.md. Outputs for
an audience that may not see restricted values never open anything (and never need the key):
whatever the redaction layer leaves them is shown as stored.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, func, select

from docket.domain.dataset import Dataset
from docket.domain.sensitivity import Audience
from docket.errors import Conflict, StoreError
from docket.services import store_keys
from docket.services.store import Store
from docket.storage import integrity_seal
from docket.storage.field_cipher import is_sealed
from docket.storage.field_keys import read_field_key, write_field_key
from docket.storage.keys import DEFAULT_PARAMS, Argon2Params, KeyFile, new_data_key
from docket.storage.keys import new_recovery_key as make_recovery_key
from docket.storage.level_tables import read_marks, with_marks
from docket.storage.sealed_records import (
    SEALED,
    needs_sealing,
    open_record,
    open_tree,
    seal_dataset,
    seal_record,
    sealed_fields,
)
from docket.storage.surveillance_tables import DeploymentRow, DisruptionRow, LawRow
from docket.storage.tables import CaseRow, EventRow, OrganisationRow, PersonRow, SourceRow

T = TypeVar("T")


def seal_for_store(store: Store, ds: Dataset) -> Dataset:
    """The dataset as a sealing store writes it: every restricted value sealed (the dataset
    itself when the store seals nothing or nothing in it is restricted). Asks for the
    passphrase when there is something to seal. The hook of `services.loading`."""
    if store.fields is None or not needs_sealing(ds):
        return ds
    return seal_dataset(ds, store.fields.cipher())


def seal_edit(store: Store, conn: Connection, kind: str, record: T) -> T:
    """A record about to be written by an edit, as a sealing store keeps it: the fields its
    level and stored marks restrict sealed, any other value that was sealed opened (a record
    made less strict). The record itself on a store that seals nothing. The hook of
    `services.editing`; asks for the passphrase when there is something to seal or open."""
    if store.fields is None:
        return record
    rid = getattr(record, "id", "")
    marked = with_marks(record, read_marks(conn, kind, [rid]).get((kind, rid), ()))
    own = SEALED.get(type(record), ("", ()))[1]
    holds_sealed = any(is_sealed(v) for v in _texts(record, own))
    if not sealed_fields(marked) and not holds_sealed:
        return record
    cipher = store.fields.cipher()
    settled = seal_record(open_record(marked, cipher), cipher)
    return replace(record, **{f: getattr(settled, f) for f in own})  # type: ignore[type-var]


def refuse_sealed_merge(store: Store, *people: object) -> None:
    """Merging moves names from one person to another, and a sealed name is bound to the person
    it was sealed for: a sealing store refuses to merge a person with sealed values (Conflict).
    The hook of `services.editing.merge_people`."""
    if store.fields is None:
        return
    for person in people:
        if any(is_sealed(v) for v in _texts(person, SEALED[type(person)][1])):
            raise Conflict(
                f"'{getattr(person, 'id', '')}' has restricted values sealed in this store, and "
                "Docket cannot merge sealed records yet: merge them in the dataset files and "
                "load them again."
            )


def _texts(record: object, names: tuple[str, ...]) -> list[object]:
    out: list[object] = []
    for name in names:
        value = getattr(record, name)
        if isinstance(value, tuple):
            out += [getattr(part, "value", getattr(part, "note", None)) for part in value]
        else:
            out.append(value)
    return out


def open_for(store: Store, value: T, audience: Audience) -> T:
    """What an output holds, with its sealed values opened when the audience may read
    restricted values (asks for the passphrase then); for any other audience, as it is."""
    if store.fields is None or not audience.sees("restricted"):
        return value
    result: T = open_tree(value, store.fields.cipher())
    return result


def create_field_key(
    store: Store,
    chosen: str,
    *,
    recovery: bool,
    params: Argon2Params = DEFAULT_PARAMS,
) -> store_keys.NewKey:
    """Make an empty PostgreSQL store seal its restricted fields from now on: a random data key,
    stored wrapped under the passphrase (and a recovery key, returned to be shown once)."""
    if store.settings.is_sqlite:
        raise StoreError("A SQLite store is encrypted whole: see `docket init --encrypted`.")
    data_key = new_data_key()
    recovery_key = make_recovery_key() if recovery else None
    with store.write() as conn:
        if read_field_key(conn) is not None:
            raise Conflict("This store seals its restricted fields already.")
        held = sum(
            conn.scalar(select(func.count()).select_from(t)) or 0
            for t in (PersonRow, OrganisationRow, SourceRow, CaseRow, EventRow)
            + (DeploymentRow, DisruptionRow, LawRow)
        )
        if held:
            raise Conflict(
                "This store already holds records, and Docket does not seal them in place: "
                "create the encrypted store in an empty database and load your datasets into "
                "it (see docs/security.md)."
            )
        key_file = KeyFile.create(data_key, chosen, params=params, recovery_key=recovery_key)
        write_field_key(conn, key_file)
        integrity_seal.describe(
            conn, action="encrypt", record_type="store", record_id="field_key", after={}
        )
    store.fields = store_keys.SealedFields(store.settings, key_file, data_key=data_key)
    return store_keys.NewKey(data_key, recovery_key)


def rekey_fields(
    store: Store,
    *,
    ask: store_keys.Ask | None = None,
    new_source: Path | None = None,
    with_recovery_key: bool = False,
    params: Argon2Params = DEFAULT_PARAMS,
) -> None:
    """Rewrap the data key under a new passphrase; no sealed value is rewritten."""
    if store.fields is None:
        raise StoreError("This store does not seal restricted fields: there is no key to change.")
    current = store.fields.key_file
    if with_recovery_key:
        data_key = current.unwrap_recovery((ask or store_keys.terminal_ask)("Recovery key: "))
    else:
        secret = store_keys.passphrase(store.settings, ask, prompt="Current passphrase: ")
        data_key = current.unwrap(secret)
    chosen = store_keys.new_passphrase(ask, source=new_source)
    rewrapped = current.rewrapped(data_key, chosen, params=params)
    with store.write() as conn:
        write_field_key(conn, rewrapped)
        integrity_seal.describe(
            conn, action="rekey", record_type="store", record_id="field_key", after={}
        )
    store.fields = store_keys.SealedFields(store.settings, rewrapped, data_key=data_key)
