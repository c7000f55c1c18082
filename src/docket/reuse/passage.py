"""Passages (paragraph-sized pieces of a text) and the words two passages share.

A paragraph lifted into an otherwise different article is found by comparing passages, not whole
texts. Passages follow the text's own paragraphs (short ones joined, long ones cut in
overlapping windows), so a lifted paragraph is usually one passage on both sides.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from docket.reuse.text import nfkc, word_spans

MIN_WORDS = 30
MAX_WORDS = 150
WINDOW = 100
STEP = 50


def passage_spans(line_counts: list[int]) -> list[tuple[int, int]]:
    """Word ranges [start, end) of the passages of a text, from its words per line (see
    `tokenise`)."""
    spans: list[tuple[int, int]] = []
    start = 0
    pending = 0
    position = 0
    for count in line_counts:
        position += count
        pending += count
        if pending >= MIN_WORDS:
            spans.extend(_windows(start, position))
            start, pending = position, 0
    if pending:
        if spans and pending < MIN_WORDS:  # a short tail joins the passage before it
            last_start, _ = spans.pop()
            spans.extend(_windows(last_start, position))
        else:
            spans.append((start, position))
    return spans


def _windows(start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= MAX_WORDS:
        return [(start, end)]
    out = []
    for s in range(start, end - STEP, STEP):
        out.append((s, min(s + WINDOW, end)))
        if s + WINDOW >= end:
            break
    return out


@dataclass(frozen=True, slots=True)
class SharedPassage:
    """The longest run of words two texts share, as written in each."""

    words: int
    text_a: str
    text_b: str


def excerpt(text: str, start: int, end: int) -> str:
    """The text of words [start, end) as written (NFKC), punctuation between them kept."""
    spans = word_spans(text)
    if not spans or start >= len(spans):
        return ""
    end = min(end, len(spans))
    return nfkc(text)[spans[start][0] : spans[end - 1][1]]


def shared_passage(a: str, b: str) -> SharedPassage:
    """The longest common run of words of two texts (case and punctuation ignored)."""
    from docket.reuse.text import words

    wa, wb = words(a), words(b)
    match = difflib.SequenceMatcher(None, wa, wb, autojunk=False).find_longest_match(
        0, len(wa), 0, len(wb)
    )
    if match.size == 0:
        return SharedPassage(0, "", "")
    return SharedPassage(
        match.size,
        excerpt(a, match.a, match.a + match.size),
        excerpt(b, match.b, match.b + match.size),
    )


def matching_blocks(a: str, b: str, *, min_words: int = 5) -> list[tuple[int, int, int]]:
    """Runs of at least `min_words` words both texts share: (start in a, start in b, length)."""
    from docket.reuse.text import words

    blocks = difflib.SequenceMatcher(None, words(a), words(b), autojunk=False)
    return [(m.a, m.b, m.size) for m in blocks.get_matching_blocks() if m.size >= min_words]
