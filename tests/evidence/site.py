"""A small web site on 127.0.0.1 for capture tests: plain pages, redirects, 404, a slow and an
oversized answer, a windows-1251 page, a PDF, and pages that change between visits."""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
    "<nav>Home | About</nav><article><h1>{title}</h1>"
    "<p>{body}</p><p>The court in the fictional town of Zharkent heard the case of Aigerim "
    "Nurlanova on Tuesday; observers from the monitoring group were refused entry.</p>"
    "</article><footer>Fictional Monitor 2021</footer></body></html>"
)


def make_pdf(text: str) -> bytes:
    """A one-page PDF with TEXT in Helvetica, with a correct cross-reference table."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


@dataclass
class Site:
    base: str = ""
    visits: dict[str, int] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)  # paths that answer 404 from now on
    big_size: int = 300_000
    slow_seconds: float = 2.0
    proxied: list[str] = field(default_factory=list)  # addresses asked for through the proxy

    def url(self, path: str) -> str:
        return self.base + path


def _answer(site: Site, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
    html = [("Content-Type", "text/html; charset=utf-8")]
    n = site.visits[path] = site.visits.get(path, 0) + 1
    if path in site.gone:
        return 404, html, b"<html><body>Not found</body></html>"
    path = path.split("?")[0]  # a query makes an address of its own, served as its path
    if path == "/page":
        body = "A fictional monitor reports that the journalist Dana Sarsenova was detained."
        return 200, html, ARTICLE.format(title="Detention in Zharkent", body=body).encode()
    if path == "/other":
        body = "A second fictional report about the trial of Erlan Sarsenov and his appeal."
        return 200, html, ARTICLE.format(title="Appeal heard", body=body).encode()
    if path == "/redirect":
        return 302, [("Location", "/page")], b""
    if path == "/missing":
        return 404, html, b"<html><head><title>Not found</title></head><body>No</body></html>"
    if path == "/slow":
        time.sleep(site.slow_seconds)
        return 200, html, b"<html><body>late</body></html>"
    if path == "/big":
        return 200, [("Content-Type", "application/octet-stream")], b"x" * site.big_size
    if path == "/cp1251":
        body = "Суд оштрафовал активистку Айгерим Нурланову за одиночный пикет."
        page = ARTICLE.format(title="Штраф за пикет", body=body).replace("utf-8", "windows-1251")
        return 200, [("Content-Type", "text/html")], page.encode("cp1251")
    if path == "/doc.pdf":
        pdf = make_pdf("Verdict of the fictional Zharkent district court")
        return 200, [("Content-Type", "application/pdf")], pdf
    if path == "/gzip":
        page = ARTICLE.format(title="Compressed", body="A compressed fictional page.").encode()
        packer = zlib.compressobj(wbits=16 + zlib.MAX_WBITS)
        gz = packer.compress(page) + packer.flush()
        return 200, html + [("Content-Encoding", "gzip")], gz
    if path == "/changing":
        body = f"Edition {n}: the fictional statement was edited {n} time(s)."
        return 200, html, ARTICLE.format(title="Statement", body=body).encode()
    return 404, html, b"<html><body>Not found</body></html>"


@contextmanager
def serve_site() -> Iterator[Site]:
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = self.path
            if path.startswith("http://"):  # asked as a proxy: serve any host from here
                site.proxied.append(path)
                path = "/" + path.split("/", 3)[3]
            if path.startswith("/trickle"):  # a byte every 20 ms: never silent, never done
                self.send_response(200)
                self.send_header("Content-Length", "250")
                self.end_headers()
                with suppress(BrokenPipeError, ConnectionResetError):
                    for _ in range(250):
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.02)
                return
            status, headers, body = _answer(site, path)
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # clients that hang up early (timeouts, size limits) are expected here

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
