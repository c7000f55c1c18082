"""What an import did, or would do: created, linked, changed, for review, and every problem."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from docket.errors import Problem

KEPT = 200  # entries of each list kept for the report; the counts stay exact
KEPT_PROBLEMS = 1_000


@dataclass(frozen=True, slots=True)
class Link:
    row: int
    name: str
    person_id: str
    matched_name: str
    how: str
    score: float


@dataclass(frozen=True, slots=True)
class ReviewPair:
    row: int
    name: str
    new_person: str
    existing: str
    existing_name: str
    score: float
    reason: str


@dataclass(slots=True)
class ImportReport:
    file: str
    sha256: str
    dataset_id: str
    mapping: str
    dry_run: bool
    format: str = ""
    rows: int = 0
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    links: list[Link] = field(default_factory=list)
    linked: int = 0
    review: list[ReviewPair] = field(default_factory=list)
    to_review: int = 0
    changed: list[str] = field(default_factory=list)  # existing people whose status changes
    replaces: dict[str, Any] | None = None  # what an earlier import of this file wrote
    unchanged: bool = False  # this file was already imported with this mapping
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    notes: list[Problem] = field(default_factory=list)
    note_count: int = 0
    unmapped: list[str] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def problem(self, p: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append(p)

    def note(self, p: Problem) -> None:
        self.note_count += 1
        if len(self.notes) < KEPT:
            self.notes.append(p)


def report_view(r: ImportReport) -> dict[str, Any]:
    """The report as plain data, for --json."""
    return {
        "file": r.file,
        "sha256": r.sha256,
        "dataset": r.dataset_id,
        "format": r.format,
        "mapping": r.mapping,
        "dry_run": r.dry_run,
        "unchanged": r.unchanged,
        "replaces": r.replaces,
        "rows": r.rows,
        "created": dict(r.created),
        "linked": r.linked,
        "links": [asdict(x) for x in r.links],
        "to_review": r.to_review,
        "review": [asdict(x) for x in r.review],
        "changed": r.changed,
        "new_organisations": r.new_organisations,
        "unmapped_columns": r.unmapped,
        "problem_count": r.problem_count,
        "problems": [
            {"where": p.where(), "message": p.message, "row": p.line, "column": p.field}
            for p in r.problems
        ],
        "note_count": r.note_count,
        "notes": [{"where": p.where(), "message": p.message} for p in r.notes],
        "seconds": round(r.seconds, 3),
    }
