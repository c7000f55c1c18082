"""Which values of a record are sealed (storage.field_cipher), sealing a dataset before it is
written, and opening what an output holds.

Sealed: the identifying and free-text fields of a record restricted as a whole, and any of these
fields marked restricted on its own. Ids, levels, kinds, roles, dates and references stay clear:
status, figures and the integrity chain are computed from them (docs/security.md).

A field that holds parts (a person's names, a deployment's agreements) has the text inside each
part sealed, under the label of the field itself: a token cannot move to another record or
field, only between the parts of one field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

from docket.domain.case import Case
from docket.domain.claim import Claim
from docket.domain.dataset import Dataset
from docket.domain.event import Event
from docket.domain.law import Law
from docket.domain.organisation import Organisation
from docket.domain.person import Person
from docket.domain.recognition import Recognition
from docket.domain.sensitivity import mark_of
from docket.domain.source import Source
from docket.domain.surveillance import Deployment, Disruption
from docket.storage.field_cipher import FieldCipher, Label, is_sealed

T = TypeVar("T")
RESTRICTED = "restricted"

# Record type -> (kind, fields sealed). A field is text, or a tuple of parts (see _PARTS).
SEALED: dict[type, tuple[str, tuple[str, ...]]] = {
    Person: ("person", ("names", "birth_place", "occupation", "region", "summary")),
    Organisation: ("organisation", ("names", "summary")),
    Source: ("source", ("title", "publisher", "author", "url", "notes")),
    Case: ("case", ("title", "case_number", "summary")),
    Event: ("event", ("place", "description", "sentence")),
    Recognition: ("recognition", ("rationale",)),
    Claim: ("claim", ("wording",)),
    # digital repression: what the system is, who supplies and runs it under what agreements,
    # where; what was cut off where; a law's words. Capabilities, rights, articles, statuses,
    # kinds, countries, organisation ids and figures' numbers stay clear.
    Deployment: (
        "deployment",
        ("system", "vendors", "operators", "place", "scale", "agreements", "summary"),
    ),
    Disruption: ("disruption", ("scope", "targets", "place", "description")),
    Law: ("law", ("title", "title_ru", "amends", "stages", "uses", "summary")),
}
# Dataset attribute -> record type, for the records that have fields to seal.
_ATTRIBUTES = {
    "people": Person,
    "organisations": Organisation,
    "sources": Source,
    "cases": Case,
    "events": Event,
    "recognitions": Recognition,
    "claims": Claim,
    "deployments": Deployment,
    "disruptions": Disruption,
    "laws": Law,
}
# A field holding a tuple of parts -> the text attributes of each part (an attribute named here
# holds parts in turn: an agreement's parties). A part that is itself text (a disruption's
# targets) is sealed whole.
_PARTS: dict[str, tuple[str, ...]] = {
    "names": ("value",),
    "sentence": ("note",),
    "vendors": ("name",),
    "operators": ("name",),
    "parties": ("name",),
    "scale": ("wording", "unit"),
    "agreements": ("title", "amount", "description", "parties"),
    "stages": ("note",),
    "uses": ("note",),
}


def sealed_fields(record: Any) -> tuple[str, ...]:
    """The fields of this record that are stored sealed."""
    spec = SEALED.get(type(record))
    if spec is None:
        return ()
    whole = getattr(record, "sensitivity", None) == RESTRICTED
    levels = getattr(record, "levels", ())
    return tuple(f for f in spec[1] if whole or mark_of(levels, f) == RESTRICTED)


def needs_sealing(ds: Dataset) -> bool:
    return any(sealed_fields(r) for attr in _ATTRIBUTES for r in getattr(ds, attr))


def _changed(value: Any, name: str, label: Label, change: Any) -> Any:
    """`value` (text, or a tuple of parts of the field `name`) with `change(label, text)`
    applied to its text; the same object when nothing changes."""
    if isinstance(value, str):
        return change(label, value)
    if not isinstance(value, tuple):
        return value  # None, a number
    parts = []
    for part in value:
        if isinstance(part, str):
            parts.append(change(label, part))
            continue
        updates = {}
        for sub in _PARTS.get(name, ()):
            current = getattr(part, sub)
            new = _changed(current, sub, label, change)
            if new is not current:
                updates[sub] = new
        parts.append(replace(part, **updates) if updates else part)
    if all(a is b for a, b in zip(parts, value, strict=True)):
        return value
    return tuple(parts)


def _apply(record: T, names: Iterable[str], change: Any) -> T:
    """The record with `change(label, text)` applied to the text of each named field (the same
    record when nothing changes)."""
    kind = SEALED[type(record)][0]
    rid = getattr(record, "id", "")
    updates: dict[str, Any] = {}
    for name in names:
        value = getattr(record, name)
        new = _changed(value, name, Label(kind, rid, name), change)
        if new is not value:
            updates[name] = new
    return replace(record, **updates) if updates else record  # type: ignore[type-var]


def _sealer(cipher: FieldCipher) -> Any:
    def seal(label: Label, text: str) -> str:
        return text if is_sealed(text) else cipher.seal(label, text)

    return seal


def seal_record(record: T, cipher: FieldCipher) -> T:
    names = sealed_fields(record)
    if not names:
        return record
    return _apply(record, names, _sealer(cipher))


def seal_dataset(ds: Dataset, cipher: FieldCipher) -> Dataset:
    """The dataset with every value to be sealed sealed (the others untouched)."""
    out = replace(ds)
    for attr in _ATTRIBUTES:
        setattr(out, attr, [seal_record(r, cipher) for r in getattr(ds, attr)])
    return out


def open_record(record: T, cipher: FieldCipher) -> T:
    """A record read from the store with its sealed values opened; a token that belongs to
    another record or field is refused (StoreError)."""
    spec = SEALED.get(type(record))
    if spec is None:
        return record
    return _apply(record, spec[1], cipher.open_value)


def open_tree(value: Any, cipher: FieldCipher) -> Any:
    """Whatever an output holds (records, lists, dicts, lines of text), with every sealed value
    opened: a record's own fields checked against the record, other text opened as found.
    What holds no sealed value is returned as the same object."""
    if isinstance(value, str):
        return cipher.open_text(value)
    if isinstance(value, list | tuple):
        items = [open_tree(v, cipher) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        if isinstance(value, list):
            return items
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, dict):
        pairs = [(open_tree(k, cipher), open_tree(v, cipher)) for k, v in value.items()]
        if all(k is a and v is b for (k, v), (a, b) in zip(pairs, value.items(), strict=True)):
            return value
        return dict(pairs)
    if type(value) in SEALED:
        # sealing writes only a record's own sealed fields: nothing below them to open
        return open_record(value, cipher)
    if is_dataclass(value) and not isinstance(value, type):
        updates = {}
        for f in fields(value):
            if not f.init:
                continue
            current = getattr(value, f.name)
            opened = open_tree(current, cipher)
            if opened is not current:
                updates[f.name] = opened
        return replace(value, **updates) if updates else value
    return value
