"""Cases, organisations, officials and sources as the web shows them: lists, and one record with
everything it concerns. Like `browsing`, each function takes the sensitivities the reader may see.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from docket.domain.case import Charge
from docket.domain.event import Event
from docket.domain.sensitivity import Audience
from docket.domain.source import Citation, Source
from docket.errors import NotFound
from docket.services import page_redaction
from docket.services.audit import AuditData, history_of
from docket.services.browsing import Page
from docket.services.store import Store
from docket.storage import browse_queries as bq
from docket.storage import people_queries as pq
from docket.storage import rows

LIST_SIZE = 50


@dataclass(slots=True)
class Listing:
    """One page of a list: (id, label, detail...) tuples."""

    lines: list[tuple[Any, ...]]
    page: Page


def _page(number: int) -> tuple[int, int]:
    number = max(number, 1)
    return number, (number - 1) * LIST_SIZE


def list_cases(store: Store, *, visible: frozenset[str], page: int = 1) -> Listing:
    number, offset = _page(page)
    with store.read() as conn:
        total, lines = bq.case_lines(conn, visible, offset=offset, limit=LIST_SIZE)
        shown = page_redaction.lines_in(
            conn, "case", list(lines), {2: "case_number"}, Audience.reading(visible)
        )
    return Listing(shown, Page(total, number, LIST_SIZE))


def list_organisations(
    store: Store, *, visible: frozenset[str], kind: str | None = None, page: int = 1
) -> Listing:
    number, offset = _page(page)
    with store.read() as conn:
        total, lines = bq.organisation_lines(
            conn, visible, kind=kind, offset=offset, limit=LIST_SIZE
        )
    return Listing(list(lines), Page(total, number, LIST_SIZE))


def list_officials(store: Store, *, visible: frozenset[str], page: int = 1) -> Listing:
    """People who appear as perpetrators in acts (most acts first), then holders of posts."""
    number, offset = _page(page)
    with store.read() as conn:
        total, lines = bq.official_lines(conn, visible, offset=offset, limit=LIST_SIZE)
    return Listing(list(lines), Page(total, number, LIST_SIZE))


def list_sources(store: Store, *, visible: frozenset[str], page: int = 1) -> Listing:
    number, offset = _page(page)
    with store.read() as conn:
        total, lines = bq.source_lines(conn, visible, offset=offset, limit=LIST_SIZE)
        shown = page_redaction.lines_in(
            conn, "source", list(lines), {2: "publisher", 3: "date"}, Audience.reading(visible)
        )
    return Listing(shown, Page(total, number, LIST_SIZE))


@dataclass(slots=True)
class Context:
    """Names of everyone and everything a page mentions, and the sources it cites."""

    people: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)


def _context(
    conn: Any, events: list[Event], citations: list[Citation], visible: frozenset[str]
) -> Context:
    people_ids = sorted({p.person_id for e in events for p in e.parties if p.person_id})
    org_ids = sorted({p.organisation_id for e in events for p in e.parties if p.organisation_id})
    source_ids = sorted(
        {c.source_id for c in citations} | {c.source_id for e in events for c in e.citations}
    )
    ok_people = bq.visible_ids(conn, "person", people_ids, visible)
    ok_orgs = bq.visible_ids(conn, "organisation", org_ids, visible)
    ok_sources = bq.visible_ids(conn, "source", source_ids, visible)
    sources = pq.sources_by_ids(conn, sorted(ok_sources))
    sources = page_redaction.sources_in(conn, sources, Audience.reading(visible))
    if "restricted" not in visible:
        sources = {k: replace(s, notes=None) for k, s in sources.items()}
    return Context(
        pq.person_names(conn, sorted(ok_people)),
        pq.organisation_names(conn, sorted(ok_orgs)),
        sources,
    )


def _history(store: Store, kind: str, rid: str, visible: frozenset[str]) -> list[AuditData]:
    entries = history_of(store, kind, rid)
    with store.read() as conn:
        return page_redaction.history_in(conn, entries, Audience.reading(visible))


CASE_FIELDS = (
    "title",
    "case_number",
    "jurisdiction",
    "summary",
    "court_ids",
    "defendants",
    "citations",
)


def _visible_events(conn: Any, ids: list[str], visible: frozenset[str]) -> list[Event]:
    ok = bq.visible_ids(conn, "event", ids, visible)
    return page_redaction.events_in(
        conn, pq.events_where(conn, sorted(ok)), Audience.reading(visible)
    )


@dataclass(slots=True)
class CasePage:
    id: str
    title: str
    case_number: str | None
    jurisdiction: str | None
    summary: str | None
    sensitivity: str
    courts: list[str]
    defendants: dict[str, list[Charge]]
    events: list[Event]
    citations: tuple[Citation, ...]
    context: Context
    history: list[AuditData]


def case_page(
    store: Store, case_id: str, *, visible: frozenset[str], with_history: bool
) -> CasePage:
    with store.read() as conn:
        row = bq.case_row(conn, case_id)
        shown = page_redaction.fields_shown(
            conn, "case", case_id, CASE_FIELDS, Audience.reading(visible)
        )
        if row is None or row.sensitivity not in visible or not shown["title"]:
            raise NotFound(f"No case with id '{case_id}'.")
        charges: dict[str, list[Charge]] = defaultdict(list)
        for ch in bq.charges_of_case(conn, case_id):
            charges[ch.person_id].append(Charge(ch.article_id, ch.part, ch.wording))
        ok_people = bq.visible_ids(conn, "person", sorted(charges), visible)
        events = _visible_events(conn, bq.event_ids_of_case(conn, case_id), visible)
        citations = pq.citations_for(conn, "case", [case_id]).get(case_id, ())
        citations = citations if shown["citations"] else ()
        context = _context(conn, events, list(citations), visible)
        context.people.update(pq.person_names(conn, sorted(ok_people)))
        context.organisations.update(pq.organisation_names(conn, list(row.court_ids or ())))
    return CasePage(
        row.id,
        row.title,
        row.case_number if shown["case_number"] else None,
        row.jurisdiction if shown["jurisdiction"] else None,
        row.summary if shown["summary"] else None,
        row.sensitivity,
        list(row.court_ids or ()) if shown["court_ids"] else [],
        {p: c for p, c in charges.items() if p in ok_people and shown["defendants"]},
        events,
        citations,
        context,
        _history(store, "case", case_id, visible) if with_history else [],
    )


@dataclass(slots=True)
class OrganisationPage:
    id: str
    name: str
    names: list[str]
    kind: str
    summary: str | None
    parent: tuple[str, str] | None
    members: list[tuple[str, str, str]]
    posts: list[tuple[str, str, str, str | None, str | None, str | None]]
    events: list[Event]
    context: Context


def organisation_page(
    store: Store, organisation_id: str, *, visible: frozenset[str]
) -> OrganisationPage:
    with store.read() as conn:
        row = bq.organisation_row(conn, organisation_id)
        shown = page_redaction.fields_shown(
            conn, "organisation", organisation_id, ("names", "summary"), Audience.reading(visible)
        )
        if row is None or row.sensitivity not in visible or not shown["names"]:
            raise NotFound(f"No organisation with id '{organisation_id}'.")
        events = _visible_events(conn, pq.event_ids_of_organisation(conn, organisation_id), visible)
        context = _context(conn, events, [], visible)
        parent = None
        if row.parent_id and bq.visible_ids(conn, "organisation", [row.parent_id], visible):
            parent = (row.parent_id, pq.organisation_names(conn, [row.parent_id])[row.parent_id])
        members = bq.members_of(conn, organisation_id, visible)
        posts = bq.posts_in(conn, organisation_id, visible)
    names = [n.value for n in rows.names_from_json(row.names or []) if n.value != row.name]
    return OrganisationPage(
        row.id,
        row.name,
        names,
        row.kind,
        row.summary if shown["summary"] else None,
        parent,
        members,
        posts,
        events[-200:],
        context,
    )


@dataclass(slots=True)
class SourcePage:
    source: Source
    cites: list[tuple[str, str | None, str]]  # sources this one rests on: id, locator, title
    citing: list[tuple[str, str, str | None, str, str]]  # type, id, locator, label, link id
    history: list[AuditData]


def source_page(
    store: Store, source_id: str, *, visible: frozenset[str], with_history: bool
) -> SourcePage:
    """A source and every record that cites it (those the reader may see)."""
    with store.read() as conn:
        found = pq.sources_by_ids(conn, [source_id]).get(source_id)
        if found is not None:
            found = page_redaction.record_in(conn, "source", found, Audience.reading(visible))
        if found is None or found.sensitivity not in visible:
            raise NotFound(f"No source with id '{source_id}'.")
        own = pq.citations_for(conn, "source", [source_id]).get(source_id, ())
        refs = bq.titles(conn, "source", [c.source_id for c in own])
        ok_refs = bq.visible_ids(conn, "source", list(refs), visible)
        citing = bq.citing(conn, source_id)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for kind, rid, _ in citing:
            by_kind[kind].append(rid)
        labels: dict[tuple[str, str], str] = {}
        allowed: set[tuple[str, str]] = set()
        for kind, ids in by_kind.items():
            for rid, label in bq.titles(conn, kind, ids).items():
                labels[(kind, rid)] = label
            if kind in ("person", "case", "event", "source", "organisation"):
                allowed |= {(kind, i) for i in bq.visible_ids(conn, kind, ids, visible)}
            else:  # recognitions and claims: visible when what they are about is
                allowed |= {(kind, i) for i in ids}
        allowed -= page_redaction.labels_withheld(conn, sorted(allowed), Audience.reading(visible))
        owners = bq.recognition_people(conn, by_kind.get("recognition", []))
        ok_owners = bq.visible_ids(conn, "person", sorted(set(owners.values())), visible)
    if "restricted" not in visible:
        found = replace(found, notes=None)
    lines = []
    for kind, rid, locator in citing:
        if (kind, rid) not in allowed:
            continue
        link = rid
        if kind == "recognition":
            if owners.get(rid) not in ok_owners:
                continue
            link = owners[rid]
        lines.append((kind, rid, locator, labels.get((kind, rid), rid), link))
    cites = [
        (c.source_id, c.locator, refs.get(c.source_id, c.source_id))
        for c in own
        if c.source_id in ok_refs
    ]
    history = _history(store, "source", source_id, visible) if with_history else []
    return SourcePage(found, cites, lines, history)
