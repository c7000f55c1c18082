"""The evidence commands on a real SQLite file, capturing from the local site."""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path

import orjson
from typer.testing import CliRunner

from docket.cli.app import app
from tests.evidence.site import Site

runner = CliRunner()


def run(db: Path, data_dir: Path, *args: str, **env: str) -> tuple[int, str]:
    environ = {
        "COLUMNS": "200",
        "DOCKET_DATA_DIR": str(data_dir),
        "DOCKET_CAPTURE_TIMEOUT": "1",
        "DOCKET_ACTOR": "fictional.monitor",
        **env,
    }
    result = runner.invoke(app, ["--db", str(db), *args], env=environ)
    return result.exit_code, result.output


def test_capture_list_show_custody_verify_export(
    site: Site, tmp_path: Path, tsa_url: str, roots_file: Path
) -> None:
    db = tmp_path / "cli.sqlite"
    page = site.url(f"/page?c={uuid.uuid4().hex[:6]}")
    slow = site.url(f"/slow?c={uuid.uuid4().hex[:6]}")
    tsa = {"DOCKET_TSA_URL": tsa_url, "DOCKET_TSA_ROOTS": str(roots_file)}
    code, output = run(db, tmp_path, "capture", page, slow, **tsa)
    assert code == 1, output  # one address did not answer
    assert f"not captured {slow}: no answer within 1 s" in output
    assert "1 captured, 1 not captured." in output and "timestamped by http://127.0.0.1" in output
    code, output = run(db, tmp_path, "evidence", "list", "--json")
    [item] = orjson.loads(output)
    assert item["url"] == page and item["captured_by"] == "fictional.monitor"
    code, output = run(db, tmp_path, "evidence", "show", item["id"], "--text")
    assert code == 0 and "journalist Dana Sarsenova was detained" in output
    code, output = run(db, tmp_path, "evidence", "custody", item["id"], "--json")
    assert [e["action"] for e in orjson.loads(output)] == ["captured", "viewed"]
    code, output = run(db, tmp_path, "evidence", "verify", **tsa)
    assert code == 0 and "ok" in output and "1 timestamp(s)" in output
    package = tmp_path / "handover.zip"
    code, output = run(db, tmp_path, "evidence", "export", "-o", str(package))
    assert code == 0 and "Wrote handover.zip: 1 item(s)" in output, output
    code, output = run(db, tmp_path, "evidence", "check-package", str(package))
    assert code == 0 and "Every file, the manifest and its signature match." in output
    with zipfile.ZipFile(package) as z:
        names = z.namelist()
    assert "manifest.json" in names and "SHA256SUMS" in names


def test_capture_without_anything_to_capture(tmp_path: Path) -> None:
    code, output = run(tmp_path / "x.sqlite", tmp_path, "capture")
    assert code == 0 and "Nothing to capture" in output
    code, output = run(tmp_path / "x.sqlite", tmp_path, "capture", "--source", "nope")
    assert code == 3 and "There is no source 'nope'." in output


def test_sources_check_and_import(site: Site, tmp_path: Path) -> None:
    from docket.config import Settings
    from docket.services.store import open_store
    from tests.evidence.dataset import load_sources
    from tests.evidence.site import make_pdf

    db = tmp_path / "cli.sqlite"
    store = open_store(Settings(f"sqlite:///{db}", tmp_path))
    urls = load_sources(store, site)
    store.close()
    code, output = run(db, tmp_path, "capture", "--all-sources", "--missing-only")
    assert code == 0 and "2 captured, 0 not captured." in output, output
    code, output = run(db, tmp_path, "capture", "--all-sources", "--missing-only")
    assert code == 0 and "Nothing to capture" in output
    site.gone.add(urls["src-report"].removeprefix(site.base))
    code, output = run(db, tmp_path, "sources", "check", "--json")
    assert code == 0, output
    states = {r["url"]: (r["state"], r["source_ids"]) for r in orjson.loads(output)}
    assert states == {
        urls["src-report"]: ("gone", ["src-report"]),
        urls["src-news"]: ("changed", ["src-news"]),
    }
    code, output = run(db, tmp_path, "sources", "check")
    assert "0 alive, 0 redirects, 1 changed, 1 gone of 2 address(es)." in output
    pdf = tmp_path / "verdict.pdf"
    pdf.write_bytes(make_pdf("Verdict of the fictional Almaly court"))
    code, output = run(db, tmp_path, "evidence", "import", str(pdf), "--source", "src-report")
    assert code == 0 and "verdict.pdf" in output and "no trusted timestamp" in output
    code, output = run(db, tmp_path, "evidence", "list", "--source", "src-report", "--json")
    assert [i["method"] for i in orjson.loads(output)] == ["captured", "imported"]
    code, output = run(db, tmp_path, "evidence", "import", str(tmp_path / "none.pdf"))
    assert code == 2 and "cannot be read" in output
