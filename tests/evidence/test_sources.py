"""`sources check` against the local site, and briefings that link a gone page's footnote to
its archived copy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docket.domain.evidence import PAYLOAD
from docket.services import capture, capture_check
from docket.services.briefing import BriefingRequest, prepare_briefing, write_briefing
from docket.services.dossier import DossierRequest, write_dossier
from docket.services.store import Store
from tests.evidence.dataset import load_sources
from tests.evidence.site import Site


def test_check_reports_alive_changed_redirects_and_gone(ev_store: Store, site: Site) -> None:
    urls = load_sources(ev_store, site)
    done = capture.capture_many(
        ev_store, capture.choose_targets(ev_store, [], all_sources=True), concurrency=2
    )
    assert all(c.item for c in done)
    first = {r.url: r for r in capture_check.check_sources(ev_store, concurrency=2)}
    assert first[urls["src-report"]].state == "alive"
    assert first[urls["src-report"]].source_ids == ("src-report",)
    assert first[urls["src-news"]].state == "changed"  # edition 2 differs from edition 1
    site.gone.add(urls["src-report"].removeprefix(site.base))
    later = {r.url: r for r in capture_check.check_sources(ev_store, concurrency=2)}
    assert later[urls["src-report"]].state == "gone"
    assert later[urls["src-report"]].detail == "answers HTTP 404"


def test_briefing_footnotes_link_gone_pages_to_the_archived_copy(
    ev_store: Store, site: Site, tmp_path: Path
) -> None:
    urls = load_sources(ev_store, site)
    [done] = capture.capture_many(ev_store, [capture.Target(urls["src-report"], "src-report")])
    assert done.item is not None
    payload = done.item.file(PAYLOAD)
    assert payload is not None
    request = BriefingRequest(as_of=date(2021, 11, 1), lang="en")
    before = prepare_briefing(ev_store, request)
    assert before.sources["src-report"].archived is None  # alive: the live page is enough
    site.gone.add(urls["src-report"].removeprefix(site.base))
    capture_check.check_sources(ev_store)
    after = prepare_briefing(ev_store, request)
    assert after.sources["src-report"].archived == f"urn:sha256:{payload.sha256}"
    assert after.sources["src-news"].archived is None  # never captured: no copy to point to
    # the documents themselves: the briefing's and an official's dossier's footnotes
    address = f"urn:sha256:{payload.sha256}"
    brief = write_briefing(ev_store, request, fmt="md", path=tmp_path / "brief.md")[0]
    assert f"archived copy: <{address}>" in brief.read_text("utf-8")  # (charts follow it)
    dossier_request = DossierRequest(date(2021, 11, 1))
    dossier = write_dossier(
        ev_store, "judge-ivanchenko", dossier_request, fmt="md", path=tmp_path / "d.md"
    )[0]
    assert f"archived copy: <{address}>" in dossier.read_text("utf-8")
