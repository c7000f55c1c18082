"""Import a spreadsheet (CSV, XLSX, ODS) through a mapping: all or nothing, streamed.

The file becomes a dataset `import-<first 12 hex of its SHA-256>` with one Source (kind
`dataset`, the file's name and SHA-256) that every record cites at "row N". Importing the same
file with the same mapping again changes nothing; with another mapping, it replaces what the
file's earlier import wrote. Rows are read and written in chunks inside one transaction, so a
million-row file streams through bounded memory and a problem anywhere writes nothing.

A dry run reads, matches and checks everything the same way and reports what a real run would
create, link and change, and every problem with its file, row and column; it writes nothing.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from docket.domain.dataset import Dataset, DatasetInfo, check_dataset
from docket.domain.dates import PartialDate
from docket.domain.event import Event
from docket.domain.organisation import Organisation
from docket.domain.person import Name
from docket.domain.prosecution import derive_prosecutions
from docket.domain.source import Citation, Source
from docket.domain.status import SUBJECT_ROLES, StatusSpan, derive_spans, status_on
from docket.errors import Problem, ValidationFailed
from docket.interchange.mapping import Mapping
from docket.interchange.mapping import read_mapping as load_mapping
from docket.interchange.mapping_proposal import draft_for_file, propose_for_file
from docket.interchange.records import script_of
from docket.interchange.row_records import RowFacts, RowReader, row_records
from docket.interchange.spreadsheet import open_table
from docket.interchange.table_file import CellProblem, Table, TableOptions, TableRow
from docket.services.field_sealing import seal_for_store
from docket.services.import_report import KEPT, ImportReport, Link, ReviewPair
from docket.services.person_matching import PersonMatcher, Resolution
from docket.services.store import Store
from docket.storage import import_queries as iq
from docket.storage import people_queries
from docket.storage.dataset_store import existing_ids, replace_spans

CHUNK = 2_000
Progress = Callable[[str, int], None]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def import_table(
    store: Store,
    path: Path,
    mapping: Mapping,
    *,
    mapping_label: str,
    dry_run: bool,
    progress: Progress | None = None,
) -> ImportReport:
    """Import (or, with dry_run, only check) a spreadsheet; a real run with problems raises
    ValidationFailed and writes nothing. A dry run returns the problems in its report."""
    started = time.perf_counter()
    sha = file_sha256(path)
    dataset_id = f"import-{sha[:12]}"
    fingerprint = hashlib.sha256(f"{sha}\n{mapping.text}".encode()).hexdigest()
    report = ImportReport(path.name, sha, dataset_id, mapping_label, dry_run)
    options = TableOptions(mapping.sheet, mapping.header_row, mapping.encoding, mapping.delimiter)
    with open_table(path, options) as table, _connection(store, dry_run) as conn:
        report.format = table.description
        earlier = iq.imported_at(conn, dataset_id)
        if earlier is not None and earlier[0] == fingerprint:
            report.unchanged = True
        else:
            if earlier is not None:
                report.replaces = {"loaded_at": earlier[1], "counts": earlier[2]}
            _Run(store, conn, table, mapping, report, fingerprint, progress).run()
            if not dry_run and not report.ok:
                raise ValidationFailed(report.problems)  # inside the transaction: rolls back
    report.seconds = time.perf_counter() - started
    return report


def _connection(store: Store, dry_run: bool) -> Any:
    return store.read() if dry_run else store.write()


class _Run:
    """One import: reads the table chunk by chunk, and writes each chunk unless dry."""

    def __init__(
        self,
        store: Store,
        conn: Connection,
        table: Table,
        mapping: Mapping,
        report: ImportReport,
        fingerprint: str,
        progress: Progress | None,
    ) -> None:
        self.store, self.conn, self.table, self.mapping = store, conn, table, mapping
        self.report, self.fingerprint, self.progress = report, fingerprint, progress
        self.dataset_id = report.dataset_id
        self.reader = RowReader(table.label, table.headers, mapping, store.vocab)
        report.unmapped = list(self.reader.unmapped)
        for p in self.reader.problems:
            report.problem(p)
        self.matcher = PersonMatcher(
            iq.people_to_match(conn, exclude_dataset=self.dataset_id), self.person_id
        )
        self.organisations = iq.organisations_by_name(conn)
        self.new_organisations: dict[str, str] = {}
        # What earlier chunks created, for a dry run's checks (a real run asks the store):
        # people as one bit per row, so a million rows cost 125 kB.
        self.people_rows = bytearray()
        self.created: dict[str, set[str]] = defaultdict(set)  # sources and organisations
        self.described: set[str] = set()  # people already in Docket whose change is reported
        self.candidates: list[dict[str, Any]] = []
        self.started = False
        self.info = DatasetInfo(
            id=self.dataset_id,
            title=f"Import of {table.label}",
            description=f"{table.description}; SHA-256 {report.sha256}; mapping {report.mapping}",
            jurisdiction=mapping.jurisdiction,
        )
        by = mapping.recognised_by
        if by and not existing_ids(conn, "organisation", [by]):
            report.problem(
                Problem(
                    f"names organisation '{by}' as recognising, which is not in the store",
                    file=report.mapping,
                    field="defaults.recognised_by",
                )
            )

    def source(self) -> Source:
        given = self.mapping.source
        notes = (
            f"Spreadsheet {self.table.label} ({self.table.description}), SHA-256 "
            f"{self.report.sha256}, imported with mapping {self.report.mapping}. "
            "Each record cites the row it came from."
        )
        return Source(
            id=self.dataset_id,
            kind="dataset",
            title=given.get("title") or self.table.label,
            publisher=given.get("publisher"),
            date=PartialDate.parse(given["date"]) if given.get("date") else None,
            url=given.get("url"),
            language=given.get("language"),
            reliability=given.get("reliability") or "unknown",
            notes=notes,
            sensitivity=given.get("sensitivity") or "internal",
        )

    def run(self) -> None:
        for rows in _chunks(self.table.rows(), CHUNK):
            self.chunk(rows)
            if self.progress:
                self.progress("rows", len(rows))
        if not self.started:
            self.chunk([])
        if self.report.dry_run or not self.report.ok:
            return
        iq.add_candidates(self.conn, self.candidates)
        iq.finish_import(self.conn, self.dataset_id, dict(self.report.created))

    def chunk(self, rows: list[TableRow]) -> None:
        ds = Dataset(self.info)
        if not self.started:
            ds.sources.append(self.source())
        for row in rows:
            self.report.rows += 1
            facts = self.reader.read(row)
            for p in facts.problems:
                self.report.problem(p)
            for p in facts.notes:
                self.report.note(p)
            if not facts.problems:
                self.add_row(ds, facts)
        for p in check_dataset(ds, self.store.vocab, exists=self.exists):
            self.report.problem(_located(p))
        self.count(ds)
        linked = self.linked_people(ds)
        spans = self.spans(ds, linked)
        if self.report.ok and not self.report.dry_run:
            if not self.started:
                iq.start_import(self.conn, self.info, fingerprint=self.fingerprint)
            sealed = seal_for_store(self.store, ds)  # restricted values sealed (PostgreSQL)
            iq.insert_records(self.conn, sealed, derive_prosecutions(ds.cases, ds.events))
            spans.update(self.stored_spans(linked))
            replace_spans(self.conn, spans)
        self.started = True

    def add_row(self, ds: Dataset, facts: RowFacts) -> None:
        resolution = self.matcher.resolve(
            [n.value for n in facts.names],
            facts.born,
            key=facts.key,
            row=facts.row,
        )
        self.record_resolution(facts, resolution)
        records = row_records(
            facts,
            dataset_id=self.dataset_id,
            file_label=self.table.label,
            person_id=resolution.person_id,
            new_person=resolution.new,
            source_id=self.dataset_id,
            organisations=self.affiliations(ds, facts),
            recognised_by=self.mapping.recognised_by,
            jurisdiction=self.mapping.jurisdiction,
        )
        if records.person is not None:
            ds.people.append(records.person)
        ds.events.extend(records.events)
        if records.case is not None:
            ds.cases.append(records.case)
        if records.recognition is not None:
            ds.recognitions.append(records.recognition)

    def record_resolution(self, facts: RowFacts, resolution: Resolution) -> None:
        report = self.report
        if not resolution.new and resolution.how == "name":
            report.linked += 1
            if len(report.links) < KEPT:
                report.links.append(
                    Link(
                        facts.row,
                        facts.name,
                        resolution.person_id,
                        resolution.matched_name,
                        resolution.how,
                        resolution.score,
                    )
                )
        for c in resolution.review:
            report.to_review += 1
            if len(report.review) < KEPT:
                report.review.append(
                    ReviewPair(
                        facts.row,
                        facts.name,
                        resolution.person_id,
                        c.person_id,
                        self.matcher.names[c.person_id][0],
                        c.comparison.score,
                        c.reason,
                    )
                )
            self.candidates.append(
                {
                    "person_a": resolution.person_id,
                    "person_b": c.person_id,
                    "score": c.comparison.score,
                    "source": self.dataset_id,
                    "evidence": {
                        "file": self.table.label,
                        "row": facts.row,
                        "reason": c.reason,
                        "explanation": str(c.comparison.explain),
                        "rules": list(c.comparison.explain.rules),
                        "born": str(facts.born) if facts.born else None,
                    },
                }
            )

    def affiliations(self, ds: Dataset, facts: RowFacts) -> dict[str, str]:
        found: dict[str, str] = {}
        for name in facts.affiliations:
            folded = " ".join(name.split()).casefold()
            oid = self.organisations.get(folded) or self.new_organisations.get(folded)
            if oid is None:
                oid = f"{self.dataset_id}-org{len(self.new_organisations) + 1}"
                self.new_organisations[folded] = oid
                ds.organisations.append(
                    Organisation(
                        id=oid,
                        names=(Name(name, "primary", script_of(name)),),
                        kind="other",
                        citations=(Citation(self.dataset_id, f"row {facts.row}"),),
                    )
                )
                if len(self.report.new_organisations) < KEPT:
                    self.report.new_organisations.append(f"{name} (row {facts.row})")
            found[name] = oid
        return found

    def person_id(self, row: int) -> str:
        return f"{self.dataset_id}-p{row}"

    def exists(self, kind: str, ids: Sequence[str]) -> set[str]:
        prefix = f"{self.dataset_id}-p"
        if kind == "person":
            mine = {
                i
                for i in ids
                if i.startswith(prefix)
                and i[len(prefix) :].isdigit()
                and self.created_row(int(i[len(prefix) :]))
            }
        else:
            mine = {i for i in ids if i in self.created[kind]}
        rest = [i for i in ids if i not in mine]
        return mine | (existing_ids(self.conn, kind, rest) if rest else set())

    def count(self, ds: Dataset) -> None:
        self.created["source"].update(s.id for s in ds.sources)
        self.created["organisation"].update(o.id for o in ds.organisations)
        for p in ds.people:
            if p.origin and p.origin.line:
                byte, bit = divmod(p.origin.line, 8)
                if byte >= len(self.people_rows):
                    self.people_rows.extend(bytes(byte + 1 - len(self.people_rows)))
                self.people_rows[byte] |= 1 << bit
        for name, n in ds.counts().items():
            if n:
                self.report.created[name] += n

    def created_row(self, row: int) -> bool:
        byte, bit = divmod(row, 8)
        return byte < len(self.people_rows) and bool(self.people_rows[byte] >> bit & 1)

    def linked_people(self, ds: Dataset) -> set[str]:
        """People of this chunk's events who were not created in this chunk."""
        fresh = {p.id for p in ds.people}
        return {
            p.person_id
            for e in ds.events
            for p in e.parties
            if p.person_id and p.role in SUBJECT_ROLES and p.person_id not in fresh
        }

    def spans(self, ds: Dataset, linked: set[str]) -> dict[str, list[StatusSpan]]:
        """Spans of people new in this chunk; linked people's are derived from the store."""
        by_person: dict[str, list[Event]] = defaultdict(list)
        for e in ds.events:
            for p in e.parties:
                if p.person_id and p.role in SUBJECT_ROLES:
                    by_person[p.person_id].append(e)
        spans = {p.id: derive_spans(by_person.get(p.id, []), self.store.vocab) for p in ds.people}
        self.describe_changes(linked - self.described, by_person)
        return spans

    def stored_spans(self, people: set[str]) -> dict[str, list[StatusSpan]]:
        events = iq.events_of_people(self.conn, sorted(people))
        return {pid: derive_spans(events.get(pid, []), self.store.vocab) for pid in people}

    def describe_changes(self, people: set[str], new: dict[str, list[Event]]) -> None:
        """For people already in Docket: how their status today changes with the new events."""
        existing = {p for p in people if p in self.matcher.names}
        if not existing or len(self.report.changed) >= KEPT:
            return
        self.described |= existing
        today = date.today()
        stored = iq.events_of_people(self.conn, sorted(existing))
        vocab = self.store.vocab
        for pid in sorted(existing):
            before = status_on(people_queries.spans_of(self.conn, pid), today)
            after = status_on(derive_spans([*stored.get(pid, []), *new[pid]], vocab), today)
            old = vocab.status_label(before.status) if before else "no status"
            now = vocab.status_label(after.status) if after else "no status"
            name = self.matcher.names[pid][0] if self.matcher.names[pid] else pid
            change = f"status today stays {old}" if old == now else f"status today: {old} -> {now}"
            self.report.changed.append(f"{name} ({pid}) gains {len(new[pid])} event(s); {change}")


def _chunks(rows: Iterator[TableRow], size: int) -> Iterator[list[TableRow]]:
    batch: list[TableRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _located(p: Problem) -> Problem:
    """A check's problem told as a spreadsheet problem: file, row, then what is wrong."""
    parts = (f"record {p.record}" if p.record else "", f"field {p.field}" if p.field else "")
    detail = ", ".join(x for x in parts if x)
    return CellProblem(f"{p.message} ({detail})" if detail else p.message, file=p.file, line=p.line)


def propose(store: Store, path: Path, *, sheet: str | None = None, header_row: int = 1) -> str:
    """A draft mapping for the file, from its column names and the words in its columns."""
    return propose_for_file(path, store.vocab, sheet=sheet, header_row=header_row)


def draft_mapping(store: Store, path: Path) -> Mapping:
    """The proposal's columns as a mapping, for a dry run before any mapping exists."""
    return draft_for_file(path, store.vocab)


def read_mapping(store: Store, path: Path) -> Mapping:
    return load_mapping(path, store.vocab)
