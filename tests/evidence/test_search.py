"""Captured text in search: the command line's full-text search lists evidence, and the web
search finds the sources whose captured pages hold the words (only sources the reader may see)."""

from __future__ import annotations

from docket.domain.sensitivity import Audience
from docket.services import capture, editing, finding, redacting
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


def test_search_by_audience_keeps_captures_of_sources_it_may_see(
    ev_store: Store, site: Site
) -> None:
    urls = load_sources(ev_store, site)
    [done] = capture.capture_many(ev_store, [capture.Target(urls["src-report"], "src-report")])
    assert done.item is not None
    hit = ("evidence", done.item.id)
    hits = search_records(ev_store, "observers refused entry")
    for audience in (Audience.public, Audience.viewer, Audience.editor):
        shown = redacting.search_for(ev_store, hits, audience)
        assert hit in [(t, i) for t, i, _ in shown], audience
    # the same page, once its source is restricted, is found by editors only
    editing.save(
        ev_store, "source", {"sensitivity": "restricted"}, actor="t", record_id="src-report"
    )
    for audience, found in (
        (Audience.public, False),
        (Audience.viewer, False),
        (Audience.editor, True),
    ):
        shown = redacting.search_for(ev_store, hits, audience)
        assert (hit in [(t, i) for t, i, _ in shown]) is found, audience
