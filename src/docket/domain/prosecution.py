"""Prosecutions: one per person and case (the unit briefings count as "prosecuted")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from docket.domain.case import Case
from docket.domain.event import Event
from docket.domain.status import SUBJECT_ROLES

VERDICT_KINDS = frozenset({"verdict", "verdict_in_absentia"})


@dataclass(frozen=True, slots=True)
class Prosecution:
    person_id: str
    case_id: str
    opened: date | None  # the first day an event of the case certainly concerned them
    convicted: date | None  # the first verdict against them in the case


def derive_prosecutions(cases: Iterable[Case], events: Iterable[Event]) -> list[Prosecution]:
    """Every defendant of every case, dated by the case's events that concern them."""
    opened: dict[tuple[str, str], date] = {}
    convicted: dict[tuple[str, str], date] = {}
    for e in events:
        if e.case_id is None:
            continue
        for p in e.parties:
            if p.person_id is None or p.role not in SUBJECT_ROLES:
                continue
            key = (p.person_id, e.case_id)
            day = e.date.hi
            if key not in opened or day < opened[key]:
                opened[key] = day
            if e.kind in VERDICT_KINDS and (key not in convicted or day < convicted[key]):
                convicted[key] = day
    out = []
    for case in cases:
        for d in case.defendants:
            key = (d.person_id, case.id)
            out.append(Prosecution(d.person_id, case.id, opened.get(key), convicted.get(key)))
    return out
