"""Two editors change the same record: the second save, made from a form opened before the
first was saved, is refused with nothing written, instead of silently undoing the first
editor's change. Saves at the same moment take turns, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import func, select

from docket.errors import ValidationFailed
from docket.services import case_editing, editing
from docket.services.store import Store
from docket.storage.audit_tables import AuditEntryRow


def _entries(store: Store) -> int:
    with store.read() as conn:
        return int(conn.scalar(select(func.count()).select_from(AuditEntryRow)) or 0)


def _person(store: Store) -> str:
    return editing.save(
        store,
        "person",
        {"name": "Dana Fictional-Editova", "sensitivity": "internal", "occupation": "teacher"},
        actor="test",
    ).id


def test_a_save_from_a_stale_form_is_refused_and_writes_nothing(store: Store) -> None:
    pid = _person(store)
    opened = editing.version_of(editing.current(store, "person", pid))  # both editors open it
    editing.save(
        store, "person", {"occupation": "journalist"}, actor="first", record_id=pid, version=opened
    )
    entries = _entries(store)
    with pytest.raises(ValidationFailed, match="Someone else changed this record"):
        editing.save(
            store, "person", {"region": "Nowhere-Fictional"}, actor="second", record_id=pid,
            version=opened,
        )  # fmt: skip
    now = editing.current(store, "person", pid)
    assert now["occupation"] == "journalist", "the first editor's change is kept"
    assert not now.get("region"), "the second editor's change was not written"
    assert _entries(store) == entries, "no audit entry for the refused save"
    # opened again, the second editor's change goes through
    fresh = editing.version_of(now)
    assert fresh != opened
    editing.save(
        store, "person", {"region": "Nowhere-Fictional"}, actor="second", record_id=pid,
        version=fresh,
    )  # fmt: skip
    assert editing.current(store, "person", pid)["region"] == "Nowhere-Fictional"


def test_a_case_from_a_stale_form_is_refused(store: Store) -> None:
    pid = _person(store)
    source = editing.save(
        store, "source", {"kind": "report", "title": "A fictional report"}, actor="test"
    ).id
    case = {
        "title": "Fictional case of D. Editova",
        "sensitivity": "internal",
        "jurisdiction": "KZ",
        "defendants": [{"person": pid, "charges": [{"wording": "fictional charge"}]}],
        "sources": [{"source": source}],
    }
    cid = case_editing.save_case(store, case, actor="test").id
    opened = editing.version_of(case_editing.current_case(store, cid))
    case_editing.save_case(store, {"number": "F-1"}, actor="first", case_id=cid, version=opened)
    with pytest.raises(ValidationFailed, match="Someone else changed this record"):
        case_editing.save_case(
            store, {"number": "F-2"}, actor="second", case_id=cid, version=opened
        )
    assert case_editing.current_case(store, cid)["number"] == "F-1"


def test_saves_at_the_same_moment_take_turns(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both editors' saves start together, and each lingers after reading the record: without
    turns both would read it unchanged and both be written, the second undoing the first."""
    pid = _person(store)
    opened = editing.version_of(editing.current(store, "person", pid))
    load = editing._load

    def slow_load(*args: Any, **kwargs: Any) -> Any:
        found = load(*args, **kwargs)
        time.sleep(0.5)  # the other save has time to read too, if nothing makes it wait
        return found

    monkeypatch.setattr(editing, "_load", slow_load)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(actor: str, occupation: str) -> None:
        start.wait()
        try:
            editing.save(
                store, "person", {"occupation": occupation}, actor=actor, record_id=pid,
                version=opened,
            )  # fmt: skip
            outcomes[actor] = "saved"
        except ValidationFailed:
            outcomes[actor] = "refused"

    threads = [
        threading.Thread(target=save, args=(a, o)) for a, o in (("a", "lawyer"), ("b", "doctor"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    winner = next(a for a, o in outcomes.items() if o == "saved")
    expected = {"a": "lawyer", "b": "doctor"}[winner]
    assert editing.current(store, "person", pid)["occupation"] == expected
