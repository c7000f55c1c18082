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

DNS, TCP, TLS, HTTP = 0, 1, 2, 3
STEP = {DNS: "DNS lookup", TCP: "TCP connect", TLS: "TLS handshake", HTTP: "HTTP request"}
_GETADDRINFO = ("getaddrinfo", "golang_net_resolver")
Json = dict[str, Any]


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
    response: Json | None = None
    final: bool | None = None
    c_dns_failure: str | None = None
    c_dns_addrs: frozenset[str] | None = None
    c_tcp_failure: str | None = None
    c_tls_failure: str | None = None
    c_http_failure: str | None = None

    def __init__(self, kind: int, failure: str | None, txid: int, depth: int | None) -> None:
        self.kind, self.failure, self.txid, self.depth = kind, failure, txid, depth


_TAG_CACHE: dict[tuple[str, ...], tuple[int | None, bool | None]] = {}


def _tags(tags: Any) -> tuple[int | None, bool | None]:
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

    def __init__(self, tk: Json) -> None:
        self.tk = tk
        self.dns: list[Obs] = []
        self.endpoints: dict[int, Obs] = {}
        self.control: Json | None = None
        resolved: set[str] = set()  # by any resolver
        classic: set[str] = set()  # by the system resolver
        for q in tk.get("queries") or ():
            addrs = []
            for a in q.get("answers") or ():
                kind = a.get("answer_type")
                ip = a.get("ipv4") if kind == "A" else a.get("ipv6") if kind == "AAAA" else None
                if ip:
                    addrs.append(ip)
            failure = q.get("failure")
            if failure is None:
                resolved.update(addrs)
            if q.get("engine") not in _GETADDRINFO or (failure is None and not addrs):
                continue
            obs = Obs(DNS, failure or "", q.get("transaction_id") or 0, _tags(q.get("tags"))[0])
            obs.dns_domain, obs.dns_qtype = q.get("hostname"), q.get("query_type")
            if failure is None:
                obs.dns_addrs = frozenset(addrs)
                classic.update(addrs)
            self.dns.append(obs)
        request, control = tk.get("x_control_request"), tk.get("control")
        if not isinstance(request, dict) or not isinstance(control, dict):
            request = control = None  # OONI uses the control only when both are there
        th_addrs = frozenset(((control or {}).get("dns") or {}).get("addrs") or ())
        for ev in tk.get("tcp_connect") or ():
            depth, fetch = _tags(ev.get("tags"))
            ip = ev.get("ip") or ""
            # a resolved address counts if the system resolver gave it; one from the control not
            keep = ip in classic if ip in resolved else ip not in th_addrs
            txid = ev.get("transaction_id") or 0
            if fetch is not True or not keep:
                self.endpoints.pop(txid, None)
                continue
            obs = Obs(TCP, (ev.get("status") or {}).get("failure") or "", txid, depth)
            obs.ip, obs.fetch_body = ip, fetch
            obs.endpoint = _endpoint(ip, ev.get("port"))
            self.endpoints[txid] = obs
        for ev in tk.get("tls_handshakes") or ():
            found = self.endpoints.get(ev.get("transaction_id") or 0)
            if found is not None:
                found.kind = TLS
                found.failure = found.tls_failure = ev.get("failure") or ""
                found.tls_server = ev.get("server_name") or ""
        for ev in tk.get("requests") or ():
            found = self.endpoints.get(ev.get("transaction_id") or 0)
            if found is None:
                continue
            found.kind = HTTP
            found.failure = ev.get("failure") or ""
            if ev.get("failure") is None:
                response = ev.get("response") or {}
                found.response = response
                found.status = int(response.get("code") or 0)
                found.final = found.status // 100 in (2, 4, 5)
        if request is not None and control is not None:
            self._ingest_control(hostname(request.get("http_request") or ""), control)

    def _ingest_control(self, domain: str, control: Json) -> None:
        self.control = control
        dns = control.get("dns") or {}
        dns_failure = dns.get("failure") or ""
        th_addrs = frozenset(dns.get("addrs") or ())
        http_failure = (control.get("http_request") or {}).get("failure") or ""
        for obs in self.dns:
            obs.c_http_failure = http_failure
            if obs.dns_domain == domain:
                obs.c_dns_failure = dns_failure
                if not dns_failure:
                    obs.c_dns_addrs = th_addrs
        tcp = control.get("tcp_connect") or {}
        tls = control.get("tls_handshake") or {}
        for obs in self.endpoints.values():
            obs.c_http_failure = http_failure
            if obs.endpoint in tcp:
                obs.c_tcp_failure = (tcp[obs.endpoint] or {}).get("failure") or ""
            entry = tls.get(obs.endpoint) if obs.tls_server is not None else None
            if entry and entry.get("server_name") == obs.tls_server:
                obs.c_tls_failure = entry.get("failure") or ""
