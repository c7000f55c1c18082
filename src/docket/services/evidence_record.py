"""What capture and import share: who is acting, the time, storing an item with its first
custody entry, and a trusted timestamp of its anchor file."""

from __future__ import annotations

import hashlib
import os
import threading
from datetime import UTC, datetime
from typing import Any

import httpx

from docket.domain.evidence import EvidenceItem
from docket.services.evidence_files import EvidenceFiles, evidence_files
from docket.services.evidence_timestamp import Stamped, request_timestamp
from docket.services.store import Store
from docket.storage import evidence_writes

# One writer at a time: captures run in threads, and SQLite takes one write transaction at once.
WRITE_LOCK = threading.Lock()


def now() -> str:
    """UTC, to the microsecond: two captures of a page in the same second stay in order."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def actor(store: Store) -> str:
    """Who is acting: the configured name, else the login name of this process."""
    if store.settings.capture.actor:
        return store.settings.capture.actor
    try:
        import pwd  # not on Windows

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError, AttributeError):
        return "unknown"


def files_of(store: Store) -> EvidenceFiles:
    return evidence_files(store.settings.data_dir, store.file_key)


def stamp(store: Store, data: bytes, client: httpx.Client | None = None) -> Stamped:
    if not store.settings.capture.tsa_url:
        return Stamped(None, "no timestamp authority is configured (DOCKET_TSA_URL)")
    own = client is None
    client = client or httpx.Client(trust_env=False, proxy=store.settings.capture.proxy)
    try:
        return request_timestamp(client, store.settings.capture, data)
    finally:
        if own:
            client.close()


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def first_entry(item: EvidenceItem) -> dict[str, Any]:
    """What the first custody entry records, so that later changes to the row show."""
    return {
        "method": item.method,
        "url": item.url,
        "final_url": item.final_url,
        "http_status": item.http_status,
        "captured_at": item.captured_at,
        "truncated": item.truncated,
        "files": {f.role: f.sha256 for f in item.files},
        "text_sha256": text_sha256(item.text),
        "timestamps": [t.digest_sha256 for t in item.timestamps],
    }


def save(store: Store, item: EvidenceItem, *, action: str, details: dict[str, Any]) -> None:
    """Write an item and its first custody entry, in one transaction."""
    with WRITE_LOCK, store.write() as conn:
        evidence_writes.insert_item(conn, item)
        evidence_writes.append_custody(
            conn,
            item.id,
            at=now(),
            action=action,
            actor=item.captured_by,
            details={**first_entry(item), **details},
        )


def log_access(store: Store, ids: list[str], *, action: str, details: dict[str, Any]) -> None:
    """Add an access (viewed, verified, exported) to each item's custody log."""
    if not ids:
        return
    who = actor(store)
    at = now()
    with WRITE_LOCK, store.write() as conn:
        for evidence_id in ids:
            evidence_writes.append_custody(
                conn, evidence_id, at=at, action=action, actor=who, details=details
            )
