"""Do the cited pages still open? Each address the sources give is fetched (nothing stored but
the verdict): alive, redirects, changed (its text differs from the newest capture) or gone.
Briefings then link a gone page's footnote to its archived copy."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx

from docket.domain.evidence import CheckResult, judge_check, sha256_hex
from docket.interchange.evidence_text import extract, undo_content_encoding
from docket.services.capture_fetch import FetchFailed, fetch, make_client
from docket.services.evidence_record import WRITE_LOCK, now
from docket.services.store import Store
from docket.storage import evidence_queries, evidence_writes


def _check(
    client: httpx.Client, store: Store, url: str, captured: tuple[str, str] | None
) -> CheckResult:
    at = now()
    evidence_id, captured_text = captured if captured else (None, None)
    try:
        last = fetch(client, url, store.settings.capture).last
    except FetchFailed as err:
        state, why = judge_check(
            url=url, status=None, final_url=None, text=None, captured_text=None, error=str(err)
        )
        return CheckResult(url, state, at, detail=why, evidence_id=evidence_id)
    headers = {k.lower(): v for k, v in last.response_headers}
    body = undo_content_encoding(last.body, headers.get("content-encoding"))
    text = extract(body, headers.get("content-type"), url=last.url).text
    state, why = judge_check(
        url=url,
        status=last.status,
        final_url=last.url,
        text=text,
        captured_text=captured_text,
    )
    return CheckResult(
        url,
        state,
        at,
        http_status=last.status,
        final_url=last.url,
        text_sha256=sha256_hex(text.encode()),
        evidence_id=evidence_id,
        detail=why,
    )


def check_sources(
    store: Store,
    *,
    concurrency: int = 4,
    progress: Callable[[str, int], None] | None = None,
) -> list[CheckResult]:
    """Check every cited address; records each verdict. PROGRESS(url, total) after each."""
    with store.read() as conn:
        cited = evidence_queries.cited_urls(conn)
        captures = {u: evidence_queries.newest_capture(conn, u) for u in cited}
    urls = sorted(cited)

    with make_client(store.settings.capture, concurrency=concurrency) as client:

        def one(url: str) -> CheckResult:
            result = dataclasses.replace(
                _check(client, store, url, captures[url]), source_ids=tuple(cited[url])
            )
            with WRITE_LOCK, store.write() as conn:
                evidence_writes.add_check(conn, result)
            if progress is not None:
                progress(url, len(urls))
            return result

        with ThreadPoolExecutor(max_workers=max(concurrency, 1)) as pool:
            return list(pool.map(one, urls))
