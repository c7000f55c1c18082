"""Words and word shingles: what two texts are compared on.

Texts are compared on their words only (NFKC, case-folded, punctuation dropped), so a repost
with other quotes, dashes or capitals is still the same text. Each word gets a stable 64-bit hash
(BLAKE2b, the same in every process and on every machine, so distributed workers agree); a
shingle is K consecutive words, hashed from its words' hashes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
_WORD = re.compile(r"\w+")
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_CACHE_LIMIT = 2_000_000


def words(text: str) -> list[str]:
    """The words of a text as compared: NFKC, case-folded, without punctuation."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the words `words(text)` returns (on the NFKC text, see `nfkc`)."""
    return [m.span() for m in _WORD.finditer(nfkc(text))]


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def mix64(x: U64) -> U64:
    """SplitMix64's finaliser: spreads every input bit over every output bit."""
    # unsigned array arithmetic wraps around modulo 2**64, as wanted, without warnings
    x = x ^ (x >> np.uint64(30))
    x = x * _MIX1
    x = x ^ (x >> np.uint64(27))
    x = x * _MIX2
    return x ^ (x >> np.uint64(31))


class WordHasher:
    """Stable 64-bit word hashes, cached (a corpus repeats its words)."""

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def _new(self, word: str) -> int:
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()  # bounded memory on corpora with endless vocabularies
        value = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
        self._cache[word] = value
        return value

    def hashes(self, tokens: list[str]) -> U64:
        get = self._cache.get
        new = self._new
        out = [get(w) or new(w) for w in tokens]
        return np.array(out, dtype=np.uint64)


def _multipliers(k: int) -> U64:
    rng = np.random.default_rng(0x5EED)
    return rng.integers(1, 2**63, size=k, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


_MULTS: dict[int, U64] = {}


@dataclass(frozen=True, slots=True)
class Ragged:
    """Many sorted sets of shingle hashes in one array: set i is values[offsets[i]:offsets[i+1]]."""

    values: U64
    offsets: I64

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def get(self, i: int) -> U64:
        return self.values[self.offsets[i] : self.offsets[i + 1]]

    def sizes(self) -> I64:
        return np.diff(self.offsets)


_P = 0x100000001B3  # odd: invertible modulo 2**64
_P_INV = pow(_P, -1, 1 << 64)
_TABLES: dict[str, npt.NDArray[np.bool_]] = {}
_POWERS: dict[str, U64] = {}


def _word_table() -> npt.NDArray[np.bool_]:
    """Which code points of the Basic Multilingual Plane are word characters (as regex \\w)."""
    table = _TABLES.get("bmp")
    if table is None:
        table = np.array([chr(c).isalnum() or c == 0x5F for c in range(65536)], dtype=bool)
        _TABLES["bmp"] = table
    return table


def _powers(n: int) -> tuple[U64, U64]:
    have = _POWERS.get("p")
    if have is None or len(have) < n + 1:
        size = max(n + 1, 1 << 20, 2 * len(have) if have is not None else 0)
        one = np.ones(1, dtype=np.uint64)
        _POWERS["p"] = np.concatenate([one, np.cumprod(np.full(size - 1, _P, np.uint64))])
        _POWERS["inv"] = np.concatenate([one, np.cumprod(np.full(size - 1, _P_INV, np.uint64))])
        have = _POWERS["p"]
    return have, _POWERS["inv"]


@dataclass(frozen=True, slots=True)
class WordBatch:
    """The words of a batch of texts as hashes: text i has words offsets[i]:offsets[i+1];
    `lines[i]` counts the words on each of text i's lines (for passages)."""

    hashes: U64
    offsets: I64
    lines: list[list[int]]


def batch_words(texts: Sequence[str]) -> WordBatch:
    """Hash every word of every text at once (numpy on code points: no Python loop per
    word). Words are exactly those `words()` gives: NFKC, case-folded, runs of \\w."""
    clean = [t.replace("\x00", " ") if "\x00" in t else t for t in texts]  # the separator
    joined = unicodedata.normalize("NFKC", "\x00".join(clean)).casefold()
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    n = len(cps)
    word = _word_table()[np.minimum(cps, 0xFFFF)]
    astral = cps > 0xFFFF
    if astral.any():  # beyond the BMP (rare): asked one distinct code point at a time
        seen = np.unique(cps[astral])
        ok = np.array([chr(c).isalnum() for c in seen.tolist()], dtype=bool)
        word[astral] = ok[np.searchsorted(seen, cps[astral])]
    edge = np.diff(word.astype(np.int8), prepend=0, append=0)
    starts = np.nonzero(edge == 1)[0]
    ends = np.nonzero(edge == -1)[0]
    powers, inverse = _powers(n)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(cps.astype(np.uint64) * powers[:n], out=prefix[1:])
    hashes = mix64(
        (prefix[ends] - prefix[starts]) * inverse[starts] + (ends - starts).astype(np.uint64)
    )
    breaks = np.nonzero(cps == 0)[0]
    doc = np.searchsorted(breaks, starts)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(doc, minlength=len(texts)), out=offsets[1:])
    newlines = np.nonzero((cps == 10) | (cps == 0))[0]
    line = np.searchsorted(newlines, starts)
    per_line = np.bincount(line, minlength=len(newlines) + 1)
    bounds = np.searchsorted(newlines, breaks).tolist()  # line index of each text's end
    first = [0] + [b + 1 for b in bounds]
    last = bounds + [len(newlines)]
    lines = [per_line[a : b + 1].tolist() for a, b in zip(first, last, strict=True)]
    return WordBatch(hashes, offsets, lines)


def shingle_sets(word_hashes: U64, ranges: Sequence[tuple[int, int]], k: int) -> Ragged:
    """The K-word shingle hashes of each word range [start, end) of `word_hashes` (a range
    shorter than K words is one shingle). Not deduplicated: MinHash does not need it, and
    verification sorts the few sets it compares."""
    mults = _MULTS.get(k)
    if mults is None:
        mults = _MULTS.setdefault(k, _multipliers(k))
    n = len(word_hashes)
    count = max(n - k + 1, 0)
    acc = np.zeros(count, dtype=np.uint64)
    for j in range(k if count else 0):
        acc += word_hashes[j : j + count] * mults[j]
    acc = mix64(acc)
    bounds = np.asarray(ranges, dtype=np.int64).reshape(-1, 2)
    width = bounds[:, 1] - bounds[:, 0]
    lengths = np.where(width >= k, width - k + 1, np.minimum(width, 1))
    offsets = np.zeros(len(bounds) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    total = int(offsets[-1])
    index = np.repeat(bounds[:, 0] - offsets[:-1], lengths) + np.arange(total, dtype=np.int64)
    values = acc[np.minimum(index, max(count - 1, 0))] if count else np.zeros(total, np.uint64)
    for r in np.nonzero((width > 0) & (width < k))[0].tolist():  # short: one shingle of all
        start = int(bounds[r, 0])
        short = word_hashes[start : start + int(width[r])] * mults[: int(width[r])]
        values[offsets[r]] = mix64(np.array([short.sum(dtype=np.uint64)]))[0]
    return Ragged(values, offsets)


def shingle_hashes(word_hashes: U64, k: int) -> U64:
    """Sorted distinct hashes of the K-word shingles of one text."""
    return np.unique(shingle_sets(word_hashes, [(0, len(word_hashes))], k).values)


def shingle_tuples(tokens: list[str], k: int) -> set[tuple[str, ...]]:
    """The shingles themselves, for verification on the words (no hashing at all)."""
    if not tokens:
        return set()
    if len(tokens) < k:
        return {tuple(tokens)}
    return {tuple(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def jaccard_words(a: list[str], b: list[str], k: int) -> float:
    """Exact Jaccard similarity of two texts' K-word shingle sets, computed on the words."""
    sa, sb = shingle_tuples(a, k), shingle_tuples(b, k)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)
