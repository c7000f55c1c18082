"""Write a report context as Markdown, HTML or PDF (charts beside the Markdown, inside the rest)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from docket.reports.charts import draw_charts
from docket.reports.context import BriefingContext, ChartData
from docket.reports.footnotes import number_footnotes
from docket.reports.pdf import html_to_pdf
from docket.reports.templating import make_environment, render_template
from docket.reports.text import Messages, ReportError

FORMATS = ("md", "html", "pdf")
_XML_PROLOGUE = re.compile(r"^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", re.S)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as err:
        raise ReportError(f"Cannot write {path}: {err.strerror or err}") from err


def render_document(
    kind: str,
    context: Any,
    fmt: str,
    path: Path,
    *,
    t: Messages,
    templates: Path | None = None,
    charts: ChartData | None = None,
    extra: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Render `kind` ("briefing", "dossier") to `path`; returns every file written."""
    if fmt not in FORMATS:
        raise ReportError(f"Unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}.")
    sources = getattr(context, "sources", {})
    notes = number_footnotes(context, sources)
    env = make_environment(templates)
    values: dict[str, Any] = {"c": context, "notes": notes.notes, **(extra or {})}
    written: list[Path] = []
    images: dict[str, bytes] = {}
    if charts is not None:
        images = draw_charts(charts, "png" if fmt == "pdf" else "svg")
    if fmt == "md":
        files = {}
        for name, data in images.items():
            target = path.with_name(f"{path.stem}-{name}.svg")
            _write(target, data)
            written.append(target)
            files[name] = target.name
        values["charts"] = files
    elif fmt == "html":
        values["charts"] = {
            name: Markup(_XML_PROLOGUE.sub("", data.decode("utf-8")))
            for name, data in images.items()
        }
    else:
        values["charts"] = {name: f"chart:{name}" for name in images}
    template = f"{kind}.{'pdf.html' if fmt == 'pdf' else fmt}.j2"
    text = render_template(env, template, fmt=fmt, t=t, notes=notes, values=values)
    if fmt == "pdf":
        title = getattr(context, "title", kind)
        footer = f"{title} — {t.day(context.as_of)}" if hasattr(context, "as_of") else title
        data = html_to_pdf(text, title=title, footer=footer, images=images)
    else:
        data = text.encode("utf-8")
    _write(path, data)
    return [path, *written]


def render_briefing(
    context: BriefingContext,
    fmt: str,
    path: Path,
    *,
    t: Messages,
    templates: Path | None = None,
) -> list[Path]:
    return render_document(
        "briefing", context, fmt, path, t=t, templates=templates, charts=context.charts
    )
