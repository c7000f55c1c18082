"""Docket's own verdict on a web_connectivity measurement, computed from its evidence.

For version 0.5 this follows the "classic" analysis that OONI Probe runs since 0.5.2x
(ooni/probe-cli: webconnectivitylte/analysisclassic.go over internal/minipipeline), which keeps
the verdicts of version 0.4: every DNS lookup, TCP connect, TLS handshake and HTTP round trip
becomes an observation, is matched with what OONI's test helper (the control) saw, is filtered to
what the system resolver did, and the latest, most advanced step decides. For version 0.4 it
follows the decision of probe-cli's webconnectivity/summary.go (spec: ooni/spec ts-017).
Written from reading those sources; the Go code is not copied.

Two differences: OONI Probe looks up the network (ASN) of an address in its own database, where
Docket uses the numbers the measurement carries (DNS answers, the control's `ip_info`); and
Docket also says in words which step decided the verdict.
"""

from __future__ import annotations

import re
from base64 import b64decode
from binascii import Error as Base64Error
from collections.abc import Callable
from ipaddress import ip_address
from typing import Any

from docket.domain.digital import Verdict, hostname

_TITLE = re.compile(r"(?i)<title>([^<]{1,512})</title>")
_DNS, _TCP, _TLS, _HTTP = 0, 1, 2, 3
_GETADDRINFO = ("getaddrinfo", "golang_net_resolver")
# Headers nearly every server sends: sharing them says nothing about two responses.
_COMMON_HEADERS = frozenset(
    {
        "date", "content-type", "server", "cache-control", "vary", "set-cookie", "location",
        "expires", "x-powered-by", "content-encoding", "last-modified", "accept-ranges",
        "pragma", "x-frame-options", "etag", "x-content-type-options", "age", "via", "p3p",
        "x-xss-protection", "content-language", "cf-ray", "strict-transport-security", "link",
        "x-varnish",
    }
)  # fmt: skip
_STEP = {_DNS: "DNS lookup", _TCP: "TCP connect", _TLS: "TLS handshake", _HTTP: "HTTP request"}
Json = dict[str, Any]


class _Obs:
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


def _body(response: Json) -> str:
    body = response.get("body")
    if isinstance(body, dict):  # binary bodies: {"format": "base64", "data": "..."}
        try:
            return b64decode(body.get("data") or "").decode("utf-8", "replace")
        except (Base64Error, ValueError):
            return ""
    return body if isinstance(body, str) else ""


def _endpoint(ip: str, port: Any) -> str:
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def _words(title: str) -> set[str]:
    # OONI counts a word as long from five bytes (UTF-8), compared without case.
    return {w.lower() for w in title.split(" ") if len(w.encode()) >= 5}


class _Analysis:
    """The classic analysis of one measurement's test keys.

    Only what the classic view keeps becomes an observation: lookups by the system resolver
    (getaddrinfo), and the endpoints that fetched the page (tag fetch_body=true) unless their
    address came from another resolver or from the control.
    """

    def __init__(self, tk: Json) -> None:
        self.tk = tk
        self.dns: list[_Obs] = []
        self.endpoints: dict[int, _Obs] = {}
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
            obs = _Obs(_DNS, failure or "", q.get("transaction_id") or 0, _tags(q.get("tags"))[0])
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
            obs = _Obs(_TCP, (ev.get("status") or {}).get("failure") or "", txid, depth)
            obs.ip, obs.fetch_body = ip, fetch
            obs.endpoint = _endpoint(ip, ev.get("port"))
            self.endpoints[txid] = obs
        for ev in tk.get("tls_handshakes") or ():
            found = self.endpoints.get(ev.get("transaction_id") or 0)
            if found is not None:
                found.kind = _TLS
                found.failure = found.tls_failure = ev.get("failure") or ""
                found.tls_server = ev.get("server_name") or ""
        for ev in tk.get("requests") or ():
            found = self.endpoints.get(ev.get("transaction_id") or 0)
            if found is None:
                continue
            found.kind = _HTTP
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

    def verdict(self) -> Verdict:
        linear = sorted(
            (*self.dns, *self.endpoints.values()),
            key=lambda o: (
                -(o.depth if o.depth is not None else -1),
                -o.kind,
                o.failure,
                -o.txid,
            ),
        )
        # The DNS comparison and the page comparison are costly and often not needed (a page
        # that came over TLS decides alone): each is made once, when the verdict asks for it.
        consistency: list[str | None] = []
        diff: list[Diff] = []

        def inconsistent() -> bool:
            if not consistency:
                consistency.append(self._dns_consistency())
            return consistency[0] == "inconsistent"

        def page_differs() -> bool:
            if not diff:
                final = next((o for o in self.endpoints.values() if o.final), None)
                diff.append(_http_diff(final, (self.control or {}).get("http_request") or {}))
            return _http_differs(diff[0])

        blocking, accessible, reason = _walk(linear, inconsistent, page_differs)
        return Verdict(
            blocking,
            accessible,
            reason,
            consistency[0] if consistency else None,
            *(diff[0] if diff else (None, None, None, None, None)),
        )

    def _asns(self) -> dict[str, int]:
        asn: dict[str, int] = {}
        for q in self.tk.get("queries") or ():
            for a in q.get("answers") or ():
                ip = a.get("ipv4") or a.get("ipv6")
                if ip and a.get("asn"):
                    asn[ip] = a["asn"]
        for ip, info in ((self.control or {}).get("ip_info") or {}).items():
            if isinstance(info, dict) and info.get("asn"):
                asn.setdefault(ip, info["asn"])
        return asn

    def _dns_consistency(self) -> str | None:
        th_addrs = frozenset(((self.control or {}).get("dns") or {}).get("addrs") or ())
        unexpected = expected = valid = invalid = success = 0
        asn: dict[str, int] | None = None
        seen: set[tuple[bool, int]] = set()
        for o in self.dns:
            if (o.dns_addrs is None, o.txid) in seen or o.depth != 0:
                continue
            seen.add((o.dns_addrs is None, o.txid))
            if o.dns_addrs is not None:  # a success
                success += 1
                if o.c_dns_addrs is None:
                    continue
                if o.dns_addrs & o.c_dns_addrs:
                    valid += 1
                    continue
                asn = asn if asn is not None else self._asns()
                mine = {asn.get(ip) for ip in o.dns_addrs} - {None}
                theirs = {asn.get(ip) for ip in o.c_dns_addrs} - {None}
                if mine & theirs:
                    valid += 1
                else:
                    invalid += 1
                continue
            if o.dns_qtype == "AAAA" and o.failure == "dns_no_answer":
                continue
            if o.c_dns_failure is None:
                continue
            # both failed; or no address, and the control found none either
            no_answer = o.failure == "dns_no_answer" and o.c_dns_addrs == frozenset()
            if o.c_dns_failure or no_answer:
                expected += 1
            else:
                unexpected += 1
        if not unexpected and not invalid and (valid or expected):
            return "consistent"
        if invalid or unexpected or (success and self.control is not None and not th_addrs):
            return "inconsistent"
        return None


Diff = tuple[bool | None, bool | None, bool | None, bool | None, float | None]


def _http_diff(final: _Obs | None, control: Json) -> Diff:
    """Body length, headers, status code and title of the final response against the control's."""
    if final is None or final.c_http_failure is None or final.c_http_failure:
        return None, None, None, None, None
    response = final.response or {}
    body = _body(response)
    length_ = len(body.encode())
    c_status = int(control.get("status_code") or 0)
    c_length = int(control.get("body_length") or 0)
    proportion = None
    if length_ > 0 and not response.get("body_is_truncated", True) and c_length > 0:
        low, high = sorted((length_, c_length))
        proportion = low / high
    status: bool | None = None
    if final.status > 0 and c_status > 0:
        status = final.status == c_status
        if not status and c_status // 100 != 2:
            status = None  # the control itself did not get the page: no comparison
    headers = titles = None
    if c_status > 0:
        mine = {k.lower() for k in response.get("headers") or ()} - _COMMON_HEADERS
        theirs = {k.lower() for k in (control.get("headers") or {})} - _COMMON_HEADERS
        headers = bool(mine & theirs)
        match = _TITLE.search(body)
        title = match.group(1) if match else ""
        titles = not (_words(title) ^ _words(control.get("title") or ""))
    length = None if proportion is None else proportion > 0.7
    return length, headers, status, titles, proportion


def _http_differs(diff: Diff) -> bool:
    length, headers, status, titles, _ = diff
    return not (status and (length or headers or titles))


def _walk(
    linear: list[_Obs], inconsistent: Callable[[], bool], page_differs: Callable[[], bool]
) -> tuple[str | None, bool | None, str]:
    """The latest, most advanced step decides (analysisclassic's order of cases)."""

    def blocked(kind: str, why: str) -> tuple[str | None, bool | None, str]:
        if kind != "dns" and inconsistent():
            return "dns", False, why + "; the DNS answers differ from the control's"
        return kind, False, why

    def down(why: str) -> tuple[str | None, bool | None, str]:
        if inconsistent():
            return "dns", False, why + "; the DNS answers differ from the control's"
        return "none", False, why + " (the website seems down)"

    def unknown(why: str) -> tuple[str | None, bool | None, str]:
        if inconsistent():
            return "dns", False, why + "; the DNS answers differ from the control's"
        return None, None, why

    for o in linear:
        if o.final:
            if o.tls_failure == "":
                return "none", True, f"the page came over TLS from {o.endpoint}"
            if o.c_http_failure is None:
                return unknown("the page arrived but there is no control to compare it with")
            if not page_differs():
                return "none", True, "the page matches the control's"
            return blocked("http-diff", "the page differs from the control's")
        step = f"{_STEP[o.kind]} {o.endpoint or o.dns_domain or ''}".strip()
        if not o.failure:
            if o.kind == _DNS and o.c_dns_failure == "":
                mine_lo, theirs_lo = _loopback(o.dns_addrs), _loopback(o.c_dns_addrs)
                if mine_lo and not theirs_lo:
                    return blocked("dns", f"{step} answered only loopback addresses")
                if mine_lo and theirs_lo:
                    return down(f"{step} answered only loopback addresses, also to the control")
            continue
        failed = f"{step} failed ({o.failure})"
        if o.kind == _HTTP:
            if o.c_http_failure is None:
                return unknown(failed + " and there is no control")
            if o.c_http_failure:
                return down(failed + f"; the control failed too ({o.c_http_failure})")
            return blocked("http-failure", failed + " while the control fetched the page")
        control = {_TLS: o.c_tls_failure, _TCP: o.c_tcp_failure, _DNS: o.c_dns_failure}[o.kind]
        kind = {_TLS: "http-failure", _TCP: "tcp_ip", _DNS: "dns"}[o.kind]
        if control is None:
            if o.c_http_failure is None:
                if o.kind == _DNS:
                    return "none", True, failed + " and there is no control"
                return unknown(failed + " and there is no control")
            # after a redirect the control has no step to compare: the page it got decides
            late = "dns" if o.kind == _DNS else "http-failure"
            return blocked(late, failed + " while the control fetched the page")
        if control:
            return down(failed + f"; the control failed too ({control})")
        if o.kind == _DNS and o.failure == "dns_no_answer" and o.c_dns_addrs == frozenset():
            return down(failed + "; the control found no address either")
        what = {_TLS: "handshook", _TCP: "connected", _DNS: "resolved the name"}[o.kind]
        return blocked(kind, failed + f" while the control {what}")
    return None, None, "no step of the measurement decides"


def _loopback(addrs: frozenset[str] | None) -> bool:
    """Every address (there is one at least) is a loopback address."""
    count = 0
    for addr in addrs or ():
        if "." in addr and ":" not in addr:  # IPv4, the common case, without parsing
            if not addr.startswith("127."):
                return False
            count += 1
            continue
        try:
            ip = ip_address(addr)
        except ValueError:
            continue
        if not ip.is_loopback:
            return False
        count += 1
    return count > 0


def classic_verdict(test_keys: Json) -> Verdict:
    """Docket's verdict on a web_connectivity 0.5 measurement's test keys."""
    return _Analysis(test_keys).verdict()
