"""From a captured page to an article: main text and title (trafilatura, boilerplate removed),
language (py3langid), site (registered domain, from the public suffix list `tld` carries
offline), dates and hashes. Nothing is dropped: a page without text is kept with a note saying
why it cannot be compared.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from docket.interchange.corpus import CorpusRecord
from docket.interchange.corpus_infra import template_fingerprint, tracking_ids

MAX_HTML = 2_000_000  # bytes of a page given to extraction; the capture is kept whole
# trafilatura slows down sharply with the number of elements (minutes for 100,000): beyond this
# many, the text is taken by a plain strip of the tags instead (boilerplate then stays)
MAX_ELEMENTS = 20_000
MAX_TEXT = 1_000_000  # characters of text compared
MIN_WORDS = 20  # fewer words than this is not an article


@dataclass(slots=True)
class Article:
    file: str
    kind: str
    offset: int
    member: str | None
    record: str
    url: str | None
    site: str | None  # registered domain (bpostnews.be), None when the page names no URL
    title: str | None
    published: date | None
    fetched: str | None
    language: str | None
    text: str
    text_sha256: str
    capture_sha256: str
    capture_size: int
    tracking: dict[str, list[str]] = field(default_factory=dict)
    template: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return len(self.text.split()) >= MIN_WORDS

    @property
    def where(self) -> str:
        return f"{self.file}{':' + self.member if self.member else ''}, {self.record}"


def registered_domain(url: str | None) -> str | None:
    if not url:
        return None
    from tld import get_fld  # reads the public suffix list shipped with the package

    try:
        found = get_fld(url.strip(), fail_silently=True, fix_protocol=True)
    except Exception:  # noqa: BLE001 - a malformed URL is a page without a site, noted
        return None
    return str(found).lower() if found else None


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def detect_language(text: str) -> tuple[str | None, list[str]]:
    """The main language, and every language that holds a fifth or more of the paragraphs."""
    import py3langid  # type: ignore[import-untyped]

    if len(text.split()) < 5:
        return None, []
    main = str(py3langid.classify(text[:20_000])[0])
    paragraphs = [p for p in text.split("\n") if len(p.split()) >= 12][:200]
    counts: dict[str, int] = {}
    for p in paragraphs:
        lang = str(py3langid.classify(p)[0])
        counts[lang] = counts.get(lang, 0) + 1
    several = sorted(k for k, v in counts.items() if v * 5 >= len(paragraphs))
    return main, several


def extract(record: CorpusRecord) -> Article:
    """The article a record holds. Never raises on bad pages: notes say what went wrong."""
    notes: list[str] = list(record.notes)
    capture = record.html if record.html is not None else (record.text or "").encode()
    title, text, published, url = record.title, record.text, record.published, record.url
    tracking: dict[str, list[str]] = {}
    template = None
    if record.html is not None:
        html = record.html
        if len(html) > MAX_HTML:
            notes.append(
                f"page of {len(html):,} bytes: text taken from its first {MAX_HTML:,} bytes"
            )
            html = html[:MAX_HTML]
        source = html.decode("utf-8", errors="replace")
        tracking = tracking_ids(source)
        template = template_fingerprint(source)
        elements = source.count("<")
        if elements > MAX_ELEMENTS:
            notes.append(f"page of {elements:,} elements: text taken without removing boilerplate")
            doc = _plain(source)
        else:
            doc = _trafilatura(source, url)
        if doc is None:
            notes.append("no main text could be extracted (empty or broken page)")
        else:
            text = text or doc.text or ""
            title = title or doc.title
            published = published or doc.date
            url = url or doc.url
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        notes.append(f"text of {len(text):,} characters: the first {MAX_TEXT:,} compared")
        text = text[:MAX_TEXT]
    if not text:
        notes.append("empty: no text to compare")
    elif len(text.split()) < MIN_WORDS:
        notes.append(f"fewer than {MIN_WORDS} words: too short to compare")
    language, several = detect_language(text)
    if len(several) > 1:
        notes.append("several languages: " + ", ".join(several))
    site = registered_domain(url)
    if url and site is None:
        notes.append(f"no registered domain in the address {url[:200]!r}")
    elif not url:
        notes.append("no address: the site is unknown")
    day = parse_date(published)
    if published and day is None:
        notes.append(f"publication date {published[:40]!r} not understood")
    return Article(
        file=record.file,
        kind=record.kind,
        offset=record.offset,
        member=record.member,
        record=record.record,
        url=url,
        site=site,
        title=(title or "").strip()[:1000] or None,
        published=day,
        fetched=record.fetched,
        language=language,
        text=text,
        text_sha256=hashlib.sha256(text.encode()).hexdigest(),
        capture_sha256=hashlib.sha256(capture).hexdigest(),
        capture_size=len(capture),
        tracking=tracking,
        template=template,
        notes=notes,
    )


def _trafilatura(html: str, url: str | None) -> Any:
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception:  # noqa: BLE001 - trafilatura fails in many ways on broken pages
        return None


_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
_BLOCK = re.compile(r"<(?:p|div|br|h[1-6]|li|tr|article|section)\b[^>]*>", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)


@dataclass(slots=True)
class _Plain:
    text: str
    title: str | None
    date: str | None = None
    url: str | None = None


def _plain(source: str) -> _Plain:
    """Text of a page by stripping its tags (for pages too large for trafilatura)."""
    import html as html_module

    title = _TITLE.search(source)
    body = _TAG.sub(" ", _BLOCK.sub("\n", source))
    lines = (" ".join(line.split()) for line in html_module.unescape(body).split("\n"))
    return _Plain(
        "\n".join(line for line in lines if line),
        html_module.unescape(title.group(1)).strip() if title else None,
    )
