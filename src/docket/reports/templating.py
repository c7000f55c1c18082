"""Jinja2 templates a team can change without touching code.

Templates are looked up first in the team's folder (`--templates DIR`), then in the shipped
`docket/reports/templates`. HTML-like templates (`*.html.j2`) escape every value; Markdown
templates escape with the `md` filter. A broken template is reported with its name and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from docket.domain.source import Citation
from docket.reports.footnotes import Footnotes
from docket.reports.text import Messages, ReportError

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(value: object) -> str:
    """Text safe inside Markdown (and Markdown tables): no accidental emphasis, links or cells."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def _refs_for(fmt: str, notes: Footnotes) -> Callable[[Iterable[Citation]], str]:
    def refs(citations: Iterable[Citation]) -> str:
        numbers = notes.refs(citations)
        if not numbers:
            return ""
        if fmt == "md":
            return "".join(f"[^{n}]" for n in numbers)
        if fmt == "html":
            links = ",".join(f'<a href="#fn{n}">{n}</a>' for n in numbers)
            return Markup(f'<sup class="ref">{links}</sup>')
        return Markup(f"<super>{','.join(str(n) for n in numbers)}</super>")

    return refs


def _cite_for(notes: Footnotes) -> Callable[[Iterable[Citation]], str]:
    """Footnote numbers as plain text, " [1, 3]": for long PDF lists, which lay out far faster
    without inline markup."""

    def cite(citations: Iterable[Citation]) -> str:
        numbers = notes.refs(citations)
        return f" [{', '.join(str(n) for n in numbers)}]" if numbers else ""

    return cite


def make_environment(folder: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if folder is not None:
        if not folder.is_dir():
            raise ReportError(f"The templates folder {folder} does not exist.")
        loaders.append(jinja2.FileSystemLoader(str(folder)))
    loaders.append(jinja2.PackageLoader("docket.reports", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    return env


def render_template(
    env: jinja2.Environment,
    name: str,
    *,
    fmt: str,
    t: Messages,
    notes: Footnotes,
    values: Mapping[str, Any],
) -> str:
    try:
        template = env.get_template(name)
        return template.render(
            t=t,
            fn=notes,
            refs=_refs_for(fmt, notes),
            cite=_cite_for(notes),
            number=t.number,
            **values,
        )
    except jinja2.TemplateSyntaxError as err:
        raise ReportError(f"Template {err.name or name}, line {err.lineno}: {err.message}") from err
    except jinja2.TemplateNotFound as err:
        raise ReportError(f"Template {err.name} was not found.") from err
    except jinja2.UndefinedError as err:
        raise ReportError(
            f"Template {name} uses something the report does not have: {err}"
        ) from err
