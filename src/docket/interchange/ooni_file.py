"""Files of OONI measurements as OONI publishes them, read a block of lines at a time.

A file is one measurement in JSON (as OONI's API or Explorer gives it), JSON lines (`.jsonl`),
or gzip'd JSON lines (`.jsonl.gz`, `.gz`: OONI's files per country, test and hour or day). Lines
are read a block at a time, so a file of any size streams with bounded memory.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any, cast

import orjson

from docket.errors import Problem

BLOCK = 1 << 20  # bytes read (after gunzip) at a time
Errors = tuple[type[Exception], ...]


@cache
def _gunzip() -> tuple[Any, Errors]:
    """ISA-L's gzip (isal) where installed: it inflates about twice as fast as zlib, and
    inflating is a good part of reading OONI's files. The standard library's otherwise. With
    the errors that a file cut off or damaged raises."""
    errors: Errors = (EOFError, OSError, zlib.error)
    try:
        from isal import igzip, isal_zlib
    except ImportError:
        return gzip, errors
    return igzip, (*errors, cast(type[Exception], isal_zlib.error))


def file_sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


@dataclass(frozen=True, slots=True)
class Lines:
    """Consecutive lines of a file, each one measurement in JSON (blank ones are skipped)."""

    file: str
    sha256: str  # the file's, which every row names as its source
    first: int  # the number of the first line
    lines: list[bytes]
    problem: Problem | None = None  # the file is cut off or damaged here


class OoniFile:
    """One file of measurements, read in blocks of lines; `position` says how far (in bytes).

    Iterating gives `Lines` to judge, or a `Problem` when the file is cut off or damaged (then
    reading stops there).
    """

    def __init__(self, path: Path, *, sha256: str = "", block: int = BLOCK) -> None:
        self.path = path
        self.sha256 = sha256
        self.name = str(path)
        self.size = path.stat().st_size
        self.position = 0
        self.block = block

    def __iter__(self) -> Iterator[Lines | Problem]:
        with self.path.open("rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
            unzip, damaged = _gunzip()
            raw.seek(0)
            document = self.path.name.lower().endswith((".json", ".json.gz"))
            if gzipped and not document:
                yield from self._blocks(unzip.GzipFile(fileobj=raw, mode="rb"), raw)
            elif gzipped:
                try:
                    data = unzip.decompress(raw.read())
                except damaged as err:
                    yield Problem(f"the file is cut off or damaged ({err})", file=self.name)
                    return
                yield from self._document(data)
            elif document:
                yield from self._document(raw.read())
            else:
                yield from self._blocks(raw, raw)
        self.position = self.size

    def _blocks(self, stream: IO[bytes], raw: IO[bytes]) -> Iterator[Lines | Problem]:
        # Reading a block at a time and splitting it is several times faster than readline.
        number, rest = 1, b""
        try:
            while block := stream.read(self.block):
                lines = (rest + block).split(b"\n")
                rest = lines.pop()
                self.position = raw.tell()
                yield Lines(self.name, self.sha256, number, lines)
                number += len(lines)
            if rest.strip():
                yield Lines(self.name, self.sha256, number, [rest])
        except _gunzip()[1] as err:
            done = f"after line {number - 1}" if number > 1 else "before its first line"
            yield Problem(
                f"the file is cut off or damaged {done} ({err}); download it again",
                file=self.name,
                line=number,
            )

    def _document(self, data: bytes) -> Iterator[Lines]:
        try:
            parsed = orjson.loads(data)
        except orjson.JSONDecodeError:
            # Not one JSON document: JSON lines saved as .json.
            yield Lines(self.name, self.sha256, 1, data.split(b"\n"))
            return
        items = parsed if isinstance(parsed, list) else [parsed]
        yield Lines(self.name, self.sha256, 1, [orjson.dumps(item) for item in items])
