"""Fictional OONI web_connectivity measurements of the size and shape OONI Probe writes.

Each measurement has every field a web_connectivity 0.5.28 measurement has (as in OONI's own QA
measurements in ../shared/data/ooni-web-connectivity-qa/): the probe's annotations, lookups by
the system resolver, DNS over HTTPS and UDP (A and AAAA), a TCP connect and TLS handshake per
address and port with the servers' certificate chains, the HTTP round trip with every header as
written twice (map and list) and the page as received, and the control's view. Pages vary in
size (a few kB to tens of kB, as front pages of news sites do); a measurement is about 10 kB of
JSON on average. Everything is invented: networks use the AS numbers reserved for documentation
(RFC 5398), addresses the documentation ranges (RFC 5737, RFC 3849), certificates are random
bytes, and the news sites are made up; the apps' domains are real names, as monitors ask about
them. Scenarios follow what OONI records when a site is blocked by DNS (NXDOMAIN, an answer that
points to a blockpage), by TCP/IP, by TLS resets, by an injected blockpage, and when a site is
simply down or the control fails; each measurement carries the verdict OONI Probe gives it.
"""

from __future__ import annotations

import base64
import gzip
import random
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from bench.ooni_scenarios import BLOCKPAGE, HOSTING_ASN, SITES, scenario, test_keys

START = date(2022, 1, 1)
NETWORKS = [
    (64500, "Steppe Telecom (fictional)"),
    (64501, "Altyn Mobile (fictional)"),
    (64502, "Qala Broadband (fictional)"),
]
_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/[scrubbed] Safari/537.3"
)
_REQUEST_HEADERS = [
    ["Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"],
    ["Accept-Language", "en-US,en;q=0.9"],
    ["Host", ""],
    ["Referer", ""],
    ["User-Agent", _UA],
]
_WORDS = [
    "court", "appeal", "detention", "lawyer", "hearing", "prosecutor", "verdict", "activist",
    "journalist", "protest", "election", "region", "ministry", "statement", "report", "rights",
    "press", "freedom", "city", "council", "weather", "market", "energy", "school", "hospital",
    "football", "culture", "music", "festival", "news", "today", "week", "month", "photo",
    "video", "comment", "share", "subscribe", "contact", "about", "privacy", "terms", "search",
]  # fmt: skip


@cache
def _certificates(site: str) -> list[dict[str, str]]:
    """A fictional chain (leaf and intermediate) of the DER size real ones have."""
    rng = random.Random(site)
    return [
        {"format": "base64", "data": base64.b64encode(rng.randbytes(n)).decode()}
        for n in (rng.randint(1200, 1900), rng.randint(1000, 1500))
    ]


@cache
def _pages(site: str) -> list[str]:
    """Versions of the site's front page (it changes during the day), a few kB to tens of kB."""
    rng = random.Random(site + "/pages")
    pages = []
    for _ in range(8):
        size = min(60_000, max(1_500, int(rng.lognormvariate(8.3, 0.6))))  # median ~4 kB
        parts = [f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                 f"<title>{site} front page</title></head><body>"]  # fmt: skip
        length = sum(map(len, parts))
        while length < size:
            words = " ".join(rng.choices(_WORDS, k=rng.randint(8, 30)))
            href = f"/{rng.choice(_WORDS)}/{rng.randint(1000, 99999)}"
            part = f'<div class="item"><a href="{href}">{words}</a><p>{words}.</p></div>\n'
            parts.append(part)
            length += len(part)
        parts.append("</body></html>")
        pages.append("".join(parts))
    return pages


def _headers(site: str, body: str, rng: random.Random) -> dict[str, str]:
    return {
        "Cache-Control": "max-age=0, private, must-revalidate",
        "Content-Length": str(len(body.encode())),
        "Content-Type": "text/html; charset=utf-8",
        "Date": "Sat, 01 Jan 2022 00:00:00 GMT",
        "Server": rng.choice(["nginx", "cloudflare", "Apache"]),
        "Set-Cookie": f"session={uuid.UUID(int=rng.getrandbits(128)).hex}; Path=/; HttpOnly",
        "Strict-Transport-Security": "max-age=31536000",
        "Vary": "Accept-Encoding",
        "X-Frame-Options": "SAMEORIGIN",
        f"X-{site.split('.')[-2].title()}-Request-Id": uuid.UUID(int=rng.getrandbits(128)).hex,
    }


def _query(engine: str, site: str, qtype: str, ips: list[str], txid: int) -> dict[str, Any]:
    v6 = qtype == "AAAA"
    answers = [
        {"asn": HOSTING_ASN, "as_org_name": "Fictional Hosting", "answer_type": qtype,
         "ipv6" if v6 else "ipv4": ip, "ttl": None}
        for ip in ips
    ]  # fmt: skip
    resolver = {"doh": "https://dns.google/dns-query", "udp": "203.0.113.53:53"}[engine]
    return {
        "answers": answers or None, "engine": engine,
        "failure": None if answers else "dns_no_answer", "hostname": site, "query_type": qtype,
        "resolver_hostname": None, "resolver_port": None, "resolver_address": resolver, "t": 0.03,
        "tags": ["depth=0"], "transaction_id": txid,
    }  # fmt: skip


def _dress(tk: dict[str, Any], site: str, https: bool, rng: random.Random) -> None:
    """Give scenario test keys everything else OONI Probe writes: what the classic analysis
    does not read (other resolvers, the second port, headers, certificates) and full pages."""
    real_ip = f"203.0.113.{10 + SITES.index(site) * 7}"
    v6 = [f"2001:db8::{SITES.index(site) + 1:x}"] if "example" not in site else []
    blocked_dns = tk["dns_consistency"] == "inconsistent"
    tk["queries"] += [
        _query("doh", site, "A", [real_ip], 30001),
        _query("doh", site, "AAAA", v6, 30001),
        _query("udp", site, "A", [] if blocked_dns else [real_ip], 20001),
        _query("udp", site, "AAAA", [] if blocked_dns else v6, 20001),
    ]
    for q in tk["queries"][:1]:
        q["tags"] = ["classic", *q["tags"]]
    for ev in (*tk["tcp_connect"], *tk["tls_handshakes"], *tk["requests"]):
        ev["tags"] = ["classic", *ev["tags"]]
    for hs in tk["tls_handshakes"]:
        if hs["failure"] is None:
            hs["peer_certificates"] = _certificates(site)
    if not https and tk["tcp_connect"] and not tk["tcp_connect"][0]["status"]["failure"]:
        ip = tk["tcp_connect"][0]["ip"]  # OONI Probe also tries TLS on port 443, unfetched
        tags = ["classic", "tcptls_experiment", "depth=0", "fetch_body=false"]
        tk["tcp_connect"].append({"ip": ip, "port": 443, "status": {"failure": None,
                                  "success": True}, "t": 0.06, "tags": tags,
                                  "transaction_id": 50001})  # fmt: skip
        tk["tls_handshakes"].append({
            "network": "tcp", "address": f"{ip}:443", "cipher_suite": "TLS_AES_128_GCM_SHA256",
            "failure": None, "negotiated_protocol": "h2", "no_tls_verify": False,
            "peer_certificates": _certificates(site), "server_name": site, "t": 0.1,
            "tags": tags, "tls_version": "TLSv1.3", "transaction_id": 50001,
        })  # fmt: skip
    control = tk["control"]
    page = rng.choice(_pages(site))
    for request in tk["requests"]:
        request["request"]["headers_list"] = [
            [k, site if k == "Host" else v] for k, v in _REQUEST_HEADERS
        ]
        request["request"]["headers"] = dict(request["request"]["headers_list"])
        request["request"]["x_transport"] = "tcp"
        response = request["response"]
        if response["code"] == 200:
            if response["body"] != BLOCKPAGE:
                response["body"] = page
            headers = _headers(site, response["body"], rng)
            if response["body"] == BLOCKPAGE:
                headers = {"Content-Type": "text/html", "Connection": "close"}
            response["headers"], response["headers_list"] = headers, [*map(list, headers.items())]
    if control is not None:
        http = control["http_request"]
        if http["failure"] is None:
            http["body_length"] = len(page.encode())
            http["headers"] = _headers(site, page, rng)
            http["discovered_h3_endpoint"] = ""
        control["quic_handshake"] = {}
        control["http3_request"] = None
    tk["x_control_request"]["http_request_headers"] = {
        k: [v] for k, v in _REQUEST_HEADERS if k in ("Accept", "Accept-Language", "User-Agent")
    }
    tk["x_control_request"]["x_quic_enabled"] = False
    tk.update(retries=None, socksproxy=None, network_events=None, x_doh=None, x_do53=None,
              x_dns_duplicate_responses=None, x_dns_flags=0, x_null_null_flags=0,
              x_dns_whoami={"system_v4": [{"address": "203.0.113.53"}], "udp_v4": {}})  # fmt: skip
    tk.setdefault("x_conn_priority_log", None)


def measurements(n: int, *, seed: int = 2022, days: int = 60) -> Iterator[dict[str, Any]]:
    """N fictional measurements in time order over DAYS days from 1 January 2022."""
    rng = random.Random(seed)
    for i in range(n):
        day = i * days // n
        when = datetime.combine(START + timedelta(days=day), datetime.min.time())
        when += timedelta(seconds=(i * 86400 * days // n) % 86400)
        asn, network = rng.choice(NETWORKS)
        site = rng.choice(SITES)
        https = site != "weather.example" and rng.random() < 0.8
        tk = test_keys(site, https, scenario(day, asn, site, rng), rng)
        _dress(tk, site, https, rng)
        stamp = when.strftime("%Y-%m-%d %H:%M:%S")
        uid = uuid.UUID(int=rng.getrandbits(128)).hex[:16]
        yield {
            "annotations": {
                "architecture": "arm64", "engine_name": "ooniprobe-engine",
                "engine_version": "3.22.0", "flavor": "full", "go_version": "go1.21.10",
                "network_type": rng.choice(["wifi", "mobile"]), "origin": "autorun",
                "platform": "android", "vcs_modified": "false",
                "vcs_revision": "0d6ad6bbd8b5c5e1d0c2c0e5f7b1d3a2c4e6f8a0",
                "vcs_time": "2024-05-01T10:00:00Z", "vcs_tool": "git",
            },
            "data_format_version": "0.2.0",
            "extensions": {"dnst": 0, "httpt": 0, "netevents": 0, "tcpconnect": 0,
                           "tlshandshake": 0, "tunnel": 0},
            "input": f"{'https' if https else 'http'}://{site}/",
            "measurement_start_time": stamp,
            "measurement_uid": f"{when:%Y%m%d%H%M%S}.{i % 1000000:06d}_KZ_webconnectivity_{uid}",
            "probe_asn": f"AS{asn}", "probe_cc": "KZ", "probe_ip": "127.0.0.1",
            "probe_network_name": network,
            "report_id": f"{when:%Y%m%dT%H%M%SZ}_webconnectivity_KZ_{asn}_n1_{uid}",
            "resolver_asn": f"AS{asn}", "resolver_ip": "203.0.113.53",
            "resolver_network_name": network,
            "software_name": "ooniprobe-android", "software_version": "3.22.0",
            "test_helpers": {"backend": {"address": "https://0.th.ooni.org", "type": "https"}},
            "test_keys": tk,
            "test_name": "web_connectivity",
            "test_runtime": 0.5 + rng.random(),
            "test_start_time": stamp,
            "test_version": "0.5.28",
        }  # fmt: skip


def write(out: Path, n: int, *, seed: int = 2022, days: int = 60) -> list[Path]:
    """Write N measurements as gzip'd JSON lines, one file per country and day."""
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, gzip.GzipFile] = {}
    for m in measurements(n, seed=seed, days=days):
        day = m["measurement_start_time"][:10].replace("-", "")
        name = f"{day}_KZ_webconnectivity.jsonl.gz"
        if name not in files:
            files[name] = gzip.GzipFile(out / name, "wb", compresslevel=5)
        files[name].write(orjson.dumps(m) + b"\n")
    for f in files.values():
        f.close()
    return sorted(out / name for name in files)
