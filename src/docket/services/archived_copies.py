"""Footnotes that point to the archived copy of a page the live web has lost.

Apart from the capture code (which fetches with httpx and extracts with trafilatura), so that a
briefing or a dossier does not load those libraries to read which copies exist."""

from __future__ import annotations

import dataclasses
from collections.abc import MutableMapping

from docket.domain.evidence import GONE
from docket.reports.context import SourceNote
from docket.services.store import Store
from docket.storage import evidence_queries


def archive_address(store: Store, sha256: str) -> str:
    """Where a briefing sends a reader for the archived copy of a page, by the page's hash."""
    base = store.settings.capture.archive_url
    return f"{base.rstrip('/')}/{sha256}" if base else f"urn:sha256:{sha256}"


def link_archived_copies(store: Store, sources: MutableMapping[str, SourceNote]) -> None:
    """Point the footnote of every source whose page was last found gone to its archived copy
    (unless the source already names one)."""
    wanted = [n.url for n in sources.values() if n.url and not n.archived]
    if not wanted:
        return
    with store.read() as conn:
        checks = evidence_queries.newest_checks(conn)
        gone = [u for u in wanted if checks.get(u, ("",))[0] == GONE]
        copies = evidence_queries.archived_payloads(conn, gone)
    for sid, note in list(sources.items()):
        if note.url in copies and not note.archived:
            sources[sid] = dataclasses.replace(
                note, archived=archive_address(store, copies[note.url])
            )
