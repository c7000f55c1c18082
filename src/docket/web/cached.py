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

from collections.abc import Callable
from datetime import date

from fastapi import Request
from fastapi.responses import HTMLResponse

from docket.services import browsing, finding
from docket.services.browsing import PeopleFilter, PeopleList, PersonPage
from docket.services.finding import Hit
from docket.web.access import Reader, web_state
from docket.web.render import language_of
from docket.web.state import WebState


def rendered(request: Request, reader: Reader, render: Callable[[], HTMLResponse]) -> HTMLResponse:
    """The page as rendered before for this same session (or, on the public site, for any
    anonymous reader), language and address, while the data is unchanged; else `render()`.

    The key holds everything a page shows besides the data: the session (its account, role
    and CSRF token), the language, the whole address, today's date (the default as-of day)
    and whether the name index is built. Data are checked by the cache's data stamp, so a
    write anywhere makes every page stale. Refusals (not found, bad input) are raised, never
    kept."""
    state = web_state(request)
    key = (
        "html",
        request.url.path,
        request.url.query,
        reader.token_hash,
        reader.role,
        reader.user.id if reader.user else None,
        reader.public_site,
        language_of(request),
        date.today(),
        state.finder.built is not None,
    )

    def compute() -> tuple[int, bytes]:
        response = render()
        return response.status_code, bytes(response.body)

    status, body = state.pages.get(state.store, key, compute)
    return HTMLResponse(body, status_code=status)


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
