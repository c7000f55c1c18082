"""Add and edit one record at a time (people, sources, events, recognitions, claims) and merge
duplicate people, each in one transaction with its audit entry.

A record comes in as a mapping in the dataset format (docs/data-format.md), read by the same
readers and checked by the same `check_dataset` as a loaded dataset, with references resolved
against the store: a problem names its field, and nothing is written while one remains. After an
event changes, the status spans of every person it concerns and the prosecutions of its case are
derived again. Records made here belong to dataset `local`; an edited record keeps its dataset
(so loading that dataset again replaces the edit; the audit log keeps it).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from docket.domain.dataset import Dataset, DatasetInfo, check_dataset
from docket.domain.event import Event
from docket.domain.person import Name
from docket.domain.prosecution import derive_prosecutions
from docket.domain.source import Origin
from docket.domain.status import derive_spans, subject_events
from docket.errors import Conflict, NotFound, Problem, ValidationFailed
from docket.interchange import records as readers
from docket.names import fold
from docket.services.field_sealing import refuse_sealed_merge, seal_edit
from docket.services.record_shape import raw_of
from docket.services.store import Store
from docket.storage import account_queries, browse_queries, people_queries
from docket.storage import record_writes as w
from docket.storage.dataset_store import existing_ids, replace_spans

FORM = Origin("form")


@dataclass(frozen=True, slots=True)
class Saved:
    kind: str
    id: str
    seq: int  # the audit entry that records the change


@dataclass(frozen=True, slots=True)
class _Kind:
    reader: Callable[[Any, Origin, list[Problem]], Any]
    attribute: str  # in Dataset
    put: Callable[..., None]
    prefix: str


KINDS: dict[str, _Kind] = {
    "person": _Kind(readers.read_person, "people", w.put_person, "p"),
    "source": _Kind(readers.read_source, "sources", w.put_source, "src"),
    "event": _Kind(readers.read_event, "events", w.put_event, "ev"),
    "recognition": _Kind(readers.read_recognition, "recognitions", w.put_recognition, "rec"),
    "claim": _Kind(readers.read_claim, "claims", w.put_claim, "claim"),
}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_id(kind: str, label: str) -> str:
    """A fresh id: a readable slug of the name or title and a random tail."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(label or kind)).strip("-")[:40] or kind
    return f"{KINDS[kind].prefix}-{slug}-{secrets.token_hex(3)}"


def current(store: Store, kind: str, record_id: str) -> dict[str, Any]:
    """A stored record as a dataset-format mapping (what an edit form starts from)."""
    with store.read() as conn:
        record = _load(conn, kind, record_id)
    if record is None:
        raise NotFound(f"No {kind} with id '{record_id}'.")
    return raw_of(record)


def _load(conn: Connection, kind: str, record_id: str) -> Any:
    if kind == "person":
        person = people_queries.people_by_ids(conn, [record_id]).get(record_id)
        if person is None:
            return None
        affiliations, relations = people_queries.person_links(conn, record_id)
        own = tuple(r for r in relations if not r.inverse)
        return person.__class__(
            **{
                **{k: getattr(person, k) for k in person.__slots__ if k != "origin"},
                "affiliations": tuple(affiliations),
                "relations": own,
            }
        )
    if kind == "event":
        found = people_queries.events_where(conn, [record_id])
        return found[0] if found else None
    if kind == "source":
        return w.source_by_id(conn, record_id)
    if kind == "recognition":
        return w.recognition_by_id(conn, record_id)
    if kind == "claim":
        return w.claim_by_id(conn, record_id)
    raise NotFound(f"Records of kind '{kind}' cannot be edited here.")


def version_of(stored: Mapping[str, Any]) -> str:
    """A digest of a stored record as its edit form starts from it (`current`): the form sends
    it back, and a save from a form whose record changed since is refused (`check_version`)."""
    canonical = json.dumps(stored, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def check_version(stored: Mapping[str, Any], version: str | None) -> None:
    """Refuse a change made from a form opened before someone else changed the record: saving
    it would silently undo their change. (None: the caller opened no form.)"""
    if version is not None and version != version_of(stored):
        raise ValidationFailed(
            [
                Problem(
                    "Someone else changed this record after you opened this form. Nothing was "
                    "saved: open the record again to see their change, then make yours."
                )
            ]
        )


def save(
    store: Store,
    kind: str,
    changes: Mapping[str, Any],
    *,
    actor: str,
    record_id: str | None = None,
    version: str | None = None,
) -> Saved:
    """Add a record (record_id None) or change one: `changes` overlays its stored fields.
    `version` (`version_of` the record the form was opened on) refuses the change when the
    record changed since.

    Raises ValidationFailed with one problem per field, and writes nothing, while the record
    has a problem."""
    spec = KINDS.get(kind)
    if spec is None:
        raise NotFound(f"Records of kind '{kind}' cannot be edited here.")
    with store.write() as conn:
        account_queries.take_writers_turn(conn)  # what is read next cannot change before commit
        before = _load(conn, kind, record_id) if record_id else None
        if record_id and before is None:
            raise NotFound(f"No {kind} with id '{record_id}'.")
        stored = raw_of(before) if before is not None else {}
        if before is not None:
            check_version(stored, version)
        raw = {**stored, **_keep_name_details(stored, changes)}
        if record_id:
            raw["id"] = record_id
        elif not raw.get("id"):
            raw["id"] = new_id(kind, str(raw.get("name") or raw.get("title") or raw.get("kind")))
        problems: list[Problem] = []
        record = spec.reader(raw, FORM, problems)
        problems += _check(store, conn, kind, record, before)
        if problems:
            raise ValidationFailed(problems)
        record = seal_edit(store, conn, kind, record)  # restricted values sealed (PostgreSQL)
        dataset = w.dataset_of(conn, kind, record.id) if before is not None else None
        if dataset is None:
            if before is None and existing_ids(conn, kind, [record.id]):
                raise ValidationFailed([Problem(f"the id '{record.id}' is taken", field="id")])
            w.ensure_local_dataset(conn)
            dataset = w.LOCAL
        spec.put(conn, record, dataset=dataset, exists=before is not None)
        if kind == "event":
            _derive_after_event(store, conn, [record] + ([before] if before else []))
        entry = account_queries.append_audit(
            conn,
            {
                "at": _now(),
                "actor": actor,
                "action": "edit" if before is not None else "add",
                "record_type": kind,
                "record_id": record.id,
                "before": raw_of(before) if before is not None else None,
                "after": raw_of(record),
            },
        )
    return Saved(kind, record.id, entry.seq)


def _keep_name_details(stored: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """Names given as plain text keep the kind, script and language stored for them."""
    out = dict(changes)
    known = {n["value"]: n for n in stored.get("names", []) if isinstance(n, dict)}
    if isinstance(changes.get("names"), list):
        out["names"] = [known.get(n, n) if isinstance(n, str) else n for n in changes["names"]]
    return out


def _check(store: Store, conn: Connection, kind: str, record: Any, before: Any) -> list[Problem]:
    """The dataset checks for one record; for an event also its chronology against the
    stored events and birth dates of the people it concerns."""
    ds = Dataset(DatasetInfo(w.LOCAL, "form"))
    getattr(ds, KINDS[kind].attribute).append(record)
    if kind == "event":
        people = sorted({p.person_id for p in record.parties if p.person_id})
        stored = people_queries.people_by_ids(conn, people)
        ds.people.extend(stored.values())
        others = {i for pid in stored for i in people_queries.event_ids_of_person(conn, pid)}
        others.discard(record.id)
        ds.events.extend(people_queries.events_where(conn, sorted(others)))

    def exists(k: str, ids: Any) -> set[str]:
        return existing_ids(conn, k, list(ids))

    return [
        p for p in check_dataset(ds, store.vocab, exists=exists) if p.record in (record.id, None)
    ]


def _derive_after_event(store: Store, conn: Connection, versions: list[Event]) -> None:
    """Status spans of everyone the event (old and new version) concerns, and the
    prosecutions of its case(s), derived again from the stored events."""
    people = sorted({pid for e in versions for pid in e.people()})
    spans = {}
    for pid in people:
        events = people_queries.events_where(conn, people_queries.event_ids_of_person(conn, pid))
        spans[pid] = derive_spans(subject_events(events, pid), store.vocab)
    replace_spans(conn, spans)
    for case_id in sorted({e.case_id for e in versions if e.case_id}):
        rederive_case(conn, case_id)


def rederive_case(conn: Connection, case_id: str) -> None:
    case = w.case_with_defendants(conn, case_id)
    if case is None:
        return
    events = people_queries.events_where(conn, browse_queries.event_ids_of_case(conn, case_id))
    w.replace_prosecutions(conn, case_id, derive_prosecutions([case], events))


def rederive_person(store: Store, conn: Connection, person_id: str) -> None:
    events = people_queries.events_where(conn, people_queries.event_ids_of_person(conn, person_id))
    replace_spans(conn, {person_id: derive_spans(subject_events(events, person_id), store.vocab)})
    for case_id in w.case_ids_of_person(conn, person_id):
        rederive_case(conn, case_id)


def merge_people(store: Store, *, keep: str, merge: str, actor: str) -> Saved:
    """Merge person `merge` into `keep`: every event, charge, recognition, relation, post and
    citation of `merge` now refers to `keep`, which gains its names; `merge` is removed. The
    audit entry keeps both records and the rows moved, so `undo_merge` can restore them."""
    if keep == merge:
        raise ValidationFailed([Problem("a person cannot be merged with themself", field="merge")])
    with store.write() as conn:
        found = people_queries.people_by_ids(conn, [keep, merge])
        for pid in (keep, merge):
            if pid not in found:
                raise NotFound(f"No person with id '{pid}'.")
        kept_before = _load(conn, "person", keep)
        merged = _load(conn, "person", merge)
        refuse_sealed_merge(store, kept_before, merged)  # sealed names are bound to their person
        dataset = w.dataset_of(conn, "person", merge)
        browse_queries.settle_candidate(conn, keep, merge, "merged")
        moved = w.repoint_person(conn, merge, keep)
        known = {n.value for n in kept_before.names}
        extra = [
            Name(n.value, "variant" if n.kind == "primary" else n.kind, n.script, n.lang)
            for n in merged.names
            if n.value not in known
        ]
        kept_after = people_queries.people_by_ids(conn, [keep])[keep]
        kept_after = replace(
            kept_before,
            names=kept_before.names + tuple(extra),
            citations=kept_after.citations,
        )
        affiliations, relations = people_queries.person_links(conn, keep)
        kept_after = replace(
            kept_after,
            affiliations=tuple(affiliations),
            relations=tuple(r for r in relations if not r.inverse),
        )
        w.add_names(conn, keep, extra, start=len(kept_before.names))
        w.refresh_person_search(conn, kept_after)
        replace_spans(conn, {merge: []})
        w.delete_person(conn, merge)
        rederive_person(store, conn, keep)
        entry = account_queries.append_audit(
            conn,
            {
                "at": _now(),
                "actor": actor,
                "action": "merge",
                "record_type": "person",
                "record_id": keep,
                "before": {"kept": raw_of(kept_before), "merged": raw_of(merged)},
                "after": {
                    "kept": raw_of(kept_after),
                    "merged_id": merge,
                    "merged_dataset": dataset,
                    "moved": moved,
                    "names_added": len(extra),
                },
            },
        )
    return Saved("person", keep, entry.seq)


def undo_merge(store: Store, seq: int, *, actor: str) -> Saved:
    """Restore the person a merge removed, and move their references back."""
    with store.write() as conn:
        entry = account_queries.audit_entry(conn, seq)
        if entry is None or entry.action != "merge":
            raise NotFound(f"Audit entry {seq} is not a merge.")
        keep = entry.record_id
        after = entry.after
        problems: list[Problem] = []
        merged = readers.read_person(entry.before["merged"], FORM, problems)
        if problems:
            raise ValidationFailed(problems)
        if existing_ids(conn, "person", [merged.id]):
            raise Conflict(
                f"'{merged.id}' exists again: this merge has been undone already, "
                "or the person was loaded again."
            )
        w.ensure_local_dataset(conn)
        bare = replace(merged, affiliations=(), relations=(), citations=())  # moved back below
        dataset = after.get("merged_dataset") or w.LOCAL
        w.put_person(conn, bare, dataset=dataset, exists=False)
        w.restore_person_refs(conn, after["moved"], merged.id)
        w.drop_names(conn, keep, int(after.get("names_added", 0)))
        kept = _load(conn, "person", keep)
        w.refresh_person_search(conn, kept)
        rederive_person(store, conn, keep)
        rederive_person(store, conn, merged.id)
        entry = account_queries.append_audit(
            conn,
            {
                "at": _now(),
                "actor": actor,
                "action": "unmerge",
                "record_type": "person",
                "record_id": merged.id,
                "before": None,
                "after": {"restored": raw_of(_load(conn, "person", merged.id)), "merge_seq": seq},
            },
        )
    return Saved("person", merged.id, entry.seq)


def dismiss_duplicate(store: Store, a: str, b: str, *, actor: str) -> Saved:
    """Record that two people with similar names are different people."""
    first, second = sorted((a, b))
    with store.write() as conn:
        browse_queries.settle_candidate(conn, first, second, "distinct")
        entry = account_queries.append_audit(
            conn,
            {
                "at": _now(),
                "actor": actor,
                "action": "not_duplicate",
                "record_type": "person_pair",
                "record_id": f"{first}|{second}",
                "before": None,
                "after": {"people": [first, second]},
            },
        )
    return Saved("person_pair", f"{first}|{second}", entry.seq)
