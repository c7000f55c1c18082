"""Make sanctions dossiers: one official, or every official a source recommends for sanctions."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from docket import __version__
from docket.domain.sensitivity import Audience
from docket.errors import Conflict, NotFound, Problem, ValidationFailed
from docket.reports.briefing import load_config
from docket.reports.document import FORMATS, render_document
from docket.reports.dossier import DossierContext, build_dossier, load_legal
from docket.reports.index import RecordIndex, index_records
from docket.reports.scope import Scope, select_records
from docket.reports.text import ReportError, load_messages
from docket.services.archived_copies import link_archived_copies
from docket.services.briefing import read_record
from docket.services.redacting import resolve_person_for
from docket.services.store import Store

DOSSIER_FORMATS = (*FORMATS, "json")


@dataclass(frozen=True, slots=True)
class DossierRequest:
    as_of: date
    lang: str = "en"
    public_only: bool = False
    generated_at: datetime | None = None
    templates: Path | None = None


def _check_format(fmt: str) -> None:
    if fmt not in DOSSIER_FORMATS:
        raise ValidationFailed(
            [
                Problem(
                    f"unknown format '{fmt}' (one of: {', '.join(DOSSIER_FORMATS)})",
                    field="--format",
                )
            ]
        )


def _index(store: Store, request: DossierRequest) -> RecordIndex:
    selection = select_records(
        read_record(store).records, {}, Scope(public_only=request.public_only)
    )
    return index_records(selection.records, store.vocab)


def prepare_dossier(
    store: Store, ix: RecordIndex, person_id: str, request: DossierRequest
) -> DossierContext:
    if person_id not in ix.people:
        raise NotFound(
            f"'{person_id}' is not among the records this dossier may show"
            + (" (only records marked public)." if request.public_only else ".")
        )
    context = build_dossier(
        ix,
        person_id,
        load_messages(request.lang, request.templates),
        as_of=request.as_of,
        generated_at=request.generated_at or datetime.now(UTC).replace(microsecond=0),
        legal=load_legal(request.templates),
        archive_hosts=load_config(request.templates).archive_hosts,
        software=f"Docket {__version__}",
    )
    link_archived_copies(store, context.sources)  # footnotes of gone pages: the archived copy
    return context


def _write(
    store: Store, ix: RecordIndex, person_id: str, request: DossierRequest, fmt: str, path: Path
) -> list[Path]:
    context = prepare_dossier(store, ix, person_id, request)
    if fmt == "json":
        # FollowTheMoney loads its whole schema model when imported: only when asked for.
        from docket.reports.ftm import dossier_entities, entities_json

        try:
            path.write_bytes(entities_json(dossier_entities(ix, context)))
        except OSError as err:
            raise ReportError(f"Cannot write {path}: {err.strerror or err}") from err
        return [path]
    t = load_messages(request.lang, request.templates)
    return render_document("dossier", context, fmt, path, t=t, templates=request.templates)


def write_dossier(
    store: Store, official: str, request: DossierRequest, *, fmt: str, path: Path
) -> list[Path]:
    """The dossier of one official (an id or a name), as md, html, pdf or FtM json lines."""
    _check_format(fmt)
    reader = Audience.public if request.public_only else Audience.viewer
    try:  # among the people this dossier may show: a candidate list never names the others
        person_id = resolve_person_for(store, official, reader)
    except NotFound:
        with contextlib.suppress(Conflict):  # names several: never list them here
            resolve_person_for(store, official, Audience.editor)  # "No person matches"
        raise NotFound(
            f"'{official}' is not among the records this dossier may show"
            + (" (only records marked public)." if request.public_only else ".")
        ) from None
    return _write(store, _index(store, request), person_id, request, fmt, path)


def recommended_officials(ix: RecordIndex, as_of: date) -> list[str]:
    return sorted(
        pid for pid, recs in ix.sanctions.items() if any(r.date.hi <= as_of for r in recs)
    )


def write_recommended(
    store: Store, request: DossierRequest, *, fmt: str, folder: Path
) -> list[Path]:
    """One dossier per official a source recommends for sanctions, named by the person's id."""
    _check_format(fmt)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ReportError(f"Cannot create {folder}: {err.strerror or err}") from err
    ix = _index(store, request)
    written: list[Path] = []
    for pid in recommended_officials(ix, request.as_of):
        suffix = "ftm.json" if fmt == "json" else fmt
        written += _write(store, ix, pid, request, fmt, folder / f"{pid}.{suffix}")
    return written
