"""An in-memory index of people's names, for search and for finding likely duplicates.

Blocking: each name part gets a code, the consonants of its key's stem (so Жүсіпов and
Jussupov, Бауыржан and Baurzhan, Amirov and Amirova share one), plus the codes of the full names
a short form stands for. A name falls into one block per ordered pair of its parts: the whole
code of one part with the first three consonants of the other (in any order). Two people are
compared only when they share a block, so one part may carry a typo after its third consonant
or a swap within the first three. A block with more than `max_block` people is split by exact
stems, so that a very common name does not make the work quadratic. A part whose code is rare
(at most `rare_block` people share it, as most surnames in real lists: Mendygazyev) also blocks
on its own, which catches a typo in the other part's first consonants (Barlyk, Baryk).

Limits: a typo in the first three consonants of one part, with the other part's code changed
too, escapes blocking unless that code is rare; one-part names are blocked only with other
one-part names, and initials do not block: neither can reach the match threshold on its own.
`search` looks wider than blocking: anyone sharing one part's code with the query.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import combinations

from docket.domain.person import Name, Person
from docket.names.comparison import THRESHOLD, Comparison, best_pair
from docket.names.key import split_suffix
from docket.names.short_form import short_forms
from docket.names.token import NameToken, ParsedName, make_token, parse_name

BlockKey = tuple[str, str]

CODE_LENGTH = 3
MAX_BLOCK = 300
RARE_BLOCK = 10
SEARCH_BLOCK = 2000
RARE = "*"  # the second half of a block key made of one part's code alone
_MAX_PARTS = 5  # parts of one name used for blocking


def token_codes(token: NameToken) -> frozenset[str]:
    """Blocking codes of one name part (its consonants); empty for initials."""
    return _codes(token.folded)


@lru_cache(maxsize=131072)
def _codes(folded: str) -> frozenset[str]:
    token = make_token(folded, folded)
    if token.is_initial:
        return frozenset()
    codes = {_code(token.stem)}
    for full_key in short_forms().get(token.key, frozenset()):
        codes.add(_code(split_suffix(full_key)[0]))
    return frozenset(codes)


def _code(stem: str) -> str:
    consonants = "".join(c for c in stem if c not in "aeiou")
    return consonants or stem


def _head(code: str) -> str:
    """First consonants of a code, in sorted order, so that swapping two of them (Nurgaliev,
    Nugraliev) keeps the block."""
    return "".join(sorted(code[:CODE_LENGTH]))


def block_keys(name: ParsedName) -> set[BlockKey]:
    """The blocks a name falls into: (code of one part, first consonants of another)."""
    codes = [token_codes(t) for t in name.tokens[:_MAX_PARTS]]
    codes = [c for c in codes if c]
    if len(codes) == 1:
        return {(code, "") for code in codes[0]}
    keys: set[BlockKey] = {(code, RARE) for part in codes for code in part}
    for i, whole in enumerate(codes):
        for j, other in enumerate(codes):
            if i != j:
                keys.update((w, _head(o)) for w in whole for o in other)
    return keys


class NameIndex:
    """People by name. Add people, then `search` by name or list `candidate_pairs` to review.

    >>> index = NameIndex()
    >>> index.add("p1", ["Yerulan Amirov", "Ерулан Әміров"])
    >>> index.search("Ерулан Амиров")[0][0]
    'p1'
    """

    def __init__(
        self,
        *,
        threshold: float = THRESHOLD,
        max_block: int = MAX_BLOCK,
        rare_block: int = RARE_BLOCK,
    ) -> None:
        self.threshold = threshold
        self.max_block = max_block
        self.rare_block = rare_block
        self._ids: list[str] = []
        self._positions: dict[str, int] = {}
        self._names: list[list[ParsedName]] = []
        self._blocks: defaultdict[BlockKey, set[int]] = defaultdict(set)
        self.last_compared = 0  # pairs compared by the last candidate_pairs call

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, person_id: str, names: Iterable[str | Name]) -> None:
        """Index a person's names. Adding the same id again adds to its names."""
        position = self._positions.get(person_id)
        if position is None:
            position = len(self._ids)
            self._positions[person_id] = position
            self._ids.append(person_id)
            self._names.append([])
        for name in names:
            parsed = parse_name(name.value if isinstance(name, Name) else name)
            if not parsed.tokens:
                continue
            self._names[position].append(parsed)
            for key in block_keys(parsed):
                self._blocks[key].add(position)

    def add_person(self, person: Person) -> None:
        """Index a domain Person under its id, with all its names."""
        self.add(person.id, person.names)

    def search(self, query: str | Sequence[str], limit: int = 10) -> list[tuple[str, float]]:
        """The people whose names best match `query` (one name, or a person's list of names),
        best first, as (person_id, score). Scores below the threshold are kept: they rank
        partial matches ("Amirov" finds every Amirov), and the caller decides."""
        names = [parse_name(q) for q in ([query] if isinstance(query, str) else query)]
        names = [n for n in names if n.tokens]
        keys = {key for name in names for key in block_keys(name)}
        keys |= {(code, RARE) for name in names for t in name.tokens for code in token_codes(t)}
        positions: set[int] = set()
        widest: set[int] = set()
        for key in keys:
            members = self._blocks.get(key, set())
            # People who share only one common part with the query (every Nurlan) are looked
            # at only when nothing better is there.
            if key[1] != RARE or len(members) <= SEARCH_BLOCK:
                positions |= members
            else:
                widest |= members
        if limit <= 0:
            return []
        # The best `limit` so far as (score, -position), the worst first. Positions come in
        # order, so a later one must score above the worst kept to enter (an equal score loses
        # to the earlier position): once `limit` names score 1.0 nothing can, and above the
        # cap of names that differ in a part such pairs need no scoring (`best_pair`'s floor).
        # People written alike (many share a common name) are scored once: the score depends
        # on the names' text alone; None marks names that could not enter, nor can later.
        kept: list[tuple[float, int]] = []
        scores: dict[tuple[str, ...], float | None] = {}
        for position in sorted(positions or widest):
            floor = kept[0][0] if len(kept) == limit else None
            if floor is not None and floor >= 1.0:
                break
            written = tuple(n.text for n in self._names[position])
            if written in scores:
                score = scores[written]
            else:
                best = best_pair(names, self._names[position], floor=floor)
                score = None if best is None or (floor and best.score < floor) else best.score
                scores[written] = score
            if score is None or score <= 0:
                continue
            item = (score, -position)
            if floor is None:
                heapq.heappush(kept, item)
            elif item > kept[0]:
                heapq.heapreplace(kept, item)
        return [(self._ids[-p], score) for score, p in sorted(kept, reverse=True)]

    def candidate_pairs(self, min_score: float = THRESHOLD) -> list[tuple[str, str, Comparison]]:
        """Pairs of indexed people whose names score at least `min_score`, best first.

        Only people who share a block are compared (see the module docs), not all pairs.
        """
        results: list[tuple[str, str, Comparison]] = []
        blocked = self._blocked_pairs()
        self.last_compared = len(blocked)
        for a, b in sorted(blocked):
            best = best_pair(self._names[a], self._names[b], floor=min_score)
            if best is not None and best.score >= min_score:
                match = best.score >= self.threshold
                comparison = Comparison(best.score, match, self.threshold, best.explain())
                results.append((self._ids[a], self._ids[b], comparison))
        results.sort(key=lambda r: (-r[2].score, r[0], r[1]))
        return results

    def _blocked_pairs(self) -> set[tuple[int, int]]:
        pairs: set[tuple[int, int]] = set()
        for key, members in self._blocks.items():
            if len(members) < 2 or (key[1] == RARE and len(members) > self.rare_block):
                continue
            for group in self._split(members):
                pairs.update(combinations(sorted(group), 2))
        return pairs

    def _split(self, members: set[int]) -> Iterator[set[int]]:
        """A block small enough as it is, or its members grouped by pairs of exact stems."""
        if len(members) <= self.max_block:
            yield members
            return
        groups: defaultdict[tuple[str, ...], set[int]] = defaultdict(set)
        for position in members:
            for name in self._names[position]:
                stems = sorted({t.stem for t in name.tokens[:_MAX_PARTS] if not t.is_initial})
                for pair in combinations(stems, 2) if len(stems) > 1 else [tuple(stems)]:
                    groups[pair].add(position)
        yield from (g for g in groups.values() if len(g) > 1)
