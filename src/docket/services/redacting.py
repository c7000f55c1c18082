"""The redaction layer (`docket.domain.redaction`) applied to what the CLI and the web read
record by record: one person's record, lists of people, figures with their claims.

Exports, briefings and dossiers read the whole record and redact it in `docket.reports.scope`;
these readers query the store for one person or one list, so they put the stored field marks on
what they read and redact it here, for the audience of the command or page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from sqlalchemy import Connection

from docket.domain.event import Event
from docket.domain.redaction import redact, redact_all
from docket.domain.sensitivity import Audience, mark_of
from docket.domain.source import Citation
from docket.domain.status import status_on
from docket.errors import Conflict, NotFound
from docket.services import stats_audience
from docket.services.field_sealing import open_for
from docket.services.figure_bases import FigureBases
from docket.services.people import PersonRecord, PersonStatus, resolve_person
from docket.services.stats import Stats
from docket.services.store import Store
from docket.storage import browse_queries as bq
from docket.storage import evidence_queries, level_queries, people_queries
from docket.storage.evidence_writes import SEARCH_KIND
from docket.storage.level_tables import read_marks, with_marks

T = TypeVar("T")
Marks = dict[tuple[str, str], list[tuple[str, str]]]


class AudienceView:
    """What one audience may see of the records a reader touches, read once per call."""

    def __init__(self, conn: Connection, audience: Audience) -> None:
        self.conn = conn
        self.audience = audience
        self.visible = audience.sensitivities
        self.marks: Marks = read_marks(conn)

        self._asked: dict[str, set[str]] = {}  # kind -> ids whose visibility was read
        self._seen: dict[str, set[str]] = {}  # kind -> those of them the audience may see

    def can_see(self, kind: str, ids: Iterable[str]) -> set[str]:
        """Which of these records the audience may see (asking the store only about those
        not asked about before in this view)."""
        wanted = set(ids)
        missing = wanted - self._asked.get(kind, set())
        if missing:
            self.learn({kind: missing})
        return wanted & self._seen.get(kind, set())

    def learn(self, wanted: Mapping[str, Iterable[str]]) -> None:
        """Read at once (one query for a record's page) which of these records of several
        kinds the audience may see, so that `can_see` answers them without asking again."""
        asked = {k: sorted(set(ids) - self._asked.get(k, set())) for k, ids in wanted.items()}
        found = bq.visible_among(self.conn, asked, self.visible)
        for kind, ids in asked.items():
            self._asked.setdefault(kind, set()).update(ids)
            self._seen.setdefault(kind, set()).update(found[kind])

    def field_ok(self, kind: str, rid: str, fld: str) -> bool:
        return self.audience.sees(mark_of(tuple(self.marks.get((kind, rid), ())), fld))

    def event(self, e: Event) -> Event | None:
        return redact(with_marks(e, self.marks.get(("event", e.id), ())), self.audience)


Seen = dict[str, set[str]]


def person_record_for(store: Store, record: PersonRecord, audience: Audience) -> PersonRecord:
    """A person's record as the audience may see it: NotFound when it may not see the person
    (or their name); withheld fields, events, parties, relations and sources left out."""
    return person_record_seen(store, record, audience)[0]


def person_record_seen(
    store: Store, record: PersonRecord, audience: Audience
) -> tuple[PersonRecord, Seen]:
    """`person_record_for`, and which of the records the stored record mentions (its events,
    cases, people, organisations and sources) the audience may see, by kind: read in one
    query with the rest, for the page's own checks."""
    pid = record.person.id
    with store.read() as conn:
        view = AudienceView(conn, audience)
        person = redact(with_marks(record.person, view.marks.get(("person", pid), ())), audience)
        if person is None:
            raise NotFound(f"No person with id '{pid}'.")
        candidates = _mentioned(record)
        view.learn(candidates)
        seen = {kind: view.can_see(kind, ids) for kind, ids in candidates.items()}
        level = person.sensitivity
        events = [e for e in map(view.event, record.events) if e and pid in _named(e)]
        ok_cases = view.can_see(
            "case", [c.case_id for c in record.cases] + [e.case_id for e in events if e.case_id]
        )
        named = view.can_see("person", [p for e in events for p in _named(e)])
        named = {p for p in named if view.field_ok("person", p, "names")}
        bodies = [p.organisation_id for e in events for p in e.parties if p.organisation_id]
        ok_bodies = view.can_see("organisation", bodies)
        events = [
            e
            for e in events
            if (e.case_id is None or e.case_id in ok_cases)
            and all(p in named for p in _named(e))
            and all(p.organisation_id in ok_bodies for p in e.parties if p.organisation_id)
        ]
        event_ids = {e.id for e in events}
        relations = []
        others = view.can_see("person", [r.person_id for r in record.relations])
        for rel in record.relations:
            holder = rel.person_id if rel.inverse else pid
            if rel.person_id in others and view.field_ok("person", holder, "relations"):
                shown = redact(rel, audience, level=level)
                if shown is not None:
                    relations.append(shown)
        mentioned = {p for e in events for p in _named(e)} | {r.person_id for r in relations}
        ok_people = view.can_see("person", sorted(mentioned))
        ok_people = {p for p in ok_people if view.field_ok("person", p, "names")}
        posts = {h.body_id for h in record.positions}
        ok_orgs = view.can_see("organisation", sorted(set(record.organisations) | posts))
        ok_orgs = {o for o in ok_orgs if view.field_ok("organisation", o, "names")}
        sources = {}
        for sid in sorted(view.can_see("source", record.sources)):
            shown_source = redact(
                with_marks(record.sources[sid], view.marks.get(("source", sid), ())), audience
            )
            if shown_source is not None:
                sources[sid] = shown_source
    spans = [s for s in record.spans if s.event_id is None or s.event_id in event_ids]
    out = replace(
        record,
        person=person,
        spans=spans,
        status=status_on(spans, record.as_of),
        events=events,
        cases=[
            _case_for(view, c)
            for c in record.cases
            if c.case_id in ok_cases and _case_ok(view, c.case_id)
        ],
        recognitions=[
            r
            for r in redact_all(_marked(view, "recognition", record.recognitions), audience)
            if r.organisation_id in ok_orgs
        ],
        affiliations=[
            a
            for a in record.affiliations
            if a.organisation_id in ok_orgs and view.field_ok("person", pid, "affiliations")
        ],
        relations=[r for r in relations if r.person_id in ok_people],
        sanctions=[
            s
            for s in redact_all(record.sanctions, audience, level=level)
            if s.organisation_id in ok_orgs
        ],
        positions=[h for h in record.positions if h.body_id in ok_orgs],
        people={k: v for k, v in record.people.items() if k in ok_people},
        organisations={k: v for k, v in record.organisations.items() if k in ok_orgs},
        sources=sources,
    )
    out.cases = [
        c if view.field_ok("case", c.case_id, "number") else replace(c, case_number=None)
        for c in out.cases
    ]
    return open_for(store, _cited(out, set(sources)), audience), seen


def _mentioned(record: PersonRecord) -> dict[str, set[str]]:
    """Every record a person's record mentions, by kind (what its page asks to see)."""
    events = record.events
    return {
        "event": {e.id for e in events},
        "case": {c.case_id for c in record.cases} | {e.case_id for e in events if e.case_id},
        "person": set(record.people)
        | {p for e in events for p in _named(e)}
        | {r.person_id for r in record.relations},
        "organisation": set(record.organisations)
        | {p.organisation_id for e in events for p in e.parties if p.organisation_id},
        "source": set(record.sources),
    }


def _cited(record: PersonRecord, sources: set[str]) -> PersonRecord:
    """Citations only of sources the audience may see; an event or decision left with none is
    left out, as in reports (every fact shown needs a source it can show)."""

    def keep(cites: Sequence[Citation]) -> tuple[Citation, ...]:
        return tuple(c for c in cites if c.source_id in sources)

    def recite(items: Sequence[T], *, needed: bool) -> list[T]:
        out = []
        for item in items:
            cites = keep(getattr(item, "citations", ()))
            if cites or not needed:
                out.append(replace(item, citations=cites))  # type: ignore[type-var]
        return out

    record.person = replace(record.person, citations=keep(record.person.citations))
    record.events = recite(record.events, needed=True)
    record.recognitions = recite(record.recognitions, needed=True)
    record.sanctions = recite(record.sanctions, needed=True)
    record.relations = recite(record.relations, needed=False)
    record.affiliations = recite(record.affiliations, needed=False)
    record.positions = recite(record.positions, needed=True)
    record.cases = recite(record.cases, needed=False)
    return record


_NAMED = ("stock.organisation.", "stock.article.wording:")


def _breakdowns(view: AudienceView) -> set[str]:
    """Keys of the figures by organisation and by charge wording that name only what the
    audience may see (the key holds the organisation's name or the charge's wording)."""
    names = level_queries.organisation_names(view.conn, view.visible)
    keys = {f"stock.organisation.{name}" for name in names}
    for case_id, wording in level_queries.charge_wordings(view.conn, view.visible):
        if view.field_ok("case", case_id, "defendants"):
            keys.add(f"stock.article.wording:{wording.lower()}")  # as the figure keys it
    return keys


def _named(e: Event) -> list[str]:
    return [p.person_id for p in e.parties if p.person_id]


def _case_ok(view: AudienceView, case_id: str) -> bool:
    return all(view.field_ok("case", case_id, f) for f in ("title", "defendants"))


def _case_for(view: AudienceView, case: people_queries.CaseCharges) -> people_queries.CaseCharges:
    """A case as a person's page shows it, without the fields marked above the reader."""
    cid = case.case_id
    return replace(
        case,
        case_number=case.case_number if view.field_ok("case", cid, "case_number") else None,
        court_ids=case.court_ids if view.field_ok("case", cid, "court_ids") else (),
        citations=case.citations if view.field_ok("case", cid, "citations") else (),
    )


def _marked(view: AudienceView, kind: str, records: Sequence[T]) -> list[T]:
    return [with_marks(r, view.marks.get((kind, getattr(r, "id", "")), ())) for r in records]


def people_for(store: Store, found: list[PersonStatus], audience: Audience) -> list[PersonStatus]:
    """A list of people as the audience may see it: people it may not see, or whose status
    rests on an event it may not see, are left out."""
    if not found:
        return found
    with store.read() as conn:
        view = AudienceView(conn, audience)
        ids = [p.person_id for p in found]
        ok = {p for p in view.can_see("person", ids) if view.field_ok("person", p, "names")}
        orgs = {o for p in found for r in p.recognitions for o in (r.organisation_id,)}
        ok_orgs = view.can_see("organisation", sorted(orgs))
        ok_sources = view.can_see("source", [c.source_id for p in found for c in p.citations()])
    out = []
    for p in found:
        if p.person_id not in ok:
            continue
        event = view.event(p.event) if p.event is not None else None
        if p.event is not None and (event is None or p.person_id not in _named(event)):
            continue
        if event is not None:
            event = replace(
                event, citations=tuple(c for c in event.citations if c.source_id in ok_sources)
            )
            if not event.citations:
                continue
        recognitions = tuple(
            replace(r, citations=tuple(c for c in r.citations if c.source_id in ok_sources))
            for r in redact_all(_marked(view, "recognition", p.recognitions), audience)
            if r.organisation_id in ok_orgs and any(c.source_id in ok_sources for c in r.citations)
        )
        orgs_named = {k: v for k, v in p.organisations.items() if k in ok_orgs}
        out.append(replace(p, event=event, recognitions=recognitions, organisations=orgs_named))
    return open_for(store, out, audience)


def stats_for(store: Store, result: Stats, audience: Audience) -> Stats:
    """Figures with the claims and records behind them the audience may see, each counting
    only the records it may see (see docs/sensitivity.md); `result` comes from
    `stats.compute_stats`. Counted from the figures' bases (services.stats_audience), with the
    rules of `stats_for_each_record`."""
    return stats_audience.stats_for(store, result, audience)


def stats_for_each_record(store: Store, result: Stats, audience: Audience) -> Stats:
    """`stats_for` asking the store about each record counted: the reference the faster path
    is tested against (tests/services/test_stats_audience.py)."""
    with store.read() as conn:
        view = AudienceView(conn, audience)
        claims = redact_all(_marked(view, "claim", result.claims), audience, level="public")
        orgs = view.can_see("organisation", [c.stated_by for c in claims if c.stated_by])
        cited = [x.source_id for c in claims for x in c.citations]
        sources = view.can_see("source", cited)
        kept = stats_audience.claims_kept(claims, orgs, sources)
        records = {r for f in result.figures for r in f.records}
        # a prosecution is counted as "person/case": seen when both are
        parts = {part for r in records if "/" in r for part in r.split("/", 1)}
        ids = sorted(records | parts)
        people = {p for p in view.can_see("person", ids) if view.field_ok("person", p, "names")}
        cases = view.can_see("case", ids)
        seen = people | view.can_see("event", ids) | cases
        for r in records:
            person, _, case = r.partition("/")
            if case and person in people and case in cases:
                seen.add(r)
        named = _breakdowns(view) if audience is not Audience.editor else None
        counted = [r for f in result.figures if f.unit == "people" for r in f.records]
        bases = (
            FigureBases(view, counted, result.as_of, store.vocab)
            if audience is not Audience.editor
            else None
        )
    figures = []
    for f in result.figures:
        if named is not None and f.key.startswith(_NAMED) and f.key not in named:
            continue
        shown = f.records if audience is Audience.editor else [r for r in f.records if r in seen]
        rule = bases.rule(f.key) if bases is not None and f.unit == "people" else None
        if rule is not None:  # a person counted for a fact the reader may not see is left out
            shown = [r for r in shown if rule(r)]
        # the figure counts what the reader may see: a count of hidden records would tell
        # that they exist
        figures.append(
            replace(
                f,
                value=len(shown),
                records=shown,
                claims=[kept[c.id] for c in f.claims if c.id in kept],
            )
        )
    seen_stats = replace(
        result, figures=figures, claims=[kept[c.id] for c in result.claims if c.id in kept]
    )
    return open_for(store, seen_stats, audience)


# The fields each kind's search text is made of (storage.dataset_store._search_rows).
_SEARCHED = {
    "person": ("names", "occupation", "summary"),
    "organisation": ("names", "summary"),
    "source": ("title", "publisher", "url"),
    "case": ("title", "case_number", "summary"),
    "event": ("description",),
}


def search_for(
    store: Store, hits: list[tuple[str, str, str]], audience: Audience
) -> list[tuple[str, str, str]]:
    """Search results the audience may see: a hit on a record it may not see, or found by a
    field withheld from it, is left out (a hit would reveal the withheld text)."""
    if audience is Audience.editor or not hits:
        return open_for(store, hits, audience)
    with store.read() as conn:
        return search_for_view(AudienceView(conn, audience), hits)


def search_for_view(
    view: AudienceView, hits: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    ok: set[tuple[str, str]] = set()
    for kind, fields in _SEARCHED.items():
        ids = [rid for k, rid, _ in hits if k == kind]
        for rid in view.can_see(kind, ids) if ids else ():
            if all(view.field_ok(kind, rid, f) for f in fields):
                ok.add((kind, rid))
    # Captured pages: seen by whoever may see (the address of) the source they were taken for;
    # a capture linked to no source is internal, like a record whose level nobody set.
    captures = [rid for k, rid, _ in hits if k == SEARCH_KIND]
    if captures:
        linked = evidence_queries.linked_sources(view.conn, captures)
        sources = view.can_see("source", [s for s in linked.values() if s])
        for rid, sid in linked.items():
            shown = view.field_ok("source", sid, "url") if sid else view.audience.sees("internal")
            if shown and (sid is None or sid in sources):
                ok.add((SEARCH_KIND, rid))
    return [h for h in hits if (h[0], h[1]) in ok]


def resolve_person_for(store: Store, query: str, audience: Audience) -> str:
    """`people.resolve_person` among the people the audience may see: a person it may not see
    is neither found nor listed among candidates."""
    if audience is Audience.editor:
        return resolve_person(store, query)
    with store.read() as conn:
        view = AudienceView(conn, audience)
        ids = people_queries.find_person_ids(conn, query)
        if not ids:
            hits = [r for r in people_queries.search(conn, query, limit=10) if r[0] == "person"]
            ids = list(dict.fromkeys(r[1] for r in search_for_view(view, hits)))
        seen = view.can_see("person", ids)
        ids = [i for i in ids if i in seen and view.field_ok("person", i, "names")]
        names = people_queries.person_names(conn, ids)
    if not ids:
        raise NotFound(f"No person matches '{query}'. Try `docket search {query}`.")
    if len(ids) > 1:
        listing = "; ".join(f"{names.get(i, i)} ({i})" for i in ids[:10])
        raise Conflict(f"'{query}' matches several people: {listing}. Give the id instead.")
    return ids[0]
