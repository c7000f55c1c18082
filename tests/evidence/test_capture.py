"""Capturing pages from a local web site: every kind of answer, WARC files that pass
`warcio check`, hashes, text, proxies and the custody entry."""

from __future__ import annotations

import gzip
import hashlib
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from docket.domain.evidence import PAYLOAD, WARC
from docket.interchange.warc import read_responses
from docket.services import capture
from docket.services.evidence import custody_of
from docket.services.evidence_files import evidence_files
from docket.services.store import Store, open_store
from tests.evidence.conftest import MAX_BYTES, with_capture
from tests.evidence.dataset import load_sources
from tests.evidence.site import Site

WARCIO = Path(sys.executable).with_name("warcio")


def fresh(site: Site, path: str) -> str:
    """An address no other test captures (a query of its own on the path)."""
    return site.url(f"{path}?t={uuid.uuid4().hex[:8]}")


def take(store: Store, *urls: str) -> list[capture.Captured]:
    return capture.capture_many(store, [capture.Target(u) for u in urls], concurrency=4)


def stored(store: Store, sha: str) -> bytes:
    return evidence_files(store.settings.data_dir, store.file_key).get(sha)


def test_a_page_is_kept_as_warc_payload_hashes_text_and_trusted_time(
    ev_store: Store, site: Site, tmp_path: Path
) -> None:
    url = fresh(site, "/page")
    [done] = take(ev_store, url)
    item = done.item
    assert item is not None and done.error is None and done.no_timestamp is None
    assert (item.http_status, item.url, item.final_url) == (200, url, url)
    assert item.title == "Detention in Zharkent"
    assert "journalist Dana Sarsenova was detained" in item.text
    assert "Home | About" not in item.text  # trafilatura keeps the article, not the menu
    assert item.captured_by == "fictional.monitor" and item.media_type == "text/html"
    warc_file, payload_file = item.file(WARC), item.file(PAYLOAD)
    assert warc_file is not None and payload_file is not None
    warc = stored(ev_store, warc_file.sha256)
    assert hashlib.sha256(warc).hexdigest() == warc_file.sha256 == item.anchor.sha256
    assert item.id == "ev-" + warc_file.sha256[:20]
    [response] = read_responses(warc)
    page = stored(ev_store, payload_file.sha256)
    assert response.payload == page and b"<article>" in page
    assert response.payload_sha256 == payload_file.sha256 and response.url == url
    records = gzip.decompress(warc)
    assert b"WARC-Type: request" in records and b"GET /page?t=" in records
    assert b"WARC-Payload-Digest: sha256:" in records
    [stamp] = item.timestamps
    assert stamp.digest_sha256 == warc_file.sha256 and stamp.authority.startswith("http://127.")
    # the file on disk is a WARC that warcio's own checker accepts
    path = tmp_path / "capture.warc.gz"
    path.write_bytes(warc)
    checked = subprocess.run(
        [str(WARCIO), "check", "-v", str(path)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "digest pass" in checked.stdout and "digest fail" not in checked.stdout
    [entry] = custody_of(ev_store, item.id)
    assert entry.action == "captured" and entry.actor == "fictional.monitor"
    assert entry.details["files"] == {"warc": warc_file.sha256, "payload": payload_file.sha256}
    assert entry.details["via"] == "direct" and entry.details["ip_address"] == "127.0.0.1"


def test_each_kind_of_answer(sqlite_store: Store, site: Site) -> None:
    urls = {p: fresh(site, p) for p in ("/redirect", "/missing", "/slow", "/big", "/cp1251")}
    urls["/doc.pdf"] = fresh(site, "/doc.pdf")
    urls["/gzip"] = fresh(site, "/gzip")
    done = {c.url: c for c in take(sqlite_store, *urls.values())}
    redirect = done[urls["/redirect"]].item
    assert redirect is not None and redirect.http_status == 200
    assert redirect.final_url == site.url("/page") and redirect.title == "Detention in Zharkent"
    hops = [(r.url, r.status) for r in read_responses(stored(sqlite_store, redirect.anchor.sha256))]
    assert hops == [(urls["/redirect"], 302), (site.url("/page"), 200)]
    missing = done[urls["/missing"]].item
    assert missing is not None and missing.http_status == 404  # that it answered 404 is kept
    slow = done[urls["/slow"]]
    assert slow.item is None and slow.error == "no answer within 1 s"
    big = done[urls["/big"]].item
    assert big is not None and big.truncated and "cut at the size limit" in (big.note or "")
    payload = big.file(PAYLOAD)
    assert payload is not None and payload.size == MAX_BYTES
    assert b"WARC-Truncated: length" in gzip.decompress(stored(sqlite_store, big.anchor.sha256))
    cyrillic = done[urls["/cp1251"]].item
    assert cyrillic is not None and cyrillic.title == "Штраф за пикет"
    assert "активистку Айгерим Нурланову" in cyrillic.text
    pdf = done[urls["/doc.pdf"]].item
    assert pdf is not None and pdf.media_type == "application/pdf"
    assert "Verdict of the fictional Zharkent district court" in pdf.text
    assert stored(sqlite_store, pdf.file(PAYLOAD).sha256).startswith(b"%PDF-1.4")  # type: ignore[union-attr]
    packed = done[urls["/gzip"]].item
    assert packed is not None and "A compressed fictional page." in packed.text
    assert gzip.decompress(stored(sqlite_store, packed.file(PAYLOAD).sha256)).startswith(b"<!doc")  # type: ignore[union-attr]


def test_a_page_that_changes_gives_two_captures(sqlite_store: Store, site: Site) -> None:
    url = fresh(site, "/changing")
    [first] = take(sqlite_store, url)
    [second] = take(sqlite_store, url)
    assert first.item and second.item and first.item.id != second.item.id
    assert "Edition 1:" in first.item.text and "Edition 2:" in second.item.text
    assert first.item.anchor.sha256 != second.item.anchor.sha256


def test_without_an_authority_capture_works_and_says_so(sqlite_store: Store, site: Site) -> None:
    [done] = take(sqlite_store, fresh(site, "/page"))
    assert done.item is not None and done.item.timestamps == ()
    assert done.no_timestamp == "no timestamp authority is configured (DOCKET_TSA_URL)"


def test_an_unreachable_authority_does_not_stop_a_capture(
    sqlite_settings: object, site: Site
) -> None:
    store = open_store(with_capture(sqlite_settings, tsa_url="http://127.0.0.1:9/tsa"))  # type: ignore[arg-type]
    try:
        [done] = take(store, fresh(site, "/page"))
    finally:
        store.close()
    assert done.item is not None and done.item.timestamps == ()
    assert done.no_timestamp == "the timestamp authority did not answer (ConnectError)"


def test_fetches_go_through_the_configured_proxy(sqlite_settings: object, site: Site) -> None:
    store = open_store(with_capture(sqlite_settings, proxy=site.base))  # type: ignore[arg-type]
    url = f"http://fictional-monitor.invalid/page?t={uuid.uuid4().hex[:8]}"
    try:
        [done] = take(store, url)
        entry = custody_of(store, done.item.id)[0] if done.item else None
    finally:
        store.close()
    assert done.item is not None, done.error
    assert url in site.proxied and done.item.title == "Detention in Zharkent"
    assert entry is not None and entry.details["via"] == site.base


def test_a_server_that_sends_too_slowly_is_given_up(sqlite_settings: object, site: Site) -> None:
    store = open_store(with_capture(sqlite_settings, timeout=0.3))  # type: ignore[arg-type]
    try:
        start = time.monotonic()
        [done] = take(store, fresh(site, "/trickle"))
    finally:
        store.close()
    assert done.item is None and 2.5 < time.monotonic() - start < 4.5
    assert done.error == "the answer did not end in time (the server sends too slowly)"


def test_addresses_that_cannot_be_captured(sqlite_store: Store) -> None:
    done = take(sqlite_store, "ftp://fictional.invalid/x", "http://127.0.0.1:9/closed")
    assert [c.error for c in done] == [
        "only http:// and https:// addresses can be captured",
        "could not connect (the site is down, blocked or unknown)",
    ]


@pytest.mark.parametrize("missing_only", [False, True])
def test_targets_from_sources(sqlite_store: Store, site: Site, missing_only: bool) -> None:
    urls = load_sources(sqlite_store, site)
    take(sqlite_store, urls["src-report"])
    targets = capture.choose_targets(sqlite_store, [], all_sources=True, missing_only=missing_only)
    wanted = [capture.Target(urls["src-news"], "src-news")]
    if not missing_only:
        wanted.insert(0, capture.Target(urls["src-report"], "src-report"))
    assert sorted(targets, key=lambda t: t.url) == sorted(wanted, key=lambda t: t.url)
