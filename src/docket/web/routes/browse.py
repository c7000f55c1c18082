"""Home, people, a person's page, search, and the language switch."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from docket.services import audit, browsing, people
from docket.web import cached, cookies, params
from docket.web.access import Anyone, Reader, Viewer, web_state
from docket.web.render import page

router = APIRouter()
Text = Annotated[str | None, Query(max_length=200)]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, reader: Viewer, as_of: Text = None) -> HTMLResponse:
    return cached.rendered(request, reader, lambda: _home(request, reader, as_of))


def _home(request: Request, reader: Reader, as_of: str | None) -> HTMLResponse:
    state = web_state(request)
    day = params.day(as_of)
    found = browsing.home(
        state.store,
        as_of=day,
        visible=reader.visible,
        months=state.options.attention_months,
        cache=state.cache,
    )
    changes = audit.list_log(state.store, limit=10, visible=reader.visible) if reader.user else []
    return page(
        request, "home.html", home=found, changes=changes, months=state.options.attention_months
    )


@router.get("/people", response_class=HTMLResponse)
def people_list(
    request: Request,
    reader: Viewer,
    as_of: Text = None,
    status: Text = None,
    recognition: Text = None,
    article: Text = None,
    organisation: Text = None,
    region: Text = None,
    name: Text = None,
    sort: Annotated[str, Query(max_length=20)] = "name",
    desc: bool = False,
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    chosen = {"status": status, "recognition": recognition, "article": article}
    chosen |= {"organisation": organisation, "region": region, "name": name}
    return cached.rendered(
        request,
        reader,
        lambda: _people_list(request, reader, as_of, chosen, sort, desc, page_number),
    )


def _people_list(
    request: Request,
    reader: Reader,
    as_of: str | None,
    chosen: dict[str, str | None],
    sort: str,
    desc: bool,
    page_number: int,
) -> HTMLResponse:
    state = web_state(request)
    status, recognition = chosen["status"], chosen["recognition"]
    wanted = params.people_filter(
        state.store.vocab,
        as_of=params.day(as_of),
        status=status,
        recognition=recognition,
        article=chosen["article"],
        organisation=chosen["organisation"],
        region=chosen["region"],
        name=chosen["name"],
    )
    found = cached.list_people(
        state, wanted, visible=reader.visible, sort=sort, descending=desc, page=page_number
    )
    query = {k: v for k, v in request.query_params.items() if k != "page"}
    return page(
        request,
        "people.html",
        found=found,
        status=status or "",
        recognition=recognition or "",
        sort=sort,
        desc=desc,
        query=query,
    )


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person(request: Request, person_id: str, reader: Viewer, as_of: Text = None) -> HTMLResponse:
    return cached.rendered(request, reader, lambda: _person(request, person_id, reader, as_of))


def _person(request: Request, person_id: str, reader: Reader, as_of: str | None) -> HTMLResponse:
    found = cached.person_page(
        web_state(request),
        person_id,
        as_of=params.day(as_of),
        visible=reader.visible,
        with_history=reader.user is not None,
    )
    record = found.record
    shown = [c for c in record.all_citations() if c.source_id in record.sources]
    numbers = people.number_sources(shown)
    return page(request, "person.html", found=found, r=record, numbers=numbers)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, reader: Viewer, q: Text = None) -> HTMLResponse:
    return cached.rendered(request, reader, lambda: _search(request, reader, q))


def _search(request: Request, reader: Reader, q: str | None) -> HTMLResponse:
    state = web_state(request)
    hits = cached.search(state, q, visible=reader.visible) if q else []
    return page(request, "search.html", q=q or "", hits=hits)


@router.get("/language")
def language(
    request: Request, reader: Anyone, lang: Annotated[str, Query(max_length=5)], next: Text = None
) -> RedirectResponse:
    """Choose the language of the interface (a cookie), then go back to the page."""
    response = RedirectResponse(local_path(next), status_code=303)
    cookies.set_language(request, response, lang)
    return response


def local_path(target: str | None) -> str:
    """A path on this site to go to next, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target if urlparse(target).netloc == "" else "/"
