"""Export the record: CSV or XLSX (people), JSON (the dataset format), FollowTheMoney.

Every format goes through the same two filters first: the record as of the day (what had
certainly happened by then), and the audience's view of it: with `public` (or the public
audience), only what is marked public; for a viewer, nothing restricted; in both cases leaving
out anything that would reveal a withheld person or rests only on a withheld source (the same
rules as reports: `docket.reports.scope`). Every field goes through the one redaction layer
(`docket.domain.redaction`), an editor's export included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

import orjson

from docket.domain.dataset import Dataset, DatasetInfo
from docket.domain.redaction import redact_dataset
from docket.domain.sensitivity import Audience
from docket.interchange.export_view import as_of_view
from docket.interchange.ftm_export import iter_lines, to_ftm
from docket.interchange.record_dicts import dataset_dict
from docket.interchange.table_export import people_rows, write_csv, write_xlsx
from docket.reports.scope import Scope, select_records
from docket.services import surveillance
from docket.services.field_sealing import open_for
from docket.services.store import Store
from docket.storage.report_queries import read_snapshot

FORMATS = ("csv", "xlsx", "json", "ftm")
_DIGITAL = ("deployments", "disruptions", "laws")  # in the json export only


@dataclass(slots=True)
class ExportReport:
    format: str
    counts: dict[str, int]
    entities: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        counts = {k: v for k, v in self.counts.items() if v}
        if self.format == "ftm":
            counts.pop("claims", None)
        what = ", ".join(f"{v:,} {k}" for k, v in counts.items()) or "nothing"
        if self.format == "ftm":
            return f"{self.entities:,} FollowTheMoney entities ({what})"
        if self.format in ("csv", "xlsx"):
            return f"{self.counts.get('people', 0):,} people"
        return what


def export_records(
    store: Store, *, public: bool, as_of: date, audience: Audience = Audience.editor
) -> Dataset:
    """The records an export holds, filtered as of the day and for the audience (`public`
    makes it the public's)."""
    reader = Audience.public if public else audience
    with store.read() as conn:
        snapshot = read_snapshot(conn)
    records = as_of_view(snapshot.records, as_of)
    if reader is Audience.editor:
        records = open_for(store, redact_dataset(records, reader), reader)
    else:
        scope = Scope(audience=reader)
        records = select_records(records, snapshot.jurisdictions, scope).records
    public = reader is Audience.public
    records.info = DatasetInfo(
        id=f"docket-export-{as_of.isoformat()}" + ("-public" if public else ""),
        title=f"Docket export as of {as_of.isoformat()}" + (", public records" if public else ""),
    )
    return records


def export(
    store: Store,
    fmt: str,
    stream: BinaryIO,
    *,
    public: bool,
    as_of: date,
    audience: Audience = Audience.editor,
) -> ExportReport:
    """Write the export in `fmt` to a binary stream, for `audience` (the public's with
    `public`; an editor's, everything, by default: callers choose)."""
    records = export_records(store, public=public, as_of=as_of, audience=audience)
    report = ExportReport(fmt, records.counts())
    if fmt == "json":
        data = dataset_dict(records)
        reader = Audience.public if public else audience
        data.update(surveillance.export_dicts(store, reader, as_of=as_of))
        report.counts.update({k: len(v) for k, v in data.items() if k in _DIGITAL})
        stream.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    elif fmt == "ftm":
        ftm = to_ftm(records, store.vocab)
        report.entities = len(ftm.entities)
        report.notes.extend(ftm.notes)
        for line in iter_lines(ftm):
            stream.write(line)
    elif fmt == "csv":
        write_csv(people_rows(records, store.vocab, as_of), stream)
    elif fmt == "xlsx":
        write_xlsx(people_rows(records, store.vocab, as_of), stream)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    stream.flush()
    return report
