"""Signed checkpoints of the audit chain's head (Ed25519), and the keys that sign them.

A checkpoint is a small JSON file: the store's id, the head entry's number and hash, the time,
the signer's name and public key, and the signature over all of them. Kept somewhere else (a
partner's machine, an e-mail), it lets `docket verify` prove that the store still extends it.
The private key file is written readable by its owner only; it never leaves the signer's machine.
"""

from __future__ import annotations

import base64
import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from docket.errors import Problem, ValidationFailed

FORMAT = "docket-checkpoint"
VERSION = 1
PUBLIC_PREFIX = "docket-ed25519"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    store: str
    seq: int
    hash: str
    at: str
    signer: str
    key: str  # the public key, base64 of its 32 bytes
    signature: str

    def body(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "store": self.store,
            "seq": self.seq,
            "hash": self.hash,
            "at": self.at,
            "signer": self.signer,
            "key": self.key,
        }

    def to_json(self) -> bytes:
        return orjson.dumps(
            {**self.body(), "signature": self.signature}, option=orjson.OPT_INDENT_2
        )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _message(body: dict[str, Any]) -> bytes:
    return orjson.dumps(body, option=orjson.OPT_SORT_KEYS)


def generate_key(path: Path, *, signer: str) -> Path:
    """Write a new private key to `path` (owner-only) and its public key beside it (.pub);
    returns the public key's path. Refuses to overwrite a key."""
    if not signer.strip() or not signer.isprintable() or len(signer) > 64:
        raise ValidationFailed([Problem("a signer's name needs 1 to 64 printable characters")])
    public_path = path.with_name(path.name + ".pub")
    for p in (path, public_path):
        if p.exists():
            raise ValidationFailed([Problem("a key is there already; keep it", file=str(p))])
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(signer.strip().encode() + b"\n" + pem)
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    public_path.write_text(f"{PUBLIC_PREFIX} {_b64(raw)} {signer.strip()}\n", "utf-8")
    return public_path


def _read_private(path: Path) -> tuple[str, Ed25519PrivateKey]:
    try:
        signer, _, pem = path.read_bytes().partition(b"\n")
        key = serialization.load_pem_private_key(pem, password=None)
    except (OSError, ValueError) as err:
        raise ValidationFailed(
            [Problem(f"is not a Docket signing key ({err})", file=str(path))]
        ) from err
    if not isinstance(key, Ed25519PrivateKey):
        raise ValidationFailed([Problem("is not an Ed25519 key", file=str(path))])
    return signer.decode().strip(), key


def sign(path: Path, *, store: str, seq: int, hash_: str, at: str) -> Checkpoint:
    signer, key = _read_private(path)
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    unsigned = Checkpoint(store, seq, hash_, at, signer, _b64(raw), "")
    return dataclasses.replace(unsigned, signature=_b64(key.sign(_message(unsigned.body()))))


def read_checkpoint(path: Path) -> Checkpoint:
    """A checkpoint file whose signature matches the key it names (trust is checked apart)."""
    try:
        data = orjson.loads(path.read_bytes())
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ValueError("not a Docket checkpoint")
        cp = Checkpoint(
            str(data["store"]),
            int(data["seq"]),
            str(data["hash"]),
            str(data["at"]),
            str(data["signer"]),
            str(data["key"]),
            str(data["signature"]),
        )
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(cp.key))
        public.verify(base64.b64decode(cp.signature), _message(cp.body()))
    except InvalidSignature as err:
        raise ValidationFailed(
            [Problem("its signature does not match: it was altered", file=str(path))]
        ) from err
    except (OSError, ValueError, KeyError, TypeError, orjson.JSONDecodeError) as err:
        raise ValidationFailed(
            [Problem(f"cannot be read as a checkpoint ({err})", file=str(path))]
        ) from err
    return cp


def read_public_key(value: str) -> str:
    """A trusted public key, given as its .pub file or as the base64 text: the base64 text."""
    path = Path(value)
    text = path.read_text("utf-8") if path.is_file() else value
    parts = text.split()
    b64 = parts[1] if len(parts) > 1 and parts[0] == PUBLIC_PREFIX else parts[0] if parts else ""
    try:
        raw = base64.b64decode(b64, validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as err:
        raise ValidationFailed(
            [Problem(f"is not an Ed25519 public key ({err})", field="--trust")]
        ) from err
    return _b64(raw)
