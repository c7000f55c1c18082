"""Field marks in the dataset format: `levels: {born: restricted, relations: restricted}`.

Keys are the dataset format's field names (docs/data-format.md); the domain keeps the marks
under its own attribute names. A key that is not a markable field of the record type, or a
value that is not a level, is a problem naming the file, line, record and field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from docket.domain.sensitivity import LEVELS, Levels, is_level, make_levels

# dataset field name -> domain attribute, per record file
MARKABLE: dict[str, dict[str, str]] = {
    "sources": {
        "kind": "kind",
        "title": "title",
        "publisher": "publisher",
        "author": "author",
        "date": "date",
        "language": "language",
        "url": "url",
        "reliability": "reliability",
        "notes": "notes",
        "cites": "cites",
    },
    "organisations": {
        "name": "names",
        "names": "names",
        "kind": "kind",
        "jurisdiction": "jurisdiction",
        "parent": "parent_id",
        "summary": "summary",
        "sources": "citations",
    },
    "people": {
        "name": "names",
        "names": "names",
        "sex": "sex",
        "born": "birth_date",
        "birth_place": "birth_place",
        "occupation": "occupation",
        "region": "region",
        "summary": "summary",
        "affiliations": "affiliations",
        "relations": "relations",
        "sources": "citations",
    },
    "cases": {
        "title": "title",
        "jurisdiction": "jurisdiction",
        "number": "case_number",
        "courts": "court_ids",
        "defendants": "defendants",
        "summary": "summary",
        "sources": "citations",
    },
    "events": {
        "kind": "kind",
        "date": "date",
        "end_date": "end_date",
        "case": "case_id",
        "place": "place",
        "description": "description",
        "parties": "parties",
        "sentence": "sentence",
        "status": "status",
        "sources": "citations",
    },
    "recognitions": {
        "person": "person_id",
        "kind": "kind",
        "by": "organisation_id",
        "date": "date",
        "criteria": "criteria",
        "rationale": "rationale",
        "sources": "citations",
    },
    "claims": {
        "metric": "metric",
        "value": "value",
        "qualifier": "qualifier",
        "unit": "unit",
        "as_of": "as_of",
        "period_start": "period_start",
        "wording": "wording",
        "stated_by": "stated_by",
        "jurisdiction": "jurisdiction",
        "sources": "citations",
    },
    # digital repression (docket.domain.surveillance, docket.domain.law)
    "deployments": {
        "system": "system",
        "status": "status",
        "capabilities": "capabilities",
        "vendors": "vendors",
        "operators": "operators",
        "place": "place",
        "jurisdiction": "jurisdiction",
        "since": "since",
        "until": "until",
        "scale": "scale",
        "agreements": "agreements",
        "summary": "summary",
        "sources": "citations",
    },
    "disruptions": {
        "kind": "kind",
        "date": "date",
        "end_date": "end_date",
        "scope": "scope",
        "targets": "targets",
        "ordered_by": "ordered_by",
        "place": "place",
        "jurisdiction": "jurisdiction",
        "description": "description",
        "sources": "citations",
    },
    "laws": {
        "title": "title",
        "title_ru": "title_ru",
        "kind": "kind",
        "jurisdiction": "jurisdiction",
        "articles": "articles",
        "amends": "amends",
        "stages": "stages",
        "rights": "rights",
        "uses": "uses",
        "summary": "summary",
        "sources": "citations",
    },
}
_WORDS = ", ".join(LEVELS)


def read_levels(
    raw: Mapping[str, Any], stem: str, fail: Callable[[str | None, str], None]
) -> Levels:
    """The marks of one raw record of file `stem`, each problem reported through `fail`."""
    value = raw.get("levels")
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        fail("levels", "must be a mapping of field: level, e.g. {born: restricted}")
        return ()
    names = MARKABLE[stem]
    out: dict[str, str] = {}
    for key, level in value.items():
        attr = names.get(str(key))
        if attr is None:
            known = ", ".join(sorted(names))
            fail(f"levels.{key}", f"'{key}' cannot carry a level here (fields that can: {known})")
        elif not is_level(level):
            fail(f"levels.{key}", f"'{level}' is not a level: {_WORDS}")
        else:
            out[attr] = level if attr not in out else max(out[attr], level, key=LEVELS.index)
    return make_levels(out)


def read_level(value: Any, fld: str, fail: Callable[[str | None, str], None]) -> str | None:
    """A level given on a part of a record (a party), or None when there is none."""
    if value is None:
        return None
    if not is_level(value):
        fail(fld, f"'{value}' is not a level: {_WORDS}")
        return "restricted"  # never more public than what was meant
    return str(value)


def levels_dict(levels: Levels, stem: str) -> dict[str, str] | None:
    """Marks back in the dataset format's field names (None when there are none)."""
    if not levels:
        return None
    back: dict[str, str] = {}
    for key, attr in MARKABLE[stem].items():
        back.setdefault(attr, key)
    return {back.get(attr, attr): level for attr, level in levels}
