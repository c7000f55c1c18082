"""WARC files: write the request and response records of a capture, read the responses of a
WARC or WACZ made elsewhere, and check every record's digests as `warcio check` does.

Digests are SHA-256 (in WARC's base32 form), so a response's WARC-Payload-Digest is the same
hash Docket records for the page, in another spelling.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.utils import Digester  # type: ignore[import-untyped]
from warcio.warcwriter import BufferWARCWriter  # type: ignore[import-untyped]

from docket.domain.evidence import sha256_hex

# Docket stores a body after HTTP/1.1 chunked transfer coding is undone, so that header is kept
# under another name: the record then says what came, and readers do not try to de-chunk.
_RENAMED = {"transfer-encoding": "X-Docket-Original-Transfer-Encoding"}


class WarcError(Exception):
    """A WARC or WACZ file that cannot be read."""


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP request and its response, as fetched."""

    url: str
    method: str
    request_headers: Sequence[tuple[str, str]]
    http_version: str
    status: int
    reason: str
    response_headers: Sequence[tuple[str, str]]
    body: bytes
    truncated: bool = False
    ip_address: str | None = None


@dataclass(frozen=True, slots=True)
class WarcResponse:
    """A response record read from a WARC."""

    url: str
    date: str
    status: int | None
    media_type: str | None
    payload: bytes
    payload_sha256: str


class _Sha256Writer(BufferWARCWriter):  # type: ignore[misc]
    @staticmethod
    def _create_digester() -> Digester:
        return Digester("sha256")


def sha256_b32(data: bytes) -> str:
    """A SHA-256 as WARC headers spell it."""
    return "sha256:" + base64.b32encode(hashlib.sha256(data).digest()).decode()


def _request_path(url: str) -> str:
    rest = url.split("://", 1)[-1]
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else "/"


def build_warc(exchanges: Sequence[Exchange], *, warc_date: str, info: dict[str, str]) -> bytes:
    """A gzipped WARC: a warcinfo record, then a response and its request per exchange."""
    writer = _Sha256Writer(gzip=True)
    writer.write_record(
        writer.create_warcinfo_record("capture.warc.gz", info),
    )
    for ex in exchanges:
        headers = [(_RENAMED.get(k.lower(), k), v) for k, v in ex.response_headers]
        http = StatusAndHeaders(
            f"{ex.status} {ex.reason}".strip(), headers, protocol=ex.http_version
        )
        warc_headers = {"WARC-Date": warc_date}
        if ex.truncated:
            warc_headers["WARC-Truncated"] = "length"
        if ex.ip_address:
            warc_headers["WARC-IP-Address"] = ex.ip_address
        response = writer.create_warc_record(
            ex.url,
            "response",
            payload=io.BytesIO(ex.body),
            length=None,
            http_headers=http,
            warc_headers_dict=warc_headers,
        )
        req_http = StatusAndHeaders(
            f"{ex.method} {_request_path(ex.url)} {ex.http_version}",
            list(ex.request_headers),
            is_http_request=True,
        )
        request = writer.create_warc_record(
            ex.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=req_http,
            warc_headers_dict={
                "WARC-Date": warc_date,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        writer.write_record(response)
        writer.write_record(request)
    return bytes(writer.get_contents())


def _records(data: bytes, *, check: bool) -> Iterator[Any]:
    try:
        yield from ArchiveIterator(io.BytesIO(data), check_digests=check)
    except ArchiveLoadFailed as err:
        raise WarcError(f"not a WARC file that can be read ({err})") from err


def read_responses(data: bytes) -> list[WarcResponse]:
    """Every response record, with its payload as stored."""
    out = []
    for record in _records(data, check=False):
        if record.rec_type != "response":
            continue
        payload = record.raw_stream.read()
        http = record.http_headers
        status = None
        media = None
        if http is not None:
            code = (http.get_statuscode() or "").strip()
            status = int(code) if code.isdigit() else None
            media = http.get_header("Content-Type")
        out.append(
            WarcResponse(
                record.rec_headers.get_header("WARC-Target-URI") or "",
                record.rec_headers.get_header("WARC-Date") or "",
                status,
                media,
                payload,
                sha256_hex(payload),
            )
        )
    return out


def digest_problems(data: bytes) -> list[str]:
    """Records whose stated digests do not match their bytes (what `warcio check` reports)."""
    return check_warc(data)[0]


def check_warc(data: bytes) -> tuple[list[str], list[str]]:
    """(problems, the stated payload SHA-256 of each response, hex) in one pass: the digests
    are checked as `warcio check` does, so a stated digest that passes is the payload's."""
    problems: list[str] = []
    payloads: list[str] = []
    try:
        it = ArchiveIterator(io.BytesIO(data), check_digests=True)
        for record in it:
            stream = record.content_stream()
            while stream.read(1 << 20):
                pass
            if record.digest_checker.passed is False:
                rid = record.rec_headers.get_header("WARC-Record-ID")
                problems.extend(f"{rid}: {p}" for p in record.digest_checker.problems)
            if record.rec_type == "response":
                stated = record.rec_headers.get_header("WARC-Payload-Digest") or ""
                payloads.append(_hex(stated))
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as err:
        problems.append(f"the WARC cannot be read to its end ({err})")
    return problems, payloads


def _hex(stated: str) -> str:
    algo, _, value = stated.partition(":")
    if algo.lower() != "sha256" or not value:
        return ""
    try:
        return base64.b32decode(value).hex()
    except ValueError:
        return ""


def wacz_warcs(data: bytes) -> list[tuple[str, bytes]]:
    """(name, bytes) of each WARC inside a WACZ, after checking the hashes its datapackage
    states; raises WarcError on a hash that does not match."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        raise WarcError("not a WACZ file (it is not a zip archive)") from err
    with archive:
        names = archive.namelist()
        stated: dict[str, str] = {}
        if "datapackage.json" in names:
            try:
                package = json.loads(archive.read("datapackage.json"))
            except ValueError as err:
                raise WarcError("its datapackage.json cannot be read") from err
            for res in package.get("resources") or []:
                h = str(res.get("hash") or "")
                if res.get("path") and h.startswith("sha256:"):
                    stated[str(res["path"])] = h.removeprefix("sha256:")
        out = []
        for name in names:
            if not name.startswith("archive/") or not name.endswith((".warc", ".warc.gz")):
                continue
            body = archive.read(name)
            if name in stated and stated[name] != sha256_hex(body):
                raise WarcError(f"{name} does not match the hash its datapackage.json states")
            out.append((name, body))
    if not out:
        raise WarcError("the WACZ holds no WARC file under archive/")
    return out
