"""Where the heavy part of a scan runs: in this process, or on a Dask cluster.

Both engines take batches of corpus records and give back, in order, the extracted articles and
the detector's share of the work (`PreparedBatch`) for the articles that can be compared. The
Dask engine sends a window of batches at a time (a dask.bag of batches), so memory stays bounded
on the driver however large the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from docket.errors import Problem, ValidationFailed
from docket.interchange.corpus import CorpusRecord
from docket.interchange.corpus_extract import Article, extract
from docket.reuse.detect import PreparedBatch, ReuseParams, prepare_batch

ENGINES = ("local", "dask")


@dataclass(slots=True)
class BatchResult:
    articles: list[Article]
    compared: list[int]  # indexes (in `articles`) of the articles given to the detector
    prepared: PreparedBatch


def work(records: list[CorpusRecord], params: ReuseParams) -> BatchResult:
    """Extract a batch and prepare it for the detector (runs on a worker for Dask)."""
    articles = [extract(r) for r in records]
    compared = [n for n, a in enumerate(articles) if a.usable]
    prepared = prepare_batch([articles[n].text for n in compared], params)
    return BatchResult(articles, compared, prepared)


def run_local(batches: Iterable[list[CorpusRecord]], params: ReuseParams) -> Iterator[BatchResult]:
    for batch in batches:
        yield work(batch, params)


def run_dask(
    batches: Iterable[list[CorpusRecord]],
    params: ReuseParams,
    *,
    scheduler: str | None = None,
    workers: int = 2,
) -> Iterator[BatchResult]:
    """Batches on a Dask cluster: the one at `scheduler`, or a local one of `workers`
    processes started (and stopped) here."""
    try:
        import dask.bag as db
        import distributed as dist
    except ImportError as err:
        raise ValidationFailed(
            [Problem("the Dask engine needs dask and distributed (pip install docket[cluster])")]
        ) from err
    engine: Any = dist  # distributed's API is untyped
    cluster: Any = None
    if scheduler is None:
        cluster = engine.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    client: Any = engine.Client(scheduler or cluster)
    try:
        window: list[list[CorpusRecord]] = []
        size = max(2, 2 * workers)
        for batch in batches:
            window.append(batch)
            if len(window) >= size:
                yield from _compute(db, client, window, params)
                window = []
        if window:
            yield from _compute(db, client, window, params)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _compute(
    db: Any, client: Any, window: list[list[CorpusRecord]], params: ReuseParams
) -> list[BatchResult]:
    bag = db.from_sequence(window, npartitions=len(window)).map(work, params)
    results: list[BatchResult] = bag.compute(scheduler=client)
    return results
