"""Cases, organisations, officials and sources: lists and one record each."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from docket.services import catalogue
from docket.web.access import Viewer, web_state
from docket.web.render import page

router = APIRouter()
PageNo = Annotated[int, Query(alias="page", ge=1, le=100_000)]


@router.get("/cases", response_class=HTMLResponse)
def cases(request: Request, reader: Viewer, number: PageNo = 1) -> HTMLResponse:
    found = catalogue.list_cases(web_state(request).store, visible=reader.visible, page=number)
    return page(request, "list.html", kind="case", listing=found)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case(request: Request, case_id: str, reader: Viewer) -> HTMLResponse:
    found = catalogue.case_page(
        web_state(request).store,
        case_id,
        visible=reader.visible,
        with_history=reader.user is not None,
    )
    return page(request, "case.html", c=found)


@router.get("/organisations", response_class=HTMLResponse)
def organisations(
    request: Request,
    reader: Viewer,
    number: PageNo = 1,
    kind: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    found = catalogue.list_organisations(
        web_state(request).store, visible=reader.visible, kind=kind or None, page=number
    )
    return page(request, "list.html", kind="organisation", listing=found)


@router.get("/organisations/{organisation_id}", response_class=HTMLResponse)
def organisation(request: Request, organisation_id: str, reader: Viewer) -> HTMLResponse:
    found = catalogue.organisation_page(
        web_state(request).store, organisation_id, visible=reader.visible
    )
    return page(request, "organisation.html", o=found)


@router.get("/officials", response_class=HTMLResponse)
def officials(request: Request, reader: Viewer, number: PageNo = 1) -> HTMLResponse:
    found = catalogue.list_officials(web_state(request).store, visible=reader.visible, page=number)
    return page(request, "list.html", kind="official", listing=found)


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, reader: Viewer, number: PageNo = 1) -> HTMLResponse:
    found = catalogue.list_sources(web_state(request).store, visible=reader.visible, page=number)
    return page(request, "list.html", kind="source", listing=found)


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source(request: Request, source_id: str, reader: Viewer) -> HTMLResponse:
    found = catalogue.source_page(
        web_state(request).store,
        source_id,
        visible=reader.visible,
        with_history=reader.user is not None,
    )
    return page(request, "source.html", s=found)
