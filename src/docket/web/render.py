"""Templates: one Jinja2 environment with gettext, and `page()` to render one for a request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from docket.domain.sensitivity import Audience
from docket.services.field_sealing import open_for
from docket.web import i18n
from docket.web.access import get_reader, web_state

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def make_templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(i18n.filters())
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def language_of(request: Request) -> str:
    return i18n.choose_language(
        request.cookies.get("docket_lang"), request.headers.get("accept-language")
    )


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a template for this request, with the reader, language and vocabulary."""
    state = web_state(request)
    lang = language_of(request)
    i18n.current_language.set(lang)
    reader = get_reader(request)
    # values sealed in a PostgreSQL store are opened for readers who may see them (editors)
    context = open_for(state.store, context, Audience.reading(reader.visible))
    html = state.templates.get_template(template).render(
        request=request,
        reader=reader,
        lang=lang,
        vocab=state.store.vocab,
        public_site=state.options.public,
        path=request.url.path,
        **context,
    )
    return HTMLResponse(html, status_code=status_code)
