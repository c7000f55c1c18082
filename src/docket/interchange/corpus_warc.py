"""WARC and WACZ corpora (on warcio): the HTML responses they hold, one record each."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]
from warcio.recordloader import ArcWarcRecord  # type: ignore[import-untyped]

from docket.errors import Problem
from docket.interchange.corpus import CorpusRecord


def _is_html(record: ArcWarcRecord) -> bool:
    if record.rec_type not in ("response", "resource"):
        return False
    headers = record.http_headers
    kind = (
        headers.get_header("Content-Type")
        if headers
        else record.rec_headers.get_header("Content-Type")
    )
    return kind is None or "html" in kind.lower()


def _records(stream: IO[bytes], name: str, member: str | None) -> Iterator[CorpusRecord | Problem]:
    where = f"{name}:{member}" if member else name
    iterator = ArchiveIterator(stream)
    try:
        for record in iterator:
            if not _is_html(record):
                continue
            try:
                body = record.content_stream().read()
            except Exception as err:  # noqa: BLE001 - a damaged record: reported, others read
                offset = iterator.get_record_offset()
                yield Problem(
                    f"cannot be read ({type(err).__name__})",
                    file=where,
                    record=f"at byte {offset}",
                )
                continue
            offset = iterator.get_record_offset()  # only after the body is read
            yield CorpusRecord(
                file=name,
                kind="wacz" if member else "warc",
                offset=offset,
                member=member,
                record=f"at byte {offset}",
                url=record.rec_headers.get_header("WARC-Target-URI"),
                html=body,
                fetched=record.rec_headers.get_header("WARC-Date"),
            )
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as err:
        yield Problem(f"is damaged and was read only up to here ({err})", file=where)


def read_warc(path: Path) -> Iterator[CorpusRecord | Problem]:
    try:
        with path.open("rb") as stream:
            yield from _records(stream, str(path), None)
    except OSError as err:
        yield Problem(f"cannot be read ({err.strerror})", file=str(path))


def read_wacz(path: Path) -> Iterator[CorpusRecord | Problem]:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as err:
        yield Problem(f"is not a WACZ (zip) file ({err})", file=str(path))
        return
    with archive:
        members = sorted(n for n in archive.namelist() if n.startswith("archive/") and ".warc" in n)
        if not members:
            yield Problem("holds no WARC files under archive/", file=str(path))
        for member in members:
            with archive.open(member) as stream:
                yield from _records(stream, str(path), member)


def read_warc_payload(path: Path, offset: int, member: str | None) -> bytes | None:
    """The HTTP payload of the record at `offset` (in `member` of a WACZ)."""
    if member is None:
        with path.open("rb") as stream:
            stream.seek(offset)
            return _first_payload(stream)
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        stream.seek(offset)
        return _first_payload(stream)


def _first_payload(stream: IO[bytes]) -> bytes | None:
    for record in ArchiveIterator(stream):
        return bytes(record.content_stream().read())
    return None
