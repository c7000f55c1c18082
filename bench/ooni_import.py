"""Fictional OONI web_connectivity measurements, and the import benchmark.

    python -m bench.ooni_import [--measurements 200000] [--seed 2022] [--keep DIR]
                                [--postgres URL]

Writes N measurements in OONI's format (web_connectivity 0.5.28, as OONI Probe writes them)
as gzip'd JSON lines, one file per country and day as OONI publishes them, imports them through
the service into a fresh SQLite store (and a fresh PostgreSQL schema with --postgres), and
prints measurements per second; a second import of the same files shows that nothing new is
created. Everything is invented: networks use the AS numbers reserved for documentation
(RFC 5398), addresses the documentation ranges (RFC 5737), and the news sites are made up. The
apps' domains are real names, as monitors ask about them. Scenarios follow what OONI records
when a site is blocked by DNS (NXDOMAIN, a DNS answer that points to a blockpage), by TCP/IP,
by TLS resets, by an injected blockpage, and when a site is simply down or the control fails;
each measurement carries the verdict OONI Probe gives such a measurement.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import resource
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

START = date(2022, 1, 1)
NETWORKS = [
    (64500, "Steppe Telecom (fictional)"),
    (64501, "Altyn Mobile (fictional)"),
    (64502, "Qala Broadband (fictional)"),
]
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


def _test_keys(site: str, https: bool, scenario: str, rng: random.Random) -> dict[str, Any]:
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


def _scenario(day: int, asn: int, site: str, rng: random.Random) -> str:
    for first, last, networks, sites, scenario in EVENTS:
        if first <= day <= last and site in sites and (networks is None or asn in networks):
            # blocking is rarely seen on every single measurement
            return scenario if rng.random() < 0.9 else "ok"
    roll = rng.random()
    return "control_failure" if roll < 0.01 else "down" if roll < 0.02 else "ok"


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
        tk = _test_keys(site, https, _scenario(day, asn, site, rng), rng)
        stamp = when.strftime("%Y-%m-%d %H:%M:%S")
        uid = uuid.UUID(int=rng.getrandbits(128)).hex[:16]
        yield {
            "annotations": {"engine_name": "ooniprobe-engine", "platform": "android"},
            "data_format_version": "0.2.0",
            "input": f"{'https' if https else 'http'}://{site}/",
            "measurement_start_time": stamp,
            "measurement_uid": f"{when:%Y%m%d%H%M%S}.{i % 1000000:06d}_KZ_webconnectivity_{uid}",
            "probe_asn": f"AS{asn}",
            "probe_cc": "KZ",
            "probe_ip": "127.0.0.1",
            "probe_network_name": network,
            "report_id": f"{when:%Y%m%dT%H%M%SZ}_webconnectivity_KZ_{asn}_n1_{uid}",
            "resolver_asn": f"AS{asn}",
            "resolver_ip": "203.0.113.53",
            "software_name": "ooniprobe-android",
            "software_version": "3.22.0",
            "test_keys": tk,
            "test_name": "web_connectivity",
            "test_runtime": 0.5 + rng.random(),
            "test_start_time": stamp,
            "test_version": "0.5.28",
        }


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


def _cpu() -> tuple[float, float]:
    """CPU seconds used by this process, and by its finished children (the worker processes)."""
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def _import(url: str, files: list[Path], data_dir: Path, workers: int | None) -> dict[str, Any]:
    from docket.config import Settings
    from docket.services.ooni import import_measurements
    from docket.services.store import open_store

    store = open_store(Settings(database_url=url, data_dir=data_dir))
    try:
        (main, workers_cpu), started = _cpu(), time.perf_counter()
        first = import_measurements(store, files, workers=workers)
        seconds = time.perf_counter() - started
        main, workers_cpu = _cpu()[0] - main, _cpu()[1] - workers_cpu
        again = import_measurements(store, files, workers=workers)
    finally:
        store.close()
    return {
        "seconds": seconds,
        "cpu": main + workers_cpu,
        "main": main,
        "workers": workers_cpu,
        "first": first,
        "again": again,
    }


def _report(label: str, run: Callable[[], dict[str, Any]], n: int) -> None:
    r = run()
    first, again = r["first"], r["again"]
    print(
        f"{label}: {n:,} measurements in {r['seconds']:.2f} s = "
        f"{n / r['seconds']:,.0f} measurements/s; {r['cpu']:.1f} CPU s in all processes "
        f"(this one {r['main']:.1f}, workers {r['workers']:.1f}) = "
        f"{n / r['cpu']:,.0f} measurements per CPU second ({first.new:,} new; Docket agrees "
        f"with OONI on {first.agreed:,}); again: {again.new} new, {again.already:,} already "
        f"stored in {again.seconds:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measurements", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--postgres", help="also import into this PostgreSQL database")
    parser.add_argument("--workers", type=int, help="worker processes (default: automatic)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp) / "ooni"
        started = time.perf_counter()
        files = sorted(out.glob("*_webconnectivity.jsonl.gz")) if args.keep else []
        verb = "reused"  # kept files: the same size and seed give the same bytes
        if not files:
            files, verb = write(out, args.measurements, seed=args.seed), "wrote"
        size = sum(f.stat().st_size for f in files)
        print(
            f"{verb} {args.measurements:,} measurements in {len(files)} files "
            f"({size / 1e6:.1f} MB gzip'd) in {time.perf_counter() - started:.1f} s"
        )
        db = Path(tmp) / "bench.sqlite"
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} processors")
        url = f"sqlite:///{db}"
        _report("SQLite", lambda: _import(url, files, Path(tmp), args.workers), args.measurements)
        if args.postgres:
            schema, pg = _fresh_schema(args.postgres)
            try:
                _report("PostgreSQL", lambda: _import(pg, files, Path(tmp), args.workers),
                        args.measurements)  # fmt: skip
            finally:
                _drop_schema(args.postgres, schema)
        print(f"load average after: {os.getloadavg()[0]:.1f}")


def _fresh_schema(url: str) -> tuple[str, str]:
    """A new schema on the server, and the URL of a store in it."""
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in url else "?"
    return schema, f"{url}{sep}options=-csearch_path%3D{schema}"


def _drop_schema(url: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


if __name__ == "__main__":
    main()
