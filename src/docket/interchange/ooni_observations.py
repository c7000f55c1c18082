"""The steps of fetching a page, as a web_connectivity 0.5 measurement records them, each with
what OONI's test helper (the control) saw for the same step: the observations the classic
analysis (interchange.ooni_analysis) decides from.

Only what the classic view keeps becomes an observation: lookups by the system resolver
(getaddrinfo), and the endpoints that fetched the page (tag fetch_body=true) unless their
address came from another resolver or from the control.
"""

from __future__ import annotations

from typing import Any

from docket.domain.digital import hostname
from docket.interchange.ooni_format import (
    Control,
    ControlDns,
    ControlHttp,
    ControlStep,
    Response,
    TestKeys,
)

DNS, TCP, TLS, HTTP = 0, 1, 2, 3
STEP = {DNS: "DNS lookup", TCP: "TCP connect", TLS: "TLS handshake", HTTP: "HTTP request"}
_GETADDRINFO = ("getaddrinfo", "golang_net_resolver")
_NO_RESPONSE, _NO_DNS, _NO_HTTP, _NO_STEP = Response(), ControlDns(), ControlHttp(), ControlStep()


class Obs:
    """One step of fetching the page, with what the control saw for the same step.

    Class attributes are the defaults, so making one sets only what it knows (it is hot code).
    A successful DNS lookup is one step, whatever number of addresses it gave: OONI makes one
    observation per address, but they only differ in the address, which no verdict reads.
    """

    fetch_body: bool | None = None
    dns_domain: str | None = None
    dns_qtype: str | None = None
    dns_addrs: frozenset[str] | None = None
    ip = ""
    endpoint = ""
    tls_failure: str | None = None
    tls_server: str | None = None
    status = 0
    response: Response | None = None
    final: bool | None = None
    c_dns_failure: str | None = None
    c_dns_addrs: frozenset[str] | None = None
    c_tcp_failure: str | None = None
    c_tls_failure: str | None = None
    c_http_failure: str | None = None

    def __init__(self, kind: int, failure: str | None, txid: int, depth: int | None) -> None:
        self.kind, self.failure, self.txid, self.depth = kind, failure, txid, depth


_TAG_CACHE: dict[tuple[str, ...], tuple[int | None, bool | None]] = {}


def _tags(tags: list[str] | None) -> tuple[int | None, bool | None]:
    key = tuple(tags or ())
    found = _TAG_CACHE.get(key)
    if found is not None:
        return found
    depth: int | None = None
    fetch: bool | None = None
    for tag in key:
        if tag.startswith("depth=") and tag[6:].isdigit():
            depth = int(tag[6:])
        elif tag.startswith("fetch_body="):
            fetch = tag[11:] == "true"
    if len(_TAG_CACHE) < 1024:  # the same few tag lists recur in every measurement
        _TAG_CACHE[key] = (depth, fetch)
    return depth, fetch


def _endpoint(ip: str, port: Any) -> str:
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


class Observations:
    """The observations of one measurement's test keys: DNS lookups, and endpoints by
    transaction (a TCP connect, advanced by its TLS handshake and HTTP request)."""

    def __init__(self, tk: TestKeys) -> None:
        self.tk = tk
        self.dns: list[Obs] = []
        self.endpoints: dict[int, Obs] = {}
        self.control: Control | None = None  # the control's answers, when OONI would use them
        resolved: set[str] = set()  # by any resolver
        classic: set[str] = set()  # by the system resolver
        for q in tk.queries or ():
            addrs = []
            for a in q.answers or ():
                kind = a.answer_type
                ip = a.ipv4 if kind == "A" else a.ipv6 if kind == "AAAA" else None
                if ip:
                    addrs.append(ip)
            failure = q.failure
            if failure is None:
                resolved.update(addrs)
            if q.engine not in _GETADDRINFO or (failure is None and not addrs):
                continue
            obs = Obs(DNS, failure or "", q.transaction_id or 0, _tags(q.tags)[0])
            obs.dns_domain, obs.dns_qtype = q.hostname, q.query_type
            if failure is None:
                obs.dns_addrs = frozenset(addrs)
                classic.update(addrs)
            self.dns.append(obs)
        request, control = tk.x_control_request, tk.control
        if request is None or control is None:
            request = control = None  # OONI uses the control only when both are there
        # the addresses the control resolved (none without a control)
        self.th_addrs = th_addrs = frozenset(
            control.dns.addrs or () if control and control.dns else ()
        )
        for ev in tk.tcp_connect or ():
            depth, fetch = _tags(ev.tags)
            ip = ev.ip or ""
            # a resolved address counts if the system resolver gave it; one from the control not
            keep = ip in classic if ip in resolved else ip not in th_addrs
            txid = ev.transaction_id or 0
            if fetch is not True or not keep:
                self.endpoints.pop(txid, None)
                continue
            obs = Obs(TCP, ev.status.failure or "" if ev.status else "", txid, depth)
            obs.ip, obs.fetch_body = ip, fetch
            obs.endpoint = _endpoint(ip, ev.port)
            self.endpoints[txid] = obs
        for hs in tk.tls_handshakes or ():
            found = self.endpoints.get(hs.transaction_id or 0)
            if found is not None:
                found.kind = TLS
                found.failure = found.tls_failure = hs.failure or ""
                found.tls_server = hs.server_name or ""
        for rt in tk.requests or ():
            found = self.endpoints.get(rt.transaction_id or 0)
            if found is None:
                continue
            found.kind = HTTP
            found.failure = rt.failure or ""
            if rt.failure is None:
                response = rt.response or _NO_RESPONSE
                found.response = response
                found.status = response.code or 0
                found.final = found.status // 100 in (2, 4, 5)
        if request is not None and control is not None:
            self._ingest_control(hostname(request.http_request or ""), control)

    def _ingest_control(self, domain: str, control: Control) -> None:
        self.control = control
        dns = control.dns or _NO_DNS
        dns_failure = dns.failure or ""
        th_addrs = self.th_addrs
        http_failure = (control.http_request or _NO_HTTP).failure or ""
        for obs in self.dns:
            obs.c_http_failure = http_failure
            if obs.dns_domain == domain:
                obs.c_dns_failure = dns_failure
                if not dns_failure:
                    obs.c_dns_addrs = th_addrs
        tcp = control.tcp_connect or {}
        tls = control.tls_handshake or {}
        for obs in self.endpoints.values():
            obs.c_http_failure = http_failure
            if obs.endpoint in tcp:
                obs.c_tcp_failure = (tcp[obs.endpoint] or _NO_STEP).failure or ""
            entry = tls.get(obs.endpoint) if obs.tls_server is not None else None
            if entry and entry.server_name == obs.tls_server:
                obs.c_tls_failure = entry.failure or ""
