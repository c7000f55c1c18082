"""Reading corpora: WARC, WACZ, HTML folders, JSON lines; bad input named, nothing lost."""

from __future__ import annotations

from pathlib import Path

import orjson

from docket.errors import Problem
from docket.interchange.corpus import CorpusRecord, read_capture, read_corpus
from docket.interchange.corpus_extract import extract, registered_domain
from docket.interchange.corpus_infra import template_fingerprint, tracking_ids
from tests.campaigns.conftest import write_wacz, write_warc

ARTICLE = (
    "<p>" + "The court in Zarvani heard the fictional case of the lawyer again. " * 12 + "</p>"
)


def _page(title: str, body: str = ARTICLE, extra: str = "") -> bytes:
    return (
        f"<html><head><title>{title}</title>{extra}</head><body><nav>Home | News</nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Subscribe</footer></body></html>"
    ).encode()


def test_warc_records_are_read_and_read_again_by_offset(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, [(f"https://velmora-post.com/a/{n}", _page(f"Title {n}")) for n in range(3)])
    records = list(read_corpus(warc))
    assert all(isinstance(r, CorpusRecord) for r in records) and len(records) == 3
    third = records[2]
    assert isinstance(third, CorpusRecord) and third.url == "https://velmora-post.com/a/2"
    assert read_capture(third.file, third.kind, third.offset, third.member) == third.html
    wacz = tmp_path / "crawl.wacz"
    write_wacz(wacz, warc)
    inside = [r for r in read_corpus(wacz) if isinstance(r, CorpusRecord)]
    assert [r.url for r in inside] == [r.url for r in records if isinstance(r, CorpusRecord)]
    again = inside[1]
    assert read_capture(again.file, again.kind, again.offset, again.member) == again.html


def test_html_folder_and_broken_jsonl_lines_named(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "one.html").write_bytes(_page("One"))
    (folder / "notes.txt").write_text("not a page")
    got = list(read_corpus(folder))
    assert len(got) == 1 and isinstance(got[0], CorpusRecord) and got[0].file == "site/one.html"
    lines = tmp_path / "bad.jsonl"
    lines.write_bytes(
        b'{"url": "https://a-news.com/1", "text": "fine"}\n'
        b"{not json\n"
        b'{"url": "https://a-news.com/2"}\n'
        b'{"url": 5, "text": "x"}\n'
        b"[1, 2]\n"
    )
    got = list(read_corpus(lines))
    problems = [p for p in got if isinstance(p, Problem)]
    assert len(got) == 5 and len(problems) == 4
    assert [p.line for p in problems] == [2, 3, 4, 5]
    assert "bad.jsonl:3" in str(problems[1]) and "'html'" in str(problems[1])
    assert problems[2].field == "url"
    missing = list(read_corpus(tmp_path / "nowhere.warc"))
    assert isinstance(missing[0], Problem) and "no such file" in str(missing[0])
    unknown = tmp_path / "corpus.pdf"
    unknown.write_bytes(b"%PDF")
    assert "is not a corpus" in str(next(iter(read_corpus(unknown))))


def _record(html: bytes | None = None, text: str | None = None, url: str | None = None):  # type: ignore[no-untyped-def]
    return CorpusRecord(file="t.jsonl", kind="jsonl", offset=0, member=None, record="line 1",
                        url=url, html=html, text=text)  # fmt: skip


def test_extraction_of_bad_pages_keeps_them_with_notes() -> None:
    empty = extract(_record(html=b"<html><body></body></html>", url="https://a-news.com/1"))
    assert empty.text == "" and not empty.usable and any("empty" in n for n in empty.notes)
    broken = extract(_record(html=b"<<<div <p>unclosed " + b"word " * 40, url="http://b.com/x"))
    assert broken.capture_size > 0 and broken.notes is not None
    gigantic = _page("Big", ARTICLE * 2 + "<p>x</p>" * 400_000)
    huge = extract(_record(html=gigantic, url="https://c.org/"))
    assert huge.capture_size == len(gigantic) > 2_000_000
    assert any("first 2,000,000 bytes" in n for n in huge.notes) and huge.usable
    assert any("without removing boilerplate" in n for n in huge.notes)
    assert "fictional case of the lawyer" in huge.text
    russian = (
        "<p>" + "Суд в городе снова рассмотрел вымышленное дело адвоката сегодня. " * 6 + "</p>"
    )
    mixed = extract(_record(html=_page("Mixed", ARTICLE + russian + ARTICLE), url="https://d.be/"))
    assert any(n.startswith("several languages") and "ru" in n for n in mixed.notes)
    nourl = extract(_record(text="word " * 30))
    assert nourl.site is None and any("no address" in n for n in nourl.notes)


def test_sites_dates_and_infrastructure() -> None:
    assert registered_domain("https://www.news.velmora-post.co.uk/a?b=1") == "velmora-post.co.uk"
    assert registered_domain("not a url at all") is None
    extra = (
        "<script>gtag('config', 'G-AB12CD34EF'); ga('create', 'UA-1234567-2')</script>"
        '<script src="https://mc.yandex.ru/watch/87654321"></script>'
        '<ins data-ad-client="ca-pub-1234567890123456"></ins>'
    )
    ids = tracking_ids(extra)
    assert ids["google-analytics"] == ["G-AB12CD34EF", "UA-1234567-2"]
    assert ids["yandex-metrica"] == ["87654321"] and ids["adsense"] == ["ca-pub-1234567890123456"]
    skeleton = "".join(f'<div class="theme-{w}">x</div>' for w in "abcdefghij")
    assert template_fingerprint(skeleton + "<p>one text</p>") == template_fingerprint(
        skeleton + "<p>another text entirely</p>"
    )
    assert template_fingerprint("<p>plain</p>") is None
    article = extract(
        _record(
            html=orjson.dumps("x")[:0]
            + _page("Dated", extra='<meta property="article:published_time" content="2021-10-05">'),
            url="https://velmora-post.com/a",
        )
    )
    assert article.published is not None and article.published.isoformat() == "2021-10-05"
    assert article.site == "velmora-post.com" and article.language == "en"
