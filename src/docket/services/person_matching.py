"""Which person a row of an import is about: one already in Docket, an earlier row, or new.

A row links to an existing person only when exactly one person's names match it with
confidence (`docket.names.THRESHOLD`) and no birth date contradicts it. When the match is
uncertain (a near miss, several confident matches, or a birth date that disagrees) the row
becomes a new person and the pair goes to the duplicate review list: nothing is merged here.

Within the file, rows with the same `key` column are one person; rows that spell one name
the same way (the same name keys, in any script or order) are too, unless their birth dates
disagree. Rows are not compared with each other fuzzily: that is `docket people duplicates`'
job over the whole store, and keeps a million-row import from comparing every pair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from docket.domain.dates import DateError, PartialDate
from docket.names import THRESHOLD, Comparison, NameIndex, compare_names, parse_name

REVIEW_FLOOR = 0.65  # below this a pair is not worth a reviewer's time (relatives score 0.6)
SEARCH_LIMIT = 5
SEARCH_CACHE = 10_000  # names searched that are remembered (lists repeat names)


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: str
    comparison: Comparison
    reason: str


@dataclass(slots=True)
class Resolution:
    person_id: str
    new: bool
    how: str = ""  # for a link: "name", "key" or "same name as row N"
    score: float = 1.0
    matched_name: str = ""
    review: list[Candidate] = field(default_factory=list)


def _date(text: str | None) -> PartialDate | None:
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except DateError:
        return None


def births_agree(a: PartialDate | None, b: PartialDate | None) -> bool:
    return a is None or b is None or (a.lo <= b.hi and b.lo <= a.hi)


_DAY_BITS = 22  # date.max.toordinal() < 2**22


def _pack(row: int, born: PartialDate | None) -> int:
    """A row and the days a birth date spans, as one int (0 days: no birth date)."""
    lo, hi = (born.lo.toordinal(), born.hi.toordinal()) if born else (0, 0)
    return (row << (2 * _DAY_BITS)) | (lo << _DAY_BITS) | hi


def _unpack(packed: int) -> tuple[int, int, int]:
    mask = (1 << _DAY_BITS) - 1
    return packed >> (2 * _DAY_BITS), (packed >> _DAY_BITS) & mask, packed & mask


def signature(name: str) -> tuple[str, ...] | None:
    """The name's parts as keys, sorted: equal for one name in any script or order."""
    keys = tuple(sorted(t.key for t in parse_name(name).tokens if not t.is_initial))
    return keys if len(keys) >= 2 else None


class PersonMatcher:
    """Resolves rows to people; holds the store's people in a NameIndex."""

    def __init__(
        self, people: Iterable[tuple[str, list[str], str | None]], new_id: Callable[[int], str]
    ) -> None:
        """`people`: (id, names, birth date) of everyone already in Docket; `new_id`: the id of
        the person a row creates, from its row number."""
        self.new_id = new_id
        self.index = NameIndex()
        self.names: dict[str, list[str]] = {}
        self.births: dict[str, PartialDate | None] = {}
        for pid, names, born in people:
            if names:
                self.index.add(pid, names)
            self.names[pid] = names
            self.births[pid] = _date(born)
        # Per row, only small numbers are kept (a row, a hash): a million-row file stays small.
        self.by_key: dict[int, str] = {}  # hash of the key -> person id
        self.by_signature: dict[int, int] = {}  # hash of the name's keys -> _pack(row, birth)
        self._searches: dict[tuple[str, ...], list[tuple[str, float]]] = {}

    def __len__(self) -> int:
        return len(self.names)

    def resolve(
        self,
        names: Sequence[str],
        born: PartialDate | None,
        *,
        key: str | None,
        row: int,
    ) -> Resolution:
        if key is not None and hash(key) in self.by_key:
            return Resolution(self.by_key[hash(key)], False, how="key")
        sig = signature(names[0]) if names else None
        found = self._in_file(sig, born)
        if found is None:
            found = self._in_store(names, born, self.new_id(row))
        if found.new and sig is not None:
            self.by_signature.setdefault(hash(sig), _pack(row, born))
        if key is not None:
            self.by_key[hash(key)] = found.person_id
        return found

    def _in_file(self, sig: tuple[str, ...] | None, born: PartialDate | None) -> Resolution | None:
        earlier = self.by_signature.get(hash(sig)) if sig is not None else None
        if earlier is None:
            return None
        their_row, lo, hi = _unpack(earlier)
        if born is None or lo == 0 or (born.lo.toordinal() <= hi and lo <= born.hi.toordinal()):
            return Resolution(self.new_id(their_row), False, how=f"same name as row {their_row}")
        return None  # namesakes born apart: compared with the store, then kept apart

    def _in_store(self, names: Sequence[str], born: PartialDate | None, new_id: str) -> Resolution:
        if not len(self.index):
            return Resolution(new_id, True)
        query = tuple(names)
        hits = self._searches.get(query)
        if hits is None:
            hits = self.index.search(list(query), limit=SEARCH_LIMIT)
            if len(self._searches) < SEARCH_CACHE:
                self._searches[query] = hits
        confident = [(pid, s) for pid, s in hits if s >= THRESHOLD]
        agreeing = [(pid, s) for pid, s in confident if births_agree(born, self.births[pid])]
        if len(confident) == 1 and len(agreeing) == 1:
            pid, score = agreeing[0]
            return Resolution(pid, False, how="name", score=score, matched_name=self.names[pid][0])
        review: list[Candidate] = []
        for pid, score in hits:
            if score < REVIEW_FLOOR:
                continue
            if score >= THRESHOLD and len(confident) > 1:
                reason = f"{len(confident)} people in Docket match this name"
            elif score >= THRESHOLD:
                reason = "the names match but the birth dates differ"
            else:
                reason = "the names are close but not close enough to be sure"
            review.append(Candidate(pid, compare_names(list(names), self.names[pid]), reason))
        return Resolution(new_id, True, review=review)
