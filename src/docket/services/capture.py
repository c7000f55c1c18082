"""Capture cited pages as evidence: fetch, write WARC request and response records, hash,
extract the text, timestamp, and store the item with its first custody entry.

A page that answers with an error (404, 500) is captured all the same: that it answered so, on
that day, is evidence too. A page that does not answer at all leaves no item, and is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx

from docket import __version__
from docket.domain.evidence import (
    CAPTURED,
    PAYLOAD,
    WARC,
    EvidenceFile,
    EvidenceItem,
    evidence_id,
)
from docket.errors import NotFound, Problem, ValidationFailed
from docket.interchange.evidence_text import extract, media_type, undo_content_encoding
from docket.interchange.warc import build_warc
from docket.services.capture_fetch import FetchFailed, describe_proxy, fetch, make_client
from docket.services.evidence_record import actor, files_of, now, save, stamp
from docket.services.store import Store
from docket.storage import evidence_queries

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Target:
    url: str
    source_id: str | None = None


@dataclass(frozen=True, slots=True)
class Captured:
    url: str
    item: EvidenceItem | None = None
    error: str | None = None  # why nothing was captured
    no_timestamp: str | None = None  # why the capture has no trusted timestamp


def choose_targets(
    store: Store,
    urls: Sequence[str],
    *,
    source_id: str | None = None,
    all_sources: bool = False,
    missing_only: bool = False,
) -> list[Target]:
    """The addresses to capture: those given (linked to --source, or to the one source citing
    each), or every address the sources cite (leaving out those captured before if asked)."""
    with store.read() as conn:
        cited = evidence_queries.cited_urls(conn)
        captured = evidence_queries.captured_urls(conn) if missing_only else set()
        if source_id is not None:
            exists, url = evidence_queries.source_url(conn, source_id)
            if not exists:
                raise NotFound(f"There is no source '{source_id}'.")
    if source_id is not None:
        if not urls and not url:
            raise ValidationFailed([Problem("the source gives no web address", record=source_id)])
        return [Target(u, source_id) for u in (urls or [url or ""])]
    targets = [Target(u, next(iter(cited.get(u, ())), None)) for u in urls]
    if all_sources:
        given = {t.url for t in targets}
        targets += [Target(u, ids[0]) for u, ids in sorted(cited.items()) if u not in given]
    return [t for t in targets if t.url not in captured]


def capture_one(store: Store, client: httpx.Client, target: Target) -> Captured:
    """Fetch one address and store it as evidence (see the module's docstring)."""
    settings = store.settings.capture
    at = now()
    try:
        fetched = fetch(client, target.url, settings)
    except FetchFailed as err:
        return Captured(target.url, error=str(err))
    last = fetched.last
    who = actor(store)
    warc = build_warc(
        fetched.exchanges,
        warc_date=at[:19] + "Z",  # WARC/1.0 dates are to the second
        info={
            "software": f"Docket {__version__}",
            "format": "WARC File Format 1.0",
            "operator": who,
            "description": "captured as evidence",
        },
    )
    headers = {k.lower(): v for k, v in last.response_headers}
    content_type = headers.get("content-type")
    body = undo_content_encoding(last.body, headers.get("content-encoding"))
    kind = media_type(content_type, body)
    extracted = extract(body, content_type, url=last.url)
    files = files_of(store)
    warc_sha = files.put(warc)
    payload_sha = files.put(last.body)
    stamped = stamp(store, warc, client)
    notes = [n for n in (extracted.note,) if n]
    if last.truncated:
        notes.append(f"the response was cut at the size limit ({settings.max_bytes:,} bytes)")
    item = EvidenceItem(
        id=evidence_id(warc_sha),
        method=CAPTURED,
        url=target.url,
        final_url=last.url,
        http_status=last.status,
        captured_at=at,
        captured_by=who,
        media_type=kind,
        title=extracted.title,
        text=extracted.text,
        source_id=target.source_id,
        truncated=last.truncated,
        note="; ".join(notes) or None,
        files=(
            EvidenceFile(WARC, warc_sha, len(warc), "application/warc"),
            EvidenceFile(PAYLOAD, payload_sha, len(last.body), kind),
        ),
        timestamps=(stamped.timestamp,) if stamped.timestamp else (),
    )
    save(
        store,
        item,
        action="captured",
        details={
            "from": target.url,
            "via": describe_proxy(settings),
            "hops": [[ex.url, ex.status] for ex in fetched.exchanges],
            "ip_address": last.ip_address,
            "source_id": target.source_id,
        },
    )
    return Captured(target.url, item, no_timestamp=stamped.why_not)


def capture_many(
    store: Store,
    targets: Sequence[Target],
    *,
    concurrency: int = 4,
    progress: Progress | None = None,
) -> list[Captured]:
    """Capture every target, N at a time; results in the order given."""
    with make_client(store.settings.capture, concurrency=concurrency) as client:

        def one(target: Target) -> Captured:
            done = capture_one(store, client, target)
            if progress is not None:
                progress(target.url)
            return done

        if concurrency <= 1 or len(targets) <= 1:
            return [one(t) for t in targets]
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            return list(pool.map(one, targets))
