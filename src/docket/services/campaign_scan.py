"""`docket campaigns scan`: read a corpus, store its articles, find reuse, build campaigns.

Streaming: records are read, extracted and stored a batch at a time; the detector keeps a fixed
small amount per article (band hashes; shingle hashes spilled to a temporary folder), so memory
stays bounded. Every pair reported was verified by exact Jaccard similarity, first on shingle
hashes and then once more on the words themselves.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from docket.errors import Problem, ValidationFailed
from docket.interchange.corpus import CorpusRecord, corpus_kind, read_corpus
from docket.interchange.corpus_extract import Article, registered_domain
from docket.reuse.detect import ReuseDetector, ReuseParams
from docket.services.campaign_build import build_campaigns
from docket.services.campaign_engine import ENGINES, BatchResult, run_dask, run_local
from docket.services.store import Store
from docket.storage import campaign_store

Progress = Callable[[int], None]
MAX_PROBLEMS_KEPT = 1000


@dataclass(frozen=True, slots=True)
class ScanRequest:
    corpus: tuple[Path, ...]
    threshold: float = 0.5
    min_sites: int = 2
    engine: str = "local"
    batch: int = 200
    workers: int = 2
    scheduler: str | None = None  # a Dask scheduler's address; None starts a local cluster
    passages: bool = True


@dataclass(slots=True)
class ScanReport:
    scan_id: int
    records: int = 0
    articles: int = 0
    compared: int = 0
    repeated: int = 0  # the same capture of the same address seen again
    candidates: int = 0
    reuse_pairs: int = 0
    partial_pairs: int = 0
    campaigns: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "articles": self.articles,
            "compared": self.compared,
            "repeated": self.repeated,
            "candidates": self.candidates,
            "reuse_pairs": self.reuse_pairs,
            "partial_pairs": self.partial_pairs,
            "campaigns": len(self.campaigns),
            "problems": len(self.problems),
        }


def _check(request: ScanRequest) -> None:
    problems = []
    if not 0.0 < request.threshold <= 1.0:
        problems.append(Problem("must be above 0 and at most 1", field="--threshold"))
    if request.min_sites < 2:
        problems.append(Problem("must be at least 2", field="--min-sites"))
    if request.engine not in ENGINES:
        problems.append(Problem(f"must be one of {', '.join(ENGINES)}", field="--engine"))
    if not request.corpus:
        problems.append(Problem("give at least one corpus file or folder", field="CORPUS"))
    for path in request.corpus:
        if not path.exists():
            problems.append(Problem("there is no such file or folder", file=str(path)))
        elif corpus_kind(path) is None:
            problems.append(
                Problem(
                    "is not a corpus Docket reads: give WARC, WACZ, JSON lines or a folder of "
                    "HTML files",
                    file=str(path),
                )
            )
    if problems:
        raise ValidationFailed(problems)


def _note_kind(note: str) -> str:
    """What a note says, without its particulars: "page of N bytes", "several languages"."""
    head = re.sub(r"\s*\(.*", "", note.split(":")[0])
    return re.sub(r"\d[\d,.]*", "N", head)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _article_row(a: Article, *, compared: bool, duplicate_of: int | None = None) -> dict[str, Any]:
    return {
        "file": a.file,
        "kind": a.kind,
        "offset": a.offset,
        "member": a.member,
        "record": a.record,
        "url": a.url,
        "site": a.site,
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "fetched": a.fetched,
        "language": a.language,
        "text": a.text,
        "text_sha256": a.text_sha256,
        "capture_sha256": a.capture_sha256,
        "capture_size": a.capture_size,
        "tracking": a.tracking,
        "template": a.template,
        "notes": a.notes,
        "compared": compared,
        "duplicate_of": duplicate_of,
    }


class _Scan:
    """The state of one scan while the corpus streams through."""

    def __init__(self, store: Store, request: ScanRequest, scan_id: int, spill: Path) -> None:
        self.store = store
        self.request = request
        self.report = ScanReport(scan_id)
        self.params = ReuseParams(threshold=request.threshold, passages=request.passages)
        self.detector = ReuseDetector(self.params, spill=spill)
        self.ids = array("q")  # article id of each text in the detector
        self.sites = array("q")  # site code of each text in the detector
        self.site_codes: dict[str, int] = {}
        self.seen: dict[bytes, tuple[int, str]] = {}  # address+capture -> (article, text hash)
        self.addresses: dict[bytes, str] = {}  # address -> where it was first seen
        self.waiting: list[tuple[CorpusRecord, bytes, str]] = []  # repeats not yet stored

    def problem(self, problem: Problem) -> None:
        self.report.problems.append(problem)

    def batches(self, progress: Progress | None) -> Iterator[list[CorpusRecord]]:
        """Batches of records to extract; repeated captures are set aside here."""
        batch: list[CorpusRecord] = []
        pending: set[bytes] = set()
        for path in self.request.corpus:
            for item in read_corpus(path):
                if isinstance(item, Problem):
                    self.problem(item)
                    continue
                self.report.records += 1
                if progress:
                    progress(1)
                capture = item.html if item.html is not None else (item.text or "").encode()
                sha = hashlib.sha256(capture).hexdigest()
                url = (item.url or "").strip()
                key = hashlib.blake2b(f"{url}\n{sha}".encode(), digest_size=16).digest()
                if url and (key in self.seen or key in pending):
                    self.waiting.append((item, key, sha))
                    continue
                if url:
                    pending.add(key)
                    where = f"{item.file}, {item.record}"
                    ukey = hashlib.blake2b(url.encode(), digest_size=16).digest()
                    first = self.addresses.setdefault(ukey, where)
                    if first != where:  # same address, another capture: both compared
                        item.notes.append(
                            f"the address was seen before, captured otherwise ({first})"
                        )
                batch.append(item)
                if len(batch) >= self.request.batch:
                    yield batch
                    batch = []
        if batch:
            yield batch

    def take(self, result: BatchResult) -> None:
        compared = set(result.compared)
        rows = [_article_row(a, compared=n in compared) for n, a in enumerate(result.articles)]
        with self.store.write() as conn:
            ids = campaign_store.insert_articles(conn, self.report.scan_id, rows)
        for article, article_id in zip(result.articles, ids, strict=True):
            if article.url:
                key = hashlib.blake2b(
                    f"{article.url.strip()}\n{article.capture_sha256}".encode(), digest_size=16
                ).digest()
                self.seen.setdefault(key, (article_id, article.text_sha256))
            for note in article.notes:
                label = _note_kind(note)
                self.report.notes[label] = self.report.notes.get(label, 0) + 1
        self.report.articles += len(ids)
        self.report.compared += len(result.compared)
        for n in result.compared:
            self.ids.append(ids[n])
            site = result.articles[n].site or f"?{ids[n]}"  # an unknown site is its own
            self.sites.append(self.site_codes.setdefault(site, len(self.site_codes)))
        self.detector.add(result.prepared)
        self._store_repeats(final=False)

    def _store_repeats(self, *, final: bool) -> None:
        ready = [w for w in self.waiting if w[1] in self.seen]
        self.waiting = [w for w in self.waiting if w[1] not in self.seen]
        if final and self.waiting:  # the first capture could not be stored: keep these whole
            ready.extend(self.waiting)
            self.waiting = []
        rows = []
        for record, key, sha in ready:
            first = self.seen.get(key)
            capture = record.html if record.html is not None else (record.text or "").encode()
            note = (
                f"the same capture of the same address as article {first[0]}"
                if first
                else "the same capture of the same address as an earlier record"
            )
            rows.append(
                {
                    "file": record.file,
                    "kind": record.kind,
                    "offset": record.offset,
                    "member": record.member,
                    "record": record.record,
                    "url": record.url,
                    "site": registered_domain(record.url),
                    "title": record.title,
                    "published": None,
                    "fetched": record.fetched,
                    "language": None,
                    "text": "",
                    "text_sha256": first[1] if first else "",
                    "capture_sha256": sha,
                    "capture_size": len(capture),
                    "tracking": {},
                    "template": None,
                    "notes": [note],
                    "compared": False,
                    "duplicate_of": first[0] if first else None,
                }
            )
        if rows:
            with self.store.write() as conn:
                campaign_store.insert_articles(conn, self.report.scan_id, rows)
            self.report.articles += len(rows)
            self.report.repeated += len(rows)


def scan_corpus(
    store: Store, request: ScanRequest, *, progress: Progress | None = None
) -> ScanReport:
    """Scan a corpus; campaigns found are stored with their evidence. Bad records are reported
    (file and record named) and the others scanned."""
    _check(request)
    with store.write() as conn:
        scan_id = campaign_store.start_scan(
            conn,
            corpus=[str(p) for p in request.corpus],
            started_at=_now(),
            threshold=request.threshold,
            min_sites=request.min_sites,
            engine=request.engine,
        )
    with tempfile.TemporaryDirectory(prefix="docket-scan-") as spill:
        scan = _Scan(store, request, scan_id, Path(spill))
        batches = scan.batches(progress)
        if request.engine == "dask":
            results = run_dask(
                batches, scan.params, scheduler=request.scheduler, workers=request.workers
            )
        else:
            results = run_local(batches, scan.params)
        for result in results:
            scan.take(result)
        scan._store_repeats(final=True)
        found = scan.detector.finish()
    report = scan.report
    report.candidates = found.candidates
    ids = np.frombuffer(scan.ids, dtype=np.int64).copy()
    build_campaigns(
        store,
        report,
        pairs=ids[found.pairs] if found.pairs.size else found.pairs,
        scores=found.scores,
        sites={int(ids[n]): s for n, s in enumerate(scan.sites)},
        partial=[
            (int(ids[p.a]), int(ids[p.b]), p.span_a, p.span_b, p.score) for p in found.partial
        ],
        params=scan.params,
        min_sites=request.min_sites,
    )
    with store.write() as conn:
        campaign_store.finish_scan(
            conn,
            scan_id,
            finished_at=_now(),
            counts={**report.counts(), "notes": report.notes},
            problems=[str(p) for p in report.problems[:MAX_PROBLEMS_KEPT]],
        )
    return report
