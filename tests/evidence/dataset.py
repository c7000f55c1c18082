"""The fictional dataset with its two web sources pointing at the local site."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import yaml

from docket.services.loading import load_dataset
from docket.services.store import Store
from tests.conftest import FICTIONAL
from tests.evidence.site import Site


def load_sources(store: Store, site: Site, folder: Path | None = None) -> dict[str, str]:
    """Load the fictional dataset with its two web sources pointing at the local site."""
    target = (folder or store.settings.data_dir) / f"fictional-{uuid.uuid4().hex[:6]}"
    shutil.copytree(FICTIONAL, target)
    urls = {
        "src-report": site.url(f"/page?s={uuid.uuid4().hex[:8]}"),
        "src-news": site.url(f"/changing?s={uuid.uuid4().hex[:8]}"),
    }
    path = target / "sources.yaml"
    sources = yaml.safe_load(path.read_text("utf-8"))
    for s in sources:
        if s["id"] in urls:
            s["url"] = urls[s["id"]]
    path.write_text(yaml.safe_dump(sources, allow_unicode=True), "utf-8")
    load_dataset(store, target)
    return urls
