"""Real-browser flows with Debian's Chromium, with JavaScript on and off (as Tor Browser at its
safest setting): log in, search in Cyrillic for a Latin-spelled person, add an event with a
source and see it on the timeline, merge a duplicate, and check that the public site hides an
internal record. The record is the fictional fixture: no invented act is written against a real
person, even in a throw-away store. Screenshots are kept under artifacts/web/.

Playwright drives /usr/bin/chromium (scripts/check installs it); it never downloads a browser.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from docket.config import Settings
from docket.services import accounts, editing, loading
from docket.services.store import Store, open_store
from docket.web.app import create_app
from docket.web.options import WebOptions
from tests.conftest import FICTIONAL, ROOT
from tests.web.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = ROOT / "artifacts" / "web"

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail("CI must run the browser tests: /usr/bin/chromium is missing", pytrace=False)
    pytest.skip(
        "no /usr/bin/chromium: install Debian's chromium (scripts/check does)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """uvicorn in a thread, on 127.0.0.1."""

    def __init__(self, store: Store, options: WebOptions) -> None:
        self.port = _free_port()
        app = create_app(store.settings, options, store=store)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Store]]:
    tmp = tmp_path_factory.mktemp("browser")
    store = open_store(Settings(database_url=f"sqlite:///{tmp / 'docket.sqlite'}", data_dir=tmp))
    loading.load_dataset(store, FICTIONAL)
    accounts.add_user(store, "editor", role="editor", password=PASSWORD)
    with (
        Server(store, WebOptions(warm_names=False)) as team,
        Server(store, WebOptions(public=True, warm_names=False)) as public,
    ):
        yield team, public, store
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def _shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_monitor_flows(javascript: bool, sites: tuple[str, str, Store], browser: object) -> None:
    team, public, store = sites
    tag = "js" if javascript else "nojs"
    context = browser.new_context(java_script_enabled=javascript, locale="en-GB")  # type: ignore[attr-defined]
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())

    # log in
    page.goto(f"{team}/people/marat-kairatov")
    assert "/login" in page.url
    page.fill("#name", "editor")
    page.fill("#password", PASSWORD)
    page.click("form.narrow button[type=submit]")
    page.wait_for_url(f"{team}/people/marat-kairatov")
    _shot(page, f"{tag}-1-person")

    # search in Cyrillic for a person the record spells in Latin
    page.fill("#q", "Марат Кайратов")
    page.click("form.search button")
    page.wait_for_url("**/search?q=*")
    link = page.locator("ul.hits a[href='/people/marat-kairatov']")
    assert link.count() == 1
    _shot(page, f"{tag}-2-search")

    # add an event with a source; it shows on the timeline
    page.goto(f"{team}/people/marat-kairatov")
    page.click("a[href='/events/new?person=marat-kairatov']")
    page.select_option("#f-kind", "torture_allegation")
    page.fill("#f-date", "2021-09")
    page.fill("#f-description", f"Fictional test allegation ({tag})")
    page.fill("#f-sources", "src-report | p. 7")
    page.click("form.record button[type=submit]")
    page.wait_for_url(f"{team}/people/marat-kairatov")
    timeline = page.inner_text("ol.timeline")
    assert f"Fictional test allegation ({tag})" in timeline and "September 2021" in timeline
    _shot(page, f"{tag}-3-timeline")

    # merge a duplicate found by the review queue
    dup = editing.save(
        store,
        "person",
        {"name": "Марат Кайратов", "names": ["Marat Kayratov"]},
        actor="setup",
    ).id
    page.goto(f"{team}/review")
    assert dup in page.content()
    page.goto(f"{team}/review/compare?a=marat-kairatov&b={dup}")
    _shot(page, f"{tag}-4-compare")
    page.locator("form[action='/review/merge']").first.locator("button").click()
    page.wait_for_url(f"{team}/people/marat-kairatov")
    assert "Марат Кайратов" in page.inner_text("ul.names")
    assert page.goto(f"{team}/people/{dup}").status == 404  # type: ignore[union-attr]

    # the public site hides an internal record
    hidden = editing.save(
        store,
        "person",
        {"name": f"Internal Fictional Witness {tag}", "sensitivity": "internal"},
        actor="setup",
    ).id
    anonymous = browser.new_context(java_script_enabled=javascript).new_page()  # type: ignore[attr-defined]
    assert anonymous.goto(f"{public}/people/{hidden}").status == 404
    anonymous.goto(f"{public}/search?q=Internal Fictional Witness")
    assert hidden not in anonymous.content()
    anonymous.goto(f"{public}/people/marat-kairatov")
    assert "Marat Kairatov" in anonymous.inner_text("h1")
    assert anonymous.locator("form[action='/logout']").count() == 0
    _shot(anonymous, f"{tag}-5-public")
    context.close()


def test_case_and_relation_forms_without_javascript(
    sites: tuple[str, str, Store], browser: object
) -> None:
    """Record a case with JavaScript off: a refused form comes back with the problem next to the
    field and what was typed; corrected, the case shows its court and charges. Then a relation."""
    team, _, store = sites
    context = browser.new_context(java_script_enabled=False, locale="en-GB")  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{team}/login")
    page.fill("#name", "editor")
    page.fill("#password", PASSWORD)
    page.click("form.narrow button[type=submit]")
    page.wait_for_url(f"{team}/")

    page.goto(f"{team}/cases")
    page.click("a[href='/cases/new']")
    page.fill("#f-title", "Fictional case of the steppe bloggers (nojs)")
    page.fill("#f-number", "FICT-2021-001")
    page.fill("#f-courts", "almaly-court")
    page.fill("#f-defendants", "marat-kairatov | kz-cc-405 | 7\nbolat-sarsenov | | | extremism")
    page.fill("#f-sources", "src-report | p. 2")
    page.click("form.record button[type=submit]")
    assert "/cases/new" in page.url
    assert "no part 7" in page.inner_text("#e-defendants")
    assert "marat-kairatov | kz-cc-405 | 7" in page.input_value("#f-defendants")
    _shot(page, "nojs-6-case-refused")

    page.fill("#f-defendants", "marat-kairatov | kz-cc-405 | 2\nbolat-sarsenov | | | extremism")
    page.click("form.record button[type=submit]")
    page.wait_for_url(f"{team}/cases/case-*")
    body = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert "FICT-2021-001" in body and "Almaly District Court" in body
    assert "“extremism”" in body
    _shot(page, "nojs-7-case")

    page.goto(f"{team}/people/dana-sarsenova")
    page.click("a[href='/people/dana-sarsenova/relations/new']")
    page.select_option("#f-kind", "associate")
    page.fill("#f-person", "aigerim-nurlanova")
    page.fill("#f-sources", "src-news")
    page.click("form.record button[type=submit]")
    page.wait_for_url(f"{team}/people/dana-sarsenova")
    assert page.locator("a[href='/people/aigerim-nurlanova']").count() >= 1
    _shot(page, "nojs-8-relation")
    context.close()
