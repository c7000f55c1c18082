"""An OONI import and the tamper-evident history: the rows' keys and hashes are made as the
measurements are judged (so that sealing need not read a million rows back), and must be the
very ones `docket verify` computes from the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import inspect, text

from docket.errors import ValidationFailed
from docket.interchange.ooni import judge_block
from docket.interchange.ooni_file import Lines, file_sha256
from docket.services import integrity, ooni
from docket.services.store import Store
from docket.storage import integrity_rows as ir
from docket.storage import integrity_seal
from docket.storage import ooni_writes as w
from tests.digital.conftest import qa_files, sample

# Ids that are not their own JSON text, and values a store might give back otherwise.
AWKWARD_IDS = ['quote"d', "back\\slash", "tab\there", "new\nline", "Қазақ", "ctrl\x01x"]


def awkward() -> list[dict[str, Any]]:
    items = sample(len(AWKWARD_IDS) + 3, seed=31)
    for item, uid in zip(items, AWKWARD_IDS, strict=False):
        item["measurement_uid"] = uid
    tk = items[-1]["test_keys"]
    tk.update(body_proportion=-0.0, x_blocking_flags=2**40, dns_experiment_failure="a\tb\\c")
    items[-2]["test_keys"]["body_proportion"] = 1  # an int where OONI writes a float
    items[-3]["probe_network_name"] = "Сеть\r\n(fictional)"
    return items


def _stored_hashes(store: Store) -> dict[str, bytes]:
    with store.read() as conn:
        return dict(ir.scan_table(conn, w.MEASUREMENT.name, ("id",)))


def test_keys_and_hashes_made_when_judging_are_the_stores(
    store: Store, write_lines: Callable[..., Path]
) -> None:
    items = awkward()
    path = write_lines("awkward.jsonl.gz", items)
    report = ooni.import_measurements(store, [path, *qa_files()[:10]], workers=0)
    assert report.new == len(items) + 10
    with store.read() as conn:
        form = w.measurement_rows(conn)
    assert form.hashed
    lines = [orjson.dumps(i) for i in items]
    judged = judge_block(Lines(str(path), file_sha256(path), 1, lines), finish=form)
    made = dict(zip(judged.keys, judged.hashes, strict=True))
    plain = {k: h for k, h in made.items() if h is not None}
    assert len(plain) == 3  # the ids that are their own JSON text; the others the store hashes
    stored = _stored_hashes(store)
    assert {k: stored.get(k) for k in plain} == plain
    assert integrity.verify(store).ok


def test_an_import_verifies_and_a_quiet_change_is_named(
    store: Store, write_lines: Callable[..., Path], generated: list[Path]
) -> None:
    items = awkward()
    first = write_lines("a.jsonl.gz", items)
    again = write_lines("b.jsonl.gz", [items[4], *items])  # the same ids, other lines
    report = ooni.import_measurements(store, [first, again, *generated[:3]], workers=0)
    assert report.already == len(items) + 1
    result = integrity.verify(store)
    assert result.ok, result.all_findings()[:3]
    with store.read() as conn:
        n = conn.scalar(
            text("SELECT count(*) FROM integrity_row WHERE tbl = 'ooni_measurement' AND pk <> ''")
        )
    assert n == report.new
    uid = items[4]["measurement_uid"]
    with store.engine.begin() as conn:  # behind Docket's back
        conn.execute(
            text("UPDATE ooni_measurement SET reason = 'quietly edited' WHERE id = :i"), {"i": uid}
        )
    found = integrity.verify(store).all_findings()
    assert any(f.kind == "row-edited" and f.table == "ooni_measurement" for f in found), found


def test_hashes_given_wrong_are_not_recorded(store: Store) -> None:
    lines = [orjson.dumps(i) for i in sample(40, seed=5)]
    with store.write() as conn:
        judged = judge_block(Lines("f", "0" * 64, 1, lines), finish=w.measurement_rows(conn))
        assert w.insert_measurements(conn, judged.rows) == 40
        wrong: dict[str, bytes | None] = {k: b"\0" * 32 for k in judged.keys}
        integrity_seal.give_hashes(conn, w.MEASUREMENT.name, wrong)
    result = integrity.verify(store)
    assert result.ok, result.all_findings()[:3]


def _ooni_setup(store: Store) -> tuple[set[str], set[str]]:
    """The measurements table's indexes, and the history's triggers on it."""
    with store.read() as conn:
        indexes = {i["name"] or "" for i in inspect(conn).get_indexes(w.MEASUREMENT.name)}
        if conn.dialect.name == "sqlite":
            q = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"
        else:
            q = "SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass)"
        triggers = set(conn.scalars(text(q), {"t": w.MEASUREMENT.name}))
    return indexes, triggers


def test_a_large_import_leaves_indexes_and_triggers_as_they_were(
    store: Store, generated: list[Path], tmp_path: Path
) -> None:
    before = _ooni_setup(store)
    assert "ix_ooni_measurement_country_day" in before[0] and before[1]
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(generated[-1].read_bytes()[:-40])
    with pytest.raises(ValidationFailed):  # refused whole: the set-up is rolled back too
        ooni.import_measurements(store, [*generated[:-1], cut], workers=0)
    assert _ooni_setup(store) == before
    report = ooni.import_measurements(store, generated, workers=0)
    assert sum(f.size for f in report.files) >= ooni.PARALLEL_FROM  # a large import
    assert _ooni_setup(store) == before
    assert integrity.verify(store).ok
    with store.engine.begin() as conn:  # behind Docket's back: the insert trigger logs it
        conn.execute(
            text(
                "INSERT INTO ooni_measurement SELECT 'added' || id, file_sha256, line, "
                "test_version, start_time, day, country, asn, network, input, domain, "
                "ooni_blocking, ooni_accessible, blocking, accessible, reason, dns_consistency, "
                "dns_experiment_failure, http_experiment_failure, control_failure, "
                "body_length_match, headers_match, status_code_match, title_match, "
                "body_proportion, blocking_flags FROM ooni_measurement LIMIT 1"
            )
        )
    found = integrity.verify(store).all_findings()
    assert any(f.kind == "row-inserted" and f.table == "ooni_measurement" for f in found), found


def test_measurements_stored_before_are_not_recorded_again(
    store: Store, write_lines: Callable[..., Path]
) -> None:
    items = sample(60, seed=41)
    ooni.import_measurements(store, [write_lines("a.jsonl.gz", items[:40])], workers=0)
    second = write_lines("b.jsonl.gz", items[20:])  # 20 stored, 20 new
    report = ooni.import_measurements(store, [second], workers=0)
    assert (report.new, report.already) == (20, 20)
    with store.read() as conn:
        recorded = conn.scalar(
            text(
                "SELECT count(*) FROM integrity_row WHERE tbl = 'ooni_measurement' AND pk <> '' "
                "AND seq = (SELECT max(seq) FROM integrity_row)"
            )
        )
    assert recorded == 20
    result = integrity.verify(store)
    assert result.ok, result.all_findings()[:3]


def test_rows_inserted_again_are_skipped_by_the_store(store: Store) -> None:
    lines = [orjson.dumps(i) for i in sample(30, seed=43)]
    with store.write() as conn:
        judged = judge_block(Lines("f", "0" * 64, 1, lines), finish=w.measurement_rows(conn))
        assert w.insert_measurements(conn, judged.rows[:10]) == 10
        # PostgreSQL: the straight COPY meets the stored ids and falls back to skipping them
        assert w.insert_measurements(conn, judged.rows) == 20
        integrity_seal.give_hashes(conn, w.MEASUREMENT.name, dict.fromkeys(judged.keys))
    assert len(_stored_hashes(store)) == 30
    result = integrity.verify(store)
    assert result.ok, result.all_findings()[:3]
