"""Figures for an audience, counted from what they rest on (docs/sensitivity.md).

The rules are those of `services.redacting.stats_for_each_record` (and services.figure_bases):
a figure counts only records the audience may see; a person is counted in a status only when
the event their status on the day rests on is one it may see, naming them in a place it may
see; among the dead when it may see one of their death events; among the prosecuted (convicted)
when it may see a case of theirs opened (and convicted) by the day; a figure by organisation or
charge wording is shown only when it names what the audience may see. That path asked the
store about each counted record (hundreds of thousands on a large record, some 7 s); this one
reads each table's levels once and the facts the figures were computed from
(`services.stats.Bases`), and gives the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date
from itertools import compress

from sqlalchemy import Connection

from docket.domain.claim import Claim
from docket.domain.redaction import redact_all
from docket.domain.sensitivity import Audience
from docket.services.field_sealing import open_for
from docket.services.stats import Bases, Figure, Stats, collection_paused
from docket.services.store import Store
from docket.storage import browse_queries as bq
from docket.storage import figure_queries as fq
from docket.storage import level_queries
from docket.storage.level_tables import PARTY, read_marks, with_marks

_NAMED = ("stock.organisation.", "stock.article.wording:")
Fact = tuple[str, str, str | None]  # (person, event, the event's level; None: not in the store)


def stats_for(store: Store, result: Stats, audience: Audience) -> Stats:
    """Figures with the claims and records behind them the audience may see, each counting
    only the records it may see. `result` comes from `services.stats.compute_stats`."""
    if result.bases is None:
        raise ValueError("figures for an audience need the bases compute_stats reads")
    with collection_paused(), store.read() as conn:
        claims = _claims(conn, result.claims, audience)
        if audience is Audience.editor:
            figures = [replace(f, claims=_kept(f.claims, claims)) for f in result.figures]
        else:
            figures = _figures(store, conn, result, result.bases, audience, claims)
    shown = replace(result, figures=figures, claims=_kept(result.claims, claims))
    return open_for(store, shown, audience)


def _kept(claims: Iterable[Claim], kept: dict[str, Claim]) -> list[Claim]:
    return [kept[c.id] for c in claims if c.id in kept]


def _claims(conn: Connection, claims: Sequence[Claim], audience: Audience) -> dict[str, Claim]:
    """The claims the audience may see, by id, each with the citations it may see (a claim left
    with none is left out)."""
    if not claims:
        return {}
    visible = audience.sensitivities
    marks = read_marks(conn, "claim", [c.id for c in claims])
    marked = [with_marks(c, marks.get(("claim", c.id), ())) for c in claims]
    shown = redact_all(marked, audience, level="public")
    orgs = bq.visible_ids(
        conn, "organisation", sorted({c.stated_by for c in shown if c.stated_by}), visible
    )
    cited = sorted({x.source_id for c in shown for x in c.citations})
    sources = bq.visible_ids(conn, "source", cited, visible)
    return claims_kept(shown, orgs, sources)


def claims_kept(
    claims: Iterable[Claim], orgs: Collection[str], sources: Collection[str]
) -> dict[str, Claim]:
    """The claims stated by none or by one of these organisations, by id, each with its
    citations of these sources (a claim left with none is left out)."""
    kept = {}
    for c in claims:
        if c.stated_by is not None and c.stated_by not in orgs:
            continue
        cites = tuple(x for x in c.citations if x.source_id in sources)
        if cites:
            kept[c.id] = replace(c, citations=cites)
    return kept


def _figures(
    store: Store,
    conn: Connection,
    result: Stats,
    bases: Bases,
    audience: Audience,
    claims: dict[str, Claim],
) -> list[Figure]:
    """Each figure without the records the audience may not count. What is left out is read
    rather than what is kept: most audiences see most records, and leaving out none is free."""
    visible = audience.sensitivities
    marks = fq.field_marks(conn, "person", "names")
    people = fq.ids_hidden(conn, "person", visible)
    people |= {p for p, level in marks.items() if not audience.sees(level)}
    cases = fq.ids_hidden(conn, "case", visible)
    named = _breakdowns(conn, audience)
    cats = store.vocab.categories
    statuses = cats.deprived_of_liberty | cats.persecuted
    left_out = _left_out(conn, bases, audience, cases, as_of=result.as_of, statuses=statuses)
    events = {e for e, level in bases.event_levels.items() if not audience.sees(level)}
    pairs = _pairs_hidden(conn, bases, audience, people, cases)
    # the records a figure may not count: those the audience may not see, and for a figure of
    # people resting on facts (a status, a death, a prosecution), those whose fact it may not
    hidden: dict[str, set[str]] = {}

    def uncounted(f: Figure) -> set[str]:
        if f.unit == "events":
            return events
        if f.unit != "people":
            return pairs
        rule = left_out(f.key)
        name = rule[0] if rule is not None else ""
        if name not in hidden:
            hidden[name] = people if rule is None else people | rule[1]
        return hidden[name]

    out = []
    for f in result.figures:
        if f.key.startswith(_NAMED) and f.key not in named:
            continue
        unseen = uncounted(f)
        shown = [r for r in f.records if r not in unseen] if unseen else list(f.records)
        # the figure counts what the reader may see: a count of hidden records would tell
        # that they exist
        out.append(replace(f, value=len(shown), records=shown, claims=_kept(f.claims, claims)))
    return out


def _pairs_hidden(
    conn: Connection, bases: Bases, audience: Audience, people: set[str], cases: set[str]
) -> set[str]:
    """The prosecutions ("person/case") the audience may not see: those whose person or case
    it may not. A person id holding "/" makes its record read as another person and case
    ("a/b/c" is person "a" and case "b/c"), seen only when both exist and are seen."""
    out = set()
    odd = []
    rows = bases.prosecutions
    for key, p, c in zip(rows.keys, rows.people, rows.cases, strict=True):
        if "/" in p:
            odd.append(key.partition("/"))
        elif p in people or c in cases:
            out.add(key)
    if odd:
        found = fq.levels_of(conn, "person", [p for p, _, _ in odd])
        found_cases = fq.levels_of(conn, "case", [c for _, _, c in odd])
        for p, _, c in odd:
            seen = p in found and p not in people and c in found_cases and c not in cases
            if not (seen and c):
                out.add(f"{p}/{c}")
    return out


def _breakdowns(conn: Connection, audience: Audience) -> set[str]:
    """Keys of the figures by organisation and by charge wording that name only what the
    audience may see (the key holds the organisation's name or the charge's wording)."""
    visible = audience.sensitivities
    keys = {f"stock.organisation.{name}" for name in fq.named_at_levels(conn, visible)}
    defendants = fq.field_marks(conn, "case", "defendants")
    for case_id, wording in fq.worded_charges(conn, visible):
        if audience.sees(defendants.get(case_id)):
            keys.add(f"stock.article.wording:{wording.lower()}")  # as the figure keys it
    return keys


def _left_out(
    conn: Connection,
    bases: Bases,
    audience: Audience,
    cases: set[str],
    *,
    as_of: date,
    statuses: Collection[str],
) -> Callable[[str], tuple[str, set[str]] | None]:
    """For a figure's key, the rule it counts people by and the people among its records it
    may not count (None: a figure of people not resting on a fact): the rules of
    services.figure_bases.FigureBases, given the cases the audience may not see."""
    status = fq.status_facts(conn, as_of, statuses)
    deaths: list[Fact] = [(p, e, lv) for e, p, lv in bases.deaths if p]
    killed: list[Fact] = [(p, e, lv) for e, p, lv in bases.killed if p]
    seen = _facts_seen(conn, audience, [*status, *deaths, *killed])
    # a person's spans never overlap: one fact each, and every person counted in a stock
    # figure has one
    in_status = {p for p, e, _ in status if not seen(p, e)}
    died = {p for p, _, _ in deaths} - {p for p, e, _ in deaths if seen(p, e)}
    dead_by_killing = {p for p, _, _ in killed} - {p for p, e, _ in killed if seen(p, e)}
    rows = bases.prosecutions
    ever = set(compress(rows.people, rows.opened))
    ever_convicted = set(compress(rows.people, rows.convicted))
    # a person is counted among the prosecuted (convicted) for a case of theirs the audience
    # may see opened (and convicted) by the day
    if cases:
        shown = [o and c not in cases for o, c in zip(rows.opened, rows.cases, strict=True)]
    else:
        shown = rows.opened
    both = [s and v for s, v in zip(shown, rows.convicted, strict=True)]
    chosen = {
        "cumulative.people_prosecuted": ever - set(compress(rows.people, shown)),
        "cumulative.people_convicted": ever_convicted - set(compress(rows.people, both)),
        "cumulative.people_died": died,
        "cumulative.people_killed": dead_by_killing,
    }

    def rule(key: str) -> tuple[str, set[str]] | None:
        if key in chosen:
            return key, chosen[key]
        return ("stock", in_status) if key.startswith("stock.") else None

    return rule


def _facts_seen(
    conn: Connection, audience: Audience, facts: Sequence[Fact]
) -> Callable[[str, str], bool]:
    """`seen(person, event)`: the audience may see the event a fact rests on and the person's
    place among its parties (as services.figure_bases.events_seen)."""
    marks = fq.party_marks(conn)
    levels = {level for _, _, level in facts if level is not None}
    seen_levels = {level for level in levels if audience.sees(level)}
    shown = {e for _, e, level in facts if level in seen_levels}
    marked = sorted(e for e in shown if e in marks)
    places = level_queries.party_places(conn, marked) if marked else {}

    def seen(pid: str, eid: str) -> bool:
        if eid not in shown:
            return False
        own = marks.get(eid)
        if own is None:
            return True
        return all(audience.sees(own.get(f"{PARTY}{q}")) for q in places.get((eid, pid), ()))

    return seen
