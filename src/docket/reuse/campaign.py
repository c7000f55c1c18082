"""Campaigns: connected components of verified reuse across different sites.

Only pairs on different sites link texts (a site republishing itself is not a campaign), and
only pairs at or above the threshold: a lifted paragraph is reported as partial reuse beside a
campaign, never joins two campaigns.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from docket.reuse.index import F64, I64


@dataclass(frozen=True, slots=True)
class Cluster:
    members: tuple[int, ...]  # text indexes, ascending
    edges: tuple[tuple[int, int, float], ...]  # verified cross-site pairs inside


def _find(parent: dict[int, int], x: int) -> int:
    root = x
    while parent.get(root, root) != root:
        root = parent[root]
    while parent.get(x, x) != root:  # path compression
        parent[x], x = root, parent[x]
    return root


def build_clusters(
    sites: Sequence[int] | Mapping[int, int],
    pairs: I64,
    scores: F64,
    *,
    threshold: float,
    min_sites: int = 2,
) -> list[Cluster]:
    """Components of the verified cross-site pairs at `threshold` that span `min_sites` sites,
    largest first."""
    parent: dict[int, int] = {}
    edges: list[tuple[int, int, float]] = []
    for (i, j), score in zip(pairs.tolist(), scores.tolist(), strict=True):
        if score < threshold or sites[i] == sites[j]:
            continue
        edges.append((i, j, float(score)))
        ri, rj = _find(parent, i), _find(parent, j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = defaultdict(list)
    for node in {n for e in edges for n in e[:2]}:
        groups[_find(parent, node)].append(node)
    by_root: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for e in edges:
        by_root[_find(parent, e[0])].append(e)
    out = []
    for root, members in groups.items():
        if len({sites[m] for m in members}) >= min_sites:
            out.append(Cluster(tuple(sorted(members)), tuple(sorted(by_root[root]))))
    out.sort(key=lambda c: (-len(c.members), c.members[0]))
    return out


def likely_original(
    members: Sequence[int],
    dates: Mapping[int, date | None],
    edges: Sequence[tuple[int, int, float]],
) -> tuple[int, str]:
    """The member the others most likely copy, and why: the earliest published; where dates
    are missing or tie, the one most others were verified against (the hub)."""
    degree: Counter[int] = Counter()
    for i, j, _ in edges:
        degree[i] += 1
        degree[j] += 1
    dated = [m for m in members if dates.get(m) is not None]
    if dated:
        first = min(dates[m] for m in dated)  # type: ignore[type-var]
        earliest = [m for m in dated if dates[m] == first]
        best = max(earliest, key=lambda m: (degree[m], -m))
        if len(earliest) == 1:
            return best, f"earliest publication ({first.isoformat()})"  # type: ignore[union-attr]
        return best, (
            f"earliest publication ({first.isoformat()}, shared by {len(earliest)}), "  # type: ignore[union-attr]
            "then the most copies verified against it"
        )
    best = max(members, key=lambda m: (degree[m], -m))
    return best, "no publication dates: the text the most copies were verified against"


def spread(dates: Sequence[date]) -> list[tuple[str, int]]:
    """Publications per day, in order: how fast the text went round."""
    counts = Counter(d.isoformat() for d in dates)
    return sorted(counts.items())


def shared_infrastructure(
    site_ids: Mapping[str, Mapping[str, Sequence[str]]],
) -> list[tuple[str, str, list[str]]]:
    """(kind, identifier, sites) for every analytics or ad ID, or page template, that two or
    more of the sites share. `site_ids` maps a site to {kind: identifiers seen on its pages}."""
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for site, kinds in site_ids.items():
        for kind, values in kinds.items():
            for value in values:
                seen[(kind, value)].add(site)
    shared = [(k, v, sorted(s)) for (k, v), s in seen.items() if len(s) >= 2]
    shared.sort(key=lambda x: (-len(x[2]), x[0], x[1]))
    return shared


def as_array(pairs: Sequence[tuple[int, int]]) -> I64:
    return np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
