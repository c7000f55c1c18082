"""nomenklatura's side of the duplicates benchmark: its xref blocking index and logic-v2.

nomenklatura's `xref()` needs a resolver database; its two costly steps are reproduced here
exactly as xref runs them: `nomenklatura.blocker.Index` (DuckDB) is built over the entities
of a `MemoryStore` and ranks candidate pairs (`Index.pairs`), then each pair is scored with a
matcher (`LogicV2.compare`). The blocking is timed on all records; logic-v2 scoring is timed
on a sample of the ranked pairs and extrapolated, since scoring all of them takes too long.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

from followthemoney import Dataset, StatementEntity
from nomenklatura.blocker import Index
from nomenklatura.matching import LogicV2
from nomenklatura.resolver import Linker
from nomenklatura.store.memory import MemoryStore

XREF_DEFAULT_PAIRS = 5000 * 10  # xref(limit=5000, limit_factor=10)


def run_nomenklatura(
    records: list[tuple[str, str]],
    planted: set[tuple[str, str]],
    docket_times: tuple[float, float],
    docket_pairs: int,
    score_sample: int,
) -> None:
    """Time nomenklatura on the same records; `docket_times` is Docket's (wall, CPU) seconds."""
    logging.getLogger("nomenklatura").setLevel(logging.WARNING)
    dataset = Dataset.make({"name": "names_bench", "title": "Names benchmark"})
    started = time.perf_counter()
    cpu_started = time.process_time()
    store: MemoryStore[Dataset, StatementEntity] = MemoryStore(dataset, Linker({}))
    entities: dict[str, StatementEntity] = {}
    with store.writer() as writer:
        for rid, name in records:
            entity = StatementEntity(dataset, {"schema": "Person", "id": rid})
            entity.add("name", name)
            writer.add_entity(entity)
            entities[rid] = entity
    loaded = time.perf_counter()
    max_pairs = max(docket_pairs, XREF_DEFAULT_PAIRS)
    with tempfile.TemporaryDirectory() as tmp:
        index = Index(store.default_view(), Path(tmp))
        index.build()
        built = time.perf_counter()
        ranked = [(left.id, right.id) for (left, right), _ in index.pairs(max_pairs=max_pairs)]
        index.close()
    done = time.perf_counter()
    cpu = time.process_time() - cpu_started

    def recall(pairs: list[tuple[str, str]]) -> float:
        found = {(a, b) if int(a[1:]) < int(b[1:]) else (b, a) for a, b in pairs}
        return len(found & planted) / max(1, len(planted))

    print("\nnomenklatura blocking (nomenklatura.blocker.Index, as used by xref)")
    print(f"  store loaded in {loaded - started:.1f} s, index built in {built - loaded:.1f} s,")
    print(f"  {len(ranked):,} pairs ranked in {done - built:.1f} s")
    print(f"  wall time: {done - started:.1f} s (CPU time {cpu:.1f} s, DuckDB threads included)")
    print(
        f"  planted pairs among its top {XREF_DEFAULT_PAIRS:,} pairs (xref default budget): "
        f"recall {recall(ranked[:XREF_DEFAULT_PAIRS]):.3f}"
    )
    print(
        f"  planted pairs among its top {len(ranked):,} pairs (as many as Docket compared): "
        f"recall {recall(ranked):.3f}"
    )

    sample = ranked[:: max(1, len(ranked) // score_sample)][:score_sample]
    config = LogicV2.default_config()
    scored_at, cpu_scored_at = time.perf_counter(), time.process_time()
    for left, right in sample:
        LogicV2.compare(entities[left], entities[right], config)
    per_pair = (time.perf_counter() - scored_at) / max(1, len(sample))
    cpu_per_pair = (time.process_time() - cpu_scored_at) / max(1, len(sample))
    estimate = (done - started) + per_pair * len(ranked)
    cpu_estimate = cpu + cpu_per_pair * len(ranked)
    docket_wall, docket_cpu = docket_times
    print(f"  logic-v2 scoring: {per_pair * 1000:.2f} ms per pair on {len(sample):,} sampled pairs")
    print(
        f"  estimated xref time (blocking + scoring {len(ranked):,} pairs): {estimate:.0f} s wall"
    )
    print(f"  ratio nomenklatura / Docket: blocking alone {(done - started) / docket_wall:.1f}x")
    print(f"  wall, {cpu / docket_cpu:.1f}x CPU; blocking + scoring (estimated)")
    print(f"  {estimate / docket_wall:.1f}x wall, {cpu_estimate / docket_cpu:.1f}x CPU")
