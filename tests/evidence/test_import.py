"""`evidence import`: WARC, WACZ and PDF files captured elsewhere, hashed on the way in; files
whose stated digests do not match are refused."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import uuid
import zipfile
from pathlib import Path

import pytest

from docket.domain.evidence import ORIGINAL, PAYLOAD
from docket.errors import Conflict, NotFound, ValidationFailed
from docket.interchange.warc import Exchange, build_warc
from docket.services.evidence import custody_of, verify_evidence
from docket.services.evidence_files import evidence_files
from docket.services.evidence_import import import_file
from docket.services.store import Store
from tests.evidence.dataset import load_sources
from tests.evidence.site import ARTICLE, Site, make_pdf

URL = "https://fictional-monitor.example/2021/statement"


def _warc(body: str = "An imported fictional statement about Aigerim Nurlanova.") -> bytes:
    page = ARTICLE.format(title="Imported statement", body=body).encode()
    return build_warc(
        [
            Exchange(
                URL,
                "GET",
                [("Host", "fictional-monitor.example")],
                "HTTP/1.1",
                200,
                "OK",
                [("Content-Type", "text/html; charset=utf-8")],
                page,
            )
        ],
        warc_date="2021-11-01T10:00:00Z",
        info={"software": "a browser-based archiver (fictional)"},
    )


def _wacz(warc: bytes, *, stated: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("archive/data.warc.gz", warc)
        digest = stated or hashlib.sha256(warc).hexdigest()
        package = {"resources": [{"path": "archive/data.warc.gz", "hash": f"sha256:{digest}"}]}
        z.writestr("datapackage.json", json.dumps(package))
        z.writestr("pages/pages.jsonl", json.dumps({"url": URL}) + "\n")
    return buffer.getvalue()


def test_a_warc_from_elsewhere(ev_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "statement.warc.gz"
    path.write_bytes(_warc())
    item, why = import_file(ev_store, path)
    assert why is None and item.method == "imported" and item.url == URL
    assert item.captured_at == "2021-11-01T10:00:00+00:00" and item.http_status == 200
    assert item.title == "Imported statement" and "Aigerim Nurlanova" in item.text
    original = item.file(ORIGINAL)
    assert original is not None and original.name == "statement.warc.gz"
    assert original.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    files = evidence_files(ev_store.settings.data_dir, None)
    assert files.get(original.sha256) == path.read_bytes()  # kept as it came
    [entry] = custody_of(ev_store, item.id)
    assert entry.action == "imported" and entry.details["file"] == "statement.warc.gz"
    assert verify_evidence(ev_store, [item.id])[0].ok
    with pytest.raises(Conflict):
        import_file(ev_store, path)


def test_a_wacz_and_a_pdf(sqlite_store: Store, tmp_path: Path) -> None:
    wacz = tmp_path / "crawl.wacz"
    wacz.write_bytes(_wacz(_warc("A statement archived as WACZ.")))
    item, why = import_file(sqlite_store, wacz)
    assert why == "no timestamp authority is configured (DOCKET_TSA_URL)"
    assert item.url == URL and "archived as WACZ" in item.text
    assert item.file(ORIGINAL).media_type == "application/wacz"  # type: ignore[union-attr]
    assert item.file(PAYLOAD) is not None
    pdf = tmp_path / "verdict.pdf"
    pdf.write_bytes(make_pdf("Verdict of the fictional Almaly court"))
    doc, _ = import_file(sqlite_store, pdf, url="https://court.example/verdict.pdf")
    assert doc.media_type == "application/pdf" and doc.url == "https://court.example/verdict.pdf"
    assert "Verdict of the fictional Almaly court" in doc.text
    assert [f.role for f in doc.files] == [ORIGINAL]
    assert all(r.ok for r in verify_evidence(sqlite_store))


def test_files_that_do_not_match_are_refused(sqlite_store: Store, tmp_path: Path) -> None:
    raw = bytearray(gzip.decompress(_warc()))
    at = raw.index(b"Aigerim")
    raw[at] = ord("X")  # the page no longer matches its WARC-Payload-Digest
    broken = tmp_path / "broken.warc"
    broken.write_bytes(bytes(raw))
    with pytest.raises(ValidationFailed, match="broken.warc: .*digest"):
        import_file(sqlite_store, broken)
    wacz = tmp_path / "lying.wacz"
    wacz.write_bytes(_wacz(_warc(), stated="0" * 64))
    with pytest.raises(ValidationFailed, match="does not match the hash its datapackage"):
        import_file(sqlite_store, wacz)
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(ValidationFailed, match="is not a PDF file"):
        import_file(sqlite_store, fake)
    other = tmp_path / "notes.docx"
    other.write_bytes(b"x")
    with pytest.raises(ValidationFailed, match="imports .warc, .warc.gz, .wacz and .pdf"):
        import_file(sqlite_store, other)
    with pytest.raises(NotFound, match="no source 'src-none'"):
        import_file(sqlite_store, broken, source_id="src-none")
    assert verify_evidence(sqlite_store) == []  # nothing was stored


def test_import_links_to_a_source(sqlite_store: Store, tmp_path: Path) -> None:
    urls = load_sources(sqlite_store, Site(base="http://127.0.0.1:9"), tmp_path)
    pdf = tmp_path / f"{uuid.uuid4().hex[:6]}.pdf"
    pdf.write_bytes(make_pdf("Annual report (fictional)"))
    item, _ = import_file(sqlite_store, pdf, source_id="src-report")
    assert item.source_id == "src-report" and item.url == urls["src-report"]
