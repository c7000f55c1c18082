"""Load benchmark of the team web application: p50/p95 latency and throughput of the home page,
a person page, a filtered list and a search, at 20 concurrent clients, on SQLite or PostgreSQL.

    python -m bench.generate /tmp/ds --people 100000 --events 1000000
    docket --db /tmp/bench.sqlite load /tmp/ds                        # or DOCKET_DATABASE_URL=...
    python -m bench.web_load --db sqlite:////tmp/bench.sqlite [--requests 400] [--clients 20]
    python -m bench.web_load --db postgresql://user@127.0.0.1:5432/db?options=-csearch_path%3Dx

The script starts uvicorn itself (one process, on 127.0.0.1 only), creates a throwaway viewer
account, logs in, warms each page once (and waits for the name index), then sends a bounded
number of requests per page from `--clients` concurrent clients. It prints one line per page and
writes bench/out/web_load-<store>.json, with the load average at start and end (the machine is
usually shared with other work: say so beside the figures). Target: p95 under 200 ms for each
page on 2 cores. Pages are cached until the next write (docket.web.cached: the computed results
per audience, and the rendered HTML per session and language), so each page's figures are given
for all its requests, and apart for first views (an address not requested before in the run:
computed) and repeat views (served from the caches). The person page draws from 200 people, the
list from 12 regions x 5 pages, the search from 200 names; 40 requests per page warm up first.
The clients run in this process, the server in its own (its CPU time is read from /proc).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

OUT = Path(__file__).parent / "out"
AS_OF = "2024-06-30"


def make_app() -> Any:
    """The uvicorn factory: the team application on the store named by BENCH_DATABASE_URL."""
    from docket.config import Settings
    from docket.web.app import create_app

    settings = Settings(database_url=os.environ["BENCH_DATABASE_URL"], data_dir=Path("/tmp"))
    return create_app(settings)


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the server process and its worker processes: the cost of
    the requests whatever the rest of a shared machine does to the wall-clock figures."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # fields[1]: the parent
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _account(url: str) -> tuple[str, str]:
    from docket.config import Settings
    from docket.services import accounts
    from docket.services.store import open_store

    store = open_store(Settings(database_url=url, data_dir=Path("/tmp")))
    name, password = f"bench-{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    accounts.add_user(store, name, role="viewer", password=password)
    store.close()
    return name, password


def _samples(url: str, n: int, seed: int) -> tuple[list[str], list[str], list[str]]:
    """Person ids, names to search (Cyrillic spellings where there are), and regions."""
    from sqlalchemy import text

    from docket.config import Settings
    from docket.services.store import open_store

    store = open_store(Settings(database_url=url, data_dir=Path("/tmp")))
    with store.read() as conn:
        ids = list(conn.scalars(text("SELECT id FROM person WHERE id LIKE 'p%' ORDER BY id")))
        rng = random.Random(seed)
        chosen = rng.sample(ids, min(n, len(ids)))
        names = []
        for pid in chosen:
            rows = list(
                conn.scalars(text("SELECT value FROM person_name WHERE person_id = :p"), {"p": pid})
            )
            cyrillic = [v for v in rows if re.search("[а-яА-Я]", v)]
            names.append((cyrillic or rows)[-1])
        regions = list(
            conn.scalars(text("SELECT DISTINCT region FROM person WHERE region IS NOT NULL"))
        )
    store.close()
    return chosen, names, regions


def _pages(
    ids: list[str], names: list[str], regions: list[str], rng: random.Random
) -> dict[str, Any]:
    return {
        "home": lambda: f"/?as_of={AS_OF}",
        "person": lambda: f"/people/{rng.choice(ids)}?as_of={AS_OF}",
        "filtered list": lambda: (
            f"/people?status=deprived_of_liberty&as_of={AS_OF}&region={quote(rng.choice(regions))}"
            f"&sort=since&desc=1&page={rng.randint(1, 5)}"
        ),
        "search": lambda: "/search?" + httpx.QueryParams({"q": rng.choice(names)}).__str__(),
    }


class _Connection:
    """One kept-alive HTTP/1.1 connection that sends GETs and reads whole responses: a client
    that costs a fraction of a millisecond of CPU per request (httpx costs 7-9 ms), so that on 2
    shared cores the load generator takes little of the CPU the server needs."""

    def __init__(self, base: str, cookies: httpx.Cookies) -> None:
        self.host = base.removeprefix("http://")
        self.cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            host, port = self.host.split(":")
            self.reader, self.writer = await asyncio.open_connection(host, int(port))
        assert self.reader is not None
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nCookie: {self.cookie}\r\n\r\n".encode()
        )
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        fields = dict(line.lower().split(": ", 1) for line in head[1:] if ": " in line)
        if "content-length" not in fields:
            raise RuntimeError(f"response without Content-Length to {path}")
        await self.reader.readexactly(int(fields["content-length"]))
        if fields.get("connection") == "close":
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _run(
    base: str,
    cookies: httpx.Cookies,
    make_path: Any,
    requests: int,
    clients: int,
    pid: int = 0,
    seen: set[str] | None = None,
) -> dict[str, float]:
    """Send `requests` requests from `clients` concurrent clients. A request for an address
    not requested before in this run (`seen`) is a first view: its page is computed; a repeat
    is served from the application's caches. Both are reported apart, and together."""
    seen = set() if seen is None else seen
    latencies: dict[str, list[float]] = {"all": [], "first": [], "repeat": []}
    errors = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for _ in range(requests):
        queue.put_nowait(make_path())

    async def client() -> None:
        nonlocal errors
        http = _Connection(base, cookies)
        try:
            while not queue.empty():
                path = queue.get_nowait()
                kind = "repeat" if path in seen else "first"
                seen.add(path)
                started = time.perf_counter()
                status = await http.get(path)
                took = time.perf_counter() - started
                latencies["all"].append(took)
                latencies[kind].append(took)
                if status != 200:
                    errors += 1
        finally:
            http.close()

    started, cpu = time.perf_counter(), _cpu_seconds(pid) if pid else 0.0
    own = time.process_time()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - started
    cpu = _cpu_seconds(pid) - cpu if pid else 0.0
    own = time.process_time() - own
    out: dict[str, float] = {"requests": requests, "errors": errors}
    for kind, values in latencies.items():
        prefix = "" if kind == "all" else f"{kind}_"
        out[f"{prefix}requests"] = len(values)
        out |= {f"{prefix}{k}": v for k, v in _percentiles(values).items()}
    out["per_second"] = round(requests / wall, 1)
    out["server_cpu_ms_per_request"] = round(1000 * cpu / requests, 1)
    # the clients' own CPU: on 2 shared cores they compete with the server for it
    out["client_cpu_ms_per_request"] = round(1000 * own / requests, 1)
    return out


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0}
    values = sorted(values)
    return {
        "p50_ms": round(1000 * values[len(values) // 2], 1),
        "p95_ms": round(1000 * values[max(0, -(-len(values) * 95 // 100) - 1)], 1),
        "max_ms": round(1000 * values[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", required=True, help="the store's URL (sqlite:///... or postgresql://...)"
    )
    parser.add_argument("--requests", type=int, default=400, help="requests per page (default 400)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn processes (default 1)")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument(
        "--pages",
        default="home,person,list,search",
        help="the pages to measure, comma-separated (default home,person,list,search)",
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the server is stopped too
    load_start = os.getloadavg()
    name, password = _account(args.db)
    ids, names, regions = _samples(args.db, 200, args.seed)
    port = _free_port()
    env = {**os.environ, "BENCH_DATABASE_URL": args.db}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench.web_load:make_app", "--factory", "--host",
         "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-server-header",
         "--workers", str(args.workers)],
        env=env, cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        figures = asyncio.run(_measure(base, name, password, ids, names, regions, args, server.pid))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
    store = "sqlite" if args.db.startswith("sqlite") else "postgresql"
    load_end = os.getloadavg()
    print(
        f"{store}: {args.requests} requests per page, {args.clients} clients, "
        f"{args.workers} worker(s); {os.cpu_count()} CPUs shared with other work, load average "
        f"{load_start[0]:.1f} at start, {load_end[0]:.1f} at end"
    )
    for page, f in figures.items():
        print(f"  {page:<14} p50 {f['p50_ms']:>7} ms  p95 {f['p95_ms']:>7} ms  "
              f"{f['per_second']:>6} req/s  server CPU {f['server_cpu_ms_per_request']:>6} ms/req"
              f"  client CPU {f['client_cpu_ms_per_request']:>5} ms/req"
              f"  errors {f['errors']}")  # fmt: skip
        for kind in ("first", "repeat"):
            print(f"    {kind + ' views':<12} {int(f[kind + '_requests']):>4}  "
                  f"p50 {f[kind + '_p50_ms']:>7} ms  p95 {f[kind + '_p95_ms']:>7} ms")  # fmt: skip
    OUT.mkdir(exist_ok=True)
    meta = {"load_average": [load_start[0], load_end[0]], "workers": args.workers}
    (OUT / f"web_load-{store}.json").write_text(json.dumps({**figures, "run": meta}, indent=2))


async def _measure(
    base: str,
    name: str,
    password: str,
    ids: list[str],
    names: list[str],
    regions: list[str],
    args: Any,
    pid: int,
) -> dict[str, dict[str, float]]:
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        deadline = time.monotonic() + 120
        while True:
            try:
                login = await http.get("/login")
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)
        token = re.search(r'name="csrf" value="([^"]+)"', login.text).group(1)  # type: ignore[union-attr]
        await http.post("/login", data={"csrf": token, "name": name, "password": password})
        cookies = http.cookies
        while "name match" not in (await http.get("/search", params={"q": names[0]})).text:
            if time.monotonic() > deadline + 300:
                break
            await asyncio.sleep(1)  # the name index is built in the background at start
    rng = random.Random(args.seed)
    figures = {}
    wanted = {"list" if p.strip() == "filtered list" else p.strip() for p in args.pages.split(",")}
    for page, make_path in _pages(ids, names, regions, rng).items():
        if page.split()[-1] not in wanted:
            continue
        seen: set[str] = set()
        await _run(base, cookies, make_path, min(40, args.requests), args.clients, seen=seen)
        figures[page] = await _run(
            base, cookies, make_path, args.requests, args.clients, pid, seen=seen
        )
    return figures


if __name__ == "__main__":
    main()
