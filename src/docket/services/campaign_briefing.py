"""The briefing section "Smear campaigns against human-rights defenders".

`briefing_section(store)` gives the section's content (a `CampaignSection`); `render_markdown`
and `render_html` write it. A briefing can include it as it is: the figures read "at least",
count campaigns, sites and articles separately, and say which people are targeted.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from docket.services.campaigns import list_campaigns
from docket.services.store import Store

TITLE = "Smear campaigns against human-rights defenders"


@dataclass(slots=True)
class CampaignSection:
    as_of: date
    campaigns: int
    sites: int  # distinct sites across campaigns
    articles: int
    targets: list[tuple[str, int]]  # (person, campaigns naming them), most first
    entries: list[dict[str, Any]] = field(default_factory=list)


def briefing_section(store: Store, *, as_of: date | None = None) -> CampaignSection:
    """The section's figures and one entry per campaign (largest first)."""
    from docket.storage import campaign_queries as cq

    entries = list_campaigns(store)
    with store.read() as conn:
        sites: set[str] = set()
        for e in entries:
            row = cq.find_campaign(conn, int(e["id"]))
            summary = (row["summary"] if row else None) or {}
            e["site_names"] = [s["site"] for s in summary.get("per_site", [])]
            e["infrastructure"] = summary.get("infrastructure", [])
            sites.update(e["site_names"])
    targets: Counter[str] = Counter(p for e in entries for p in e["people"])
    entries.sort(key=lambda e: (-e["sites"], -e["articles"], e["id"]))
    return CampaignSection(
        as_of=as_of or date.today(),
        campaigns=len(entries),
        sites=len(sites),
        articles=sum(int(e["articles"]) for e in entries),
        targets=sorted(targets.items(), key=lambda t: (-t[1], t[0])),
        entries=entries,
    )


def _entry_line(e: dict[str, Any]) -> str:
    who = ", ".join(e["people"]) or "no person linked to Docket's records"
    when = e["first_published"] or "undated"
    if e["last_published"] and e["last_published"] != e["first_published"]:
        when += f" to {e['last_published']}"
    infra = e["infrastructure"]
    shared = (
        "; shared infrastructure: "
        + ", ".join(
            f"{i['kind']} {i['id']} ({len(i['sites'])} sites)" for i in infra[:3]
        )  # fmt: skip
        if infra
        else ""
    )
    title = f" (\u201c{e['title']}\u201d)" if e["title"] else ""
    return (
        f"Campaign {e['id']}{title}: {e['articles']} articles on {e['sites']} sites, {when}; "
        f"targets {who}{shared}."
    )


def render_markdown(section: CampaignSection) -> str:
    lines = [f"## {TITLE}", ""]
    if not section.campaigns:
        lines.append(f"No campaign had been found as of {section.as_of.isoformat()}.")
        return "\n".join(lines) + "\n"
    targeted = ", ".join(f"{name} ({n})" for name, n in section.targets) or "none linked"
    lines += [
        f"As of {section.as_of.isoformat()}, at least {section.campaigns} coordinated "
        f"campaign(s): the same text republished on at least {section.sites} site(s) in at "
        f"least {section.articles} article(s), found by verified text reuse. People targeted "
        f"(campaigns naming them): {targeted}.",
        "",
    ]
    lines += [f"- {_entry_line(e)}" for e in section.entries]
    return "\n".join(lines) + "\n"


def render_html(section: CampaignSection) -> str:
    text = render_markdown(section).splitlines()
    items = "".join(f"<li>{html.escape(t[2:])}</li>" for t in text if t.startswith("- "))
    paragraphs = "".join(
        f"<p>{html.escape(t)}</p>" for t in text[1:] if t and not t.startswith("- ")
    )
    return f"<section><h2>{html.escape(TITLE)}</h2>{paragraphs}<ul>{items}</ul></section>\n"
