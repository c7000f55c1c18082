"""Make a briefing: read the record, select what may be shown, build and write the document."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from docket.errors import Problem, ValidationFailed
from docket.reports.briefing import build_briefing, load_config
from docket.reports.context import BriefingContext
from docket.reports.document import FORMATS, render_briefing
from docket.reports.scope import Scope, select_records
from docket.reports.text import Messages, load_messages
from docket.services.archived_copies import link_archived_copies
from docket.services.digital_briefing import with_digital_sections
from docket.services.store import Store
from docket.storage.report_queries import Snapshot, read_snapshot


@dataclass(frozen=True, slots=True)
class BriefingRequest:
    as_of: date
    since: date | None = None  # default: a year before as_of
    country: str | None = None
    lang: str = "en"
    public_only: bool = False
    generated_at: datetime | None = None  # default: now (UTC); fix it for identical files
    templates: Path | None = None  # a team's templates folder, searched before the shipped one

    def period_start(self) -> date:
        return self.since or (self.as_of - timedelta(days=365))


@contextmanager
def _bulk() -> Iterator[None]:
    """No cyclic garbage collection while the whole record is built and read: the collector
    would walk the million objects it is made of again and again, and they hold no cycles to
    collect. It runs as before when the briefing is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_record(store: Store) -> Snapshot:
    with store.read() as conn:
        return read_snapshot(conn)


def prepare_briefing(
    store: Store,
    request: BriefingRequest,
    snapshot: Snapshot | None = None,
    t: Messages | None = None,
) -> BriefingContext:
    """The briefing's report context as of the day (no file written)."""
    since = request.period_start()
    if since > request.as_of:
        raise ValidationFailed(
            [Problem(f"--since {since} is after --as-of {request.as_of}", field="--since")]
        )
    with _bulk():
        return _prepare(store, request, since, snapshot, t)


def _prepare(
    store: Store,
    request: BriefingRequest,
    since: date,
    snapshot: Snapshot | None,
    t: Messages | None,
) -> BriefingContext:
    t = t or load_messages(request.lang, request.templates)
    config = load_config(request.templates)
    snapshot = snapshot or read_record(store)
    scope = Scope(public_only=request.public_only, country=request.country)
    selection = select_records(snapshot.records, snapshot.jurisdictions, scope)
    context = build_briefing(
        selection,
        store.vocab,
        t,
        as_of=request.as_of,
        since=since,
        scope=scope,
        generated_at=request.generated_at or datetime.now(UTC).replace(microsecond=0),
        claim_window_days=store.settings.claim_window_days,
        datasets=snapshot.datasets,
        config=config,
    )
    context = with_digital_sections(store, request, context)  # internet, surveillance, laws
    link_archived_copies(store, context.sources)  # footnotes of gone pages: the archived copy
    return context


def write_briefing(store: Store, request: BriefingRequest, *, fmt: str, path: Path) -> list[Path]:
    """Write the briefing as Markdown, HTML or PDF; returns every file written."""
    if fmt not in FORMATS:
        raise ValidationFailed(
            [Problem(f"unknown format '{fmt}' (one of: {', '.join(FORMATS)})", field="--format")]
        )
    t = load_messages(request.lang, request.templates)
    with _bulk():  # laying out the PDF makes hundreds of thousands of objects too
        context = prepare_briefing(store, request, t=t)
        return render_briefing(context, fmt, path, t=t, templates=request.templates)
