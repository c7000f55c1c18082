"""People as a spreadsheet (CSV or XLSX): one row a person, with their status on the day.

Statuses are derived here from the events the export holds, so an export that leaves records
out (--public) never shows a status that rests on them. Every cell that a spreadsheet could
run as a formula (starting with = + - @, or a tab or carriage return) is written with a
leading apostrophe: a name or summary can never become a formula on a reader's machine.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from openpyxl import Workbook

from docket.domain.dataset import Dataset
from docket.domain.event import Event
from docket.domain.recognition import Recognition
from docket.domain.status import derive_spans, is_political_prisoner, recognitions_on, status_on
from docket.domain.vocabulary import Vocabulary

COLUMNS = (
    "id",
    "name",
    "other_names",
    "sex",
    "born",
    "region",
    "occupation",
    "roles",
    "status",
    "status_since",
    "category",
    "political_prisoner",
    "recognised_by",
    "charges",
    "summary",
    "sources",
    "sensitivity",
)
_RISKY = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell value that no spreadsheet will evaluate as a formula."""
    return "'" + value if value.startswith(_RISKY) else value


def people_rows(ds: Dataset, vocab: Vocabulary, day: date) -> Iterator[list[str]]:
    """The header, then one row a person, sorted by name."""
    subject: dict[str, list[Event]] = defaultdict(list)
    roles: dict[str, set[str]] = defaultdict(set)
    for e in ds.events:
        for party in e.parties:
            if party.person_id:
                roles[party.person_id].add(party.role)
                if party.role in ("victim", "subject"):
                    subject[party.person_id].append(e)
    decisions: dict[str, list[Recognition]] = defaultdict(list)
    for r in ds.recognitions:
        decisions[r.person_id].append(r)
    charges: dict[str, list[str]] = defaultdict(list)
    for case in ds.cases:
        for d in case.defendants:
            for ch in d.charges:
                article = vocab.articles.get(ch.article_id or "")
                charges[d.person_id].append(
                    article.cite(ch.part) if article else (ch.wording or ch.article_id or "")
                )
    orgs = {o.id: o.name for o in ds.organisations}
    sources = {s.id: s for s in ds.sources}
    yield list(COLUMNS)
    for p in sorted(ds.people, key=lambda x: (x.name.casefold(), x.id)):
        spans = derive_spans(subject.get(p.id, []), vocab)
        span = status_on(spans, day)
        valid = recognitions_on(decisions.get(p.id, []), day)
        cited = []
        for c in p.citations:
            s = sources.get(c.source_id)
            title = f"{s.title}" + (f" <{s.url}>" if s and s.url else "") if s else c.source_id
            cited.append(title + (f", {c.locator}" if c.locator else ""))
        yield [
            p.id,
            p.name,
            "; ".join(n.value for n in p.names if n.value != p.name),
            p.sex,
            str(p.birth_date) if p.birth_date else "",
            p.region or "",
            p.occupation or "",
            ", ".join(sorted(roles.get(p.id, ()))),
            vocab.status_label(span.status) if span else "",
            span.start.isoformat() if span else "",
            (vocab.categories.category_of(span.status) or "") if span else "",
            "yes" if is_political_prisoner(spans, decisions.get(p.id, []), day, vocab) else "no",
            "; ".join(
                f"{orgs.get(r.organisation_id, r.organisation_id)} ({r.kind.replace('_', ' ')}, "
                f"{r.date})"
                for r in valid
            ),
            "; ".join(dict.fromkeys(charges.get(p.id, []))),
            p.summary or "",
            "; ".join(cited),
            p.sensitivity,
        ]


def write_csv(rows: Iterator[list[str]], stream: BinaryIO) -> int:
    """UTF-8 with a byte-order mark, so spreadsheets read Cyrillic right; returns data rows."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    count = -1
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
        count += 1
    text.flush()
    text.detach()
    return max(count, 0)


def write_xlsx(rows: Iterator[list[str]], stream: BinaryIO, *, title: str = "People") -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    count = -1
    for row in rows:
        sheet.append([neutralise(v) for v in row])
        count += 1
    book.save(stream)
    return max(count, 0)
