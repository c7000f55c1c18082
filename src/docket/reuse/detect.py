"""Near-duplicate and lifted-passage detection over a stream of texts.

`prepare_batch` is the heavy, pure part (words, shingles, signatures, band hashes): a laptop
runs it in the same process, a cluster runs it on its workers. `ReuseDetector.add` keeps what
each batch gives (per text: its site, band hashes and shingle hashes), and `finish` finds
candidates, verifies each by exact Jaccard similarity and returns only verified pairs.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from docket.reuse.index import F64, I64, SimilarityIndex
from docket.reuse.minhash import Bands, choose_bands
from docket.reuse.passage import passage_spans
from docket.reuse.text import U64, Ragged, batch_words, shingle_sets


@dataclass(frozen=True, slots=True)
class ReuseParams:
    threshold: float = 0.5  # Jaccard similarity of word shingles for "the same text"
    shingle: int = 5  # words per shingle
    recall: float = 0.995  # wanted chance of finding a pair at exactly the threshold
    passages: bool = True  # also look for lifted paragraphs
    passage_threshold: float = 0.5

    @property
    def bands(self) -> Bands:
        return choose_bands(self.threshold, self.recall)

    @property
    def passage_bands(self) -> Bands:
        return choose_bands(self.passage_threshold, self.recall)


@dataclass(slots=True)
class PreparedBatch:
    """What the detector keeps of a batch of texts (picklable: workers send it back)."""

    shingles: Ragged
    bands: U64
    passage_owner: list[int]  # index in the batch of each passage's text
    passage_spans: list[tuple[int, int]]
    passage_shingles: Ragged | None
    passage_bands: U64 | None

    def __len__(self) -> int:
        return len(self.shingles)


def prepare_batch(texts: Sequence[str], params: ReuseParams) -> PreparedBatch:
    """Shingles and band hashes of a batch of texts, and of their passages."""
    batch = batch_words(texts)
    offsets = batch.offsets.tolist()
    ranges = list(zip(offsets[:-1], offsets[1:], strict=True))
    p_owner: list[int] = []
    p_ranges: list[tuple[int, int]] = []
    p_spans: list[tuple[int, int]] = []
    if params.passages:
        for n, counts in enumerate(batch.lines):
            spans = passage_spans(counts)
            if len(spans) > 1:  # a one-passage text is compared whole anyway
                base = offsets[n]
                for start, end in spans:
                    p_owner.append(n)
                    p_spans.append((start, end))
                    p_ranges.append((base + start, base + end))
    shingles = shingle_sets(batch.hashes, ranges, params.shingle)
    bands = SimilarityIndex(params.bands).prepare(shingles)
    if not p_ranges:
        return PreparedBatch(shingles, bands, [], [], None, None)
    p_shingles = shingle_sets(batch.hashes, p_ranges, params.shingle)
    p_bands = SimilarityIndex(params.passage_bands).prepare(p_shingles)
    return PreparedBatch(shingles, bands, p_owner, p_spans, p_shingles, p_bands)


@dataclass(frozen=True, slots=True)
class PartialReuse:
    """A passage of text a found in text b (the texts are otherwise different)."""

    a: int
    b: int
    span_a: tuple[int, int]
    span_b: tuple[int, int]
    score: float


@dataclass(slots=True)
class DetectionResult:
    pairs: I64  # (m x 2) text indexes, i < j, verified
    scores: F64  # exact Jaccard similarity of each pair
    partial: list[PartialReuse] = field(default_factory=list)
    candidates: int = 0  # pairs checked (for the record of how much was verified)
    passage_candidates: int = 0


class ReuseDetector:
    """Feed batches (`add`), then `finish`. Text indexes run 0, 1, 2... in the order added."""

    def __init__(self, params: ReuseParams, *, spill: Path | None = None) -> None:
        self.params = params
        self.docs = SimilarityIndex(params.bands, spill=spill, name="docs")
        self.passages = SimilarityIndex(
            params.passage_bands, spill=spill, name="passages", skip_large=True
        )
        self._starts = array("q")  # word range of each passage in its text
        self._ends = array("q")

    def __len__(self) -> int:
        return len(self.docs)

    def add(self, batch: PreparedBatch) -> None:
        base = len(self.docs)
        count = len(batch.shingles)
        self.docs.add(batch.shingles, range(base, base + count), batch.bands)
        if batch.passage_shingles is not None:
            owners = [base + o for o in batch.passage_owner]
            self.passages.add(batch.passage_shingles, owners, batch.passage_bands)
            self._starts.extend(s for s, _ in batch.passage_spans)
            self._ends.extend(e for _, e in batch.passage_spans)

    def add_texts(self, texts: Sequence[str]) -> None:
        self.add(prepare_batch(texts, self.params))

    def finish(self) -> DetectionResult:
        candidates = self.docs.candidates()
        pairs, scores = self.docs.verify(candidates, self.params.threshold)
        result = DetectionResult(pairs, scores, candidates=len(candidates))
        if self.params.passages and len(self.passages):
            result.partial, result.passage_candidates = self._partial(pairs)
        return result

    def _partial(self, full: I64) -> tuple[list[PartialReuse], int]:
        owner = np.frombuffer(self.passages.owner, dtype=np.int64).copy()
        candidates = self.passages.candidates()
        if candidates.size == 0:
            return [], 0
        n = max(len(self.docs), 1)
        known = set((full[:, 0] * n + full[:, 1]).tolist())
        docs = np.stack([owner[candidates[:, 0]], owner[candidates[:, 1]]], axis=1)
        low, high = docs.min(axis=1), docs.max(axis=1)
        fresh = ~np.isin(low * n + high, list(known)) if known else np.ones(len(low), bool)
        verified, scores = self.passages.verify(candidates[fresh], self.params.passage_threshold)
        out = []
        for (i, j), score in zip(verified.tolist(), scores.tolist(), strict=True):
            a, b = int(owner[i]), int(owner[j])
            if a > b:
                a, b, i, j = b, a, j, i
            span_i = (self._starts[i], self._ends[i])
            span_j = (self._starts[j], self._ends[j])
            out.append(PartialReuse(a, b, span_i, span_j, float(score)))
        return out, int(fresh.sum())
