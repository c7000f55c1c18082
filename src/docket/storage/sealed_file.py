"""A file sealed under a passphrase: a readable header, then AES-256-GCM chunks.

    DOCKET-BACKUP 1\\n
    {"format": "docket-backup", "version": 1, "kdf": {...}, ...}\\n
    (4-byte length, ciphertext) ...

The key is Argon2id(passphrase, a random salt in the header), so every file has its own key and
the chunk counter is a safe nonce. Every chunk is authenticated with the header (which cannot be
altered) and its position; the last chunk is marked, so a cut-off file is detected.
"""

from __future__ import annotations

import hashlib
import secrets
import struct
from dataclasses import dataclass
from typing import IO, Any

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from docket.errors import StoreError, WrongPassphrase
from docket.storage.keys import DEFAULT_PARAMS, Argon2Params, derive_key

MAGIC = b"DOCKET-BACKUP 1\n"
FORMAT = "docket-backup"
VERSION = 1
CHUNK = 1 << 20
_LENGTH = struct.Struct(">I")


# A tag over nothing, under a nonce no chunk uses: tells a wrong passphrase from a damaged file.
_CHECK_NONCE = b"\xff" * 12
_CHECK_AAD = b"docket backup key check"


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


@dataclass(frozen=True, slots=True)
class Opened:
    header: dict[str, Any]
    reader: SealedReader


class SealedWriter:
    """A write-only file object: what is written is sealed chunk by chunk."""

    def __init__(
        self,
        out: IO[bytes],
        passphrase: str,
        header: dict[str, Any],
        *,
        params: Argon2Params = DEFAULT_PARAMS,
    ) -> None:
        salt = secrets.token_bytes(16)
        key = derive_key(passphrase, salt, params)
        check = AESGCM(key).encrypt(_CHECK_NONCE, b"", _CHECK_AAD)
        full = {
            "format": FORMAT,
            "version": VERSION,
            "cipher": "AES-256-GCM",
            "chunk_size": CHUNK,
            "kdf": {"name": "argon2id", "salt": salt.hex(), **params.as_dict()},
            "key_check": check.hex(),
            **header,
        }
        head = MAGIC + orjson.dumps(full) + b"\n"
        out.write(head)
        self._aead = AESGCM(key)
        self._aad = hashlib.sha256(head).digest()
        self._out = out
        self._buffer = bytearray()
        self._index = 0
        self._closed = False

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._index, last), plain, self._aad)
        self._out.write(_LENGTH.pack(len(sealed)) + sealed)
        self._index += 1

    def close(self) -> None:
        """Seal what is left as the last chunk (the file is incomplete without it)."""
        if not self._closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True

    def flush(self) -> None:
        """Nothing to flush before close: chunks are sealed whole."""


def read_header(src: IO[bytes]) -> tuple[bytes, dict[str, Any]]:
    """The raw header bytes and the header; StoreError if this is not a Docket backup."""
    magic = src.read(len(MAGIC))
    if magic != MAGIC:
        raise StoreError("This is not a Docket backup file (or a version this Docket cannot read).")
    line = src.readline(1 << 16)
    try:
        header = orjson.loads(line)
        if header.get("format") != FORMAT or header.get("version") != VERSION:
            raise ValueError("unknown format or version")
    except (ValueError, AttributeError) as err:
        raise StoreError(f"The backup's header is damaged: {err}") from None
    return magic + line, header


class SealedReader:
    """A read-only file object over the sealed chunks; every chunk is checked as it is read."""

    def __init__(self, src: IO[bytes], head: bytes, header: dict[str, Any], passphrase: str):
        try:
            kdf = header["kdf"]
            params = Argon2Params(
                int(kdf["time_cost"]), int(kdf["memory_cost"]), int(kdf["parallelism"])
            )
            salt = bytes.fromhex(kdf["salt"])
            check = bytes.fromhex(header["key_check"])
        except (KeyError, TypeError, ValueError) as err:
            raise StoreError(f"The backup's header is damaged: {err}") from None
        self._aead = AESGCM(derive_key(passphrase, salt, params))
        try:
            self._aead.decrypt(_CHECK_NONCE, check, _CHECK_AAD)
        except InvalidTag:
            raise WrongPassphrase("Wrong passphrase: it does not open this backup.") from None
        self._aad = hashlib.sha256(head).digest()
        self._src = src
        self._index = 0
        self._buffer = b""
        self._pos = 0
        self._done = False

    def _next_chunk(self) -> None:
        raw = self._src.read(_LENGTH.size)
        if len(raw) < _LENGTH.size:
            raise StoreError("The backup file is cut short: its end is missing.")
        (size,) = _LENGTH.unpack(raw)
        sealed = self._src.read(size)
        if len(sealed) < size:
            raise StoreError("The backup file is cut short: its end is missing.")
        for last in (False, True):
            try:
                plain = self._aead.decrypt(_nonce(self._index, last), sealed, self._aad)
            except InvalidTag:
                continue
            self._index += 1
            self._buffer = self._buffer[self._pos :] + plain
            self._pos = 0
            if last:
                self._done = True
                if self._src.read(1):
                    raise StoreError("The backup file has data after its end: it was altered.")
            return
        raise StoreError(f"The backup file is damaged or altered (chunk {self._index + 1}).")

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) - self._pos < size):
            self._next_chunk()
        end = len(self._buffer) if size < 0 else min(len(self._buffer), self._pos + size)
        piece = self._buffer[self._pos : end]
        self._pos = end
        return piece


def open_sealed(src: IO[bytes], passphrase: str) -> Opened:
    head, header = read_header(src)
    return Opened(header, SealedReader(src, head, header, passphrase))
