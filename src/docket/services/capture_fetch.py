"""Fetching a page for capture or a live check: every redirect hop recorded, the body read up
to the size limit, through the configured proxy."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from docket import __version__
from docket.config import CaptureSettings
from docket.errors import DocketError
from docket.interchange.warc import Exchange

MAX_REDIRECTS = 10
TOTAL_TIMEOUTS = 10  # a whole fetch, redirects included, takes at most 10 timeouts
USER_AGENT = f"Docket/{__version__} (evidence capture)"


class FetchFailed(Exception):
    """No answer worth keeping: the monitor is told why."""


@dataclass(frozen=True, slots=True)
class Fetched:
    exchanges: tuple[Exchange, ...]

    @property
    def last(self) -> Exchange:
        return self.exchanges[-1]


def make_client(settings: CaptureSettings, *, concurrency: int = 4) -> httpx.Client:
    """One client for a run of fetches (shared by threads; connections are pooled)."""
    limits = httpx.Limits(max_connections=max(concurrency, 1) * 2)
    try:
        return httpx.Client(
            proxy=settings.proxy or None,
            timeout=httpx.Timeout(settings.timeout),
            limits=limits,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
            follow_redirects=False,
            trust_env=False,  # only the configured proxy, never one from the environment
        )
    except ImportError as err:
        raise DocketError(
            "This proxy needs SOCKS support, which is not installed (pip install 'httpx[socks]')"
        ) from err


def describe_proxy(settings: CaptureSettings) -> str:
    """The proxy as a custody log may name it: scheme, host and port, never a password."""
    if not settings.proxy:
        return "direct"
    parts = urlsplit(settings.proxy)
    return f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")


def _peer(response: httpx.Response) -> str | None:
    stream = response.extensions.get("network_stream")
    try:
        addr = stream.get_extra_info("server_addr") if stream is not None else None
    except Exception:  # noqa: BLE001 - the address is a courtesy, not evidence
        return None
    return str(addr[0]) if addr else None


def _one(client: httpx.Client, url: str, max_bytes: int, deadline: float) -> Exchange:
    request = client.build_request("GET", url)
    response = client.send(request, stream=True)
    try:
        peer = _peer(response)
        chunks: list[bytes] = []
        size = 0
        truncated = False
        for chunk in response.iter_raw():
            if time.monotonic() > deadline:  # a server sending a byte at a time never times out
                raise FetchFailed("the answer did not end in time (the server sends too slowly)")
            if size + len(chunk) > max_bytes:
                chunks.append(chunk[: max_bytes - size])
                truncated = True
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        response.close()
    return Exchange(
        url=url,
        method="GET",
        request_headers=[
            (k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw
        ],
        http_version=response.http_version,
        status=response.status_code,
        reason=response.reason_phrase,
        response_headers=[
            (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw
        ],
        body=b"".join(chunks),
        truncated=truncated,
        ip_address=peer,
    )


def fetch(client: httpx.Client, url: str, settings: CaptureSettings) -> Fetched:
    """GET the address, following redirects one by one so that each hop is kept."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchFailed("only http:// and https:// addresses can be captured")
    exchanges: list[Exchange] = []
    seen = {url}
    deadline = time.monotonic() + settings.timeout * TOTAL_TIMEOUTS
    try:
        while True:
            ex = _one(client, url, settings.max_bytes, deadline)
            exchanges.append(ex)
            location = dict((k.lower(), v) for k, v in ex.response_headers).get("location")
            if ex.status not in (301, 302, 303, 307, 308) or not location:
                return Fetched(tuple(exchanges))
            url = urljoin(url, location)
            if url in seen or len(exchanges) > MAX_REDIRECTS:
                raise FetchFailed(f"too many redirects (stopped at {url})")
            seen.add(url)
    except httpx.TimeoutException:
        raise FetchFailed(f"no answer within {settings.timeout:g} s") from None
    except httpx.ConnectError:
        raise FetchFailed("could not connect (the site is down, blocked or unknown)") from None
    except httpx.HTTPError as err:
        raise FetchFailed(f"the fetch failed ({type(err).__name__})") from None
