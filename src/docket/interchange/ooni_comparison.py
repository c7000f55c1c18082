"""What the classic analysis compares with the control: the DNS answers (consistent or not,
by address or by network), the page (body length, headers, status code, title), and answers
that point to the probe's own machine (loopback).
"""

from __future__ import annotations

import re
from base64 import b64decode
from binascii import Error as Base64Error
from ipaddress import ip_address

from docket.interchange.ooni_format import BinaryBody, ControlHttp, Response
from docket.interchange.ooni_observations import Obs, Observations

_NO_RESPONSE = Response()
_TITLE = re.compile(r"(?i)<title>([^<]{1,512})</title>")
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


def _asns(observed: Observations) -> dict[str, int]:
    asn: dict[str, int] = {}
    for q in observed.tk.queries or ():
        for a in q.answers or ():
            ip = a.ipv4 or a.ipv6
            if ip and a.asn:
                asn[ip] = a.asn
    for ip, info in ((observed.control.ip_info if observed.control else None) or {}).items():
        if info is not None and info.asn:
            asn.setdefault(ip, info.asn)
    return asn


def dns_consistency(observed: Observations) -> str | None:
    """'consistent', 'inconsistent' or None (cannot say), as OONI compares the system
    resolver's answers with the control's."""
    th_addrs = observed.th_addrs
    unexpected = expected = valid = invalid = success = 0
    asn: dict[str, int] | None = None
    seen: set[tuple[bool, int]] = set()
    for o in observed.dns:
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
            asn = asn if asn is not None else _asns(observed)
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
    if invalid or unexpected or (success and observed.control is not None and not th_addrs):
        return "inconsistent"
    return None


Diff = tuple[bool | None, bool | None, bool | None, bool | None, float | None]


def http_diff(final: Obs | None, control: ControlHttp) -> Diff:
    """Body length, headers, status code and title of the final response against the control's."""
    if final is None or final.c_http_failure is None or final.c_http_failure:
        return None, None, None, None, None
    response = final.response or _NO_RESPONSE
    body = _body(response)
    length_ = len(body.encode())
    c_status = control.status_code or 0
    c_length = control.body_length or 0
    proportion = None
    if length_ > 0 and not response.body_is_truncated and c_length > 0:
        low, high = sorted((length_, c_length))
        proportion = low / high
    status: bool | None = None
    if final.status > 0 and c_status > 0:
        status = final.status == c_status
        if not status and c_status // 100 != 2:
            status = None  # the control itself did not get the page: no comparison
    headers = titles = None
    if c_status > 0:
        mine = {k.lower() for k in response.header_names()} - _COMMON_HEADERS
        theirs = {k.lower() for k in control.header_names()} - _COMMON_HEADERS
        headers = bool(mine & theirs)
        match = _TITLE.search(body)
        title = match.group(1) if match else ""
        titles = not (_words(title) ^ _words(control.title or ""))
    length = None if proportion is None else proportion > 0.7
    return length, headers, status, titles, proportion


def http_differs(diff: Diff) -> bool:
    length, headers, status, titles, _ = diff
    return not (status and (length or headers or titles))


def _body(response: Response) -> str:
    body = response.body()
    if type(body) is BinaryBody:  # binary bodies: {"format": "base64", "data": "..."}
        try:
            return b64decode(body.data or "").decode("utf-8", "replace")
        except (Base64Error, ValueError):
            return ""
    return body if type(body) is str else ""


def _words(title: str) -> set[str]:
    # OONI counts a word as long from five bytes (UTF-8), compared without case.
    return {w.lower() for w in title.split(" ") if len(w.encode()) >= 5}


def loopback(addrs: frozenset[str] | None) -> bool:
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
