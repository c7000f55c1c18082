"""Vocabularies as reviewed data files (vocab/*.yaml), checked when loaded.

Reading the package's own data files is the only input the domain does; callers load a
Vocabulary once (see `load_vocabulary`) and pass it down.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from docket.errors import Problem, ValidationFailed

EFFECTS = {"set", "mark", "verdict", "observe", "none"}


@dataclass(frozen=True, slots=True)
class Label:
    en: str
    ru: str

    def get(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en


@dataclass(frozen=True, slots=True)
class EventKind:
    id: str
    group: str
    effect: str
    label: Label
    status: str | None = None
    terminal: bool = False
    order: int = 0  # position in event_kinds.yaml: breaks ties between events on the same day


@dataclass(frozen=True, slots=True)
class Status:
    id: str
    label: Label
    custody: bool
    rank: int  # position in statuses.yaml: least to most severe


@dataclass(frozen=True, slots=True)
class LegalArticle:
    id: str  # "kz-cc-405"
    code: str  # "kz-cc"
    article: str  # "405"
    title: Label
    parts: Mapping[str, Label] = field(default_factory=dict)

    def cite(self, part: str | None = None) -> str:
        code = self.code.split("-", 1)[1].upper()
        text = f"{code} art. {self.article}"
        if part:
            text += f" part {part}"
        return text


@dataclass(frozen=True, slots=True)
class StatusCategories:
    """Which statuses count as deprived of liberty / persecuted: configuration, not code."""

    deprived_of_liberty: frozenset[str]
    persecuted: frozenset[str]
    political_prisoner_recognitions: frozenset[str]

    def category_of(self, status: str) -> str | None:
        if status in self.deprived_of_liberty:
            return "deprived_of_liberty"
        if status in self.persecuted:
            return "persecuted"
        return None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    event_kinds: Mapping[str, EventKind]
    statuses: Mapping[str, Status]
    articles: Mapping[str, LegalArticle]
    codes: Mapping[str, Label]
    terms: Mapping[str, frozenset[str]]
    categories: StatusCategories

    def term(self, name: str) -> frozenset[str]:
        return self.terms[name]

    def status_label(self, status: str, lang: str = "en") -> str:
        found = self.statuses.get(status)
        return found.label.get(lang) if found else status


def _read(name: str) -> Any:
    text = resources.files("docket.domain").joinpath("vocab", *name.split("/")).read_text("utf-8")
    return yaml.safe_load(text)


def _label(raw: Any, where: str, problems: list[Problem]) -> Label:
    if not isinstance(raw, dict) or not raw.get("en"):
        problems.append(Problem("needs a label with at least 'en'", file=where))
        return Label("?", "?")
    if set(raw) - {"en", "ru"}:  # an unquoted comma in a flow mapping splits the text
        problems.append(Problem(f"label has keys other than en and ru: {sorted(raw)}", file=where))
    return Label(str(raw["en"]), str(raw.get("ru") or raw["en"]))


def parse_categories(
    raw: Any, statuses: Mapping[str, Status], recognitions: frozenset[str], where: str
) -> StatusCategories:
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        raise ValidationFailed([Problem("must be a mapping of category to statuses", file=where)])
    sets: dict[str, frozenset[str]] = {}
    for key in ("deprived_of_liberty", "persecuted", "political_prisoner_recognitions"):
        values = raw.get(key) or []
        known = recognitions if key == "political_prisoner_recognitions" else statuses
        for value in values:
            if value not in known:
                problems.append(Problem(f"unknown value '{value}'", file=where, field=key))
        sets[key] = frozenset(values)
    overlap = sets["deprived_of_liberty"] & sets["persecuted"]
    if overlap:
        problems.append(
            Problem(
                f"statuses in both categories: {sorted(overlap)}", file=where, field="persecuted"
            )
        )
    if problems:
        raise ValidationFailed(problems)
    return StatusCategories(
        sets["deprived_of_liberty"], sets["persecuted"], sets["political_prisoner_recognitions"]
    )


def load_vocabulary(categories: Mapping[str, Any] | None = None) -> Vocabulary:
    """Load and check the shipped vocabularies; `categories` overrides status_categories.yaml."""
    problems: list[Problem] = []
    statuses: dict[str, Status] = {}
    for rank, raw in enumerate(_read("statuses.yaml")):
        statuses[raw["id"]] = Status(
            raw["id"],
            _label(raw.get("label"), "statuses.yaml", problems),
            bool(raw["custody"]),
            rank,
        )
    kinds: dict[str, EventKind] = {}
    for order, raw in enumerate(_read("event_kinds.yaml")):
        kind = EventKind(
            id=raw["id"],
            group=raw["group"],
            effect=raw["effect"],
            label=_label(raw.get("label"), "event_kinds.yaml", problems),
            status=raw.get("status"),
            terminal=bool(raw.get("terminal", False)),
            order=order,
        )
        if kind.effect not in EFFECTS:
            problems.append(Problem(f"unknown effect '{kind.effect}'", file="event_kinds.yaml"))
        if kind.effect in ("set", "mark") and kind.status not in statuses:
            problems.append(
                Problem(
                    f"'{kind.id}' names unknown status '{kind.status}'", file="event_kinds.yaml"
                )
            )
        if kind.id in kinds:
            problems.append(Problem(f"duplicate event kind '{kind.id}'", file="event_kinds.yaml"))
        kinds[kind.id] = kind
    terms = {key: frozenset(values) for key, values in _read("terms.yaml").items()}
    codes: dict[str, Label] = {}
    articles: dict[str, LegalArticle] = {}
    for name in ("articles/kz.yaml",):
        raw_file = _read(name)
        for code in raw_file["codes"]:
            codes[code["id"]] = _label(code.get("title"), name, problems)
        for raw in raw_file["articles"]:
            if raw["code"] not in codes:
                problems.append(Problem(f"unknown code '{raw['code']}'", file=name))
            article_id = f"{raw['code']}-{raw['article']}"
            parts = {str(k): _label(v, name, problems) for k, v in (raw.get("parts") or {}).items()}
            articles[article_id] = LegalArticle(
                article_id,
                raw["code"],
                str(raw["article"]),
                _label(raw.get("title"), name, problems),
                parts,
            )
    if problems:
        raise ValidationFailed(problems, summary="The shipped vocabularies are broken.")
    category_raw = categories if categories is not None else _read("status_categories.yaml")
    cats = parse_categories(
        category_raw,
        statuses,
        terms["recognition_kinds"],
        "status_categories.yaml" if categories is None else "status categories",
    )
    return Vocabulary(kinds, statuses, articles, codes, terms, cats)
