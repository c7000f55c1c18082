"""Reading the fields of one raw record (a mapping read from YAML or JSON lines).

`RecordReader` collects every problem in a record with its field, rather than stopping at the
first, and never guesses: an unknown field is a problem, so a typo cannot silently drop a fact.
The readers of each record type (interchange.records, interchange.event_records) use it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from docket.domain.dates import DateError, PartialDate
from docket.domain.person import Name
from docket.domain.source import Citation, Origin
from docket.errors import Problem

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
ID = re.compile(r"^[a-z0-9][a-z0-9._:-]{0,127}$")


def script_of(text: str) -> str:
    return "cyrillic" if _CYRILLIC.search(text) else "latin" if text.isascii() else "other"


class RecordReader:
    """Reads fields of one record, noting problems against its origin."""

    def __init__(
        self, raw: Any, origin: Origin, problems: list[Problem], allowed: set[str]
    ) -> None:
        self.origin = origin
        self.problems = problems
        self.raw: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        self.id = str(self.raw.get("id") or "?")
        if not isinstance(raw, Mapping):
            self.fail(None, "each record must be a mapping of field: value")
            return
        for key in raw:
            if key not in allowed:
                self.fail(str(key), f"unknown field '{key}' (known: {', '.join(sorted(allowed))})")

    def fail(self, fld: str | None, message: str) -> None:
        self.problems.append(
            Problem(
                message, file=self.origin.file, line=self.origin.line, record=self.id, field=fld
            )
        )

    def record_id(self) -> str:
        value = self.raw.get("id")
        if value is None:
            self.fail("id", "every record needs an id")
            return "?"
        text = str(value)
        if not ID.match(text):
            self.fail("id", f"'{text}' is not a usable id: lower-case letters, digits, - . _ :")
        return text

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(key, "is required")
            return None
        if isinstance(value, (dict, list)):
            self.fail(key, "must be text")
            return None
        text = str(value)
        if "\x00" in text:
            self.fail(key, "contains a NUL byte")
            return None
        return text.strip()

    def req(self, key: str) -> str:
        return self.text(key, required=True) or ""

    def date(self, key: str, *, required: bool = False) -> PartialDate | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.fail(key, "is required")
            return None
        try:
            return PartialDate.parse(value)
        except DateError as err:
            self.fail(key, str(err))
            return None

    def number(self, key: str) -> float:
        value = self.raw.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, f"must be a number, not {value!r}")
            return 0.0
        return float(value)

    def items(self, key: str) -> list[Any]:
        value = self.raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, "must be a list")
            return []
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        return tuple(str(v) for v in self.items(key))

    def citations(self, key: str = "sources") -> tuple[Citation, ...]:
        out: list[Citation] = []
        for item in self.items(key):
            if isinstance(item, str):
                out.append(Citation(item))
            elif isinstance(item, Mapping) and item.get("source"):
                at = item.get("at")
                out.append(Citation(str(item["source"]), str(at) if at is not None else None))
            else:
                self.fail(key, f"{item!r}: cite a source id, or {{source: ID, at: LOCATOR}}")
        return tuple(out)

    def nested(self, item: Any, key: str, allowed: set[str]) -> Mapping[str, Any]:
        if not isinstance(item, Mapping):
            self.fail(key, f"{item!r} must be a mapping")
            return {}
        for k in item:
            if k not in allowed:
                self.fail(f"{key}.{k}", f"unknown field '{k}'")
        return item

    def sub_date(self, item: Mapping[str, Any], key: str, fld: str) -> PartialDate | None:
        value = item.get(key)
        if value is None:
            return None
        try:
            return PartialDate.parse(value)
        except DateError as err:
            self.fail(fld, str(err))
            return None


def read_names(r: RecordReader, default_lang: str | None = None) -> tuple[Name, ...]:
    names: list[Name] = []
    primary = r.text("name")
    if primary:
        names.append(Name(primary, "primary", script_of(primary), None))
    for item in r.items("names"):
        if isinstance(item, str):
            names.append(Name(item.strip(), "variant", script_of(item), None))
            continue
        raw = r.nested(item, "names", {"value", "kind", "script", "lang"})
        value = str(raw.get("value") or "").strip()
        if not value:
            r.fail("names.value", "a name needs a value")
            continue
        names.append(
            Name(
                value,
                str(raw.get("kind") or "variant"),
                str(raw.get("script") or script_of(value)),
                raw.get("lang"),
            )
        )
    if names and all(n.kind != "primary" for n in names):
        first = names[0]
        names[0] = Name(first.value, "primary", first.script, first.lang)
    return tuple(names)
