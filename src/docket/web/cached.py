"""The pages' reads, kept in the application's result cache until the data changes.

Each entry is keyed by everything the result depends on, the reader's audience (the
sensitivities they may see) among them, so a result computed for an editor is never served to a
viewer or the public. The cache dates each entry by the store's data stamp (the newest audit
entry and dataset load, `services.browsing.ResultCache`), so any write, in this process, another
worker or a `docket load`, makes every entry stale. Rendering stays per request: what a page
shows of a cached result that depends on the reader's role (source notes, history) is decided by
the route and the template, from keys that include it.
"""

from __future__ import annotations

from datetime import date

from docket.services import browsing, finding
from docket.services.browsing import PeopleFilter, PeopleList, PersonPage
from docket.services.finding import Hit
from docket.web.state import WebState


def person_page(
    state: WebState, person_id: str, *, as_of: date, visible: frozenset[str], with_history: bool
) -> PersonPage:
    key = ("person", person_id, as_of, visible, with_history)
    return state.cache.get(
        state.store,
        key,
        lambda: browsing.person_page(
            state.store, person_id, as_of=as_of, visible=visible, with_history=with_history
        ),
    )


def list_people(
    state: WebState,
    wanted: PeopleFilter,
    *,
    visible: frozenset[str],
    sort: str,
    descending: bool,
    page: int,
) -> PeopleList:
    key = ("people", wanted, visible, sort, descending, page)
    return state.cache.get(
        state.store,
        key,
        lambda: browsing.list_people(
            state.store,
            wanted,
            visible=visible,
            sort=sort,
            descending=descending,
            page=page,
            cache=state.cache,
        ),
    )


def search(state: WebState, text: str, *, visible: frozenset[str]) -> list[Hit]:
    # Until the name index is built, search falls back to full text: its results differ.
    ready = state.finder.built is not None
    key = ("search", " ".join(text.split())[:200], visible, ready)
    return state.cache.get(
        state.store, key, lambda: finding.search(state.store, state.finder, text, visible=visible)
    )
