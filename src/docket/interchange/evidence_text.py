"""The readable text and title of a captured page or document.

HTML: the main text by trafilatura, after decoding by the charset the server or the page
declares (or a guess when neither does). PDF: the text by poppler's `pdftotext`, when it is
installed. Plain text as it is. Anything else keeps no text; the file is stored all the same.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from dataclasses import dataclass
from html import unescape

import charset_normalizer
import trafilatura

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
PDF_SECONDS = 60


@dataclass(frozen=True, slots=True)
class Extracted:
    title: str | None
    text: str
    note: str | None = None  # why no text could be read, when none could


def media_type(content_type: str | None, body: bytes) -> str:
    """The media type without parameters, sniffed when the server did not say."""
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared and declared != "application/octet-stream":
        return declared
    head = body[:512].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "application/pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "text/html"
    return declared or "application/octet-stream"


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def decode(body: bytes, content_type: str | None) -> str:
    """Text of an HTML or plain-text body, in whatever encoding it came."""
    candidates = [_charset(content_type)]
    found = _META_CHARSET.search(body[:4096])
    if found:
        candidates.append(found.group(1).decode("ascii", "replace"))
    for name in candidates:
        if not name:
            continue
        try:
            return body.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(body).best()
        return str(best) if best is not None else body.decode("utf-8", "replace")


def undo_content_encoding(body: bytes, encoding: str | None) -> bytes:
    """The body as the server meant it, when it was sent gzip- or deflate-compressed."""
    enc = (encoding or "").strip().lower()
    try:
        if enc in ("gzip", "x-gzip"):
            return zlib.decompress(body, 16 + zlib.MAX_WBITS)
        if enc == "deflate":
            return zlib.decompress(body)
    except zlib.error:
        return body
    return body


def _html(body: bytes, content_type: str | None, url: str | None) -> Extracted:
    html = decode(body, content_type)
    # Without trafilatura's metadata pass: it guesses the page's date (htmldate), which is
    # half the time of a capture, and the title is the page's own <title>.
    text = trafilatura.extract(html, url=url, include_comments=False) or ""
    found = _TITLE.search(html)
    title = " ".join(unescape(found.group(1)).split()) if found else None
    if not text.strip():
        text = trafilatura.html2txt(html) or ""
    return Extracted(title or None, text)


def _pdf(body: bytes) -> Extracted:
    tool = shutil.which("pdftotext")
    if tool is None:
        return Extracted(None, "", "no text read: pdftotext (poppler-utils) is not installed")
    try:
        done = subprocess.run(  # noqa: S603 - a fixed tool reading the document on stdin
            [tool, "-enc", "UTF-8", "-q", "-", "-"],
            input=body,
            capture_output=True,
            timeout=PDF_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Extracted(None, "", f"no text read: pdftotext took over {PDF_SECONDS} s")
    text = done.stdout.decode("utf-8", "replace")
    if done.returncode != 0 and not text.strip():
        return Extracted(None, "", "no text read: pdftotext could not read the document")
    first = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return Extracted(first[:200] if first else None, text)


def extract(body: bytes, content_type: str | None, *, url: str | None = None) -> Extracted:
    """Title and text of a page or document (empty text, with a note, when none is read)."""
    kind = media_type(content_type, body)
    if kind in ("text/html", "application/xhtml+xml"):
        return _html(body, content_type, url)
    if kind == "application/pdf":
        return _pdf(body)
    if kind.startswith("text/"):
        return Extracted(None, decode(body, content_type))
    return Extracted(None, "", f"no text read from a file of type {kind}")
