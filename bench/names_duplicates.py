"""Find planted duplicates among 100,000 fictional people with NameIndex.candidate_pairs.

    .venv/bin/python -m bench.names_duplicates [--records 100000] [--seed 20211101]
        [--nomenklatura] [--score-sample 2000]

Prints wall time, candidate pairs found, and recall of the planted pairs (a planted pair is two
records of one fictional person, spelled differently; see names_fiction.py). Pairs of different
people who happen to share a name (namesakes) are counted apart: a name matcher cannot and
should not tell them apart. With --nomenklatura, also times nomenklatura's blocking index (the
one its xref uses) on the same records, and its logic-v2 matcher on a sample of its pairs.
"""

from __future__ import annotations

import argparse
import gc
import os
import time

from bench.names_fiction import make_records
from docket.names import THRESHOLD, NameIndex


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20211101)
    parser.add_argument("--nomenklatura", action="store_true", help="also time nomenklatura")
    parser.add_argument("--score-sample", type=int, default=2000, help="pairs for logic-v2")
    args = parser.parse_args()

    records, planted, owner = make_records(args.records, 0.05, args.seed)
    print(f"records: {len(records):,}, planted duplicate pairs: {len(planted):,}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")

    gc.collect()
    cpu_started = time.process_time()
    started = time.perf_counter()
    index = NameIndex()
    for rid, name in records:
        index.add(rid, [name])
    built = time.perf_counter()
    pairs = index.candidate_pairs(min_score=THRESHOLD)
    done = time.perf_counter()
    cpu = time.process_time() - cpu_started
    found = {(a, b) if int(a[1:]) < int(b[1:]) else (b, a) for a, b, _ in pairs}
    hits = planted & found
    namesakes = sum(1 for a, b in found - planted if _same_name(owner[a], owner[b]))
    print("\nDocket NameIndex (blocking + compare_names), threshold", THRESHOLD)
    print(f"  index built in {built - started:.1f} s, candidate_pairs in {done - built:.1f} s")
    print(f"  wall time: {done - started:.1f} s (CPU time {cpu:.1f} s; the two differ when")
    print("  other programs share the machine)")
    print(f"  pairs compared (blocked): {index.last_compared:,}")
    print(f"  candidate pairs >= threshold: {len(found):,}")
    print(
        f"  planted pairs found: {len(hits):,} / {len(planted):,}  recall {_ratio(hits, planted)}"
    )
    print(f"  other pairs: {len(found) - len(hits):,}, of which namesakes {namesakes:,}")
    print(f"  other pairs that are not namesakes: {len(found) - len(hits) - namesakes:,}")

    print(f"  load average {os.getloadavg()[0]:.1f} at the end")
    if args.nomenklatura:
        from bench.names_nomenklatura import run_nomenklatura

        run_nomenklatura(
            records, planted, (done - started, cpu), index.last_compared, args.score_sample
        )


def _same_name(a: object, b: object) -> bool:
    keys = ("kazakh", "female", "given", "surname_stem")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def _ratio(part: set[tuple[str, str]], whole: set[tuple[str, str]]) -> str:
    return f"{len(part) / max(1, len(whole)):.3f}"


if __name__ == "__main__":
    main()
