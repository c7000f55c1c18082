"""Deployments, laws and the internet-freedom page (disruptions, OONI, takedowns): lists and
one record each, as the reader's audience may see them; served on the public site too."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from docket.domain.sensitivity import Audience
from docket.services import surveillance
from docket.services.surveillance_view import deployment_view, internet_page, law_view
from docket.web.access import Reader, Viewer, web_state
from docket.web.render import language_of, page

router = APIRouter()
Country = Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")]


def _audience(reader: Reader) -> Audience:
    return Audience.reading(reader.visible)


@router.get("/deployments", response_class=HTMLResponse)
def deployments(request: Request, reader: Viewer) -> HTMLResponse:
    store = web_state(request).store
    record = surveillance.read_digital(store, _audience(reader), disruptions=[], laws=[])
    lang = language_of(request)
    views = [deployment_view(d, record, lang) for d in record.deployments]
    return page(request, "deployments.html", deployments=views)


@router.get("/deployments/{deployment_id}", response_class=HTMLResponse)
def deployment(request: Request, deployment_id: str, reader: Viewer) -> HTMLResponse:
    store = web_state(request).store
    record = surveillance.get_deployment(store, deployment_id, _audience(reader))
    view = deployment_view(record.deployments[0], record, language_of(request))
    return page(request, "deployment.html", d=view)


@router.get("/laws", response_class=HTMLResponse)
def laws(request: Request, reader: Viewer) -> HTMLResponse:
    store = web_state(request).store
    record = surveillance.read_digital(store, _audience(reader), deployments=[], disruptions=[])
    lang = language_of(request)
    return page(request, "laws.html", laws=[law_view(x, record, lang) for x in record.laws])


@router.get("/laws/{law_id}", response_class=HTMLResponse)
def law(request: Request, law_id: str, reader: Viewer) -> HTMLResponse:
    store = web_state(request).store
    record = surveillance.get_law(store, law_id, _audience(reader))
    return page(request, "law.html", law=law_view(record.laws[0], record, language_of(request)))


@router.get("/internet", response_class=HTMLResponse)
def internet(request: Request, reader: Viewer, country: Country = None) -> HTMLResponse:
    found = internet_page(
        web_state(request).store, _audience(reader), country=country, lang=language_of(request)
    )
    return page(request, "internet.html", i=found)
