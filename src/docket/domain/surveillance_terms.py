"""The vocabularies of deployments, disruptions and laws (vocab/surveillance.yaml), checked when
loaded: capabilities, statuses, actor roles, agreement kinds, law kinds and stages, rights."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from docket.domain.vocabulary import Label
from docket.errors import Problem, ValidationFailed

NAMES = (
    "capabilities",
    "deployment_statuses",
    "actor_roles",
    "agreement_kinds",
    "law_kinds",
    "law_stages",
    "rights",
    "disruption_kinds",
)


@dataclass(frozen=True, slots=True)
class SurveillanceTerms:
    terms: Mapping[str, Mapping[str, Label]]

    def ids(self, name: str) -> Mapping[str, Label]:
        return self.terms[name]

    def label(self, name: str, value: str, lang: str = "en") -> str:
        found = self.terms.get(name, {}).get(value)
        return found.get(lang) if found else value.replace("_", " ")


@cache
def surveillance_terms() -> SurveillanceTerms:
    """The shipped vocabulary (read once)."""
    text = resources.files("docket.domain").joinpath("vocab", "surveillance.yaml").read_text()
    raw = yaml.safe_load(text)
    problems: list[Problem] = []
    terms: dict[str, dict[str, Label]] = {}
    for name in NAMES:
        entries = raw.get(name) if isinstance(raw, dict) else None
        if not isinstance(entries, dict):
            problems.append(Problem("is missing", file="surveillance.yaml", field=name))
            continue
        terms[name] = {}
        for key, words in entries.items():
            if not isinstance(words, dict) or not words.get("en"):
                problems.append(
                    Problem("needs an 'en' label", file="surveillance.yaml", field=f"{name}.{key}")
                )
                continue
            terms[name][str(key)] = Label(str(words["en"]), str(words.get("ru") or words["en"]))
    if problems:
        raise ValidationFailed(problems, summary="The surveillance vocabulary is broken.")
    return SurveillanceTerms(terms)
