"""A TrueType font for ReportLab that splits text into its subsets without a Python step per
character, giving the same subsets, codes and bytes as ReportLab's own `TTFont.splitString`.

ReportLab draws text in a TrueType font through 256-character subsets: each character gets a
code the first time a document uses it, and every string drawn is split into runs of one subset.
Its `splitString` does that character by character in Python, which was about a tenth of laying
out a large briefing. Here, once every character of a string has its code, the string is mapped
with one `str.translate` and cut into runs with one regular expression; a string with a character
not seen before goes through ReportLab's own method, which assigns the code, and the map learns it.
"""

from __future__ import annotations

import re
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.pdfbase.ttfonts import TTFont

_NBSP = 0xA0  # ReportLab draws a no-break space as a space
_LAST_CODE = 0xD7FF  # codes at or above the UTF-16 surrogates cannot go through the fast path


class _Codes:
    """What one document's subsets assign, as a translation table and the characters it knows."""

    __slots__ = ("table", "known", "blocks", "runs")

    def __init__(self) -> None:
        self.table: dict[int, int] = {}
        self.known: set[str] = set()
        self.blocks = 0
        self.runs: re.Pattern[str] = re.compile("")

    def learn(self, text: str, font: TTFont, state: Any) -> None:
        assignments: dict[int, int] = state.assignments
        glyphs = font.face.charToGlyph
        for char in set(text) - self.known:
            code = ord(char)
            if code == _NBSP:
                code = 32
            if code in assignments:
                self.table[ord(char)] = assignments[code]
            elif code in glyphs:
                continue  # not assigned (cannot happen after ReportLab's split): ask again
            else:
                self.table[ord(char)] = 0  # no glyph: ReportLab draws code 0 of subset 0
            self.known.add(char)
        blocks = (state.nextCode >> 8) + 1
        if blocks != self.blocks:
            self.blocks = blocks
            self.runs = re.compile(
                "|".join(f"[\\u{k << 8:04x}-\\u{(k << 8) | 0xFF:04x}]+" for k in range(blocks))
            )


class SubsetFont(TTFont):
    """`TTFont` with a faster `splitString` (same result, same subset assignments)."""

    def __init__(self, name: str, filename: str, **kwargs: Any) -> None:
        super().__init__(name, filename, **kwargs)
        self._codes: WeakKeyDictionary[Any, _Codes] = WeakKeyDictionary()

    def splitString(  # noqa: N802 (ReportLab's name)
        self, text: str | bytes, doc: Any, encoding: str = "utf-8"
    ) -> list[tuple[int, bytes]]:
        state = self.state.get(doc)
        if state is None or not isinstance(text, str) or state.nextCode > _LAST_CODE:
            return self._split_slowly(text, doc, encoding)
        codes = self._codes.get(doc)
        if codes is None:
            codes = self._codes[doc] = _Codes()
        if not codes.known.issuperset(text):
            return self._split_slowly(text, doc, encoding)
        mapped = text.translate(codes.table)
        if not mapped:
            return []
        if max(mapped) <= "\xff":
            return [(0, mapped.encode("latin-1"))]
        return [
            (ord(run[0]) >> 8, run.encode("utf-16-be")[1::2]) for run in codes.runs.findall(mapped)
        ]

    def _split_slowly(self, text: str | bytes, doc: Any, encoding: str) -> list[tuple[int, bytes]]:
        out: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        state = self.state.get(doc)
        if isinstance(text, str) and state is not None:
            codes = self._codes.get(doc)
            if codes is None:
                codes = self._codes[doc] = _Codes()
            codes.learn(text, self, state)
        return out
