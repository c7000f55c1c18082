"""Mapping files: how a team's own spreadsheet columns and words become Docket's fields.

A mapping is YAML that a monitor writes once per spreadsheet layout (`docket import FILE
--propose-mapping` drafts one). It names, for each column, the Docket field it holds, and, for
columns of words ("СИЗО", "pre-trial", "политзаключённый"), which vocabulary value each word
means. Words Docket already knows (every vocabulary label in English and Russian, and common
spreadsheet words in `mapping_words.yaml`) need no entry. See docs/import-export.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from docket.domain.dates import DateError, PartialDate
from docket.domain.vocabulary import Vocabulary
from docket.errors import Problem, ValidationFailed

# Docket fields a column can hold, with the help text the proposal prints.
FIELDS: dict[str, str] = {
    "key": "the team's own id of a person: rows with the same key are one person",
    "name": "the person's full name, in any script (the primary spelling)",
    "other_name": "another spelling of the name (any number of such columns)",
    "last_name": "surname, when the name is split over columns",
    "first_name": "given name, when the name is split over columns",
    "patronymic": "patronymic or middle name, when the name is split over columns",
    "sex": "sex (м/ж, male/female...)",
    "born": "date or year of birth",
    "birth_place": "place of birth",
    "region": "region or city",
    "occupation": "occupation",
    "summary": "a short description of the case",
    "affiliation": "an organisation the person belongs to or supports, by name",
    "charges": "legal articles: 'ст. 405 ч. 2', 'art. 405(2)'; several separated by , or ;",
    "case_number": "the criminal case number",
    "status": "a word for what happened or the person's situation (СИЗО, pre-trial...)",
    "status_date": "the date the status word applies from (or was reported)",
    "recognition": "a word for the recognition (политзаключённый, political prisoner...)",
    "recognition_date": "the date of the recognition",
    "sensitivity": "public, internal or restricted, for this row's person",
    "ignore": "a column not to import",
}
EVENT_PREFIX = "event:"  # "event:detained": a column of dates of that kind of event
REPEATABLE = {"other_name", "affiliation", "ignore"}
WORD_FIELDS = ("sex", "status", "recognition", "sensitivity")
REPORTED = "reported:"  # a status word that means "a source reports this status on the date"
DEFAULT_DATE_FORMATS = (
    "YYYY-MM-DD",
    "YYYY-MM",
    "YYYY",
    "DD.MM.YYYY",
    "MM.YYYY",
    "DD month YYYY",
    "month YYYY",
)
_TOP = {
    "sheet",
    "header_row",
    "encoding",
    "delimiter",
    "columns",
    "values",
    "date_formats",
    "articles",
    "defaults",
    "source",
}
_DEFAULTS = {"recognised_by", "status_date", "sensitivity", "jurisdiction", "article_code"}
_SOURCE = {"title", "publisher", "date", "reliability", "sensitivity", "url", "language"}


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: '2021-13-01' must be our error, not a crash."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@lru_cache(maxsize=65536)
def normalise_word(text: str) -> str:
    """How words are compared: lower case, ё as е, no surrounding punctuation or extra spaces."""
    text = text.lower().replace("ё", "е")
    return " ".join(re.sub(r"[\"'«»().,:;!?]+", " ", text).split())


@dataclass(frozen=True, slots=True)
class Mapping:
    columns: dict[str, str]  # header (as written) -> field
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> word -> value
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    sheet: str | None = None
    header_row: int = 1
    encoding: str | None = None
    delimiter: str | None = None
    article_code: str = "kz-cc"
    recognised_by: str | None = None
    status_date: PartialDate | None = None
    sensitivity: str = "internal"
    jurisdiction: str | None = None
    source: dict[str, str] = field(default_factory=dict)
    text: str = ""  # as written, for the import's fingerprint

    def fields(self) -> set[str]:
        return set(self.columns.values())

    def word(self, fld: str, raw: str) -> str | None:
        """The vocabulary value a word in a column of `fld` means, or None."""
        key = normalise_word(raw)
        own = self.values.get(fld, {})
        if key in own:
            return own[key]
        return None


@cache
def builtin_words() -> dict[str, dict[str, str]]:
    """Words every mapping knows, from mapping_words.yaml (reviewed data, not code)."""
    text = resources.files("docket.interchange").joinpath("mapping_words.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    return {
        fld: {normalise_word(str(k)): str(v) for k, v in (words or {}).items()}
        for fld, words in raw.items()
    }


def vocabulary_words(vocab: Vocabulary) -> dict[str, dict[str, str]]:
    """Every vocabulary id and its English and Russian labels, as words of their fields."""
    status: dict[str, str] = {}
    for kind in vocab.event_kinds.values():
        for word in (kind.id, kind.label.en, kind.label.ru):
            status.setdefault(normalise_word(word.replace("_", " ")), kind.id)
    for st in vocab.statuses.values():
        for word in (st.id, st.label.en, st.label.ru):
            status.setdefault(normalise_word(word.replace("_", " ")), REPORTED + st.id)
    words: dict[str, dict[str, str]] = {"status": status}
    for fld, term in (
        ("recognition", "recognition_kinds"),
        ("sex", "sex"),
        ("sensitivity", "sensitivity"),
    ):
        words[fld] = {normalise_word(v.replace("_", " ")): v for v in vocab.term(term)}
    return words


def check_value(fld: str, value: str, vocab: Vocabulary) -> str | None:
    """Why `value` is not a valid target for a word of field `fld`, or None when it is."""
    if fld == "status":
        if value.startswith(REPORTED):
            if value.removeprefix(REPORTED) not in vocab.statuses:
                return f"'{value}': unknown status (one of: {', '.join(vocab.statuses)})"
            return None
        if value not in vocab.event_kinds:
            return (
                f"'{value}' is neither an event kind nor '{REPORTED}<status>' "
                f"(event kinds: {', '.join(vocab.event_kinds)})"
            )
        return None
    term = {"recognition": "recognition_kinds", "sex": "sex", "sensitivity": "sensitivity"}[fld]
    if value not in vocab.term(term):
        return f"'{value}' is not one of: {', '.join(sorted(vocab.term(term)))}"
    return None


def _fail(problems: list[Problem], label: str, fld: str | None, message: str) -> None:
    problems.append(Problem(message, file=label, field=fld))


def parse_mapping(text: str, label: str, vocab: Vocabulary) -> Mapping:
    """Read and check a mapping; ValidationFailed lists every problem in it."""
    problems: list[Problem] = []
    try:
        raw = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as err:
        raise ValidationFailed(
            [Problem(f"is not valid YAML: {err}", file=label)], summary=f"Cannot read {label}."
        ) from err
    if not isinstance(raw, MappingABC) or not isinstance(raw.get("columns"), MappingABC):
        raise ValidationFailed(
            [Problem("needs a 'columns:' mapping of column name to Docket field", file=label)]
        )
    for key in raw:
        if key not in _TOP:
            _fail(problems, label, str(key), f"unknown key (known: {', '.join(sorted(_TOP))})")
    columns: dict[str, str] = {}
    for header, target in raw["columns"].items():
        target = str(target).strip()
        if target.startswith(EVENT_PREFIX):
            kind = target.removeprefix(EVENT_PREFIX)
            if kind not in vocab.event_kinds or kind == "status_reported":
                _fail(problems, label, f"columns.{header}", f"unknown event kind '{kind}'")
        elif target not in FIELDS:
            _fail(
                problems,
                label,
                f"columns.{header}",
                f"unknown field '{target}' (fields: {', '.join(FIELDS)}, or event:KIND)",
            )
        columns[" ".join(str(header).split())] = target
    counts: dict[str, int] = {}
    for target in columns.values():
        counts[target] = counts.get(target, 0) + 1
    for target, n in counts.items():
        if n > 1 and target not in REPEATABLE:
            _fail(problems, label, "columns", f"{n} columns are mapped to '{target}'")
    targets = set(columns.values())
    if not targets & {"name", "last_name", "first_name"}:
        _fail(problems, label, "columns", "no column is mapped to name (or last_name/first_name)")
    values = _values(raw.get("values") or {}, label, vocab, problems)
    defaults = raw.get("defaults") or {}
    for key in defaults:
        if key not in _DEFAULTS:
            _fail(problems, label, f"defaults.{key}", f"unknown (known: {', '.join(_DEFAULTS)})")
    if "recognition" in targets and not defaults.get("recognised_by"):
        _fail(
            problems,
            label,
            "defaults.recognised_by",
            "a recognition column needs the id of the organisation that recognises",
        )
    status_date = None
    if defaults.get("status_date") is not None:
        try:
            status_date = PartialDate.parse(defaults["status_date"])
        except DateError as err:
            _fail(problems, label, "defaults.status_date", str(err))
    sensitivity = str(defaults.get("sensitivity") or "internal")
    if sensitivity not in vocab.term("sensitivity"):
        _fail(problems, label, "defaults.sensitivity", f"unknown sensitivity '{sensitivity}'")
    source = {str(k): str(v) for k, v in (raw.get("source") or {}).items()}
    for key in source:
        if key not in _SOURCE:
            _fail(problems, label, f"source.{key}", f"unknown (known: {', '.join(_SOURCE)})")
    if source.get("date"):
        try:
            PartialDate.parse(source["date"])
        except DateError as err:
            _fail(problems, label, "source.date", str(err))
    for key, term in (("reliability", "reliability"), ("sensitivity", "sensitivity")):
        if source.get(key) and source[key] not in vocab.term(term):
            _fail(problems, label, f"source.{key}", f"unknown value '{source[key]}'")
    formats = tuple(str(f) for f in raw.get("date_formats") or DEFAULT_DATE_FORMATS)
    articles = raw.get("articles") or {}
    code = str(articles.get("code") or defaults.get("article_code") or "kz-cc")
    if code not in vocab.codes:
        _fail(problems, label, "articles.code", f"unknown legal code '{code}'")
    header_row = raw.get("header_row", 1)
    if not isinstance(header_row, int) or header_row < 1:
        _fail(problems, label, "header_row", "must be a row number (1 or more)")
        header_row = 1
    if problems:
        raise ValidationFailed(problems, summary=f"The mapping {label} has problems.")
    return Mapping(
        columns=columns,
        values=values,
        date_formats=formats,
        sheet=str(raw["sheet"]) if raw.get("sheet") is not None else None,
        header_row=header_row,
        encoding=raw.get("encoding"),
        delimiter=raw.get("delimiter"),
        article_code=code,
        recognised_by=defaults.get("recognised_by"),
        status_date=status_date,
        sensitivity=sensitivity,
        jurisdiction=defaults.get("jurisdiction"),
        source=source,
        text=text,
    )


def _values(
    raw: Any, label: str, vocab: Vocabulary, problems: list[Problem]
) -> dict[str, dict[str, str]]:
    """Built-in words, overlaid by the vocabulary's own, overlaid by the mapping's."""
    merged: dict[str, dict[str, str]] = {fld: {} for fld in WORD_FIELDS}
    for layer in (builtin_words(), vocabulary_words(vocab)):
        for fld, words in layer.items():
            merged.setdefault(fld, {}).update(words)
    if not isinstance(raw, MappingABC):
        _fail(problems, label, "values", "must map a field to {word: value}")
        return merged
    for fld, words in raw.items():
        if fld not in WORD_FIELDS:
            _fail(problems, label, f"values.{fld}", f"only {', '.join(WORD_FIELDS)} take words")
            continue
        for word, value in (words or {}).items():
            target = str(value)
            if isinstance(value, MappingABC) and "reported" in value:
                target = REPORTED + str(value["reported"])
            why = check_value(fld, target, vocab)
            if why:
                _fail(problems, label, f"values.{fld}.{word}", why)
            merged[fld][normalise_word(str(word))] = target
    return merged


def read_mapping(path: Path, vocab: Vocabulary) -> Mapping:
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise ValidationFailed(
            [Problem(f"cannot be read as UTF-8 text: {err}", file=path.name)]
        ) from err
    return parse_mapping(text, path.name, vocab)
