"""Words and dates in the reader's language: the message catalogue and date formatting.

The catalogue is a reviewed data file (templates/messages.yaml) a team can replace with its own
copy in a templates folder; dates keep the precision their source gives ("June 2021",
"on or before 1 November 2021").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from docket.domain.dates import PartialDate, Term
from docket.errors import DocketError

LANGUAGES = ("en", "ru")


class ReportError(DocketError):
    """A report cannot be made as asked (unknown language, broken template, unwritable file)."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class Messages:
    """Fixed wording of the documents, by key, in one language."""

    lang: str
    texts: Mapping[str, str]
    # Formatting a date with babel is slow, and a long briefing formats the same days often.
    cache: dict[tuple[date, str], str] = field(default_factory=dict, compare=False)
    # babel reads its locale data again for every call given a language code
    locales: dict[str, Locale] = field(default_factory=dict, compare=False)

    @property
    def locale(self) -> Locale:
        found = self.locales.get(self.lang)
        if found is None:
            found = self.locales[self.lang] = Locale.parse(self.lang)
        return found

    def __call__(self, key: str, **values: Any) -> str:
        text = self.texts.get(key)
        if text is None:
            raise ReportError(f"The message catalogue has no text for '{key}' in '{self.lang}'.")
        return text.format(**values) if values else text

    def _format(self, value: date, pattern: str) -> str:
        key = (value, pattern)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = str(format_date(value, pattern, locale=self.locale))
        return found

    def day(self, value: date) -> str:
        return self._format(value, "d MMMM y")

    def moment(self, value: datetime) -> str:
        return f"{self.day(value.date())}, {value.strftime('%H:%M')} UTC"

    def pdate(self, value: PartialDate | None) -> str:
        """A partial date in words, with its precision and 'on or before'."""
        if value is None:
            return self("date_unknown")
        if value.precision == "day":
            text = self.day(value.hi)
        elif value.precision == "month":
            text = self._format(value.hi, "LLLL y")
        else:
            text = str(value.year)
        return self("on_or_before", date=text) if value.on_or_before else text

    def number(self, value: float) -> str:
        whole = int(value) if float(value).is_integer() else value
        return str(format_decimal(whole, locale=self.locale))

    def when(self, value: PartialDate) -> str:
        """'as of 26 October 2021', or 'by 1 November 2021' for an 'on or before' date."""
        if value.on_or_before:
            return self("by_date", date=self.pdate(replace(value, on_or_before=False)))
        return self("as_of_date", date=self.pdate(value))

    def term(self, term: Term) -> str:
        def words(years: int, months: int, days: int) -> str:
            parts = []
            for amount, unit in ((years, "years"), (months, "months"), (days, "days")):
                if amount:
                    parts.append(self(f"{unit}_{_plural(amount, self.lang)}", n=amount))
            return " ".join(parts)

        short, long = term.shortest, term.longest
        first = words(short.years, short.months, short.days)
        if short == long:
            return first
        return self("term_range", low=first, high=words(long.years, long.months, long.days))

    def unit(self, kind: str, n: int) -> str:
        """The counting unit (people, prosecutions, events) in the form that goes with n."""
        return self(f"unit_{kind}_{_plural(n, self.lang)}")

    def country(self, code: str | None) -> str | None:
        if not code:
            return None
        return str(self.locale.territories.get(code.upper(), code.upper()))


def _plural(n: int, lang: str) -> str:
    """The plural category a catalogue key ends with (one, few, many)."""
    if lang != "ru":
        return "one" if n == 1 else "many"
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


def read_yaml(name: str, folder: Path | None) -> Any:
    """A data file from the team's templates folder if it has one, else the shipped copy."""
    from importlib import resources

    if folder is not None and (folder / name).is_file():
        path = folder / name
        text = path.read_text("utf-8")
    else:
        text = resources.files("docket.reports").joinpath("templates", name).read_text("utf-8")
        path = Path(name)
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed
        return yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as err:
        raise ReportError(f"{path} cannot be read: {err}") from err


def load_messages(lang: str, folder: Path | None = None) -> Messages:
    if lang not in LANGUAGES:
        raise ReportError(f"No report wording in '{lang}'; choose one of: {', '.join(LANGUAGES)}.")
    raw = read_yaml("messages.yaml", folder)
    if not isinstance(raw, dict):
        raise ReportError("messages.yaml must map each key to its texts in every language.")
    texts = {}
    for key, by_lang in raw.items():
        if not isinstance(by_lang, dict) or "en" not in by_lang:
            raise ReportError(f"messages.yaml: '{key}' needs at least an 'en' text.")
        texts[str(key)] = str(by_lang.get(lang) or by_lang["en"])
    return Messages(lang, texts)
