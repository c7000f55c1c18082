"""A similarity index over many texts: band hashes for candidates, shingles for verification.

What it keeps per text is small and fixed (one 64-bit hash per band) plus its shingle hashes for
the exact check; both can spill to files in a folder (`spill`), so memory stays bounded however
large the corpus: numpy reads them back one band column, or one text, at a time.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

from docket.reuse.minhash import Bands, OnePermutationHasher, band_hashes
from docket.reuse.text import U64, Ragged

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
# Buckets larger than this are linked as a chain, not pair by pair: a text copied onto hundreds
# of sites gives one component either way, without hundreds of thousands of checks.
MAX_BUCKET = 64


class _Column:
    """Rows of fixed width (band hashes), in memory or appended to a file."""

    def __init__(self, width: int, path: Path | None) -> None:
        self.width = width
        self.rows = 0
        self.path = path
        self._parts: list[U64] = []
        self._file: BinaryIO | None = path.open("wb") if path else None

    def append(self, block: U64) -> None:
        self.rows += block.shape[0]
        if self._file is not None:
            self._file.write(np.ascontiguousarray(block, dtype=np.uint64).tobytes())
        else:
            self._parts.append(block)

    def matrix(self) -> U64:
        if self._file is not None:
            self._file.close()
            self._file = None
        if self.path is not None:
            if self.rows == 0:
                return np.empty((0, self.width), dtype=np.uint64)
            return np.memmap(self.path, dtype=np.uint64, mode="r", shape=(self.rows, self.width))
        if not self._parts:
            return np.empty((0, self.width), dtype=np.uint64)
        return np.concatenate(self._parts)


class _Ragged:
    """Variable-length arrays (shingle hashes per text), in memory or in a file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.offsets = array("q", [0])  # 8 bytes per text, not a Python int each
        self._parts: list[U64] = []
        self._file: BinaryIO | None = path.open("wb") if path else None
        self._data: U64 | None = None

    def append(self, sets: Ragged) -> None:
        base = self.offsets[-1]
        self.offsets.extend((sets.offsets[1:] + base).tolist())
        if self._file is not None:
            self._file.write(np.ascontiguousarray(sets.values, dtype=np.uint64).tobytes())
        else:
            self._parts.append(sets.values)

    def freeze(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        total = self.offsets[-1]
        if self.path is not None:
            self._data = (
                np.memmap(self.path, dtype=np.uint64, mode="r", shape=(total,))
                if total
                else np.empty(0, dtype=np.uint64)
            )
        else:
            self._data = np.concatenate(self._parts) if self._parts else np.empty(0, np.uint64)
            self._parts = []

    def get(self, i: int) -> U64:
        assert self._data is not None, "freeze() first"
        return self._data[self.offsets[i] : self.offsets[i + 1]]


class SimilarityIndex:
    """Texts added in batches; then candidate pairs from shared bands, verified exactly."""

    def __init__(
        self,
        bands: Bands,
        *,
        spill: Path | None = None,
        name: str = "items",
        skip_large: bool = False,
    ) -> None:
        self.bands = bands
        # True: a bucket of more than MAX_BUCKET texts is boilerplate (a footer on every page)
        self.skip_large = skip_large
        self.hasher = OnePermutationHasher(bands.size)
        self._bands = _Column(bands.bands, spill / f"{name}.bands" if spill else None)
        self._shingles = _Ragged(spill / f"{name}.shingles" if spill else None)
        self.owner = array("q")  # the document each text belongs to

    def __len__(self) -> int:
        return len(self.owner)

    def prepare(self, shingle_sets: Ragged) -> U64:
        """Band hashes for a batch (pure: distributed workers run this part)."""
        return band_hashes(self.hasher.signatures(shingle_sets), self.bands)

    def add(self, shingle_sets: Ragged, owners: Iterable[int], bands: U64 | None = None) -> None:
        if bands is None:
            bands = self.prepare(shingle_sets)
        self._bands.append(bands)
        self._shingles.append(shingle_sets)
        self.owner.extend(owners)

    def candidates(self) -> I64:
        """Pairs (i < j, as rows of a n x 2 array) sharing a band, of different owners."""
        self._shingles.freeze()
        matrix = self._bands.matrix()
        n = matrix.shape[0]
        sizes = np.diff(np.frombuffer(self._shingles.offsets, dtype=np.int64).copy())
        valid = sizes > 0
        owner = np.frombuffer(self.owner, dtype=np.int64).copy()
        codes: list[I64] = []
        for band in range(self.bands.bands):
            column = np.asarray(matrix[:, band])
            order = np.argsort(column, kind="stable")
            order = order[valid[order]]
            keys = column[order]
            if keys.size < 2:
                continue
            starts = np.nonzero(np.r_[True, keys[1:] != keys[:-1]])[0]
            ends = np.r_[starts[1:], keys.size]
            codes.extend(_bucket_pairs(order, starts, ends - starts, n, self.skip_large))
        if not codes:
            return np.empty((0, 2), dtype=np.int64)
        unique = np.unique(np.concatenate(codes))
        pairs = np.stack([unique // n, unique % n], axis=1)
        found: I64 = pairs[owner[pairs[:, 0]] != owner[pairs[:, 1]]]
        return found

    def verify(self, pairs: I64, threshold: float) -> tuple[I64, F64]:
        """The pairs whose exact Jaccard similarity of shingle sets is at least `threshold`."""
        keep: list[int] = []
        scores: list[float] = []
        cache: dict[int, U64] = {}
        for row, (i, j) in enumerate(pairs.tolist()):
            if len(cache) > 50_000:
                cache.clear()
            a = cache.get(i)
            if a is None:
                a = cache[i] = distinct(self._shingles.get(i))
            b = cache.get(j)
            if b is None:
                b = cache[j] = distinct(self._shingles.get(j))
            small, large = (len(a), len(b)) if len(a) <= len(b) else (len(b), len(a))
            if small < threshold * large:  # J <= small/large: cannot reach the threshold
                continue
            inter = overlap(a, b)
            score = inter / (len(a) + len(b) - inter)
            if score >= threshold:
                keep.append(row)
                scores.append(score)
        return pairs[keep], np.asarray(scores, dtype=np.float64)

    def containment(self, i: int, j: int) -> float:
        """Share of the smaller text's shingles found in the other."""
        a, b = distinct(self._shingles.get(i)), distinct(self._shingles.get(j))
        small = min(len(a), len(b))
        return overlap(a, b) / small if small else 0.0


def distinct(values: U64) -> U64:
    """Sorted distinct values (numpy's unique is slower for this)."""
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def overlap(a: U64, b: U64) -> int:
    """How many values two sorted distinct arrays share."""
    if a.size > b.size:
        a, b = b, a
    if a.size == 0:
        return 0
    at = np.searchsorted(b, a)
    at[at == b.size] = 0
    return int(np.count_nonzero(b[at] == a))


def _bucket_pairs(order: I64, starts: I64, sizes: I64, n: int, skip_large: bool) -> list[I64]:
    """Pair codes (i * n + j, i < j) for every bucket, buckets of one size at a time."""
    out: list[I64] = []
    for size in np.unique(sizes[sizes >= 2]).tolist():
        first = starts[sizes == size]
        if size <= MAX_BUCKET:
            members = order[first[:, None] + np.arange(size)]
            a, b = np.triu_indices(size, 1)
            left, right = members[:, a].ravel(), members[:, b].ravel()
        elif skip_large:
            continue
        else:  # a chain keeps them one component; each link is still verified
            for s in first.tolist():
                chain = np.sort(order[s : s + size])
                out.append(chain[:-1] * n + chain[1:])
            continue
        low, high = np.minimum(left, right), np.maximum(left, right)
        out.append(low * n + high)
    return out


def iter_pairs(pairs: I64) -> Iterator[tuple[int, int]]:
    for i, j in pairs.tolist():
        yield int(i), int(j)
