"""Evidence files on disk: under the data folder's `evidence/`, named by the SHA-256 of their
original bytes, written once and never changed.

When the store has a file key, each file is kept encrypted with AES-256-GCM (a random nonce per
file, the file's hash as associated data, so a file cannot be swapped for another under its
name); hashes are always of the original bytes, and reading decrypts and checks them.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from docket.domain.evidence import content_path
from docket.errors import DocketError, StoreError

MAGIC = b"DOCKET-EVIDENCE-AESGCM-1\n"
NONCE = 12


class FileMismatch(DocketError):
    """A stored evidence file is missing, altered, or cannot be decrypted."""

    exit_code = 7


@dataclass(frozen=True, slots=True)
class EvidenceFiles:
    root: Path
    key: bytes | None = None

    def path(self, sha256: str) -> Path:
        return self.root / content_path(sha256)

    def put(self, data: bytes) -> str:
        """Store bytes (once) and return their SHA-256; an existing file is left untouched."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.exists():
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        stored = data
        if self.key is not None:
            nonce = secrets.token_bytes(NONCE)
            stored = MAGIC + nonce + AESGCM(self.key).encrypt(nonce, data, sha.encode())
        tmp = target.with_name(f".{sha}.{secrets.token_hex(4)}.tmp")
        try:
            with open(tmp, "xb") as out:
                out.write(stored)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o444)  # noqa: S103 - read-only: evidence is never rewritten
            os.replace(tmp, target)
        except OSError as err:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"The evidence file could not be written: {err.strerror}") from err
        return sha

    def get(self, sha256: str) -> bytes:
        """The original bytes of a stored file; raises FileMismatch unless they hash right."""
        target = self.path(sha256)
        try:
            stored = target.read_bytes()
        except FileNotFoundError:
            raise FileMismatch(f"the file {sha256[:16]}… is missing") from None
        if stored.startswith(MAGIC):
            if self.key is None:
                raise FileMismatch(
                    f"the file {sha256[:16]}… is encrypted and this store has no key for it"
                )
            body = stored[len(MAGIC) :]
            try:
                data = AESGCM(self.key).decrypt(body[:NONCE], body[NONCE:], sha256.encode())
            except (InvalidTag, ValueError):
                raise FileMismatch(
                    f"the file {sha256[:16]}… was altered (it does not decrypt)"
                ) from None
        else:
            if self.key is not None:
                raise FileMismatch(f"the file {sha256[:16]}… should be encrypted and is not")
            data = stored
        if hashlib.sha256(data).hexdigest() != sha256:
            raise FileMismatch(f"the file {sha256[:16]}… was altered (its SHA-256 differs)")
        return data


def evidence_files(data_dir: Path, key: bytes | None) -> EvidenceFiles:
    if key is not None and len(key) != 32:
        raise StoreError("The store's file key must be 32 bytes.")
    return EvidenceFiles(data_dir / "evidence", key)
