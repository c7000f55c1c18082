"""Read a corpus of web articles: WARC/WACZ files, a folder of HTML files, or JSON lines.

Each reader yields `CorpusRecord`s (one page as captured, with where it came from) or `Problem`s
(a record that cannot be read, named by file and record): a bad record never stops the others.
Every record keeps a reference (file, member, byte offset) from which `read_capture` reads its
capture again, so an evidence package holds the page exactly as captured.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from docket.errors import Problem

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".json")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass(slots=True)
class CorpusRecord:
    file: str  # the corpus file as given
    kind: str  # html-file, jsonl, warc, wacz
    offset: int  # byte offset of the record in the file (or member); 0 for a whole file
    member: str | None  # the WARC inside a WACZ
    record: str  # how a monitor finds it: "line 12", "record at byte 3456"
    url: str | None = None
    html: bytes | None = None
    text: str | None = None
    title: str | None = None
    published: str | None = None
    fetched: str | None = None
    notes: list[str] = field(default_factory=list)  # what the reader noticed about it


def corpus_kind(path: Path) -> str | None:
    name = path.name.lower()
    if path.is_dir():
        return "folder"
    if name.endswith(".wacz"):
        return "wacz"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(HTML_SUFFIXES):
        return "html-file"
    return None


def corpus_size(path: Path) -> int:
    """Bytes to read (for a progress bar)."""
    if path.is_dir():
        return sum(p.stat().st_size for p in _html_files(path))
    return path.stat().st_size if path.exists() else 0


def read_corpus(path: Path) -> Iterator[CorpusRecord | Problem]:
    """Every record of a corpus, in order; problems in place of records that cannot be read."""
    kind = corpus_kind(path)
    if not path.exists():
        yield Problem("there is no such file or folder", file=str(path))
    elif kind == "folder":
        for file in _html_files(path):
            yield from _read_html_file(file, str(file.relative_to(path.parent)))
    elif kind == "html-file":
        yield from _read_html_file(path, str(path))
    elif kind == "jsonl":
        yield from _read_jsonl(path)
    elif kind in ("warc", "wacz"):
        from docket.interchange.corpus_warc import read_wacz, read_warc

        yield from (read_warc(path) if kind == "warc" else read_wacz(path))
    else:
        yield Problem(
            "is not a corpus Docket reads: give a WARC (.warc, .warc.gz), a WACZ, JSON lines "
            "(.jsonl) or a folder of HTML files",
            file=str(path),
        )


def _html_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in HTML_SUFFIXES)


def _read_html_file(path: Path, name: str) -> Iterator[CorpusRecord | Problem]:
    try:
        data = path.read_bytes()
    except OSError as err:
        yield Problem(f"cannot be read ({err.strerror})", file=name)
        return
    yield CorpusRecord(file=name, kind="html-file", offset=0, member=None, record="whole file",
                       html=data)  # fmt: skip


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _read_jsonl(path: Path) -> Iterator[CorpusRecord | Problem]:
    name = str(path)
    try:
        stream = _open(path)
    except OSError as err:
        yield Problem(f"cannot be read ({err.strerror})", file=name)
        return
    with stream:
        offset = 0
        line_no = 0
        while True:
            try:
                line = stream.readline()
            except (OSError, EOFError) as err:
                yield Problem(f"is cut short or damaged after line {line_no} ({err})", file=name)
                return
            if not line:
                return
            line_no += 1
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            yield _jsonl_record(line, name, line_no, start)


def _jsonl_record(line: bytes, name: str, line_no: int, start: int) -> CorpusRecord | Problem:
    try:
        raw = orjson.loads(line)
    except orjson.JSONDecodeError as err:
        return Problem(f"is not valid JSON ({err})", file=name, line=line_no)
    if not isinstance(raw, dict):
        return Problem("is not a JSON object", file=name, line=line_no)
    html, text = raw.get("html"), raw.get("text")
    if html is None and text is None:
        return Problem("has neither 'html' nor 'text'", file=name, line=line_no, field="html")
    for key in ("html", "text", "url", "title", "published", "fetched"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            return Problem("must be a string", file=name, line=line_no, field=key)
    return CorpusRecord(
        file=name,
        kind="jsonl",
        offset=start,
        member=None,
        record=f"line {line_no}",
        url=_text(raw.get("url")),
        html=html.encode() if isinstance(html, str) else None,
        text=_text(text),
        title=_text(raw.get("title")),
        published=_text(raw.get("published")),
        fetched=_text(raw.get("fetched")),
    )


def read_capture(file: str, kind: str, offset: int, member: str | None) -> bytes | None:
    """The capture of one record again, as it is in the corpus (None if the file is gone)."""
    path = Path(file)
    try:
        if kind == "html-file":
            return path.read_bytes()
        if kind == "jsonl":
            with _open(path) as stream:
                stream.seek(offset)
                raw = orjson.loads(stream.readline())
            value = raw.get("html") or raw.get("text") or ""
            return str(value).encode()
        from docket.interchange.corpus_warc import read_warc_payload

        return read_warc_payload(path, offset, member)
    except (OSError, EOFError, ValueError, KeyError, orjson.JSONDecodeError):
        return None
