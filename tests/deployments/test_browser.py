"""A real browser (Debian's Chromium, JavaScript off) on the public site: from the navigation to
the deployments, one deployment with its agreements, and a law with its stages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from docket.config import Settings
from docket.services import loading
from docket.services.store import open_store
from docket.web.options import WebOptions
from tests.conftest import FICTIONAL
from tests.deployments.conftest import SECRET, write_files
from tests.web.test_browser import Server, browser  # noqa: F401 (a fixture)


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("browser")
    dataset = tmp / "fictional"
    dataset.mkdir()
    for path in FICTIONAL.iterdir():
        (dataset / path.name).write_bytes(path.read_bytes())
    write_files(dataset)
    store = open_store(Settings(database_url=f"sqlite:///{tmp / 'docket.sqlite'}", data_dir=tmp))
    loading.load_dataset(store, Path(dataset))
    with Server(store, WebOptions(public=True, warm_names=False)) as url:
        yield url
    store.close()


def test_deployments_and_laws_without_javascript(
    public_site: str,
    browser: object,  # noqa: F811 (the fixture imported above)
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(public_site + "/people")
    page.get_by_role("link", name="Surveillance").click()
    assert page.url.endswith("/deployments")
    assert SECRET not in page.content()
    page.get_by_role("link", name="Steppe City cameras (fictional)").click()
    body = page.locator("main").inner_text()
    assert "Camera contract (fictional)" in body and "up to $1 mln" in body
    assert "about 300 cameras" in body
    page.get_by_role("link", name="Laws").first.click()
    page.get_by_role("link", name="Fictional media law").click()
    body = page.locator("main").inner_text()
    assert "approved on first reading" in body and "15 September 2021" in body
    assert "signed" not in body  # cites only a restricted source
    context.close()
