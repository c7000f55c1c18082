"""`docket campaigns` on a real SQLite file, and the Dask engine on a small local cluster."""

from __future__ import annotations

from pathlib import Path

import orjson
from bench.campaigns_corpus import Corpus, write_jsonl
from typer.testing import CliRunner

from docket.cli.app import app
from tests.campaigns.conftest import planted

runner = CliRunner()


def run(db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_scan_list_show_export_brief(
    tmp_path: Path, small_corpus: Corpus, small_jsonl: Path
) -> None:
    db = tmp_path / "cli.sqlite"
    code, output = run(db, "campaigns", "list")
    assert code == 0 and "No campaigns yet" in output
    code, output = run(db, "campaigns", "scan", str(small_jsonl), "--no-passages", "--json")
    assert code == 0, output
    report = orjson.loads(output)
    assert report["records"] == len(small_corpus.docs)
    assert report["campaigns"] == len(planted(small_corpus)) == len(report["campaign_ids"])
    code, output = run(db, "campaigns", "list", "--json")
    listed = orjson.loads(output)
    assert code == 0 and {c["id"] for c in listed} == set(report["campaign_ids"])
    first = report["campaign_ids"][0]
    code, output = run(db, "campaigns", "show", str(first))
    assert code == 0 and f"Campaign {first}" in output and "Likely original" in output
    code, output = run(db, "campaigns", "show", str(first), "--json")
    assert orjson.loads(output)["id"] == first
    code, output = run(db, "campaigns", "export", str(first), "-o", str(tmp_path / "pkg"))
    assert code == 0 and (tmp_path / "pkg" / "SHA256SUMS").is_file()
    code, output = run(db, "campaigns", "brief")
    assert code == 0 and "## Smear campaigns against human-rights defenders" in output
    code, output = run(db, "campaigns", "show", "999")
    assert code == 3 and "There is no campaign 999" in output
    code, output = run(db, "campaigns", "scan", str(small_jsonl), "--threshold", "0")
    assert code == 2 and "--threshold" in output
    code, output = run(db, "campaigns", "scan", str(small_jsonl), "--engine", "spark")
    assert code == 2 and "--engine" in output
    code, output = run(db, "campaigns", "scan", str(tmp_path / "missing.warc"))
    assert code == 2 and "missing.warc" in output and "no such file" in output


def test_dask_engine_finds_what_the_local_one_finds(tmp_path: Path, small_corpus: Corpus) -> None:
    """A local cluster of one worker process: the same campaigns as in-process (text records,
    so the test measures the engine, not extraction)."""
    small_jsonl = tmp_path / "text.jsonl"
    write_jsonl(small_corpus, small_jsonl, html=False)
    urls: dict[str, set[frozenset[str]]] = {}
    for engine in ("local", "dask"):
        db = tmp_path / f"{engine}.sqlite"
        code, output = run(
            db, "campaigns", "scan", str(small_jsonl), "--engine", engine, "--workers", "1",
            "--no-passages", "--json",
        )  # fmt: skip
        assert code == 0, output
        found = set()
        for campaign_id in orjson.loads(output)["campaign_ids"]:
            _, shown = run(db, "campaigns", "show", str(campaign_id), "--json")
            found.add(frozenset(m["url"] for m in orjson.loads(shown)["members"]))
        urls[engine] = found
    assert urls["dask"] == urls["local"] == {frozenset(u) for u in planted(small_corpus).values()}
