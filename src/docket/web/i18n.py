"""UI text in English and Russian (gettext catalogues compiled by Babel), and dates shown with
the precision they have: "2021", "June 2021", "14 June 2021", "on or before 26 October 2021"."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from babel.core import Locale, negotiate_locale
from babel.dates import format_date, format_skeleton
from babel.support import NullTranslations, Translations

from docket.domain.dates import DateError, PartialDate
from docket.domain.vocabulary import Label

LANGUAGES = ("en", "ru")
# English dates written day month year, as briefings for European institutions write them.
_BABEL_LOCALE = {"en": "en_GB", "ru": "ru"}
TRANSLATIONS = Path(__file__).parent / "translations"

current_language: ContextVar[str] = ContextVar("current_language", default="en")


@cache
def translations(lang: str) -> NullTranslations:
    if lang == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS), [lang], domain="messages")


def gettext(message: str) -> str:
    return translations(current_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language.get()).ngettext(singular, plural, n)


def choose_language(cookie: str | None, accept: str | None) -> str:
    """The language from the reader's choice (cookie), else from the browser's header."""
    if cookie in LANGUAGES:
        return cookie
    wanted = [part.split(";")[0].strip().replace("-", "_") for part in (accept or "").split(",")]
    found = negotiate_locale([w for w in wanted if w], list(LANGUAGES), sep="_")
    return found if found in LANGUAGES else "en"


def _locale() -> Locale:
    return Locale.parse(_BABEL_LOCALE[current_language.get()])


def show_date(value: PartialDate | date | str | None) -> str:
    """A date in words, at the precision it has."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        value = PartialDate(value.year, value.month, value.day)
    return _show_date(current_language.get(), value)


@lru_cache(maxsize=8192)
def _show_date(lang: str, value: PartialDate | str) -> str:
    # Babel's formatting is the costliest part of rendering a page of dates: remembered per
    # language and date (the translation of "on or before" is the current language's, `lang`).
    if isinstance(value, str):
        try:
            value = PartialDate.parse(value.split("T", 1)[0])
        except DateError:
            return str(value)
    locale = Locale.parse(_BABEL_LOCALE[lang])
    if value.day is not None:
        text = format_date(value.hi, "long", locale=locale)
    elif value.month is not None:
        text = format_skeleton("yMMMM", value.hi, locale=locale)
    else:
        text = str(value.year)
    if value.on_or_before:
        return gettext("on or before %(date)s") % {"date": text}
    return text


def show_stamp(stamp: str | None) -> str:
    """An audit timestamp (ISO, UTC) as day and minute."""
    if not stamp:
        return ""
    return stamp[:16].replace("T", " ") + " UTC"


def label(value: Label | None) -> str:
    return value.get(current_language.get()) if value is not None else ""


def filters() -> dict[str, Callable[..., str]]:
    return {"pdate": show_date, "stamp": show_stamp, "label": label}


def N_(message: str) -> str:
    """Marks a message for the catalogue whose text templates choose at run time."""
    return message


# Words templates translate from data: actions in the audit log, record kinds, roles, values.
DYNAMIC = (
    N_("add"), N_("edit"), N_("merge"), N_("unmerge"), N_("not_duplicate"),
    N_("person"), N_("case"), N_("source"), N_("organisation"), N_("event"),
    N_("recognition"), N_("claim"), N_("occupancy"), N_("position"),
    N_("sanction recommendation"), N_("viewer"), N_("editor"), N_("admin"), N_("public"),
    N_("internal"), N_("restricted"), N_("male"), N_("female"),
)  # fmt: skip
