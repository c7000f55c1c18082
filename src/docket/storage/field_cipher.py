"""Sealed values: restricted text stored as AES-256-GCM ciphertext (application-level encryption
of a PostgreSQL store, docs/security.md).

A sealed value is one printable token that takes the place of the text in its column:

    docket-sealed.v1.<label>.<nonce and ciphertext>

both parts base64url without padding. The label names the record kind, the record id and the
field the value belongs to; it is the associated data of the encryption, so a token changed,
or moved to another record or field, does not open as that record's value (`open_value` checks
the label against the record it is read for). The key is derived from the team's data key
(HKDF, "docket fields"); the data key itself is kept only wrapped (storage.field_keys).
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from docket.errors import StoreError
from docket.storage.keys import derive_subkey

FIELDS_KEY_INFO = b"docket fields"
PREFIX = "docket-sealed.v1."
_AAD = b"docket sealed field v1\x1f"
_SEP = "\x1f"
TOKEN = re.compile(r"docket-sealed\.v1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True, slots=True)
class Label:
    """Which value a token holds: the record's kind and id, and the field."""

    kind: str
    record_id: str
    field: str

    def encode(self) -> bytes:
        return _SEP.join((self.kind, self.record_id, self.field)).encode("utf-8")

    @classmethod
    def decode(cls, raw: bytes) -> Label:
        kind, rid, fld = raw.decode("utf-8").split(_SEP)
        return cls(kind, rid, fld)


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


class FieldCipher:
    """Seals and opens values under the key of one store. Never logs or prints a value.

    Made with the data key, or with `unlock`, called for it the first time a value is sealed or
    opened (so that reading something that holds no sealed value never asks for a passphrase).
    """

    __slots__ = ("_key", "_unlock")

    def __init__(
        self, data_key: bytes | None = None, *, unlock: Callable[[], bytes] | None = None
    ) -> None:
        self._key = AESGCM(derive_subkey(data_key, FIELDS_KEY_INFO)) if data_key else None
        self._unlock = unlock

    @property
    def _aead(self) -> AESGCM:
        if self._key is None:
            if self._unlock is None:
                raise StoreError("No key to seal or open values with.")
            self._key = AESGCM(derive_subkey(self._unlock(), FIELDS_KEY_INFO))
        return self._key

    def seal(self, label: Label, value: str) -> str:
        raw = label.encode()
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, value.encode("utf-8"), _AAD + raw)
        return f"{PREFIX}{_b64(raw)}.{_b64(nonce + sealed)}"

    def open_token(self, token: str) -> tuple[Label, str]:
        """The label and the text of one token; StoreError when it does not open."""
        match = TOKEN.fullmatch(token)
        if match is None:
            raise StoreError("A sealed value in the store is damaged: it is not a whole token.")
        try:
            raw = _unb64(match.group(1))
            body = _unb64(match.group(2))
            text = self._aead.decrypt(body[:12], body[12:], _AAD + raw).decode("utf-8")
            return Label.decode(raw), text
        except (InvalidTag, ValueError, UnicodeDecodeError):
            raise StoreError(
                "A sealed value in the store does not open with this store's key: it was "
                "changed or comes from another store. Run `docket verify`."
            ) from None

    def open_value(self, label: Label, value: str) -> str:
        """The text of a value read for `label` (a value that is not sealed is returned as it
        is); StoreError when the token belongs to another record or field."""
        if not is_sealed(value):
            return value
        found, text = self.open_token(value)
        if found != label:
            raise StoreError(
                f"The {label.field} of {label.kind} '{label.record_id}' holds a sealed value of "
                f"another record ({found.kind} '{found.record_id}'): the store was changed "
                "behind Docket's back. Run `docket verify`."
            )
        return text

    def open_text(self, text: str) -> str:
        """Every token inside a text opened (a figure's key, a line of a list)."""
        if PREFIX not in text:
            return text
        return TOKEN.sub(lambda m: self.open_token(m.group(0))[1], text)
