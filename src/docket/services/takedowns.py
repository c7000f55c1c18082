"""Government takedown requests: import Google's statistics and Lumen's notices, sum them up.

Every figure names its sources: the file (as imported), its SHA-256 and the lines it rests on.
Google's files are cumulative (each release repeats earlier half-years): where two imported
files cover the same country and half-year, the one imported last counts and the other is
reported as superseded, never added twice.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from docket.domain.digital import GoogleRemovalDetail, GoogleRemovals, LumenNotice
from docket.errors import Problem, ValidationFailed
from docket.interchange.takedowns import read_google, read_lumen
from docket.services.store import Store
from docket.storage import digital_queries as q


@dataclass(slots=True)
class FileImport:
    file: str
    sha256: str
    kind: str = ""
    layout: str = ""
    records: int = 0
    new: int = 0
    already_imported: str | None = None  # the name it was imported under


def import_takedowns(store: Store, paths: Sequence[Path]) -> list[FileImport]:
    """Import Google CSVs (.csv) and Lumen notices (.json, .jsonl) in one go, or nothing."""
    missing = [Problem("no such file", file=str(p)) for p in paths if not p.is_file()]
    if missing:
        raise ValidationFailed(missing)
    reports = []
    problems: list[Problem] = []
    parsed: list[tuple[FileImport, Any]] = []
    for path in paths:
        report = FileImport(str(path), hashlib.sha256(path.read_bytes()).hexdigest())
        records: Sequence[Any]
        try:
            if path.suffix.lower() == ".csv":
                layout, records = read_google(path)
                report.kind, report.layout = layout.kind, layout.name
            else:
                records = read_lumen(path)
                report.kind = report.layout = "lumen"
        except ValidationFailed as failed:
            problems += failed.problems
            continue
        report.records = len(records)
        parsed.append((report, records))
        reports.append(report)
    if problems:
        raise ValidationFailed(problems)
    with store.write() as conn:
        for report, records in parsed:
            known = q.known_takedown_file(conn, report.sha256)
            if known is not None:
                report.already_imported = known
                continue
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            values = {
                "sha256": report.sha256,
                "name": report.file,
                "kind": report.kind,
                "layout": report.layout,
                "imported_at": stamp,
                "records": report.records,
            }
            q.record_takedown_file(conn, values)  # fmt: skip
            if report.kind == "lumen":
                report.new = _write_lumen(conn, report.sha256, records)
            else:
                rows = [_google_row(r, report.sha256) for r in records]
                q.insert_google(conn, report.kind == "google-detailed", rows)
                report.new = len(rows)
    return reports


def _google_row(r: GoogleRemovals | GoogleRemovalDetail, sha: str) -> dict[str, Any]:
    row = asdict(r)
    row["period_start"] = r.period_start.isoformat()
    row["period_end"] = r.period_end.isoformat()
    return {"file_sha256": sha, **row}


def _write_lumen(conn: Any, sha: str, notices: Sequence[LumenNotice]) -> int:
    existing = q.existing_lumen(conn, [n.id for n in notices])
    rows = []
    for n in notices:
        if n.id in existing:
            continue
        existing.add(n.id)
        rows.append({
            "id": n.id, "file_sha256": sha, "type": n.type, "title": n.title,
            "date_sent": n.date_sent.isoformat() if n.date_sent else None,
            "date_received": n.date_received.isoformat() if n.date_received else None,
            "sender": n.sender, "principal": n.principal, "recipient": n.recipient,
            "countries": "," + ",".join(n.jurisdictions) + ",", "topics": list(n.topics),
            "action_taken": n.action_taken, "urls": n.urls, "body": n.body})  # fmt: skip
    q.insert_lumen(conn, rows)
    return len(rows)


# --- summary --------------------------------------------------------------------------------


@dataclass(slots=True)
class Sources:
    """Where a figure comes from: files by SHA-256, with the lines (or notice ids) used."""

    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, row: dict[str, Any], where: object) -> None:
        entry = self.files.setdefault(
            row["file_sha256"], {"file": row["name"], "sha256": row["file_sha256"], "at": []}
        )
        entry["at"].append(where)

    def view(self) -> list[dict[str, Any]]:
        return list(self.files.values())


def _latest_per_period(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Rows of the file imported last for each half-year; and how many others it supersedes."""
    latest: dict[str, str] = {}
    for r in rows:  # ordered by period, then import time
        latest[r["period_end"]] = r["file_sha256"]
    kept = [r for r in rows if latest[r["period_end"]] == r["file_sha256"]]
    return kept, len(rows) - len(kept)


def _figure(value: float | None, unit: str, sources: Sources, **extra: Any) -> dict[str, Any]:
    return {"value": value, "unit": unit, **extra, "sources": sources.view()}


def _google(rows: list[dict[str, Any]]) -> dict[str, Any]:
    rows, superseded = _latest_per_period(rows)
    periods = []
    requests, items, compliance = Sources(), Sources(), Sources()
    n_requests = n_items = 0
    weighted = weight = 0.0
    unknown = []
    for r in rows:
        span = f"{r['period_start']}..{r['period_end']}"
        source = {"file": r["name"], "sha256": r["file_sha256"], "line": r["line"]}
        periods.append({
            "period": span, "requests": r["requests"], "complied_pct": r["complied_pct"],
            "items": r["items"], "as_written": r["as_written"], "source": source})  # fmt: skip
        if r["requests"] is None:
            unknown.append(span)
        else:
            n_requests += r["requests"]
            requests.add(r, r["line"])
            if r["complied_pct"] is not None:
                weighted += r["requests"] * r["complied_pct"]
                weight += r["requests"]
                compliance.add(r, r["line"])
        if r["items"] is not None:
            n_items += r["items"]
            items.add(r, r["line"])
    qualifier = "at least" if unknown else "exactly"
    return {
        "periods": periods,
        "requests": _figure(n_requests, "requests", requests, qualifier=qualifier,
                            periods_without_a_number=unknown),
        "items": _figure(n_items, "items named for removal", items, qualifier=qualifier),
        "compliance": _figure(
            round(weighted / weight, 1) if weight else None,
            "% of requests fully or partially complied with (half-years weighted by requests)",
            compliance),
        "superseded_lines": superseded,
    }  # fmt: skip


def _shares(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    totals: Counter[str] = Counter()
    sources: dict[str, Sources] = defaultdict(Sources)
    for r in rows:
        if r["total"] is not None:
            totals[r[key]] += r["total"]
            sources[r[key]].add(r, r["line"])
    grand = sum(totals.values())
    return [
        {key: name, "total": n, "share": round(n / grand, 4) if grand else None,
         "sources": sources[name].view()}
        for name, n in totals.most_common()
    ]  # fmt: skip


def _lumen(rows: list[dict[str, Any]]) -> dict[str, Any]:
    sources = Sources()
    for r in rows:
        sources.add(r, r["id"])
    acted = [r["action_taken"] for r in rows if r["action_taken"] not in (None, "", "Unspecified")]
    complied = sum(1 for a in acted if a.lower() in ("yes", "partial"))

    def by(key: str) -> list[dict[str, Any]]:
        return [
            {key: k, "notices": n} for k, n in Counter(r[key] or "?" for r in rows).most_common()
        ]

    return {
        "notices": _figure(len(rows), "notices", sources),
        "urls": _figure(sum(r["urls"] for r in rows), "URLs named", sources),
        "action_taken": _figure(
            round(100 * complied / len(acted), 1) if acted else None,
            "% of notices with a stated action where the recipient acted (Yes or Partial)",
            sources, notices_with_action_stated=len(acted)),
        "by_type": by("type"),
        "by_recipient": by("recipient"),
    }  # fmt: skip


def summarize(
    store: Store, *, country: str, since: date | None = None, until: date | None = None
) -> dict[str, Any]:
    """Requests, items, compliance and shares by reason and product, for a country and any
    period (Google's half-years that lie within it), with the source of every figure."""
    with store.read() as conn:
        summary = q.google_rows(conn, detailed=False, country=country, since=since, until=until)
        detailed = q.google_rows(conn, detailed=True, country=country, since=since, until=until)
        notices = q.lumen_rows(conn, country=country, since=since, until=until)
    detailed, superseded = _latest_per_period(detailed)
    return {
        "country": country.upper(),
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "google": _google(summary) if summary else None,
        "google_detailed": {
            "by_reason": _shares(detailed, "reason"),
            "by_product": _shares(detailed, "product"),
            "unit": "Google's 'Total' in its detailed file",
            "superseded_lines": superseded,
        }
        if detailed
        else None,
        "lumen": _lumen(notices) if notices else None,
    }
