"""One-permutation MinHash with optimal densification, for many texts at once.

Classic MinHash applies K hash functions to every shingle (K x n work per text). One-permutation
hashing (Li, Owen and Zhang 2012) hashes each shingle once and splits the hash range into K bins,
keeping the smallest value per bin; empty bins borrow the value of another bin chosen by a
sequence shared by all texts ("optimal densification", Shrivastava 2017), which keeps
P[signatures agree in a bin] = Jaccard similarity. The work is n per text, done for a whole batch
of texts in a few numpy calls. Band sizes for LSH are chosen from the recall wanted at the
threshold (`choose_bands`): the S-curve 1 - (1 - J^r)^b, not a guess.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from docket.reuse.text import U64, Ragged, mix64

U32 = npt.NDArray[np.uint32]
EMPTY = np.uint64(1 << 32)
_LOW = np.uint64(0xFFFFFFFF)
_ATTEMPTS = 64


@dataclass(frozen=True, slots=True)
class Bands:
    bands: int
    rows: int

    @property
    def size(self) -> int:
        return self.bands * self.rows

    def probability(self, similarity: float) -> float:
        """Chance that two texts of this Jaccard similarity share at least one band."""
        return 1.0 - (1.0 - similarity**self.rows) ** self.bands


def choose_bands(threshold: float, recall: float = 0.995, max_size: int = 256) -> Bands:
    """The band layout that keeps `recall` at `threshold` with the fewest chance candidates
    (the most rows per band that `max_size` hash values allow)."""
    best = Bands(max_size, 1)
    for rows in range(1, 17):
        p = threshold**rows
        if p >= 1.0:
            return Bands(1, rows)
        bands = math.ceil(math.log(1.0 - recall) / math.log(1.0 - p))
        if bands * rows <= max_size:
            best = Bands(bands, rows)
    return best


class OnePermutationHasher:
    """Signatures of K values (uint32) per text, from its sorted distinct shingle hashes."""

    def __init__(self, size: int, seed: int = 1) -> None:
        self.size = size
        self.seed = np.uint64(seed)
        rng = np.random.default_rng(seed)
        # the shared borrowing sequence: attempt t for empty bin j looks at bin order[t, j]
        self.order = rng.integers(0, size, size=(_ATTEMPTS, size), dtype=np.int64)

    def signatures(self, sets: Ragged) -> U32:
        """One row per set; empty sets get a row of zeros (callers skip them)."""
        count = len(sets)
        k = self.size
        sig = np.full(count * k, EMPTY, dtype=np.uint64)
        lengths = sets.sizes()
        if len(sets.values):
            values = mix64(sets.values ^ self.seed)
            owner = np.repeat(np.arange(count, dtype=np.int64), lengths)
            bins = (((values >> np.uint64(32)) * np.uint64(k)) >> np.uint64(32)).astype(np.int64)
            np.minimum.at(sig, owner * k + bins, values & _LOW)
        table = sig.reshape(count, k)
        self._densify(table)
        table[lengths == 0] = 0
        return table.astype(np.uint32)

    def _densify(self, table: U64) -> None:
        """Fill each empty bin j from bin order[t, j] for the first attempt t that finds a
        value (the same sequence for every text: that keeps the collision probability)."""
        empty = table == EMPTY
        rows = np.nonzero(empty.any(axis=1) & ~empty.all(axis=1))[0]
        for start in range(0, rows.size, 1024):
            chunk = rows[start : start + 1024]
            original = table[chunk]
            full = original != EMPTY  # (rows, k)
            tried = full[:, self.order]  # (rows, attempts, k): bin order[t, j] has a value
            first = tried.argmax(axis=1)  # (rows, k): the first attempt that finds one
            found = tried.any(axis=1)
            source = self.order[first, np.arange(self.size)[None, :]]
            borrowed = np.take_along_axis(original, source, axis=1)
            fill = ~full & found
            original[fill] = borrowed[fill]
            for r, j in zip(*np.nonzero(~full & ~found), strict=True):
                # a text of very few shingles: the next bin with a value, circularly
                row = table[chunk[r]]
                nonempty = np.nonzero(row != EMPTY)[0]
                later = nonempty[nonempty > j]
                original[r, j] = row[later[0] if later.size else nonempty[0]]
            table[chunk] = original


def band_hashes(signatures: U32, bands: Bands) -> U64:
    """One 64-bit hash per band and text (n x bands)."""
    count = signatures.shape[0]
    cut = signatures[:, : bands.size].astype(np.uint64).reshape(count, bands.bands, bands.rows)
    acc = np.zeros((count, bands.bands), dtype=np.uint64)
    for r in range(bands.rows):
        acc = mix64(acc ^ cut[:, :, r] ^ np.uint64(0x9E3779B97F4A7C15 * (r + 1) % (1 << 64)))
    return mix64(acc)
