"""The review queue of likely duplicates, merge and its undo."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from docket.services import browsing, editing, finding
from docket.web.access import Editor, web_state
from docket.web.render import page

router = APIRouter()
Id = Annotated[str, Form(max_length=128)]


@router.get("/review", response_class=HTMLResponse)
def queue(request: Request, reader: Editor) -> HTMLResponse:
    state = web_state(request)
    found = finding.review_queue(state.store, state.finder, visible=reader.visible)
    return page(request, "review.html", candidates=found)


@router.get("/review/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    reader: Editor,
    a: Annotated[str, Query(max_length=128)],
    b: Annotated[str, Query(max_length=128)],
) -> HTMLResponse:
    store = web_state(request).store
    pages = [
        browsing.person_page(
            store, pid, as_of=date.today(), visible=reader.visible, with_history=False
        )
        for pid in (a, b)
    ]
    return page(request, "compare.html", pages=pages)


@router.post("/review/merge")
def merge(request: Request, reader: Editor, keep: Id, merge: Id) -> RedirectResponse:
    editing.merge_people(web_state(request).store, keep=keep, merge=merge, actor=reader.name)
    return RedirectResponse(f"/people/{keep}", status_code=303)


@router.post("/review/dismiss")
def dismiss(request: Request, reader: Editor, a: Id, b: Id) -> RedirectResponse:
    editing.dismiss_duplicate(web_state(request).store, a, b, actor=reader.name)
    return RedirectResponse("/review", status_code=303)


@router.post("/review/undo/{seq}")
def undo(request: Request, seq: int, reader: Editor) -> RedirectResponse:
    saved = editing.undo_merge(web_state(request).store, seq, actor=reader.name)
    return RedirectResponse(f"/people/{saved.id}", status_code=303)
