"""The audit trail: every write, who made it and when, the record before and after.

Entries form a hash chain (see storage.account_queries.entry_hash); `verify_chain` recomputes it,
so an entry edited or removed in the database shows up as the first broken link. `docket verify`
(services.integrity) checks more: the rows of the record against the chain, and checkpoints.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from docket.domain.dates import PartialDate, Term
from docket.errors import NotFound
from docket.services.store import Store
from docket.storage import account_queries as q
from docket.storage.account_queries import AuditData

__all__ = ["AuditData", "ChainCheck", "as_json", "get_entry", "history_of", "list_log"]


def as_json(record: object) -> Any:
    """A domain record as plain JSON: dates as written (2021-06, ../2021-10-26), no origin."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {
            f.name: as_json(getattr(record, f.name))
            for f in dataclasses.fields(record)
            if f.name != "origin"
        }
    if isinstance(record, (PartialDate, Term)):
        return str(record)
    if isinstance(record, (list, tuple)):
        return [as_json(item) for item in record]
    if isinstance(record, dict):
        return {str(k): as_json(v) for k, v in record.items()}
    return record


def sensitivity_of(entry: AuditData) -> str:
    """The sensitivity of the record an entry changed: the stricter of before and after, and
    `restricted` when the entry does not say (merges, imports, pairs): shown to editors only."""
    order = ("public", "internal", "restricted")
    found = [
        side.get("sensitivity", "restricted")
        for side in (entry.before, entry.after)
        if isinstance(side, dict)
    ]
    return max(found, key=lambda s: order.index(s) if s in order else 2, default="restricted")


def history_of(
    store: Store, record_type: str, record_id: str, *, limit: int = 100
) -> list[AuditData]:
    """A record's changes, newest first (records loaded from a dataset have none until edited)."""
    with store.read() as conn:
        return q.audit_entries(conn, record_type=record_type, record_ids=[record_id], limit=limit)


def history_of_many(
    store: Store, record_type: str, record_ids: list[str], *, limit: int = 200
) -> list[AuditData]:
    """The changes of several records of a kind, newest first."""
    if not record_ids:
        return []
    with store.read() as conn:
        return q.audit_entries(conn, record_type=record_type, record_ids=record_ids, limit=limit)


def list_log(
    store: Store,
    *,
    before_seq: int | None = None,
    limit: int = 50,
    visible: frozenset[str] | None = None,
) -> list[AuditData]:
    """The whole log, newest first, a page at a time; `visible` leaves out the changes to
    records of other sensitivities."""
    with store.read() as conn:
        entries = q.audit_entries(conn, before_seq=before_seq, limit=limit)
    if visible is None:
        return entries
    return [e for e in entries if sensitivity_of(e) in visible]


def get_entry(store: Store, seq: int) -> AuditData:
    with store.read() as conn:
        found = q.audit_entry(conn, seq)
    if found is None:
        raise NotFound(f"The audit log has no entry {seq}.")
    return found


@dataclass(frozen=True, slots=True)
class ChainCheck:
    entries: int
    broken_at: int | None  # the first entry whose hash or link does not match

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(store: Store) -> ChainCheck:
    """Recompute every hash of the audit chain, in order."""
    prev, count, after = q.GENESIS, 0, 0
    with store.read() as conn:
        while batch := q.audit_chain(conn, after_seq=after):
            for e in batch:
                body = q.entry_body(e)
                if e.prev_hash != prev or q.entry_hash(body, prev) != e.hash:
                    return ChainCheck(count, e.seq)
                prev, count, after = e.hash, count + 1, e.seq
    return ChainCheck(count, None)


def record(
    store: Store, *, actor: str, action: str, record_type: str, record_id: str, after: Any
) -> AuditData:
    """Append an entry for a write made by another service (an import, for instance)."""
    from datetime import UTC, datetime

    with store.write() as conn:
        return q.append_audit(
            conn,
            {
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "actor": actor,
                "action": action,
                "record_type": record_type,
                "record_id": record_id,
                "before": None,
                "after": after,
            },
        )
