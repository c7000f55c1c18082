"""Docket's verdicts on OONI measurements, without a database.

The 50 real measurements are OONI's own QA set: each was taken under a simulated network
condition (DNS, TCP, TLS blocking, blockpages, sites that are down...), and carries OONI
Probe's verdict. Docket judges each from its evidence and must agree on every one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from docket.domain.digital import Measurement, RawMeasurement, blocking_value, hostname
from docket.errors import Problem
from docket.interchange.ooni import analyse, judge_block, read_measurement
from docket.interchange.ooni_file import Lines, OoniFile
from tests.digital.conftest import qa_files, sample


def _judged(path: Path) -> Measurement:
    (item,) = [i for block in OoniFile(path) for i in _items(block)]
    assert isinstance(item, Measurement), item
    return item


def _items(block: Lines | Problem) -> list[Any]:
    assert isinstance(block, Lines), block
    return [read_measurement(line, file=block.file, number=n)
            for n, line in enumerate(block.lines, start=block.first) if line.strip()]  # fmt: skip


def test_every_real_measurement_gets_oonis_verdict() -> None:
    files = qa_files()
    assert len(files) == 50
    differ = []
    for path in files:
        raw = orjson.loads(path.read_bytes())
        m = _judged(path)
        ooni = (blocking_value(raw["test_keys"]["blocking"]), raw["test_keys"]["accessible"])
        assert (m.ooni_blocking, m.ooni_accessible) == ooni  # stored as OONI wrote it
        if (m.verdict.blocking, m.verdict.accessible) != ooni:
            differ.append((path.name, ooni, m.verdict))
    assert differ == []


@pytest.mark.parametrize(
    ("name", "blocking", "accessible", "because"),
    [
        ("dnsBlockingNXDOMAIN", "dns", False, "DNS lookup www.example.com failed"),
        ("tcpBlockingConnectTimeout", "tcp_ip", False, "TCP connect 93.184.216.34:443 failed"),
        ("tlsBlockingConnectionResetWithConsistentDNS", "http-failure", False, "TLS handshake"),
        ("httpDiffWithConsistentDNS", "http-diff", False, "differs from the control's"),
        ("httpDiffWithInconsistentDNS", "dns", False, "DNS answers differ"),
        ("websiteDownNXDOMAIN", "none", False, "seems down"),
        ("controlFailureWithSuccessfulHTTPWebsite", None, None, "no control"),
        ("controlFailureWithSuccessfulHTTPSWebsite", "none", True, "over TLS"),
        ("redirectWithConsistentDNSAndThenConnectionRefusedForHTTPS", "http-failure", False,
         "TCP connect"),
        ("dnsHijackingToLocalhostWithHTTP", "dns", False, "only loopback addresses"),
    ],
)  # fmt: skip
def test_named_cases_and_the_step_that_decides(
    name: str, blocking: str | None, accessible: bool | None, because: str
) -> None:
    qa_files()
    from tests.digital.conftest import QA

    m = _judged(QA / f"{name}.json")
    assert (m.verdict.blocking, m.verdict.accessible) == (blocking, accessible)
    assert because in m.verdict.reason


def test_read_into_structs_or_whole_a_measurement_is_judged_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lines with a measurement id are decoded straight into structs (the fast path); the QA
    measurements carry none, so they are read whole: with an id added, both must agree."""
    from docket.interchange import ooni

    files = qa_files()
    whole = [_judged(path) for path in files]
    lines = []
    for path, m in zip(files, whole, strict=True):
        data = orjson.loads(path.read_bytes())
        data["measurement_uid"] = f"20240212203347.000000_IT_webconnectivity_{m.id[7:23]}"
        lines.append(orjson.dumps(data))

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("read whole")

    monkeypatch.setattr(ooni, "_whole", never)
    for line, m in zip(lines, whole, strict=True):
        quick = read_measurement(line, file="f", number=1)
        assert isinstance(quick, Measurement), quick
        assert (quick.verdict, quick.evidence) == (m.verdict, m.evidence)
        assert (quick.ooni_blocking, quick.ooni_accessible) == (m.ooni_blocking, m.ooni_accessible)


def test_a_value_of_the_wrong_type_in_the_evidence_is_named() -> None:
    m = sample(1)[0]
    m["test_keys"]["tcp_connect"][0]["port"] = {"number": 443}
    item = read_measurement(orjson.dumps(m), file="f", number=3)
    assert isinstance(item, Problem) and item.field == "test_keys", item
    assert "$.tcp_connect[0].port" in item.message


def test_fields_the_verdict_does_not_read_may_hold_any_type() -> None:
    """Only what the analysis reads is typed: an odd value elsewhere (a request line written
    as text, a success flag as a word) neither stops the judgement nor changes it."""
    for m in sample(5):
        plain = read_measurement(orjson.dumps(m), file="f", number=1)
        for rt in m["test_keys"]["requests"] or ():
            rt["request"] = "GET / HTTP/1.1"
        for ev in m["test_keys"]["tcp_connect"] or ():
            ev["status"]["success"] = "yes"
        odd = read_measurement(orjson.dumps(m), file="f", number=1)
        assert isinstance(plain, Measurement) and isinstance(odd, Measurement), odd
        assert (odd.verdict, odd.evidence) == (plain.verdict, plain.evidence)


def test_dns_consistency_and_page_comparison_match_oonis_where_docket_needs_them() -> None:
    for path in qa_files():
        tk = orjson.loads(path.read_bytes())["test_keys"]
        v = analyse("0.5", tk)
        if v.dns_consistency is not None:
            assert v.dns_consistency == tk["dns_consistency"], path.name
        if v.status_code_match is not None or v.title_match is not None:
            seen = (v.body_length_match, v.headers_match, v.status_code_match, v.title_match)
            ooni = tuple(tk[k] for k in ("body_length_match", "headers_match",
                                         "status_code_match", "title_match"))  # fmt: skip
            assert seen == ooni, path.name


def test_evidence_is_kept_as_ooni_wrote_it() -> None:
    qa_files()
    from tests.digital.conftest import QA

    m = _judged(QA / "dnsBlockingNXDOMAIN.json")
    assert m.evidence["dns_consistency"] == "inconsistent"
    assert m.evidence["dns_experiment_failure"] == "dns_nxdomain_error"
    assert m.evidence["x_blocking_flags"] == 33
    assert (m.country, m.asn, m.network) == ("IT", 137, "Consortium GARR")
    assert (m.start_time, m.domain) == ("2024-02-12 20:33:47", "www.example.com")
    assert m.id.startswith("sha256:")  # QA measurements carry no measurement_uid


def test_generated_measurements_carry_the_verdicts_docket_gives() -> None:
    lines = [orjson.dumps(m) for m in sample(400, seed=3)]
    judged = judge_block(Lines("gen", "0" * 64, 1, lines))
    assert judged.measurements == 400 and not judged.problems
    assert judged.agreed == 400, judged.disagreements


def _v04(**tk: Any) -> dict[str, Any]:
    base = {"dns_consistency": "consistent", "dns_experiment_failure": None,
            "control_failure": None, "tcp_connect": [{"status": {"success": True}}],
            "control": {"http_request": {"failure": None}},
            "requests": [{"failure": None, "request": {"url": "http://a.example/"}}],
            "body_length_match": True, "headers_match": False, "status_code_match": True,
            "title_match": False}  # fmt: skip
    return {**base, **tk}


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ({}, ("none", True)),
        ({"status_code_match": False}, ("http-diff", False)),
        ({"status_code_match": False, "dns_consistency": "inconsistent"}, ("dns", False)),
        ({"tcp_connect": [{"status": {"success": False}}]}, ("tcp_ip", False)),
        ({"dns_experiment_failure": "dns_nxdomain_error", "dns_consistency": "inconsistent"},
         ("dns", False)),
        ({"control_failure": "connection_reset"}, (None, None)),
        ({"requests": [{"failure": "connection_reset", "request": {"url": "http://a/"}}]},
         ("http-failure", False)),
        ({"requests": [{"failure": None, "request": {"url": "https://a.example/"}}],
          "control_failure": "x"}, ("none", True)),
    ],
)  # fmt: skip
def test_version_04_follows_the_04_decision(
    keys: dict[str, Any], expected: tuple[Any, ...]
) -> None:
    v = analyse("0.4", _v04(**keys))
    assert (v.blocking, v.accessible) == expected


def test_other_tests_and_versions_are_kept_as_written() -> None:
    m = sample(1)[0]
    telegram = {**m, "test_name": "telegram", "test_version": "0.3.0"}
    old = {**m, "test_version": "0.3.4"}
    for data, why in ((telegram, "'telegram' is not analysed"), (old, "version 0.3.4")):
        line = orjson.dumps(data)
        item = read_measurement(line, file="f.jsonl", number=4)
        assert isinstance(item, RawMeasurement)
        assert why in item.why and item.line == 4
        assert orjson.loads(item.text) == data  # every field, as written


@pytest.mark.parametrize(
    ("line", "message", "field"),
    [
        (b'{"test_name": "web_connectivity", "test_vers', "not valid JSON", None),
        (b"[1, 2]", "a JSON object is expected", None),
        (b'{"test_name": "web_connectivity"}', "missing", "test_version"),
    ],
)
def test_broken_lines_are_problems_with_their_place(
    line: bytes, message: str, field: str | None
) -> None:
    item = read_measurement(line, file="day.jsonl.gz", number=7)
    assert isinstance(item, Problem)
    assert message in item.message and item.field == field
    assert str(item).startswith("day.jsonl.gz:7")


def test_a_measurement_missing_a_field_names_it() -> None:
    m = sample(1)[0]
    del m["probe_cc"]
    item = read_measurement(orjson.dumps(m), file="f", number=1)
    assert isinstance(item, Problem) and item.field == "probe_cc"


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.example.com/", "www.example.com"),
        ("http://www.example.com:444/x?y", "www.example.com"),
        ("http://Яндекс.рф/", "Яндекс.рф"),
        ("https://[2001:db8::1]:443/", "2001:db8::1"),
    ],
)
def test_hostname_as_written(url: str, host: str) -> None:
    assert hostname(url) == host


def test_a_measurement_as_gzip_json_or_json_lines(tmp_path: Path) -> None:
    import gzip

    path = qa_files()[0]
    document = tmp_path / "one.json.gz"
    document.write_bytes(gzip.compress(path.read_bytes()))  # pretty-printed, as Explorer gives
    lines = tmp_path / "one.jsonl"
    lines.write_bytes(orjson.dumps(orjson.loads(path.read_bytes())) + b"\n")
    ids = {_judged(p).id for p in (path, document, lines)}
    assert len(ids) == 1  # the same measurement, whatever the file's shape
