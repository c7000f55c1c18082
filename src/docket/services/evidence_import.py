"""Import evidence captured elsewhere (a WARC or WACZ from a browser-based archiver, a PDF):
the file is kept as it came, hashed on the way in, its main page's text extracted, timestamped,
and logged as imported by whom, when and from which file."""

from __future__ import annotations

from pathlib import Path

from docket.domain.evidence import (
    IMPORTED,
    ORIGINAL,
    PAYLOAD,
    EvidenceFile,
    EvidenceItem,
    evidence_id,
    sha256_hex,
)
from docket.errors import NotFound, Problem, ValidationFailed
from docket.interchange.evidence_text import extract, media_type
from docket.interchange.warc import (
    WarcError,
    WarcResponse,
    digest_problems,
    read_responses,
    wacz_warcs,
)
from docket.services.evidence_record import actor, files_of, now, save, stamp
from docket.services.store import Store
from docket.storage import evidence_queries

KINDS = {".pdf": "application/pdf", ".warc": "application/warc", ".wacz": "application/wacz"}


def _kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return "application/warc"
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise ValidationFailed(
            [Problem("Docket imports .warc, .warc.gz, .wacz and .pdf files", file=path.name)]
        )
    return kind


def _main_response(responses: list[WarcResponse], url: str | None) -> WarcResponse | None:
    """The page the archive is about: the one at URL, else the first good page or document."""
    if url:
        for r in responses:
            if r.url == url:
                return r
    for r in responses:
        kind = media_type(r.media_type, r.payload)
        if r.status and 200 <= r.status < 300 and kind in ("text/html", "application/pdf"):
            return r
    return responses[0] if responses else None


def import_file(
    store: Store, path: Path, *, source_id: str | None = None, url: str | None = None
) -> tuple[EvidenceItem, str | None]:
    """Import one file; returns the item and why it has no timestamp (None when it has one)."""
    kind = _kind(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ValidationFailed(
            [Problem(f"cannot be read: {err.strerror}", file=path.name)]
        ) from err
    if source_id is not None:
        with store.read() as conn:
            exists, source_address = evidence_queries.source_url(conn, source_id)
        if not exists:
            raise NotFound(f"There is no source '{source_id}'.")
        url = url or source_address
    payload: bytes | None = None
    main: WarcResponse | None = None
    try:
        if kind == "application/warc":
            problems = digest_problems(data)
            if problems:
                raise ValidationFailed([Problem(p, file=path.name) for p in problems[:20]])
            main = _main_response(read_responses(data), url)
        elif kind == "application/wacz":
            responses = []
            for name, warc in wacz_warcs(data):
                problems = digest_problems(warc)
                if problems:
                    raise ValidationFailed(
                        [Problem(p, file=f"{path.name}/{name}") for p in problems]
                    )
                responses += read_responses(warc)
            main = _main_response(responses, url)
        else:
            if not data.lstrip()[:5] == b"%PDF-":
                raise ValidationFailed([Problem("is not a PDF file", file=path.name)])
            payload = data
    except WarcError as err:
        raise ValidationFailed([Problem(str(err), file=path.name)]) from err
    if main is not None:
        payload = main.payload
    at = now()
    files = files_of(store)
    original_sha = files.put(data)
    stored = [EvidenceFile(ORIGINAL, original_sha, len(data), kind, path.name)]
    content_type = main.media_type if main else kind
    page_kind = media_type(content_type, payload or b"")
    if payload is not None and kind != "application/pdf":
        stored.append(EvidenceFile(PAYLOAD, files.put(payload), len(payload), page_kind))
    extracted = extract(payload or b"", content_type, url=main.url if main else url)
    stamped = stamp(store, data)
    who = actor(store)
    item = EvidenceItem(
        id=evidence_id(original_sha),
        method=IMPORTED,
        url=(main.url if main else None) or url,
        final_url=main.url if main else None,
        http_status=main.status if main else None,
        captured_at=_warc_time(main) or at,
        captured_by=who,
        media_type=page_kind,
        title=extracted.title,
        text=extracted.text,
        source_id=source_id,
        note=extracted.note,
        files=tuple(stored),
        timestamps=(stamped.timestamp,) if stamped.timestamp else (),
    )
    save(
        store,
        item,
        action="imported",
        details={"file": path.name, "file_sha256": sha256_hex(data), "source_id": source_id},
    )
    return item, stamped.why_not


def _warc_time(main: WarcResponse | None) -> str | None:
    if main is None or not main.date:
        return None
    return main.date.replace("Z", "+00:00")
