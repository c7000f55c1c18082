"""Search gives what it gave before its shortcuts: the name index ranks as when it scored every
candidate (it now scores people written alike once, and stops when nothing can enter the
top), and on SQLite one full-text query for cases, sources and organisations finds what one
query per kind found."""

from __future__ import annotations

import heapq
import random

import pytest
from sqlalchemy import text

from docket.names import NameIndex, parse_name
from docket.names.comparison import best_pair
from docket.names.index import RARE, SEARCH_BLOCK, block_keys, token_codes
from docket.services import finding
from docket.services.loading import load_dataset
from docket.services.store import Store
from docket.storage import evidence_queries
from docket.storage import search_queries as sq
from tests.conftest import FICTIONAL

VISIBLE = [
    frozenset({"public"}),
    frozenset({"public", "internal"}),
    frozenset({"public", "internal", "restricted"}),
]


def _every_candidate(index: NameIndex, query: str, limit: int) -> list[tuple[str, float]]:
    """The ranking as the index made it before: every candidate of the blocks scored."""
    names = [parse_name(query)]
    keys = {key for name in names for key in block_keys(name)}
    keys |= {(code, RARE) for name in names for t in name.tokens for code in token_codes(t)}
    positions: set[int] = set()
    widest: set[int] = set()
    for key in keys:
        members = index._blocks.get(key, set())
        if key[1] != RARE or len(members) <= SEARCH_BLOCK:
            positions |= members
        else:
            widest |= members
    scored = []
    for position in positions or widest:
        best = best_pair(names, index._names[position])
        if best is not None and best.score > 0:
            scored.append((best.score, position))
    top = heapq.nlargest(limit, scored, key=lambda item: (item[0], -item[1]))
    return [(index._ids[p], score) for score, p in top]


@pytest.fixture
def fictional(store: Store) -> Store:
    load_dataset(store, FICTIONAL)
    return store


def _fictional_names(store: Store) -> list[tuple[str, str]]:
    with store.read() as conn:
        return list(conn.execute(text("SELECT person_id, value FROM person_name ORDER BY id")))


@pytest.mark.parametrize("limit", [1, 3, 10, 40])
def test_the_index_ranks_as_when_it_scored_every_candidate(fictional: Store, limit: int) -> None:
    """The fictional names, each written by many people (as common names are), with variants
    that score below 1.0 (a letter changed, a part dropped, the other gender)."""
    rng = random.Random(limit)
    written = [value for _, value in _fictional_names(fictional)]
    variants = written + [w[:-1] for w in written] + [w.split()[0] for w in written]
    variants += [w + "a" for w in written] + [" ".join(reversed(w.split())) for w in written]
    index = NameIndex()
    for n in range(600):
        index.add(f"p{n:04d}", rng.sample(variants, rng.randint(1, 2)))
    queries = written + rng.sample(variants, 10)
    assert any(len(_every_candidate(index, q, 40)) == 40 for q in queries)  # full tops
    for query in queries:
        assert index.search(query, limit=limit) == _every_candidate(index, query, limit), query


def _per_kind(
    store: Store, variants: list[str], visible: frozenset[str], limit: int
) -> dict[str, dict[str, str]]:
    """Titles found as before: one full-text query per kind and spelling."""
    found: dict[str, dict[str, str]] = {"case": {}, "source": {}, "organisation": {}}
    with store.read() as conn:
        for kind in found:
            for variant in variants:
                found[kind].update(sq.title_search(conn, kind, variant, visible, limit=limit))
                if kind == "source":
                    found[kind].update(
                        evidence_queries.sources_matching(conn, variant, visible, limit=limit)
                    )
    return found


@pytest.mark.parametrize(
    "query", ["Case against", "Нурланова", "Айгерим Нурланова", "court", "news", "Sarsenov"]
)
def test_titles_are_found_as_one_query_per_kind_found_them(fictional: Store, query: str) -> None:
    found_any = False
    for visible in VISIBLE:
        for limit in (1, 20):
            variants = finding._variants(query)
            with fictional.read() as conn:
                titled = finding._titles(conn, variants, visible, limit=limit)
            assert titled == _per_kind(fictional, variants, visible, limit)
            found_any = found_any or any(titled.values())
    if query in ("Case against", "court"):
        assert found_any
