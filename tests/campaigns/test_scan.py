"""Scanning a corpus into the store (SQLite and PostgreSQL): campaigns equal the planted ones,
targets linked to Docket's people, evidence packages whose hashes check, nothing lost."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
import pytest
from bench.campaigns_corpus import Corpus

from docket.errors import NotFound, ValidationFailed
from docket.services.campaign_briefing import briefing_section, render_html, render_markdown
from docket.services.campaign_scan import ScanRequest, scan_corpus
from docket.services.campaigns import export_campaign, get_campaign, list_campaigns
from docket.services.loading import load_dataset
from docket.services.store import Store
from tests.campaigns.conftest import planted
from tests.conftest import FICTIONAL


def test_scan_finds_the_planted_campaigns_and_their_targets(
    store: Store, small_corpus: Corpus, small_warc: Path, tmp_path: Path
) -> None:
    load_dataset(store, FICTIONAL)
    report = scan_corpus(store, ScanRequest(corpus=(small_warc,)))
    assert report.records == report.articles == len(small_corpus.docs)
    assert report.problems == []
    expected = {frozenset(urls) for urls in planted(small_corpus).values()}
    found = {}
    for campaign_id in report.campaigns:
        detail = get_campaign(store, campaign_id)
        found[frozenset(m["url"] for m in detail["members"])] = detail
    assert set(found) == expected  # every campaign whole, none mixed, nothing else
    targets = {d.campaign: small_corpus.targets[d.campaign] for d in small_corpus.docs
               if d.campaign is not None}  # fmt: skip
    by_url = {d.url: d for d in small_corpus.docs}
    for urls, detail in found.items():
        campaign = by_url[next(iter(urls))].campaign
        assert campaign is not None
        assert targets[campaign] in [p["name"] for p in detail["people"]]
        assert detail["sites"] == len({by_url[u].site for u in urls})
        first = min(by_url[u].published for u in urls)
        assert detail["first_published"] == first.isoformat()
        assert detail["original"]["published"] == first.isoformat()
        assert len(detail["titles"]) == len(urls)  # a new title on every site
        full = [r for r in detail["reuse"] if r["kind"] == "full"]
        assert full and all(r["jaccard"] >= 0.5 and r["site_a"] != r["site_b"] for r in full)
    # every campaign had a paragraph lifted elsewhere (lifts=1.0): shown with the passage
    lifted = [r for d in found.values() for r in d["reuse"] if r["kind"] == "partial"]
    assert len(lifted) >= len(found) * 0.9
    assert all(r["shared"]["words"] >= 10 and r["shared"]["passage_a"] for r in lifted)

    listed = list_campaigns(store)
    assert {c["id"] for c in listed} == set(report.campaigns)
    section = briefing_section(store)
    assert section.campaigns == len(expected)
    text = render_markdown(section)
    assert "Smear campaigns against human-rights defenders" in text
    assert all(name in text for name in set(targets.values()) & {
        p["name"] for d in found.values() for p in d["people"]})  # fmt: skip
    assert "<h2>" in render_html(section)

    biggest = max(found.values(), key=lambda d: d["articles"])
    package = tmp_path / "package"
    written = export_campaign(store, biggest["id"], package)
    assert (package / "evidence.html").is_file() and (package / "campaign.json").is_file()
    captures = sorted((package / "captures").iterdir())
    assert len(captures) >= biggest["articles"]
    members = {str(m["id"]): m for m in biggest["members"]}
    for capture in captures:
        member = members.get(capture.name.split("-")[0])
        if member:  # the capture is the page as crawled, byte for byte
            assert hashlib.sha256(capture.read_bytes()).hexdigest() == member["capture_sha256"]
    for line in (package / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((package / name).read_bytes()).hexdigest() == digest
    assert len(written) == len((package / "SHA256SUMS").read_text().splitlines()) + 1
    evidence = (package / "evidence.html").read_text()
    assert "<mark>" in evidence and biggest["original"]["capture_sha256"] in evidence
    assert orjson.loads((package / "campaign.json").read_bytes())["id"] == biggest["id"]
    with pytest.raises(ValidationFailed, match="new or empty folder"):
        export_campaign(store, biggest["id"], package)
    with pytest.raises(NotFound):
        get_campaign(store, 10_000)


def test_bad_input_is_named_and_nothing_is_lost(store: Store, tmp_path: Path) -> None:
    body = "The fictional lawyer Zhanna Omarova was smeared again by the same text. " * 8
    good = {"url": "https://velmora-post.com/1", "text": body, "published": "2021-03-01"}
    rows = [
        orjson.dumps(good),
        orjson.dumps(good),  # the same capture of the same address again
        orjson.dumps({**good, "url": "https://dunekel-news.net/9", "published": "2021-03-02"}),
        orjson.dumps({**good, "url": "https://velmora-post.com/1", "text": body + " Updated."}),
        b"{broken",
        orjson.dumps({"url": "https://tenbir-times.org/2", "html": "<html><body></body></html>"}),
        orjson.dumps({"url": "https://tenbir-times.org/3", "html": "<<<<div><p>half a page"}),
    ]
    corpus = tmp_path / "mixed.jsonl"
    corpus.write_bytes(b"\n".join(rows) + b"\n")
    report = scan_corpus(store, ScanRequest(corpus=(corpus,)))
    assert report.records == 6 and report.articles == 6  # every record read is stored
    assert report.repeated == 1
    assert [p.line for p in report.problems] == [5]
    assert "mixed.jsonl:5" in str(report.problems[0])
    assert len(report.campaigns) == 1
    detail = get_campaign(store, report.campaigns[0])
    assert {m["site"] for m in detail["members"]} == {"velmora-post.com", "dunekel-news.net"}
    assert detail["original"]["published"] == "2021-03-01"
    with pytest.raises(ValidationFailed, match="--threshold"):
        scan_corpus(store, ScanRequest(corpus=(corpus,), threshold=1.5))
