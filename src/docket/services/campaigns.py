"""Campaigns found by scans: list them, show one, export one as an evidence package."""

from __future__ import annotations

import hashlib
import html
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import RowMapping

from docket.errors import NotFound, Problem, ValidationFailed
from docket.reuse.passage import matching_blocks
from docket.reuse.text import jaccard_words, nfkc, word_spans, words
from docket.services.store import Store
from docket.storage import campaign_queries as cq

SHOWN_PAIRS = 200  # pairs laid side by side in an evidence package


def list_campaigns(store: Store) -> list[dict[str, Any]]:
    """Every campaign, newest scan first, with what it targets."""
    with store.read() as conn:
        rows = cq.list_campaigns(conn)
        originals = cq.articles(conn, [int(r["original_id"]) for r in rows])
    out = []
    for r in reversed(rows):
        summary = r["summary"] or {}
        original = originals.get(int(r["original_id"]))
        out.append(
            {
                "id": r["id"],
                "scan": r["scan_id"],
                "sites": r["sites"],
                "articles": r["articles"],
                "first_published": r["first_published"],
                "last_published": r["last_published"],
                "title": original["title"] if original else None,
                "people": [p["name"] for p in summary.get("people", [])],
                "organisations": [o["name"] for o in summary.get("organisations", [])],
                "shared_infrastructure": len(summary.get("infrastructure", [])),
            }
        )
    return out


def _article(a: RowMapping) -> dict[str, Any]:
    return {
        "id": a["id"],
        "site": a["site"],
        "url": a["url"],
        "title": a["title"],
        "published": a["published"],
        "fetched": a["fetched"],
        "language": a["language"],
        "text_sha256": a["text_sha256"],
        "capture_sha256": a["capture_sha256"],
        "capture_size": a["capture_size"],
        "source": f"{a['file']}{':' + a['member'] if a['member'] else ''}, {a['record']}",
        "notes": a["notes"],
    }


def get_campaign(store: Store, campaign_id: int) -> dict[str, Any]:
    """A campaign with its articles and the reuse evidence; NotFound if there is none."""
    with store.read() as conn:
        row = cq.find_campaign(conn, campaign_id)
        if row is None:
            raise NotFound(
                f"There is no campaign {campaign_id}: `docket campaigns list` shows them."
            )
        members = cq.campaign_articles(conn, campaign_id)
        reuse = cq.campaign_reuse(conn, campaign_id)
        others = cq.articles(
            conn,
            sorted({int(r[k]) for r in reuse for k in ("article_a", "article_b")}),
        )
        scan = cq.find_scan(conn, int(row["scan_id"]))
    by_id = {int(a["id"]): a for a in members} | others
    original = by_id[int(row["original_id"])]
    summary = dict(row["summary"] or {})
    return {
        "id": row["id"],
        "scan": {
            "id": row["scan_id"],
            "corpus": scan["corpus"] if scan else [],
            "threshold": scan["threshold"] if scan else None,
        },  # fmt: skip
        "sites": row["sites"],
        "articles": row["articles"],
        "first_published": row["first_published"],
        "last_published": row["last_published"],
        "original": {**_article(original), "why": row["original_reason"]},
        **{k: v for k, v in summary.items() if k not in ("sites", "articles")},
        "members": [_article(a) for a in members],
        "reuse": [
            {
                "kind": r["kind"],
                "a": int(r["article_a"]),
                "b": int(r["article_b"]),
                "site_a": by_id[int(r["article_a"])]["site"],
                "site_b": by_id[int(r["article_b"])]["site"],
                "jaccard": r["jaccard"],
                "shared": r["shared"],
            }
            for r in reuse
        ],
    }


def _marked(text: str, ranges: list[tuple[int, int]]) -> str:
    """The text as HTML, the word ranges [start, end) marked."""
    spans = word_spans(text)
    cuts = sorted((spans[s][0], spans[min(e, len(spans)) - 1][1]) for s, e in ranges if s < e)
    out, at = [], 0
    source = nfkc(text)
    for start, end in cuts:
        if start < at:
            continue
        out.append(html.escape(source[at:start]))
        out.append(f"<mark>{html.escape(source[start:end])}</mark>")
        at = end
    out.append(html.escape(source[at:]))
    return "".join(out).replace("\n", "<br>\n")


def side_by_side(a: RowMapping, b: RowMapping, *, kind: str, k: int = 5) -> str:
    """One pair as two columns, the words both share marked."""
    blocks = matching_blocks(str(a["text"]), str(b["text"]))
    score = jaccard_words(words(str(a["text"])), words(str(b["text"])), k)
    left = _marked(str(a["text"]), [(x, x + n) for x, _, n in blocks])
    right = _marked(str(b["text"]), [(y, y + n) for _, y, n in blocks])
    head = "".join(
        f"<th>{html.escape(str(r['site'] or '?'))} · "
        f"{html.escape(str(r['published'] or 'undated'))}"
        f"<br><small>{html.escape(str(r['url'] or ''))}</small><br>"
        f"<b>{html.escape(str(r['title'] or ''))}</b><br>"
        f"<small>text SHA-256 {r['text_sha256']}<br>capture SHA-256 {r['capture_sha256']}"
        "</small></th>"
        for r in (a, b)
    )
    return (
        f"<h2>Article {a['id']} and article {b['id']}: {kind} reuse, Jaccard similarity "
        f"{score:.2f} (5-word shingles, computed on the words)</h2>"
        f"<table><tr>{head}</tr><tr><td>{left}</td><td>{right}</td></tr></table>"
    )


_STYLE = (
    "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}"
    "td,th{vertical-align:top;border:1px solid #999;padding:.5em;width:50%;text-align:left}"
    "mark{background:#ffe066}"
)


def export_campaign(store: Store, campaign_id: int, target: Path) -> list[Path]:
    """Write the evidence package of a campaign into folder `target` (new or empty): the
    articles' texts, their captures, the reuse evidence side by side, the campaign as JSON, and
    SHA256SUMS for every file. Returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ValidationFailed(
            [Problem("must be a new or empty folder: nothing is overwritten", file=str(target))]
        )
    detail = get_campaign(store, campaign_id)
    ids = sorted({m["id"] for m in detail["members"]} | {x for r in detail["reuse"]
                 for x in (r["a"], r["b"])})  # fmt: skip
    with store.read() as conn:
        rows = cq.articles(conn, ids)
        captures = {i: cq.capture(conn, i) for i in ids}
    written: list[Path] = []

    def write(relative: str, data: bytes) -> None:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)

    for i in ids:
        a = rows[i]
        stem = f"{i}-{a['site'] or 'unknown-site'}"
        write(f"articles/{stem}.txt", str(a["text"]).encode())
        capture = captures.get(i)
        if capture is not None:
            write(f"captures/{stem}.{'html' if a['kind'] != 'jsonl' else 'txt'}", capture[1])
    original = rows[int(detail["original"]["id"])]
    pairs = [(original, rows[m["id"]], "full") for m in detail["members"]
             if m["id"] != original["id"]]  # fmt: skip
    pairs += [(rows[r["a"]], rows[r["b"]], "partial") for r in detail["reuse"]
              if r["kind"] == "partial"]  # fmt: skip
    sections = [side_by_side(a, b, kind=kind) for a, b, kind in pairs[:SHOWN_PAIRS]]
    page = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Campaign {campaign_id}"
        f"</title><style>{_STYLE}</style></head><body><h1>Campaign {campaign_id}: "
        f"{detail['sites']} sites, {detail['articles']} articles</h1>"
        f"<p>The likely original is article {original['id']} "
        f"({html.escape(detail['original']['why'])})."
        " Words both texts share are marked.</p>" + "".join(sections) + "</body></html>"
    )
    write("evidence.html", page.encode())
    write("campaign.json", orjson.dumps(detail, option=orjson.OPT_INDENT_2))
    sums = "".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(target).as_posix()}\n"
        for p in sorted(written)
    )
    write("SHA256SUMS", sums.encode())
    return written
