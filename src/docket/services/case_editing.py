"""Add and edit cases (number, jurisdiction, courts, defendants and their charges) and the
relations between people, each in one transaction with its audit entry.

As in `services.editing`: a record comes in the dataset format, read by the dataset reader and
checked by `check_dataset` with references resolved against the store; a problem names its field
and nothing is written while one remains. After a case changes, the prosecutions of its
defendants are derived again. A relation is part of a person's record: adding one edits the
person (and is logged as an edit of the person).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import Any

from docket.domain.case import Case
from docket.domain.dataset import Dataset, DatasetInfo, check_dataset
from docket.errors import NotFound, Problem, ValidationFailed
from docket.interchange import records as readers
from docket.interchange.record_dicts import case_dict
from docket.names import fold
from docket.services import editing
from docket.services.field_sealing import seal_edit
from docket.services.store import Store
from docket.storage import account_queries, case_writes
from docket.storage import record_writes as w
from docket.storage.dataset_store import existing_ids


def current_case(store: Store, case_id: str) -> dict[str, Any]:
    """A stored case in the dataset format (what its edit form starts from)."""
    with store.read() as conn:
        found = case_writes.case_by_id(conn, case_id)
    if found is None:
        raise NotFound(f"No case with id '{case_id}'.")
    return case_dict(found)


def new_case_id(title: str) -> str:
    """A fresh id: a readable slug of the title and a random tail."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(title or "case")).strip("-")[:40] or "case"
    return f"case-{slug}-{secrets.token_hex(3)}"


def _uncharged(case: Case) -> list[Problem]:
    # A defendant is stored through their charges: one without any would vanish on saving.
    return [
        Problem(
            f"{d.person_id}: give at least one charge (an article, or the source's wording)",
            record=case.id,
            field="defendants.charges",
        )
        for d in case.defendants
        if not d.charges
    ]


def save_case(
    store: Store,
    changes: Mapping[str, Any],
    *,
    actor: str,
    case_id: str | None = None,
    version: str | None = None,
) -> editing.Saved:
    """Add a case (case_id None) or change one: `changes` overlays its stored fields;
    `version` as for `editing.save`.

    Raises ValidationFailed, writing nothing, while the case has a problem."""
    with store.write() as conn:
        account_queries.take_writers_turn(conn)
        before = case_writes.case_by_id(conn, case_id) if case_id else None
        if case_id and before is None:
            raise NotFound(f"No case with id '{case_id}'.")
        stored = case_dict(before) if before is not None else {}
        if before is not None:
            editing.check_version(stored, version)
        raw = {**stored, **changes}
        if case_id:
            raw["id"] = case_id
        elif not raw.get("id"):
            raw["id"] = new_case_id(str(raw.get("title") or ""))
        problems: list[Problem] = []
        case = readers.read_case(raw, editing.FORM, problems)
        ds = Dataset(DatasetInfo(w.LOCAL, "form"))
        ds.cases.append(case)
        problems += [
            p
            for p in check_dataset(
                ds, store.vocab, exists=lambda k, ids: existing_ids(conn, k, list(ids))
            )
            if p.record in (case.id, None)
        ]
        problems += _uncharged(case)
        if problems:
            raise ValidationFailed(problems)
        case = seal_edit(store, conn, "case", case)  # restricted values sealed (PostgreSQL)
        dataset = w.dataset_of(conn, "case", case.id) if before is not None else None
        if dataset is None:
            if before is None and existing_ids(conn, "case", [case.id]):
                raise ValidationFailed([Problem(f"the id '{case.id}' is taken", field="id")])
            w.ensure_local_dataset(conn)
            dataset = w.LOCAL
        case_writes.put_case(conn, case, dataset=dataset, exists=before is not None)
        editing.rederive_case(conn, case.id)
        entry = account_queries.append_audit(
            conn,
            {
                "at": editing._now(),
                "actor": actor,
                "action": "edit" if before is not None else "add",
                "record_type": "case",
                "record_id": case.id,
                "before": case_dict(before) if before is not None else None,
                "after": case_dict(case),
            },
        )
    return editing.Saved("case", case.id, entry.seq)


def add_relation(
    store: Store,
    person_id: str,
    relation: Mapping[str, Any],
    *,
    actor: str,
) -> editing.Saved:
    """Add a relation (`{kind, person, sources}`) to a person's record: checked like the whole
    record, written with it, logged as an edit of the person."""
    stored = editing.current(store, "person", person_id)
    relations = list(stored.get("relations") or [])
    relations.append(dict(relation))
    return editing.save(store, "person", {"relations": relations}, actor=actor, record_id=person_id)
