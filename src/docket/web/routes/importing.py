"""Import a table through the import service: upload, mapping, dry-run preview, commit."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from docket.errors import DocketError, Problem, ValidationFailed
from docket.services import audit, importing
from docket.services.import_report import ImportReport
from docket.web.access import Editor, web_state
from docket.web.render import page

router = APIRouter()
SUFFIXES = {".csv", ".xlsx", ".ods"}
MAX_BYTES = 50 * 1024 * 1024
Token = Annotated[str, Form(max_length=80, pattern=r"^[0-9a-f]{64}\.(csv|xlsx|ods)$")]
MappingText = Annotated[str, Form(max_length=200_000)]


def _folder(request: Request) -> Path:
    folder = web_state(request).store.settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, reader: Editor) -> HTMLResponse:
    return page(request, "import.html", step="upload", error=None)


@router.post("/import/upload", response_class=HTMLResponse)
async def upload(request: Request, reader: Editor, table: UploadFile) -> Response:
    suffix = Path(table.filename or "").suffix.lower()
    data = await table.read(MAX_BYTES + 1)
    if suffix not in SUFFIXES or len(data) > MAX_BYTES or not data:
        error = "Upload a CSV, XLSX or ODS file of at most 50 MB."
        return page(request, "import.html", status_code=400, step="upload", error=error)
    token = hashlib.sha256(data).hexdigest() + suffix
    path = _folder(request) / token
    path.write_bytes(data)
    mapping = await run_in_threadpool(importing.propose, web_state(request).store, path)
    return page(
        request,
        "import.html",
        step="mapping",
        token=token,
        name=table.filename,
        mapping=mapping,
        error=None,
    )


def _run(
    request: Request, token: str, mapping_text: str, *, dry_run: bool, actor: str
) -> ImportReport:
    store = web_state(request).store
    path = _folder(request) / token
    if not path.exists():
        raise ValidationFailed(
            [Problem("the uploaded file is gone; upload it again", field="table")]
        )
    mapping_file = path.with_suffix(path.suffix + ".mapping.yaml")
    mapping_file.write_text(mapping_text, "utf-8")
    mapping = importing.read_mapping(store, mapping_file)
    report = importing.import_table(store, path, mapping, mapping_label="web", dry_run=dry_run)
    if not dry_run:
        counts = {k: v for k, v in report.created.items()}
        audit.record(
            store,
            actor=actor,
            action="import",
            record_type="dataset",
            record_id=report.dataset_id,
            after={
                "file": report.file,
                "sha256": report.sha256,
                "created": counts,
                "linked": report.linked,
                "to_review": report.to_review,
            },
        )
    return report


@router.post("/import/preview", response_class=HTMLResponse)
def preview(request: Request, reader: Editor, token: Token, mapping: MappingText) -> HTMLResponse:
    try:
        report = _run(request, token, mapping, dry_run=True, actor=reader.name)
    except DocketError as refused:
        return page(
            request,
            "import.html",
            status_code=400,
            step="mapping",
            token=token,
            name=token,
            mapping=mapping,
            error=refused.message,
        )
    return page(
        request,
        "import.html",
        step="preview",
        token=token,
        mapping=mapping,
        report=report,
        error=None,
    )


@router.post("/import/commit")
def commit(request: Request, reader: Editor, token: Token, mapping: MappingText) -> Response:
    try:
        _run(request, token, mapping, dry_run=False, actor=reader.name)
    except DocketError as refused:
        return page(
            request,
            "import.html",
            status_code=400,
            step="mapping",
            token=token,
            name=token,
            mapping=mapping,
            error=refused.message,
        )
    return RedirectResponse("/review", status_code=303)
