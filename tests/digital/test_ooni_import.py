"""Importing OONI measurements into a real store (SQLite, and PostgreSQL when given), and
summing them up: counts, blocking kinds, networks, days and periods of blocking."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select

from docket.domain.digital import PeriodRule, blocking_value
from docket.errors import NotFound, ValidationFailed
from docket.services import ooni
from docket.services.store import Store
from docket.storage.digital_tables import OoniFileRow, OoniMeasurementRow, OoniRawRow
from tests.digital.conftest import qa_files, sample


def _count(store: Store, table: type) -> int:
    with store.read() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def test_the_50_real_measurements_import_judge_and_count_right(store: Store) -> None:
    files = qa_files()
    report = ooni.import_measurements(store, files)
    assert (report.measurements, report.new, report.agreed) == (50, 50, 50)
    assert report.disagreements == []
    with store.read() as conn:
        stored = conn.execute(
            select(OoniMeasurementRow.blocking, OoniMeasurementRow.ooni_blocking)
        ).all()
    assert all(docket == ooni_ for docket, ooni_ in stored)

    # What the files say, counted here independently of Docket.
    expected: Counter[str] = Counter()
    per_domain: Counter[str] = Counter()
    for path in files:
        raw = orjson.loads(path.read_bytes())
        expected[str(blocking_value(raw["test_keys"]["blocking"]))] += 1
        per_domain[raw["input"].split("/")[2].split(":")[0].lower()] += 1
    view = ooni.summary_view(ooni.summarize(store, country="IT"))
    total = view["total"]
    assert total["measurements"] == 50
    assert total["unknown"] == expected["None"] == 1
    kinds = ("dns", "tcp_ip", "http-failure", "http-diff")
    assert total["blocking"] == {k: expected[k] for k in kinds if expected[k]}
    assert total["anomalies"] == sum(expected[k] for k in kinds) == 29
    domains = {t["name"]: t for t in view["targets"] if t["kind"] == "domain"}
    assert {d: t["measurements"] for d, t in domains.items()} == dict(per_domain)
    assert domains["www.example.com"]["measurements"] == 20
    assert domains["www.example.com"]["networks"][0]["asn"] == 137
    assert domains["www.example.com"]["networks"][0]["name"] == "Consortium GARR"
    assert [d["day"] for d in view["days"]] == ["2024-02-12"]
    assert view["disagreements_with_ooni"] == []
    assert {s["measurements"] for s in view["sources"]} == {1}  # one measurement per file
    assert len({s["sha256"] for s in view["sources"]}) == 50

    again = ooni.import_measurements(store, files)
    assert (again.new, again.already) == (0, 50)
    assert _count(store, OoniMeasurementRow) == 50
    assert _count(store, OoniFileRow) == 50


def test_generated_days_networks_and_periods_of_blocking(
    store: Store, generated: list[Path]
) -> None:
    report = ooni.import_measurements(store, generated, workers=0)
    assert report.measurements == report.new == report.agreed == 3_000
    summary = ooni.summarize(store, country="KZ", rule=PeriodRule(0.5, 2, 1))
    targets = {(t.target.kind, t.target.name): t for t in summary.targets}
    telegram = targets[("app", "Telegram")]
    assert telegram.target.domains == {"web.telegram.org", "t.me"}
    assert set(telegram.target.series.total.blocking) == {"dns"}
    # Blocked on one network of three, 10 to 17 January: a period there; on the whole app,
    # only days where that network's share happens to carry it, within the same days.
    assert all(date(2022, 1, 10) <= p.start <= p.end <= date(2022, 1, 17) for p in telegram.periods)
    assert set(telegram.network_periods) == {64500}
    (period,) = telegram.network_periods[64500]
    assert (period.start, period.end) == (date(2022, 1, 10), date(2022, 1, 17))
    whatsapp = targets[("app", "WhatsApp")]
    (period,) = whatsapp.periods  # reset on every network, 21 to 23 January
    assert date(2022, 1, 21) <= period.start < period.end == date(2022, 1, 23)
    assert set(period.tally.blocking) == {"http-failure"}
    free = targets[("domain", "free-press.example")]
    assert 64501 in free.network_periods and 64500 not in free.network_periods
    assert summary.networks[64500] == "Steppe Telecom (fictional)"
    assert len(summary.chart(free.target.series)) == 60


def test_summary_filters_by_dates_domain_and_app(store: Store, generated: list[Path]) -> None:
    ooni.import_measurements(store, generated[:20], workers=0)
    view = ooni.summary_view(
        ooni.summarize(store, since=date(2022, 1, 5), until=date(2022, 1, 6), domain="Telegram")
    )
    assert view["first_day"] == "2022-01-05" and view["last_day"] == "2022-01-06"
    assert {t["name"] for t in view["targets"]} == {"Telegram", "t.me", "web.telegram.org"}
    only = ooni.summarize(store, domain="t.me")
    assert {t.target.name for t in only.targets} == {"Telegram", "t.me"}
    with pytest.raises(NotFound, match="nowhere.example"):
        ooni.summarize(store, domain="nowhere.example")


def test_truncated_gzip_writes_nothing_and_says_where(store: Store, tmp_path: Path) -> None:
    whole = tmp_path / "whole.jsonl.gz"
    import gzip

    whole.write_bytes(gzip.compress(b"".join(orjson.dumps(m) + b"\n" for m in sample(300))))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(ValidationFailed) as failed:
        ooni.import_measurements(store, [whole, cut])
    message = str(failed.value)
    assert "nothing was written" in message
    assert f"{cut}:" in message and "cut off or damaged" in message
    assert _count(store, OoniMeasurementRow) == 0
    assert _count(store, OoniFileRow) == 0


def test_malformed_lines_are_all_reported_and_nothing_written(
    store: Store, write_lines: Callable[..., Path]
) -> None:
    items: list[object] = [*sample(3), b'{"test_name": "web_conn', *sample(2, seed=5), b"[]"]
    path = write_lines("day.jsonl.gz", items)
    with pytest.raises(ValidationFailed) as failed:
        ooni.import_measurements(store, [path])
    problems = failed.value.problems
    assert [(p.line, p.file) for p in problems] == [(4, str(path)), (7, str(path))]
    assert "not valid JSON" in problems[0].message
    assert _count(store, OoniMeasurementRow) == 0


def test_unknown_tests_and_versions_are_kept_raw_and_reported(
    store: Store, write_lines: Callable[..., Path]
) -> None:
    base = sample(3)
    items = [
        *base,
        {**base[0], "measurement_uid": "u-telegram", "test_name": "telegram"},
        {**base[0], "measurement_uid": "u-old", "test_version": "0.3.4"},
    ]
    path = write_lines("mixed.jsonl", items, gz=False)
    report = ooni.import_measurements(store, [path])
    assert report.measurements == 3
    assert report.raw == {"telegram": 1, "web_connectivity": 1}
    with store.read() as conn:
        kept = dict(conn.execute(select(OoniRawRow.id, OoniRawRow.body)).all())
    assert set(kept) == {"u-telegram", "u-old"}
    assert orjson.loads(kept["u-old"])["test_version"] == "0.3.4"
    view = ooni.summary_view(ooni.summarize(store))
    assert view["total"]["measurements"] == 3
    assert view["kept_raw_not_counted"] == {"telegram": 1, "web_connectivity": 1}
    assert ooni.import_measurements(store, [path]).new == 0
    assert _count(store, OoniRawRow) == 2


def test_the_same_measurement_twice_in_one_import_is_stored_once(
    store: Store, write_lines: Callable[..., Path]
) -> None:
    items = sample(4)
    first = write_lines("a.jsonl.gz", items)
    second = write_lines("b.jsonl.gz", [items[1], items[1]])
    report = ooni.import_measurements(store, [first, second])
    assert (report.measurements, report.new, report.already) == (6, 4, 2)
    assert _count(store, OoniMeasurementRow) == 4


def test_worker_processes_give_the_same_result(store: Store, generated: list[Path]) -> None:
    # many files: each worker reads whole files
    report = ooni.import_measurements(store, generated, workers=2)
    assert (report.measurements, report.new, report.agreed) == (3_000, 3_000, 3_000)
    assert ooni.import_measurements(store, generated, workers=2).new == 0
    view = ooni.summary_view(ooni.summarize(store))
    assert view["total"]["measurements"] == 3_000


def test_one_large_file_is_judged_by_workers_in_blocks(
    store: Store, write_lines: Callable[..., Path]
) -> None:
    one = write_lines("all.jsonl.gz", sample(2_000, seed=9))
    progress: list[tuple[int, int]] = []
    report = ooni.import_measurements(
        store, [one], workers=2, progress=lambda _f, done, size: progress.append((done, size))
    )
    assert (report.measurements, report.new, report.agreed) == (2_000, 2_000, 2_000)
    assert progress[-1] == (one.stat().st_size, one.stat().st_size)


@pytest.mark.parametrize("workers", [0, 2])
def test_a_truncated_file_among_many_stops_everything(
    store: Store, generated: list[Path], tmp_path: Path, workers: int
) -> None:
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(generated[5].read_bytes()[:-40])
    with pytest.raises(ValidationFailed) as failed:
        ooni.import_measurements(store, [*generated[:3], cut, *generated[6:9]], workers=workers)
    assert [p.file for p in failed.value.problems] == [str(cut)]
    assert _count(store, OoniMeasurementRow) == 0


def test_missing_files_are_named(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="no such file"):
        ooni.import_measurements(store, [tmp_path / "nope.jsonl.gz"])


def test_same_measurements_in_other_bytes_are_read_and_not_stored_again(
    store: Store, write_lines: Callable[..., Path]
) -> None:
    items = sample(50, seed=21)
    gz = write_lines("day.jsonl.gz", items)
    plain = write_lines("day.jsonl", items, gz=False)  # other bytes: read, judged, not stored
    first = ooni.import_measurements(store, [gz])
    again = ooni.import_measurements(store, [gz, plain])
    assert (first.new, again.new, again.already) == (50, 0, 100)
    assert [f.skipped for f in again.files] == [str(gz), None]
    assert again.files[1].measurements == 50  # judged again, found stored: nothing new
    assert _count(store, OoniMeasurementRow) == 50
    assert _count(store, OoniFileRow) == 2
