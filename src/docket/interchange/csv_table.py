"""CSV in the encodings monitors' spreadsheets come in: UTF-8, UTF-8 with BOM, Windows-1251.

The encoding is never guessed loosely: strict UTF-8 first; Windows-1251 only when the bytes are
not UTF-8 and read as Cyrillic text; anything else is refused with the line of the first bad
byte. The separator (comma, semicolon or tab) is read from the header line.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from docket.interchange.table_file import RawRow, UnreadableTable

SAMPLE = 1 << 20
MAX_FIELD = 1 << 20  # characters: beyond this a cell is a broken quote swallowing the file
ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "cp1251": "Windows-1251"}
_ALIASES = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf8-sig": "utf-8-sig",
    "cp1251": "cp1251",
    "windows-1251": "cp1251",
    "win1251": "cp1251",
}
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MIXED_WORD = re.compile(r"\b(?=\w*[a-zA-Z])(?=\w*[\u0400-\u04ff])\w+\b")
_SAVE_AS = "save it from the spreadsheet as 'CSV UTF-8' and import again"


def detect_encoding(head: bytes, label: str) -> str:
    """The codec for a file starting with `head`, or UnreadableTable saying why none fits."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableTable(label, f"it is UTF-16 text, which Docket does not read; {_SAVE_AS}")
    if head.count(b"\x00") > max(8, len(head) // 20):
        raise UnreadableTable(label, "it is not a text file (it is full of NUL bytes)")
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(head, final=len(head) < SAMPLE)
        return "utf-8"
    except UnicodeDecodeError as err:
        bad = head[err.start]
        line = head[: err.start].count(b"\n") + 1
    if _reads_as_cyrillic(head):
        return "cp1251"
    raise UnreadableTable(
        label,
        f"it is not UTF-8 text (byte 0x{bad:02X} on line {line}) and does not read as "
        f"Windows-1251 Cyrillic either; {_SAVE_AS}",
    )


def _reads_as_cyrillic(head: bytes) -> bool:
    try:
        text = head.decode("cp1251")
    except UnicodeDecodeError:
        return False
    foreign = [c for c in text if ord(c) > 127 and c.isalpha()]
    if not foreign:
        return False
    cyrillic = sum(1 for c in foreign if _CYRILLIC.match(c))
    words = [w for w in re.findall(r"\w+", text) if _CYRILLIC.search(w)]
    mixed = len(_MIXED_WORD.findall(text))
    # Latin-1 or other text decoded as 1251 gives Cyrillic letters inside Latin words (Cafй).
    return cyrillic / len(foreign) > 0.9 and mixed <= max(2, len(words) // 20)


def detect_delimiter(first_line: str) -> str:
    counts = {d: 0 for d in DELIMITERS}
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class CsvSource:
    """Rows of a CSV file, decoded strictly, one at a time."""

    def __init__(self, path: Path, *, encoding: str | None, delimiter: str | None) -> None:
        self.path = path
        self.label = path.name
        with path.open("rb") as handle:
            head = handle.read(SAMPLE)
        if encoding is not None:
            codec = _ALIASES.get(encoding.lower().replace("_", "-"))
            if codec is None:
                raise UnreadableTable(
                    self.label,
                    f"encoding '{encoding}' is not one Docket reads (utf-8, utf-8-sig, cp1251)",
                )
        else:
            codec = detect_encoding(head, self.label)
        if codec == "utf-8" and head.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"
        self.encoding = codec
        first = head.split(b"\n", 1)[0].decode(codec, errors="replace")
        self.delimiter = delimiter or detect_delimiter(first)
        if self.delimiter not in DELIMITERS:
            raise UnreadableTable(self.label, "the separator must be a comma, semicolon or tab")
        self.description = f"CSV, {ENCODINGS[codec]}, {DELIMITERS[self.delimiter]}-separated"
        self._handle: BinaryIO | None = None

    def _lines(self, handle: BinaryIO) -> Iterator[str]:
        """Lines decoded one by one, so a bad byte is found in the row that holds it."""
        codec = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        first = True
        for raw in handle:
            if first and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            first = False
            yield raw.decode(codec)

    def raw_rows(self) -> Iterator[RawRow]:
        self._handle = self.path.open("rb")
        reader = csv.reader(self._lines(self._handle), delimiter=self.delimiter)
        # The limit is global to the csv module (some libraries raise it); set it while reading.
        before = csv.field_size_limit(MAX_FIELD)
        try:
            yield from self._records(reader)
        finally:
            csv.field_size_limit(before)

    def _records(self, reader: Iterator[list[str]]) -> Iterator[RawRow]:
        number = 0
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as err:
                raise UnreadableTable(
                    self.label,
                    f"row {number + 1} is not {ENCODINGS[self.encoding]} text "
                    f"(byte 0x{err.object[err.start]:02X}); the file mixes encodings or is "
                    f"damaged; {_SAVE_AS}",
                ) from err
            except csv.Error as err:
                raise UnreadableTable(
                    self.label, f"row {number + 1} cannot be read as CSV: {err}"
                ) from err
            number += 1
            yield RawRow(number, list(values))

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
