"""Reading OONI measurements as OONI publishes them, and judging each web_connectivity one.

A file is one measurement in JSON (as OONI's API or Explorer gives it), JSON lines (`.jsonl`),
or gzip'd JSON lines (`.jsonl.gz`, `.gz`: OONI's files per country, test and hour or day). Lines
are read a block at a time, so a file of any size streams. Each line becomes a `Measurement`
(web_connectivity 0.4 or 0.5), a `RawMeasurement` (another test or version: kept as written and
reported) or a `Problem` (not JSON, cut off, a field missing), never silently dropped.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

import orjson

from docket.domain.digital import Measurement, RawMeasurement, Verdict, blocking_value, hostname
from docket.errors import Problem
from docket.interchange.ooni_analysis import classic_verdict

Item = Measurement | RawMeasurement | Problem
MAX_PROBLEMS = 1_000
_ASN = re.compile(r"^AS(\d+)$")
_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})")
_CC = re.compile(r"^[A-Z]{2}$")


def file_sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


@dataclass(frozen=True, slots=True)
class Lines:
    """Consecutive lines of a file, each one measurement in JSON (blank ones are skipped)."""

    file: str
    sha256: str  # the file's, which every row names as its source
    first: int  # the number of the first line
    lines: list[bytes]
    problem: Problem | None = None  # the file is cut off or damaged here


@dataclass(slots=True)
class Judged:
    """What a block of lines gave: rows to write (the file's SHA-256, then the values in the
    order of MEASUREMENT_COLUMNS or RAW_COLUMNS), and what to report."""

    rows: list[tuple[object, ...]] = field(default_factory=list)
    raws: list[tuple[object, ...]] = field(default_factory=list)
    raw_tests: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    measurements: int = 0
    agreed: int = 0
    disagreements: list[dict[str, object]] = field(default_factory=list)  # the first few


class OoniFile:
    """One file of measurements, read in blocks of lines; `position` says how far (in bytes).

    Iterating gives `Lines` to judge (see `judge`), or a `Problem` when the file is cut off or
    damaged (then reading stops there).
    """

    def __init__(self, path: Path, *, sha256: str = "", block: int = 1 << 20) -> None:
        self.path = path
        self.sha256 = sha256
        self.name = str(path)
        self.size = path.stat().st_size
        self.position = 0
        self.block = block

    def __iter__(self) -> Iterator[Lines | Problem]:
        with self.path.open("rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            document = self.path.name.lower().endswith((".json", ".json.gz"))
            if gzipped and not document:
                unzipped: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
                yield from self._blocks(unzipped, raw)
            elif gzipped:
                try:
                    data = gzip.decompress(raw.read())
                except (EOFError, gzip.BadGzipFile, zlib.error) as err:
                    yield Problem(f"the file is cut off or damaged ({err})", file=self.name)
                    return
                yield from self._document(data)
            elif document:
                yield from self._document(raw.read())
            else:
                yield from self._blocks(raw, raw)
        self.position = self.size

    def _blocks(self, stream: IO[bytes], raw: IO[bytes]) -> Iterator[Lines | Problem]:
        # Reading a block at a time and splitting it is several times faster than readline.
        number, rest = 1, b""
        try:
            while block := stream.read(self.block):
                lines = (rest + block).split(b"\n")
                rest = lines.pop()
                self.position = raw.tell()
                yield Lines(self.name, self.sha256, number, lines)
                number += len(lines)
            if rest.strip():
                yield Lines(self.name, self.sha256, number, [rest])
        except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as err:
            done = f"after line {number - 1}" if number > 1 else "before its first line"
            yield Problem(
                f"the file is cut off or damaged {done} ({err}); download it again",
                file=self.name,
                line=number,
            )

    def _document(self, data: bytes) -> Iterator[Lines]:
        try:
            parsed = orjson.loads(data)
        except orjson.JSONDecodeError:
            # Not one JSON document: JSON lines saved as .json.
            yield Lines(self.name, self.sha256, 1, data.split(b"\n"))
            return
        items = parsed if isinstance(parsed, list) else [parsed]
        yield Lines(self.name, self.sha256, 1, [orjson.dumps(item) for item in items])


def judge(lines: Lines) -> Iterator[Item]:
    """Each line as a measurement (judged), a raw measurement kept as written, or a problem."""
    for number, line in enumerate(lines.lines, start=lines.first):
        if line.strip():
            yield read_measurement(line, file=lines.file, number=number)


def judge_file(task: tuple[str, str]) -> Judged:
    """Read and judge a whole file (PATH, SHA-256); runs in a worker process."""
    path, sha = task
    out = Judged()
    for block in OoniFile(Path(path), sha256=sha):
        if isinstance(block, Problem):
            out.problems.append(block)
            break
        judge_block(block, into=out)
        if len(out.problems) > MAX_PROBLEMS:
            break
    return out


@contextmanager
def _without_gc() -> Iterator[None]:
    # Judging makes many short-lived objects and no reference cycles: the cycle collector
    # would only spend time (a tenth of it) looking for garbage that is not there.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def judge_block(lines: Lines, *, into: Judged | None = None) -> Judged:
    """Judge a block of lines into rows (runs in a worker process for large imports)."""
    with _without_gc():
        return _judge_block(lines, Judged() if into is None else into)


def _judge_block(lines: Lines, out: Judged) -> Judged:
    if lines.problem is not None:
        out.problems.append(lines.problem)
    source = (lines.sha256,)
    for item in judge(lines):
        if isinstance(item, Measurement):
            out.measurements += 1
            out.rows.append(source + item.values())
            if item.agrees:
                out.agreed += 1
            elif len(out.disagreements) < 20:
                out.disagreements.append(
                    {"id": item.id, "file": lines.file, "line": item.line,
                     "ooni": [item.ooni_blocking, item.ooni_accessible],
                     "docket": [item.verdict.blocking, item.verdict.accessible],
                     "reason": item.verdict.reason}
                )  # fmt: skip
        elif isinstance(item, RawMeasurement):
            out.raw_tests[item.test_name] += 1
            out.raws.append(source + item.values())
        else:
            out.problems.append(item)
            if len(out.problems) > MAX_PROBLEMS:  # no use reading on: nothing will be written
                break
    return out


def read_measurement(line: bytes, *, file: str, number: int) -> Item:
    """One line of JSON as a measurement, a raw measurement kept as written, or a problem."""
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError as err:
        return Problem(f"not valid JSON ({err}); the line may be cut off", file=file, line=number)
    return parse_measurement(data, file=file, line=number, text=line)


def parse_measurement(data: Any, *, file: str, line: int, text: bytes) -> Item:
    if not isinstance(data, dict):
        return Problem("not a measurement (a JSON object is expected)", file=file, line=line)
    name = data.get("test_name")
    version = data.get("test_version")
    if not isinstance(name, str) or not isinstance(version, str):
        field = "test_name" if not isinstance(name, str) else "test_version"
        return Problem("missing: every OONI measurement has one", file=file, line=line, field=field)
    family = _family(version) if len(version) <= 16 else None
    if name != "web_connectivity" or family is None:
        why = (
            f"web_connectivity version {version} is not one Docket judges (0.4, 0.5)"
            if name == "web_connectivity"
            else f"the test '{name}' is not analysed by Docket yet"
        )
        return _raw(data, text, line=line, why=why)
    return _measurement(data, family, file=file, line=line)


def _family(version: str) -> str | None:
    for family in ("0.4", "0.5"):
        if version == family or version.startswith(family + "."):
            return family
    return None


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


def _measurement(data: dict[str, Any], family: str, *, file: str, line: int) -> Item:
    def problem(field: str, message: str) -> Problem:
        return Problem(message, file=file, line=line, field=field)

    when = _TIME.match(str(data.get("measurement_start_time") or ""))
    if when is None:
        return problem("measurement_start_time", "missing or not 'YYYY-MM-DD HH:MM:SS'")
    try:
        date.fromisoformat(when.group(1))
    except ValueError:
        return problem("measurement_start_time", f"there is no day {when.group(1)}")
    cc = data.get("probe_cc")
    if not isinstance(cc, str) or not _CC.match(cc):
        return problem("probe_cc", "missing or not a two-letter country code")
    asn = _ASN.match(str(data.get("probe_asn") or ""))
    if asn is None:
        return problem("probe_asn", "missing or not like 'AS12345'")
    url = data.get("input")
    if not isinstance(url, str) or "://" not in url:
        return problem("input", "missing or not a URL: web_connectivity tests a URL")
    tk = data.get("test_keys")
    if not isinstance(tk, dict):
        return problem("test_keys", "missing: the evidence of the measurement is in it")
    try:
        verdict = analyse(family, tk)
    except (TypeError, ValueError, AttributeError, KeyError) as err:
        return problem("test_keys", f"cannot be read as web_connectivity {family} ({err!r})")
    network = data.get("probe_network_name")
    return Measurement(
        id=measurement_id(data),
        line=line,
        test_version=str(data["test_version"]),
        start_time=f"{when.group(1)} {when.group(2)}",
        country=cc,
        asn=int(asn.group(1)),
        network=network if isinstance(network, str) else None,
        input=url,
        domain=hostname(url).lower().rstrip("."),
        ooni_blocking=blocking_value(tk.get("blocking")),
        ooni_accessible=tk.get("accessible") if isinstance(tk.get("accessible"), bool) else None,
        verdict=verdict,
        evidence=_evidence(tk),
    )


_TEXTS = ("dns_consistency", "dns_experiment_failure", "http_experiment_failure", "control_failure")
_BOOLS = ("body_length_match", "headers_match", "status_code_match", "title_match")


def _evidence(tk: dict[str, Any]) -> dict[str, object]:
    """OONI's comparison fields as written, each of the type its column takes (else None)."""
    get = tk.get
    out: dict[str, object] = {}
    for key in _TEXTS:
        value = get(key)
        out[key] = value if type(value) is str else None
    if len(str(out["dns_consistency"])) > 16:  # OONI writes consistent or inconsistent
        out["dns_consistency"] = None
    for key in _BOOLS:
        value = get(key)
        out[key] = value if type(value) is bool else None
    proportion = get("body_proportion")
    number = isinstance(proportion, int | float) and not isinstance(proportion, bool)
    out["body_proportion"] = float(proportion) if number else None  # type: ignore[arg-type]
    flags = get("x_blocking_flags")
    out["x_blocking_flags"] = flags if type(flags) is int else None
    return out


def analyse(family: str, tk: dict[str, Any]) -> Verdict:
    """Docket's verdict on web_connectivity test keys of version family '0.4' or '0.5'."""
    return _verdict_v04(tk) if family == "0.4" else classic_verdict(tk)


_HTTP_FAILURES = {
    "connection_refused": "http-failure",
    "connection_reset": "http-failure",
    "eof_error": "http-failure",
    "generic_timeout_error": "http-failure",
    "ssl_invalid_hostname": "http-failure",
    "ssl_invalid_certificate": "http-failure",
    "ssl_unknown_authority": "http-failure",
    "dns_nxdomain_error": "dns",
}
_NXDOMAIN = ("dns_nxdomain_error", "android_dns_cache_no_data")


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _verdict_v04(tk: dict[str, Any]) -> Verdict:
    """Version 0.4's decision, from the comparisons the probe recorded (summary.go's order)."""
    requests = tk.get("requests") or []
    first = requests[0] if requests else {}
    consistency = _text(tk.get("dns_consistency"))
    dns_failure = tk.get("dns_experiment_failure")
    ev = _evidence(tk)
    diff: tuple[Any, ...] = (
        ev["body_length_match"],
        ev["headers_match"],
        ev["status_code_match"],
        ev["title_match"],
        ev["body_proportion"],
    )

    def verdict(blocking: str | None, accessible: bool | None, why: str) -> Verdict:
        return Verdict(blocking, accessible, why, consistency, *diff)

    url = ((first.get("request") or {}).get("url") or "") if first else ""
    if first and first.get("failure") is None and url.startswith("https://"):
        return verdict("none", True, "the page came over HTTPS")
    if tk.get("control_failure") is not None:
        return verdict(None, None, f"the control failed ({tk['control_failure']})")
    if dns_failure in _NXDOMAIN and consistency == "consistent":
        return verdict("none", True, "the name does not exist, for the control too")
    if dns_failure in _NXDOMAIN and consistency == "inconsistent":
        return verdict("dns", False, f"DNS lookup failed ({dns_failure}), not for the control")
    attempts = tk.get("tcp_connect") or []
    connected = any((a.get("status") or {}).get("success") for a in attempts)
    if attempts and consistency is not None and not connected:
        if consistency == "consistent":
            return verdict("tcp_ip", False, "every TCP connect failed")
        if consistency == "inconsistent":
            return verdict("dns", False, "every TCP connect failed; the DNS answers differ")
        return verdict(None, None, "every TCP connect failed")
    if ((tk.get("control") or {}).get("http_request") or {}).get("failure") is not None:
        return verdict(None, None, "the control could not fetch the page")
    if not requests:
        return verdict(None, None, "the measurement has no HTTP request")
    failure = first.get("failure")
    if failure is not None:
        kind = _HTTP_FAILURES.get(failure)
        if kind is None:
            return verdict(None, None, f"HTTP request failed ({failure})")
        if len(requests) == 1 and consistency == "inconsistent":
            kind = "dns"
        return verdict(kind, False, f"HTTP request failed ({failure})")
    if diff[2] and (diff[0] or diff[1] or diff[3]):
        return verdict("none", True, "the page matches the control's")
    if consistency == "inconsistent":
        return verdict("dns", False, "the page differs from the control's; so do the DNS answers")
    return verdict("http-diff", False, "the page differs from the control's")
