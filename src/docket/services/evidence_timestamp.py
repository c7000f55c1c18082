"""Trusted time for evidence: RFC 3161 timestamps of a file's SHA-256, asked of a timestamp
authority when one is configured, kept as the authority's signed answer and checked offline
against the certificates trusted when it was made."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import httpx
from cryptography import x509
from rfc3161_client import (
    HashAlgorithm,
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from docket.config import CaptureSettings
from docket.domain.evidence import Timestamp

KIND = "rfc3161"


@dataclass(frozen=True, slots=True)
class Stamped:
    timestamp: Timestamp | None
    why_not: str | None = None  # why there is no timestamp, for the monitor


def _roots(pem: str) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(pem.encode()) if pem.strip() else []


def read_roots(settings: CaptureSettings) -> str:
    if settings.tsa_roots is None:
        return ""
    try:
        pem = settings.tsa_roots.read_text("ascii")
        _roots(pem)
    except (OSError, ValueError) as err:
        raise ValueError(f"the timestamp authority's certificates cannot be read ({err})") from err
    return pem


def request_timestamp(client: httpx.Client, settings: CaptureSettings, data: bytes) -> Stamped:
    """Ask the configured authority to timestamp the SHA-256 of DATA (never the data itself)."""
    if not settings.tsa_url:
        return Stamped(None, "no timestamp authority is configured (DOCKET_TSA_URL)")
    try:
        roots = read_roots(settings)
    except ValueError as err:
        return Stamped(None, str(err))
    request = TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256).build()
    try:
        answer = client.post(
            settings.tsa_url,
            content=request.as_bytes(),
            headers={"Content-Type": "application/timestamp-query"},
            timeout=settings.timeout,
        )
    except httpx.HTTPError as err:
        return Stamped(None, f"the timestamp authority did not answer ({type(err).__name__})")
    if answer.status_code != 200:
        return Stamped(None, f"the timestamp authority answered HTTP {answer.status_code}")
    digest = hashlib.sha256(data).hexdigest()
    try:
        response = decode_timestamp_response(answer.content)
    except ValueError:
        return Stamped(None, "the timestamp authority's answer cannot be read")
    if response.tst_info.message_imprint.message != bytes.fromhex(digest):
        return Stamped(None, "the timestamp authority stamped another hash")
    if response.tst_info.nonce != request.nonce:
        return Stamped(None, "the timestamp authority's answer is not for this request")
    stamp = Timestamp(
        KIND,
        settings.tsa_url,
        digest,
        response.tst_info.gen_time.isoformat(),
        answer.content,
        roots,
    )
    problem = check_timestamp(stamp, digest) if roots else None
    if problem:
        return Stamped(None, f"the timestamp authority's answer does not verify: {problem}")
    return Stamped(stamp)


def check_timestamp(stamp: Timestamp, digest_sha256: str) -> str | None:
    """None when the token is a valid signature, by a trusted authority, over this digest;
    otherwise what is wrong. Works offline."""
    if stamp.kind != KIND:
        return f"unknown kind of timestamp '{stamp.kind}'"
    if stamp.digest_sha256 != digest_sha256:
        return "the timestamp is of another hash than the file's"
    try:
        response = decode_timestamp_response(stamp.token)
    except ValueError:
        return "the timestamp token cannot be read"
    roots = _roots(stamp.roots_pem)
    if not roots:
        if response.tst_info.message_imprint.message != bytes.fromhex(digest_sha256):
            return "the timestamp token is of another hash"
        return "no trusted certificate was recorded: the token's signature cannot be checked"
    try:
        builder = VerifierBuilder()
        for root in roots:
            builder = builder.add_root_certificate(root)
        builder.build().verify(response, bytes.fromhex(digest_sha256))
    except (VerificationError, ValueError) as err:
        return f"the timestamp does not verify ({err})"
    return None
