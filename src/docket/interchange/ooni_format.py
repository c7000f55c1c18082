"""The parts of an OONI web_connectivity 0.5 measurement that Docket reads, as typed structs.

A line of JSON is decoded straight into these (msgspec): fields Docket does not read (request
headers, certificates, other resolvers' details, annotations...) are skipped without being made
into Python objects, which is most of the cost of reading a measurement. Values whose type a
field does not allow make the line fail to decode; the reader then reads it as a plain dict to
say what is wrong (interchange.ooni). Defaults are what the analysis takes for a missing field.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import msgspec
import orjson
from msgspec import Struct

__all__ = ["DecodeError", "TestKeys", "WebConnectivity", "decoder", "test_keys"]

DecodeError = (msgspec.DecodeError, msgspec.ValidationError)


class Answer(Struct):
    answer_type: str | None = None
    ipv4: str | None = None
    ipv6: str | None = None
    asn: int | None = None


class Query(Struct):
    answers: list[Answer] | None = None
    engine: str | None = None
    failure: str | None = None
    hostname: str | None = None
    query_type: str | None = None
    tags: list[str] | None = None
    transaction_id: int | None = None


class Status(Struct):
    failure: str | None = None


class TcpConnect(Struct):
    ip: str | None = None
    port: int | str | None = None
    status: Status | None = None
    tags: list[str] | None = None
    transaction_id: int | None = None


class TlsHandshake(Struct):
    failure: str | None = None
    server_name: str | None = None
    transaction_id: int | None = None


class BinaryBody(Struct):
    """A body that is not UTF-8: {"format": "base64", "data": "..."}."""

    data: str | None = None


_NULL = msgspec.Raw(b"null")


def _names(headers_json: msgspec.Raw) -> list[str]:
    """The names of the headers kept as JSON text (an object: name -> value)."""
    return list(msgspec.json.decode(headers_json, type=dict[str, Any] | None) or ())


class Response(Struct):
    # The page and headers stay JSON text until a comparison with the control needs them
    # (`body`, `header_names`): most verdicts do not, and the page is the largest field.
    body_json: msgspec.Raw = msgspec.field(name="body", default=_NULL)
    body_is_truncated: bool | None = True  # not said: taken as cut off (no length compared)
    code: int | None = None
    headers_json: msgspec.Raw = msgspec.field(name="headers", default=_NULL)

    def body(self) -> str | BinaryBody | None:
        return msgspec.json.decode(self.body_json, type=str | BinaryBody | None)

    def header_names(self) -> list[str]:
        return _names(self.headers_json)


class HttpRoundTrip(Struct):
    failure: str | None = None
    response: Response | None = None
    transaction_id: int | None = None


class ControlDns(Struct):
    failure: str | None = None
    addrs: list[str] | None = None


class ControlStep(Struct):
    failure: str | None = None
    server_name: str | None = None


class ControlHttp(Struct):
    body_length: int | None = None
    failure: str | None = None
    title: str | None = None
    headers_json: msgspec.Raw = msgspec.field(name="headers", default=_NULL)
    status_code: int | None = None

    def header_names(self) -> list[str]:
        return _names(self.headers_json)


class IpInfo(Struct):
    asn: int | None = None


class Control(Struct):
    tcp_connect: dict[str, ControlStep | None] | None = None
    tls_handshake: dict[str, ControlStep | None] | None = None
    http_request: ControlHttp | None = None
    dns: ControlDns | None = None
    ip_info: dict[str, IpInfo | None] | None = None


class ControlRequest(Struct):
    http_request: str | None = None


class TestKeys(Struct):
    queries: list[Query] | None = None
    tcp_connect: list[TcpConnect] | None = None
    tls_handshakes: list[TlsHandshake] | None = None
    requests: list[HttpRoundTrip] | None = None
    control: Control | None = None
    x_control_request: ControlRequest | None = None
    # OONI's own verdict and comparisons, kept as written (checked where they are stored)
    blocking: Any = None
    accessible: Any = None
    dns_consistency: Any = None
    dns_experiment_failure: Any = None
    http_experiment_failure: Any = None
    control_failure: Any = None
    body_length_match: Any = None
    headers_match: Any = None
    status_code_match: Any = None
    title_match: Any = None
    body_proportion: Any = None
    x_blocking_flags: Any = None


class WebConnectivity(Struct):
    """A measurement's envelope; fields of any type, checked by the reader as before."""

    test_name: Any = None
    test_version: Any = None
    measurement_uid: Any = None
    id: Any = None
    measurement_start_time: Any = None
    probe_cc: Any = None
    probe_asn: Any = None
    probe_network_name: Any = None
    input: Any = None
    test_keys: TestKeys | None = None


@cache
def decoder() -> msgspec.json.Decoder[WebConnectivity]:
    """The decoder of a line into the struct (made once per process)."""
    return msgspec.json.Decoder(WebConnectivity)


def test_keys(data: Any) -> TestKeys:
    """Test keys read as a dict (a measurement given as JSON data) made into the struct;
    raises msgspec.ValidationError, naming the field, when a value is not of its type."""
    return msgspec.json.decode(orjson.dumps(data), type=TestKeys)
