"""Evidence: captured web pages and documents, their hashes, timestamps and chain of custody.

Pure: what an evidence item is, how its files are named (by the SHA-256 of their bytes), how a
custody log is chained, what a live check of a cited page concludes, and what an exported
package's manifest says. Capturing, storing and hashing files happen in the services.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# What a file of an evidence item is.
WARC = "warc"  # request and response records, as fetched (captures) or as imported
PAYLOAD = "payload"  # the page or document as it came, without HTTP headers
ORIGINAL = "original"  # a file imported as it was given (PDF, WACZ, WARC)
FILE_ROLES = (WARC, PAYLOAD, ORIGINAL)

# How an evidence item came to Docket.
CAPTURED = "captured"
IMPORTED = "imported"

# What a live check of a cited address found.
ALIVE = "alive"  # answers as before (or was never captured to compare)
REDIRECTS = "redirects"  # answers at another address
CHANGED = "changed"  # answers, but its text differs from the newest capture
GONE = "gone"  # does not answer, or answers 404/410 (or another error)
CHECK_STATES = (ALIVE, REDIRECTS, CHANGED, GONE)


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    role: str
    sha256: str  # of the original bytes, whether or not the file is stored encrypted
    size: int
    media_type: str | None = None
    name: str | None = None  # the name it was imported under, when it was imported


@dataclass(frozen=True, slots=True)
class Timestamp:
    """A trusted timestamp of a digest: an RFC 3161 token and what is needed to check it."""

    kind: str  # "rfc3161"
    authority: str  # the timestamp authority's address
    digest_sha256: str  # what was timestamped (the WARC's or the original file's SHA-256)
    time: str | None  # the authority's time, ISO 8601 UTC
    token: bytes  # the authority's response, as it came (DER)
    roots_pem: str = ""  # the trusted certificates the token was checked against at capture


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    id: str
    method: str  # CAPTURED or IMPORTED
    url: str | None
    final_url: str | None
    http_status: int | None
    captured_at: str  # ISO 8601 UTC
    captured_by: str
    media_type: str | None
    title: str | None
    text: str
    source_id: str | None = None
    truncated: bool = False  # the response was larger than the size limit
    note: str | None = None
    files: tuple[EvidenceFile, ...] = ()
    timestamps: tuple[Timestamp, ...] = ()

    def file(self, role: str) -> EvidenceFile | None:
        return next((f for f in self.files if f.role == role), None)

    @property
    def anchor(self) -> EvidenceFile:
        """The file whose hash the item's id and timestamp rest on."""
        found = self.file(WARC) or self.file(ORIGINAL) or self.file(PAYLOAD)
        if found is None:
            raise ValueError(f"evidence {self.id} has no file")
        return found


@dataclass(frozen=True, slots=True)
class CustodyEntry:
    """One line of an item's chain of custody; each line's hash covers the one before it."""

    evidence_id: str
    seq: int
    at: str
    action: str  # captured, imported, viewed, verified, exported
    actor: str
    details: Mapping[str, Any] = field(default_factory=dict)
    prev_hash: str = ""
    entry_hash: str = ""


@dataclass(frozen=True, slots=True)
class CheckResult:
    url: str
    state: str
    checked_at: str
    http_status: int | None = None
    final_url: str | None = None
    text_sha256: str | None = None
    evidence_id: str | None = None  # the capture compared with
    detail: str = ""
    source_ids: tuple[str, ...] = ()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def evidence_id(anchor_sha256: str) -> str:
    """Evidence ids name the hash of the file they rest on, so an id cannot be reused."""
    return "ev-" + anchor_sha256[:20]


def content_path(sha256: str) -> str:
    """Where a file lives under the evidence folder, relative: named by its hash."""
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def chain_hash(entry: CustodyEntry) -> str:
    """The hash of an entry: its fields and the previous entry's hash."""
    body = {
        "evidence_id": entry.evidence_id,
        "seq": entry.seq,
        "at": entry.at,
        "action": entry.action,
        "actor": entry.actor,
        "details": dict(entry.details),
        "prev_hash": entry.prev_hash,
    }
    return sha256_hex(canonical_json(body))


def broken_links(entries: Sequence[CustodyEntry]) -> list[str]:
    """Problems in a custody log: entries whose hash or link to the one before is wrong."""
    problems = []
    prev = ""
    for i, e in enumerate(entries, start=1):
        if e.seq != i:
            problems.append(f"custody entry {i} is numbered {e.seq}")
        if e.prev_hash != prev:
            problems.append(f"custody entry {e.seq} does not follow entry {e.seq - 1}")
        if chain_hash(e) != e.entry_hash:
            problems.append(f"custody entry {e.seq} ({e.action}) was altered")
        prev = e.entry_hash
    return problems


def normalise_text(text: str) -> str:
    """Text as compared between captures: whitespace folded, so layout does not count."""
    return " ".join(text.split())


def judge_check(
    *,
    url: str,
    status: int | None,
    final_url: str | None,
    text: str | None,
    captured_text: str | None,
    error: str | None = None,
) -> tuple[str, str]:
    """(state, why) for a live check of an address, against the newest capture's text."""
    if error is not None or status is None:
        return GONE, error or "no answer"
    if status in (404, 410) or status >= 400:
        return GONE, f"answers HTTP {status}"
    if final_url and final_url.rstrip("/") != url.rstrip("/"):
        return REDIRECTS, f"now at {final_url}"
    if captured_text is None:
        return ALIVE, "answers; never captured, nothing to compare"
    if normalise_text(text or "") != normalise_text(captured_text):
        return CHANGED, "the text differs from the newest capture"
    return ALIVE, "answers with the text captured"


def describe(item: EvidenceItem) -> dict[str, Any]:
    """What was captured, from where, when and by whom: the fields every listing shows."""
    return {
        "id": item.id,
        "method": item.method,
        "source_id": item.source_id,
        "url": item.url,
        "final_url": item.final_url,
        "http_status": item.http_status,
        "captured_at": item.captured_at,
        "captured_by": item.captured_by,
        "media_type": item.media_type,
        "title": item.title,
        "truncated": item.truncated,
    }


def manifest(
    items: Iterable[EvidenceItem],
    custody: Mapping[str, Sequence[CustodyEntry]],
    *,
    exported_at: str,
    exported_by: str,
) -> dict[str, Any]:
    """What an exported package holds: every item, its files by hash, its custody log."""
    out = []
    for item in items:
        out.append(
            {
                **describe(item),
                "files": [
                    {
                        "role": f.role,
                        "sha256": f.sha256,
                        "size": f.size,
                        "media_type": f.media_type,
                        "path": package_path(f),
                    }
                    for f in item.files
                ],
                "timestamps": [
                    {
                        "kind": t.kind,
                        "authority": t.authority,
                        "digest_sha256": t.digest_sha256,
                        "time": t.time,
                        "path": f"timestamps/{t.digest_sha256}.tsr",
                    }
                    for t in item.timestamps
                ],
                "custody": [
                    {
                        "seq": e.seq,
                        "at": e.at,
                        "action": e.action,
                        "actor": e.actor,
                        "details": dict(e.details),
                        "prev_hash": e.prev_hash,
                        "entry_hash": e.entry_hash,
                    }
                    for e in custody.get(item.id, ())
                ],
            }
        )
    return {
        "format": "docket-evidence-package/1",
        "exported_at": exported_at,
        "exported_by": exported_by,
        "hash": "sha256",
        "items": out,
    }


_SUFFIX = {
    "application/pdf": ".pdf",
    "text/html": ".html",
    "text/plain": ".txt",
    "application/warc": ".warc.gz",
    "application/wacz": ".wacz",
}


def package_path(f: EvidenceFile) -> str:
    """A file's place in an exported package: named by its hash, typed by its suffix."""
    if f.role == WARC:
        suffix = ".warc.gz"
    else:
        suffix = _SUFFIX.get((f.media_type or "").split(";")[0].strip(), ".bin")
    return f"files/{f.sha256}{suffix}"
