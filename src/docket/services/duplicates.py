"""Duplicate review from the command line: candidate pairs with their evidence, merge, undo.

Candidates come from the same review queue the web application shows (pairs an import proposed,
then pairs the name index finds). A pair whose people are recorded as related (brothers,
spouses...) is never a duplicate and is left out; the evidence says what else speaks for or
against: birth dates, shared cases, the name rules that fired.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docket.domain.person import Person
from docket.errors import NotFound
from docket.names import Comparison, compare_names
from docket.services import editing, finding
from docket.services.store import Store
from docket.storage import account_queries, people_queries

EVERY_LEVEL = frozenset({"public", "internal", "restricted"})


@dataclass(frozen=True, slots=True)
class Evidence:
    a: str
    b: str
    a_names: tuple[str, ...]
    b_names: tuple[str, ...]
    score: float
    rules: tuple[str, ...]
    a_born: str | None
    b_born: str | None
    shared_cases: tuple[str, ...]

    @property
    def births_differ(self) -> bool:
        return bool(self.a_born and self.b_born and self.a_born[:4] != self.b_born[:4])


def _related(conn: object, a: str, b: str) -> bool:
    _, relations = people_queries.person_links(conn, a)  # type: ignore[arg-type]
    return any(r.person_id == b for r in relations)


def candidates(store: Store, *, limit: int = 50) -> list[Evidence]:
    finder = finding.NameFinder()
    finder.warm(store)
    queue = finding.review_queue(store, finder, visible=EVERY_LEVEL, limit=limit * 2) or []
    out: list[Evidence] = []
    with store.read() as conn:
        for c in queue:
            if _related(conn, c.a, c.b):
                continue
            people: dict[str, Person] = people_queries.people_by_ids(conn, [c.a, c.b])
            cases_a = {x.case_id for x in people_queries.cases_of_person(conn, c.a)}
            cases_b = {x.case_id for x in people_queries.cases_of_person(conn, c.b)}
            pa, pb = people[c.a], people[c.b]
            out.append(
                Evidence(
                    c.a,
                    c.b,
                    tuple(n.value for n in pa.names),
                    tuple(n.value for n in pb.names),
                    c.score,
                    c.rules,
                    str(pa.birth_date) if pa.birth_date else None,
                    str(pb.birth_date) if pb.birth_date else None,
                    tuple(sorted(cases_a & cases_b)),
                )
            )
            if len(out) >= limit:
                break
    return out


def compare(a: Sequence[str], b: Sequence[str]) -> Comparison:
    """Score two people's names (each a list of spellings in any script)."""
    return compare_names(a, b)


def merge(store: Store, *, keep: str, merge: str, actor: str) -> editing.Saved:
    return editing.merge_people(store, keep=keep, merge=merge, actor=actor)


def unmerge(store: Store, which: str, *, actor: str) -> editing.Saved:
    """Undo a merge, given its audit entry number or the id of the person it merged away."""
    if which.isdigit():
        return editing.undo_merge(store, int(which), actor=actor)
    with store.read() as conn:
        entries = account_queries.audit_entries(conn, record_type="person", limit=1_000_000)
    for entry in entries:  # newest first
        if entry.action == "merge" and (entry.after or {}).get("merged_id") == which:
            return editing.undo_merge(store, entry.seq, actor=actor)
    raise NotFound(f"No merge of '{which}' is recorded.")
