"""Evidence once stored: list it, show it (a logged access), and verify it: every file re-hashed
(and decrypted), every WARC's digests, every timestamp, every custody log's chain, and the item's
recorded hashes against its first custody entry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from docket.domain.evidence import (
    ORIGINAL,
    PAYLOAD,
    WARC,
    CustodyEntry,
    EvidenceItem,
    broken_links,
)
from docket.errors import NotFound
from docket.interchange.warc import check_warc
from docket.services.evidence_files import FileMismatch
from docket.services.evidence_record import files_of, first_entry, log_access
from docket.services.evidence_timestamp import check_timestamp
from docket.services.store import Store
from docket.storage import evidence_queries


@dataclass(slots=True)
class Verified:
    id: str
    files: int = 0
    bytes: int = 0
    timestamps: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def list_evidence(store: Store, *, source_id: str | None = None) -> list[EvidenceItem]:
    with store.read() as conn:
        return evidence_queries.list_items(conn, source_id=source_id)


def get_evidence(store: Store, evidence_id: str, *, log_as: str | None = None) -> EvidenceItem:
    """An item, or NotFound; LOG_AS names the access in its custody log (e.g. "viewed")."""
    with store.read() as conn:
        item = evidence_queries.find_item(conn, evidence_id)
    if item is None:
        raise NotFound(f"There is no evidence '{evidence_id}'.")
    if log_as:
        log_access(store, [item.id], action=log_as, details={})
    return item


def custody_of(store: Store, evidence_id: str) -> list[CustodyEntry]:
    get_evidence(store, evidence_id)
    with store.read() as conn:
        return evidence_queries.custody_log(conn, evidence_id)


def _is_warc(role: str, media: str | None) -> bool:
    return role == WARC or (role == ORIGINAL and media == "application/warc")


def _check_item(store: Store, item: EvidenceItem, log: Sequence[CustodyEntry]) -> Verified:
    files = files_of(store)
    out = Verified(item.id)
    warc_payloads: list[str] | None = None
    for f in item.files:
        try:
            data = files.get(f.sha256)
        except FileMismatch as err:
            out.problems.append(f"{f.role}: {err}")
            continue
        out.files += 1
        out.bytes += len(data)
        if len(data) != f.size:
            out.problems.append(f"{f.role}: its size differs from the size recorded")
        if _is_warc(f.role, f.media_type):
            problems, payloads = check_warc(data)
            out.problems += [f"{f.role}: {p}" for p in problems]
            if f.role == WARC:
                warc_payloads = payloads
    payload = item.file(PAYLOAD)
    # the WARC's digests were checked above, so its last response's digest is the page's hash
    if warc_payloads is not None and payload is not None and item.method == "captured":  # noqa: SIM102
        if not warc_payloads or warc_payloads[-1] != payload.sha256:
            out.problems.append("the page stored differs from the response in the WARC")
    for t in item.timestamps:
        out.timestamps += 1
        if not t.roots_pem.strip():
            out.warnings.append("timestamp kept, but no trusted certificate to check it against")
        if t.digest_sha256 != item.anchor.sha256:
            out.problems.append("the timestamp is of another file than the item's")
            continue
        problem = check_timestamp(t, t.digest_sha256) if t.roots_pem.strip() else None
        if problem:
            out.problems.append(f"timestamp: {problem}")
    if not item.timestamps:
        out.warnings.append("no trusted timestamp")
    out.problems += broken_links(log)
    if not log:
        out.problems.append("the custody log is empty")
    else:
        recorded = {k: log[0].details.get(k) for k in first_entry(item)}
        for key, value in first_entry(item).items():
            if recorded[key] != value:
                out.problems.append(f"'{key}' differs from what was recorded at {log[0].action}")
    return out


def verify_evidence(
    store: Store,
    ids: Sequence[str] | None = None,
    *,
    progress: Callable[[str, int], None] | None = None,
) -> list[Verified]:
    """Check every item (or those named): see the module's docstring. Records the check in
    each item's custody log."""
    with store.read() as conn:
        items = evidence_queries.list_items(conn, ids=list(ids) if ids else None)
        missing = sorted(set(ids or ()) - {i.id for i in items})
        if missing:
            raise NotFound(f"There is no evidence '{missing[0]}'.")
        logs = {i.id: evidence_queries.custody_log(conn, i.id) for i in items}
    results = []
    for item in items:
        result = _check_item(store, item, logs[item.id])
        results.append(result)
        if progress is not None:
            progress(item.id, result.bytes)
    for result in results:
        log_access(
            store,
            [result.id],
            action="verified",
            details={"ok": result.ok, "problems": result.problems[:20]},
        )
    return results
