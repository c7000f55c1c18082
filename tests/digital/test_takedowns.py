"""Takedown requests: Google's government removals CSVs and Lumen's notices, in a real store."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from docket.domain.digital import GoogleRemovals
from docket.errors import ValidationFailed
from docket.interchange.takedowns import half_year_start, read_google, read_lumen
from docket.services import takedowns
from docket.services.store import Store
from docket.storage.digital_tables import GoogleRemovalRow, LumenNoticeRow
from tests.digital.conftest import FIXTURES

SUMMARY = FIXTURES / "google-government-removal-requests.csv"
DETAILED = FIXTURES / "google-government-detailed-removal-requests.csv"
LUMEN = FIXTURES / "lumen-notices.json"
SINGLE = FIXTURES / "lumen-notice-single.json"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_google_files_are_recognised_by_their_header() -> None:
    layout, rows = read_google(SUMMARY)
    assert layout.name == "google-summary-2019" and len(rows) == 5
    first = rows[0]
    assert isinstance(first, GoogleRemovals)
    assert (first.requests, first.items, first.as_written["All Requests: Number of Requests"]) == (
        None,
        None,
        "<10",
    )
    layout, rows = read_google(DETAILED)
    assert layout.name == "google-detailed-2019" and len(rows) == 9
    assert half_year_start(date(2021, 12, 31)) == date(2021, 7, 1)
    assert half_year_start(date(2021, 6, 30)) == date(2021, 1, 1)


def test_summary_gives_every_figure_with_its_file_and_hash(store: Store) -> None:
    reports = takedowns.import_takedowns(store, [SUMMARY, DETAILED, LUMEN, SINGLE])
    assert [(r.kind, r.new) for r in reports] == [
        ("google-summary", 5), ("google-detailed", 9), ("lumen", 3), ("lumen", 1),
    ]  # fmt: skip
    s = takedowns.summarize(store, country="kz")
    g = s["google"]
    assert g["requests"]["value"] == 12 + 30 + 18
    assert g["requests"]["qualifier"] == "at least"  # 2020-H1 reads "<10"
    assert g["requests"]["periods_without_a_number"] == ["2020-01-01..2020-06-30"]
    assert g["items"]["value"] == 40 + 1200 + 95
    # 12 requests at 50% and 30 at 40%; 2021-H2 states no percentage
    assert g["compliance"]["value"] == round((12 * 50 + 30 * 40) / 42, 1)
    (source,) = g["requests"]["sources"]
    assert source == {"file": str(SUMMARY), "sha256": _sha(SUMMARY), "at": [3, 4, 5]}
    by_reason = {r["reason"]: r for r in s["google_detailed"]["by_reason"]}
    assert by_reason["Government criticism"]["total"] == 20 + 700 + 35
    assert by_reason["National security"]["share"] == round((15 + 300 + 60) / 1335, 4)
    assert by_reason["Defamation"]["sources"][0]["sha256"] == _sha(DETAILED)
    by_product = {r["product"]: r["total"] for r in s["google_detailed"]["by_product"]}
    assert by_product == {"YouTube": 1055, "Web Search": 215, "Google Play Apps": 60,
                          "Blogger": 5}  # fmt: skip
    lumen = s["lumen"]
    assert lumen["notices"]["value"] == 3  # the US notice is not Kazakhstan's
    assert lumen["urls"]["value"] == 2 + 7 + 1
    assert lumen["action_taken"]["value"] == 50.0  # Partial of (Partial, No); Unspecified apart
    assert {r["type"]: r["notices"] for r in lumen["by_type"]} == {
        "CourtOrder": 1, "GovernmentRequest": 1, "LawEnforcementRequest": 1,
    }  # fmt: skip
    files = {f["sha256"] for f in lumen["notices"]["sources"]}
    assert files == {_sha(LUMEN), _sha(SINGLE)}


def test_any_period_takes_the_half_years_within_it(store: Store) -> None:
    takedowns.import_takedowns(store, [SUMMARY, DETAILED, LUMEN])
    s = takedowns.summarize(store, country="KZ", since=date(2021, 1, 1), until=date(2021, 6, 30))
    assert s["google"]["requests"]["value"] == 30
    assert s["google"]["requests"]["qualifier"] == "exactly"
    assert sum(r["total"] for r in s["google_detailed"]["by_reason"]) == 1200
    assert s["lumen"] is None  # the notices were sent later


def test_reimport_creates_nothing_and_a_newer_release_supersedes(
    store: Store, tmp_path: Path
) -> None:
    takedowns.import_takedowns(store, [SUMMARY, LUMEN])
    again = takedowns.import_takedowns(store, [SUMMARY, LUMEN])
    assert [r.already_imported for r in again] == [str(SUMMARY), str(LUMEN)]
    newer = tmp_path / "google-government-removal-requests.csv"
    text = SUMMARY.read_text("utf-8").replace(
        "2021-12-31,Kazakhstan,KZ,18,", "2021-12-31,Kazakhstan,KZ,19,"
    )
    newer.write_text(text, "utf-8")
    takedowns.import_takedowns(store, [newer])
    g = takedowns.summarize(store, country="KZ")["google"]
    assert g["requests"]["value"] == 12 + 30 + 19  # the later release counts, once
    assert g["superseded_lines"] == 4
    with store.read() as conn:
        assert conn.scalar(select(func.count()).select_from(GoogleRemovalRow)) == 10
        assert conn.scalar(select(func.count()).select_from(LumenNoticeRow)) == 3


def test_a_changed_header_is_refused_naming_the_columns(store: Store, tmp_path: Path) -> None:
    changed = tmp_path / "google-government-removal-requests.csv"
    lines = SUMMARY.read_text("utf-8").splitlines()
    lines[0] = lines[0].replace("All Requests: Items Requested To Be Removed", "Items requested")
    changed.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(ValidationFailed) as failed:
        takedowns.import_takedowns(store, [DETAILED, changed])
    message = str(failed.value)
    assert "not one of the Google releases Docket reads" in message
    assert "missing 'All Requests: Items Requested To Be Removed'" in message
    assert "not expected 'Items requested'" in message
    assert f"{changed}:1" in message
    with store.read() as conn:  # the good file was not written either
        assert conn.scalar(select(func.count()).select_from(GoogleRemovalRow)) == 0


def test_bad_cells_are_reported_with_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "detailed.csv"
    shutil.copy(DETAILED, bad)
    with bad.open("a", encoding="utf-8") as f:
        f.write("2021-13-31,Kazakhstan,KZ,YouTube,Defamation,3\n")
        f.write("2021-12-31,Kazakhstan,KZ,YouTube,Defamation,three\n")
        f.write("2021-12-31,Kazakhstan,KZ,YouTube\n")
    with pytest.raises(ValidationFailed) as failed:
        read_google(bad)
    found = [(p.line, p.field) for p in failed.value.problems]
    assert found == [(11, "Period Ending"), (12, "Total"), (13, None)]
    assert "has 4 cells where the header has 6" in failed.value.problems[2].message


def test_lumen_files_in_every_shape(tmp_path: Path) -> None:
    notices = read_lumen(LUMEN)
    assert [n.id for n in notices] == ["9900101", "9900102", "9900103"]
    court = notices[0]
    assert (court.type, court.recipient, court.jurisdictions) == (
        "CourtOrder",
        "Google LLC",
        ("KZ",),
    )
    assert court.date_sent == date(2021, 9, 14) and court.urls == 2
    assert notices[1].jurisdictions == ("KZ", "KG") and notices[1].urls == 7
    (single,) = read_lumen(SINGLE)
    assert single.type == "LawEnforcementRequest" and single.urls == 1
    broken = tmp_path / "notices.jsonl"
    broken.write_text('{"id": 1, "type": "Other"}\n{"id": 2, "date_sent": "someday"}\n{"ti\n')
    with pytest.raises(ValidationFailed) as failed:
        read_lumen(broken)
    assert [p.line for p in failed.value.problems] == [2, 3]
