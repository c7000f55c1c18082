"""`docket verify` and `docket checkpoint`: prove the record is what Docket wrote.

Every write transaction ends with one audit entry whose hash covers the hashes of the rows it
changed (storage.integrity_seal); `verify` recomputes the chain and the expected hash of every
row and compares them with the tables, then checks that the chain still extends every signed
checkpoint given (docs/integrity.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from docket.errors import NotFound
from docket.services.integrity_checkpoint import Checkpoint, read_checkpoint, read_public_key, sign
from docket.services.store import Store
from docket.storage import account_queries as aq
from docket.storage.integrity_check import Check, Finding, check_store
from docket.storage.integrity_seal import now, store_id

__all__ = ["Check", "Finding", "Verification", "make_checkpoint", "verify"]


@dataclass(slots=True)
class Verification:
    check: Check
    checkpoints: list[tuple[str, Checkpoint]] = field(default_factory=list)  # (file, checkpoint)
    findings: list[Finding] = field(default_factory=list)  # from the checkpoints
    untrusted: list[str] = field(default_factory=list)  # signers not among --trust keys

    @property
    def ok(self) -> bool:
        return self.check.ok and not self.findings

    def all_findings(self) -> list[Finding]:
        return [*self.findings, *self.check.findings]


def verify(
    store: Store, *, checkpoints: Sequence[Path] = (), trusted: Sequence[str] = ()
) -> Verification:
    """Check the chain, every covered table and the checkpoints; a signer whose key is not among
    `trusted` (public keys or .pub files) makes the checkpoint count as a finding."""
    read = [(str(p), read_checkpoint(p)) for p in checkpoints]
    keys = {read_public_key(t) for t in trusted}
    with store.read() as conn:
        check = check_store(conn)
        sid = store_id(conn)
        result = Verification(check, read)
        for name, cp in read:
            _against(conn, name, cp, sid, result)
    if keys:
        for name, cp in read:
            if cp.key not in keys:
                message = f"Checkpoint {name} is signed by '{cp.signer}', whose key is not trusted."
                result.findings.append(Finding("checkpoint-untrusted", message, cp.seq))
    else:
        result.untrusted = sorted({cp.signer for _, cp in read})
    return result


def _against(
    conn: Connection, name: str, cp: Checkpoint, sid: str | None, result: Verification
) -> None:
    if cp.store != sid:
        message = f"Checkpoint {name} was made for another store."
        result.findings.append(Finding("checkpoint-store", message, cp.seq))
        return
    entry = aq.audit_entry(conn, cp.seq) if cp.seq else None
    head = result.check.head_seq
    if cp.seq > head and entry is None:
        message = (
            f"The store has lost history: checkpoint {name} reached entry {cp.seq}, the chain "
            f"ends at {head} (an older copy restored, or the newest entries cut off)."
        )
        result.findings.append(Finding("checkpoint-behind", message, cp.seq))
    elif cp.seq and (entry is None or entry.hash != cp.hash):
        message = (
            f"The chain was rewritten: entry {cp.seq} is not the one checkpoint {name} signed."
        )
        result.findings.append(Finding("checkpoint-rewritten", message, cp.seq))


def make_checkpoint(store: Store, key: Path) -> Checkpoint:
    """Sign the chain's head with the key in `key` (run `verify` first: this signs what is
    there)."""
    with store.read() as conn:
        sid = store_id(conn)
        seq, head = aq.chain_head(conn)
    if sid is None:
        raise NotFound("This store has no id yet; open it with this version of Docket first.")
    return sign(key, store=sid, seq=seq, hash_=head, at=now())
