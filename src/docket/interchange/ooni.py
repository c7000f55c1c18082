"""Reading OONI measurements: each line of a file (interchange.ooni_file) becomes a judged
web_connectivity measurement (0.4 or 0.5), a measurement kept as written (another test or
version: reported), or a `Problem` (not JSON, cut off, a field missing); never silently dropped.

`judge_block` is the hot path of an import (tens of thousands of lines a second, in worker
processes for large imports): it makes each measurement straight into the row to store, without
an object per measurement. `read_measurement` gives the same judgement as a `Measurement`.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from docket.domain.digital import Measurement, RawMeasurement, Verdict, blocking_value, hostname
from docket.errors import Problem
from docket.interchange.ooni_analysis import classic_verdict
from docket.interchange.ooni_file import Lines, OoniFile
from docket.interchange.ooni_format import (
    DecodeError,
    TestKeys,
    WebConnectivity,
    decoder,
    test_keys,
)
from docket.interchange.ooni_v04 import verdict_v04

Item = Measurement | RawMeasurement | Problem
Values = tuple[Any, ...]  # file_sha256, then the values in the order of MEASUREMENT_COLUMNS
# What becomes of a measurement's values: the row to store, its key and its hash (None: none)
Finish = Callable[[Values], tuple[Any, str, bytes | None]]
Decode = Callable[[bytes], WebConnectivity]
MAX_PROBLEMS = 1_000
_ASN = re.compile(r"^AS(\d{1,10})$")
_MAX_INT = 2**31 - 1  # what every store's integer column holds
_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})")
_CC = re.compile(r"^[A-Z]{2}$")
_EVIDENCE = (
    "dns_consistency", "dns_experiment_failure", "http_experiment_failure", "control_failure",
    "body_length_match", "headers_match", "status_code_match", "title_match", "body_proportion",
    "x_blocking_flags",
)  # fmt: skip
_OONI_KEYS = ("blocking", "accessible", *_EVIDENCE)  # OONI's verdict, then its evidence
_FAMILIES: dict[str, str | None] = {}
_DAYS: set[str] = set()  # days checked to exist
_DOMAINS: dict[str, str] = {}


def as_is(values: Values) -> tuple[Values, str, None]:
    """The values as the row, keyed by the measurement id (no store in view)."""
    return values, values[1], None


@dataclass(slots=True)
class Judged:
    """What a block of lines gave: rows to write (as `finish` made them, with their keys and
    hashes), measurements kept raw (the file's SHA-256, then RAW_COLUMNS), what to report."""

    rows: list[Any] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    hashes: list[bytes | None] = field(default_factory=list)
    raws: list[tuple[object, ...]] = field(default_factory=list)
    raw_tests: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    measurements: int = 0
    agreed: int = 0
    disagreements: list[dict[str, object]] = field(default_factory=list)  # the first few


def judge_file(task: tuple[str, str], *, finish: Finish = as_is) -> Judged:
    """Read and judge a whole file (PATH, SHA-256); runs in a worker process."""
    path, sha = task
    out = Judged()
    for block in OoniFile(Path(path), sha256=sha):
        if isinstance(block, Problem):
            out.problems.append(block)
            break
        judge_block(block, into=out, finish=finish)
        if len(out.problems) > MAX_PROBLEMS:
            break
    return out


@contextmanager
def without_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: judging and writing make many short-lived
    objects and no reference cycles, and the collector would only spend time (a tenth of it)
    looking for garbage that is not there."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def judge_block(lines: Lines, *, into: Judged | None = None, finish: Finish = as_is) -> Judged:
    """Judge a block of lines into rows (runs in a worker process for large imports)."""
    out = Judged() if into is None else into
    with without_gc():
        _judge_block(lines, out, finish)
    return out


def _judge_block(lines: Lines, out: Judged, finish: Finish) -> None:
    if lines.problem is not None:
        out.problems.append(lines.problem)
    decode = decoder().decode
    source, file = lines.sha256, lines.file
    rows, keys, hashes = out.rows.append, out.keys.append, out.hashes.append
    for number, line in enumerate(lines.lines, start=lines.first):
        if not line or line.isspace():
            continue
        item = _item(line, decode, source=source, file=file, line=number)
        if type(item) is tuple:
            values, verdict = item
            row, key, hashed = finish(values)
            rows(row)
            keys(key)
            hashes(hashed)
            out.measurements += 1
            if values[11:13] == values[13:15]:  # OONI's verdict is Docket's
                out.agreed += 1
            elif len(out.disagreements) < 20:
                out.disagreements.append(
                    {"id": values[1], "file": file, "line": number,
                     "ooni": list(values[11:13]), "docket": list(values[13:15]),
                     "reason": verdict.reason}
                )  # fmt: skip
        elif isinstance(item, RawMeasurement):
            out.raw_tests[item.test_name] += 1
            out.raws.append((source, *item.values()))
        else:
            out.problems.append(item)  # type: ignore[arg-type]
            if len(out.problems) > MAX_PROBLEMS:  # no use reading on: nothing will be written
                break


def _not_json(err: Exception, file: str, line: int) -> Problem:
    return Problem(f"not valid JSON ({err}); the line may be cut off", file=file, line=line)


def _item(
    text: bytes, decode: Decode, *, source: str, file: str, line: int
) -> tuple[Values, Verdict] | RawMeasurement | Problem:
    """A line decoded into structs and judged; or, if it is not a plain web_connectivity 0.5
    measurement with an id, read whole as a dict (a raw measurement, a problem...)."""
    try:
        item = _quick(decode(text), source=source, file=file, line=line)
    except DecodeError:
        item = None
    if item is not None:
        return item
    try:
        return _read(orjson.loads(text), source=source, file=file, line=line, text=text)
    except orjson.JSONDecodeError as err:
        return _not_json(err, file, line)


def read_measurement(line: bytes, *, file: str, number: int) -> Item:
    """One line of JSON as a measurement, a raw measurement kept as written, or a problem."""
    item = _item(line, decoder().decode, source="", file=file, line=number)
    return _measurement(item) if isinstance(item, tuple) else item


def _measurement(item: tuple[Values, Verdict]) -> Measurement:
    v, verdict = item
    return Measurement(
        id=v[1], line=v[2], test_version=v[3], start_time=v[4], country=v[6], asn=v[7],
        network=v[8], input=v[9], domain=v[10], ooni_blocking=v[11], ooni_accessible=v[12],
        verdict=verdict, evidence=dict(zip(_EVIDENCE, v[16:], strict=True)),
    )  # fmt: skip


def _read(
    data: Any, *, source: str, file: str, line: int, text: bytes
) -> tuple[Values, Verdict] | RawMeasurement | Problem:
    if type(data) is not dict:
        return Problem("not a measurement (a JSON object is expected)", file=file, line=line)
    name = data.get("test_name")
    version = data.get("test_version")
    if type(name) is not str or type(version) is not str:
        field = "test_name" if type(name) is not str else "test_version"
        return Problem("missing: every OONI measurement has one", file=file, line=line, field=field)
    family = _family(version)
    if name != "web_connectivity" or family is None:
        why = (
            f"web_connectivity version {version} is not one Docket judges (0.4, 0.5)"
            if name == "web_connectivity"
            else f"the test '{name}' is not analysed by Docket yet"
        )
        return _raw(data, text, line=line, why=why)
    return _whole(data, family, version, source=source, file=file, line=line)


def _family(version: str) -> str | None:
    found = _FAMILIES.get(version, "")
    if found != "":
        return found
    found = None
    if len(version) <= 16:
        for family in ("0.4", "0.5"):
            if version == family or version.startswith(family + "."):
                found = family
    if len(_FAMILIES) < 256:  # a handful of versions recur in every file
        _FAMILIES[version] = found
    return found


def measurement_id(data: dict[str, Any]) -> str:
    """OONI's measurement_uid when present; otherwise a hash of the measurement's content."""
    uid = data.get("measurement_uid") or data.get("id")
    if isinstance(uid, str) and 0 < len(uid) <= 128:
        return uid
    canonical = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    return "sha256:" + hashlib.sha256(canonical).hexdigest()[:40]


def _raw(data: dict[str, Any], text: bytes, *, line: int, why: str) -> RawMeasurement:
    body = text.decode("utf-8", "replace").strip()
    when = _TIME.match(str(data.get("measurement_start_time") or ""))
    cc = data.get("probe_cc")
    return RawMeasurement(
        id=measurement_id(data),
        line=line,
        test_name=str(data.get("test_name")),
        test_version=str(data.get("test_version"))[:32],
        country=cc if isinstance(cc, str) and _CC.match(cc) else None,
        start_time=f"{when.group(1)} {when.group(2)}" if when else None,
        why=why,
        text=body,
    )


def _quick(
    m: WebConnectivity, *, source: str, file: str, line: int
) -> tuple[Values, Verdict] | Problem | None:
    """A measurement decoded into its struct, judged; None when it must be read whole (another
    test or version, no measurement id of its own)."""
    uid = m.measurement_uid or m.id
    version = m.test_version
    if (
        m.test_name != "web_connectivity"
        or type(version) is not str
        or _family(version) != "0.5"
        or m.test_keys is None
        or type(uid) is not str
        or not 0 < len(uid) <= 128
    ):
        return None
    tk = m.test_keys
    return _judge(m, tk, None, "0.5", version, uid, source=source, file=file, line=line)


def _whole(
    data: dict[str, Any], family: str, version: str, *, source: str, file: str, line: int
) -> tuple[Values, Verdict] | Problem:
    """A measurement read as a dict, judged."""
    get = data.get
    m = WebConnectivity(
        test_name=get("test_name"), test_version=version,
        measurement_start_time=get("measurement_start_time"), probe_cc=get("probe_cc"),
        probe_asn=get("probe_asn"), probe_network_name=get("probe_network_name"),
        input=get("input"),
    )  # fmt: skip
    raw = get("test_keys")
    if type(raw) is not dict:
        raw = None
    tk = TestKeys(**{k: raw.get(k) for k in _OONI_KEYS}) if raw is not None else None
    uid = measurement_id(data)
    return _judge(m, tk, raw, family, version, uid, source=source, file=file, line=line)


def _judge(
    m: WebConnectivity,
    tk: TestKeys | None,
    raw: dict[str, Any] | None,
    family: str,
    version: str,
    uid: str,
    *,
    source: str,
    file: str,
    line: int,
) -> tuple[Values, Verdict] | Problem:
    """A web_connectivity measurement's values, in the order of the rows, and Docket's verdict
    (from the struct, or from RAW: the test keys as a dict)."""
    when = _TIME.match(str(m.measurement_start_time or ""))
    if when is None:
        return _problem(
            file, line, "measurement_start_time", "missing or not 'YYYY-MM-DD HH:MM:SS'"
        )
    day = when.group(1)
    if day not in _DAYS:
        try:
            date.fromisoformat(day)
        except ValueError:
            return _problem(file, line, "measurement_start_time", f"there is no day {day}")
        if len(_DAYS) < 100_000:
            _DAYS.add(day)
    cc = m.probe_cc
    if type(cc) is not str or not _CC.match(cc):
        return _problem(file, line, "probe_cc", "missing or not a two-letter country code")
    asn = _ASN.match(str(m.probe_asn or ""))
    if asn is None or int(asn.group(1)) > _MAX_INT:
        return _problem(file, line, "probe_asn", "missing or not like 'AS12345'")
    url = m.input
    if type(url) is not str or "://" not in url:
        return _problem(file, line, "input", "missing or not a URL: web_connectivity tests a URL")
    if tk is None:
        return _problem(
            file, line, "test_keys", "missing: the evidence of the measurement is in it"
        )
    try:
        if raw is None:
            verdict = classic_verdict(tk)
        else:
            verdict = verdict_v04(raw) if family == "0.4" else classic_verdict(test_keys(raw))
    except (TypeError, ValueError, AttributeError, KeyError, *DecodeError) as err:
        why = f"cannot be read as web_connectivity {family} ({err!r})"
        return _problem(file, line, "test_keys", why)
    network = m.probe_network_name
    accessible = tk.accessible
    # OONI's comparison fields as written, each of the type its column takes (else None)
    consistency = tk.dns_consistency
    dns_failure = tk.dns_experiment_failure
    http_failure = tk.http_experiment_failure
    control_failure = tk.control_failure
    length = tk.body_length_match
    headers = tk.headers_match
    status = tk.status_code_match
    title = tk.title_match
    proportion = tk.body_proportion
    flags = tk.x_blocking_flags
    start = f"{day} {when.group(2)}"
    values = (
        source, uid, line, version, start, day, cc, int(asn.group(1)),
        network if type(network) is str else None, url, _domain(url),
        blocking_value(tk.blocking), accessible if type(accessible) is bool else None,
        verdict.blocking, verdict.accessible, verdict.reason,
        consistency if type(consistency) is str and len(consistency) <= 16 else None,
        dns_failure if type(dns_failure) is str else None,
        http_failure if type(http_failure) is str else None,
        control_failure if type(control_failure) is str else None,
        length if type(length) is bool else None,
        headers if type(headers) is bool else None,
        status if type(status) is bool else None,
        title if type(title) is bool else None,
        # + 0.0: a store may give -0.0 back as 0.0
        float(proportion) + 0.0 if type(proportion) is float or type(proportion) is int else None,
        flags if type(flags) is int and -_MAX_INT <= flags <= _MAX_INT else None,
    )  # fmt: skip
    return values, verdict


def _problem(file: str, line: int, field: str, message: str) -> Problem:
    return Problem(message, file=file, line=line, field=field)


def _domain(url: str) -> str:
    found = _DOMAINS.get(url)
    if found is None:
        found = hostname(url).lower().rstrip(".")
        if len(_DOMAINS) < 100_000:  # the same URLs (test lists) are measured again and again
            _DOMAINS[url] = found
    return found


def analyse(family: str, tk: dict[str, Any]) -> Verdict:
    """Docket's verdict on web_connectivity test keys of version family '0.4' or '0.5'."""
    return verdict_v04(tk) if family == "0.4" else classic_verdict(test_keys(tk))
