"""Corpora for the campaign tests: generated fictional articles in every format Docket reads."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from bench.campaigns_corpus import Corpus, generate, page, write_jsonl
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def write_warc(path: Path, pages: list[tuple[str, bytes]], *, gzip: bool = True) -> None:
    """A WARC of HTML responses (url, body), as a crawler writes it."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for url, body in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)


def write_wacz(path: Path, warc: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(warc, f"archive/{warc.name}")
        archive.writestr("datapackage.json", "{}")


@pytest.fixture(scope="session")
def small_corpus() -> Corpus:
    return generate(100, seed=5, campaign_share=0.3, lifts=1.0)


@pytest.fixture(scope="session")
def small_jsonl(small_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    write_jsonl(small_corpus, path, html=True)
    return path


@pytest.fixture(scope="session")
def small_warc(small_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("warc") / "crawl.warc.gz"
    pages = [(d.url, page(d, small_corpus.sites[d.site]).encode()) for d in small_corpus.docs]
    write_warc(path, pages)
    return path


def planted(corpus: Corpus) -> dict[int, set[str]]:
    """campaign -> the URLs of its copies."""
    out: dict[int, set[str]] = {}
    for d in corpus.docs:
        if d.campaign is not None:
            out.setdefault(d.campaign, set()).add(d.url)
    return out
