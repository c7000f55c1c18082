"""Search across scripts, and the duplicate candidates monitors review.

People are found by `docket.names.NameIndex` (Cyrillic, Latin, either order, -ov/-ova kept apart),
built once per process from the store and kept fresh: edits made through the audit trail are
added as they come; a new dataset load rebuilds the index in the background, and the stale index
answers meanwhile. Cases, sources and organisations are found by the words of their titles and
numbers, in the query's own script and romanised.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from sqlalchemy import Connection

from docket.names import NameIndex, parse_name, transliterate
from docket.names.comparison import THRESHOLD
from docket.services.store import Store
from docket.storage import account_queries, evidence_queries, people_queries
from docket.storage import browse_queries as bq
from docket.storage import search_queries as sq
from docket.storage.evidence_writes import SEARCH_KIND

MIN_SCORE = 0.5  # below this a name shares too little with the query to be shown


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # person, case, source, organisation
    id: str
    label: str
    score: float = 0.0


@dataclass(slots=True)
class _Built:
    index: NameIndex
    audit_seq: int
    loads: str
    pairs: list[tuple[str, str, float, tuple[str, ...]]] | None = None


@dataclass(slots=True)
class NameFinder:
    """The process's name index. `warm` builds it (call it in a background thread at start)."""

    built: _Built | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    building: bool = False

    def start(self, store: Store) -> None:
        """Build the index in a background thread (at the application's start)."""
        self._rebuild_in_background(store)

    def warm(self, store: Store) -> None:
        with store.read() as conn:
            seq, loads = account_queries.change_stamps(conn)
            index = NameIndex()
            current: str | None = None
            names: list[str] = []
            for pid, value in sq.all_person_names(conn):
                if pid != current and current is not None:
                    index.add(current, names)
                    names = []
                current = pid
                names.append(value)
            if current is not None:
                index.add(current, names)
        with self.lock:
            self.built = _Built(index, seq, loads)
            self.building = False

    def ready(self, store: Store) -> _Built | None:
        """The index, brought up to date with edits; a stale one starts a rebuild."""
        built = self.built
        if built is None and not self.building:  # the first search waits for the index
            with self.lock:
                self.building = True
            self.warm(store)
            return self.built
        with store.read() as conn:
            seq, loads = account_queries.change_stamps(conn)
            if built is None or built.loads != loads:
                self._rebuild_in_background(store)
                return built
            if seq > built.audit_seq:
                changed = account_queries.audit_entries(
                    conn,
                    record_type="person",
                    after_seq=built.audit_seq,
                    limit=100_000,
                    newest_first=False,
                )
                ids = sorted({e.record_id for e in changed})
                fresh = people_queries.people_by_ids(conn, ids)
                with self.lock:
                    for person in fresh.values():
                        built.index.add_person(person)
                    built.audit_seq = seq
                    built.pairs = None
        return built

    def _rebuild_in_background(self, store: Store) -> None:
        with self.lock:
            if self.building:
                return
            self.building = True
        threading.Thread(target=self.warm, args=(store,), daemon=True).start()

    def duplicate_pairs(self, store: Store) -> list[tuple[str, str, float, tuple[str, ...]]] | None:
        """Pairs of people whose names match, best first (None while the index is built)."""
        built = self.ready(store)
        if built is None:
            return None
        if built.pairs is None:
            found = built.index.candidate_pairs(THRESHOLD)
            built.pairs = [(a, b, c.score, tuple(c.explain.rules)) for a, b, c in found]
        return built.pairs


def _variants(text: str) -> list[str]:
    """The query as typed, and romanised when it has Cyrillic letters."""
    out = [text]
    for system in ("icao", "bgn"):
        latin = transliterate(text, system)
        if latin not in out:
            out.append(latin)
    return out


def search(
    store: Store,
    finder: NameFinder,
    text: str,
    *,
    visible: frozenset[str],
    limit: int = 20,
) -> list[Hit]:
    """People, cases, sources and organisations matching the query, whatever its spelling or
    script; only records the reader may see."""
    text = " ".join(text.split())[:200]
    if not text:
        return []
    people: dict[str, float] = {}
    built = finder.ready(store)
    if built is not None and parse_name(text).tokens:
        # edits add to the index in place; Python runs one search at a time anyway
        with finder.lock:
            ranked = built.index.search(text, limit=limit * 2)
        for pid, score in ranked:
            if score >= MIN_SCORE:
                people[pid] = score
    with store.read() as conn:
        if len(people) < limit:  # words of a summary or occupation, or the index not built yet
            for variant in _variants(text):
                for pid in sq.person_text_search(conn, variant, visible, limit=limit):
                    people.setdefault(pid, 0.0)
        ok = bq.visible_ids(conn, "person", sorted(people), visible)
        names = people_queries.person_names(conn, sorted(ok))
        hits = [Hit("person", pid, names[pid], score) for pid, score in people.items() if pid in ok]
        hits.sort(key=lambda h: (-h.score, h.label))
        hits = hits[:limit]
        titled = _titles(conn, _variants(text), visible, limit=limit)
        for kind in ("case", "source", "organisation"):
            hits.extend(Hit(kind, rid, label) for rid, label in list(titled[kind].items())[:limit])
    return hits


def _titles(
    conn: Connection, variants: list[str], visible: frozenset[str], *, limit: int
) -> dict[str, dict[str, str]]:
    """kind -> id -> title of the cases, sources (by their titles, then by the pages captured
    for them) and organisations matching any spelling, in the spellings' order."""
    found: dict[str, dict[str, str]] = {"case": {}, "source": {}, "organisation": {}}
    for variant in variants:
        if conn.dialect.name == "sqlite":  # one full-text query for every kind
            titled = sq.titles_matching_sqlite(
                conn, variant, visible, limit=limit, captures=SEARCH_KIND
            )
            pages = list(titled[SEARCH_KIND])
            titled["source"] |= evidence_queries.sources_of_captures(
                conn, pages, visible, limit=limit
            )
        else:
            titled = {
                kind: sq.title_search(conn, kind, variant, visible, limit=limit) for kind in found
            }
            titled["source"] |= evidence_queries.sources_matching(
                conn, variant, visible, limit=limit
            )
        for kind in found:
            found[kind].update(titled[kind])
    return found


@dataclass(frozen=True, slots=True)
class Candidate:
    a: str
    b: str
    a_name: str
    b_name: str
    score: float
    rules: tuple[str, ...]


def review_queue(
    store: Store, finder: NameFinder, *, visible: frozenset[str], limit: int = 100
) -> list[Candidate] | None:
    """Pairs of people who may be one person: those an import proposed (duplicate_candidate),
    then those the name index finds, best first; leaving out pairs a monitor marked as
    different people and people merged since (None while the name index is built)."""
    pairs = finder.duplicate_pairs(store)
    with store.read() as conn:
        stored = [
            (a, b, score, (f"proposed by {src}",)) for a, b, score, src in bq.open_candidates(conn)
        ]
        dismissed = {
            e.record_id
            for e in account_queries.audit_entries(conn, record_type="person_pair", limit=1_000_000)
            if e.action == "not_duplicate"
        }
        seen: set[str] = set()
        wanted = []
        for a, b, score, rules in stored + (pairs or []):
            key = f"{min(a, b)}|{max(a, b)}"
            if key not in dismissed and key not in seen:
                seen.add(key)
                wanted.append((a, b, score, rules))
        ids = sorted({i for p in wanted[: limit * 3] for i in p[:2]})
        ok = bq.visible_ids(conn, "person", ids, visible)
        names = people_queries.person_names(conn, sorted(ok))
    if pairs is None and not wanted:
        return None
    out = [
        Candidate(a, b, names[a], names[b], score, rules)
        for a, b, score, rules in wanted
        if a in ok and b in ok
    ]
    return out[:limit]
