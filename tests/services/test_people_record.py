"""A person's record read in a few queries (storage.person_record_queries) is the record read
table by table with the general queries of storage.people_queries, for every person of the
fictional dataset (and one with the hidden facts of the status redaction tests); the page's
visibility read with the redaction is what the store answers kind by kind."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Connection, event, text

from docket.domain.sensitivity import Audience
from docket.errors import NotFound
from docket.services import people, redacting
from docket.services.loading import load_dataset
from docket.services.store import Store
from docket.storage import browse_queries as bq
from docket.storage import people_queries as q
from tests.conftest import FICTIONAL
from tests.security.test_status_redaction import hidden_facts  # noqa: F401 (a fixture)

DAY = date(2021, 10, 26)


def _table_by_table(conn: Connection, store: Store, pid: str) -> people.PersonRecord:
    """The record as the person page read it before: one general query per table and kind."""
    kinds = store.vocab.event_kinds
    events = sorted(
        q.events_where(conn, q.event_ids_of_person(conn, pid)),
        key=lambda e: (*e.date.sort_key(), kinds[e.kind].order, e.id),
    )
    affiliations, relations = q.person_links(conn, pid)
    spans = q.spans_of(conn, pid)
    record = people.PersonRecord(
        person=q.people_by_ids(conn, [pid])[pid],
        as_of=DAY,
        spans=spans,
        status=people.status_on(spans, DAY),
        events=events,
        cases=sorted(q.cases_of_person(conn, pid), key=lambda c: c.case_id),
        recognitions=q.recognitions_of(conn, [pid]).get(pid, []),
        affiliations=affiliations,
        relations=relations,
        positions=q.positions_of(conn, pid),
        sanctions=q.sanctions_of(conn, pid),
    )
    people_ids = {p.person_id for e in events for p in e.parties if p.person_id}
    org_ids = {p.organisation_id for e in events for p in e.parties if p.organisation_id}
    org_ids |= {a.organisation_id for a in affiliations}
    org_ids |= {r.organisation_id for r in record.recognitions}
    org_ids |= {s.organisation_id for s in record.sanctions}
    org_ids |= {c for case in record.cases for c in case.court_ids}
    record.people = q.person_names(conn, sorted(people_ids | {r.person_id for r in relations}))
    record.organisations = q.organisation_names(conn, sorted(org_ids))
    cited = sorted({c.source_id for c in record.all_citations()})
    record.sources = q.sources_by_ids(conn, cited)
    return record


@pytest.fixture
def fictional(store: Store) -> Store:
    load_dataset(store, FICTIONAL)
    return store


def _people(store: Store) -> list[str]:
    with store.read() as conn:
        return sorted(conn.scalars(text("SELECT id FROM person")))


def _same_record(store: Store) -> None:
    ids = _people(store)
    assert len(ids) >= 7
    for pid in ids:
        read = people.get_person_record(store, pid, as_of=DAY)
        with store.read() as conn:
            reference = _table_by_table(conn, store, pid)
        assert read == reference, pid


def test_the_record_is_the_one_read_table_by_table(fictional: Store) -> None:
    _same_record(fictional)
    record = people.get_person_record(fictional, "aigerim-nurlanova", as_of=DAY)
    assert record.events and record.sources and record.people  # a record with something in it


def test_the_record_with_hidden_facts_is_the_one_read_table_by_table(
    hidden_facts: Store,  # noqa: F811
) -> None:
    _same_record(hidden_facts)


def test_the_record_is_read_in_a_few_queries(fictional: Store) -> None:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(fictional.engine, "before_cursor_execute", count)
    try:
        people.get_person_record(fictional, "aigerim-nurlanova", as_of=DAY)
    finally:
        event.remove(fictional.engine, "before_cursor_execute", count)
    # the id, the person and names, spans, events, parties, charges, cases, recognitions,
    # affiliations, relations both ways, posts, sanctions, citations, names, sources
    assert len(statements) <= 18, statements


@pytest.mark.parametrize("audience", [Audience.public, Audience.viewer, Audience.editor])
def test_what_the_page_may_show_is_read_with_the_redaction(
    hidden_facts: Store,  # noqa: F811
    audience: Audience,
) -> None:
    for pid in _people(hidden_facts):
        record = people.get_person_record(hidden_facts, pid, as_of=DAY)
        try:
            shown, seen = redacting.person_record_seen(hidden_facts, record, audience)
        except NotFound:
            continue
        assert shown == redacting.person_record_for(hidden_facts, record, audience)
        mentioned = {
            "event": [e.id for e in record.events],
            "case": [c.case_id for c in record.cases],
            "person": sorted(record.people),
            "organisation": sorted(record.organisations),
            "source": sorted(record.sources),
        }
        with hidden_facts.read() as conn:
            for kind, ids in mentioned.items():
                expected = bq.visible_ids(conn, kind, ids, audience.sensitivities)
                assert seen[kind] & set(ids) == expected, (pid, kind)
