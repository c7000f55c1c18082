"""Text reuse: near-duplicate and lifted-passage detection, and campaigns built from it.

Pure algorithms on numpy: word shingles, one-permutation MinHash with LSH banding, verification
by exact Jaccard, and connected components across sites. No database, no network; the only
files touched are the spill files a `SimilarityIndex` is given a folder for.
"""

from docket.reuse.detect import DetectionResult, ReuseDetector, ReuseParams
from docket.reuse.text import words

__all__ = ["DetectionResult", "ReuseDetector", "ReuseParams", "words"]
