"""Forms to add and edit people, sources, events, recognitions, claims and cases, and to add a
relation between two people (editors).

A refused form comes back with each problem next to its field and nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from docket.errors import ValidationFailed
from docket.services import case_editing, editing
from docket.web import forms
from docket.web.access import Editor, web_state
from docket.web.render import language_of, page

router = APIRouter()
# kind -> the path its forms live under
PATHS = {
    "person": "people",
    "source": "sources",
    "event": "events",
    "recognition": "recognitions",
    "claim": "claims",
    "case": "cases",
}
# what a new record can be started with, from the query (e.g. /events/new?person=ID)
_PREFILL = {"event": ("person", "victims"), "recognition": ("person", "person")}


def _where_to(saved: editing.Saved, record: dict[str, Any]) -> str:
    """The page that shows a saved record."""
    if saved.kind == "person":
        return f"/people/{saved.id}"
    if saved.kind == "source":
        return f"/sources/{saved.id}"
    if saved.kind == "case":
        return f"/cases/{saved.id}"
    if saved.kind == "recognition":
        return f"/people/{record.get('person')}"
    if saved.kind == "event":
        victims = [p["person"] for p in record.get("parties", []) if p.get("person")]
        if victims:
            return f"/people/{victims[0]}"
        if record.get("case"):
            return f"/cases/{record['case']}"
    return "/"


def _form(
    request: Request, kind: str, values: dict[str, str], record_id: str | None, status: int = 200,
    errors: tuple[dict[str, list[str]], list[str]] = ({}, []), version: str | None = None,
) -> HTMLResponse:  # fmt: skip
    if kind == "relation":
        action = f"/people/{record_id}/relations/new"
    else:
        action = f"/{PATHS[kind]}/{record_id}/edit" if record_id else f"/{PATHS[kind]}/new"
    return page(
        request,
        "form.html",
        status_code=status,
        kind=kind,
        record_id=record_id,
        action=action,
        values=values,
        fields=forms.FIELDS[kind],
        choices=forms.choices(kind, web_state(request).store.vocab, language_of(request)),
        errors=errors[0],
        general=errors[1],
        textareas=forms.TEXTAREAS,
        required=forms.REQUIRED[kind],
        version=version,
    )


async def _submit(request: Request, reader: Any, kind: str, record_id: str | None) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf"}
    return await run_in_threadpool(_save, request, reader, kind, record_id, form)


def _save(
    request: Request, reader: Any, kind: str, record_id: str | None, form: dict[str, str]
) -> Response:
    # the record as the form was opened on it: a save is refused if it changed since
    version = form.pop("version", None) or None
    record = forms.to_record(kind, form)
    store = web_state(request).store
    try:
        if kind == "case":
            saved = case_editing.save_case(
                store, record, actor=reader.name, case_id=record_id, version=version
            )
        elif kind == "relation":
            assert record_id is not None
            saved = case_editing.add_relation(store, record_id, record, actor=reader.name)
        else:
            saved = editing.save(
                store, kind, record, actor=reader.name, record_id=record_id, version=version
            )
    except ValidationFailed as refused:
        errors = forms.field_errors(kind, refused.problems)
        return _form(request, kind, form, record_id, 400, errors, version)
    return RedirectResponse(_where_to(saved, record), status_code=303)


def _add_routes(kind: str) -> None:
    base = f"/{PATHS[kind]}"

    def new_form(request: Request, reader: Editor) -> HTMLResponse:
        values = {name: "" for name in forms.FIELDS[kind]}
        if kind in _PREFILL:
            param, name = _PREFILL[kind]
            values[name] = request.query_params.get(param, "")[:128]
        values["sensitivity"] = "internal" if "sensitivity" in values else ""
        return _form(request, kind, values, None)

    async def add(request: Request, reader: Editor) -> Response:
        return await _submit(request, reader, kind, None)

    def edit_form(request: Request, record_id: str, reader: Editor) -> HTMLResponse:
        store = web_state(request).store
        if kind == "case":
            current = case_editing.current_case(store, record_id)
        else:
            current = editing.current(store, kind, record_id)
        version = editing.version_of(current)
        return _form(request, kind, forms.to_form(kind, current), record_id, version=version)

    async def change(request: Request, record_id: str, reader: Editor) -> Response:
        return await _submit(request, reader, kind, record_id)

    handlers: list[tuple[str, str, Callable[..., Any]]] = [
        ("GET", f"{base}/new", new_form),
        ("POST", f"{base}/new", add),
        ("GET", f"{base}/{{record_id}}/edit", edit_form),
        ("POST", f"{base}/{{record_id}}/edit", change),
    ]
    for method, path, handler in handlers:
        router.add_api_route(
            path,
            handler,
            methods=[method],
            name=f"{kind}.{handler.__name__}",
            response_model=None,
        )


for _kind in PATHS:
    _add_routes(_kind)


@router.get("/people/{person_id}/relations/new", response_class=HTMLResponse)
def new_relation(request: Request, person_id: str, reader: Editor) -> HTMLResponse:
    """A relation of this person to another (brother, associate, lawyer...)."""
    editing.current(web_state(request).store, "person", person_id)  # NotFound when absent
    values = {"kind": "", "person": request.query_params.get("other", "")[:128], "sources": ""}
    return _form(request, "relation", values, person_id)


@router.post("/people/{person_id}/relations/new", response_model=None)
async def add_relation(request: Request, person_id: str, reader: Editor) -> Response:
    return await _submit(request, reader, "relation", person_id)
