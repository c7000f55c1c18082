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

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
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
    with np.errstate(over="ignore"):
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


def shingle_hashes(word_hashes: U64, k: int) -> U64:
    """Sorted distinct hashes of the K-word shingles; a text shorter than K is one shingle."""
    n = len(word_hashes)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    mults = _MULTS.get(k)
    if mults is None:
        mults = _MULTS.setdefault(k, _multipliers(k))
    width = min(k, n)
    count = n - width + 1
    acc = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(width):
            acc += word_hashes[j : j + count] * mults[j]
    return np.unique(mix64(acc))


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
