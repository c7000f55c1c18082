"""From verified pairs to stored campaigns: members, evidence, original, spread, infrastructure,
the people and organisations named, and the captures of every article that evidences them."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import RowMapping

from docket.interchange.corpus import read_capture
from docket.reuse.campaign import (
    Cluster,
    build_clusters,
    likely_original,
    shared_infrastructure,
    spread,
)
from docket.reuse.detect import ReuseParams
from docket.reuse.index import F64, I64
from docket.reuse.passage import excerpt, shared_passage
from docket.reuse.text import jaccard_words, words
from docket.services.campaign_names import NameLinker
from docket.services.store import Store
from docket.storage import campaign_queries, campaign_store

if TYPE_CHECKING:
    from docket.services.campaign_scan import ScanReport

Partial = tuple[int, int, tuple[int, int], tuple[int, int], float]
MAX_SHOWN_PAIRS = 2000  # pairs per campaign given their shared passage (all are stored)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _word_check(
    cluster: Cluster, texts: Mapping[int, str], k: int, threshold: float
) -> list[tuple[int, int, float]]:
    """The cluster's edges verified once more on the words themselves (no hashing)."""
    cache: dict[int, list[str]] = {}
    kept = []
    for i, j, _ in cluster.edges:
        wi = cache.setdefault(i, words(texts[i]))
        wj = cache.setdefault(j, words(texts[j]))
        score = jaccard_words(wi, wj, k)
        if score >= threshold:
            kept.append((i, j, score))
    return kept


def _summary(members: list[RowMapping], cluster: Cluster, linked: dict[str, Any]) -> dict[str, Any]:
    titles: dict[str, list[str]] = defaultdict(list)
    per_site: dict[str, dict[str, Any]] = {}
    tracking: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for a in members:
        site = a["site"] or "(unknown site)"
        if a["title"] and site not in titles[a["title"]]:
            titles[a["title"]].append(site)
        entry = per_site.setdefault(site, {"site": site, "articles": 0, "first": None})
        entry["articles"] += 1
        if a["published"] and (entry["first"] is None or a["published"] < entry["first"]):
            entry["first"] = a["published"]
        for kind, ids in (a["tracking"] or {}).items():
            tracking[site].setdefault(kind, [])
            tracking[site][kind] = sorted(set(tracking[site][kind]) | set(ids))
        if a["template"]:
            tracking[site].setdefault("template", [])
            if a["template"] not in tracking[site]["template"]:
                tracking[site]["template"].append(a["template"])
    days = [_day(a["published"]) for a in members]
    return {
        "titles": [{"title": t, "sites": s} for t, s in titles.items()],
        "per_site": sorted(per_site.values(), key=lambda e: (e["first"] is None, e["first"] or "")),
        "spread": spread([d for d in days if d is not None]),
        "undated": sum(1 for d in days if d is None),
        "infrastructure": [
            {"kind": k, "id": v, "sites": s} for k, v, s in shared_infrastructure(tracking)
        ],
        "languages": dict(Counter(a["language"] or "?" for a in members)),
        "people": linked["people"],
        "organisations": linked["organisations"],
        "edges": len(cluster.edges),
    }


def _shared_json(text_a: str, text_b: str) -> dict[str, Any]:
    found = shared_passage(text_a, text_b)
    return {"words": found.words, "a": found.text_a[:4000], "b": found.text_b[:4000]}


def _keep_captures(store: Store, rows: Sequence[RowMapping]) -> None:
    with store.read() as conn:
        have = {a for a in (int(r["id"]) for r in rows) if campaign_queries.capture(conn, a)}
    for row in rows:
        if int(row["id"]) in have:
            continue
        content = read_capture(row["file"], row["kind"], int(row["offset"]), row["member"])
        if content is None:
            continue
        # the capture read again must be the one scanned (the file may have changed since)
        if hashlib.sha256(content).hexdigest() != row["capture_sha256"]:
            continue
        with store.write() as conn:
            campaign_store.insert_capture(
                conn, int(row["id"]), sha256=row["capture_sha256"], content=content
            )
        have.add(int(row["id"]))


def build_campaigns(
    store: Store,
    report: ScanReport,
    *,
    pairs: I64,
    scores: F64,
    sites: Mapping[int, int],
    partial: list[Partial],
    params: ReuseParams,
    min_sites: int,
) -> None:
    """Store the campaigns found among the verified pairs, and the partial reuse."""
    report.reuse_pairs = int(len(pairs))
    clusters = build_clusters(sites, pairs, scores, threshold=params.threshold, min_sites=min_sites)
    linker = NameLinker.open(store) if clusters else None
    member_of: dict[int, int] = {}
    for cluster in clusters:
        with store.read() as conn:
            rows = campaign_queries.articles(conn, list(cluster.members))
        texts = {i: str(r["text"]) for i, r in rows.items()}
        edges = _word_check(cluster, texts, params.shingle, params.threshold)
        for sub in build_clusters(
            sites,
            np.asarray([e[:2] for e in edges], dtype=np.int64).reshape(-1, 2),
            np.asarray([e[2] for e in edges], dtype=np.float64),
            threshold=params.threshold,
            min_sites=min_sites,
        ):
            members = [rows[m] for m in sub.members]
            dates = {m: _day(rows[m]["published"]) for m in sub.members}
            original, reason = likely_original(sub.members, dates, sub.edges)
            assert linker is not None
            titles = sorted({str(r["title"] or "") for r in members})
            linked = linker.link(store, [texts[original], *titles])
            dated = sorted(d for d in dates.values() if d is not None)
            reuse_rows = [
                {
                    "article_a": i,
                    "article_b": j,
                    "kind": "full",
                    "jaccard": round(score, 4),
                    "shared": _shared_json(texts[i], texts[j]) if n < MAX_SHOWN_PAIRS else {},
                }
                for n, (i, j, score) in enumerate(sub.edges)
            ]
            with store.write() as conn:
                campaign_id = campaign_store.insert_campaign(
                    conn,
                    report.scan_id,
                    members=sub.members,
                    sites=len({sites[m] for m in sub.members}),
                    first_published=dated[0].isoformat() if dated else None,
                    last_published=dated[-1].isoformat() if dated else None,
                    original_id=original,
                    original_reason=reason,
                    summary=_summary(members, sub, linked),
                )
                for row in reuse_rows:
                    row["campaign_id"] = campaign_id
                campaign_store.insert_reuse(conn, report.scan_id, reuse_rows)
            report.campaigns.append(campaign_id)
            member_of.update({m: campaign_id for m in sub.members})
            _keep_captures(store, members)
    _store_partial(store, report, partial, sites, member_of, params)


def _store_partial(
    store: Store,
    report: ScanReport,
    partial: list[Partial],
    sites: Mapping[int, int],
    member_of: Mapping[int, int],
    params: ReuseParams,
) -> None:
    best: dict[tuple[int, int], Partial] = {}
    for p in partial:
        if sites[p[0]] == sites[p[1]]:
            continue  # a site reusing its own text is not evidence of coordination
        if member_of.get(p[0]) is not None and member_of.get(p[0]) == member_of.get(p[1]):
            continue  # already the same text in one campaign
        key = (p[0], p[1])
        if key not in best or p[4] > best[key][4]:
            best[key] = p
    rows_out = []
    evidence: dict[int, RowMapping] = {}
    keys = sorted(best)
    for start in range(0, len(keys), 200):
        chunk = keys[start : start + 200]
        with store.read() as conn:
            rows = campaign_queries.articles(conn, sorted({i for k in chunk for i in k}))
        for a, b in chunk:
            _, _, span_a, span_b, _ = best[(a, b)]
            text_a = excerpt(str(rows[a]["text"]), *span_a)
            text_b = excerpt(str(rows[b]["text"]), *span_b)
            score = jaccard_words(words(text_a), words(text_b), params.shingle)
            if score < params.passage_threshold:
                continue
            campaign = member_of.get(a) or member_of.get(b)
            rows_out.append(
                {
                    "article_a": a,
                    "article_b": b,
                    "kind": "partial",
                    "jaccard": round(score, 4),
                    "campaign_id": campaign,
                    "shared": {
                        **_shared_json(text_a, text_b),
                        "passage_a": text_a[:4000],
                        "passage_b": text_b[:4000],
                    },
                }
            )
            if campaign is not None:
                evidence.update({a: rows[a], b: rows[b]})
    with store.write() as conn:
        campaign_store.insert_reuse(conn, report.scan_id, rows_out)
    report.partial_pairs = len(rows_out)
    _keep_captures(store, list(evidence.values()))
