"""Scenarios of the fictional OONI measurements (bench.ooni_measurements): the test keys the
classic analysis reads for a site blocked by DNS, TCP/IP, a TLS reset or a blockpage, or simply
down, with the verdict and evidence fields OONI Probe writes for each.
"""

from __future__ import annotations

import random
from typing import Any

SITES = [
    "web.whatsapp.com", "web.telegram.org", "t.me", "www.facebook.com", "www.instagram.com",
    "www.youtube.com", "steppe-voice.example", "free-press.example", "www.rights-watch.example",
    "weather.example",
]  # fmt: skip
HOSTING_ASN = 64510
BLOCKPAGE_IP = "198.51.100.7"
PAGE = "<html><head><title>{title}</title></head><body><p>{text}</p></body></html>"
BLOCKPAGE = PAGE.format(title="Access restricted", text="Blocked by decision of the authority.")

# (first day, last day, networks or None for all, sites, scenario): the invented story.
EVENTS = [
    (9, 16, {64500}, {"web.telegram.org", "t.me"}, "dns_nxdomain"),
    (20, 22, None, {"web.whatsapp.com"}, "tls_reset"),
    (5, 59, {64501}, {"free-press.example"}, "http_blockpage"),
    (30, 33, {64502}, {"www.facebook.com", "www.instagram.com"}, "tcp_ip"),
    (40, 45, {64500, 64501}, {"steppe-voice.example"}, "dns_blockpage"),
]


def _ip(site: str) -> str:
    return f"203.0.113.{10 + SITES.index(site) * 7}"


def _tags(*extra: str) -> list[str]:
    return ["tcptls_experiment", "depth=0", *extra]


def _page(site: str) -> str:
    text = f"Welcome to {site}. " * 12
    return PAGE.format(title=f"{site} front page", text=text)


def test_keys(site: str, https: bool, scenario: str, rng: random.Random) -> dict[str, Any]:
    """Test keys as web_connectivity 0.5 writes them for a scenario, with OONI's verdict."""
    # an injected blockpage cannot pass TLS: over HTTPS it shows as a reset, and a TLS reset
    # of an HTTP site is a reset of the HTTP request
    if https and scenario == "http_blockpage":
        scenario = "tls_reset"
    if not https and scenario == "tls_reset":
        scenario = "http_reset"
    url = f"{'https' if https else 'http'}://{site}/"
    port = 443 if https else 80
    ip = BLOCKPAGE_IP if scenario == "dns_blockpage" else _ip(site)
    page = _page(site)
    addr = f"{ip}:{port}"
    fetch = ["fetch_body=true"]
    queries: list[dict[str, Any]] = [
        {
            "answers": None
            if scenario == "dns_nxdomain"
            else [{"asn": 64500 if ip == BLOCKPAGE_IP else HOSTING_ASN, "as_org_name": "",
                   "answer_type": "A", "ipv4": ip, "ttl": None}],
            "engine": "getaddrinfo", "failure": "dns_nxdomain_error"
            if scenario == "dns_nxdomain" else None,
            "hostname": site, "query_type": "ANY", "resolver_address": "", "t": 0.01,
            "tags": ["classic", "depth=0"], "transaction_id": 1,
        }
    ]  # fmt: skip
    tk: dict[str, Any] = {"agent": "redirect", "client_resolver": "203.0.113.53"}
    tcp: list[dict[str, Any]] = []
    tls: list[dict[str, Any]] = []
    requests: list[dict[str, Any]] = []
    failure = {"tcp_ip": "generic_timeout_error", "down": "connection_refused"}.get(scenario)
    if scenario != "dns_nxdomain":
        tcp.append({"ip": ip, "port": port, "status": {"failure": failure, "success": not failure},
                    "t": 0.05, "tags": _tags(*fetch), "transaction_id": 3})  # fmt: skip
    if https and scenario not in ("dns_nxdomain", "tcp_ip", "down"):
        tls_failure = {"tls_reset": "connection_reset", "dns_blockpage": "ssl_invalid_hostname"}
        tls.append({"network": "tcp", "address": addr, "cipher_suite": "TLS_AES_128_GCM_SHA256",
                    "failure": tls_failure.get(scenario), "negotiated_protocol": "h2",
                    "no_tls_verify": False, "peer_certificates": None, "server_name": site,
                    "t": 0.09, "tags": _tags(*fetch), "tls_version": "TLSv1.3",
                    "transaction_id": 3})  # fmt: skip
    fetched = scenario in ("ok", "control_failure", "http_blockpage") or (
        scenario == "dns_blockpage" and not https
    )
    if scenario == "http_reset":
        requests.append({
            "network": "tcp", "address": addr, "alpn": "", "failure": "connection_reset",
            "request": {"body": "", "body_is_truncated": False, "headers_list": [],
                        "headers": {"Host": site}, "method": "GET", "url": url,
                        "tor": {"exit_ip": None, "exit_name": None, "is_tor": False}},
            "response": {"body": None, "body_is_truncated": False, "code": 0,
                         "headers_list": None, "headers": None},
            "t": 0.2, "tags": _tags(*fetch), "transaction_id": 3,
        })  # fmt: skip
    if fetched:
        body = BLOCKPAGE if scenario in ("http_blockpage", "dns_blockpage") else page
        requests.append({
            "network": "tcp", "address": addr, "alpn": "h2" if https else "", "failure": None,
            "request": {"body": "", "body_is_truncated": False, "headers_list": [],
                        "headers": {"Host": site}, "method": "GET", "url": url,
                        "tor": {"exit_ip": None, "exit_name": None, "is_tor": False}},
            "response": {"body": body, "body_is_truncated": False, "code": 200,
                         "headers_list": [], "headers": {"Content-Type": "text/html",
                                                         "Date": "Sat, 01 Jan 2022 00:00:00 GMT"}},
            "t": 0.2, "tags": _tags(*fetch), "transaction_id": 3,
        })  # fmt: skip
    tk.update(queries=queries, requests=requests, tcp_connect=tcp, tls_handshakes=tls)
    tk["x_control_request"] = {"http_request": url, "http_request_headers": {},
                               "tcp_connect": [f"{_ip(site)}:{port}"]}  # fmt: skip
    control_ok = scenario != "down"
    tk["control"] = (
        None
        if scenario == "control_failure"
        else {
            "tcp_connect": {f"{_ip(site)}:{port}": {"status": control_ok, "failure":
                            None if control_ok else "connection_refused_error"}},
            "tls_handshake": {f"{_ip(site)}:443": {"server_name": site, "status": True,
                              "failure": None}} if https and control_ok else {},
            "http_request": {"body_length": len(page) if control_ok else -1,
                             "failure": None if control_ok else "connection_refused_error",
                             "title": f"{site} front page" if control_ok else "",
                             "headers": {"Content-Type": "text/html"} if control_ok else {},
                             "status_code": 200 if control_ok else -1},
            "dns": {"failure": None, "addrs": [_ip(site)]},
            "ip_info": {_ip(site): {"asn": HOSTING_ASN, "flags": 11}},
        }
    )  # fmt: skip
    tk.update(_verdict(scenario, https))
    if rng.random() < 0.1:
        tk["x_conn_priority_log"] = None
    return tk


def _verdict(scenario: str, https: bool) -> dict[str, Any]:
    """OONI's verdict and evidence fields for a scenario (what OONI Probe writes)."""
    blocking: Any = {
        "dns_nxdomain": "dns", "dns_blockpage": "dns", "tcp_ip": "tcp_ip",
        "tls_reset": "http-failure", "http_reset": "http-failure", "http_blockpage": "http-diff",
    }.get(scenario, False)  # fmt: skip
    accessible: Any = blocking is False and scenario != "down"
    if scenario == "control_failure" and not https:
        blocking = accessible = None
    diffable = scenario in ("ok", "http_blockpage") and not https or scenario == "dns_blockpage"
    same = scenario == "ok"
    http_failure = {"dns_nxdomain": "dns_nxdomain_error", "tcp_ip": "generic_timeout_error",
                    "down": "connection_refused", "tls_reset": "connection_reset",
                    "http_reset": "connection_reset"}  # fmt: skip
    if scenario == "dns_blockpage" and https:
        http_failure["dns_blockpage"] = "ssl_invalid_hostname"
        diffable = False
    return {
        "control_failure": "connection_reset" if scenario == "control_failure" else None,
        "dns_experiment_failure": "dns_nxdomain_error" if scenario == "dns_nxdomain" else None,
        "dns_consistency": "inconsistent" if scenario.startswith("dns_") else "consistent",
        "http_experiment_failure": http_failure.get(scenario),
        "x_blocking_flags": 32 if blocking is False and accessible else 0,
        "body_proportion": 1.0 if same and diffable else 0,
        "body_length_match": (same or None) if diffable else None,
        "headers_match": False if diffable else None,
        "status_code_match": True if diffable else None,
        "title_match": same if diffable else None,
        "blocking": blocking,
        "accessible": accessible,
    }


def scenario(day: int, asn: int, site: str, rng: random.Random) -> str:
    for first, last, networks, sites, scenario in EVENTS:
        if first <= day <= last and site in sites and (networks is None or asn in networks):
            # blocking is rarely seen on every single measurement
            return scenario if rng.random() < 0.9 else "ok"
    roll = rng.random()
    return "control_failure" if roll < 0.01 else "down" if roll < 0.02 else "ok"
