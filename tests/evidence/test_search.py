"""Captured text in search: the command line's full-text search lists evidence, and the web
search finds the sources whose captured pages hold the words (only sources the reader may see)."""

from __future__ import annotations

from docket.services import capture, finding
from docket.services.people import search_records
from docket.services.store import Store
from docket.storage import evidence_queries
from tests.evidence.dataset import load_sources
from tests.evidence.site import Site


def test_captured_text_is_searched(ev_store: Store, site: Site) -> None:
    urls = load_sources(ev_store, site)
    [done] = capture.capture_many(ev_store, [capture.Target(urls["src-report"], "src-report")])
    assert done.item is not None
    # words only in the captured page, in no record of the dataset
    hits = search_records(ev_store, "observers refused entry")
    assert ("evidence", done.item.id) in [(t, i) for t, i, _ in hits]
    assert search_records(ev_store, "observers refused teleportation") == []
    with ev_store.read() as conn:
        assert evidence_queries.linked_sources(conn, [done.item.id]) == {done.item.id: "src-report"}
    finder = finding.NameFinder()
    found = finding.search(ev_store, finder, "observers refused", visible=frozenset({"public"}))
    assert [(h.kind, h.id) for h in found] == [("source", "src-report")]
    hidden = finding.search(ev_store, finder, "observers refused", visible=frozenset({"x"}))
    assert hidden == []
