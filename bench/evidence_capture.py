"""Evidence capture and verification throughput, against a local web server.

    .venv/bin/python -m bench.evidence_capture [--pages 200] [--concurrency 1 4 8]
                                               [--blobs 16] [--blob-mb 8] [--tsa]

1. A web server runs in another process on 127.0.0.1, serving fictional HTML articles (about
   12 KB each, every one different) and binary documents of --blob-mb MB.
2. Capture: --pages articles are captured into a fresh SQLite store by the real service
   (`docket.services.capture.capture_many`: fetch, WARC, SHA-256, trafilatura text, custody
   entry, store), once per concurrency level; pages/s for each. With --tsa a local RFC 3161
   authority (the tests' one) timestamps every capture.
3. Verify: --blobs documents are captured, then `verify_evidence` re-reads, re-hashes and
   re-checks everything (WARC digests included); MB/s of evidence verified, beside the disk's
   read speed measured on the same files in the same run (plain reads, 1 MiB at a time, after
   asking the kernel to drop those files' cached pages) and SHA-256 over bytes in memory.

Prints the figures and the load average (the machine may be shared).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import multiprocessing
import os
import random
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from docket.config import CaptureSettings, Settings
from docket.services import capture
from docket.services.evidence import verify_evidence
from docket.services.evidence_files import evidence_files
from docket.services.store import Store, open_store

WORDS = [
    "court",
    "hearing",
    "monitor",
    "detained",
    "activist",
    "appeal",
    "sentence",
    "district",
    "prosecutor",
    "lawyer",
    "statement",
    "observers",
    "picket",
    "fine",
    "article",
    "charge",
    "verdict",
    "trial",
    "custody",
    "release",
    "journalist",
]


def _article(n: int) -> bytes:
    rnd = random.Random(n)
    paras = "".join(
        "<p>" + " ".join(rnd.choice(WORDS) for _ in range(60)) + ".</p>" for _ in range(25)
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Fictional report {n}</title>"
        f"</head><body><nav>Home</nav><article><h1>Fictional report {n}</h1>{paras}"
        f"</article></body></html>"
    ).encode()


def _serve(port: multiprocessing.Queue, blob_bytes: int) -> None:  # type: ignore[type-arg]
    blob = os.urandom(blob_bytes)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            kind, _, n = self.path.strip("/").partition("/")
            if kind == "blob":
                body = n.encode().ljust(16, b".") + blob[16:]
                ctype = "application/octet-stream"
            else:
                body, ctype = _article(int(n or 0)), "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port.put(server.server_address[1])
    server.serve_forever()


def _store(root: Path, name: str, capture_settings: CaptureSettings) -> Store:
    folder = root / name
    folder.mkdir()
    settings = Settings(f"sqlite:///{folder / 'docket.sqlite'}", folder, capture=capture_settings)
    return open_store(settings)


def _drop_caches(paths: list[Path]) -> bool:
    """Ask the kernel to forget these files' cached pages (only theirs: the machine is shared),
    so the next reads come from the disk."""
    try:
        for p in paths:
            fd = os.open(p, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
        return True
    except (OSError, AttributeError):
        return False


def _read_speed(paths: list[Path]) -> tuple[float, int]:
    total = 0
    start = time.perf_counter()
    for p in paths:
        with open(p, "rb", buffering=0) as f:
            while chunk := f.read(1 << 20):
                total += len(chunk)
    return total / (time.perf_counter() - start) / 1e6, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 8])
    ap.add_argument("--blobs", type=int, default=16)
    ap.add_argument("--blob-mb", type=float, default=8.0)
    ap.add_argument("--tsa", action="store_true", help="timestamp each capture (local authority)")
    args = ap.parse_args()

    blob_bytes = int(args.blob_mb * 1024 * 1024)
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    server = multiprocessing.Process(target=_serve, args=(queue, blob_bytes), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{queue.get(timeout=10)}"
    settings = CaptureSettings(timeout=60, max_bytes=blob_bytes + 1024, actor="bench")
    stop_tsa = None
    if args.tsa:
        from tests.evidence.tsa import make_authority, serve_authority

        authority = make_authority()
        stop_tsa = serve_authority(authority)
        tsa_url = stop_tsa.__enter__()
        roots = Path(tempfile.mkdtemp()) / "roots.pem"
        roots.write_text(authority.roots_pem)
        settings = dataclasses.replace(settings, tsa_url=tsa_url, tsa_roots=roots)
    print(f"load average at start: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    print(f"timestamps: {'local RFC 3161 authority' if args.tsa else 'none'}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            offset = 0
            for n in args.concurrency:
                store = _store(root, f"c{n}", settings)
                targets = [capture.Target(f"{base}/page/{offset + i}") for i in range(args.pages)]
                offset += args.pages
                start = time.perf_counter()
                done = capture.capture_many(store, targets, concurrency=n)
                seconds = time.perf_counter() - start
                failed = sum(1 for c in done if c.error)
                store.close()
                print(
                    f"capture: {args.pages} pages with {n:>2} concurrent fetches: "
                    f"{seconds:6.2f} s, {args.pages / seconds:7.1f} pages/s"
                    + (f" ({failed} failed)" if failed else "")
                )
            store = _store(root, "verify", settings)
            blobs = [capture.Target(f"{base}/blob/{i}") for i in range(args.blobs)]
            capture.capture_many(store, blobs, concurrency=4)
            files = evidence_files(store.settings.data_dir, None)
            paths = sorted(p for p in files.root.rglob("*") if p.is_file())
            cold = _drop_caches(paths)
            disk, size = _read_speed(paths)
            _drop_caches(paths)
            start = time.perf_counter()
            results = verify_evidence(store)
            seconds = time.perf_counter() - start
            verified = sum(r.bytes for r in results)
            data = b"".join(p.read_bytes() for p in paths[:4])
            start = time.perf_counter()
            hashlib.sha256(data).hexdigest()
            sha = len(data) / (time.perf_counter() - start) / 1e6
            store.close()
            cache = "page cache dropped" if cold else "page cache NOT dropped (warm reads)"
            print(
                f"verify: {len(results)} items, {verified / 1e6:.0f} MB in {seconds:.2f} s: "
                f"{verified / seconds / 1e6:.0f} MB/s (all ok: {all(r.ok for r in results)})"
            )
            print(f"disk read of the same {size / 1e6:.0f} MB: {disk:.0f} MB/s ({cache})")
            print(f"SHA-256 over bytes in memory: {sha:.0f} MB/s")
    finally:
        if stop_tsa is not None:
            stop_tsa.__exit__(None, None, None)
        server.terminate()
    print(f"load average at end: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")


if __name__ == "__main__":
    main()
